/* zlib's crc32(), answered by libdeflate's (PCLMULQDQ where the CPU has it, several times
   zlib 1.2's speed), for libarchive, which computes each zip entry's CRC-32 with zlib's as it
   writes a sealed archive: 14 % of a seal's CPU with zlib's (docs/BENCHMARKS.md, issue 13).

   The executable defines the symbol, so the dynamic linker binds libarchive's reference to it
   instead of libz's (ELF interposition; the executable exports it because a shared library
   linked in refers to it). Both compute the same CRC-32 (ISO-HDLC: reflected 0x04C11DB7, initial
   and final complement, a previous value continued), and both answer 0 for a NULL buffer, as
   zlib documents for getting the initial value. zlib's own inflate and deflate call their
   internal function, not this one. Where the symbol is not interposed (a static build), zlib's
   answers, with the same result. Tests/SanadTests/CRC32InterposeTests.swift checks both. */
#include <libdeflate.h>
#include <stddef.h>

__attribute__((visibility("default"))) unsigned long crc32(unsigned long crc, const unsigned char *buf,
                                                           unsigned int len) {
    if (buf == NULL) return 0;
    return libdeflate_crc32((uint32_t)crc, buf, len);
}
