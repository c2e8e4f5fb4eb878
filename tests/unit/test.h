/*
 * test.h - a minimal unit-test harness: CHECK macros that report file:line
 * and keep going, and a main() that runs named cases.
 *
 *   TEST(parses_dates) { CHECK(ap_date_parse("2016-02-29", &d)); }
 *   int main(void) { RUN(parses_dates); return test_summary(); }
 */
#ifndef AP_TEST_H
#define AP_TEST_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* CTest's SKIP_RETURN_CODE: the test could not run (a tool is missing). */
#define TEST_SKIP 77

static int test_failures;
static int test_checks;
static const char *test_current = "";

#define TEST(name) static void name(void)
#define RUN(name)                                                                                 \
    do {                                                                                          \
        test_current = #name;                                                                     \
        name();                                                                                   \
    } while (0)

#define CHECK(cond)                                                                               \
    do {                                                                                          \
        test_checks++;                                                                            \
        if (!(cond)) {                                                                            \
            test_failures++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] check failed: %s\n", __FILE__, __LINE__, test_current,  \
                    #cond);                                                                       \
        }                                                                                         \
    } while (0)

#define CHECK_INT(actual, expected)                                                               \
    do {                                                                                          \
        long long a_ = (long long)(actual), e_ = (long long)(expected);                           \
        test_checks++;                                                                            \
        if (a_ != e_) {                                                                           \
            test_failures++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] %s is %lld, expected %lld\n", __FILE__, __LINE__,       \
                    test_current, #actual, a_, e_);                                               \
        }                                                                                         \
    } while (0)

#define CHECK_STR(actual, expected)                                                               \
    do {                                                                                          \
        const char *a_ = (actual), *e_ = (expected);                                              \
        test_checks++;                                                                            \
        if (!a_ || !e_ || strcmp(a_, e_) != 0) {                                                  \
            test_failures++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] %s is \"%s\", expected \"%s\"\n", __FILE__, __LINE__,   \
                    test_current, #actual, a_ ? a_ : "(null)", e_ ? e_ : "(null)");               \
        }                                                                                         \
    } while (0)

/* A check that what the rest of a case needs is there: counts a failure
 * and returns from the case when cond is false, so that a broken fixture
 * can never let a case pass by checking nothing. */
#define REQUIRE(cond)                                                                             \
    do {                                                                                          \
        test_checks++;                                                                            \
        if (!(cond)) {                                                                            \
            test_failures++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] required: %s\n", __FILE__, __LINE__, test_current,      \
                    #cond);                                                                       \
            return;                                                                               \
        }                                                                                         \
    } while (0)

/* Substring check, for error messages. */
#define CHECK_CONTAINS(haystack, needle)                                                          \
    do {                                                                                          \
        const char *h_ = (haystack), *n_ = (needle);                                              \
        test_checks++;                                                                            \
        if (!h_ || !strstr(h_, n_)) {                                                             \
            test_failures++;                                                                      \
            fprintf(stderr, "%s:%d: [%s] \"%s\" does not contain \"%s\"\n", __FILE__, __LINE__,  \
                    test_current, h_ ? h_ : "(null)", n_);                                        \
        }                                                                                         \
    } while (0)

/* Exit with TEST_SKIP, saying why, unless every program named in the
 * space-separated list is on PATH. For integration tests that check their
 * output with qpdf, poppler-utils or python3: a developer without them
 * sees the test skipped; ./test.sh installs them and fails on any skip. */
static inline void test_need(const char *programs)
{
    char cmd[1024];
    snprintf(cmd, sizeof cmd, "for p in %s; do command -v \"$p\" >/dev/null || exit 1; done",
             programs);
    if (system(cmd) != 0) {
        printf("SKIP: needs %s (scripts/deps.sh installs them; ./test.sh installs everything)\n",
               programs);
        exit(TEST_SKIP);
    }
}

static inline int test_summary(void)
{
    if (test_checks == 0) {
        fprintf(stderr, "no checks ran\n");
        return 1;
    }
    fprintf(stderr, "%d checks, %d failed\n", test_checks, test_failures);
    return test_failures ? 1 : 0;
}

#endif
