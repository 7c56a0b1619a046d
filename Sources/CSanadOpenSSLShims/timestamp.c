// RFC 3161 response checks. TS_VERIFY_CTX takes ownership of the BIO, store and certificates
// it is given, which is far easier to get right here than across the Swift boundary.
#include "CSanadOpenSSLShims.h"
#include <string.h>
#include <time.h>
#include <openssl/err.h>
#include <openssl/pkcs7.h>
#include <openssl/ts.h>
#include <openssl/cms.h>
#include <openssl/crypto.h>
#include <openssl/x509.h>

static void put_error(char *err, size_t errlen, const char *what) {
    if (err == NULL || errlen == 0) return;
    unsigned long code = ERR_peek_last_error();
    if (code) {
        char buf[200];
        ERR_error_string_n(code, buf, sizeof buf);
        snprintf(err, errlen, "%s (%s)", what, buf);
    } else {
        snprintf(err, errlen, "%s", what);
    }
    ERR_clear_error();
}

static int verify_with(TS_RESP *resp, const unsigned char *data, long datalen, int flags, X509_STORE *store) {
    TS_VERIFY_CTX *ctx = TS_VERIFY_CTX_new();
    if (ctx == NULL) return 0;
    TS_VERIFY_CTX_set_flags(ctx, flags);
    TS_VERIFY_CTX_set_data(ctx, BIO_new_mem_buf(data, (int)datalen));
    if (store != NULL && X509_STORE_up_ref(store)) TS_VERIFY_CTX_set_store(ctx, store);
    int ok = TS_RESP_verify_response(ctx, resp) == 1;
    TS_VERIFY_CTX_free(ctx);
    return ok;
}

int csanad_ts_check(const unsigned char *der, long len, const unsigned char *data, long datalen, X509_STORE *store,
                    long long *gen_time, char *err, size_t errlen) {
    const unsigned char *p = der;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, len);
    if (resp == NULL) { put_error(err, errlen, "not an RFC 3161 response"); return -1; }
    int result = 0;
    TS_STATUS_INFO *si = TS_RESP_get_status_info(resp);
    long status = si ? ASN1_INTEGER_get(TS_STATUS_INFO_get0_status(si)) : -1;
    PKCS7 *token = TS_RESP_get_token(resp);
    if ((status != 0 && status != 1) || token == NULL) {
        put_error(err, errlen, "the authority refused the request");
        TS_RESP_free(resp);
        return -1;
    }
    TS_TST_INFO *info = TS_RESP_get_tst_info(resp);
    struct tm tm;
    if (info && gen_time && ASN1_TIME_to_tm(TS_TST_INFO_get_time(info), &tm)) *gen_time = (long long)timegm(&tm);
    // 1: the token's message imprint is the SHA-256 of these bytes.
    if (verify_with(resp, data, datalen, TS_VFY_VERSION | TS_VFY_DATA, NULL)) result |= 1;
    else put_error(err, errlen, "the timestamp is over other data");
    // 2: the token is signed by the certificate it carries (no judgement of who that is).
    X509_STORE *empty = X509_STORE_new();
    if (empty && PKCS7_verify(token, NULL, empty, NULL, NULL, PKCS7_NOVERIFY) == 1) result |= 2;
    else if (result & 1) put_error(err, errlen, "the timestamp's signature is invalid");
    X509_STORE_free(empty);
    // 4: that certificate chains to a trusted authority and is a timestamping certificate.
    if (store != NULL && (result & 3) == 3) {
        if (verify_with(resp, data, datalen, TS_VFY_VERSION | TS_VFY_DATA | TS_VFY_SIGNATURE, store)) result |= 4;
        else put_error(err, errlen, "the timestamp authority is not trusted");
    }
    TS_RESP_free(resp);
    return result;
}

void *csanad_ts_request(const unsigned char *digest, int digestlen, const unsigned char *nonce, int noncelen, long *outlen,
                        unsigned char **out) {
    TS_REQ *req = TS_REQ_new();
    TS_MSG_IMPRINT *imprint = TS_MSG_IMPRINT_new();
    X509_ALGOR *algo = X509_ALGOR_new();
    ASN1_INTEGER *n = NULL;
    BIGNUM *bn = BN_bin2bn(nonce, noncelen, NULL);
    int ok = req && imprint && algo && bn && TS_REQ_set_version(req, 1)
        && X509_ALGOR_set0(algo, OBJ_nid2obj(NID_sha256), V_ASN1_NULL, NULL)
        && TS_MSG_IMPRINT_set_algo(imprint, algo) && TS_MSG_IMPRINT_set_msg(imprint, (unsigned char *)digest, digestlen)
        && TS_REQ_set_msg_imprint(req, imprint) && (n = BN_to_ASN1_INTEGER(bn, NULL)) != NULL
        && TS_REQ_set_nonce(req, n) && TS_REQ_set_cert_req(req, 1);
    *outlen = 0;
    if (ok) {
        *out = NULL;
        int l = i2d_TS_REQ(req, out);
        if (l > 0) *outlen = l;
    }
    ASN1_INTEGER_free(n);
    BN_free(bn);
    X509_ALGOR_free(algo);
    TS_MSG_IMPRINT_free(imprint);
    TS_REQ_free(req);
    return *outlen > 0 ? *out : NULL;
}

STACK_OF(X509) *csanad_ts_response_certs(const unsigned char *der, long len) {
    const unsigned char *p = der;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, len);
    if (resp == NULL) return NULL;
    STACK_OF(X509) *out = sk_X509_new_null();
    PKCS7 *token = TS_RESP_get_token(resp);
    if (out && token && PKCS7_type_is_signed(token) && token->d.sign && token->d.sign->cert) {
        for (int i = 0; i < sk_X509_num(token->d.sign->cert); i++) {
            X509 *c = sk_X509_value(token->d.sign->cert, i);
            if (X509_up_ref(c)) sk_X509_push(out, c);
        }
    }
    TS_RESP_free(resp);
    return out;
}

/* 1 when `der` is exactly one DER-encoded TimeStampResp: it parses, nothing follows it, and
   encoding it again gives the same bytes (no BER, no trailing data a reader would ignore). */
int csanad_ts_response_is_exact_der(const unsigned char *der, long len) {
    const unsigned char *p = der;
    TS_RESP *resp = d2i_TS_RESP(NULL, &p, len);
    if (resp == NULL) return 0;
    int ok = (p == der + len);
    unsigned char *again = NULL;
    int n = i2d_TS_RESP(resp, &again);
    ok = ok && n == len && memcmp(again, der, (size_t)len) == 0;
    OPENSSL_free(again);
    TS_RESP_free(resp);
    return ok;
}

/* The same for a CMS ContentInfo (a .p7s). */
int csanad_cms_is_exact_der(const unsigned char *der, long len) {
    const unsigned char *p = der;
    CMS_ContentInfo *cms = d2i_CMS_ContentInfo(NULL, &p, len);
    if (cms == NULL) return 0;
    int ok = (p == der + len);
    unsigned char *again = NULL;
    int n = i2d_CMS_ContentInfo(cms, &again);
    ok = ok && n == len && memcmp(again, der, (size_t)len) == 0;
    OPENSSL_free(again);
    CMS_ContentInfo_free(cms);
    return ok;
}
