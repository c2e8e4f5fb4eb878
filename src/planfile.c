/*
 * planfile.c - the plan file reader; see planfile.h.
 *
 * Two phases: the inih wrapper hands over sections and key lines, which are
 * collected raw (joining continuation lines, refusing unknown or repeated
 * keys at once, in file order); then each section is converted and checked
 * as a whole, so that values are validated after their continuations joined.
 */
#include "actionplan/planfile.h"
#include "actionplan/i18n.h"
#include "inifile.h"
#include "actionplan/limits.h"

#include <ctype.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* =========================================================================
 * Section kinds and their keys
 * ========================================================================= */

typedef enum { SEC_STRATEGY, SEC_GOAL, SEC_FOCUS, SEC_INITIATIVE, SEC_ACTIVITY, SEC_KINDS } sec_kind;

typedef struct key_spec {
    const char *name;
    bool required;
    bool repeatable;
} key_spec;

static const key_spec strategy_keys[] = {
    {"id", true, false},           {"title", true, false},        {"organisation", false, false},
    {"period", false, false},      {"adopted", false, false},     {"process_lead", false, false},
    {"description", false, false}, {"public", false, false},      {NULL, false, false}};
static const key_spec goal_keys[] = {
    {"title", true, false},       {"kind", true, false},          {"indicator", false, false},
    {"unit", false, false},       {"baseline", true, false},      {"baseline_date", true, false},
    {"target", true, false},      {"target_date", true, false},   {NULL, false, false}};
static const key_spec focus_keys[] = {
    {"title", true, false}, {"lead", false, false}, {NULL, false, false}};
static const key_spec initiative_keys[] = {
    {"title", true, false}, {"approach", false, false}, {NULL, false, false}};
static const key_spec activity_keys[] = {
    {"title", true, false},   {"owner", true, false},  {"responsible", false, false},
    {"participant", false, true}, {"start", false, false}, {"due", false, false},
    {"goals", false, false},  {"budget", false, false}, {"weight", false, false},
    {"state", false, false},  {"sdg", false, false},   {NULL, false, false}};

static const struct {
    const char *word;
    int code_depth; /* 0: no code, -1: goal code, n: dotted code of n parts */
    const key_spec *keys;
} sections[SEC_KINDS] = {
    [SEC_STRATEGY] = {"strategy", 0, strategy_keys},
    [SEC_GOAL] = {"goal", -1, goal_keys},
    [SEC_FOCUS] = {"focus", 1, focus_keys},
    [SEC_INITIATIVE] = {"initiative", 2, initiative_keys},
    [SEC_ACTIVITY] = {"activity", 3, activity_keys},
};

/* =========================================================================
 * Raw collection
 * ========================================================================= */

typedef struct raw_field {
    const char *key;
    ap_buf value;
    int line;
} raw_field;

typedef struct raw_section {
    sec_kind kind;
    char name[64];  /* "activity 1.1.1" as written, for messages */
    const char *code;
    int line;
    raw_field *fields;
    size_t n, cap;
} raw_section;

/* Sections are converted one at a time, as soon as the next one begins, so
 * that only the current section's raw text is held (a plan of 100,000
 * activities must not hold the whole file twice). */
typedef struct parse_state {
    ap_plan_def *def;
    raw_section cur;             /* the section being read */
    bool have_cur;
    ap_strmap seen;              /* "kind code" -> its header's line, for duplicates */
    size_t cap[SEC_KINDS];       /* capacity of def's arrays while they grow */
} parse_state;

static ap_rc finish_section(parse_state *ps, ap_error *err);

bool ap_code_valid(const char *code, int depth)
{
    int parts = 0;
    const char *p = code;
    for (;;) {
        if (!isdigit((unsigned char)*p) || *p == '0')
            return false;
        while (isdigit((unsigned char)*p))
            p++;
        parts++;
        if (*p == '\0')
            break;
        if (*p != '.')
            return false;
        p++;
    }
    return parts == depth && strlen(code) <= 20;
}

