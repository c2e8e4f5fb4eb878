/*
 * forms.h - update forms (issue #7): an Excel workbook per focus area (or
 * per owner) that a lead fills in, and reading it back safely.
 *
 * Export (forms_export.c) writes one .xlsx per scope with libxlsxwriter:
 *   - "Instruktioner": how to fill it in, and two open cells that sign the
 *     reports: who reports (default: the focus area's lead, or the owner)
 *     and the report date (default: the form's as-of date);
 *   - "Aktiviteter": one row per activity that is not closed (proposed,
 *     decided, ongoing or paused) with locked cells for what the lead must
 *     not change and open cells for the new status (list Grön/Gul/Röd),
 *     progress (0-100), comment, cause, recommended action, a date that
 *     overrides the report date, a new state (Genomförd, Pausad, Avbruten,
 *     Pågående, Beslutad) and the cost since the last report;
 *   - "Blankett-id" (hidden): plan, form id, scope, as-of date, made-at and
 *     the activity codes by row.
 * Every sheet is protected without a password, so that locked cells stay
 * locked in Excel and LibreOffice; open cells are unlocked. The database
 * remembers every form it made (store.h, ap_form_rec).
 *
 * Import (forms_import.c) reads a workbook with the xlsx reader, checks it
 * against the database's record of the form, turns every row with news into
 * an entry and records them all through the recorder (record.h,
 * AP_RECORD_IMPORT) in one transaction per file: all or nothing, or, when
 * asked, every row that can be recorded and a list of those refused. Errors
 * name the file, sheet, row and column and what was expected.
 */
#ifndef AP_FORMS_H
#define AP_FORMS_H

#include <stdbool.h>
#include <stdint.h>

#include "actionplan/config.h"
#include "actionplan/model.h"
#include "actionplan/store.h"
#include "actionplan/util.h"

/* ---------------------------------------------------------------------------
 * The workbook's layout: shared by the writer and the reader
 * ------------------------------------------------------------------------- */

/* A1 of the id sheet holds this marker, B1 the layout version. */
#define AP_FORM_MARKER "actionplan-blankett"
/* Version 2 added the state and cost columns and the assessment cell: a
 * program that reads version 1 would drop them silently, so it refuses. */
#define AP_FORM_VERSION 2
/* Room for a form key: 16 hex digits and the NUL. */
#define AP_FORM_KEY_SIZE 17

/* Sheet names in the two languages; a form is read back whatever the
 * language it was written in. */
#define AP_FORM_SHEET_INFO_SV "Instruktioner"
#define AP_FORM_SHEET_INFO_EN "Instructions"
#define AP_FORM_SHEET_ROWS_SV "Aktiviteter"
#define AP_FORM_SHEET_ROWS_EN "Activities"
#define AP_FORM_SHEET_ID_SV "Blankett-id"
#define AP_FORM_SHEET_ID_EN "Form id"

/* The instructions sheet: the two signing cells (0-based, column B) and, on
 * a focus area's form, the focus area's assessment ("Bedömning") for the
 * form's as-of date. */
enum { AP_FORM_SIGNER_ROW = 9, AP_FORM_DATE_ROW = 10, AP_FORM_ASSESSMENT_ROW = 11,
       AP_FORM_SIGN_COL = 1 };

/* The activities sheet: the heading row and the first activity row (0-based). */
enum { AP_FORM_HEAD_ROW = 3, AP_FORM_FIRST_ROW = 4 };

/* Its columns (0-based): locked ones first, then the open ones. */
typedef enum {
    AP_FC_CODE,          /* A: activity code (locked; checked on import) */
    AP_FC_TITLE,         /* B */
    AP_FC_OWNER,         /* C */
    AP_FC_RESPONSIBLE,   /* D */
    AP_FC_DUE,           /* E */
    AP_FC_NOW,           /* F: current status, word and fill */
    AP_FC_LAST_DATE,     /* G: date of the last report */
    AP_FC_LAST_PROGRESS, /* H */
    AP_FC_LAST_COMMENT,  /* I: last comment, cause and action */
    AP_FC_STATUS,        /* J: open from here on */
    AP_FC_PROGRESS,      /* K */
    AP_FC_COMMENT,       /* L */
    AP_FC_CAUSE,         /* M */
    AP_FC_ACTION,        /* N */
    AP_FC_DATE,          /* O */
    AP_FC_STATE,         /* P: a new state (Genomförd, Pausad, ...) */
    AP_FC_COST,          /* Q: kr spent since the last report */
    AP_FC_COUNT
} ap_form_col;

