// The hot loops of selective-disclosure commitments (docs/FORMAT.md §9): per-leaf salts,
// leaf hashes and RFC 9162 interior nodes, about a million of each for a large chat. Written
// in C against OpenSSL's one-shot SHA-256 so that a leaf costs a few compression rounds and no
// allocation; the deprecated SHA256_CTX calls are used only to keep HMAC's padded key states.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include "CSanadOpenSSLShims.h"
#include <openssl/sha.h>
#include <string.h>

struct csanad_hmac_state {
    SHA256_CTX inner;
    SHA256_CTX outer;
};

// OpenSSL 3's one-shot SHA256() fetches the digest anew on every call (EVP_Q_digest): about a
// microsecond each, for a million leaves. The low-level context calls hash directly.
static void sha256(const unsigned char *data, size_t len, unsigned char out[32]) {
    SHA256_CTX c;
    SHA256_Init(&c);
    SHA256_Update(&c, data, len);
    SHA256_Final(out, &c);
}

static void put_u64be(unsigned char *p, unsigned long long v) {
    for (int i = 7; i >= 0; i--) {
        p[i] = (unsigned char)(v & 0xff);
        v >>= 8;
    }
}

static void hmac_prepare(struct csanad_hmac_state *st, const unsigned char *key, size_t keylen) {
    unsigned char block[64], pad[64];
    memset(block, 0, sizeof block);
    if (keylen > 64) {
        sha256(key, keylen, block);
    } else {
        memcpy(block, key, keylen);
    }
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x36;
    SHA256_Init(&st->inner);
    SHA256_Update(&st->inner, pad, 64);
    for (int i = 0; i < 64; i++) pad[i] = block[i] ^ 0x5c;
    SHA256_Init(&st->outer);
    SHA256_Update(&st->outer, pad, 64);
    OPENSSL_cleanse(block, sizeof block);
    OPENSSL_cleanse(pad, sizeof pad);
}

static void hmac_index(const struct csanad_hmac_state *st, unsigned long long index, unsigned char out[32]) {
    SHA256_CTX c = st->inner;
    unsigned char msg[8], inner[32];
    put_u64be(msg, index);
    SHA256_Update(&c, msg, 8);
    SHA256_Final(inner, &c);
    c = st->outer;
    SHA256_Update(&c, inner, 32);
    SHA256_Final(out, &c);
    OPENSSL_cleanse(&c, sizeof c);
}

void csanad_commit_leaves(const unsigned char *seed, size_t seedlen, unsigned long long first_index, size_t count,
                          const unsigned long long *offsets, const unsigned long long *lengths,
                          const unsigned char *content_sha256, unsigned char *out) {
    struct csanad_hmac_state st;
    hmac_prepare(&st, seed, seedlen);
    unsigned char buf[1 + 32 + 56];
    buf[0] = 0x00;
    for (size_t i = 0; i < count; i++) {
        unsigned long long index = first_index + i;
        hmac_index(&st, index, buf + 1);
        put_u64be(buf + 33, index);
        put_u64be(buf + 41, offsets[i]);
        put_u64be(buf + 49, lengths[i]);
        memcpy(buf + 57, content_sha256 + 32 * i, 32);
        sha256(buf, sizeof buf, out + 32 * i);
    }
    OPENSSL_cleanse(&st, sizeof st);
    OPENSSL_cleanse(buf, sizeof buf);
}

void csanad_commit_salt(const unsigned char *seed, size_t seedlen, unsigned long long index, unsigned char out[32]) {
    struct csanad_hmac_state st;
    hmac_prepare(&st, seed, seedlen);
    hmac_index(&st, index, out);
    OPENSSL_cleanse(&st, sizeof st);
}

void csanad_commit_leaf(const unsigned char salt[32], unsigned long long index, unsigned long long offset,
                        unsigned long long length, const unsigned char content_sha256[32], unsigned char out[32]) {
    unsigned char buf[1 + 32 + 56];
    buf[0] = 0x00;
    memcpy(buf + 1, salt, 32);
    put_u64be(buf + 33, index);
    put_u64be(buf + 41, offset);
    put_u64be(buf + 49, length);
    memcpy(buf + 57, content_sha256, 32);
    sha256(buf, sizeof buf, out);
}

void csanad_merkle_nodes(const unsigned char *pairs, size_t count, unsigned char *out) {
    unsigned char buf[65];
    buf[0] = 0x01;
    for (size_t i = 0; i < count; i++) {
        memcpy(buf + 1, pairs + 64 * i, 64);
        sha256(buf, 65, out + 32 * i);
    }
}

void csanad_sha256_ranges(const unsigned char *base, const unsigned long long *offsets,
                          const unsigned long long *lengths, size_t count, unsigned char *out) {
    for (size_t i = 0; i < count; i++) sha256(base + offsets[i], (size_t)lengths[i], out + 32 * i);
}

int csanad_private_key_der(EVP_PKEY *key, unsigned char **out, long *outlen) {
    unsigned char *der = NULL;
    int n = i2d_PrivateKey(key, &der);
    if (n <= 0) return 0;
    *out = der;
    *outlen = n;
    return 1;
}
