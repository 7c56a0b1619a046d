#include "CSanadOpenSSLShims.h"
#include <openssl/err.h>

// CMS AuthEnvelopedData streamed through OpenSSL's own cipher BIOs, with the content detached
// from the structure: SanadCrypto frames the DER around it (CMSEnvelopeLayout), so that an
// envelope's size is known before its bytes and it can be read in one pass. Every
// cryptographic step (content-encryption key, key transport or agreement, AES-256-GCM and its
// tag) is OpenSSL's.

int csanad_cms_envelope_begin(STACK_OF(X509) *recipients, BIO *sink, CMS_ContentInfo **cms_out, BIO **chain_out) {
    unsigned int flags = CMS_BINARY | CMS_DETACHED | CMS_STREAM | CMS_PARTIAL;
    CMS_ContentInfo *cms = CMS_encrypt(recipients, NULL, EVP_aes_256_gcm(), flags);
    if (cms == NULL) return -1;
    BIO *chain = CMS_dataInit(cms, sink);
    if (chain == NULL) {
        CMS_ContentInfo_free(cms);
        return -1;
    }
    *cms_out = cms;
    *chain_out = chain;
    return 0;
}

int csanad_cms_envelope_finish(CMS_ContentInfo *cms, BIO *chain) {
    if (BIO_flush(chain) <= 0) return -1;
    return CMS_dataFinal(cms, chain) == 1 ? 0 : -1;
}

int csanad_cms_envelope_open(CMS_ContentInfo *cms, EVP_PKEY *key, X509 *cert, BIO *sink, BIO **chain_out) {
    if (CMS_decrypt_set1_pkey_and_peer(cms, key, cert, NULL) != 1) return -1;
    BIO *chain = CMS_dataInit(cms, sink);
    if (chain == NULL) return -1;
    *chain_out = chain;
    return 0;
}

int csanad_cms_envelope_close(BIO *chain, const unsigned char *tag, int taglen) {
    EVP_CIPHER_CTX *ctx = NULL;
    if (BIO_get_cipher_ctx(chain, &ctx) <= 0 || ctx == NULL) return -1;
    if (EVP_CIPHER_CTX_ctrl(ctx, EVP_CTRL_AEAD_SET_TAG, taglen, (void *)tag) <= 0) return -1;
    if (BIO_flush(chain) <= 0) return 0;
    return BIO_get_cipher_status(chain) == 1 ? 1 : 0;
}

void csanad_bio_free_upto(BIO *chain, BIO *upto) {
    while (chain != NULL && chain != upto) {
        BIO *next = BIO_pop(chain);
        BIO_free(chain);
        chain = next;
    }
}

int csanad_cms_envelope_recipients(CMS_ContentInfo *cms, X509 **certs, int ncerts, int *match, int max) {
    STACK_OF(CMS_RecipientInfo) *infos = CMS_get0_RecipientInfos(cms);
    if (infos == NULL) return -1;
    int n = 0;
    for (int i = 0; i < sk_CMS_RecipientInfo_num(infos); i++) {
        CMS_RecipientInfo *ri = sk_CMS_RecipientInfo_value(infos, i);
        int type = CMS_RecipientInfo_type(ri);
        if (type == CMS_RECIPINFO_TRANS) {
            if (n >= max) return -1;
            match[n] = -1;
            for (int c = 0; c < ncerts; c++)
                if (CMS_RecipientInfo_ktri_cert_cmp(ri, certs[c]) == 0) match[n] = c;
            n++;
        } else if (type == CMS_RECIPINFO_AGREE) {
            STACK_OF(CMS_RecipientEncryptedKey) *keys = CMS_RecipientInfo_kari_get0_reks(ri);
            for (int k = 0; k < sk_CMS_RecipientEncryptedKey_num(keys); k++) {
                if (n >= max) return -1;
                CMS_RecipientEncryptedKey *rek = sk_CMS_RecipientEncryptedKey_value(keys, k);
                match[n] = -1;
                for (int c = 0; c < ncerts; c++)
                    if (CMS_RecipientEncryptedKey_cert_cmp(rek, certs[c]) == 0) match[n] = c;
                n++;
            }
        } else {
            if (n >= max) return -1;
            match[n++] = -2;
        }
    }
    return n;
}

EVP_CIPHER_CTX *csanad_bio_cipher_ctx(BIO *chain) {
    EVP_CIPHER_CTX *ctx = NULL;
    if (BIO_get_cipher_ctx(chain, &ctx) <= 0) return NULL;
    return ctx;
}