bool ap_goal_code_valid(const char *code)
{
    if (!isalpha((unsigned char)code[0]) || strlen(code) > 20)
        return false;
    for (const char *p = code; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '.' && *p != '-' && *p != '_')
            return false;
    return true;
}

static const char *expected_sections(void)
{
    return "[strategy], [goal M1], [focus 1], [initiative 1.1], [activity 1.1.1]";
}

static ap_rc on_section(void *user, const char *name, int line, ap_error *err)
{
    parse_state *ps = user;
    const char *file = ps->def->filename;
    char word[32] = "";
    const char *sp = strchr(name, ' ');
    size_t wlen = sp ? (size_t)(sp - name) : strlen(name);
    const char *code = sp ? sp + 1 : "";
    while (*code == ' ')
        code++;
    if (wlen < sizeof word)
        memcpy(word, name, wlen), word[wlen] = '\0';
    int kind = -1;
    for (int k = 0; k < SEC_KINDS; k++)
        if (strcmp(word, sections[k].word) == 0)
            kind = k;
    if (kind < 0)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: okänd sektion [%s] (väntade %s)",
                               "%s:%d: unknown section [%s] (expected %s)"),
                            file, line, name, expected_sections());
    int depth = sections[kind].code_depth;
    bool code_ok = depth == 0    ? *code == '\0'
                   : depth == -1 ? ap_goal_code_valid(code)
                                 : ap_code_valid(code, depth);
    if (!code_ok) {
        static const char *const examples[SEC_KINDS] = {"[strategy]", "[goal M1]", "[focus 1]",
                                                        "[initiative 1.2]", "[activity 1.2.3]"};
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: ogiltig sektion [%s] (väntade till exempel %s)",
                               "%s:%d: invalid section [%s] (expected e.g. %s)"),
                            file, line, name, examples[kind]);
    }
    char key[80];
    snprintf(key, sizeof key, "%d %s", kind, code);
    uintptr_t earlier = (uintptr_t)ap_strmap_get(&ps->seen, key);
    if (earlier)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: [%s] finns redan på rad %d",
                               "%s:%d: [%s] already appears on line %d"),
                            file, line, name, (int)earlier);
    ap_strmap_put(&ps->seen, key, (void *)(uintptr_t)line);
    ap_rc rc = finish_section(ps, err);
    if (rc != AP_OK)
        return rc;
    raw_section *s = &ps->cur;
    memset(s, 0, sizeof *s);
    ps->have_cur = true;
    s->kind = (sec_kind)kind;
    snprintf(s->name, sizeof s->name, "%s%s%s", sections[kind].word, *code ? " " : "", code);
    s->code = ap_arena_strdup(&ps->def->arena, code);
    s->line = line;
    return AP_OK;
}

/* Edit distance, for "did you mean" hints on misspelt keys. */
static int edit_distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return 99;
    int d[41][41];
    for (size_t i = 0; i <= la; i++)
        d[i][0] = (int)i;
    for (size_t j = 0; j <= lb; j++)
        d[0][j] = (int)j;
    for (size_t i = 1; i <= la; i++)
        for (size_t j = 1; j <= lb; j++) {
            int sub = d[i - 1][j - 1] + (a[i - 1] != b[j - 1]);
            int del = d[i - 1][j] + 1, ins = d[i][j - 1] + 1;
            d[i][j] = sub < del ? (sub < ins ? sub : ins) : (del < ins ? del : ins);
        }
    return d[la][lb];
}

