/*
 * maintenance.h - checking a database and the target of a backup, for
 * `check`, `backup` and anything else that offers them (the library, not
 * the command line, holds this).
 */
#ifndef AP_MAINTENANCE_H
#define AP_MAINTENANCE_H

#include <stdbool.h>

#include "actionplan/store.h"

/* Open path read-only and check it: facts, a one-line summary of size and
 * contents into summary, and *ok false with the problems found (damage is a
 * finding, not an error). An error only when the file cannot be opened as
 * an actionplan database. Never changes the file. */
ap_rc ap_db_inspect(const char *path, ap_db_facts *facts, ap_buf *summary, bool *ok,
                    ap_buf *problems, ap_error *err);

/* Whether target may receive a backup of the database at db_path: not the
 * database itself nor one of SQLite's files beside it, not a folder, and not
 * an existing file unless force. */
ap_rc ap_backup_check_target(const char *db_path, const char *target, bool force,
                             ap_error *err);

/* Back the database at db_path up into target (after the checks above),
 * safely while others write, then read the copy back and check it; summary
 * receives what it holds. An error when the copy fails its check. */
ap_rc ap_backup_make(const char *db_path, const char *target, bool force, ap_buf *summary,
                     ap_error *err);

#endif
