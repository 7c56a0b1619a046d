// Deterministic ECDSA (RFC 6979) for OpenSSL 3.0, which has no built-in option for it.
//
// Why: two seals of the same workspace with the same key and --time must give byte-identical
// archives, and ordinary ECDSA draws a random nonce for every signature. The nonce k is instead
// derived from the private key and the digest with HMAC-SHA-256, as RFC 6979 §3.2 specifies,
// and handed to OpenSSL's own signing code through a legacy EC_KEY_METHOD (legacy keys with a
// custom method are never exported to providers, so EVP and CMS signing reach this code).
#define OPENSSL_SUPPRESS_DEPRECATED
#include "CSanadOpenSSLShims.h"
#include <string.h>
#include <openssl/bn.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>

typedef ECDSA_SIG *(*sign_sig_fn)(const unsigned char *, int, const BIGNUM *, const BIGNUM *, EC_KEY *);

static sign_sig_fn default_sign_sig(void) {
    sign_sig_fn fn = NULL;
    EC_KEY_METHOD_get_sign(EC_KEY_OpenSSL(), NULL, NULL, &fn);
    return fn;
}

static int hmac(const unsigned char *key, const unsigned char *parts[], const size_t lens[], int n,
                unsigned char out[32]) {
    HMAC_CTX *ctx = HMAC_CTX_new();
    unsigned int len = 0;
    int ok = ctx != NULL && HMAC_Init_ex(ctx, key, 32, EVP_sha256(), NULL);
    for (int i = 0; ok && i < n; i++) ok = HMAC_Update(ctx, parts[i], lens[i]);
    ok = ok && HMAC_Final(ctx, out, &len) && len == 32;
    HMAC_CTX_free(ctx);
    return ok;
}

/// RFC 6979 §3.2 for a 256-bit order and SHA-256 (qlen == hlen == 256). Writes k into `k`.
static int rfc6979_nonce(const BIGNUM *x, const BIGNUM *q, const unsigned char *h1, int h1len, BIGNUM *k, BN_CTX *bn) {
    unsigned char xo[32], ho[32], V[32], K[32], zero = 0x00, one = 0x01;
    if (BN_num_bytes(q) != 32 || h1len <= 0) return 0;
    if (BN_bn2binpad(x, xo, 32) != 32) return 0;
    // bits2octets(h1): bits2int, then reduce modulo q once.
    BIGNUM *h = BN_bin2bn(h1, h1len > 32 ? 32 : h1len, NULL);
    int ok = h != NULL;
    if (ok && h1len < 32) ok = BN_rshift(h, h, 0);
    if (ok && BN_cmp(h, q) >= 0) ok = BN_sub(h, h, q);
    ok = ok && BN_bn2binpad(h, ho, 32) == 32;
    BN_free(h);
    if (!ok) return 0;
    memset(V, 0x01, 32);
    memset(K, 0x00, 32);
    const unsigned char *p0[] = {V, &zero, xo, ho};
    const size_t l[] = {32, 1, 32, 32};
    if (!hmac(K, p0, l, 4, K)) return 0;
    const unsigned char *pv[] = {V};
    if (!hmac(K, pv, l, 1, V)) return 0;
    const unsigned char *p1[] = {V, &one, xo, ho};
    if (!hmac(K, p1, l, 4, K)) return 0;
    if (!hmac(K, pv, l, 1, V)) return 0;
    for (int tries = 0; tries < 64; tries++) {
        if (!hmac(K, pv, l, 1, V)) return 0;
        if (!BN_bin2bn(V, 32, k)) return 0;
        if (!BN_is_zero(k) && BN_cmp(k, q) < 0) return 1;
        const unsigned char *p2[] = {V, &zero};
        if (!hmac(K, p2, l, 2, K)) return 0;
        if (!hmac(K, pv, l, 1, V)) return 0;
    }
    (void)bn;
    return 0;
}

static ECDSA_SIG *deterministic_sign_sig(const unsigned char *dgst, int dlen, const BIGNUM *in_kinv,
                                         const BIGNUM *in_r, EC_KEY *eckey) {
    sign_sig_fn fallback = default_sign_sig();
    if (in_kinv != NULL || in_r != NULL) return fallback(dgst, dlen, in_kinv, in_r, eckey);
    const EC_GROUP *group = EC_KEY_get0_group(eckey);
    const BIGNUM *x = EC_KEY_get0_private_key(eckey);
    BN_CTX *bn = BN_CTX_new();
    BIGNUM *q = BN_new(), *k = BN_new(), *r = BN_new(), *kinv = NULL;
    EC_POINT *point = group ? EC_POINT_new(group) : NULL;
    ECDSA_SIG *sig = NULL;
    if (bn && q && k && r && point && x && EC_GROUP_get_order(group, q, bn)
        && rfc6979_nonce(x, q, dgst, dlen, k, bn)
        && EC_POINT_mul(group, point, k, NULL, NULL, bn)
        && EC_POINT_get_affine_coordinates(group, point, r, NULL, bn)
        && BN_nnmod(r, r, q, bn)
        && (kinv = BN_mod_inverse(NULL, k, q, bn)) != NULL) {
        sig = fallback(dgst, dlen, kinv, r, eckey);
    }
    BN_clear_free(k);
    BN_free(kinv);
    BN_free(r);
    BN_free(q);
    EC_POINT_free(point);
    BN_CTX_free(bn);
    return sig;
}

static EC_KEY_METHOD *deterministic_method(void) {
    static EC_KEY_METHOD *method = NULL;
    if (method == NULL) {
        EC_KEY_METHOD *m = EC_KEY_METHOD_new(EC_KEY_OpenSSL());
        int (*sign)(int, const unsigned char *, int, unsigned char *, unsigned int *, const BIGNUM *,
                    const BIGNUM *, EC_KEY *) = NULL;
        EC_KEY_METHOD_get_sign(EC_KEY_OpenSSL(), &sign, NULL, NULL);
        EC_KEY_METHOD_set_sign(m, sign, NULL, deterministic_sign_sig);
        method = m;
    }
    return method;
}

EVP_PKEY *csanad_deterministic_signing_key(EVP_PKEY *pkey) {
    if (EVP_PKEY_get_base_id(pkey) != EVP_PKEY_EC) {
        // RSA PKCS #1 v1.5 signatures are deterministic already.
        return EVP_PKEY_up_ref(pkey) ? pkey : NULL;
    }
    EC_KEY *ec = EVP_PKEY_get1_EC_KEY(pkey);
    if (ec == NULL) return NULL;
    EVP_PKEY *out = EVP_PKEY_new();
    int ok = out != NULL && EC_KEY_set_method(ec, deterministic_method()) && EVP_PKEY_set1_EC_KEY(out, ec);
    EC_KEY_free(ec);
    if (!ok) {
        EVP_PKEY_free(out);
        return NULL;
    }
    return out;
}
