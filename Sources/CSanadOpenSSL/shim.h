#ifndef CSANAD_OPENSSL_H
#define CSANAD_OPENSSL_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#include <openssl/bio.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/pkcs12.h>
#include <openssl/cms.h>
#include <openssl/ts.h>
#include <openssl/ec.h>
#include <openssl/kdf.h>
#include <openssl/hmac.h>
#endif
