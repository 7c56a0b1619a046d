#ifndef CSANAD_ARCHIVE_SHIMS_H
#define CSANAD_ARCHIVE_SHIMS_H
// libarchive calls Swift cannot use as they are. SanadArchive is their only Swift user.
#include <archive.h>

/// archive_error_string may return NULL; this never does.
const char *csanad_archive_error(struct archive *archive);
/// libarchive needs a UTF-8 locale for non-ASCII names (pax headers, zip names).
void csanad_set_utf8_locale(void);
#endif
