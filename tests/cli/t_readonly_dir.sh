#!/usr/bin/env bash
# A healthy database in a read-only directory (issue 14, item 8): reading
# commands open it read-only and say so once; check says OK; writing
# commands are refused with a message that the directory is read-only.
# Root can write anywhere, so the directory is a read-only bind mount:
# skipped (77) where that cannot be made.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
mkdir d
cd d
demo_history
cd "$T"
if [ "$(id -u)" -ne 0 ] || ! mount --bind d d 2>/dev/null; then
    echo "SKIP: cannot make a read-only bind mount (needs root and CAP_SYS_ADMIN)"
    exit 77
fi
trap 'umount "$T/d" 2>/dev/null; rm -rf "$T"' EXIT
if ! mount -o remount,bind,ro d 2>/dev/null || touch d/probe 2>/dev/null; then
    echo "SKIP: cannot remount the bind mount read-only"
    exit 77
fi
DB="--db d/actionplan.db"
before=$(db_dump d/actionplan.db)
NOTE="katalogen är skrivskyddad: öppnar databasen skrivskyddat"

# shellcheck disable=SC2086
{
    run $DB list --as-of 2017-12-15
    expect_rc 0 "list"
    expect_out "Hela planen" "list shows the plan"
    expect_err "d: $NOTE" "list: the note"
    CHECKS=$((CHECKS + 1))
    [ "$(grep -c "$NOTE" <<<"$ERR")" -eq 1 ] || fail "the note is not said once: $ERR"
    run $DB show 4.3.1
    expect_rc 0 "show"
    expect_out "4.3.1" "show shows the activity"
    run $DB show 4.3.1 --json
    expect_rc 0 "show --json"
    run $DB explain 4 --as-of 2017-12-15
    expect_rc 0 "explain"
    run $DB check
    expect_rc 0 "check"
    expect_out "OK" "check: OK"
    expect_no_out "FEL" "check: no FEL"

    W="katalogen 'd' är skrivskyddad: databasen kan inte ändras"
    run $DB update 1.1.1 --status grön --date 2018-06-01
    expect_rc 1 "update"
    expect_err "$W" "update: message"
    run $DB import "$AP_SRC/plans/sodertalje-2016.ini"
    expect_rc 1 "import"
    expect_err "$W" "import: message"
    run $DB report steering --out out
    expect_rc 1 "report steering"
    expect_err "$W" "report: message"
    CHECKS=$((CHECKS + 1))
    [ ! -e out ] || fail "a report was written: $(ls out)"

    printf '[report]\nlanguage = en\n' > en.ini
    run --config en.ini $DB list
    expect_rc 0 "list (English)"
    expect_err "d: the folder is read-only: opening the database read-only" "English note"
    run --config en.ini $DB update 1.1.1 --status green --date 2018-06-01
    expect_err "the folder 'd' is read-only: the database cannot be changed" "English refusal"
}
CHECKS=$((CHECKS + 1))
[ "$(db_dump d/actionplan.db)" = "$before" ] || fail "the database changed"
finish
