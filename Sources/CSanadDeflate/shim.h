#ifndef CSANAD_DEFLATE_H
#define CSANAD_DEFLATE_H
/* libdeflate's CRC-32 (PCLMULQDQ where the CPU has it): a sealed zip's entries are checked
   against their CRC-32 as Info-ZIP unzip checks them, at several times zlib's speed. */
#include <libdeflate.h>
#endif
