// Linux I/O calls the Glibc module does not export, and the process-wide signal handlers
// (SIGBUS on a mapped file that shrank; SIGINT, SIGTERM, SIGHUP with temporary files to remove).
#define _GNU_SOURCE
#include "CSanadSystem.h"
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <stdio.h>

int csanad_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

int csanad_set_direct(int fd, int on) {
#ifdef O_DIRECT
    int flags = fcntl(fd, F_GETFL);
    if (flags < 0) return -1;
    int want = on ? (flags | O_DIRECT) : (flags & ~O_DIRECT);
    if (want == flags) return 0;
    return fcntl(fd, F_SETFL, want);
#else
    (void)fd;
    if (!on) return 0;
    errno = EINVAL;
    return -1;
#endif
}

int csanad_o_noatime(void) {
#ifdef O_NOATIME
    return O_NOATIME;
#else
    return 0;
#endif
}

int csanad_stream_writeback(int fd, long long off, long long len, long long window, int drop) {
#ifdef __linux__
    if (sync_file_range(fd, off, len, SYNC_FILE_RANGE_WRITE) != 0) return -1;
    if (off >= window) {
        long long behind = off - window;
        unsigned flags = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
        if (sync_file_range(fd, behind, len, flags) != 0) return -1;
        if (drop) posix_fadvise(fd, behind, len, POSIX_FADV_DONTNEED);
    }
#else
    (void)fd; (void)off; (void)len; (void)window; (void)drop;
#endif
    return 0;
}

int csanad_writeback_start(int fd, long long off, long long len) {
#ifdef __linux__
    return sync_file_range(fd, off, len, SYNC_FILE_RANGE_WRITE);
#else
    (void)fd; (void)off; (void)len;
    return 0;
#endif
}

int csanad_writeback_finish(int fd, long long off, long long len, int drop) {
#ifdef __linux__
    unsigned flags = SYNC_FILE_RANGE_WAIT_BEFORE | SYNC_FILE_RANGE_WRITE | SYNC_FILE_RANGE_WAIT_AFTER;
    if (sync_file_range(fd, off, len, flags) != 0) return -1;
    if (drop) posix_fadvise(fd, off, len, POSIX_FADV_DONTNEED);
#else
    (void)fd; (void)off; (void)len; (void)drop;
#endif
    return 0;
}

#include <signal.h>
#include <string.h>
#include <pthread.h>

/* Process-wide: a fault may come from whichever thread touches a window (the reader hashing
   it, the parser, a worker it handed bytes to), so the ranges are not per thread. */
#define GUARD_SLOTS 64
static const char *volatile guard_bases[GUARD_SLOTS];
static volatile size_t guard_lens[GUARD_SLOTS];
static char guard_messages[GUARD_SLOTS][512];
static volatile int guard_exits[GUARD_SLOTS];
static pthread_once_t guard_once = PTHREAD_ONCE_INIT;

static void guard_handler(int sig, siginfo_t *info, void *ctx) {
    (void)ctx;
    const char *addr = (const char *)info->si_addr;
    for (int i = 0; i < GUARD_SLOTS; i++) {
        const char *base = __atomic_load_n(&guard_bases[i], __ATOMIC_ACQUIRE);
        if (base == NULL) continue;
        size_t len = guard_lens[i];
        if (addr >= base && addr < base + len) {
            ssize_t w = write(2, guard_messages[i], strlen(guard_messages[i]));
            (void)w;
            _exit(guard_exits[i]);
        }
    }
    /* Not ours: fall back to the default action, which the returning fault then takes. */
    signal(sig, SIG_DFL);
}

static void guard_install(void) {
    struct sigaction sa;
    memset(&sa, 0, sizeof sa);
    sa.sa_sigaction = guard_handler;
    sa.sa_flags = SA_SIGINFO | SA_NODEFER;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGBUS, &sa, NULL);
}

int csanad_bus_guard_add(const void *base, size_t len, const char *message, int exit_code) {
    pthread_once(&guard_once, guard_install);
    if (base == NULL) return -1;
    for (int i = 0; i < GUARD_SLOTS; i++) {
        const char *expected = NULL;
        /* Claim the slot with a placeholder so the handler never matches a half-written one. */
        if (!__atomic_compare_exchange_n(&guard_bases[i], &expected, (const char *)-1, 0,
                                         __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) continue;
        strncpy(guard_messages[i], message != NULL ? message : "I/O error", sizeof guard_messages[i] - 2);
        guard_messages[i][sizeof guard_messages[i] - 2] = '\0';
        size_t n = strlen(guard_messages[i]);
        guard_messages[i][n] = '\n';
        guard_messages[i][n + 1] = '\0';
        guard_exits[i] = exit_code;
        guard_lens[i] = len;
        __atomic_store_n(&guard_bases[i], (const char *)base, __ATOMIC_RELEASE);
        return 0;
    }
    return -1;
}

void csanad_bus_guard_remove(const void *base) {
    for (int i = 0; i < GUARD_SLOTS; i++) {
        if (__atomic_load_n(&guard_bases[i], __ATOMIC_ACQUIRE) == (const char *)base) {
            __atomic_store_n(&guard_bases[i], NULL, __ATOMIC_RELEASE);
            return;
        }
    }
}

/* Temporary files removed on SIGINT, SIGTERM, SIGHUP. A slot is 0 (free), 1 (being written:
   the handler skips it) or 2 (ready). The handler only calls unlink, signal and raise, which
   are async-signal-safe. */
#define CLEANUP_SLOTS 256
#define CLEANUP_PATH 4096
static char cleanup_paths[CLEANUP_SLOTS][CLEANUP_PATH];
static volatile int cleanup_state[CLEANUP_SLOTS];
static pthread_once_t cleanup_once = PTHREAD_ONCE_INIT;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP};

