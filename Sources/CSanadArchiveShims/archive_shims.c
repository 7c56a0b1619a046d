#include "CSanadArchiveShims.h"
#include <locale.h>

const char *csanad_archive_error(struct archive *a) {
    const char *s = archive_error_string(a);
    return s ? s : "unknown libarchive error";
}

void csanad_set_utf8_locale(void) {
    if (setlocale(LC_ALL, "C.UTF-8") == NULL) setlocale(LC_ALL, "C.utf8");
}
