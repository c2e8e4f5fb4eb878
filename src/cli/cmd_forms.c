/* cmd_forms.c - `actionplan forms export` and `actionplan forms import FILE.xlsx...`. */
#include "actionplan/forms.h"
#include "cli.h"

#include <stdlib.h>
#include <string.h>

const ap_cmd_spec cmd_forms_export_spec = {
    .name = "forms export",
    .max_args = 0,
    .summary_sv = "uppdateringsblanketter i Excel till fokusområdesansvariga",
    .summary_en = "update forms in Excel for the focus-area leads",
    .details_sv =
        "En blankett per fokusområde (standard), en för fokusområde N (--focus), en för en\n"
        "ansvarig enhet (--owner) eller en per ansvarig enhet (--per-owner), med de aktiviteter\n"
        "som är beslutade eller pågår, och de föreslagna och pausade (för att ändra läget).\n"
        "Filerna heter blankett-<plan>-fokus-<N>-<datum>.xlsx eller\n"
        "blankett-<plan>-<enhet>-<datum>.xlsx. Läs tillbaka dem med 'forms import'.",
    .details_en =
        "One form per focus area (default), one for focus area N (--focus), one for an owner\n"
        "(--owner) or one per owner (--per-owner), with the activities that are decided or\n"
        "ongoing, and the proposed and paused ones (to move on in the state column). The\n"
        "files are named blankett-<plan>-fokus-<N>-<date>.xlsx or\n"
        "blankett-<plan>-<owner>-<date>.xlsx. Read them back with 'forms import'.",
    .opts =
        (const ap_opt[]){{"focus", OPT_TEXT, "N", "bara fokusområde N", "only focus area N", false},
                         {"owner", OPT_TEXT, "NAME", "bara aktiviteterna med denna ansvariga enhet",
                          "only the activities of this owner", false},
                         {"per-owner", OPT_FLAG, NULL, "en blankett per ansvarig enhet",
                          "one form per owner", false},
                         {"as-of", OPT_DATE, "D", "läget som blanketten visar (standard: i dag)",
                          "the picture the form shows (default: today)", false},
                         {"out", OPT_TEXT, "DIR",
                          "katalog för filerna (standard: [report] output_dir)",
                          "folder for the files (default: [report] output_dir)", false},
                         {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

const ap_cmd_spec cmd_forms_import_spec = {
    .name = "forms import",
    .args = "FILE.xlsx...",
    .min_args = 1,
    .max_args = -1,
    .summary_sv = "läs in ifyllda uppdateringsblanketter (allt eller inget per fil)",
    .summary_en = "read filled-in update forms back (all or nothing per file)",
    .details_sv =
        "Varje fil läses in för sig: ett fel i en fil registrerar inget från den filen.\n"
        "Tomma rader betyder \"inget nytt\". Samma fil två gånger registrerar inget nytt.\n"
        "En blankett för en annan plan eller databas, en ändrad kod och en blankett som är\n"
        "äldre än en senare rapport om samma aktivitet vägras med ett meddelande.\n"
        "Med --skip-conflicts registreras de rader som går och de övriga listas med skälet.",
    .details_en =
        "Each file is read on its own: an error in a file records nothing of that file.\n"
        "Empty rows mean \"no news\". The same file twice records nothing new.\n"
        "A form of another plan or database, a changed code and a form older than a later\n"
        "report on the same activity are refused with a message.\n"
        "With --skip-conflicts the rows that can be recorded are, and the others are listed\n"
        "with the reason.",
    .opts = (const ap_opt[]){{"skip-conflicts", OPT_FLAG, NULL,
                              "registrera raderna utan konflikt, lista de vägrade",
                              "record the rows without a conflict, list the refused ones", false},
                             {NULL, OPT_FLAG, NULL, NULL, NULL, false}},
};

/* "fokusområde 1" or "Campus Telge": what a form covers, for people. */
static void scope_words(ap_buf *b, bool per_owner, const char *value)
{
    if (per_owner)
        ap_buf_puts(b, value);
    else
        ap_buf_printf(b, TR("fokusområde %s", "focus area %s"), value);
}

ap_rc cmd_forms_export(ap_ctx *ctx, const ap_args *args)
{
    const char *out = ap_args_text(args, "out");
    ap_forms_export_opts o = {.as_of = ap_ctx_date(args, "as-of"),
                              .focus = ap_args_text(args, "focus"),
                              .owner = ap_args_text(args, "owner"),
                              .per_owner = ap_args_has(args, "per-owner"),
                              .out_dir = out && *out ? out : ctx->cfg.output_dir};
    ap_form_file *files = NULL;
    size_t n = 0;
    ap_rc rc = ap_forms_export(ctx->store, ctx->plan_id, &ctx->cfg, &o, &files, &n, &ctx->err);
    ap_buf b = {0};
    char d[11];
    for (size_t i = 0; i < n; i++) {
        /* only what is on disk: a form that failed is told by the error */
        if (!files[i].written && (files[i].path[0] || rc != AP_OK))
            continue;
        ap_buf_reset(&b);
        scope_words(&b, files[i].per_owner, files[i].scope_value);
        bool one = files[i].n_activities == 1;
        if (files[i].written)
            printf(TR("Skrev %s (%s, %zu %s)\n", "Wrote %s (%s, %zu %s)\n"), files[i].path,
                   ap_buf_str(&b), files[i].n_activities,
                   one ? TR("aktivitet", "activity") : TR("aktiviteter", "activities"));
        else
            printf(TR("Ingen blankett för %s: inga aktiva aktiviteter per %s\n",
                      "No form for %s: no active activities as of %s\n"),
                   ap_buf_str(&b), ap_date_format(o.as_of, d));
    }
    ap_buf_free(&b);
    free(files);
    return rc;
}

/* What became of a row: recorded, already there, or refused. */
static const char *row_outcome(const ap_form_row *r)
{
    if (r->refused)
        return TR("vägrad", "refused");
    return r->recorded || r->state_recorded ? TR("registrerad", "recorded")
                                            : TR("fanns redan", "already there");
}

/* One line per row with news: code, row, colour, progress, date, state,
 * cost, outcome; a refused row's reason on the next line. */
static void print_row(const ap_form_row *r)
{
    char d[11], p[16] = "";
    if (r->progress >= 0)
        snprintf(p, sizeof p, "%d %%", r->progress);
    ap_buf b = {0};
    ap_buf_puts(&b, "  ");
    ap_buf_pad(&b, r->code, 8);
    ap_buf_printf(&b, TR("rad %-4u ", "row %-4u "), (unsigned)r->row);
    ap_buf_pad(&b, r->color != AP_COLOR_NONE ? ap_color_label(r->color) : "", 6);
    ap_buf_pad(&b, p, 7);
    ap_buf_printf(&b, "%s  ", ap_date_format(r->date, d));
    if (r->has_state)
        ap_buf_printf(&b, "%s → %s  ", TR("läge", "state"), ap_state_label(r->state));
    if (r->cost >= 0)
        ap_buf_printf(&b, "%lld kr  ", r->cost);
    ap_buf_printf(&b, "%s%s\n", row_outcome(r),
                  r->cause_missing ? TR(" (orsak saknas)", " (cause missing)") : "");
    if (r->refused)
        ap_buf_printf(&b, "      %s\n", r->refused);
    fputs(ap_buf_str(&b), stdout);
    ap_buf_free(&b);
}

/* "1 rapport", "2 rapporter"; "1 rad", "2 rader". */
static const char *reports(int n)
{
    return ap_plural(n, "rapport", "rapporter", "report", "reports");
}

static const char *rows(int n)
{
    return ap_plural(n, "rad", "rader", "row", "rows");
}

/* What one file recorded, for the process lead to check. */
static void print_import(const ap_form_import *im)
{
    char d[11];
    ap_buf b = {0};
    scope_words(&b, im->scope && strcmp(im->scope, "owner") == 0, im->scope_value);
    printf(TR("%s: blankett %s för %s per %s, rapporterad av %s\n",
              "%s: form %s for %s as of %s, reported by %s\n"),
           im->path, im->form_key, ap_buf_str(&b), ap_date_format(im->as_of, d),
           im->signer ? im->signer : "?");
    for (size_t i = 0; i < im->n_rows; i++)
        print_row(&im->rows[i]);
    if (im->states)
        printf(TR("Registrerade %d %s.\n", "Recorded %d %s.\n"), im->states,
               ap_plural(im->states, "lägesändring", "lägesändringar", "state change",
                         "state changes"));
    if (im->recorded == 0 && im->assessment != AP_FORM_ASSESSMENT_RECORDED)
        printf(TR("Inget nytt registrerades: %d %s fanns redan, %d %s utan nyheter.\n",
                  "Nothing new was recorded: %d %s already there, %d %s without news.\n"),
               im->skipped, reports(im->skipped), im->n_empty, rows(im->n_empty));
    else
        printf(TR("Registrerade %d %s; %d fanns redan; %d %s utan nyheter.\n",
                  "Recorded %d %s; %d already there; %d %s without news.\n"),
               im->recorded, reports(im->recorded), im->skipped, im->n_empty, rows(im->n_empty));
    if (im->assessment == AP_FORM_ASSESSMENT_RECORDED)
        printf(TR("Registrerade bedömningen av fokusområde %s för %s.\n",
                  "Recorded the assessment of focus area %s for %s.\n"),
               im->scope_value, d);
    else if (im->assessment == AP_FORM_ASSESSMENT_THERE)
        printf(TR("Bedömningen fanns redan.\n", "The assessment was already there.\n"));
    ap_buf_free(&b);
}

ap_rc cmd_forms_import(ap_ctx *ctx, const ap_args *args)
{
    int failed = 0, refused = 0;
    ap_rc last = AP_OK;
    bool skip = ap_args_has(args, "skip-conflicts");
    for (int i = 0; i < args->npos; i++) {
        ap_form_import im;
        ap_error err;
        ap_error_clear(&err);
        ap_rc rc = ap_forms_import(ctx->store, ctx->plan_key, args->pos[i], skip, &im, &err);
        if (rc == AP_OK) {
            print_import(&im);
            refused += im.refused;
        } else {
            failed++;
            last = rc;
            ctx->err = err;
            /* With several files, each failure is told as it happens; the
             * last line sums up (main prints ctx->err). */
            if (args->npos > 1)
                fprintf(stderr, "actionplan: %s\n", err.msg);
        }
        ap_form_import_release(&im);
    }
    if (failed && args->npos > 1)
        return ap_error_set(&ctx->err, last,
                            TR("%d av %d blanketter lästes inte in (se ovan); de övriga är "
                               "registrerade",
                               "%d of %d forms were not read (see above); the others are "
                               "recorded"),
                            failed, args->npos);
    if (last == AP_OK && refused)
        return ap_error_set(&ctx->err, AP_E_CONFLICT,
                            TR("%d %s vägrades (se ovan); de övriga är registrerade",
                               "%d %s refused (see above); the others are recorded"),
                            refused, ap_plural(refused, "rad", "rader", "row was", "rows were"));
    return last;
}
