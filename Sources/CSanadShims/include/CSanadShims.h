#ifndef CSANAD_SHIMS_H
#define CSANAD_SHIMS_H
#include <stddef.h>
#include <stdint.h>

/// OPENSSL_free is a macro; Swift needs a function.
void csanad_openssl_free(void *ptr);
/// EVP_MD_CTX_get_size is a macro in OpenSSL 3.
int csanad_evp_md_ctx_size(const void *ctx);
/// Copies the oldest queued OpenSSL error string into buf; returns the packed code or 0.
unsigned long csanad_err_pop(char *buf, size_t len);
/// libarchive needs a UTF-8 locale for non-ASCII names (pax headers, zip names).
void csanad_set_utf8_locale(void);
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
/// archive_error_string may return NULL; this never does.
const char *csanad_archive_error(void *archive);
/// BIO_get_mem_data is a macro: the bytes written to a memory BIO so far.
long csanad_bio_mem_data(void *bio, const unsigned char **data);
/// STACK_OF(X509) helpers (sk_X509_* are macros).
void *csanad_sk_x509_new(void);
int csanad_sk_x509_push(void *stack, void *cert);
int csanad_sk_x509_num(const void *stack);
void *csanad_sk_x509_value(const void *stack, int i);
/// Frees the stack and every certificate in it.
void csanad_sk_x509_pop_free(void *stack);
/// Frees only the stack.
void csanad_sk_x509_free(void *stack);
/// STACK_OF(X509_EXTENSION) helpers.
void *csanad_sk_x509_extension_new(void);
int csanad_sk_x509_extension_push(void *stack, void *ext);
void csanad_sk_x509_extension_pop_free(void *stack);
/// The signingTime attribute of the first SignerInfo of a CMS SignedData, as seconds since
/// 1970 in *out. Returns 1 if present, 0 if absent, -1 on error.
int csanad_cms_signing_time(void *cms, long long *out);
/// Number of SignerInfos in a CMS SignedData.
int csanad_cms_signer_count(void *cms);
/// Checks an RFC 3161 response against `data`. Returns -1 if it is not a granted response, else
/// a bit set: 1 imprint matches, 2 token signature valid, 4 TSA chain trusted by `store`
/// (an X509_STORE, or NULL). `gen_time` gets the token's time (seconds since 1970).
int csanad_ts_check(const unsigned char *der, long len, const unsigned char *data, long datalen, void *store,
                    long long *gen_time, char *err, size_t errlen);
/// A DER TimeStampReq for a SHA-256 digest, with a nonce and certReq. Free *out with csanad_openssl_free.
void *csanad_ts_request(const unsigned char *digest, int digestlen, const unsigned char *nonce, int noncelen, long *outlen,
                        unsigned char **out);
/// The certificates a response's token carries (a STACK_OF(X509) to pop_free), or NULL.
void *csanad_ts_response_certs(const unsigned char *der, long len);
/// 1 when the bytes are exactly one DER TimeStampResp / CMS ContentInfo: they parse, nothing
/// follows, and encoding them again gives the same bytes. 0 otherwise.
int csanad_ts_response_is_exact_der(const unsigned char *der, long len);
int csanad_cms_is_exact_der(const unsigned char *der, long len);
/// XN_FLAG_RFC2253 is a composed macro.
unsigned long csanad_xn_flag_rfc2253(void);
/// A copy of an EVP_PKEY whose ECDSA signatures use RFC 6979 nonces (deterministic).
/// RSA keys are returned up-referenced. NULL on failure. Free with EVP_PKEY_free.
void *csanad_deterministic_signing_key(void *pkey);
/// Reading a mapped file can raise SIGBUS instead of returning an error (the file was truncated,
/// or its USB stick pulled out). While a range is registered, a SIGBUS inside it, raised by any
/// thread, prints `message` to stderr and exits with `exit_code` (a clear error, not a crash);
/// any other SIGBUS keeps its default action. Register a mapping before anyone reads it and
/// remove it before it is unmapped. Installs the process-wide handler on first use. Returns 0,
/// or -1 when every one of the 64 slots is taken (the range is then unguarded).
int csanad_bus_guard_add(const void *base, size_t len, const char *message, int exit_code);
void csanad_bus_guard_remove(const void *base);
#endif
