/* trigram_once: SQLite's trigram tokenizer with each distinct trigram reported once per document.
 *
 * The archive's trigram index is detail=none: it records which chunks hold a trigram, nothing
 * about where or how often. Every repeat of a trigram in a chunk still costs FTS5 a hash lookup,
 * and a chunk of log text has ten times more trigrams than distinct ones. Dropping the repeats
 * before FTS5 sees them leaves the index byte for byte the same and skips that work. Queries are
 * tokenized exactly as by `trigram`.
 *
 * trigram_phrases is the same tokenizer with phrase shingles (phrase_shingles.c) added to each
 * document, and kept whole in queries. */
#include "ctokenizers.h"
#include "phrase_shingles.h"
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* A trigram of three one-byte characters (the common case) is a 24-bit key into a bitmap; the
 * keys set are listed so that clearing costs one step per distinct trigram, not 2 MiB. */
#define ASCII_KEYS (1u << 24)

/* Longer trigrams (multi-byte UTF-8, up to 3 x 4 bytes) go to an open-addressing table whose
 * slots are stamped with the document they were filled in, so a new document starts empty
 * without touching the table. */
typedef struct {
    uint32_t generation;
    uint8_t length;
    uint8_t bytes[12];
} WideSlot;

typedef struct {
    fts5_tokenizer inner_api;
    Fts5Tokenizer *inner;
    uint64_t *ascii_seen;
    uint32_t *ascii_keys;
    size_t ascii_count, ascii_capacity;
    WideSlot *wide;
    size_t wide_capacity, wide_count; /* capacity is a power of two */
    uint32_t generation;
    PhraseShingles *shingles; /* trigram_phrases only */
} TrigramOnce;

typedef struct {
    TrigramOnce *self;
    void *context;
    int (*token)(void *, int, const char *, int, int, int);
    int failed; /* SQLITE_NOMEM from our own bookkeeping */
} DocumentPass;

static uint64_t hash_bytes(const uint8_t *bytes, int length) {
    uint64_t h = 1469598103934665603ull;
    for (int i = 0; i < length; i++) h = (h ^ bytes[i]) * 1099511628211ull;
    return h ^ (h >> 29);
}

static int wide_grow(TrigramOnce *self) {
    size_t capacity = self->wide_capacity ? self->wide_capacity * 2 : 1024;
    WideSlot *slots = calloc(capacity, sizeof(WideSlot));
    if (!slots) return SQLITE_NOMEM;
    for (size_t i = 0; i < self->wide_capacity; i++) {
        WideSlot *old = &self->wide[i];
        if (old->generation != self->generation) continue;
        size_t at = hash_bytes(old->bytes, old->length) & (capacity - 1);
        while (slots[at].generation == self->generation) at = (at + 1) & (capacity - 1);
        slots[at] = *old;
    }
    free(self->wide);
    self->wide = slots;
    self->wide_capacity = capacity;
    return SQLITE_OK;
}

/* Whether this document has reported the trigram before (and remembers it if not). */
static int seen_before(TrigramOnce *self, const uint8_t *bytes, int length, int *failed) {
    if (length == 3 && bytes[0] < 0x80 && bytes[1] < 0x80 && bytes[2] < 0x80) {
        uint32_t key = ((uint32_t)bytes[0] << 16) | ((uint32_t)bytes[1] << 8) | bytes[2];
        uint64_t bit = 1ull << (key & 63);
        if (self->ascii_seen[key >> 6] & bit) return 1;
        if (self->ascii_count == self->ascii_capacity) {
            size_t capacity = self->ascii_capacity ? self->ascii_capacity * 2 : 4096;
            uint32_t *keys = realloc(self->ascii_keys, capacity * sizeof(uint32_t));
            if (!keys) { *failed = SQLITE_NOMEM; return 0; }
            self->ascii_keys = keys;
            self->ascii_capacity = capacity;
        }
        self->ascii_keys[self->ascii_count++] = key;
        self->ascii_seen[key >> 6] |= bit;
        return 0;
    }
    if (length > 12) return 0; /* cannot happen for trigrams; report it every time */
    if ((self->wide_count + 1) * 2 > self->wide_capacity && wide_grow(self) != SQLITE_OK) {
        *failed = SQLITE_NOMEM;
        return 0;
    }
    size_t mask = self->wide_capacity - 1;
    size_t at = hash_bytes(bytes, length) & mask;
    while (self->wide[at].generation == self->generation) {
        WideSlot *slot = &self->wide[at];
        if (slot->length == length && memcmp(slot->bytes, bytes, (size_t)length) == 0) return 1;
        at = (at + 1) & mask;
    }
    self->wide[at].generation = self->generation;
    self->wide[at].length = (uint8_t)length;
    memcpy(self->wide[at].bytes, bytes, (size_t)length);
    self->wide_count++;
    return 0;
}

