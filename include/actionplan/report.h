/*
 * report.h - what the steering-group pack and the annual report show, built
 * once from the snapshot and handed to the renderers (xlsx and pdf), so that
 * the workbook and the PDF cannot disagree and no renderer re-derives a
 * list of its own.
 */
#ifndef AP_REPORT_H
#define AP_REPORT_H

#include <stdbool.h>

#include "actionplan/config.h"
#include "actionplan/snapshot.h"
#include "actionplan/status_style.h"
#include "actionplan/store.h"

/* ---------------------------------------------------------------------------
 * The steering-group pack (docs/reports.md)
 * ------------------------------------------------------------------------- */

/* When a report is made from: the recording it reads up to (0: the latest
 * now) and the date it says it was made (AP_DATE_NONE: today). A registered
 * report is made again with its own. */
typedef struct ap_report_time {
    int64_t upto;
    ap_date made_on;
} ap_report_time;

/* Above [report] pdf_list_max activities a PDF lists only those that need
 * attention (docs/reports.md); *omitted counts, per focus area of the
 * snapshot, the activities it leaves out. */
typedef struct ap_pdf_list {
    bool attention_only;
    size_t *omitted;           /* indexed like snap->focus; NULL when !attention_only */
    bool *late;                /* indexed like snap->activities: a late entry in the changes */
} ap_pdf_list;

/* Whether an activity needs the steering group's or the council's attention:
 * yellow, red, overdue, stale, never reported, or with an entry recorded
 * late (late may be NULL). */
bool ap_needs_attention(const ap_snapshot *snap, const ap_pdf_list *list, const ap_activity *a);
/* Whether a PDF that uses list shows activity a. */
bool ap_pdf_list_shows(const ap_snapshot *snap, const ap_pdf_list *list, const ap_activity *a);
/* Whether the PDF's change list shows change c: above the limit a report
 * that keeps its colour and came in time is left to the workbook. */
bool ap_pdf_list_shows_change(const ap_pdf_list *list, const ap_change *c);

typedef struct ap_steering {
    ap_snapshot *snap;         /* as of as_of, with changes since `since` */
    ap_pdf_list pdf;           /* the PDF's activity pages */
    int64_t upto;              /* made from the recordings <= upto */
    ap_snapshot *prev;         /* as of the previous pack, or NULL (first pack) */
    ap_snapshot *prev_full;    /* prev whole, while prev is its outline (digest only) */
    ap_date since;             /* start of the change window (exclusive) */
    bool since_is_previous;    /* since came from the previous pack */
    ap_date made_on;           /* today */
    const ap_config *cfg;
    /* Lists of pointers into snap, each in its order */
    ap_activity **active;      /* every activity not excluded, plan order */
    size_t n_active;
    ap_activity **deviations;  /* yellow and red: red first, then plan order */
    size_t n_deviations;
    ap_activity **proposals;   /* state proposed: awaiting a decision */
    size_t n_proposals;
    ap_activity **chase;       /* to chase (ap_chase_reason_of): by owner (Swedish order), code */
    size_t n_chase;
    /* Each focus area's latest assessment for a pack as of as_of or before
     * (parallel to snap->focus), and the plan's */
    ap_assessment *assessments;
    ap_assessment plan_assessment;
    ap_arena arena;
} ap_steering;

/* Why an activity is on the chase list ("Att påminna", docs/rules.md, "Time"):
 * every active activity that is unreported, overdue without a report since
 * its due date, or stale - the first that applies, in that order. */
typedef enum {
    AP_CHASE_NONE,           /* not chased */
    AP_CHASE_NEVER_REPORTED, /* active and never reported (overdue or not) */
    AP_CHASE_OVERDUE,        /* overdue, and no report dated after the due date */
    AP_CHASE_STALE           /* the last report is older than rules.stale_days */
} ap_chase_reason;

ap_chase_reason ap_chase_reason_of(const ap_activity *a);
/* The reason in words, as the pack and the web page show it: "Aldrig
 * rapporterad", "Ingen rapport sedan slutdatum 2017-09-30", "Ingen rapport
 * på 120 dagar". Written into buf; returns it. */
