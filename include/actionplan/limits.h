/*
 * limits.h - the largest values actionplan accepts, in one place.
 *
 * Input refuses what exceeds them, naming where (CSV file:line:column, plan
 * file line, command-line option, form cell); the loader refuses a database
 * that holds more (a file changed behind the schema's back), naming table,
 * row and column; `check` reports them. docs/schema.md lists them.
 */
#ifndef AP_LIMITS_H
#define AP_LIMITS_H

/* SEK: one budget, one reported cost. A thousand billion kronor is more
 * than any municipality spends, and a sum of a million of them still fits
 * in 64 bits. */
#define AP_AMOUNT_MAX 1000000000000LL

/* The sum of one activity's reported costs: exact in a double (2^53), and
 * the roll-ups of thousands of activities still fit in 64 bits. */
#define AP_SPENT_MAX 1000000000000000LL

enum {
    /* Characters (code points) of a title: what the reports can show in a
     * heading or a table row (two lines of a cover, three of a workbook
     * cell). Titles of the strategy, goals, focus areas, initiative areas
     * and activities. */
    AP_TITLE_MAX = 500,
    /* Characters of every other text: comments, causes, actions,
     * decisions, notes, descriptions, names. A page of text; a workbook
     * cell holds 32,767. */
    AP_TEXT_MAX = 10000,
    /* Repeated keys per activity in a plan file (participant = ...) */
    AP_LIST_MAX = 200,
    AP_WEIGHT_MAX = 1000,
    AP_PROGRESS_MAX = 100,
};

#endif
