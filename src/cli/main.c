/*
 * main.c - actionplan's entry point: global options, the command table,
 * and what each command needs before it runs.
 */
#include "cli.h"

#include <errno.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

/* One line per command; order is the order of the help text. */
static const ap_command commands[] = {
    {&cmd_init_spec, cmd_init, CREATES_STORE},
    {&cmd_import_spec, cmd_import, NEEDS_STORE},
    {&cmd_list_spec, cmd_list, NEEDS_STORE | NEEDS_PLAN | READS_ONLY},
    {&cmd_show_spec, cmd_show, NEEDS_STORE | NEEDS_PLAN | READS_ONLY},
    {&cmd_explain_spec, cmd_explain, NEEDS_STORE | NEEDS_PLAN | READS_ONLY},
    {&cmd_update_spec, cmd_update, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_state_spec, cmd_state, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_decide_spec, cmd_decide, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_assess_spec, cmd_assess, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_updates_import_spec, cmd_updates_import, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_measure_spec, cmd_measure, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_measures_import_spec, cmd_measures_import, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_assessments_import_spec, cmd_assessments_import, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_forms_export_spec, cmd_forms_export, NEEDS_STORE | NEEDS_PLAN},
    /* the plan comes from the form itself (--plan, when given, must match) */
    {&cmd_forms_import_spec, cmd_forms_import, NEEDS_STORE},
    {&cmd_report_steering_spec, cmd_report_steering, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_report_annual_spec, cmd_report_annual, NEEDS_STORE | NEEDS_PLAN},
    {&cmd_report_list_spec, cmd_report_list, NEEDS_STORE | NEEDS_PLAN},
    /* every public plan, whatever --plan says */
    {&cmd_report_site_spec, cmd_report_site, NEEDS_STORE | READS_ONLY},
    {&cmd_log_spec, cmd_log, NEEDS_STORE | NEEDS_PLAN | READS_ONLY},
    {&cmd_backup_spec, cmd_backup, 0},
    {&cmd_check_spec, cmd_check, 0},
    /* opens the database as list does; each worker thread then opens its own */
    {&cmd_serve_spec, cmd_serve, NEEDS_STORE | READS_ONLY},
};
enum { NCOMMANDS = sizeof commands / sizeof commands[0] };

static void print_help(FILE *f)
{
    fprintf(f, TR("Användning: actionplan [--config FIL] [--db FIL] [--plan ID] KOMMANDO ...\n\n"
                  "Följ upp en strategis handlingsplan: aktiviteter, status och rapporter.\n\n"
                  "Kommandon:\n",
                  "Usage: actionplan [--config FILE] [--db FILE] [--plan ID] COMMAND ...\n\n"
                  "Follow up the action plan of a strategy: activities, status and reports.\n\n"
                  "Commands:\n"));
    for (int i = 0; i < NCOMMANDS; i++)
        fprintf(f, "  %-18s %s\n", commands[i].spec->name,
                TR(commands[i].spec->summary_sv, commands[i].spec->summary_en));
    fprintf(f, TR("\n'actionplan KOMMANDO --help' visar ett kommandos flaggor.\n",
                  "\n'actionplan COMMAND --help' shows a command's options.\n"));
}

/* Match the command words at argv[0] (one or two words). */
static const ap_command *find_command(int argc, char **argv, int *words)
{
    for (int i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i].spec->name;
        const char *space = strchr(name, ' ');
        if (!space) {
            if (strcmp(argv[0], name) == 0) {
                *words = 1;
                return &commands[i];
            }
        } else if (argc >= 2 && strncmp(argv[0], name, (size_t)(space - name)) == 0 &&
                   argv[0][space - name] == '\0' && strcmp(argv[1], space + 1) == 0) {
            *words = 2;
            return &commands[i];
        }
    }
    return NULL;
}

