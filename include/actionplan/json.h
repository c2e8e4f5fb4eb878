/*
 * json.h - a small streaming JSON writer, and the JSON views (`list --json`,
 * `show --json`; the README lists their keys) rendered from a snapshot.
 */
#ifndef AP_JSON_H
#define AP_JSON_H

#include <stdbool.h>
#include <stdio.h>

#include "actionplan/snapshot.h"

/* The writer keeps track of commas; output goes to an ap_buf, or through a
 * small buffer to a FILE (so that a plan of 100,000 activities is written
 * without holding its whole JSON text in memory). */
typedef struct ap_json {
    ap_buf *out;
    FILE *file;      /* when writing to a file: out is own, flushed as it fills */
    ap_buf own;
    int depth;
    bool need_comma[64];
    bool pretty;
} ap_json;

void ap_json_init(ap_json *j, ap_buf *out, bool pretty);
/* Write to f; call ap_json_finish at the end. */
void ap_json_init_file(ap_json *j, FILE *f, bool pretty);
/* Flush what is buffered to the file and release the buffer; returns false
 * when writing failed. A writer on an ap_buf needs no finish. */
bool ap_json_finish(ap_json *j);
void ap_json_begin_object(ap_json *j);
void ap_json_end_object(ap_json *j);
void ap_json_begin_array(ap_json *j);
void ap_json_end_array(ap_json *j);
void ap_json_key(ap_json *j, const char *key);
void ap_json_string(ap_json *j, const char *s);   /* NULL writes null */
void ap_json_int(ap_json *j, long long v);
void ap_json_number(ap_json *j, double v);         /* non-finite writes null */
void ap_json_bool(ap_json *j, bool v);
void ap_json_null(ap_json *j);
void ap_json_date(ap_json *j, ap_date d);          /* "YYYY-MM-DD" or null */
/* Shorthands: key + value */
void ap_json_kv_string(ap_json *j, const char *key, const char *s);
void ap_json_kv_int(ap_json *j, const char *key, long long v);
void ap_json_kv_date(ap_json *j, const char *key, ap_date d);

/* The counts object of docs/rules.md (eight keys). */
void ap_json_counts(ap_json *j, const ap_counts *c);

/* `list --json`: the whole tree (or one focus area when focus is not NULL),
 * the goals, budget and spent. With people false, people's names are left
 * out - the keys responsible, participants, lead and by, and plan changes
 * of such fields - as the public web API shows a plan ([public]
 * show_people = no); everything else is the same. */
void ap_json_plan(ap_json *j, const ap_snapshot *snap, const char *focus, bool people);

/* `show --json`: one activity with its whole history (people: as above). */
void ap_json_activity_full(ap_json *j, const ap_snapshot *snap, const ap_activity *a,
                           bool people);

#endif
