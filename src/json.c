/* json.c - JSON writer and the JSON views of a snapshot; see json.h. */
#include "actionplan/json.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

/* =========================================================================
 * Writer
 * ========================================================================= */

void ap_json_init(ap_json *j, ap_buf *out, bool pretty)
{
    memset(j, 0, sizeof *j);
    j->out = out;
    j->pretty = pretty;
}

void ap_json_init_file(ap_json *j, FILE *f, bool pretty)
{
    memset(j, 0, sizeof *j);
    j->out = &j->own;
    j->file = f;
    j->pretty = pretty;
}

/* Hand what is buffered to the file once there is enough of it. */
static void spill(ap_json *j, size_t threshold)
{
    if (j->file && j->out->len >= threshold) {
        fwrite(j->out->p, 1, j->out->len, j->file);
        ap_buf_reset(j->out);
    }
}

bool ap_json_finish(ap_json *j)
{
    if (!j->file)
        return true;
    spill(j, 1);
    ap_buf_free(&j->own);
    return fflush(j->file) == 0 && !ferror(j->file);
}

static void newline(ap_json *j)
{
    if (!j->pretty)
        return;
    ap_buf_putc(j->out, '\n');
    for (int i = 0; i < j->depth; i++)
        ap_buf_puts(j->out, "  ");
}

/* Before a value: a comma when a sibling came before (not after a key). */
static void before_value(ap_json *j)
{
    spill(j, 65536);
    if (j->depth > 0 && j->need_comma[j->depth]) {
        ap_buf_putc(j->out, ',');
        newline(j);
    } else if (j->depth > 0 && !j->need_comma[j->depth]) {
        /* first element: newline after the opening bracket, unless after a key */
    }
    if (j->depth < 63)
        j->need_comma[j->depth] = true;
}

static void open_container(ap_json *j, char c)
{
    before_value(j);
    ap_buf_putc(j->out, c);
    if (j->depth < 62)
        j->depth++;
    j->need_comma[j->depth] = false;
    newline(j);
}

static void close_container(ap_json *j, char c)
{
    if (j->depth > 0)
        j->depth--;
    newline(j);
    ap_buf_putc(j->out, c);
}

void ap_json_begin_object(ap_json *j)
{
    open_container(j, '{');
}

void ap_json_end_object(ap_json *j)
{
    close_container(j, '}');
}

void ap_json_begin_array(ap_json *j)
{
    open_container(j, '[');
}

void ap_json_end_array(ap_json *j)
{
    close_container(j, ']');
}

static void write_string(ap_buf *b, const char *s)
{
    ap_buf_putc(b, '"');
    const char *run = s; /* bytes that need no escape go out in one piece */
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        const char *esc = NULL;
        char hex[8];
        switch (*p) {
        case '"': esc = "\\\""; break;
        case '\\': esc = "\\\\"; break;
        case '\n': esc = "\\n"; break;
        case '\r': esc = "\\r"; break;
        case '\t': esc = "\\t"; break;
        default:
            if (*p < 0x20) {
                snprintf(hex, sizeof hex, "\\u%04x", *p);
                esc = hex;
            }
        }
        if (!esc)
            continue;
        ap_buf_append(b, run, (size_t)((const char *)p - run));
        ap_buf_puts(b, esc);
        run = (const char *)p + 1;
    }
    ap_buf_puts(b, run);
    ap_buf_putc(b, '"');
}

void ap_json_key(ap_json *j, const char *key)
{
    before_value(j);
    write_string(j->out, key);
    ap_buf_puts(j->out, j->pretty ? ": " : ":");
    /* the value that follows must not add a comma */
    j->need_comma[j->depth] = false;
}

/* After a key, the next value re-arms the comma. */
static void value_prefix(ap_json *j)
{
    before_value(j);
}

void ap_json_string(ap_json *j, const char *s)
{
    value_prefix(j);
    if (s)
        write_string(j->out, s);
    else
        ap_buf_puts(j->out, "null");
}