static ap_rc unknown_key(const char *file, int line, const raw_section *s, const char *key,
                         ap_error *err)
{
    const key_spec *keys = sections[s->kind].keys;
    ap_buf list = {0};
    const char *closest = NULL;
    int best = 3;
    for (const key_spec *k = keys; k->name; k++) {
        ap_buf_printf(&list, "%s%s", list.len ? ", " : "", k->name);
        int dist = edit_distance(key, k->name);
        if (dist < best) {
            best = dist;
            closest = k->name;
        }
    }
    char hint[96] = "";
    if (closest)
        snprintf(hint, sizeof hint, TR(" – menade du '%s'?", " – did you mean '%s'?"), closest);
    ap_rc rc = ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: okänd nyckel '%s' i [%s] (väntade %s)%s",
                               "%s:%d: unknown key '%s' in [%s] (expected %s)%s"),
                            file, line, key, s->name, ap_buf_str(&list), hint);
    ap_buf_free(&list);
    return rc;
}

/* How often a repeatable key was given so far in the section: at most
 * AP_LIST_MAX, so counting stays cheap. */
static int repeats(const raw_section *s, const char *key)
{
    int n = 0;
    for (size_t i = 0; i < s->n; i++)
        n += s->fields[i].key == key;
    return n;
}

static ap_rc on_key(void *user, const char *section, const char *key, const char *value,
                    int line, bool continuation, ap_error *err)
{
    parse_state *ps = user;
    const char *file = ps->def->filename;
    (void)section;
    if (!ps->have_cur)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: '%s' står före första sektionen (väntade %s)",
                               "%s:%d: '%s' comes before the first section (expected %s)"),
                            file, line, key, expected_sections());
    raw_section *s = &ps->cur;
    if (continuation) {
        raw_field *f = &s->fields[s->n - 1];
        if (f->value.len && *value)
            ap_buf_putc(&f->value, ' ');
        ap_buf_puts(&f->value, value);
        return AP_OK;
    }
    const key_spec *spec = NULL;
    for (const key_spec *k = sections[s->kind].keys; k->name; k++)
        if (strcmp(k->name, key) == 0)
            spec = k;
    if (!spec)
        return unknown_key(file, line, s, key, err);
    if (!spec->repeatable)
        for (size_t i = 0; i < s->n; i++)
            if (strcmp(s->fields[i].key, key) == 0)
                return ap_error_set(err, AP_E_INPUT,
                                    TR("%s:%d: '%s' står två gånger i [%s] (först på rad %d)",
                                       "%s:%d: '%s' is given twice in [%s] (first on line %d)"),
                                    file, line, key, s->name, s->fields[i].line);
    if (spec->repeatable && repeats(s, spec->name) >= AP_LIST_MAX)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s:%d: '%s' står fler än %d gånger i [%s] (högst %d; skriv en "
                               "grupp eller enhet i stället för varje namn)",
                               "%s:%d: '%s' is given more than %d times in [%s] (at most %d; "
                               "name a group or unit instead of each person)"),
                            file, line, key, AP_LIST_MAX, s->name, AP_LIST_MAX);
    ap_grow(&s->fields, &s->cap, s->n + 1, sizeof *s->fields);
    raw_field *f = &s->fields[s->n++];
    memset(f, 0, sizeof *f);
    f->key = spec->name;
    f->line = line;
    ap_buf_puts(&f->value, value);
    return AP_OK;
}

/* =========================================================================
 * Conversion and checks, section by section
 * ========================================================================= */

typedef struct conv {
    ap_plan_def *def;
    const raw_section *sec;
    size_t *cap;  /* parse_state's capacities */
    ap_error *err;
} conv;

/* Room for one more element in one of def's arrays, zeroed. */
#define GROW(c, array, n, kind)                                                                   \
    do {                                                                                          \
        ap_grow(&(c)->def->array, &(c)->cap[kind], (c)->def->n + 1, sizeof *(c)->def->array);    \
        memset(&(c)->def->array[(c)->def->n], 0, sizeof *(c)->def->array);                        \
    } while (0)

