#ifndef CSANAD_SYSTEM_H
#define CSANAD_SYSTEM_H
// Linux calls the Glibc module does not export, and process-wide signal handling. No library.
#include <stddef.h>

/// syncfs(2) is a GNU extension the Glibc module does not export; returns 0 or -1 (errno set).
int csanad_syncfs(int fd);
/// O_NOATIME (a GNU flag) or 0 where the platform lacks it.
int csanad_o_noatime(void);
/// Turns O_DIRECT (a GNU flag: writes bypass the page cache) on or off for fd. Returns 0, or -1
/// with errno set (EINVAL where the filesystem cannot do direct I/O, e.g. tmpfs).
int csanad_set_direct(int fd, int on);
/// Streaming writeback: starts writing [off, off+len) to disk, then waits for the range `window`
/// bytes behind it and, when `drop` is set, drops that range from the page cache. Keeps a long
/// copy from filling memory with dirty pages; the commit barrier (syncfs) is still needed.
int csanad_stream_writeback(int fd, long long off, long long len, long long window, int drop);
/// Starts writing [off, off+len) of fd to disk without waiting. Returns 0 or -1 (errno set).
int csanad_writeback_start(int fd, long long off, long long len);
/// Waits until [off, off+len) of fd is on disk, then drops it from the page cache when `drop`
/// is set, so the next writes reuse those pages. Returns 0 or -1 (errno set).
int csanad_writeback_finish(int fd, long long off, long long len, int drop);
/// Renames `from` to `to` only if nothing is at `to` (renameat2 RENAME_NOREPLACE; on a filesystem
/// without it, link then unlink, which refuses an existing `to` as well). Returns 0, or -1 with
/// errno set (EEXIST when something is there).
int csanad_rename_noreplace(const char *from, const char *to);
/// Reading a mapped file can raise SIGBUS instead of returning an error (the file was truncated,
/// or its USB stick pulled out). While a range is registered, a SIGBUS inside it, raised by any
/// thread, prints `message` to stderr and exits with `exit_code` (a clear error, not a crash);
/// any other SIGBUS keeps its default action. Register a mapping before anyone reads it and
/// remove it before it is unmapped. Installs the process-wide handler on first use. Returns 0,
/// or -1 when every one of the 256 slots is taken (the range is then unguarded).
int csanad_bus_guard_add(const void *base, size_t len, const char *message, int exit_code);
void csanad_bus_guard_remove(const void *base);
/// A temporary file to remove if the process is stopped by SIGINT, SIGTERM or SIGHUP before it
/// is renamed into place or removed. The handlers (installed on first use, and only for signals
/// not ignored) unlink every registered path, then let the signal take its default action, so
/// the exit status still says which signal it was. Returns a slot for csanad_cleanup_remove, or
/// -1 when every one of the 256 slots is taken or the path is too long (it is then left behind
/// on a signal, as before). The handler then writes to stderr how many files it removed,
/// followed by the note of csanad_cleanup_note, if any.
int csanad_cleanup_add(const char *path);
/// What the interrupted command keeps, said after the count on a signal (at most 511 bytes;
/// NULL forgets it). Installs the handlers, so that an interruption is always reported.
void csanad_cleanup_note(const char *text);
/// Forgets a slot (the file was renamed or removed). -1 is ignored.
void csanad_cleanup_remove(int slot);
/// Keeps secrets out of core files and away from other processes of the same user: no core
/// dump (RLIMIT_CORE 0) and not dumpable (PR_SET_DUMPABLE 0, which also refuses ptrace).
/// Returns 0, or -1 with errno set when either call failed.
int csanad_disable_core_dumps(void);
/// Keeps glibc's mmap threshold at 128 KiB (it otherwise grows to the largest block freed),
/// so that large buffers freed after one file go back to the kernel instead of staying in a
/// thread's arena: peak memory then stays that of the files in flight.
void csanad_fixed_mmap_threshold(void);
/// Zeroes `len` bytes at `p` in a way the optimiser does not remove (explicit_bzero).
void csanad_wipe(void *p, size_t len);
#endif
