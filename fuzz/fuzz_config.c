/*
 * fuzz_config.c - config.ini (ap_config_parse through the inih wrapper).
 *
 * Checks beyond memory safety: a refused file gets a message naming it;
 * accepted settings are within the ranges the status rules assume.
 */
#include "fuzz_common.h"

#include "actionplan/config.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_setup_once();
    ap_set_language(size % 2 ? AP_LANG_EN : AP_LANG_SV);
    ap_config cfg;
    ap_config_defaults(&cfg);
    ap_error err;
    ap_error_clear(&err);
    ap_rc rc = ap_config_parse((const char *)data, size, "fuzz.ini", &cfg, &err);
    fuzz_check_error(rc, &err, "fuzz.ini");
    if (rc == AP_OK) {
        const ap_rules_config *r = &cfg.rules;
        if (r->stale_days < 1 || r->stale_days > 3650 || r->green_min < 0 || r->green_min > 100 ||
            r->yellow_min < 0 || r->yellow_min > r->green_min || r->goal_green_min < 0 ||
            r->goal_green_min > 100 || r->goal_yellow_min < 0 ||
            r->goal_yellow_min > r->goal_green_min)
            fuzz_fail("settings out of range accepted", NULL);
        if (!cfg.output_dir[0] || !cfg.db_path[0])
            fuzz_fail("empty path accepted", NULL);
        if (cfg.language != AP_LANG_SV && cfg.language != AP_LANG_EN)
            fuzz_fail("language", NULL);
    }
    return 0;
}
