/*
 * store_version.c - whether the database changed: a watch connection that
 * reads PRAGMA data_version, for the page cache of `serve`; see store.h,
 * "Watching for changes".
 */
#include "actionplan/store.h"
#include "actionplan/i18n.h"

#include <sqlite3.h>
#include <stdlib.h>

struct ap_store_watch {
    sqlite3 *db;
    sqlite3_stmt *st;
};

ap_rc ap_store_watch_open(const char *path, ap_store_watch **out, ap_error *err)
{
    *out = NULL;
    ap_store_watch *w = ap_xcalloc(1, sizeof *w);
    if (sqlite3_open_v2(path, &w->db, SQLITE_OPEN_READONLY, NULL) != SQLITE_OK ||
        sqlite3_prepare_v2(w->db, "PRAGMA data_version", -1, &w->st, NULL) != SQLITE_OK) {
        ap_rc rc = ap_error_set(err, AP_E_DB,
                                TR("kan inte bevaka databasen '%s': %s",
                                   "unable to watch the database '%s': %s"),
                                path, w->db ? sqlite3_errmsg(w->db) : "out of memory");
        ap_store_watch_close(w);
        return rc;
    }
    sqlite3_busy_timeout(w->db, 5000);
    *out = w;
    return AP_OK;
}

ap_rc ap_store_watch_version(ap_store_watch *w, int64_t *version, ap_error *err)
{
    int rc = sqlite3_step(w->st);
    if (rc == SQLITE_ROW)
        *version = sqlite3_column_int64(w->st, 0);
    sqlite3_reset(w->st);
    if (rc != SQLITE_ROW)
        return ap_error_set(err, AP_E_DB, "PRAGMA data_version: %s", sqlite3_errmsg(w->db));
    return AP_OK;
}

void ap_store_watch_close(ap_store_watch *w)
{
    if (!w)
        return;
    sqlite3_finalize(w->st);
    sqlite3_close(w->db);
    free(w);
}