void ap_json_int(ap_json *j, long long v)
{
    value_prefix(j);
    ap_buf_printf(j->out, "%lld", v);
}

void ap_json_number(ap_json *j, double v)
{
    value_prefix(j);
    if (!isfinite(v))
        ap_buf_puts(j->out, "null");
    else if (v == (double)(long long)v && fabs(v) < 1e15)
        ap_buf_printf(j->out, "%lld", (long long)v);
    else
        ap_buf_printf(j->out, "%.10g", v);
}

void ap_json_bool(ap_json *j, bool v)
{
    value_prefix(j);
    ap_buf_puts(j->out, v ? "true" : "false");
}

void ap_json_null(ap_json *j)
{
    value_prefix(j);
    ap_buf_puts(j->out, "null");
}

void ap_json_date(ap_json *j, ap_date d)
{
    char buf[11];
    if (d == AP_DATE_NONE)
        ap_json_null(j);
    else
        ap_json_string(j, ap_date_format(d, buf));
}

void ap_json_kv_string(ap_json *j, const char *key, const char *s)
{
    ap_json_key(j, key);
    ap_json_string(j, s);
}

void ap_json_kv_int(ap_json *j, const char *key, long long v)
{
    ap_json_key(j, key);
    ap_json_int(j, v);
}

void ap_json_kv_date(ap_json *j, const char *key, ap_date d)
{
    ap_json_key(j, key);
    ap_json_date(j, d);
}

/* =========================================================================
 * Views
 * ========================================================================= */

void ap_json_counts(ap_json *j, const ap_counts *c)
{
    ap_json_begin_object(j);
    ap_json_kv_int(j, "green", c->green);
    ap_json_kv_int(j, "yellow", c->yellow);
    ap_json_kv_int(j, "red", c->red);
    ap_json_kv_int(j, "completed", c->completed);
    ap_json_kv_int(j, "unreported", c->unreported);
    ap_json_kv_int(j, "excluded", c->excluded);
    ap_json_kv_int(j, "overdue", c->overdue);
    ap_json_kv_int(j, "stale", c->stale);
    ap_json_end_object(j);
}

static void node_fields(ap_json *j, const ap_rollup *r, long long budget, long long spent)
{
    ap_json_kv_string(j, "status", ap_status_name(r->status));
    ap_json_key(j, "counts");
    ap_json_counts(j, &r->counts);
    ap_json_kv_int(j, "budget", budget);
    ap_json_kv_int(j, "spent", spent);
}

static void string_array(ap_json *j, const char *const *items, size_t n)
{
    ap_json_begin_array(j);
    for (size_t i = 0; i < n; i++)
        ap_json_string(j, items[i]);
    ap_json_end_array(j);
}

/* The activity fields of `list --json` (README, "Commands") and a few more. */
static void activity_fields(ap_json *j, const ap_activity *a, bool people)
{
    ap_json_kv_string(j, "code", a->code);
    ap_json_kv_string(j, "title", a->title);
    ap_json_kv_string(j, "owner", a->owner);
    if (people)
        ap_json_kv_string(j, "responsible", a->responsible);
    ap_json_kv_string(j, "state", ap_state_name(a->state));
    ap_json_kv_string(j, "status", ap_status_name(a->eval.status));
    ap_json_key(j, "overdue");
    ap_json_bool(j, a->eval.overdue);
    ap_json_key(j, "stale");
    ap_json_bool(j, a->eval.stale);
    ap_json_kv_date(j, "start", a->start);
    ap_json_kv_date(j, "due", a->due);
    ap_json_kv_date(j, "last_update", a->has_update ? a->last.date : AP_DATE_NONE);
    ap_json_key(j, "reported");
    ap_json_string(j, a->has_update ? ap_color_name(a->last.color) : NULL);
    ap_json_key(j, "progress");
    if (a->has_update && a->last.progress >= 0)
        ap_json_int(j, a->last.progress);
    else
        ap_json_null(j);
    ap_json_key(j, "cause_missing");
    ap_json_bool(j, ap_activity_cause_missing(a));
    ap_json_kv_int(j, "weight", a->weight);
    ap_json_key(j, "budget");
    if (a->budget >= 0)
        ap_json_int(j, a->budget);
    else
        ap_json_null(j);
    ap_json_kv_int(j, "spent", a->spent);
    ap_json_key(j, "goals");
    string_array(j, a->goal_codes, a->n_goals);
    ap_json_key(j, "sdg");
    ap_json_begin_array(j);
    for (size_t i = 0; i < a->n_sdgs; i++)
        ap_json_int(j, a->sdgs[i]);
    ap_json_end_array(j);
}

