/* Phrase shingles: tokens in the trigram index that stand for runs of consecutive words, so that
 * a phrase of common words is found without reading every hit of each word.
 *
 * A phrase search matches a line where the phrase's words follow each other, the last one as a
 * prefix ("kernel buffer req" matches "kernel buffer request"). Each word of a document (unicode61
 * with remove_diacritics 2, the word index's own tokenizer, so words fold the same way) adds one
 * token: the two words before it and its first three characters, hashed into one of 4096
 * buckets (words with digits make none, see run_add_word). A phrase's tokens are computed the
 * same way from its words, and every chunk holding the phrase holds all of them.
 *
 * Buckets, not whole hashes: with a term per word triple, the triples holding a log's numbers
 * and ids made the index far larger and slower to build, and the postings of a few thousand
 * terms cost far less to build than one term per posting. A bucket lets other chunks through,
 * fewer the more words a phrase has; the word matcher turns the strays away. */
#include "ctokenizers.h"
#include "phrase_shingles.h"
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define PREFIX_CHARACTERS 3

static uint64_t fnv1a(uint64_t h, const uint8_t *bytes, int length) {
    for (int i = 0; i < length; i++) h = (h ^ bytes[i]) * 1099511628211ull;
    return h;
}

static uint64_t finish_hash(uint64_t h) { /* splitmix64's finaliser */
    h = (h ^ (h >> 30)) * 0xbf58476d1ce4e5b9ull;
    h = (h ^ (h >> 27)) * 0x94d049bb133111ebull;
    return h ^ (h >> 31);
}

static uint64_t word_hash(const char *token, int length) {
    return finish_hash(fnv1a(1469598103934665603ull, (const uint8_t *)token, length));
}

/* The length in bytes of the first PREFIX_CHARACTERS UTF-8 characters of a token. */
static int prefix_length(const char *token, int length, int *characters) {
    int at = 0, count = 0;
    while (at < length && count < PREFIX_CHARACTERS) {
        at++;
        while (at < length && ((uint8_t)token[at] & 0xC0) == 0x80) at++;
        count++;
    }
    *characters = count;
    return at;
}

#define BUCKET_BITS 12

/* A word hash's eight bytes, least significant first, whatever the machine's byte order: the
 * buckets are stored in the archive, which may move to another machine. */
static uint64_t fnv1a_word(uint64_t h, uint64_t word) {
    for (int i = 0; i < 8; i++) h = (h ^ ((word >> (8 * i)) & 0xFF)) * 1099511628211ull;
    return h;
}

static uint64_t shingle_hash(uint64_t first, uint64_t second, const char *prefix, int length) {
    uint64_t h = fnv1a_word(fnv1a_word(1469598103934665603ull, first), second);
    return finish_hash(fnv1a(h, (const uint8_t *)prefix, length)) & ((1u << BUCKET_BITS) - 1);
}

/* The mark, then the bucket in hex (3 digits hold 12 bits). */
static void shingle_text(uint64_t bucket, char out[PHRASE_SHINGLE_BYTES]) {
    static const char hex[] = "0123456789abcdef";
    out[0] = PHRASE_SHINGLE_MARK;
    for (int i = 0; i < PHRASE_SHINGLE_BYTES - 1; i++) out[1 + i] = hex[(bucket >> (4 * (PHRASE_SHINGLE_BYTES - 2 - i))) & 15];
}

int phrase_shingle_is_token(const char *text, int length) {
    if (length != PHRASE_SHINGLE_BYTES || text[0] != PHRASE_SHINGLE_MARK) return 0;
    for (int i = 1; i < length; i++) {
        if (!((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'a' && text[i] <= 'f'))) return 0;
    }
    return 1;
}

/* ---- Per word, in a document or a phrase. ---- */

typedef struct {
    uint64_t before[2]; /* hashes of the previous word ([1]) and the one before it ([0]) */
    int lettered[2];    /* whether those words are free of ASCII digits */
    int words;          /* words seen so far */
} WordRun;

static int has_digit(const char *token, int length) {
    for (int i = 0; i < length; i++) {
        if (token[i] >= '0' && token[i] <= '9') return 1;
    }
    return 0;
}

/* Calls `emit` with the shingle ending at this word, once two words came before it.
 * `complete` says whether the word is known to be whole (in a document it is; the last word
 * of a phrase may be a prefix, so its shingle needs three characters). Words with digits
 * (times, counters, ids) make no shingle: nearly every triple holding one is unique, and a
 * term per triple would make the index several times slower to build; the rule looks only at
 * what a phrase also knows (the two whole words, the three characters). */
static int run_add_word(WordRun *run, const char *token, int length, int complete,
                        int (*emit)(void *, uint64_t), void *context) {
    int characters = 0;
    int prefix = prefix_length(token, length, &characters);
    int rc = 0;
    if (run->words >= 2 && run->lettered[0] && run->lettered[1] && !has_digit(token, prefix) &&
        (complete || characters == PREFIX_CHARACTERS)) {
        rc = emit(context, shingle_hash(run->before[0], run->before[1], token, prefix));
    }
    run->before[0] = run->before[1];
    run->lettered[0] = run->lettered[1];
    run->before[1] = word_hash(token, length);
    run->lettered[1] = !has_digit(token, length);
    run->words++;
    return rc;
}

