#ifndef CSANAD_ARCHIVE_H
#define CSANAD_ARCHIVE_H
#include <archive.h>
#include <archive_entry.h>
#endif
