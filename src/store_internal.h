/*
 * store_internal.h - what the store's files (src/store_*.c) share: the
 * connection, the statement helpers, and the checked reading of values.
 * Nothing outside the store includes it; only the store's files talk to
 * SQLite.
 */
#ifndef AP_STORE_INTERNAL_H
#define AP_STORE_INTERNAL_H

#include <sqlite3.h>
#include <stdbool.h>
#include <stdint.h>

#include "actionplan/store.h"

/* 'APLN': marks a database as actionplan's (PRAGMA application_id). */
#define AP_APPLICATION_ID 0x41504C4E

enum { STMT_CACHE = 256, BUSY_TIMEOUT_MS = 15000 };

struct ap_store {
    sqlite3 *db;
    char path[1024];
    int version_found;
    struct {
        const char *sql; /* identity: the address of a string literal */
        sqlite3_stmt *st;
    } cache[STMT_CACHE];
    int ncache;
    char key_buf[256];
    int64_t rec; /* the recording of the open write transaction; 0 before its first entry */
    char rec_at[24]; /* its time to the second, as the history's recorded_at: "...T12:34:56Z" */
    int64_t upto; /* the read view: only entries of recordings <= upto (0: all) */
    int64_t rec_at_mark; /* rec when ap_store_mark was set: undone with the mark */
    int bind_rc;  /* the first failed bind of the statement being bound (SQLITE_OK: none) */
};

/* ---- store_schema.c: the schema and its migrations ----------------------- */

/* Check the application id and schema version, and migrate to
 * AP_SCHEMA_VERSION in one transaction (create: an empty file may become
 * a new database). */
ap_rc store_migrate(ap_store *s, bool create, ap_error *err);
ap_rc store_not_ours(ap_store *s, ap_error *err);
ap_rc store_newer_schema(ap_store *s, int version, ap_error *err);

/* ---- store_txn.c: recordings ------------------------------------------- */

/* Bind the write transaction's recording (made at its first entry) to
 * parameter i of st; false with err set when it cannot be made. */
bool bind_rec(ap_store *s, sqlite3_stmt *st, int i, ap_error *err);
/* The same, and the recording's time to the second to parameter i + 1: a
 * history row's recorded_at (its column's DEFAULT would ask the clock
 * again for every row, and could differ from its recording). */
bool bind_rec_at(ap_store *s, sqlite3_stmt *st, int i, ap_error *err);

/* ---- store_sql.c: statements --------------------------------------------- */

/* The connection's error as an ap_error (too long, busy, other). */
ap_rc db_error(ap_store *s, ap_error *err);
/* An insert that ran without an error but stored nothing (a foreign trigger). */
ap_rc not_stored(ap_store *s, const char *table, ap_error *err);
/* A prepared statement for a string literal, cached and reset. */
sqlite3_stmt *stmt(ap_store *s, const char *sql, ap_error *err);
/* A cached statement with ?1 bound to a plan's id. */
sqlite3_stmt *stmt_plan(ap_store *s, const char *sql, int64_t plan_id, ap_error *err);
/* Keep the first failed bind: step() then returns it without running. */
void bound(ap_store *s, int rc);
void bind_int64(ap_store *s, sqlite3_stmt *st, int i, int64_t v);
void bind_int(ap_store *s, sqlite3_stmt *st, int i, int v);
void bind_double(ap_store *s, sqlite3_stmt *st, int i, double v);
void bind_null(ap_store *s, sqlite3_stmt *st, int i);
/* NULL for NULL and "" */
void bind_text(ap_store *s, sqlite3_stmt *st, int i, const char *v);
/* NULL for AP_DATE_NONE */
void bind_date(ap_store *s, sqlite3_stmt *st, int i, ap_date d);
/* NULL for a negative value */
void bind_opt_int(ap_store *s, sqlite3_stmt *st, int i, long long v);
int step(ap_store *s, sqlite3_stmt *st);
ap_date col_date(sqlite3_stmt *st, int i);
/* NULL for NULL and "" */
const char *col_text(sqlite3_stmt *st, int i, ap_arena *a);
/* Move n items from a heap array (freed) into the arena, one zeroed after. */
void *arena_move(ap_arena *a, void *heap, size_t n, size_t size);
/* Step a statement that returns no rows; an INSERT that must store one. */
ap_rc exec_stmt(ap_store *s, sqlite3_stmt *st, ap_error *err);
ap_rc exec_insert(ap_store *s, sqlite3_stmt *st, const char *table, ap_error *err);
ap_rc exec_sql(ap_store *s, const char *sql, ap_error *err);
/* Step an upsert that ends in RETURNING id (*id, when id): no row
 * returned is no row stored. */
ap_rc step_returning(ap_store *s, sqlite3_stmt *st, const char *table, int64_t *id,
                     ap_error *err);
/* Reset a statement after its rows were read; rc is the last step's. */
ap_rc finish_rows(ap_store *s, sqlite3_stmt *st, int rc, ap_error *err);
/* Step a bound query; *exists tells whether it returned a row. */
ap_rc query_exists(ap_store *s, sqlite3_stmt *st, bool *exists, ap_error *err);
/* The statement positioned on the row with ?1 = id, or NULL with err set. */
sqlite3_stmt *row_by_id(ap_store *s, const char *sql, int64_t id, ap_error *err);
ap_rc pragma_int(ap_store *s, const char *sql, int *out, ap_error *err);

/* ---- store_sql.c: reading values the schema promises ---------------------
 * Everything the snapshot reads goes through these: a value no input
 * accepts is refused naming table, row and column. */

typedef struct row_reader {
    ap_store *s;
    sqlite3_stmt *st;
    const char *table;
    int64_t row;      /* rowid, for the message */
    ap_error *err;
    ap_rc rc;         /* the first refusal; AP_OK while every value was good */
} row_reader;

row_reader reader(ap_store *s, sqlite3_stmt *st, const char *table, int64_t row, ap_error *err);
/* What column i holds, for a message (a text only by its length). */
void describe_value(sqlite3_stmt *st, int i, char *out, size_t n);
void refuse(row_reader *r, int i, const char *column);
const char *rd_text(row_reader *r, int i, const char *column, ap_arena *a);
const char *rd_code(row_reader *r, int i, const char *column, int depth, ap_arena *a);
long long rd_int(row_reader *r, int i, const char *column, long long min, long long max,
                 bool nullable);
double rd_number(row_reader *r, int i, const char *column);
ap_date rd_date(row_reader *r, int i, const char *column, bool nullable);
ap_state rd_state(row_reader *r, int i, const char *column);
ap_color rd_color(row_reader *r, int i, const char *column);
ap_goal_kind rd_goal_kind(row_reader *r, int i, const char *column);

/* ---- plan changes --------------------------------------------------------
 * Before schema 3 a removal was logged as field "removed" = "yes" (and a
 * restoration not at all); since, as field "present" going "yes" -> "no".
 * Plan changes are read in the newer form only, so that no reader knows
 * the older. */
#define PRESENT_FIELD(t) "CASE " t ".field WHEN 'removed' THEN 'present' ELSE " t ".field END"
#define PRESENT_OLD(t)                                                                           \
    "CASE " t ".field WHEN 'removed' THEN CASE " t ".old_value WHEN 'yes' THEN 'no' ELSE 'yes' " \
    "END ELSE " t ".old_value END"
#define PRESENT_NEW(t)                                                                           \
    "CASE " t ".field WHEN 'removed' THEN CASE " t ".new_value WHEN 'yes' THEN 'no' ELSE 'yes' " \
    "END ELSE " t ".new_value END"

#endif
