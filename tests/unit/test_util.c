/* Unit tests for util.c: dates, UTF-8, Swedish collation, code order. */
#include "actionplan/util.h"
#include "actionplan/i18n.h"
#include "sha256.h"
#include "test.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

TEST(dates_roundtrip)
{
    ap_date d;
    char buf[11];
    CHECK(ap_date_parse("1970-01-01", &d));
    CHECK_INT(d, 0);
    CHECK(ap_date_parse("2016-02-29", &d));
    CHECK_STR(ap_date_format(d, buf), "2016-02-29");
    CHECK(ap_date_parse("2016-03-01", &d));
    ap_date feb29;
    ap_date_parse("2016-02-29", &feb29);
    CHECK_INT(d - feb29, 1);
    for (ap_date x = ap_date_from_ymd(1999, 1, 1); x < ap_date_from_ymd(2031, 1, 1); x += 17) {
        ap_date back;
        CHECK(ap_date_parse(ap_date_format(x, buf), &back));
        CHECK_INT(back, x);
    }
}

TEST(dates_refused)
{
    ap_date d;
    CHECK(!ap_date_parse("2016-02-30", &d));
    CHECK(!ap_date_parse("2017-02-29", &d));
    CHECK(!ap_date_parse("2016-13-01", &d));
    CHECK(!ap_date_parse("2016-00-10", &d));
    CHECK(!ap_date_parse("2016-1-01", &d));
    CHECK(!ap_date_parse("16-01-01", &d));
    CHECK(!ap_date_parse("2016-01-01x", &d));
    CHECK(!ap_date_parse("", &d));
    CHECK(!ap_date_parse(NULL, &d));
    CHECK(ap_date_parse("2000-02-29", &d));
    CHECK(!ap_date_parse("1900-02-29", &d));
}

TEST(excel_serial)
{
    CHECK_INT((long long)ap_date_excel_serial(ap_date_from_ymd(2016, 1, 1)), 42370);
}

TEST(utf8_validation)
{
    size_t bad = 99;
    CHECK(ap_utf8_valid("Södertälje åäö", strlen("Södertälje åäö"), NULL));
    CHECK(!ap_utf8_valid("ab\xff", 3, &bad));
    CHECK_INT(bad, 2);
    CHECK(!ap_utf8_valid("\xc3", 1, &bad));              /* truncated */
    CHECK(!ap_utf8_valid("\xc0\xaf", 2, &bad));          /* overlong */
    CHECK(!ap_utf8_valid("\xed\xa0\x80", 3, &bad));      /* surrogate */
    CHECK(!ap_utf8_valid("\xf4\x90\x80\x80", 4, &bad));  /* > U+10FFFF */
    CHECK_INT(ap_utf8_len("åäö"), 3);
    CHECK_INT(ap_utf8_prefix("åäö", 2), 4);
}

TEST(swedish_collation)
{
    CHECK(ap_collate_sv("Zeta", "Åsa") < 0);
    CHECK(ap_collate_sv("Åsa", "Ärla") < 0);
    CHECK(ap_collate_sv("Ärla", "Örjan") < 0);
    CHECK(ap_collate_sv("anna", "Bertil") < 0);
    CHECK(ap_collate_sv("Élan", "Fisk") < 0);
    CHECK(ap_collate_sv("abc", "abc") == 0);
    CHECK(ap_casecmp_utf8("GRÖN", "grön") == 0);
    CHECK(ap_casecmp_utf8("Röd", "RÖD") == 0);
    CHECK(ap_casecmp_utf8("gul", "grön") != 0);
}

TEST(code_order)
{
    CHECK(ap_code_cmp("1.2", "1.10") < 0);
    CHECK(ap_code_cmp("1.10.1", "1.9.3") > 0);
    CHECK(ap_code_cmp("M2", "M10") < 0);
    CHECK(ap_code_cmp("2", "2") == 0);
    CHECK(ap_code_cmp("2", "2.1") < 0);
}

TEST(numbers)
{
    long long v;
    double x;
    CHECK(ap_parse_int("42", 0, 100, &v) && v == 42);
    CHECK(!ap_parse_int("101", 0, 100, &v));
    CHECK(!ap_parse_int("4x", 0, 100, &v));
    CHECK(!ap_parse_int("", 0, 100, &v));
    CHECK(ap_parse_number("3,5", &x) && x == 3.5);
    CHECK(ap_parse_number("-12.25", &x) && x == -12.25);
    CHECK(!ap_parse_number("1.2.3", &x));
    CHECK(!ap_parse_number("abc", &x));
}

