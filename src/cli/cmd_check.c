/* cmd_check.c - `actionplan check`: is the database whole? Read-only. */
#include "cli.h"

#include <string.h>

const ap_cmd_spec cmd_check_spec = {
    .name = "check",
    .max_args = 0,
    .summary_sv = "kontrollera databasen (integritet, nycklar, schema) utan att ändra den",
    .summary_en = "check the database (integrity, keys, schema) without changing it",
    .details_sv = "Kör PRAGMA integrity_check och foreign_key_check, jämför schemat med det\n"
                  "som 'init' gör och prövar varje värde mot sina gränser (databasen ändras\n"
                  "inte), visar schemaversion och innehåll. Sista raden är domen: OK, eller\n"
                  "FEL: ... med avslutningsstatus 1.\n"
                  "Fungerar också på en säkerhetskopia: actionplan --db KOPIA.db check",
    .details_en = "Runs PRAGMA integrity_check and foreign_key_check, compares the schema with\n"
                  "the one 'init' makes and tests every value against its limits (the database\n"
                  "is not changed), shows the schema version and the contents. The last line is\n"
                  "the verdict: OK, or FEL: ... (ERROR: ... in English) with exit status 1. Works on a backup too: actionplan --db COPY.db "
                  "check",
    .opts = (const ap_opt[]){{NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

/* "224 kB", "1,2 MB" */
static void describe_size(ap_buf *b, long long bytes)
{
    if (bytes < 1024 * 1024) {
        ap_buf_printf(b, "%lld kB", (bytes + 1023) / 1024);
        return;
    }
    long long tenths = (bytes * 10 + 512 * 1024) / (1024 * 1024);
    ap_buf_printf(b, "%lld%s%lld MB", tenths / 10, TR(",", "."), tenths % 10);
}

/* What a database holds, one line: "224 kB; 1 plan, 59 aktiviteter, ..." */
static void describe_facts(ap_buf *b, const ap_db_facts *f)
{
    describe_size(b, f->bytes);
    ap_buf_printf(b,
                  TR("; %lld %s, %lld %s, %lld %s, %lld %s, %lld %s och %lld %s",
                     "; %lld %s, %lld %s, %lld %s, %lld %s, %lld %s and %lld %s"),
                  f->plans, ap_plural(f->plans, "plan", "planer", "plan", "plans"), f->activities,
                  ap_plural(f->activities, "aktivitet", "aktiviteter", "activity", "activities"),
                  f->updates,
                  ap_plural(f->updates, "statusrapport", "statusrapporter", "status report",
                            "status reports"),
                  f->state_changes,
                  ap_plural(f->state_changes, "lägesändring", "lägesändringar", "state change",
                            "state changes"),
                  f->decisions, ap_plural(f->decisions, "beslut", "beslut", "decision", "decisions"),
                  f->measurements,
                  ap_plural(f->measurements, "mätning", "mätningar", "measurement", "measurements"));
}

ap_rc ap_db_inspect(const char *path, ap_db_facts *facts, ap_buf *summary, bool *ok,
                    ap_buf *problems, ap_error *err)
{
    *ok = false;
    memset(facts, 0, sizeof *facts);
    ap_store *s = NULL;
    ap_rc rc = ap_store_open_readonly(path, &s, err);
    if (rc != AP_OK)
        return rc;
    /* Once the file is open as ours, a failure to read it is damage
     * ("database disk image is malformed"): a finding, not an error. */
    ap_error inner;
    ap_error_clear(&inner);
    if (ap_store_check(s, ok, problems, &inner) != AP_OK) {
        *ok = false;
        ap_buf_printf(problems, "%s\n", inner.msg);
    }
    char first[sizeof inner.msg];
    snprintf(first, sizeof first, "%s", inner.msg);
    if (ap_store_facts(s, facts, &inner) == AP_OK) {
        describe_facts(summary, facts);
    } else {
        *ok = false;
        if (strcmp(first, inner.msg) != 0)
            ap_buf_printf(problems, "%s\n", inner.msg);
    }
    ap_store_close(s);
    return AP_OK;
}

ap_rc cmd_check(ap_ctx *ctx, const ap_args *args)
{
    (void)args;
    ap_db_facts facts;
    ap_buf summary = {0}, problems = {0};
    bool ok = false;
    printf(TR("Databas:    %s\n", "Database:   %s\n"), ctx->db_path);
    ap_rc rc = ap_db_inspect(ctx->db_path, &facts, &summary, &ok, &problems, &ctx->err);
    if (rc != AP_OK) {
        printf(TR("FEL: %s\n", "ERROR: %s\n"), ctx->err.msg);
        goto out;
    }
    if (summary.len) {
        printf(TR("Schema:     %d (detta program: %d)\n", "Schema:     %d (this program: %d)\n"),
               facts.schema_version, AP_SCHEMA_VERSION);
        printf(TR("Journal:    %s\n", "Journal:    %s\n"), facts.journal_mode);
        printf(TR("Innehåll:   %s\n", "Contents:   %s\n"), ap_buf_str(&summary));
    }
    if (ok) {
        printf(TR("Kontroller: integrity_check, foreign_key_check, schemat och värdena utan "
                  "anmärkning\nOK\n",
                  "Checks:     integrity_check, foreign_key_check, the schema and the values "
                  "found nothing\nOK\n"));
    } else {
        printf(TR("Kontroller: problem hittades:\n", "Checks:     problems found:\n"));
        ap_buf indented = {0};
        ap_buf_puts(&indented, "  ");
        ap_buf_indented(&indented, ap_buf_str(&problems), 2);
        fputs(ap_buf_str(&indented), stdout);
        ap_buf_free(&indented);
        printf(TR("FEL: databasen är skadad; återställ den senaste säkerhetskopian "
                  "(se README, Säkerhetskopia och kontroll)\n",
                  "ERROR: the database is damaged; restore the latest backup "
                  "(see README, Backup and check)\n"));
        rc = ap_error_set(
            &ctx->err, AP_E_DB,
            TR("databasen '%s' klarade inte kontrollen", "the database '%s' failed the check"),
            ctx->db_path);
    }
out:
    ap_buf_free(&summary);
    ap_buf_free(&problems);
    return rc;
}
