/*
 * planfile.h - the plan file (plans/NAME.ini, README, "The plan file") read into a
 * plain definition, with no database involved.
 *
 * Every error names the file, the line and what was expected; unknown
 * sections and keys are refused; long texts continue on indented lines and
 * are joined with one space. All strings are owned by the definition's arena
 * and live until ap_plan_def_free.
 */
#ifndef AP_PLANFILE_H
#define AP_PLANFILE_H

#include <stdbool.h>
#include <stddef.h>

#include "actionplan/error.h"
#include "actionplan/model.h"
#include "actionplan/util.h"

enum { AP_SDG_MAX = 17 };

typedef struct ap_def_goal {
    const char *code;        /* "M1" */
    int line;                /* line of the [goal M1] header */
    const char *title;
    ap_goal_kind kind;
    const char *indicator;   /* may be NULL */
    const char *unit;        /* may be NULL */
    double baseline, target;
    ap_date baseline_date, target_date;
} ap_def_goal;

typedef struct ap_def_focus {
    const char *code; /* "1" */
    int line;
    const char *title;
    const char *lead; /* may be NULL */
} ap_def_focus;

typedef struct ap_def_initiative {
    const char *code;       /* "1.2" */
    const char *focus_code; /* "1" */
    int line;
    const char *title;
    const char *approach;   /* the "Genom att ..." text; may be NULL */
} ap_def_initiative;

typedef struct ap_def_activity {
    const char *code;            /* "1.2.3" */
    const char *initiative_code; /* "1.2" */
    int line;
    const char *title;
    const char *owner;           /* the responsible office or unit */
    const char *responsible;     /* a person or role; may be NULL */
    const char **participants;
    size_t n_participants;
    ap_date start, due;          /* AP_DATE_NONE when not given */
    const char **goals;          /* goal codes */
    size_t n_goals;
    long long budget;            /* SEK; -1 when not given */
    int weight;                  /* >= 1, default 1 */
    ap_state state;              /* the state before any recorded change */
    int sdgs[AP_SDG_MAX];        /* UN Sustainable Development Goals, 1-17 */
    size_t n_sdgs;
} ap_def_activity;

typedef struct ap_plan_def {
    ap_arena arena;
    const char *filename;
    /* [strategy] */
    const char *id;              /* "sodertalje-2016": the plan's key */
    const char *title;
    const char *organisation;    /* may be NULL, as the rest of this block */
    const char *period;          /* "2016-2022" */
    const char *process_lead;
    const char *description;
    ap_date adopted;
    bool is_public;              /* public = yes: readable by anyone through `serve` */
    /* the structure, in file order */
    ap_def_goal *goals;
    size_t n_goals;
    ap_def_focus *focus;
    size_t n_focus;
    ap_def_initiative *initiatives;
    size_t n_initiatives;
    ap_def_activity *activities;
    size_t n_activities;
} ap_plan_def;

/* Parse a plan file's bytes. filename is used in messages. On success *out
 * is a new definition (free with ap_plan_def_free); on failure *out is NULL. */
ap_rc ap_plan_parse(const char *data, size_t len, const char *filename, ap_plan_def **out,
                    ap_error *err);

/* Read and parse a plan file. */
ap_rc ap_plan_load_file(const char *path, ap_plan_def **out, ap_error *err);

void ap_plan_def_free(ap_plan_def *def);

/* Lookups by code; NULL when absent. */
const ap_def_activity *ap_plan_def_activity(const ap_plan_def *def, const char *code);
const ap_def_goal *ap_plan_def_goal(const ap_plan_def *def, const char *code);

/* Syntax of codes: "1", "1.2", "1.2.3" (positive numbers, no leading zeros)
 * and goal codes (a letter, then letters, digits, '.', '-' or '_'). */
bool ap_code_valid(const char *code, int depth);
bool ap_goal_code_valid(const char *code);

#endif
