/* cmd_import.c - `actionplan import PLAN.ini...`: plans from plan files. */
#include "actionplan/import.h"
#include "cli.h"

const ap_cmd_spec cmd_import_spec = {
    .name = "import",
    .args = "PLAN.ini...",
    .min_args = 1,
    .max_args = -1,
    .summary_sv = "skapa eller uppdatera planer från planfiler",
    .summary_en = "create or update plans from plan files",
    .details_sv = "Samma fil två gånger ändrar ingenting. Ändrade titlar, ansvariga och datum\n"
                  "uppdateras och loggas; historiken behålls. Något som saknas i filen men finns\n"
                  "i databasen tas aldrig bort i tysthet: importen avbryts, om inte --remove ges.",
    .details_en = "The same file twice changes nothing. Changed titles, owners and dates are\n"
                  "updated and logged; history is kept. Something the database holds but the file\n"
                  "lacks is never removed silently: the import stops unless --remove is given.",
    .opts = (const ap_opt[]){
        {"remove", OPT_FLAG, NULL,
         "markera det som saknas i filen som borttaget (historiken behålls)",
         "mark what the file lacks as removed (its history is kept)", false},
        {"effective", OPT_DATE, "D",
         "dagen ändringarna gäller från (standard: i dag; tidigare rapporter visar planen som den "
         "var)",
         "the day the changes take effect (default: today; earlier reports show the plan as it "
         "was)", false},
        {"dry-run", OPT_FLAG, NULL, "visa vad som skulle ändras, ändra inget",
         "show what would change, change nothing", false},
        {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

static ap_rc import_one(ap_ctx *ctx, const char *path, const ap_import_opts *opts)
{
    ap_plan_def *def = NULL;
    ap_rc rc = ap_plan_load_file(path, &def, &ctx->err);
    if (rc != AP_OK)
        return rc;
    ap_import_result res;
    rc = ap_import_plan(ctx->store, def, path, opts, &res, &ctx->err);
    if (rc == AP_OK) {
        const char *prefix = opts->dry_run ? TR("(provkörning) ", "(dry run) ") : "";
        if (res.created)
            printf(TR("%sImporterade den nya planen '%s' från %s: %zu %s, %zu %s, %zu %s, %zu %s.\n",
                      "%sImported the new plan '%s' from %s: %zu %s, %zu %s, %zu %s, %zu %s.\n"),
                   prefix, def->id, path, def->n_focus,
                   ap_plural((long long)def->n_focus, "fokusområde", "fokusområden", "focus area",
                             "focus areas"),
                   def->n_initiatives,
                   ap_plural((long long)def->n_initiatives, "insatsområde", "insatsområden",
                             "initiative area", "initiative areas"),
                   def->n_activities,
                   ap_plural((long long)def->n_activities, "aktivitet", "aktiviteter", "activity",
                             "activities"),
                   def->n_goals, ap_plural((long long)def->n_goals, "mål", "mål", "goal", "goals"));
        else if (res.changed + res.added + res.removed == 0)
            printf(TR("%sPlanen '%s' är redan som i %s: inga ändringar.\n",
                      "%sThe plan '%s' already matches %s: no changes.\n"),
                   prefix, def->id, path);
        else
            printf(TR("%sUppdaterade planen '%s' från %s: %d ändrade %s, %d %s, %d %s.\n%s",
                      "%sUpdated the plan '%s' from %s: %d changed %s, %d %s, %d %s.\n%s"),
                   prefix, def->id, path, res.changed,
                   ap_plural(res.changed, "fält", "fält", "field", "fields"), res.added,
                   ap_plural(res.added, "ny", "nya", "new", "new"), res.removed,
                   ap_plural(res.removed, "borttagen", "borttagna", "removed", "removed"),
                   ap_buf_str(&res.report));
    }
    ap_import_result_free(&res);
    ap_plan_def_free(def);
    return rc;
}

ap_rc cmd_import(ap_ctx *ctx, const ap_args *args)
{
    ap_import_opts opts = {.allow_remove = ap_args_has(args, "remove"),
                           .dry_run = ap_args_has(args, "dry-run"),
                           .effective = ap_args_date(args, "effective")};
    ap_date today = ap_date_today();
    if (opts.effective != AP_DATE_NONE && opts.effective > today) {
        char d[11];
        return ap_error_set(&ctx->err, AP_E_INPUT,
                            TR("--effective %s ligger i framtiden: en ändring gäller från i dag "
                               "eller ett tidigare datum",
                               "--effective %s is in the future: a change takes effect today or "
                               "earlier"),
                            ap_date_format(opts.effective, d));
    }
    for (int i = 0; i < args->npos; i++) {
        ap_rc rc = import_one(ctx, args->pos[i], &opts);
        if (rc != AP_OK)
            return rc;
    }
    return AP_OK;
}