static const raw_field *field(const conv *c, const char *key)
{
    for (size_t i = 0; i < c->sec->n; i++)
        if (strcmp(c->sec->fields[i].key, key) == 0)
            return &c->sec->fields[i];
    return NULL;
}

/* The text of a key, copied into the arena; NULL when absent or blank. */
static const char *text(const conv *c, const char *key)
{
    const raw_field *f = field(c, key);
    if (!f || ap_blank(ap_buf_str(&f->value)))
        return NULL;
    return ap_arena_strdup(&c->def->arena, ap_buf_str(&f->value));
}

static ap_rc bad(const conv *c, const raw_field *f, const char *what)
{
    return ap_error_set(c->err, AP_E_INPUT,
                        TR("%s:%d: ogiltigt värde '%s' för %s i [%s] (väntade %s)",
                           "%s:%d: invalid value '%s' for %s in [%s] (expected %s)"),
                        c->def->filename, f->line, ap_buf_str(&f->value), f->key, c->sec->name,
                        what);
}

static ap_rc check_required(const conv *c)
{
    for (const key_spec *k = sections[c->sec->kind].keys; k->name; k++) {
        if (!k->required)
            continue;
        const raw_field *f = field(c, k->name);
        if (!f)
            return ap_error_set(c->err, AP_E_INPUT,
                                TR("%s:%d: [%s] saknar '%s'", "%s:%d: [%s] lacks '%s'"),
                                c->def->filename, c->sec->line, c->sec->name, k->name);
        if (ap_blank(ap_buf_str(&f->value)))
            return ap_error_set(c->err, AP_E_INPUT,
                                TR("%s:%d: '%s' i [%s] är tom", "%s:%d: '%s' in [%s] is empty"),
                                c->def->filename, f->line, k->name, c->sec->name);
    }
    return AP_OK;
}

/* An optional date: AP_DATE_NONE when absent. */
static ap_rc get_date(const conv *c, const char *key, ap_date *out)
{
    *out = AP_DATE_NONE;
    const raw_field *f = field(c, key);
    if (!f || ap_blank(ap_buf_str(&f->value)))
        return AP_OK;
    if (!ap_date_parse(ap_buf_str(&f->value), out))
        return bad(c, f, TR("ett datum ÅÅÅÅ-MM-DD", "a date YYYY-MM-DD"));
    return AP_OK;
}

static ap_rc get_number(const conv *c, const char *key, double *out)
{
    const raw_field *f = field(c, key);
    char hint[200], what[240];
    if (ap_number_ambiguous(ap_buf_str(&f->value), hint, sizeof hint)) {
        snprintf(what, sizeof what, "%s; %s", TR("ett tal", "a number"), hint);
        return bad(c, f, what);
    }
    if (!ap_parse_number(ap_buf_str(&f->value), out))
        return bad(c, f, TR("ett tal", "a number"));
    return AP_OK;
}

/* Split "a, b, c" into trimmed, non-empty items in the arena. */
static size_t split_list(ap_arena *a, const char *s, const char ***out)
{
    size_t n = 0, cap = 0;
    const char **items = NULL;
    while (s && *s) {
        const char *comma = strchr(s, ',');
        size_t len = comma ? (size_t)(comma - s) : strlen(s);
        char *item = ap_arena_strndup(a, s, len);
        ap_trim(item);
        if (*item) {
            ap_grow(&items, &cap, n + 1, sizeof *items);
            items[n++] = item;
        }
        s = comma ? comma + 1 : NULL;
    }
    const char **copy = ap_arena_alloc(a, (n ? n : 1) * sizeof *copy);
    if (n)
        memcpy(copy, items, n * sizeof *copy);
    free(items);
    *out = copy;
    return n;
}