/* ---- Documents: each distinct shingle once per chunk. ---- */

typedef struct {
    uint64_t key;
    uint32_t generation;
} SeenSlot;

struct PhraseShingles {
    fts5_tokenizer words_api;
    Fts5Tokenizer *words;
    SeenSlot *seen;
    size_t capacity, count; /* capacity is a power of two */
    uint32_t generation;
    char *scratch; /* a word folded to lower case (ASCII documents) */
    size_t scratch_capacity;
};

typedef struct {
    PhraseShingles *self;
    WordRun run;
    void *context;
    int (*token)(void *, int, const char *, int, int, int);
    int start, end; /* the current word's offsets, given with its shingles */
} DocumentWords;

static int seen_grow(PhraseShingles *self) {
    size_t capacity = self->capacity ? self->capacity * 2 : 2048;
    SeenSlot *slots = calloc(capacity, sizeof(SeenSlot));
    if (!slots) return SQLITE_NOMEM;
    for (size_t i = 0; i < self->capacity; i++) {
        if (self->seen[i].generation != self->generation) continue;
        size_t at = self->seen[i].key & (capacity - 1);
        while (slots[at].generation == self->generation) at = (at + 1) & (capacity - 1);
        slots[at] = self->seen[i];
    }
    free(self->seen);
    self->seen = slots;
    self->capacity = capacity;
    return SQLITE_OK;
}

static int emit_document_shingle(void *context, uint64_t hash) {
    DocumentWords *pass = context;
    PhraseShingles *self = pass->self;
    if ((self->count + 1) * 2 > self->capacity && seen_grow(self) != SQLITE_OK) return SQLITE_NOMEM;
    size_t mask = self->capacity - 1;
    size_t at = hash & mask;
    while (self->seen[at].generation == self->generation) {
        if (self->seen[at].key == hash) return SQLITE_OK;
        at = (at + 1) & mask;
    }
    self->seen[at].key = hash;
    self->seen[at].generation = self->generation;
    self->count++;
    char text[PHRASE_SHINGLE_BYTES];
    shingle_text(hash, text);
    return pass->token(pass->context, 0, text, PHRASE_SHINGLE_BYTES, pass->start, pass->end);
}

static int on_document_word(void *context, int flags, const char *token, int length, int start, int end) {
    (void)flags;
    DocumentWords *pass = context;
    pass->start = start;
    pass->end = end;
    return run_add_word(&pass->run, token, length, 1, emit_document_shingle, pass);
}

static int find_words_tokenizer(fts5_api *api, fts5_tokenizer *methods, Fts5Tokenizer **out) {
    void *context = NULL;
    const char *arguments[] = {"remove_diacritics", "2"};
    int rc = api->xFindTokenizer(api, "unicode61", &context, methods);
    if (rc == SQLITE_OK) rc = methods->xCreate(context, arguments, 2, out);
    return rc;
}

int phrase_shingles_create(fts5_api *api, PhraseShingles **out) {
    PhraseShingles *self = calloc(1, sizeof(PhraseShingles));
    if (!self) return SQLITE_NOMEM;
    self->generation = 1;
    int rc = find_words_tokenizer(api, &self->words_api, &self->words);
    if (rc != SQLITE_OK) {
        phrase_shingles_delete(self);
        return rc;
    }
    *out = self;
    return SQLITE_OK;
}

void phrase_shingles_delete(PhraseShingles *self) {
    if (!self) return;
    if (self->words) self->words_api.xDelete(self->words);
    free(self->seen);
    free(self->scratch);
    free(self);
}

static int is_ascii(const char *text, int length) {
    unsigned char any = 0;
    for (int i = 0; i < length; i++) any |= (unsigned char)text[i];
    return any < 0x80;
}

static int is_ascii_word_byte(unsigned char c) {
    return (c >= '0' && c <= '9') || ((c | 0x20) >= 'a' && (c | 0x20) <= 'z');
}

/* unicode61's words of ASCII text: runs of letters and digits (every other ASCII character
 * separates), folded to lower case. The same words as the tokenizer gives, found without its
 * per-word copy and callback, which were most of the cost of shingling a log's chunks. */
