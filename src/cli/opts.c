/* opts.c - the option parser and generated usage texts; see cli.h. */
#include "cli.h"
#include "actionplan/limits.h"

#include <stdlib.h>
#include <string.h>

/* Options every command accepts, before or after the command words. */
static const ap_opt global_opts[] = {
    {"config", OPT_TEXT, "FILE", "inställningsfil (standard: config.ini)",
     "settings file (default: config.ini)", false},
    {"db", OPT_TEXT, "FILE", "databasfil (standard: [database] path i inställningarna)",
     "database file (default: [database] path of the settings)", false},
    {"plan", OPT_TEXT, "ID", "planens id när databasen har flera planer",
     "the plan's id when the database holds several plans", false},
    {NULL, OPT_FLAG, NULL, NULL, NULL, false},
};

static int opt_index(const ap_cmd_spec *spec, const char *name)
{
    for (int i = 0; spec->opts && spec->opts[i].name; i++)
        if (strcmp(spec->opts[i].name, name) == 0)
            return i;
    return -1;
}

static int must_index(const ap_args *a, const char *name)
{
    int i = opt_index(a->spec, name);
    if (i < 0) {
        fprintf(stderr, "actionplan: internal error: option '%s' not declared for '%s'\n", name,
                a->spec->name);
        abort();
    }
    return i;
}

bool ap_args_has(const ap_args *a, const char *name)
{
    return a->set[must_index(a, name)];
}

const char *ap_args_text(const ap_args *a, const char *name)
{
    int i = must_index(a, name);
    return a->set[i] ? a->text[i] : NULL;
}

ap_date ap_args_date(const ap_args *a, const char *name)
{
    int i = must_index(a, name);
    return a->set[i] ? a->date[i] : AP_DATE_NONE;
}

long long ap_args_int(const ap_args *a, const char *name, long long dflt)
{
    int i = must_index(a, name);
    return a->set[i] ? a->num[i] : dflt;
}

/* ---- usage ---------------------------------------------------------------- */

static void print_opt(FILE *f, const ap_opt *o)
{
    char left[64];
    if (o->kind == OPT_FLAG)
        snprintf(left, sizeof left, "--%s", o->name);
    else
        snprintf(left, sizeof left, "--%s %s", o->name, o->metavar ? o->metavar : "X");
    fprintf(f, "  %-24s %s\n", left, TR(o->help_sv, o->help_en));
}

void ap_print_usage(FILE *f, const ap_cmd_spec *spec)
{
    fprintf(f, TR("Användning: actionplan %s%s%s%s\n", "Usage: actionplan %s%s%s%s\n"),
            spec->name, spec->opts && spec->opts[0].name ? TR(" [flaggor]", " [options]") : "",
            spec->args ? " " : "", spec->args ? spec->args : "");
    fprintf(f, "\n%s\n", TR(spec->summary_sv, spec->summary_en));
    if (spec->opts && spec->opts[0].name) {
        fprintf(f, "\n%s\n", TR("Flaggor:", "Options:"));
        for (const ap_opt *o = spec->opts; o->name; o++)
            print_opt(f, o);
    }
    fprintf(f, "\n%s\n", TR("Gemensamma flaggor:", "Common options:"));
    for (const ap_opt *o = global_opts; o->name; o++)
        print_opt(f, o);
    fprintf(f, "  %-24s %s\n", "--help", TR("visa denna hjälp", "show this help"));
    if (spec->details_sv)
        fprintf(f, "\n%s\n", TR(spec->details_sv, spec->details_en));
}

/* ---- parsing -------------------------------------------------------------- */

static ap_rc usage_error(ap_error *err, const ap_cmd_spec *spec, const char *fmt, const char *arg)
{
    char msg[512];
    snprintf(msg, sizeof msg, fmt, arg);
    return ap_error_set(err, AP_E_USAGE, TR("%s (se 'actionplan %s --help')",
                                            "%s (see 'actionplan %s --help')"),
                        msg, spec->name);
}

/* A text option is stored and shown: a control character in it (an escape
 * sequence from a pasted text) is refused, naming where it is, and so is a
 * text longer than AP_TEXT_MAX. */
static ap_rc check_text_value(const ap_opt *o, const char *value, ap_error *err)
{
    size_t n = strlen(value);
    if (!ap_utf8_valid(value, n, NULL))
        return AP_OK; /* the command says "not valid UTF-8" */
    size_t chars = ap_utf8_len(value);
    if (chars > AP_TEXT_MAX)
        return ap_error_set(err, AP_E_INPUT,
                            TR("--%s är %zu tecken lång (högst %d)",
                               "--%s is %zu characters long (at most %d)"),
                            o->name, chars, AP_TEXT_MAX);
    size_t at = ap_text_control_at(value, n);
    if (at == n)
        return AP_OK;
    char name[32], *prefix = ap_xstrndup(value, at);
    ap_control_name(value + at, name, sizeof name);
    size_t pos = ap_utf8_len(prefix) + 1;
    free(prefix);
    return ap_error_set(err, AP_E_INPUT,
                        TR("--%s: tecknet %s på plats %zu är %s",
                           "--%s: the character %s at position %zu is %s"),
                        o->name, name, pos, ap_control_reason());
}

