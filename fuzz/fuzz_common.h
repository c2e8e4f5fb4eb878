/*
 * fuzz_common.h - what every fuzz target shares: the properties checked on
 * each input beyond "no crash" (a failure always comes with a message that
 * names the file), and a fixed "today" so that runs repeat exactly.
 *
 * The targets are libFuzzer entry points; fuzz/replay.c runs the same entry
 * points over files without libFuzzer, for the regression tests of ctest.
 */
#ifndef AP_FUZZ_COMMON_H
#define AP_FUZZ_COMMON_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "actionplan/error.h"
#include "actionplan/i18n.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

/* Abort (a finding) with a message: the fuzzer keeps the input. */
static inline void fuzz_fail(const char *what, const char *detail)
{
    fprintf(stderr, "fuzz property violated: %s: %s\n", what, detail ? detail : "");
    abort();
}

/* A refused input must say so in a message that starts with the file name
 * (every error names what and where) and must not report success. */
static inline void fuzz_check_error(ap_rc rc, const ap_error *err, const char *filename)
{
    if (rc == AP_OK)
        return;
    if (rc == AP_E_INTERNAL)
        fuzz_fail("internal error", err->msg);
    if (err->msg[0] == '\0')
        fuzz_fail("error without a message", ap_rc_name(rc));
    if (strncmp(err->msg, filename, strlen(filename)) != 0)
        fuzz_fail("message does not name the file", err->msg);
}

/* Runs once per process: fixed date and language, so that a run repeats. */
static inline void fuzz_setup_once(void)
{
    static int done;
    if (done)
        return;
    done = 1;
    setenv("ACTIONPLAN_TODAY", "2020-06-30", 1);
    ap_set_language(AP_LANG_SV);
}

#endif