/* Issue 14, item 10: one rule in every language; "41,000" is ambiguous. */
TEST(ambiguous_decimals)
{
    double x;
    char hint[200];
    const char *refused[] = {"41,000", "41.000", "-41,000", "2,125", "100.500", "+7,999"};
    for (size_t i = 0; i < sizeof refused / sizeof *refused; i++) {
        CHECK(!ap_parse_number(refused[i], &x));
        CHECK(ap_number_ambiguous(refused[i], hint, sizeof hint));
    }
    const char *accepted[] = {"41000", "41,0", "41,00", "41.0000", "0,500", "0.125", ",500",
                              "41", "3,5"};
    for (size_t i = 0; i < sizeof accepted / sizeof *accepted; i++) {
        CHECK(ap_parse_number(accepted[i], &x));
        CHECK(!ap_number_ambiguous(accepted[i], hint, sizeof hint));
    }
    CHECK(ap_parse_number("0,500", &x) && x == 0.5);
    CHECK(ap_number_ambiguous("41,000", hint, sizeof hint));
    CHECK(strstr(hint, "41000") && strstr(hint, "41,0"));
    CHECK(ap_number_ambiguous("-2.125", hint, sizeof hint));
    CHECK(strstr(hint, "-2125") && strstr(hint, "-2.1250"));
    CHECK(!ap_number_ambiguous(NULL, hint, sizeof hint));
}

/* Issue 14, item 9: control characters found and shown escaped. */
TEST(control_characters)
{
    const char *s = "ok\tand\nfine";
    CHECK_INT(ap_text_control_at(s, strlen(s)), strlen(s));
    s = "a\033]52;c;x\a";
    CHECK_INT(ap_text_control_at(s, strlen(s)), 1);
    s = "åäö\r";
    CHECK_INT(ap_text_control_at(s, strlen(s)), 6);
    s = "x\xc2\x9b" "31m";
    CHECK_INT(ap_text_control_at(s, strlen(s)), 1);
    s = "\xc2\xa0nbsp";
    CHECK_INT(ap_text_control_at(s, strlen(s)), strlen(s));
    char name[32];
    ap_control_name("\033", name, sizeof name);
    CHECK_STR(name, "U+001B (ESC)");
    ap_control_name("\x7f", name, sizeof name);
    CHECK_STR(name, "U+007F (DEL)");
    ap_control_name("\xc2\x9b", name, sizeof name);
    CHECK_STR(name, "U+009B");

    char *out = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&out, &len);
    ap_write_escaped(f, "\033[31mRöd\033[0m \033]52;c;x\a\r\xc2\x9b\tend\n", true);
    ap_write_escaped(f, "\033[31m", false);
    fclose(f);
    CHECK_STR(out, "\033[31mRöd\033[0m \\x1b]52;c;x\\x07\\x0d\\u009b\tend\n\\x1b[31m");
    free(out);
}

/* Issue 14, item 14: the one check of every date that must not be future. */
TEST(future_dates)
{
    ap_error err = {0};
    ap_date today = ap_date_from_ymd(2018, 6, 30);
    CHECK_INT(ap_date_check_not_future(today, today, "--as-of", &err), AP_OK);
    CHECK_INT(ap_date_check_not_future(AP_DATE_NONE, today, "--as-of", &err), AP_OK);
    CHECK_INT(ap_date_check_not_future(today + 1, today, "--as-of", &err), AP_E_INPUT);
    CHECK(strstr(err.msg, "2018-07-01") != NULL);
}

TEST(string_map)
{
    ap_strmap m = {0};
    int values[1000];
    char key[32];
    for (int i = 0; i < 1000; i++) {
        values[i] = i;
        snprintf(key, sizeof key, "%d.%d.%d", i / 100, i / 10 % 10, i % 10);
        ap_strmap_put(&m, key, &values[i]);
    }
    CHECK_INT(m.n, 1000);
    CHECK(ap_strmap_get(&m, "4.5.6") == &values[456]);
    CHECK(ap_strmap_get(&m, "no") == NULL);
    ap_strmap_put(&m, "4.5.6", &values[1]);
    CHECK(ap_strmap_get(&m, "4.5.6") == &values[1]);
    CHECK_INT(m.n, 1000);
    ap_strmap_free(&m);
    CHECK(ap_strmap_get(&m, "4.5.6") == NULL);
}