static ap_rc conv_strategy(conv *c)
{
    ap_plan_def *d = c->def;
    if (d->id)
        return AP_OK; /* duplicates are refused when sections are collected */
    d->id = text(c, "id");
    const raw_field *idf = field(c, "id");
    for (const char *p = d->id; *p; p++)
        if (!isalnum((unsigned char)*p) && *p != '-' && *p != '_' && *p != '.')
            return bad(c, idf, TR("bokstäver a-z, siffror, '-' och '_' (t.ex. sodertalje-2016)",
                                  "letters a-z, digits, '-' and '_' (e.g. sodertalje-2016)"));
    d->title = text(c, "title");
    d->organisation = text(c, "organisation");
    d->period = text(c, "period");
    d->process_lead = text(c, "process_lead");
    d->description = text(c, "description");
    if (d->period) {
        int y1, y2;
        char tail;
        if (sscanf(d->period, "%4d-%4d%c", &y1, &y2, &tail) != 2 || y1 > y2 || y1 < 1900)
            return bad(c, field(c, "period"), TR("två årtal, t.ex. 2016-2022",
                                                 "two years, e.g. 2016-2022"));
    }
    const raw_field *pub = field(c, "public");
    const char *yn = pub ? ap_buf_str(&pub->value) : "no";
    if (strcmp(yn, "yes") != 0 && strcmp(yn, "no") != 0)
        return bad(c, pub, "yes | no");
    d->is_public = strcmp(yn, "yes") == 0;
    return get_date(c, "adopted", &d->adopted);
}

static ap_rc conv_goal(conv *c, ap_def_goal *g)
{
    g->code = c->sec->code;
    g->line = c->sec->line;
    g->title = text(c, "title");
    g->indicator = text(c, "indicator");
    g->unit = text(c, "unit");
    if (!ap_goal_kind_parse(text(c, "kind"), &g->kind))
        return bad(c, field(c, "kind"), "result | process | effect");
    ap_rc rc;
    if ((rc = get_number(c, "baseline", &g->baseline)) != AP_OK ||
        (rc = get_number(c, "target", &g->target)) != AP_OK ||
        (rc = get_date(c, "baseline_date", &g->baseline_date)) != AP_OK ||
        (rc = get_date(c, "target_date", &g->target_date)) != AP_OK)
        return rc;
    if (g->target == g->baseline)
        return bad(c, field(c, "target"),
                   TR("ett mål som skiljer sig från utgångsvärdet",
                      "a target different from the baseline"));
    if (g->target_date <= g->baseline_date)
        return bad(c, field(c, "target_date"),
                   TR("ett datum efter baseline_date", "a date after baseline_date"));
    return AP_OK;
}

