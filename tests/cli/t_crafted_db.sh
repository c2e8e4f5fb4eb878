#!/bin/bash
# Issue 14.1: a database crafted with values out of range (written with the
# CHECK constraints switched off, or with no constraint to stop them) is
# refused by every reading command, naming table, row and column - never a
# crash, never rendered.
. "$(dirname "$0")/lib.sh"

demo_history
cp actionplan.db demo.db

# craft SQL: a fresh copy of the demo with one change made behind the schema's back
craft() {
    cp demo.db actionplan.db
    rm -f actionplan.db-wal actionplan.db-shm
    sqlite3 actionplan.db "PRAGMA ignore_check_constraints=1; $1" || fail "sqlite3: $1"
}

# refused DESCRIPTION TABLE COLUMN: every reading command exits 1 naming it
refused() {
    for cmd in "list" "list --json" "show 4.3.1" "explain plan --as-of 2017-12-15" \
               "report annual --year 2017 --out r" "report steering --as-of 2017-12-15 --out r"; do
        # shellcheck disable=SC2086
        run $cmd
        expect_rc 1 "$1: $cmd"
        expect_err "tabell $2" "$1: $cmd names the table"
        expect_err "kolumn $3" "$1: $cmd names the column"
        expect_err "rad " "$1: $cmd names the row"
    done
    [ ! -e r ] || [ -z "$(ls r)" ] || fail "$1: a report was written: $(ls r)"
    rm -rf r
}

craft "INSERT INTO activity_sdg VALUES((SELECT id FROM activity WHERE code='4.3.1'), 100000000)"
refused "SDG 100000000" activity_sdg sdg

craft "UPDATE activity SET title='' WHERE code='4.3.1'"
refused "empty title" activity title

craft "UPDATE activity SET budget=9223372036854775807 WHERE code='4.3.1'"
refused "budget INT64_MAX" activity budget

craft "UPDATE activity SET weight=-3 WHERE code='4.3.1'"
refused "weight -3" activity weight

craft "UPDATE activity SET initial_state='exploded' WHERE code='4.3.1'"
refused "state exploded" activity initial_state

craft "DROP TRIGGER status_update_no_update; UPDATE status_update SET status='purple' WHERE id=(SELECT max(u.id) FROM status_update u JOIN activity a ON a.id=u.activity_id WHERE a.code='4.3.1')"
refused "status purple" status_update status

craft "DROP TRIGGER status_update_no_update; UPDATE status_update SET progress=100000 WHERE id=(SELECT max(u.id) FROM status_update u JOIN activity a ON a.id=u.activity_id WHERE a.code='4.3.1')"
refused "progress 100000" status_update progress

craft "DROP TRIGGER status_update_no_update; UPDATE status_update SET cost=9223372036854775807 WHERE id=(SELECT max(u.id) FROM status_update u JOIN activity a ON a.id=u.activity_id WHERE a.code='4.3.1')"
refused "cost INT64_MAX" status_update cost

# The demo itself still reads
cp demo.db actionplan.db
run report annual --year 2017 --out r
expect_rc 0 "the demo's annual report"
finish
