#ifndef SCROLLVAULT_CTOKENIZERS_H
#define SCROLLVAULT_CTOKENIZERS_H
#include <sqlite3.h>

/* Registers two FTS5 tokenizers on `db`: `trigram_once`, SQLite's own trigram tokenizer (same
 * arguments, same tokens) except that a document reports each distinct trigram once, and
 * `trigram_phrases`, the same plus the phrase shingles of phrase_shingles.c.
 * Returns an SQLite result code. */
int ctokenizers_register(sqlite3 *db);

/* The FTS5 expression (shingles joined by AND) every chunk holding `phrase` matches in a
 * `trigram_phrases` index, in *out (free it with phrase_shingles_free); *out is NULL when the
 * phrase has too few words for one. Returns an SQLite result code. */
int phrase_shingles_expression(sqlite3 *db, const char *phrase, int length, char **out);
void phrase_shingles_free(char *expression);

#endif
