#define _GNU_SOURCE
#include "CSanadShims.h"
#include <locale.h>
#include <unistd.h>
#include <fcntl.h>
#include <errno.h>
#include <openssl/crypto.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <archive.h>
#include <openssl/bio.h>
#include <openssl/x509.h>
#include <openssl/cms.h>
#include <time.h>

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

long csanad_bio_mem_data(void *bio, const unsigned char **data) {
    char *p = NULL;
    long n = BIO_get_mem_data((BIO *)bio, &p);
    *data = (const unsigned char *)p;
    return n;
}

void *csanad_sk_x509_new(void) { return sk_X509_new_null(); }
int csanad_sk_x509_push(void *s, void *c) { return sk_X509_push((STACK_OF(X509) *)s, (X509 *)c); }
int csanad_sk_x509_num(const void *s) { return s ? sk_X509_num((const STACK_OF(X509) *)s) : 0; }
void *csanad_sk_x509_value(const void *s, int i) { return sk_X509_value((const STACK_OF(X509) *)s, i); }
void csanad_sk_x509_pop_free(void *s) { sk_X509_pop_free((STACK_OF(X509) *)s, X509_free); }
void csanad_sk_x509_free(void *s) { sk_X509_free((STACK_OF(X509) *)s); }

unsigned long csanad_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253; }
void *csanad_sk_x509_extension_new(void) { return sk_X509_EXTENSION_new_null(); }
int csanad_sk_x509_extension_push(void *s, void *e) { return sk_X509_EXTENSION_push((STACK_OF(X509_EXTENSION) *)s, (X509_EXTENSION *)e); }
void csanad_sk_x509_extension_pop_free(void *s) { sk_X509_EXTENSION_pop_free((STACK_OF(X509_EXTENSION) *)s, X509_EXTENSION_free); }

int csanad_cms_signer_count(void *cms) {
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos((CMS_ContentInfo *)cms);
    return sis ? sk_CMS_SignerInfo_num(sis) : 0;
}

int csanad_cms_signing_time(void *cms, long long *out) {
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos((CMS_ContentInfo *)cms);
    if (sis == NULL || sk_CMS_SignerInfo_num(sis) < 1) return -1;
    CMS_SignerInfo *si = sk_CMS_SignerInfo_value(sis, 0);
    int idx = CMS_signed_get_attr_by_NID(si, NID_pkcs9_signingTime, -1);
    if (idx < 0) return 0;
    X509_ATTRIBUTE *attr = CMS_signed_get_attr(si, idx);
    ASN1_TYPE *t = X509_ATTRIBUTE_get0_type(attr, 0);
    if (t == NULL || (t->type != V_ASN1_UTCTIME && t->type != V_ASN1_GENERALIZEDTIME)) return -1;
    struct tm tm;
    if (!ASN1_TIME_to_tm((const ASN1_TIME *)t->value.asn1_string, &tm)) return -1;
    *out = (long long)timegm(&tm);
    return 1;
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
