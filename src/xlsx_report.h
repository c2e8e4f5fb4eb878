/*
 * xlsx_report.h - the pieces the two report workbooks share on top of
 * xlsx_common.h: a report's sheets with their page set-up and heading
 * lines, the goals sheet, and cells that join a code and a title. The
 * steering pack (xlsx_steering.c) and the annual report (xlsx_annual.c)
 * both use them, so the same data looks the same in both.
 */
#ifndef AP_XLSX_REPORT_H
#define AP_XLSX_REPORT_H

#include "actionplan/snapshot.h"
#include "xlsx_common.h"

/* Where the heading row of a list sheet is: a title line, a note line,
 * then the table. */
#define AP_XLW_LIST_HEADER_ROW 2

/* A report workbook being written. */
typedef struct ap_xlw_report {
    ap_xlw x;
    const ap_snapshot *snap;
    char page_right[128];  /* page header, right: "Styrgruppsrapport per 2017-12-15" */
    char page_footer[64];  /* page footer, left: "Framtagen 2018-01-31" */
} ap_xlw_report;

/* A new sheet with the report's page set-up; header_row repeats when
 * printed (-1: none). */
lxw_worksheet *ap_xlw_report_sheet(ap_xlw_report *r, const char *name, int header_row,
                                   bool one_page);

/* A list sheet's first two lines: its title and a note saying what it holds. */
void ap_xlw_report_heading(ap_xlw_report *r, lxw_worksheet *ws, const char *title,
                           const char *note);

/* The next cell: "1.2 erbjuder mötesplatser …" - a node's code and title,
 * cut at a word with "…" when it would wrap to more than three lines of the
 * column's max_width (the column should be AP_XCOL_TEXT, so that it wraps). */
void ap_xlw_cell_code_title(ap_xlw_table *t, const char *code, const char *title);

/* The goals sheet: every goal with baseline, target, latest value,
 * progress, status and linked activities, as of the snapshot's date. */
void ap_xlw_report_goals(ap_xlw_report *r, const char *as_of_text);

#endif