/* A one-word prefix of a two-word command ("updates") without its second word. */
static bool is_command_prefix(const char *word, ap_buf *seconds)
{
    bool found = false;
    for (int i = 0; i < NCOMMANDS; i++) {
        const char *name = commands[i].spec->name;
        const char *space = strchr(name, ' ');
        if (space && strncmp(word, name, (size_t)(space - name)) == 0 &&
            word[space - name] == '\0') {
            ap_buf_printf(seconds, "%s'%s %s'", found ? ", " : "", word, space + 1);
            found = true;
        }
    }
    return found;
}

/* Global options before the command. Returns the index of the command word,
 * or -1 after printing the version, or -2 on a usage error; *help is set
 * when --help was given (printed by the caller, once the settings are read). */
static int parse_globals(int argc, char **argv, ap_ctx *ctx, bool *help)
{
    int i = 1;
    for (; i < argc && argv[i][0] == '-'; i++) {
        const char *a = argv[i];
        if (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0) {
            *help = true;
            continue;
        }
        if (strcmp(a, "--version") == 0) {
            printf("actionplan %s\n", AP_VERSION);
            return -1;
        }
        const char *names[] = {"--config", "--db", "--plan"};
        const char **slots[] = {&ctx->config_path, &ctx->db_path, &ctx->plan_key};
        int k = 0;
        for (; k < 3; k++)
            if (strcmp(a, names[k]) == 0)
                break;
        if (k == 3 || i + 1 >= argc) {
            fprintf(stderr, k == 3 ? TR("actionplan: okänd flagga '%s' (se 'actionplan --help')\n",
                                        "actionplan: unknown option '%s' (see 'actionplan --help')\n")
                                   : TR("actionplan: flaggan '%s' behöver ett värde\n",
                                        "actionplan: the option '%s' needs a value\n"),
                    a);
            return -2;
        }
        *slots[k] = argv[++i];
        if (k == 0)
            ctx->config_given = true;
    }
    return i;
}

/* Open what the command needs: database, plan. */
static ap_rc prepare(ap_ctx *ctx, const ap_command *cmd)
{
    if (!(cmd->needs & (NEEDS_STORE | CREATES_STORE)))
        return AP_OK;
    bool readonly = false;
    ap_rc rc = cmd->needs & READS_ONLY
                   ? ap_store_open_reading(ctx->db_path, &ctx->store, &readonly, &ctx->err)
                   : ap_store_open(ctx->db_path, (cmd->needs & CREATES_STORE) != 0,
                                   &ctx->store, &ctx->err);
    if (readonly) {
        const char *slash = strrchr(ctx->db_path, '/');
        int n = slash ? (int)(slash - ctx->db_path) + (slash == ctx->db_path) : 1;
        fprintf(stderr,
                TR("actionplan: %.*s: katalogen är skrivskyddad: öppnar databasen skrivskyddat\n",
                   "actionplan: %.*s: the folder is read-only: opening the database read-only\n"),
                n, slash ? ctx->db_path : ".");
    }
    if (rc != AP_OK || !(cmd->needs & NEEDS_PLAN))
        return rc;
    return ap_store_plan_resolve(ctx->store, ctx->plan_key, &ctx->plan_id, &ctx->err);
}

static int finish(ap_ctx *ctx, ap_rc rc)
{
    ap_store_close(ctx->store);
    if (rc != AP_OK && rc != (ap_rc)-1) {
        /* a message may quote input (a code, a zip entry's name) */
        fputs("actionplan: ", stderr);
        ap_write_escaped(stderr, ctx->err.msg[0] ? ctx->err.msg : ap_rc_name(rc), false);
        fputc('\n', stderr);
        return ap_rc_exit_status(rc);
    }
    return 0;
}

/* ACTIONPLAN_LANG=sv|en overrides [report] language: one command in the
 * other language without editing config.ini. Before the settings are read it
 * is also the language of the messages about reading them. */
static bool language_override(ap_lang *l)
{
    const char *lang = getenv("ACTIONPLAN_LANG");
    return lang && ap_lang_parse(lang, l) == 0;
}

static void early_language(void)
{
    ap_lang l;
    if (language_override(&l))
        ap_set_language(l);
}

/* The language of everything after the settings, in cfg too (the register
 * records the language a report was made in). */
