#ifndef SCROLLVAULT_CTOKENIZERS_H
#define SCROLLVAULT_CTOKENIZERS_H
#include <sqlite3.h>

/* Registers the `trigram_once` FTS5 tokenizer on `db`: SQLite's own trigram tokenizer (same
 * arguments, same tokens), except that a document reports each distinct trigram once.
 * Returns an SQLite result code. */
int ctokenizers_register(sqlite3 *db);

#endif
