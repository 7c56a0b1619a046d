#define _GNU_SOURCE
#include "CSanadShims.h"
#include <locale.h>
#include <unistd.h>
#include <fcntl.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <archive.h>

void csanad_openssl_free(void *ptr) { OPENSSL_free(ptr); }

int csanad_evp_md_ctx_size(const void *ctx) { return EVP_MD_CTX_get_size((const EVP_MD_CTX *)ctx); }

unsigned long csanad_err_pop(char *buf, size_t len) {
    unsigned long code = ERR_get_error();
    if (code != 0 && buf != NULL && len > 0) ERR_error_string_n(code, buf, len);
    return code;
}

void csanad_set_utf8_locale(void) {
    if (setlocale(LC_ALL, "C.UTF-8") == NULL) setlocale(LC_ALL, "C.utf8");
}

int csanad_syncfs(int fd) {
#ifdef __linux__
    return syncfs(fd);
#else
    return fsync(fd);
#endif
}

const char *csanad_archive_error(void *a) {
    const char *s = archive_error_string((struct archive *)a);
    return s ? s : "unknown libarchive error";
}

int csanad_o_noatime(void) {
#ifdef O_NOATIME
    return O_NOATIME;
#else
    return 0;
#endif
}
