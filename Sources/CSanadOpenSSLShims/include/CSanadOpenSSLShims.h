#ifndef CSANAD_OPENSSL_SHIMS_H
#define CSANAD_OPENSSL_SHIMS_H
// OpenSSL 3 macros and multi-step calls Swift cannot import, as functions with OpenSSL's own
// types. SanadCrypto is their only Swift user and owns every object they return.
#include <stddef.h>
#include <openssl/bio.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/x509.h>

/// OPENSSL_free is a macro; Swift needs a function.
void csanad_openssl_free(void *ptr);
/// Copies the oldest queued OpenSSL error string into buf; returns the packed code or 0.
unsigned long csanad_err_pop(char *buf, size_t len);
/// BIO_get_mem_data is a macro: the bytes written to a memory BIO so far.
long csanad_bio_mem_data(BIO *bio, const unsigned char **data);
/// STACK_OF(X509) helpers (sk_X509_* are macros).
int csanad_sk_x509_num(const STACK_OF(X509) *stack);
X509 *csanad_sk_x509_value(const STACK_OF(X509) *stack, int i);
/// Frees the stack and every certificate in it.
void csanad_sk_x509_pop_free(STACK_OF(X509) *stack);
/// Frees only the stack.
void csanad_sk_x509_free(STACK_OF(X509) *stack);
/// STACK_OF(X509_EXTENSION) helpers.
STACK_OF(X509_EXTENSION) *csanad_sk_x509_extension_new(void);
int csanad_sk_x509_extension_push(STACK_OF(X509_EXTENSION) *stack, X509_EXTENSION *ext);
void csanad_sk_x509_extension_pop_free(STACK_OF(X509_EXTENSION) *stack);
/// The signingTime attribute of the first SignerInfo of a CMS SignedData, as seconds since
/// 1970 in *out. Returns 1 if present, 0 if absent, -1 on error.
int csanad_cms_signing_time(CMS_ContentInfo *cms, long long *out);
/// Number of SignerInfos in a CMS SignedData.
int csanad_cms_signer_count(CMS_ContentInfo *cms);
/// Checks an RFC 3161 response against `data`. Returns -1 if it is not a granted response, else
/// a bit set: 1 imprint matches, 2 token signature valid, 4 TSA chain trusted by `store`
/// (or NULL). `gen_time` gets the token's time (seconds since 1970).
int csanad_ts_check(const unsigned char *der, long len, const unsigned char *data, long datalen, X509_STORE *store,
                    long long *gen_time, char *err, size_t errlen);
/// A DER TimeStampReq for a SHA-256 digest, with a nonce and certReq. Free *out with csanad_openssl_free.
void *csanad_ts_request(const unsigned char *digest, int digestlen, const unsigned char *nonce, int noncelen, long *outlen,
                        unsigned char **out);
/// The certificates a response's token carries (to pop_free), or NULL.
STACK_OF(X509) *csanad_ts_response_certs(const unsigned char *der, long len);
/// 1 when the bytes are exactly one DER TimeStampResp / CMS ContentInfo: they parse, nothing
/// follows, and encoding them again gives the same bytes. 0 otherwise.
int csanad_ts_response_is_exact_der(const unsigned char *der, long len);
int csanad_cms_is_exact_der(const unsigned char *der, long len);
/// XN_FLAG_RFC2253 is a composed macro.
unsigned long csanad_xn_flag_rfc2253(void);
/// A copy of an EVP_PKEY whose ECDSA signatures use RFC 6979 nonces (deterministic).
/// RSA keys are returned up-referenced. NULL on failure. Free with EVP_PKEY_free.
EVP_PKEY *csanad_deterministic_signing_key(EVP_PKEY *pkey);
/// A new empty STACK_OF(X509); push certificates (not up-referenced) and free with
/// csanad_sk_x509_free.
STACK_OF(X509) *csanad_sk_x509_new(void);
int csanad_sk_x509_push(STACK_OF(X509) *stack, X509 *cert);
/// CMS AuthEnvelopedData (AES-256-GCM) with detached content, streamed (envelope.c). Begin
/// encrypts for every recipient: writing plaintext to *chain_out writes ciphertext to `sink`;
/// finish flushes and fixes the tag (mac) in `cms`. Open decrypts the content-encryption key
/// with `key` (the recipient `cert` names) and returns a chain: ciphertext written to it comes
/// out of `sink` as plaintext; close sets the expected tag and flushes: 1 when the tag holds, 0
/// when it does not, -1 on error. Free chains with csanad_bio_free_upto(chain, sink).
int csanad_cms_envelope_begin(STACK_OF(X509) *recipients, BIO *sink, CMS_ContentInfo **cms_out, BIO **chain_out);
int csanad_cms_envelope_finish(CMS_ContentInfo *cms, BIO *chain);
int csanad_cms_envelope_open(CMS_ContentInfo *cms, EVP_PKEY *key, X509 *cert, BIO *sink, BIO **chain_out);
int csanad_cms_envelope_close(BIO *chain, const unsigned char *tag, int taglen);
void csanad_bio_free_upto(BIO *chain, BIO *upto);
/// The cipher context of an envelope's chain (BIO_get_cipher_ctx is a macro). Bulk content is
/// run through it with EVP_CipherUpdate directly, in large pieces, past the cipher BIO's 4 KiB
/// buffer; the BIO, which then holds nothing, still finishes it (flush: EVP_CipherFinal_ex).
EVP_CIPHER_CTX *csanad_bio_cipher_ctx(BIO *chain);
/// For each recipient identifier of an enveloped structure, in order, the index in `certs` of
/// the certificate it names (-1: none of them; -2: a kind of recipient other than key transport
/// or key agreement). Returns the number of identifiers, or -1 (not enveloped, or more than max).
int csanad_cms_envelope_recipients(CMS_ContentInfo *cms, X509 **certs, int ncerts, int *match, int max);
/// Selective-disclosure commitments (docs/FORMAT.md §9). Leaf i = first_index + k:
/// out[32k..] = SHA-256(0x00 || HMAC-SHA256(seed, u64be(i)) || u64be(i) || u64be(offset) ||
/// u64be(length) || content_sha256[32k..]).
void csanad_commit_leaves(const unsigned char *seed, size_t seedlen, unsigned long long first_index, size_t count,
                          const unsigned long long *offsets, const unsigned long long *lengths,
                          const unsigned char *content_sha256, unsigned char *out);
/// HMAC-SHA256(seed, u64be(index)): one leaf's salt.
void csanad_commit_salt(const unsigned char *seed, size_t seedlen, unsigned long long index, unsigned char out[32]);
/// One leaf hash from its salt (what an excerpt's verifier computes).
void csanad_commit_leaf(const unsigned char salt[32], unsigned long long index, unsigned long long offset,
                        unsigned long long length, const unsigned char content_sha256[32], unsigned char out[32]);
/// RFC 9162 interior nodes: out[32k..] = SHA-256(0x01 || pairs[64k .. 64k+64]).
void csanad_merkle_nodes(const unsigned char *pairs, size_t count, unsigned char *out);
/// SHA-256 of each range base[offsets[k] ..< offsets[k] + lengths[k]] into out[32k..].
void csanad_sha256_ranges(const unsigned char *base, const unsigned long long *offsets,
                          const unsigned long long *lengths, size_t count, unsigned char *out);
/// The DER of a private key (i2d_PrivateKey); free *out with csanad_openssl_free. 1 on success.
int csanad_private_key_der(EVP_PKEY *key, unsigned char **out, long *outlen);
#endif