/* The heading of a column in the current language ("Ny status"). */
const char *ap_form_column_label(ap_form_col col);

/* ---------------------------------------------------------------------------
 * Export
 * ------------------------------------------------------------------------- */

typedef struct ap_forms_export_opts {
    ap_date as_of;       /* the picture the form shows; not after today */
    const char *focus;   /* only this focus area's form, or NULL */
    const char *owner;   /* only this owner's form, or NULL */
    bool per_owner;      /* one form per owner instead of one per focus area */
    const char *out_dir; /* folder for the files (created when missing) */
} ap_forms_export_opts;

/* One form written, or one scope left out because it has no active
 * activity (path is then ""). */
typedef struct ap_form_file {
    char path[4096];
    bool written;          /* the file is in place (false: failed, or not tried) */
    bool per_owner;
    char scope_value[512]; /* the focus area's code or the owner */
    char form_key[AP_FORM_KEY_SIZE];
    size_t n_activities;
} ap_form_file;

/* Write the forms of opts into opts->out_dir, each atomically, and remember
 * each in the database. *files (n of them) is the caller's to free(). With
 * focus or owner set, a scope without active activities is an error. */
ap_rc ap_forms_export(ap_store *s, int64_t plan_id, const ap_config *cfg,
                      const ap_forms_export_opts *opts, ap_form_file **files, size_t *n,
                      ap_error *err);

/* ---------------------------------------------------------------------------
 * Import
 * ------------------------------------------------------------------------- */

/* One row of a form that carried news. */
typedef struct ap_form_row {
    const char *code;
    uint32_t row; /* 1-based, as the sheet shows it */
    ap_date date;
    ap_color color;     /* AP_COLOR_NONE: the row changes the state only */
    int progress;       /* -1 when not given */
    long long cost;     /* -1 when not given */
    bool has_state;
    ap_state state;
    bool cause_missing; /* yellow or red without a cause */
    bool recorded;      /* false: the same report was already recorded */
    bool state_recorded;
    const char *refused; /* with skip_conflicts: why the row was not recorded */
} ap_form_row;

/* What one file held and what was recorded. Everything belongs to arena. */
typedef struct ap_form_import {
    const char *path;
    const char *plan_key;
    const char *form_key;
    const char *scope; /* "focus" or "owner" */
    const char *scope_value;
    const char *signer; /* who the reports are signed with */
    ap_date as_of;
    ap_form_row *rows; /* rows with news, in sheet order */
    size_t n_rows;
    int n_empty;           /* rows without news */
    int recorded, skipped; /* reports recorded, reports already there */
    int states;            /* state changes recorded */
    int refused;           /* rows refused (skip_conflicts only) */
    enum { AP_FORM_ASSESSMENT_NONE, AP_FORM_ASSESSMENT_RECORDED, AP_FORM_ASSESSMENT_THERE }
        assessment;        /* a focus form's assessment: none given, recorded, already there */
    ap_arena arena;
} ap_form_import;

/* Read, check and record one filled-in form in one transaction. plan_key,
 * when not NULL, is the plan the caller expects (--plan). On failure
 * nothing of the file is recorded and err names where and why. With
 * skip_conflicts, a row the recorder refuses (a later report, a state it
 * cannot go to) is left out and marked with why (row->refused), and the
 * other rows are recorded; a file that cannot be read is still refused
 * whole. out is the caller's, to release with ap_form_import_release
 * whatever the outcome. */
ap_rc ap_forms_import(ap_store *s, const char *plan_key, const char *path, bool skip_conflicts,
                      ap_form_import *out, ap_error *err);
void ap_form_import_release(ap_form_import *r);

#endif