static ap_rc conv_activity(conv *c, ap_def_activity *a)
{
    ap_arena *ar = &c->def->arena;
    a->code = c->sec->code;
    a->line = c->sec->line;
    const char *last_dot = strrchr(a->code, '.');
    a->initiative_code = ap_arena_strndup(ar, a->code, (size_t)(last_dot - a->code));
    a->title = text(c, "title");
    a->owner = text(c, "owner");
    a->responsible = text(c, "responsible");
    a->budget = -1;
    a->weight = 1;
    a->state = AP_STATE_DECIDED;
    size_t np = 0;
    for (size_t i = 0; i < c->sec->n; i++)
        np += strcmp(c->sec->fields[i].key, "participant") == 0;
    a->participants = ap_arena_alloc(ar, (np ? np : 1) * sizeof *a->participants);
    for (size_t i = 0; i < c->sec->n; i++) {
        const raw_field *f = &c->sec->fields[i];
        if (strcmp(f->key, "participant") != 0)
            continue;
        if (ap_blank(ap_buf_str(&f->value)))
            return bad(c, f, TR("ett namn", "a name"));
        a->participants[a->n_participants++] = ap_arena_strdup(ar, ap_buf_str(&f->value));
    }
    ap_rc rc;
    if ((rc = get_date(c, "start", &a->start)) != AP_OK ||
        (rc = get_date(c, "due", &a->due)) != AP_OK)
        return rc;
    if (a->start != AP_DATE_NONE && a->due != AP_DATE_NONE && a->due < a->start)
        return bad(c, field(c, "due"), TR("ett datum på eller efter start",
                                          "a date on or after start"));
    const raw_field *f;
    long long n;
    if ((f = field(c, "budget")) && !ap_blank(ap_buf_str(&f->value))) {
        /* "50 000" and "50000" are both written in Sweden */
        char digits[32];
        size_t j = 0;
        for (const char *p = ap_buf_str(&f->value); *p && j + 1 < sizeof digits; p++)
            if (*p != ' ' && *p != '_')
                digits[j++] = *p;
        digits[j] = '\0';
        if (!ap_parse_int(digits, 0, 1000000000000LL, &n))
            return bad(c, f, TR("ett heltal i kronor, t.ex. 50000", "whole SEK, e.g. 50000"));
        a->budget = n;
    }
    if ((f = field(c, "weight")) && !ap_blank(ap_buf_str(&f->value))) {
        if (!ap_parse_int(ap_buf_str(&f->value), 1, 1000, &n))
            return bad(c, f, TR("ett heltal 1-1000", "a whole number 1-1000"));
        a->weight = (int)n;
    }
    if ((f = field(c, "state")) && !ap_blank(ap_buf_str(&f->value)) &&
        !ap_state_parse(ap_buf_str(&f->value), &a->state))
        return bad(c, f, ap_state_choices());
    if ((f = field(c, "goals")))
        a->n_goals = split_list(ar, ap_buf_str(&f->value), &a->goals);
    else
        a->goals = ap_arena_alloc(ar, sizeof *a->goals);
    _Static_assert(AP_LIST_MAX == 200, "the message below says 200");
    if (f && a->n_goals > AP_LIST_MAX)
        return bad(c, f, TR("högst 200 mål", "at most 200 goals"));
    if ((f = field(c, "sdg"))) {
        const char **items;
        size_t k = split_list(ar, ap_buf_str(&f->value), &items);
        for (size_t i = 0; i < k; i++) {
            if (!ap_parse_int(items[i], 1, 17, &n))
                return bad(c, f, TR("FN:s globala mål 1-17, kommaseparerade",
                                    "UN Sustainable Development Goals 1-17, comma-separated"));
            for (size_t j = 0; j < a->n_sdgs; j++)
                if (a->sdgs[j] == (int)n)
                    return bad(c, f, TR("varje mål en gång", "each goal once"));
            a->sdgs[a->n_sdgs++] = (int)n;
        }
    }
    return AP_OK;
}

/* Every value's length, after its continuation lines joined (limits.h). */
static ap_rc check_lengths(const conv *c)
{
    for (size_t i = 0; i < c->sec->n; i++) {
        const raw_field *f = &c->sec->fields[i];
        size_t max = strcmp(f->key, "title") == 0 ? AP_TITLE_MAX : AP_TEXT_MAX;
        size_t n = ap_utf8_len(ap_buf_str(&f->value));
        if (n > max)
            return ap_error_set(c->err, AP_E_INPUT,
                                TR("%s:%d: '%s' i [%s] är %zu tecken lång (högst %zu)",
                                   "%s:%d: '%s' in [%s] is %zu characters long (at most %zu)"),
                                c->def->filename, f->line, f->key, c->sec->name, n, max);
    }
    return AP_OK;
}