const char *ap_chase_reason_text(const ap_activity *a, char *buf, size_t size);

/* Build the pack's data as of as_of. since AP_DATE_NONE means: the as-of
 * date of the previous steering pack of this plan (recorded in the
 * database), or the plan's adoption date / the first report when there was
 * none. */
ap_rc ap_steering_build(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                        ap_date since, ap_steering **out, ap_error *err);
/* The same, as the database was at t->upto and dated t->made_on (t NULL:
 * now and today). The previous pack is then the last registered by then. */
ap_rc ap_steering_build_at(ap_store *s, int64_t plan_id, const ap_config *cfg, ap_date as_of,
                           ap_date since, const ap_report_time *t, ap_steering **out,
                           ap_error *err);
void ap_steering_free(ap_steering *st);

/* The previous pack's status of a node ("1", "1.2") or of the plan (NULL);
 * AP_ST_COUNT when there was no previous pack or no such node. */
ap_status ap_steering_prev_status(const ap_steering *st, const char *focus_code);

/* Before the renderers start: prev becomes the outline of the previous
 * pack's snapshot - its date and the statuses of the plan, its focus areas
 * and initiative areas, all the renderers show of it - and the whole one
 * moves to prev_full, for the digest alone. */
void ap_steering_outline_prev(ap_steering *st);

/* Once the pack's digest is taken: free prev_full (a large plan's
 * activities) before the PDF's pages fill memory. The renderers may be
 * running: they read prev, which stays. */
void ap_steering_drop_full_prev(ap_steering *st);

/* A deviation's cause (action false) or recommended action (true) as the
 * reports show it: the spell's text (snapshot.h), followed by "(rapporterad
 * 2026-06-01)" when an earlier report of the spell gave it; NULL when none
 * did. Written into b (reset first). */
const char *ap_deviation_text(const ap_activity *a, bool action, ap_buf *b);

/* An assessment as one text, the same in every PDF and workbook: the text,
 * then "– Anna Lind, 2018-01-10 (2017)"; "Bedömning saknas." when there is
 * none. Into b (reset first); returns its text. */
const char *ap_assessment_text(const ap_assessment *a, ap_buf *b);

/* The plan's name in a sentence: its title when that already says it is a
 * plan ("Kultur- och fritidsplan 2020–2024"), else "Handlingsplanen för
 * <title>". Written into b (reset first); returns its text. */
const char *ap_plan_name(ap_buf *b, const char *title);

/* A change in words, the same in the PDF and the workbook: its kind
 * ("Status", "Läge", "Beslut", "Plan"), "before → now" ("Grön → Gul",
 * "Slutdatum 2026-09-30 → 2027-06-30", "Ny i planen"; only the new colour
 * or state when the one before is not known), and its note: the comment,
 * note or decision, after "Efterregistrerad 2026-12-02:" when it came late.
 * Each writes into buf (NUL-terminated) and returns it. */
const char *ap_change_kind_label(const ap_change *c);
const char *ap_change_fromto(const ap_change *c, char *buf, size_t size);
const char *ap_change_note(const ap_change *c, ap_buf *buf);

/* ---------------------------------------------------------------------------
 * The annual council report (docs/reports.md)
 * ------------------------------------------------------------------------- */

typedef struct ap_annual {
    ap_snapshot *snap;         /* as of 31 December, changes during the year */
    ap_pdf_list pdf;           /* the PDF's focus-area sections and appendix */
    int64_t upto;              /* made from the recordings <= upto */
    int year;
    ap_date made_on;
    const ap_config *cfg;
    /* Activities the report covers: those decided or completed during the
     * year - state on 31 December decided, ongoing or paused, or completed
     * or cancelled during the year. Plan order. */
    ap_activity **covered;
    size_t n_covered;
    ap_activity **completed;   /* completed during the year, by completion date */
    size_t n_completed;
    ap_activity **deviations;  /* yellow and red on 31 December, red first */
    size_t n_deviations;
    /* How many activities entered each state during the year */
    int entered[AP_STATE_COUNT];
    /* How many of the plan's activities are in each state on 31 December */
    int at_year_end[AP_STATE_COUNT];
    /* How many covered activities carry each UN Sustainable Development
     * Goal (index 1-17; 0 unused) */
    int sdg_activities[AP_SDG_MAX + 1];
    /* Each focus area's assessment for the year (parallel to snap->focus),
     * and the plan's */
    ap_assessment *assessments;
    ap_assessment plan_assessment;
    ap_arena arena;
} ap_annual;

