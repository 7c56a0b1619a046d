#ifndef CSANAD_LZ4_H
#define CSANAD_LZ4_H
/* LZ4's block API: the timeline's sort runs are compressed frame by frame. */
#include <lz4.h>
#endif
