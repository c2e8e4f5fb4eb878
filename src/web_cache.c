/*
 * web_cache.c - the page cache of `serve` (web.h): whole answers kept until
 * the database changes.
 *
 * Validity is a generation number: ap_web_cache_changed bumps it, and an
 * answer is kept with the generation read before it was rendered, so that
 * an answer rendered while a change came in is never served after it. The
 * server's workers each watch PRAGMA data_version on a connection of their
 * own (store_version.c) and bump the generation when it moves: whichever
 * worker notices a commit first, every worker's next lookup misses.
 */
#include "web_internal.h"

#include "actionplan/i18n.h"

#include <pthread.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

enum { BUCKETS = 4096 };

typedef struct entry {
    struct entry *next_in_bucket;
    struct entry *newer, *older; /* the LRU list */
    unsigned long long generation;
    size_t hash;
    char *key;
    size_t key_len;
    int status;
    const char *content_type;
    char *body;
    size_t body_len;
} entry;

struct ap_web_cache {
    pthread_mutex_t lock;
    atomic_ullong generation;
    entry *buckets[BUCKETS];
    entry *newest, *oldest;
    size_t bytes, max_bytes, entries;
    unsigned long long hits, misses;
};

ap_web_cache *ap_web_cache_new(size_t max_bytes)
{
    ap_web_cache *c = ap_xcalloc(1, sizeof *c);
    pthread_mutex_init(&c->lock, NULL);
    atomic_init(&c->generation, 1);
    c->max_bytes = max_bytes;
    return c;
}

static size_t entry_bytes(const entry *e)
{
    return sizeof *e + e->key_len + e->body_len;
}

static void unlink_entry(ap_web_cache *c, entry *e)
{
    entry **p = &c->buckets[e->hash % BUCKETS];
    while (*p != e)
        p = &(*p)->next_in_bucket;
    *p = e->next_in_bucket;
    if (e->newer)
        e->newer->older = e->older;
    else
        c->newest = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    c->bytes -= entry_bytes(e);
    c->entries--;
    free(e->key);
    free(e->body);
    free(e);
}

void ap_web_cache_free(ap_web_cache *c)
{
    if (!c)
        return;
    while (c->oldest)
        unlink_entry(c, c->oldest);
    pthread_mutex_destroy(&c->lock);
    free(c);
}

void ap_web_cache_changed(ap_web_cache *c)
{
    atomic_fetch_add(&c->generation, 1);
}

ap_web_cache_stats ap_web_cache_stats_of(ap_web_cache *c)
{
    pthread_mutex_lock(&c->lock);
    ap_web_cache_stats st = {c->entries, c->bytes, c->hits, c->misses};
    pthread_mutex_unlock(&c->lock);
    return st;
}

static size_t hash_of(const char *key, size_t len)
{
    size_t h = 1469598103934665603ull;
    for (size_t i = 0; i < len; i++)
        h = (h ^ (unsigned char)key[i]) * 1099511628211ull;
    return h;
}

static void to_front(ap_web_cache *c, entry *e)
{
    if (c->newest == e)
        return;
    /* out of the list ... */
    e->newer->older = e->older;
    if (e->older)
        e->older->newer = e->newer;
    else
        c->oldest = e->newer;
    /* ... and in as the newest */
    e->older = c->newest;
    e->newer = NULL;
    c->newest->newer = e;
    c->newest = e;
}

/* The answer kept for key at generation gen, copied into out; a kept
 * answer of an earlier generation is dropped. */
static bool lookup(ap_web_cache *c, const char *key, size_t len, size_t hash,
                   unsigned long long gen, ap_web_response *out)
{
    bool found = false;
    pthread_mutex_lock(&c->lock);
    for (entry *e = c->buckets[hash % BUCKETS]; e; e = e->next_in_bucket) {
        if (e->hash != hash || e->key_len != len || memcmp(e->key, key, len) != 0)
            continue;
        if (e->generation != gen) {
            unlink_entry(c, e);
            break;
        }
        to_front(c, e);
        out->status = e->status;
        out->content_type = e->content_type;
        ap_buf_reset(&out->body);
        ap_buf_append(&out->body, e->body, e->body_len);
        found = true;
        break;
    }
    if (found)
        c->hits++;
    else
        c->misses++;
    pthread_mutex_unlock(&c->lock);
    return found;
}

static void keep(ap_web_cache *c, const char *key, size_t len, size_t hash,
                 unsigned long long gen, const ap_web_response *res)
{
    entry *e = ap_xcalloc(1, sizeof *e);
    e->generation = gen;
    e->hash = hash;
    e->key = ap_xmalloc(len);
    memcpy(e->key, key, len);
    e->key_len = len;
    e->status = res->status;
    e->content_type = res->content_type;
    e->body_len = res->body.len;
    e->body = ap_xmalloc(e->body_len ? e->body_len : 1);
    if (e->body_len)
        memcpy(e->body, res->body.p, e->body_len);
    pthread_mutex_lock(&c->lock);
    /* another worker may have kept the same answer meanwhile: replace it */
    for (entry *o = c->buckets[hash % BUCKETS]; o; o = o->next_in_bucket)
        if (o->hash == hash && o->key_len == len && memcmp(o->key, key, len) == 0) {
            unlink_entry(c, o);
            break;
        }
    e->next_in_bucket = c->buckets[hash % BUCKETS];
    c->buckets[hash % BUCKETS] = e;
    e->older = c->newest;
    if (c->newest)
        c->newest->newer = e;
    c->newest = e;
    if (!c->oldest)
        c->oldest = e;
    c->bytes += entry_bytes(e);
    c->entries++;
    while (c->bytes > c->max_bytes && c->oldest != e)
        unlink_entry(c, c->oldest);
    pthread_mutex_unlock(&c->lock);
}

void ap_web_answer_cached(ap_web_cache *c, ap_store *s, const ap_config *cfg,
                          const ap_web_request *req, ap_web_response *out)
{
    if (strcmp(req->method, "GET") != 0 && strcmp(req->method, "HEAD") != 0) {
        ap_web_answer(s, cfg, req, out);
        return;
    }
    /* The key: every input of the answer but the database; today read once,
     * for the key and the answer alike (a page made just after midnight is
     * never kept under the day before). */
    ap_date day = ap_date_today();
    char today[11];
    ap_date_format(day, today);
    ap_lang lang = web_language_of(cfg, req->accept_language);
    const char *parts[] = {req->path, lang == AP_LANG_EN ? "en" : "sv",
                           req->as_of ? "as_of" : "-", req->as_of ? req->as_of : "", today};
    ap_buf key = {0};
    for (size_t i = 0; i < sizeof parts / sizeof *parts; i++)
        ap_buf_append(&key, parts[i], strlen(parts[i]) + 1); /* with its NUL: no two keys alike */
    size_t hash = hash_of(key.p, key.len);
    unsigned long long gen = atomic_load(&c->generation);
    memset(out, 0, sizeof *out);
    if (lookup(c, key.p, key.len, hash, gen, out)) {
        ap_set_language(lang);
        ap_buf_free(&key);
        return;
    }
    ap_web_response_free(out);
    web_answer_on(s, cfg, req, day, out);
    /* one answer may take a quarter of the cache, no more */
    if (out->status == 200 && !out->filename[0] && out->body.len <= c->max_bytes / 4)
        keep(c, key.p, key.len, hash, gen, out);
    ap_buf_free(&key);
}
