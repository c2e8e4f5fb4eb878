/* test_web_cache.c - the page cache of `serve` (web_cache.c): a kept answer
 * is served again byte for byte, the key tells apart what it must (path,
 * as_of, language), a change drops everything, and the bytes stay under the
 * bound with the least recently used going first. The stylesheet is the one
 * answer that needs no database, so it stands in for every page here. */
#include "test.h"

#include "actionplan/config.h"
#include "actionplan/web.h"

#include <stdio.h>
#include <string.h>

static ap_config cfg;

static void get(ap_web_cache *c, const char *as_of, const char *lang, ap_web_response *res)
{
    ap_web_request req = {.method = "GET", .path = "/assets/style.css", .as_of = as_of,
                          .accept_language = lang};
    ap_web_answer_cached(c, NULL, &cfg, &req, res);
}

static unsigned long long hits(ap_web_cache *c)
{
    return ap_web_cache_stats_of(c).hits;
}

TEST(keeps_and_serves_again)
{
    ap_web_cache *c = ap_web_cache_new(1 << 20);
    ap_web_response a, b;
    get(c, NULL, NULL, &a);
    CHECK_INT(a.status, 200);
    CHECK_INT((long long)hits(c), 0);
    get(c, NULL, NULL, &b);
    CHECK_INT((long long)hits(c), 1);
    CHECK(a.body.len == b.body.len && memcmp(a.body.p, b.body.p, a.body.len) == 0);
    CHECK_STR(b.content_type, a.content_type);
    ap_web_response_free(&a);
    ap_web_response_free(&b);
    /* other dates, another language: other keys */
    const char *as_ofs[] = {"2017-01-01", "2017-01-02", NULL};
    const char *langs[] = {NULL, NULL, "en"};
    for (int i = 0; i < 3; i++) {
        get(c, as_ofs[i], langs[i], &a);
        ap_web_response_free(&a);
    }
    CHECK_INT((long long)hits(c), 1);
    CHECK_INT((long long)ap_web_cache_stats_of(c).entries, 4);
    /* a bad as_of is answered 400 and not kept */
    get(c, "nej", NULL, &a);
    CHECK_INT(a.status, 400);
    ap_web_response_free(&a);
    get(c, "nej", NULL, &a);
    ap_web_response_free(&a);
    CHECK_INT((long long)hits(c), 1);
    ap_web_cache_free(c);
}

TEST(a_change_drops_everything)
{
    ap_web_cache *c = ap_web_cache_new(1 << 20);
    ap_web_response r;
    get(c, NULL, NULL, &r);
    ap_web_response_free(&r);
    ap_web_cache_changed(c);
    get(c, NULL, NULL, &r);
    ap_web_response_free(&r);
    CHECK_INT((long long)hits(c), 0);
    get(c, NULL, NULL, &r);
    ap_web_response_free(&r);
    CHECK_INT((long long)hits(c), 1);
    ap_web_cache_free(c);
}

TEST(stays_under_its_bound)
{
    ap_web_response r;
    ap_web_request req = {.method = "GET", .path = "/assets/style.css"};
    ap_web_answer(NULL, &cfg, &req, &r); /* one answer's size */
    size_t one = r.body.len;
    ap_web_response_free(&r);
    size_t bound = 5 * one + 2048; /* room for five answers */
    ap_web_cache *c = ap_web_cache_new(bound);
    char day[16];
    for (int i = 1; i <= 20; i++) {
        snprintf(day, sizeof day, "2017-01-%02d", i);
        get(c, day, NULL, &r);
        ap_web_response_free(&r);
        CHECK(ap_web_cache_stats_of(c).bytes <= bound);
    }
    size_t kept = ap_web_cache_stats_of(c).entries;
    CHECK(kept >= 3 && kept <= 5);
    /* the newest are kept, the oldest went */
    get(c, "2017-01-20", NULL, &r);
    ap_web_response_free(&r);
    CHECK_INT((long long)hits(c), 1);
    get(c, "2017-01-01", NULL, &r);
    ap_web_response_free(&r);
    CHECK_INT((long long)hits(c), 1);
    ap_web_cache_free(c);
}

int main(void)
{
    ap_config_defaults(&cfg);
    RUN(keeps_and_serves_again);
    RUN(a_change_drops_everything);
    RUN(stays_under_its_bound);
    return test_summary();
}
