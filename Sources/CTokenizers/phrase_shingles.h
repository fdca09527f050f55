/* The document side of phrase shingles, for the trigram tokenizer that carries them. */
#ifndef SCROLLVAULT_PHRASE_SHINGLES_H
#define SCROLLVAULT_PHRASE_SHINGLES_H
#include <sqlite3.h>

/* A shingle token: this byte, then its bucket as 3 hex digits: four ASCII characters, where a
 * trigram has three, so neither is ever read as the other. */
#define PHRASE_SHINGLE_MARK '\x01'
#define PHRASE_SHINGLE_BYTES 4

/* The connection's FTS5 API (version 2 or later), through SQLite's `SELECT fts5(?1)`. */
int ctokenizers_fts5_api(sqlite3 *db, fts5_api **api);

typedef struct PhraseShingles PhraseShingles;

int phrase_shingles_create(fts5_api *api, PhraseShingles **out);
void phrase_shingles_delete(PhraseShingles *self);
/* Reports each distinct shingle of the document once, through `token`. */
int phrase_shingles_tokenize_document(PhraseShingles *self, void *context, const char *text, int length,
                                      int (*token)(void *, int, const char *, int, int, int));
/* Whether a query term is a shingle (kept whole instead of split into trigrams). */
int phrase_shingle_is_token(const char *text, int length);

#endif
