/*
 * cli.h - the command line: the context every command gets, the option
 * parser, and the command table's entries.
 *
 * Each command lives in its own file (cmd_<name>.c) and declares its
 * options in a table; the usage text of --help is generated from that
 * table, so usage and parser cannot drift apart. What a command needs
 * before it runs (config, database, plan) is declared in the command table
 * in main.c, not re-coded in each command.
 */
#ifndef AP_CLI_H
#define AP_CLI_H

#include <stdbool.h>
#include <stdio.h>

#include "actionplan/config.h"
#include "actionplan/error.h"
#include "actionplan/i18n.h"
#include "actionplan/record.h"
#include "actionplan/snapshot.h"
#include "actionplan/store.h"
#include "actionplan/util.h"

/* ---------------------------------------------------------------------------
 * Options
 * ------------------------------------------------------------------------- */

typedef enum { OPT_FLAG, OPT_TEXT, OPT_DATE, OPT_INT } ap_opt_kind;

typedef struct ap_opt {
    const char *name;      /* long name without dashes: "as-of" */
    ap_opt_kind kind;
    const char *metavar;   /* "D", "FILE" */
    const char *help_sv;
    const char *help_en;
    bool repeatable;       /* the last one wins unless repeatable (then all are kept) */
} ap_opt;

enum { AP_MAX_OPTS = 24, AP_MAX_REPEATS = 16 };

typedef struct ap_cmd_spec {
    const char *name;       /* "list", "updates import" */
    const char *args;       /* positional part of the usage: "CODE", "FILE.csv..." */
    int min_args, max_args; /* max_args -1: unlimited */
    const char *summary_sv;
    const char *summary_en;
    const char *details_sv; /* optional paragraph after the options */
    const char *details_en;
    const ap_opt *opts;     /* terminated by an entry with name NULL */
} ap_cmd_spec;

typedef struct ap_args {
    const ap_cmd_spec *spec;
    bool set[AP_MAX_OPTS];
    const char *text[AP_MAX_OPTS];
    ap_date date[AP_MAX_OPTS];
    long long num[AP_MAX_OPTS];
    const char *repeats[AP_MAX_OPTS][AP_MAX_REPEATS];
    int nrepeats[AP_MAX_OPTS];
    char **pos;
    int npos;
    bool help;              /* --help was given: print the usage, run nothing */
} ap_args;

/* Accessors by option name (a name not in the spec is a programming error
 * and aborts). */
bool ap_args_has(const ap_args *a, const char *name);
const char *ap_args_text(const ap_args *a, const char *name); /* NULL when not given */
ap_date ap_args_date(const ap_args *a, const char *name);     /* AP_DATE_NONE when not given */
long long ap_args_int(const ap_args *a, const char *name, long long dflt);

/* ---------------------------------------------------------------------------
 * Context
 * ------------------------------------------------------------------------- */

typedef struct ap_ctx {
    const char *config_path; /* --config, or "config.ini" */
    bool config_given;
    const char *db_path;     /* --db, or the config's [database] path */
    const char *plan_key;    /* --plan */
    ap_config cfg;
    ap_store *store;         /* opened when the command needs it */
    int64_t plan_id;         /* resolved when the command needs it */
    bool color;              /* stdout is a terminal and NO_COLOR is unset */
    int width;               /* terminal width (0: not a terminal) */
    ap_error err;
} ap_ctx;

/* The date given with name, or today; refuses dates in the future when
 * no_future is set. */
ap_date ap_ctx_date(const ap_args *a, const char *name);

/* Who signs an entry: --by, or the login name. */
const char *ap_ctx_signer(const ap_args *a);

/* Record one entry (update, state change, decision) in its own transaction. */
ap_rc ap_ctx_record(ap_ctx *ctx, const ap_entry *e, ap_record_outcome *out);

/* Load the snapshot of the context's plan as of a date. */
/* Load the plan's snapshot with opts, as recorded at the command's
 * --as-recorded time when it has that option and it was given. */
ap_rc ap_ctx_snapshot(ap_ctx *ctx, const ap_args *args, const ap_snapshot_opts *opts,
                      ap_snapshot **out);
/* A picture as of a day outside the plan's period ("2016-2022") is made all
 * the same - a look at the baseline, a follow-up after the end - with a
 * warning on stderr, since a mistyped year looks just like it. The second
 * reads the period of the context's plan. */
void ap_warn_outside_period(const char *period, ap_date as_of);
void ap_ctx_warn_outside_period(ap_ctx *ctx, ap_date as_of);

/* The recording of the command's --as-recorded time (0 when not given). */
ap_rc ap_ctx_upto(ap_ctx *ctx, const ap_args *args, int64_t *upto);

/* A command: returns AP_OK or an error code with ctx->err filled. */
typedef ap_rc (*ap_cmd_fn)(ap_ctx *ctx, const ap_args *args);

/* What a command needs before it runs. */
enum {
    NEEDS_STORE = 1,  /* an existing database */
    CREATES_STORE = 2,/* create the database when missing */
    NEEDS_PLAN = 4,   /* one plan resolved (--plan or the only one) */
    READS_ONLY = 8    /* never writes: a read-only directory opens it read-only */
};

typedef struct ap_command {
    const ap_cmd_spec *spec;
    ap_cmd_fn run;
    unsigned needs;
} ap_command;

/* Declarations of each command file's spec and function. */
#define AP_DECLARE_COMMAND(id)                                                                    \
    extern const ap_cmd_spec cmd_##id##_spec;                                                     \
    ap_rc cmd_##id(ap_ctx *ctx, const ap_args *args)

AP_DECLARE_COMMAND(init);
AP_DECLARE_COMMAND(import);
AP_DECLARE_COMMAND(list);
AP_DECLARE_COMMAND(show);
AP_DECLARE_COMMAND(update);
AP_DECLARE_COMMAND(state);
AP_DECLARE_COMMAND(decide);
AP_DECLARE_COMMAND(assess);
AP_DECLARE_COMMAND(assessments_import);
AP_DECLARE_COMMAND(explain);
AP_DECLARE_COMMAND(updates_import);
AP_DECLARE_COMMAND(measure);
AP_DECLARE_COMMAND(measures_import);
AP_DECLARE_COMMAND(forms_export);
AP_DECLARE_COMMAND(forms_import);
AP_DECLARE_COMMAND(report_steering);
AP_DECLARE_COMMAND(report_annual);
AP_DECLARE_COMMAND(report_list);
AP_DECLARE_COMMAND(report_site);
AP_DECLARE_COMMAND(log);
AP_DECLARE_COMMAND(backup);
AP_DECLARE_COMMAND(check);
AP_DECLARE_COMMAND(serve);
/* Parse argv (after the command's words) against spec. Global options
 * (--config, --db, --plan) are accepted anywhere and written to ctx.
 * Returns AP_OK, AP_E_USAGE (message in err), or -1 when --help was asked
 * (the caller prints the usage once the settings have chosen the language). */
int ap_args_parse(const ap_cmd_spec *spec, int argc, char **argv, ap_ctx *ctx, ap_args *out,
                  ap_error *err);

/* Free what ap_args_parse allocated. ap_args must start zeroed before the
 * first parse; parsing again reuses it. */
void ap_args_release(ap_args *a);

/* Print the generated usage of a command. */
void ap_print_usage(FILE *f, const ap_cmd_spec *spec);

#endif