static char cleanup_note[512];
static volatile int cleanup_note_ready;

static void cleanup_write(const char *s) {
    size_t n = strlen(s);
    while (n > 0) {
        ssize_t w = write(2, s, n);
        if (w <= 0) return;
        s += w;
        n -= (size_t)w;
    }
}

static void cleanup_handler(int sig) {
    int removed = 0;
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        if (__atomic_load_n(&cleanup_state[i], __ATOMIC_ACQUIRE) == 2 && unlink(cleanup_paths[i]) == 0) removed++;
    }
    /* Say what happened, with write(2) only: the count by hand, no stdio. A closed stderr must
       not turn this into a SIGPIPE: the exit status has to name the signal that came. */
    signal(SIGPIPE, SIG_IGN);
    char digits[12];
    int k = sizeof digits - 1;
    digits[k] = '\0';
    do { digits[--k] = (char)('0' + removed % 10); removed /= 10; } while (removed > 0 && k > 0);
    cleanup_write("\r\nsanad: interrupted: removed ");
    cleanup_write(&digits[k]);
    cleanup_write(" unfinished file(s)");
    if (__atomic_load_n(&cleanup_note_ready, __ATOMIC_ACQUIRE)) {
        cleanup_write("; ");
        cleanup_write(cleanup_note);
    }
    cleanup_write("\n");
    signal(sig, SIG_DFL);
    raise(sig);
}


static void cleanup_install(void) {
    for (size_t i = 0; i < sizeof cleanup_signals / sizeof cleanup_signals[0]; i++) {
        struct sigaction old;
        if (sigaction(cleanup_signals[i], NULL, &old) != 0 || old.sa_handler == SIG_IGN) continue;
        struct sigaction sa;
        memset(&sa, 0, sizeof sa);
        sa.sa_handler = cleanup_handler;
        sigemptyset(&sa.sa_mask);
        for (size_t j = 0; j < sizeof cleanup_signals / sizeof cleanup_signals[0]; j++) sigaddset(&sa.sa_mask, cleanup_signals[j]);
        sigaction(cleanup_signals[i], &sa, NULL);
    }
}

void csanad_cleanup_note(const char *text) {
    pthread_once(&cleanup_once, cleanup_install);
    __atomic_store_n(&cleanup_note_ready, 0, __ATOMIC_RELEASE);
    if (text == NULL) return;
    strncpy(cleanup_note, text, sizeof cleanup_note - 1);
    cleanup_note[sizeof cleanup_note - 1] = '\0';
    __atomic_store_n(&cleanup_note_ready, 1, __ATOMIC_RELEASE);
}

int csanad_cleanup_add(const char *path) {
    pthread_once(&cleanup_once, cleanup_install);
    if (path == NULL || strlen(path) >= CLEANUP_PATH) return -1;
    for (int i = 0; i < CLEANUP_SLOTS; i++) {
        int expected = 0;
        if (!__atomic_compare_exchange_n(&cleanup_state[i], &expected, 1, 0, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE)) continue;
        strcpy(cleanup_paths[i], path);
        __atomic_store_n(&cleanup_state[i], 2, __ATOMIC_RELEASE);
        return i;
    }
    return -1;
}

void csanad_cleanup_remove(int slot) {
    if (slot < 0 || slot >= CLEANUP_SLOTS) return;
    __atomic_store_n(&cleanup_state[slot], 0, __ATOMIC_RELEASE);
}

int csanad_rename_noreplace(const char *from, const char *to) {
#if defined(__linux__) && defined(RENAME_NOREPLACE)
    if (renameat2(AT_FDCWD, from, AT_FDCWD, to, RENAME_NOREPLACE) == 0) return 0;
    if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
    if (link(from, to) != 0) return -1;
    return unlink(from);
}

#include <malloc.h>
#include <sys/prctl.h>
#include <sys/resource.h>

int csanad_disable_core_dumps(void) {
    struct rlimit none = {0, 0};
    int a = setrlimit(RLIMIT_CORE, &none);
    int b = prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
    return (a == 0 && b == 0) ? 0 : -1;
}

void csanad_wipe(void *p, size_t len) {
    if (p && len) explicit_bzero(p, len);
}

void csanad_fixed_mmap_threshold(void) {
    mallopt(M_MMAP_THRESHOLD, 128 * 1024);
}