/* The summary's opening text, appended to out: how many activities the
 * plan had in how many focus areas, how many were completed during the
 * year, how many deviated (red, yellow) and how many were unreported.
 * Every figure is one the tables beside it show: the whole plan's counts
 * (snap->rollup.counts) and the activities that entered "completed" during
 * the year (entered[]). on is the as-of date as the renderer writes it. */
void ap_annual_summary_text(const ap_annual *an, const char *on, ap_buf *out);

/* The summary's sentences on the goals and the cost, appended to out:
 * "Planens 6 mål den 31 december 2016 – Grön: 3, Gul: 1, Röd: 1, Ej mätt:
 * 1. Av planens budget på 98 885 000 kr hade … rapporterats som kostnad
 * till och med den …" (each only when the plan has goals, a budget); on is
 * the as-of date as the renderer writes it. */
void ap_annual_goals_cost_text(const ap_annual *an, const char *on, ap_buf *out);
/* The summary's first paragraph, the PDF's and the HTML page's alike: the
 * opening text (ap_annual_summary_text) and the goals and the cost
 * (ap_annual_goals_cost_text), with the as-of date written out
 * (ap_date_long_text). Appended to out. */
void ap_annual_summary_lead(const ap_annual *an, ap_buf *out);
/* A date written out, "31 december 2016" ("31 December 2016" in English),
 * an en dash for AP_DATE_NONE; returns buf. */
const char *ap_date_long_text(ap_date d, char *buf, size_t size);
/* An amount of kronor as the reports write it in running text: "98 885 000 kr"
 * (no-break spaces; "SEK 98,885,000" in English), an en dash when negative;
 * returns buf. */
const char *ap_sek_text(long long v, char *buf, size_t size);

/* Whether the annual report is preliminary: made while its year runs (the
 * last day included), so it shows the day it was made, not 31 December. */
bool ap_annual_preliminary(const ap_annual *an);

/* The note a preliminary report carries, the same in the PDF's summary and
 * the workbook's: "Preliminär: året 2018 är inte slut. …", with on the
 * as-of date as the renderer writes it. Written into b (reset first);
 * returns its text. */
const char *ap_annual_preliminary_note(const ap_annual *an, const char *on, ap_buf *b);

/* Whether the annual report covers an activity (the rule of `covered`). */
bool ap_annual_covers(const ap_annual *an, const ap_activity *a);

ap_rc ap_annual_build(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                      ap_annual **out, ap_error *err);
ap_rc ap_annual_build_at(ap_store *s, int64_t plan_id, const ap_config *cfg, int year,
                         const ap_report_time *t, ap_annual **out, ap_error *err);
void ap_annual_free(ap_annual *an);

/* ---------------------------------------------------------------------------
 * Goals as the reports and the web pages chart them
 * ------------------------------------------------------------------------- */

/* Decimals that show every figure of a goal (baseline, target, every
 * measurement): 0 when all are whole, else 1. */
int ap_goal_decimals(const ap_goal *g);
/* A goal that is met or not: its unit says "ja/nej" (or "yes/no"), or its
 * baseline and target are 0 and 1 and every measurement is 0 or 1. Shown
 * as "Ja"/"Nej" with dates instead of a chart on a numeric axis. */
bool ap_goal_yes_no(const ap_goal *g);

/* ---------------------------------------------------------------------------
 * The register's pieces (report_register.c)
 * ------------------------------------------------------------------------- */

/* The settings that shape a report's data, as one line, and back (false
 * when text is not such a line). */
void ap_report_settings_format(const ap_config *cfg, char *out, size_t size);
bool ap_report_settings_apply(const char *text, ap_config *cfg);
/* SHA-256 over a report's data (not its wording), 64 hex digits. */
void ap_steering_digest(const ap_steering *st, char out[65]);
void ap_annual_digest(const ap_annual *an, char out[65]);

#endif