static void settle_language(ap_config *cfg)
{
    ap_lang l;
    if (language_override(&l))
        cfg->language = l;
    ap_set_language(cfg->language);
}

/* Help in the configured language; settings that cannot be read leave the
 * default, since help must answer whatever state config.ini is in. */
static void help_language(ap_ctx *ctx)
{
    ap_error ignored;
    ap_error_clear(&ignored);
    if (ap_config_load(ctx->config_path, ctx->config_given, &ctx->cfg, &ignored) != AP_OK)
        ap_config_defaults(&ctx->cfg);
    settle_language(&ctx->cfg);
}

/* What every command printed must have reached its file: a full disk or
 * /dev/full shows only here, when the buffer is flushed and closed. */
static int close_stdout(int status)
{
    bool failed = fflush(stdout) != 0 || ferror(stdout);
    int saved = errno;
    if (fclose(stdout) != 0 && !failed) {
        failed = true;
        saved = errno;
    }
    if (!failed)
        return status;
    fprintf(stderr,
            TR("actionplan: kan inte skriva till standard ut: %s\n",
               "actionplan: unable to write to standard output: %s\n"),
            ap_errno_text(saved));
    return status ? status : 1;
}

static int run_command_line(int argc, char **argv)
{
    /* Numbers are written with '.', whatever the user's locale: a Swedish
     * LC_NUMERIC would corrupt the workbooks (stack notes). */
    setlocale(LC_ALL, "C");
    early_language();
    ap_ctx ctx;
    memset(&ctx, 0, sizeof ctx);
    ctx.config_path = "config.ini";
    bool help = false;
    int first = parse_globals(argc, argv, &ctx, &help);
    if (first == -1)
        return 0;
    if (first == -2)
        return 2;
    if (help || first >= argc) {
        help_language(&ctx);
        print_help(help ? stdout : stderr);
        return help ? 0 : 2;
    }
    int words = 0;
    const ap_command *cmd = find_command(argc - first, argv + first, &words);
    if (!cmd) {
        help_language(&ctx);
        ap_buf seconds = {0};
        if (is_command_prefix(argv[first], &seconds))
            fprintf(stderr, TR("actionplan: '%s' behöver ett ord till: %s\n",
                               "actionplan: '%s' needs one more word: %s\n"),
                    argv[first], ap_buf_str(&seconds));
        else
            fprintf(stderr, TR("actionplan: okänt kommando '%s' (se 'actionplan --help')\n",
                               "actionplan: unknown command '%s' (see 'actionplan --help')\n"),
                    argv[first]);
        ap_buf_free(&seconds);
        return 2;
    }
    /* Settings first: they choose the language of everything after. */
    ap_args args = {0};
    ap_error perr;
    ap_error_clear(&perr);
    int prc = ap_args_parse(cmd->spec, argc - first - words, argv + first + words, &ctx, &args,
                            &perr);
    if (prc == -1) {
        help_language(&ctx);
        ap_print_usage(stdout, cmd->spec);
        ap_args_release(&args);
        return 0;
    }
    ap_rc rc = ap_config_load(ctx.config_path, ctx.config_given, &ctx.cfg, &ctx.err);
    if (rc != AP_OK) {
        ap_args_release(&args);
        return finish(&ctx, rc);
    }
    settle_language(&ctx.cfg);
    if (prc != AP_OK) {
        /* re-render the usage message in the configured language */
        ap_error_clear(&perr);
        ap_args_parse(cmd->spec, argc - first - words, argv + first + words, &ctx, &args, &perr);
        ctx.err = perr;
        ap_args_release(&args);
        return finish(&ctx, perr.code);
    }
    if (!ctx.db_path)
        ctx.db_path = ctx.cfg.db_path;
    ctx.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
    struct winsize ws;
    if (isatty(STDOUT_FILENO) && ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20)
        ctx.width = ws.ws_col;
    rc = prepare(&ctx, cmd);
    if (rc == AP_OK)
        rc = cmd->run(&ctx, &args);
    ap_args_release(&args);
    return finish(&ctx, rc);
}

int main(int argc, char **argv)
{
    return close_stdout(run_command_line(argc, argv));
}
