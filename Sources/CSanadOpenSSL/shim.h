#ifndef CSANAD_OPENSSL_H
#define CSANAD_OPENSSL_H
#include <openssl/evp.h>
#include <openssl/err.h>
#include <openssl/crypto.h>
#include <openssl/rand.h>
#endif