static int on_document_token(void *context, int flags, const char *token, int length, int start, int end) {
    DocumentPass *pass = context;
    if (seen_before(pass->self, (const uint8_t *)token, length, &pass->failed)) return SQLITE_OK;
    if (pass->failed) return pass->failed;
    return pass->token(pass->context, flags, token, length, start, end);
}

static void forget_document(TrigramOnce *self) {
    for (size_t i = 0; i < self->ascii_count; i++) {
        uint32_t key = self->ascii_keys[i];
        self->ascii_seen[key >> 6] &= ~(1ull << (key & 63));
    }
    self->ascii_count = 0;
    self->wide_count = 0;
    if (++self->generation == 0) { /* wrapped: stamps from 2^32 documents ago would look current */
        if (self->wide) memset(self->wide, 0, self->wide_capacity * sizeof(WideSlot));
        self->generation = 1;
    }
}

static void trigram_once_delete(Fts5Tokenizer *tokenizer) {
    TrigramOnce *self = (TrigramOnce *)tokenizer;
    if (!self) return;
    if (self->inner) self->inner_api.xDelete(self->inner);
    phrase_shingles_delete(self->shingles);
    free(self->ascii_seen);
    free(self->ascii_keys);
    free(self->wide);
    free(self);
}

/* What a registration of the tokenizer makes: the connection's FTS5 API, and whether its
 * documents carry phrase shingles. */
typedef struct {
    fts5_api *api;
    int with_shingles;
} Registration;

static int trigram_once_create(void *registration_context, const char **arguments, int count, Fts5Tokenizer **out) {
    Registration *registration = registration_context;
    fts5_api *api = registration->api;
    TrigramOnce *self = calloc(1, sizeof(TrigramOnce));
    if (!self) return SQLITE_NOMEM;
    self->generation = 1;
    void *inner_context = NULL;
    int rc = api->xFindTokenizer(api, "trigram", &inner_context, &self->inner_api);
    if (rc == SQLITE_OK) rc = self->inner_api.xCreate(inner_context, arguments, count, &self->inner);
    if (rc == SQLITE_OK && registration->with_shingles) rc = phrase_shingles_create(api, &self->shingles);
    if (rc == SQLITE_OK) {
        self->ascii_seen = calloc(ASCII_KEYS / 64, sizeof(uint64_t));
        if (!self->ascii_seen) rc = SQLITE_NOMEM;
    }
    if (rc != SQLITE_OK) {
        trigram_once_delete((Fts5Tokenizer *)self);
        return rc;
    }
    *out = (Fts5Tokenizer *)self;
    return SQLITE_OK;
}

static int trigram_once_tokenize(Fts5Tokenizer *tokenizer, void *context, int flags, const char *text, int length,
                                 int (*token)(void *, int, const char *, int, int, int)) {
    TrigramOnce *self = (TrigramOnce *)tokenizer;
    /* Queries (and anything but a document being indexed) keep every token: a phrase of
     * trigrams needs them all. */
    if ((flags & FTS5_TOKENIZE_DOCUMENT) == 0) {
        if (self->shingles && phrase_shingle_is_token(text, length)) return token(context, 0, text, length, 0, length);
        return self->inner_api.xTokenize(self->inner, context, flags, text, length, token);
    }
    DocumentPass pass = {self, context, token, SQLITE_OK};
    int rc = self->inner_api.xTokenize(self->inner, &pass, flags, text, length, on_document_token);
    forget_document(self);
    if (rc == SQLITE_OK && self->shingles) rc = phrase_shingles_tokenize_document(self->shingles, context, text, length, token);
    return rc;
}

int ctokenizers_register(sqlite3 *db) {
    fts5_api *api = NULL;
    int rc = ctokenizers_fts5_api(db, &api);
    if (rc != SQLITE_OK) return rc;
    fts5_tokenizer methods = {trigram_once_create, trigram_once_delete, trigram_once_tokenize};
    static const char *names[] = {"trigram_once", "trigram_phrases"};
    for (int i = 0; i < 2; i++) {
        Registration *registration = malloc(sizeof(Registration));
        if (!registration) return SQLITE_NOMEM;
        *registration = (Registration){api, i == 1};
        rc = api->xCreateTokenizer(api, names[i], registration, &methods, free);
        if (rc != SQLITE_OK) return rc;
    }
    return SQLITE_OK;
}
