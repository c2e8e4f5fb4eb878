/*
 * text.h - the plain-text views a front end prints: the plan's tree (list),
 * one activity with its history (show) and the log of everything recorded
 * (log), beside explain's words (explain.h). Each appends to a buffer; the
 * caller writes it (escaping what stored text may hold). Swedish or English
 * as the language is set (i18n.h).
 */
#ifndef AP_TEXT_H
#define AP_TEXT_H

#include <stdbool.h>
#include <stddef.h>

#include "actionplan/snapshot.h"
#include "actionplan/store.h"
#include "actionplan/util.h"

/* How the text is styled: ANSI colours and bold/dim when color (a terminal
 * that wants them), titles cut to width columns when width > 0. */
typedef struct ap_text_style {
    bool color;
    int width;
} ap_text_style;

/* A status as the terminal shows it: its mark (the shape of status_style.h)
 * and its word, coloured when ts->color - colour is never the only signal;
 * padded with spaces to pad columns. */
void ap_text_status(ap_buf *b, const ap_text_style *ts, ap_status s, int pad);
/* text, wrapped in an ANSI style ("bold", "dim", "red") when ts->color. */
void ap_text_styled(ap_buf *b, const ap_text_style *ts, const char *style, const char *text);

/* The plan's tree as of the snapshot's date: the whole plan with its counts,
 * then each focus area (only `focus` when not NULL), its initiative areas and
 * activities, each with its status. */
void ap_text_plan_tree(ap_buf *out, const ap_text_style *ts, const ap_snapshot *snap,
                       const char *focus);

/* One activity: its status and why in short, its fields, then its whole
 * history (reports, state changes, decisions and plan changes) by date. The
 * snapshot must have been loaded with history. */
void ap_text_activity(ap_buf *out, const ap_text_style *ts, const ap_snapshot *snap,
                      const ap_activity *a);

/* The log: one line per entry, in the order recorded. */
void ap_text_log(ap_buf *out, const ap_log_entry *list, size_t n);
/* The way an entry came in: "cli", "csv", "form", "web" or "plan file". */
const char *ap_log_channel(const ap_log_entry *e);
/* What the entry says, in words ("Gul", "Pågående", a decision's text, a plan
 * change "Slutdatum 2026-09-30 → 2027-06-30"); buf holds a plan change's. */
const char *ap_log_what(const ap_log_entry *e, char *buf, size_t size);

#endif
