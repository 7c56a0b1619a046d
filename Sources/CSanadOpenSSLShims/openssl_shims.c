// OpenSSL macros as functions; see CSanadOpenSSLShims.h.
#include "CSanadOpenSSLShims.h"
#include <time.h>
#include <openssl/crypto.h>
#include <openssl/err.h>

void csanad_openssl_free(void *ptr) { OPENSSL_free(ptr); }

unsigned long csanad_err_pop(char *buf, size_t len) {
    unsigned long code = ERR_get_error();
    if (code != 0 && buf != NULL && len > 0) ERR_error_string_n(code, buf, len);
    return code;
}

long csanad_bio_mem_data(BIO *bio, const unsigned char **data) {
    char *p = NULL;
    long n = BIO_get_mem_data(bio, &p);
    *data = (const unsigned char *)p;
    return n;
}

int csanad_sk_x509_num(const STACK_OF(X509) *s) { return s ? sk_X509_num(s) : 0; }
X509 *csanad_sk_x509_value(const STACK_OF(X509) *s, int i) { return sk_X509_value(s, i); }
void csanad_sk_x509_pop_free(STACK_OF(X509) *s) { sk_X509_pop_free(s, X509_free); }
void csanad_sk_x509_free(STACK_OF(X509) *s) { sk_X509_free(s); }

/* RFC 2253, but UTF-8 left as it is (an Arabic name printed as letters, not \\D9\\85…);
   control characters and the RFC's special characters are still escaped. */
unsigned long csanad_xn_flag_rfc2253(void) { return XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB; }
STACK_OF(X509_EXTENSION) *csanad_sk_x509_extension_new(void) { return sk_X509_EXTENSION_new_null(); }
int csanad_sk_x509_extension_push(STACK_OF(X509_EXTENSION) *s, X509_EXTENSION *e) { return sk_X509_EXTENSION_push(s, e); }
void csanad_sk_x509_extension_pop_free(STACK_OF(X509_EXTENSION) *s) { sk_X509_EXTENSION_pop_free(s, X509_EXTENSION_free); }

int csanad_cms_signer_count(CMS_ContentInfo *cms) {
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
    return sis ? sk_CMS_SignerInfo_num(sis) : 0;
}

int csanad_cms_signing_time(CMS_ContentInfo *cms, long long *out) {
    STACK_OF(CMS_SignerInfo) *sis = CMS_get0_SignerInfos(cms);
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

STACK_OF(X509) *csanad_sk_x509_new(void) { return sk_X509_new_null(); }

int csanad_sk_x509_push(STACK_OF(X509) *stack, X509 *cert) { return sk_X509_push(stack, cert); }
