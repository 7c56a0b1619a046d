#ifndef CSANAD_EXIF_H
#define CSANAD_EXIF_H
#include <libexif/exif-data.h>
#include <libexif/exif-content.h>
#include <libexif/exif-entry.h>
#include <libexif/exif-tag.h>
#endif
