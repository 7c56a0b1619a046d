#ifndef CSANAD_SQLITE_H
#define CSANAD_SQLITE_H
/* Debian's sqlite3.h carries the FTS5 extension API (fts5_api, fts5_tokenizer) at its end. */
#include <sqlite3.h>
#endif