/* A value of the wrong form is the user's input error (exit 1), not a
 * usage error: the command was written right, the value is wrong. */
static ap_rc take_value(const ap_opt *o, int idx, const char *value, ap_args *out,
                        ap_error *err)
{
    out->set[idx] = true;
    out->text[idx] = value;
    if (o->repeatable && out->nrepeats[idx] < AP_MAX_REPEATS)
        out->repeats[idx][out->nrepeats[idx]++] = value;
    if (o->kind == OPT_DATE && !ap_date_parse(value, &out->date[idx]))
        return ap_error_set(err, AP_E_INPUT,
                            TR("--%s: ogiltigt datum '%s' (väntade ÅÅÅÅ-MM-DD, ett datum som finns)",
                               "--%s: invalid date '%s' (expected YYYY-MM-DD, a date that exists)"),
                            o->name, value);
    if (o->kind == OPT_TEXT) {
        ap_rc rc = check_text_value(o, value, err);
        if (rc != AP_OK)
            return rc;
    }
    if (o->kind == OPT_INT && !ap_parse_int(value, -1000000000000LL, 1000000000000LL,
                                            &out->num[idx]))
        return ap_error_set(err, AP_E_INPUT,
                            TR("--%s: ogiltigt heltal '%s'", "--%s: invalid whole number '%s'"),
                            o->name, value);
    return AP_OK;
}

static bool take_global(ap_ctx *ctx, const char *name, const char *value)
{
    if (strcmp(name, "config") == 0) {
        ctx->config_path = value;
        ctx->config_given = true;
    } else if (strcmp(name, "db") == 0) {
        ctx->db_path = value;
    } else if (strcmp(name, "plan") == 0) {
        ctx->plan_key = value;
    } else {
        return false;
    }
    return true;
}

void ap_args_release(ap_args *a)
{
    free(a->pos);
    a->pos = NULL;
    a->npos = 0;
}

static int parse_args(const ap_cmd_spec *spec, int argc, char **argv, ap_ctx *ctx, ap_args *out,
                      ap_error *err)
{
    free(out->pos);
    memset(out, 0, sizeof *out);
    out->spec = spec;
    out->pos = ap_xcalloc((size_t)argc + 1, sizeof *out->pos);
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        char *arg = argv[i];
        if (only_positional || arg[0] != '-' || arg[1] == '\0') {
            out->pos[out->npos++] = arg;
            continue;
        }
        if (strcmp(arg, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (strcmp(arg, "--help") == 0 || strcmp(arg, "-h") == 0) {
            /* read on: a --config after --help chooses the help's language */
            out->help = true;
            continue;
        }
        if (arg[1] != '-')
            return usage_error(err, spec, TR("okänd flagga '%s'", "unknown option '%s'"), arg);
        char name[64];
        const char *eq = strchr(arg + 2, '=');
        size_t nlen = eq ? (size_t)(eq - arg - 2) : strlen(arg + 2);
        if (nlen >= sizeof name)
            return usage_error(err, spec, TR("okänd flagga '%s'", "unknown option '%s'"), arg);
        memcpy(name, arg + 2, nlen);
        name[nlen] = '\0';
        int idx = opt_index(spec, name);
        const ap_opt *o = idx >= 0 ? &spec->opts[idx] : NULL;
        bool global = false;
        for (const ap_opt *g = global_opts; g->name && !o; g++)
            if (strcmp(g->name, name) == 0)
                o = g, global = true;
        if (!o)
            return usage_error(err, spec, TR("okänd flagga '%s'", "unknown option '%s'"), arg);
        if (o->kind == OPT_FLAG) {
            if (eq)
                return usage_error(err, spec, TR("flaggan '%s' tar inget värde",
                                                 "the option '%s' takes no value"), arg);
            out->set[idx] = true;
            continue;
        }
        const char *value = eq ? eq + 1 : (i + 1 < argc ? argv[++i] : NULL);
        if (!value)
            return usage_error(err, spec, TR("flaggan '%s' behöver ett värde",
                                             "the option '%s' needs a value"), arg);
        if (global) {
            take_global(ctx, name, value);
            continue;
        }
        ap_rc rc = take_value(o, idx, value, out, err);
        if (rc != AP_OK)
            return rc;
    }
    if (out->npos < spec->min_args)
        return usage_error(err, spec, TR("%s saknas", "%s is missing"),
                           spec->args ? spec->args : "?");
    if (spec->max_args >= 0 && out->npos > spec->max_args)
        return usage_error(err, spec, TR("för många argument: '%s'", "too many arguments: '%s'"),
                           out->pos[spec->max_args]);
    return AP_OK;
}

int ap_args_parse(const ap_cmd_spec *spec, int argc, char **argv, ap_ctx *ctx, ap_args *out,
                  ap_error *err)
{
    int rc = parse_args(spec, argc, argv, ctx, out, err);
    return out->help ? -1 : rc;
}
