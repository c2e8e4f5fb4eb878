#!/bin/bash
# Issue 14.2: `check` verifies the constraints and value ranges with its own
# queries (SQLite's integrity_check skips CHECK constraints on a read-only
# connection) and compares the schema with what `init` makes - and still
# never changes the file. A foreign trigger that swallows inserts makes
# `update` fail instead of saying "Registrerade".
. "$(dirname "$0")/lib.sh"

demo_history
cp actionplan.db demo.db

craft() {
    cp demo.db actionplan.db
    rm -f actionplan.db-wal actionplan.db-shm
    sqlite3 actionplan.db "PRAGMA ignore_check_constraints=1; $1" || fail "sqlite3: $1"
}

# check_finds DESCRIPTION TEXT: check exits 1 naming TEXT and leaves the file as it was
check_finds() {
    local before after
    before=$(sha256sum actionplan.db)
    run check
    after=$(sha256sum actionplan.db)
    expect_rc 1 "$1: check"
    expect_out "FEL" "$1: verdict"
    expect_out "$2" "$1: check names it"
    [ "$before" = "$after" ] || fail "$1: check changed the file"
    [ ! -e actionplan.db-wal ] || [ ! -s actionplan.db-wal ] || fail "$1: check left a -wal"
}

run check
expect_rc 0 "the demo passes"
expect_out "OK" "the demo passes: verdict"

U="(SELECT max(u.id) FROM status_update u JOIN activity a ON a.id=u.activity_id WHERE a.code='4.3.1')"
craft "DROP TRIGGER status_update_no_update; UPDATE status_update SET status='purple' WHERE id=$U;"
check_finds "status purple" "status_update"
expect_out "status" "status purple: column"

craft "DROP TRIGGER status_update_no_update; UPDATE status_update SET progress=100000 WHERE id=$U;"
check_finds "progress 100000" "progress"

craft "UPDATE activity SET weight=-3 WHERE code='4.3.1'"
check_finds "weight -3" "weight"

craft "DROP TRIGGER state_change_no_update; UPDATE state_change SET state='exploded' WHERE id=(SELECT max(id) FROM state_change)"
check_finds "state exploded" "state_change"

craft "INSERT INTO activity_sdg VALUES((SELECT id FROM activity WHERE code='4.3.1'), 100000000)"
check_finds "SDG out of range" "activity_sdg"

craft "UPDATE activity SET title='' WHERE code='4.3.1'"
check_finds "empty title" "title"

# the schema: a foreign trigger, a missing trigger, an extra index or view
craft "CREATE TRIGGER x BEFORE INSERT ON status_update BEGIN SELECT RAISE(IGNORE); END"
check_finds "foreign trigger" "x"
run update 4.3.1 --status röd --cause "c" --action "a" --by Eva
expect_rc 1 "update under a swallowing trigger"
expect_no_out "Registrerade" "update under a swallowing trigger: no false 'Registrerade'"
n=$(sqlite3 actionplan.db "SELECT count(*) FROM status_update")
m=$(sqlite3 demo.db "SELECT count(*) FROM status_update")
[ "$n" = "$m" ] || fail "the swallowing trigger: $n rows, expected $m"

craft "DROP TRIGGER activity_no_delete"
check_finds "missing trigger" "activity_no_delete"

craft "CREATE INDEX extra ON activity(title)"
check_finds "extra index" "extra"

craft "CREATE VIEW v AS SELECT 1"
check_finds "extra view" "v"

finish
