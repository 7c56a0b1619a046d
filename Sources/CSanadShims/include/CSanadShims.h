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
/// archive_error_string may return NULL; this never does.
const char *csanad_archive_error(void *archive);
#endif