static ap_rc convert_section(conv *c)
{
    ap_plan_def *d = c->def;
    ap_rc rc = check_lengths(c);
    if (rc == AP_OK)
        rc = check_required(c);
    if (rc != AP_OK)
        return rc;
    switch (c->sec->kind) {
    case SEC_STRATEGY:
        return conv_strategy(c);
    case SEC_GOAL:
        GROW(c, goals, n_goals, SEC_GOAL);
        return conv_goal(c, &d->goals[d->n_goals++]);
    case SEC_FOCUS: {
        GROW(c, focus, n_focus, SEC_FOCUS);
        ap_def_focus *f = &d->focus[d->n_focus++];
        f->code = c->sec->code;
        f->line = c->sec->line;
        f->title = text(c, "title");
        f->lead = text(c, "lead");
        return AP_OK;
    }
    case SEC_INITIATIVE: {
        GROW(c, initiatives, n_initiatives, SEC_INITIATIVE);
        ap_def_initiative *i = &d->initiatives[d->n_initiatives++];
        i->code = c->sec->code;
        i->focus_code = ap_arena_strndup(&d->arena, i->code, strcspn(i->code, "."));
        i->line = c->sec->line;
        i->title = text(c, "title");
        i->approach = text(c, "approach");
        return AP_OK;
    }
    case SEC_ACTIVITY:
        GROW(c, activities, n_activities, SEC_ACTIVITY);
        return conv_activity(c, &d->activities[d->n_activities++]);
    default:
        return AP_E_INTERNAL;
    }
}

/* =========================================================================
 * Cross-section checks: the hierarchy follows the codes
 * ========================================================================= */

static ap_rc check_structure(ap_plan_def *d, ap_error *err)
{
    if (!d->id)
        return ap_error_set(err, AP_E_INPUT,
                            TR("%s: sektionen [strategy] saknas (med id och title)",
                               "%s: the [strategy] section is missing (with id and title)"),
                            d->filename);
    ap_strmap focus = {0}, initiatives = {0}, goals = {0};
    for (size_t f = 0; f < d->n_focus; f++)
        ap_strmap_put(&focus, d->focus[f].code, &d->focus[f]);
    for (size_t i = 0; i < d->n_initiatives; i++)
        ap_strmap_put(&initiatives, d->initiatives[i].code, &d->initiatives[i]);
    for (size_t g = 0; g < d->n_goals; g++)
        ap_strmap_put(&goals, d->goals[g].code, &d->goals[g]);
    ap_rc rc = AP_OK;
    for (size_t i = 0; rc == AP_OK && i < d->n_initiatives; i++) {
        const ap_def_initiative *in = &d->initiatives[i];
        if (!ap_strmap_get(&focus, in->focus_code))
            rc = ap_error_set(err, AP_E_INPUT,
                              TR("%s:%d: [initiative %s] hör till fokusområde %s, men "
                                 "[focus %s] finns inte i filen",
                                 "%s:%d: [initiative %s] belongs to focus area %s, but "
                                 "[focus %s] is not in the file"),
                              d->filename, in->line, in->code, in->focus_code, in->focus_code);
    }
    for (size_t a = 0; rc == AP_OK && a < d->n_activities; a++) {
        const ap_def_activity *act = &d->activities[a];
        if (!ap_strmap_get(&initiatives, act->initiative_code)) {
            rc = ap_error_set(err, AP_E_INPUT,
                              TR("%s:%d: [activity %s] hör till insatsområde %s, men "
                                 "[initiative %s] finns inte i filen",
                                 "%s:%d: [activity %s] belongs to initiative area %s, but "
                                 "[initiative %s] is not in the file"),
                              d->filename, act->line, act->code, act->initiative_code,
                              act->initiative_code);
            break;
        }
        for (size_t g = 0; rc == AP_OK && g < act->n_goals; g++) {
            if (!ap_strmap_get(&goals, act->goals[g]))
                rc = ap_error_set(err, AP_E_INPUT,
                                  TR("%s:%d: [activity %s] kopplas till målet '%s', som inte "
                                     "finns (lägg till [goal %s] eller rätta koden)",
                                     "%s:%d: [activity %s] links to goal '%s', which does not "
                                     "exist (add [goal %s] or correct the code)"),
                                  d->filename, act->line, act->code, act->goals[g],
                                  act->goals[g]);
            for (size_t h = 0; rc == AP_OK && h < g; h++)
                if (strcmp(act->goals[h], act->goals[g]) == 0)
                    rc = ap_error_set(err, AP_E_INPUT,
                                      TR("%s:%d: [activity %s] kopplas till '%s' två gånger",
                                         "%s:%d: [activity %s] links to '%s' twice"),
                                      d->filename, act->line, act->code, act->goals[g]);
        }
    }
    ap_strmap_free(&focus);
    ap_strmap_free(&initiatives);
    ap_strmap_free(&goals);
    return rc;
}