static void goal_fields(ap_json *j, const ap_goal *g)
{
    const ap_measurement *m = ap_goal_latest(g);
    ap_json_kv_string(j, "code", g->code);
    ap_json_kv_string(j, "title", g->title);
    ap_json_kv_string(j, "kind", ap_goal_kind_name(g->kind));
    ap_json_kv_string(j, "indicator", g->indicator);
    ap_json_kv_string(j, "unit", g->unit);
    ap_json_key(j, "baseline");
    ap_json_number(j, g->baseline);
    ap_json_kv_date(j, "baseline_date", g->baseline_date);
    ap_json_key(j, "target");
    ap_json_number(j, g->target);
    ap_json_kv_date(j, "target_date", g->target_date);
    ap_json_key(j, "latest");
    if (m)
        ap_json_number(j, m->value);
    else
        ap_json_null(j);
    ap_json_kv_date(j, "latest_date", m ? m->date : AP_DATE_NONE);
    ap_json_kv_string(j, "status", ap_status_name(g->eval.status));
    ap_json_key(j, "progress");
    if (m)
        ap_json_number(j, g->eval.progress);
    else
        ap_json_null(j);
    ap_json_kv_int(j, "activities", g->n_activities);
}

void ap_json_plan(ap_json *j, const ap_snapshot *snap, const char *focus, bool people)
{
    ap_json_begin_object(j);
    ap_json_kv_string(j, "plan", snap->key);
    ap_json_kv_string(j, "title", snap->title);
    ap_json_kv_date(j, "as_of", snap->as_of);
    node_fields(j, &snap->rollup, snap->budget, snap->spent);
    ap_json_key(j, "focus_areas");
    ap_json_begin_array(j);
    for (size_t f = 0; f < snap->n_focus; f++) {
        const ap_focus *fa = &snap->focus[f];
        if (focus && strcmp(focus, fa->code) != 0)
            continue;
        ap_json_begin_object(j);
        ap_json_kv_string(j, "code", fa->code);
        ap_json_kv_string(j, "title", fa->title);
        if (people)
            ap_json_kv_string(j, "lead", fa->lead);
        node_fields(j, &fa->rollup, fa->budget, fa->spent);
        ap_json_key(j, "initiatives");
        ap_json_begin_array(j);
        for (size_t i = 0; i < fa->n_initiatives; i++) {
            const ap_initiative *in = fa->initiatives[i];
            ap_json_begin_object(j);
            ap_json_kv_string(j, "code", in->code);
            ap_json_kv_string(j, "title", in->title);
            node_fields(j, &in->rollup, in->budget, in->spent);
            ap_json_key(j, "activities");
            ap_json_begin_array(j);
            for (size_t k = 0; k < in->n_activities; k++) {
                if (in->activities[k]->removed)
                    continue;
                ap_json_begin_object(j);
                activity_fields(j, in->activities[k], people);
                ap_json_end_object(j);
            }
            ap_json_end_array(j);
            ap_json_end_object(j);
        }
        ap_json_end_array(j);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_key(j, "goals");
    ap_json_begin_array(j);
    for (size_t g = 0; g < snap->n_goals; g++) {
        ap_json_begin_object(j);
        goal_fields(j, &snap->goals[g]);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_end_object(j);
}

void ap_json_activity_full(ap_json *j, const ap_snapshot *snap, const ap_activity *a,
                           bool people)
{
    ap_json_begin_object(j);
    ap_json_kv_string(j, "plan", snap->key);
    ap_json_kv_date(j, "as_of", snap->as_of);
    activity_fields(j, a, people);
    ap_json_kv_string(j, "focus", a->focus->code);
    ap_json_kv_string(j, "initiative", a->initiative->code);
    if (people) {
        ap_json_key(j, "participants");
        string_array(j, a->participants, a->n_participants);
    }
    ap_json_key(j, "removed");
    ap_json_bool(j, a->removed);
    ap_json_kv_string(j, "plan_state", ap_state_name(a->plan_state));
    ap_json_key(j, "updates");
    ap_json_begin_array(j);
    for (size_t i = 0; i < a->history->n_updates; i++) {
        const ap_update *u = &a->history->updates[i];
        ap_json_begin_object(j);
        ap_json_kv_date(j, "date", u->date);
        ap_json_kv_string(j, "status", ap_color_name(u->color));
        ap_json_key(j, "progress");
        if (u->progress >= 0)
            ap_json_int(j, u->progress);
        else
            ap_json_null(j);
        ap_json_kv_string(j, "comment", u->comment);
        ap_json_kv_string(j, "cause", u->cause);
        ap_json_kv_string(j, "action", u->action);
        if (people)
            ap_json_kv_string(j, "by", u->by);
        ap_json_key(j, "cost");
        if (u->cost >= 0)
            ap_json_int(j, u->cost);
        else
            ap_json_null(j);
        ap_json_kv_string(j, "origin", u->origin);
        ap_json_kv_string(j, "recorded_at", u->recorded_at);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_key(j, "state_changes");
    ap_json_begin_array(j);
    for (size_t i = 0; i < a->history->n_states; i++) {
        const ap_state_change *c = &a->history->states[i];
        ap_json_begin_object(j);
        ap_json_kv_date(j, "date", c->date);
        ap_json_kv_string(j, "from", ap_state_name(c->from));
        ap_json_kv_string(j, "to", ap_state_name(c->to));
        if (people)
            ap_json_kv_string(j, "by", c->by);
        ap_json_kv_string(j, "note", c->note);
        ap_json_kv_string(j, "origin", c->origin);
        ap_json_kv_string(j, "recorded_at", c->recorded_at);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_key(j, "decisions");
    ap_json_begin_array(j);
    for (size_t i = 0; i < a->history->n_decisions; i++) {
        const ap_decision *d = &a->history->decisions[i];
        ap_json_begin_object(j);
        ap_json_kv_date(j, "date", d->date);
        ap_json_kv_string(j, "decision", d->text);
        if (people)
            ap_json_kv_string(j, "by", d->by);
        ap_json_kv_string(j, "origin", d->origin);
        ap_json_kv_string(j, "recorded_at", d->recorded_at);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_key(j, "plan_changes");
    ap_json_begin_array(j);
    for (size_t i = 0; i < a->history->n_plan_edits; i++) {
        const ap_change *c = &a->history->plan_edits[i];
        if (!people && ap_plan_field_names_people(c->field))
            continue;
        ap_json_begin_object(j);
        ap_json_kv_date(j, "effective", c->date);
        ap_json_kv_string(j, "field", c->field);
        ap_json_kv_string(j, "old", c->old_value);
        ap_json_kv_string(j, "new", c->new_value);
        ap_json_kv_string(j, "source", c->by);
        ap_json_kv_string(j, "recorded_at", c->recorded_at);
        ap_json_end_object(j);
    }
    ap_json_end_array(j);
    ap_json_end_object(j);
}
