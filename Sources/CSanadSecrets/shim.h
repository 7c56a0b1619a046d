#ifndef CSANAD_SECRETS_H
#define CSANAD_SECRETS_H
/* libpwquality (passphrase strength against cracklib's dictionary) and libkeyutils (the Linux
   kernel keyring that holds an unlocked workspace's key). */
#include <pwquality.h>
#include <keyutils.h>
#endif
