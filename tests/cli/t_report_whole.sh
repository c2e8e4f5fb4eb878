#!/bin/bash
# Issue 14.6: a report's files and its registration succeed together or
# not at all. Both files are written under temporary names, renamed, and
# then the run is registered; on any failure the new files are removed, the
# files they replaced are restored, and the message says so.
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
runs() { sqlite3 actionplan.db "SELECT count(*) FROM report_run"; }

# --- the workbook's name is taken by a directory: no PDF either ---------------
mkdir -p out/styrgrupp-sodertalje-2016-2017-12-15.xlsx
n=$(runs)
run report steering --as-of 2017-12-15 --out out
expect_rc 1 "steering pack whose workbook cannot be renamed"
expect_err "styrgrupp-sodertalje-2016-2017-12-15.xlsx" "names the workbook"
[ ! -e out/styrgrupp-sodertalje-2016-2017-12-15.pdf ] || fail "the PDF was written alone"
[ "$(runs)" = "$n" ] || fail "a half pack was registered"
[ -z "$(ls -A out | grep -v '^styrgrupp-sodertalje-2016-2017-12-15.xlsx$')" ] ||
    fail "files left in out: $(ls -A out)"

# --- the run cannot be registered: the files it replaced come back -------------
run report steering --as-of 2017-12-15 --out old
expect_rc 0 "a first pack"
run report annual --year 2017 --out old
expect_rc 0 "a first annual report"
sums=$(cd old && sha256sum ./* | sort)
sqlite3 actionplan.db "CREATE TRIGGER block BEFORE INSERT ON report_run
  BEGIN SELECT RAISE(ABORT, 'blocked'); END"
n=$(runs)
export ACTIONPLAN_TODAY=2018-02-01 # another day: other contents (made_on)
run report steering --as-of 2017-12-15 --out old
expect_rc 1 "steering pack that cannot be registered"
expect_err "blocked" "the registration's error"
expect_err "togs bort" "says the new files were removed"
[ "$(cd old && sha256sum ./* | sort)" = "$sums" ] || fail "steering: the earlier files were not restored"
run report annual --year 2017 --out old
expect_rc 1 "annual report that cannot be registered"
expect_err "togs bort" "annual: says the new files were removed"
[ "$(cd old && sha256sum ./* | sort)" = "$sums" ] || fail "annual: the earlier files were not restored"
[ "$(runs)" = "$n" ] || fail "a run was registered"
[ -z "$(ls -A old | grep -v '^[as]')" ] || fail "temporary files left: $(ls -A old)"

# --- a new pack with no earlier files: nothing is left -------------------------
run report steering --as-of 2017-11-30 --out new
expect_rc 1 "a new pack that cannot be registered"
[ -z "$(ls -A new 2>/dev/null)" ] || fail "files left: $(ls -A new)"
finish
