/* cmd_report.c - `actionplan report steering`, `report annual`, `report list` and
 * `report site`. */
#include "actionplan/json.h"
#include "actionplan/report_job.h"
#include "actionplan/web.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const ap_cmd_spec cmd_report_steering_spec = {
    .name = "report steering",
    .max_args = 0,
    .summary_sv = "styrgruppsrapporten: Excel och PDF",
    .summary_en = "the steering-group pack: Excel and PDF",
    .details_sv = "Skriver styrgrupp-<plan>-<datum>.xlsx och .pdf. Ändringar visas sedan --since,\n"
                  "som annars är datumet för förra styrgruppsrapporten (eller tre månader).",
    .details_en = "Writes styrgrupp-<plan>-<date>.xlsx and .pdf. Changes are shown since --since,\n"
                  "by default the date of the previous steering pack (or three months).",
    .opts = (const ap_opt[]){
        {"as-of", OPT_DATE, "D", "läget per detta datum (standard: i dag)",
         "the picture as of this date (default: today)", false},
        {"since", OPT_DATE, "D", "visa ändringar efter detta datum",
         "show changes after this date", false},
        {"as-recorded", OPT_TEXT, "T",
         "gör rapporten som databasen visste det vid tidpunkten T",
         "make the report as the database knew it at time T", false},
        {"again", OPT_INT, "ID", "gör om rapport ID ur registret, exakt som den lämnades ut",
         "make report ID of the register again, exactly as it was handed out", false},
        {"out", OPT_TEXT, "DIR", "katalog för filerna (standard: [report] output_dir)",
         "folder for the files (default: [report] output_dir)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

const ap_cmd_spec cmd_report_annual_spec = {
    .name = "report annual",
    .max_args = 0,
    .summary_sv = "årsrapporten till [report] recipient (kommunstyrelsen): PDF och Excel",
    .summary_en = "the annual report to [report] recipient (the municipal executive board): "
                  "PDF and Excel",
    .details_sv = "Skriver arsrapport-<plan>-<år>.pdf och .xlsx med läget den 31 december.",
    .details_en = "Writes arsrapport-<plan>-<year>.pdf and .xlsx with the picture of 31 December.",
    .opts = (const ap_opt[]){
        {"year", OPT_INT, "Y", "året (obligatoriskt)", "the year (required)", false},
        {"as-recorded", OPT_TEXT, "T",
         "gör rapporten som databasen visste det vid tidpunkten T",
         "make the report as the database knew it at time T", false},
        {"again", OPT_INT, "ID", "gör om rapport ID ur registret, exakt som den lämnades ut",
         "make report ID of the register again, exactly as it was handed out", false},
        {"out", OPT_TEXT, "DIR", "katalog för filerna (standard: [report] output_dir)",
         "folder for the files (default: [report] output_dir)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

const ap_cmd_spec cmd_report_list_spec = {
    .name = "report list",
    .max_args = 0,
    .summary_sv = "registret: varje rapport som gjorts, med datum och sammanfattning av datan",
    .summary_en = "the register: every report made, with its dates and the digest of its data",
    .details_sv = "En rapport i registret kan göras om exakt med 'report steering --again ID'\n"
                  "eller 'report annual --again ID'.",
    .details_en = "A report of the register can be made again exactly with\n"
                  "'report steering --again ID' or 'report annual --again ID'.",
    .opts = (const ap_opt[]){{"json", OPT_FLAG, NULL, "skriv JSON", "write JSON", false},
                             {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

const ap_cmd_spec cmd_report_site_spec = {
    .name = "report site",
    .max_args = 0,
    .summary_sv = "den publika webbplatsen som statiska filer, med årsrapporterna som "
                  "tillgängliga sidor",
    .summary_en = "the public website as static files, with the annual reports as accessible "
                  "pages",
    .details_sv = "Skriver de publika planernas sidor (som 'serve' visar dem), varje registrerad\n"
                  "årsrapport som HTML och tillgänglighetsredogörelsen till DIR, med start i\n"
                  "DIR/index.html och bara relativa länkar. Kräver [public] contact. DIR byts ut\n"
                  "i ett svep; en mapp med annat innehåll rörs inte.",
    .details_en = "Writes the public plans' pages (as 'serve' shows them), every registered annual\n"
                  "report as HTML and the accessibility statement into DIR, entered at\n"
                  "DIR/index.html, with relative links only. Needs [public] contact. DIR is\n"
                  "replaced in one step; a folder holding anything else is left alone.",
    .opts = (const ap_opt[]){
        {"out", OPT_TEXT, "DIR", "mappen för webbplatsen (obligatoriskt)",
         "the site's folder (required)", false},
        {"as-of", OPT_DATE, "D", "läget per detta datum (standard: i dag)",
         "the picture as of this date (default: today)", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

static const char *out_dir(const ap_ctx *ctx, const ap_args *args)
{
    const char *d = ap_args_text(args, "out");
    return d && *d ? d : ctx->cfg.output_dir;
}

/* Print the files written and the report's number in the register. */
static void wrote(char paths[2][4096], int64_t id)
{
    printf(TR("Skrev %s\nSkrev %s\n", "Wrote %s\nWrote %s\n"), paths[0], paths[1]);
    if (id > 0)
        printf(TR("Registrerad som rapport %lld\n", "Registered as report %lld\n"),
               (long long)id);
}

/* --again ID: make a registered report again; kind must match. */
static ap_rc again(ap_ctx *ctx, const ap_args *args, const char *kind)
{
    ap_arena arena = {0};
    ap_report_rec r = {0};
    char paths[2][4096];
    long long id = ap_args_int(args, "again", 0);
    ap_rc rc = ap_report_again(ctx->store, id, kind, &ctx->cfg, out_dir(ctx, args), paths, &arena,
                               &r, &ctx->err);
    if (rc == AP_OK) {
        printf(TR("Skrev %s\nSkrev %s\n", "Wrote %s\nWrote %s\n"), paths[0], paths[1]);
        printf(TR("Rapport %lld gjord igen: samma data (%.12s…) som när den lämnades ut\n",
                  "Report %lld made again: the same data (%.12s…) as when it was handed out\n"),
               id, r.digest);
    }
    ap_arena_free(&arena);
    return rc;
}

ap_rc cmd_report_steering(ap_ctx *ctx, const ap_args *args)
{
    if (ap_args_has(args, "again"))
        return again(ctx, args, "steering");
    ap_date as_of = ap_ctx_date(args, "as-of");
    ap_date since = ap_args_date(args, "since");
    if (since != AP_DATE_NONE && since >= as_of) {
        char d1[11], d2[11];
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--since %s ligger inte före --as-of %s",
                               "--since %s is not before --as-of %s"),
                            ap_date_format(since, d1), ap_date_format(as_of, d2));
    }
    char paths[2][4096];
    ap_report_time t = {0, AP_DATE_NONE};
    int64_t id = 0;
    ap_ctx_warn_outside_period(ctx, as_of);
    ap_rc rc = ap_ctx_upto(ctx, args, &t.upto);
    if (rc == AP_OK)
        rc = ap_report_steering(ctx->store, ctx->plan_id, &ctx->cfg, as_of, since, &t,
                                out_dir(ctx, args), paths, &id, &ctx->err);
    if (rc == AP_OK)
        wrote(paths, id);
    return rc;
}

ap_rc cmd_report_annual(ap_ctx *ctx, const ap_args *args)
{
    if (ap_args_has(args, "again"))
        return again(ctx, args, "annual");
    if (!ap_args_has(args, "year"))
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--year saknas (t.ex. --year 2016)", "--year is missing (e.g. --year 2016)"));
    long long year = ap_args_int(args, "year", 0);
    if (year < 1900 || year > 9999)
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("ogiltigt år %lld (väntade t.ex. 2016)",
                               "invalid year %lld (expected e.g. 2016)"),
                            year);
    char paths[2][4096];
    ap_report_time t = {0, AP_DATE_NONE};
    int64_t id = 0;
    ap_rc rc = ap_ctx_upto(ctx, args, &t.upto);
    if (rc == AP_OK)
        rc = ap_report_annual(ctx->store, ctx->plan_id, &ctx->cfg, (int)year, &t,
                              out_dir(ctx, args), paths, &id, &ctx->err);
    if (rc == AP_OK)
        wrote(paths, id);
    return rc;
}

ap_rc cmd_report_site(ap_ctx *ctx, const ap_args *args)
{
    const char *dir = ap_args_text(args, "out");
    if (!dir || !*dir)
        return ap_error_set(&ctx->err, AP_E_USAGE,
                            TR("--out saknas (t.ex. --out webbplats)",
                               "--out is missing (e.g. --out site)"));
    ap_date as_of = ap_ctx_date(args, "as-of");
    ap_rc rc = ap_date_check_not_future(as_of, ap_date_today(), "--as-of", &ctx->err);
    ap_site_stats stats = {0};
    if (rc == AP_OK)
        rc = ap_web_site_write(ctx->store, &ctx->cfg, as_of, dir, &stats, &ctx->err);
    if (stats.leftovers) /* removed even when the run then fails */
        printf(TR("Tog bort %d %s som en avbruten körning lämnade efter sig\n",
                  "Removed %d %s left by an interrupted run\n"),
               stats.leftovers,
               ap_plural(stats.leftovers, "tillfällig mapp", "tillfälliga mappar",
                         "temporary folder", "temporary folders"));
    char index[4200];
    ap_path_join(index, sizeof index, dir, "index.html");
    if (rc == AP_OK)
        printf(TR("Skrev %d %s (%d %s, %d %s, %lld kB) till %s\nÖppna %s\n",
                  "Wrote %d %s (%d %s, %d %s, %lld kB) into %s\nOpen %s\n"),
               stats.files, ap_plural(stats.files, "fil", "filer", "file", "files"), stats.plans,
               ap_plural(stats.plans, "publik plan", "publika planer", "public plan",
                         "public plans"),
               stats.annual,
               ap_plural(stats.annual, "årsrapport", "årsrapporter", "annual report",
                         "annual reports"),
               (stats.bytes + 1023) / 1024, dir, index);
    return rc;
}

static void list_json(const ap_report_rec *list, size_t n)
{
    ap_json j;
    ap_json_init_file(&j, stdout, false);
    ap_json_begin_object(&j);
    ap_json_key(&j, "reports");
    ap_json_begin_array(&j);
    for (size_t i = 0; i < n; i++) {
        const ap_report_rec *r = &list[i];
        ap_json_begin_object(&j);
        ap_json_kv_int(&j, "id", r->id);
        ap_json_kv_string(&j, "kind", r->kind);
        ap_json_kv_date(&j, "as_of", r->as_of);
        ap_json_kv_date(&j, "since", r->since);
        ap_json_kv_string(&j, "recorded_at", r->recorded_at);
        ap_json_kv_string(&j, "digest", r->digest);
        ap_json_key(&j, "files");
        ap_json_begin_array(&j);
        for (const char *f = r->files ? r->files : ""; *f;) {
            size_t len = strcspn(f, "\n");
            char *one = ap_xstrndup(f, len);
            ap_json_string(&j, one);
            free(one);
            f += len + (f[len] ? 1 : 0);
        }
        ap_json_end_array(&j);
        ap_json_end_object(&j);
    }
    ap_json_end_array(&j);
    ap_json_end_object(&j);
    ap_json_finish(&j);
    putchar('\n');
}

ap_rc cmd_report_list(ap_ctx *ctx, const ap_args *args)
{
    ap_arena arena = {0};
    ap_report_rec *list = NULL;
    size_t n = 0;
    ap_rc rc = ap_store_report_list(ctx->store, ctx->plan_id, &arena, &list, &n, &ctx->err);
    if (rc == AP_OK && ap_args_has(args, "json")) {
        list_json(list, n);
    } else if (rc == AP_OK) {
        if (n == 0)
            printf(TR("Inga rapporter ännu.\n", "No reports yet.\n"));
        for (size_t i = 0; i < n; i++) {
            const ap_report_rec *r = &list[i];
            char a[11], b[11];
            printf("%4lld  %-9s  %s  %s%s  %s  %.12s\n", (long long)r->id,
                   strcmp(r->kind, "steering") == 0 ? TR("styrgrupp", "steering")
                                                     : TR("årsrapp.", "annual"),
                   ap_date_format(r->as_of, a), r->since == AP_DATE_NONE ? "" : TR("sedan ", "since "),
                   r->since == AP_DATE_NONE ? "" : ap_date_format(r->since, b),
                   r->recorded_at && *r->recorded_at ? r->recorded_at : "-",
                   r->digest ? r->digest : TR("(före registret)", "(before the register)"));
        }
    }
    ap_arena_free(&arena);
    return rc;
}