TEST(interned_strings)
{
    ap_arena arena = {0};
    ap_intern t = {.arena = &arena};
    char name[32];
    const char *first[500];
    for (int i = 0; i < 500; i++) { /* grows the table several times */
        snprintf(name, sizeof name, "Person %d", i);
        first[i] = ap_intern_str(&t, name);
        CHECK_STR(first[i], name);
    }
    CHECK_INT(t.n, 500);
    for (int i = 0; i < 500; i++) { /* the same copy, whatever buffer it comes from */
        snprintf(name, sizeof name, "Person %d", i);
        CHECK(ap_intern_str(&t, name) == first[i]);
    }
    CHECK_INT(t.n, 500);
    /* by length: a prefix is another string, and bytes after n do not count */
    CHECK(ap_intern_mem(&t, "Person 12", 8) == first[1]);
    CHECK(ap_intern_str(&t, "Person") != first[1]);
    CHECK_STR(ap_intern_str(&t, "Åsa Öberg"), "Åsa Öberg");
    CHECK(ap_intern_str(&t, "") == ap_intern_str(&t, ""));
    CHECK(ap_intern_str(&t, NULL) == NULL);
    CHECK_INT(t.n, 503);
    ap_intern_free(&t);
    CHECK_STR(first[499], "Person 499"); /* the strings stay with the arena */
    ap_arena_free(&arena);
}

TEST(arena_alignment)
{
    ap_arena arena = {0};
    for (int i = 0; i < 10000; i++) {
        char *s = ap_arena_strdup(&arena, i % 2 ? "abc" : "å");
        CHECK(s[0] != 0);
        long long *p = ap_arena_alloc(&arena, (size_t)(i % 7) * sizeof *p);
        CHECK_INT((int)((uintptr_t)p % 16), 0);
        for (int k = 0; k < i % 7; k++)
            CHECK(p[k] == 0);
    }
    char *big = ap_arena_alloc(&arena, 200000); /* a chunk of its own */
    CHECK(big[0] == 0 && big[199999] == 0);
    CHECK_INT((int)((uintptr_t)ap_arena_alloc(&arena, 0) % 16), 0);
    ap_arena_free(&arena);
}

TEST(sha256_in_pieces)
{
    char one[65], pieces[65];
    ap_sha256_hex("abc", 3, one);
    CHECK_STR(one, "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    /* 1,000 bytes fed in pieces of every size across block boundaries */
    char data[1000];
    for (int i = 0; i < 1000; i++)
        data[i] = (char)(i * 7 + 3);
    ap_sha256_hex(data, sizeof data, one);
    for (size_t step = 1; step <= 130; step++) {
        ap_sha256 c;
        ap_sha256_init(&c);
        for (size_t at = 0; at < sizeof data; at += step)
            ap_sha256_update(&c, data + at, at + step <= sizeof data ? step : sizeof data - at);
        ap_sha256_final(&c, pieces);
        CHECK_STR(pieces, one);
    }
}

TEST(grouped_numbers)
{
    char buf[64];
    CHECK_STR(ap_format_grouped(1800000, " ", buf, sizeof buf), "1 800 000");
    CHECK_STR(ap_format_grouped(999, " ", buf, sizeof buf), "999");
    CHECK_STR(ap_format_grouped(1000, " ", buf, sizeof buf), "1 000");
    CHECK_STR(ap_format_grouped(-12345, " ", buf, sizeof buf), "-12 345");
    CHECK_STR(ap_format_grouped(0, " ", buf, sizeof buf), "0");
}

/* issue 15, part 3: no C library message in Swedish output */
TEST(errno_texts)
{
    const int common[] = {ENOENT, EACCES, EPERM,        ENOSPC, EDQUOT, EISDIR,
                          ENOTDIR, EROFS, ENAMETOOLONG, EMFILE, EIO,    EEXIST};
    ap_set_language(AP_LANG_SV);
    CHECK_STR(ap_errno_text(ENOENT), "filen eller katalogen finns inte");
    CHECK_STR(ap_errno_text(EACCES), "åtkomst nekas (behörighet saknas)");
    CHECK_STR(ap_errno_text(ENOSPC), "disken är full");
    for (size_t i = 0; i < sizeof common / sizeof common[0]; i++) {
        CHECK(strcmp(ap_errno_text(common[i]), strerror(common[i])) != 0);
        CHECK(strncmp(ap_errno_text(common[i]), "systemfel", 9) != 0);
    }
    CHECK_STR(ap_errno_text(EXDEV), "systemfel 18");
    ap_set_language(AP_LANG_EN);
    CHECK_STR(ap_errno_text(ENOENT), strerror(ENOENT));
    CHECK_STR(ap_errno_text(EACCES), "Permission denied");
    ap_set_language(AP_LANG_SV);
}

int main(void)
{
    RUN(errno_texts);
    RUN(grouped_numbers);
    RUN(string_map);
    RUN(interned_strings);
    RUN(arena_alignment);
    RUN(sha256_in_pieces);
    RUN(dates_roundtrip);
    RUN(dates_refused);
    RUN(excel_serial);
    RUN(utf8_validation);
    RUN(swedish_collation);
    RUN(code_order);
    RUN(numbers);
    RUN(ambiguous_decimals);
    RUN(control_characters);
    RUN(future_dates);
    return test_summary();
}