/* =========================================================================
 * Entry points
 * ========================================================================= */

static void free_cur(parse_state *ps)
{
    if (!ps->have_cur)
        return;
    for (size_t j = 0; j < ps->cur.n; j++)
        ap_buf_free(&ps->cur.fields[j].value);
    free(ps->cur.fields);
    ps->have_cur = false;
}

/* Convert the section read so far, then let its raw text go. */
static ap_rc finish_section(parse_state *ps, ap_error *err)
{
    if (!ps->have_cur)
        return AP_OK;
    conv c = {.def = ps->def, .sec = &ps->cur, .cap = ps->cap, .err = err};
    ap_rc rc = convert_section(&c);
    free_cur(ps);
    return rc;
}

/* Move a grown heap array into the definition's arena (one element more,
 * so that an empty list is still a valid pointer). */
static void *to_arena(ap_plan_def *d, void *items, size_t n, size_t elem)
{
    void *copy = ap_arena_alloc(&d->arena, (n + 1) * elem);
    if (n)
        memcpy(copy, items, n * elem);
    free(items);
    return copy;
}

ap_rc ap_plan_parse(const char *data, size_t len, const char *filename, ap_plan_def **out,
                    ap_error *err)
{
    *out = NULL;
    ap_plan_def *d = ap_xcalloc(1, sizeof *d);
    d->filename = ap_arena_strdup(&d->arena, filename);
    d->adopted = AP_DATE_NONE;
    parse_state ps = {.def = d};
    ap_rc rc = ap_ini_parse(data, len, filename, on_section, on_key, &ps, err);
    if (rc == AP_OK)
        rc = finish_section(&ps, err);
    free_cur(&ps);
    ap_strmap_free(&ps.seen);
    d->goals = to_arena(d, d->goals, d->n_goals, sizeof *d->goals);
    d->focus = to_arena(d, d->focus, d->n_focus, sizeof *d->focus);
    d->initiatives = to_arena(d, d->initiatives, d->n_initiatives, sizeof *d->initiatives);
    d->activities = to_arena(d, d->activities, d->n_activities, sizeof *d->activities);
    if (rc == AP_OK)
        rc = check_structure(d, err);
    if (rc != AP_OK) {
        ap_plan_def_free(d);
        return rc;
    }
    *out = d;
    return AP_OK;
}

ap_rc ap_plan_load_file(const char *path, ap_plan_def **out, ap_error *err)
{
    char *data = NULL;
    size_t len = 0;
    *out = NULL;
    ap_rc rc = ap_read_file(path, &data, &len, err);
    if (rc == AP_OK)
        rc = ap_plan_parse(data, len, path, out, err);
    free(data);
    return rc;
}

void ap_plan_def_free(ap_plan_def *def)
{
    if (!def)
        return;
    ap_arena_free(&def->arena);
    free(def);
}

const ap_def_activity *ap_plan_def_activity(const ap_plan_def *def, const char *code)
{
    for (size_t i = 0; i < def->n_activities; i++)
        if (strcmp(def->activities[i].code, code) == 0)
            return &def->activities[i];
    return NULL;
}

const ap_def_goal *ap_plan_def_goal(const ap_plan_def *def, const char *code)
{
    for (size_t i = 0; i < def->n_goals; i++)
        if (strcmp(def->goals[i].code, code) == 0)
            return &def->goals[i];
    return NULL;
}