static int tokenize_ascii(PhraseShingles *self, DocumentWords *pass, const char *text, int length) {
    int at = 0;
    while (at < length) {
        while (at < length && !is_ascii_word_byte((unsigned char)text[at])) at++;
        int start = at;
        while (at < length && is_ascii_word_byte((unsigned char)text[at])) at++;
        if (at == start) break;
        int count = at - start;
        if ((size_t)count > self->scratch_capacity) {
            char *grown = realloc(self->scratch, (size_t)count * 2);
            if (!grown) return SQLITE_NOMEM;
            self->scratch = grown;
            self->scratch_capacity = (size_t)count * 2;
        }
        for (int i = 0; i < count; i++) {
            unsigned char c = (unsigned char)text[start + i];
            self->scratch[i] = (char)(c >= 'A' && c <= 'Z' ? c | 0x20 : c);
        }
        int rc = on_document_word(pass, 0, self->scratch, count, start, at);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}

int phrase_shingles_tokenize_document(PhraseShingles *self, void *context, const char *text, int length,
                                      int (*token)(void *, int, const char *, int, int, int)) {
    DocumentWords pass = {self, {{0, 0}, {0, 0}, 0}, context, token, 0, 0};
    int rc = is_ascii(text, length)
        ? tokenize_ascii(self, &pass, text, length)
        : self->words_api.xTokenize(self->words, &pass, FTS5_TOKENIZE_DOCUMENT, text, length, on_document_word);
    self->count = 0;
    if (++self->generation == 0) { /* wrapped: stamps from 2^32 documents ago would look current */
        if (self->seen) memset(self->seen, 0, self->capacity * sizeof(SeenSlot));
        self->generation = 1;
    }
    return rc;
}

/* ---- Queries: a phrase's shingles as an FTS5 expression. ---- */

typedef struct {
    const char *token;
    int length;
} Word;

typedef struct {
    Word *words;
    int count, capacity;
    int failed;
} WordList;

static int on_query_word(void *context, int flags, const char *token, int length, int start, int end) {
    (void)flags, (void)start, (void)end;
    WordList *list = context;
    if (list->count == list->capacity) {
        int capacity = list->capacity ? list->capacity * 2 : 16;
        Word *words = realloc(list->words, (size_t)capacity * sizeof(Word));
        if (!words) return list->failed = SQLITE_NOMEM;
        list->words = words;
        list->capacity = capacity;
    }
    char *copy = malloc((size_t)length + 1);
    if (!copy) return list->failed = SQLITE_NOMEM;
    memcpy(copy, token, (size_t)length);
    list->words[list->count++] = (Word){copy, length};
    return SQLITE_OK;
}

typedef struct {
    char *expression;
    size_t length, capacity;
    int terms;
} Expression;

static int append_term(void *context, uint64_t hash) {
    Expression *e = context;
    size_t need = e->length + PHRASE_SHINGLE_BYTES + 8;
    if (need > e->capacity) {
        size_t capacity = need * 2;
        char *grown = realloc(e->expression, capacity);
        if (!grown) return SQLITE_NOMEM;
        e->expression = grown;
        e->capacity = capacity;
    }
    if (e->terms > 0) { memcpy(e->expression + e->length, " AND ", 5); e->length += 5; }
    e->expression[e->length++] = '"';
    shingle_text(hash, e->expression + e->length);
    e->length += PHRASE_SHINGLE_BYTES;
    e->expression[e->length++] = '"';
    e->expression[e->length] = 0;
    e->terms++;
    return 0;
}

int ctokenizers_fts5_api(sqlite3 *db, fts5_api **api) {
    *api = NULL;
    sqlite3_stmt *statement = NULL;
    int rc = sqlite3_prepare_v2(db, "SELECT fts5(?1)", -1, &statement, NULL);
    if (rc != SQLITE_OK) return rc;
    sqlite3_bind_pointer(statement, 1, (void *)api, "fts5_api_ptr", NULL);
    rc = sqlite3_step(statement);
    sqlite3_finalize(statement);
    if (rc != SQLITE_ROW && rc != SQLITE_DONE) return rc;
    return *api && (*api)->iVersion >= 2 ? SQLITE_OK : SQLITE_ERROR;
}

int phrase_shingles_expression(sqlite3 *db, const char *phrase, int length, char **out) {
    *out = NULL;
    fts5_api *api = NULL;
    int rc = ctokenizers_fts5_api(db, &api);
    fts5_tokenizer methods;
    Fts5Tokenizer *words = NULL;
    if (rc == SQLITE_OK) rc = find_words_tokenizer(api, &methods, &words);
    if (rc != SQLITE_OK) return rc;
    WordList list = {NULL, 0, 0, SQLITE_OK};
    rc = methods.xTokenize(words, &list, FTS5_TOKENIZE_QUERY, phrase, length, on_query_word);
    methods.xDelete(words);
    if (rc == SQLITE_OK) rc = list.failed;
    Expression expression = {NULL, 0, 0, 0};
    WordRun run = {{0, 0}, {0, 0}, 0};
    for (int i = 0; rc == SQLITE_OK && i < list.count; i++) {
        /* Only the last word may be a prefix of the line's word. */
        rc = run_add_word(&run, list.words[i].token, list.words[i].length, i < list.count - 1, append_term, &expression);
    }
    for (int i = 0; i < list.count; i++) free((void *)list.words[i].token);
    free(list.words);
    if (rc != SQLITE_OK) {
        free(expression.expression);
        return rc;
    }
    *out = expression.expression; /* NULL: fewer than two words, no shingle to ask for */
    return SQLITE_OK;
}

void phrase_shingles_free(char *expression) { free(expression); }
