#!/usr/bin/env bash
# A database made at schema 2 (tests/data/db/README.md) is migrated to
# schema 3 by the first command that opens it: nothing is lost, every entry
# gets a recording in row order, history stays append-only, the tree reads
# as it did, and the two reports it had are in the register (as made before
# the register: no digest, so not remade exactly, and it says so).
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
cp "$AP_SRC/tests/data/db/schema2-demo.db" actionplan.db
q() { sqlite3 actionplan.db "$1"; }
before=$(q "select (select count(*) from status_update), (select count(*) from state_change),
                   (select count(*) from decision), (select count(*) from measurement),
                   (select count(*) from plan_change), (select count(*) from report_run),
                   (select count(*) from form_export)")

run list --json --as-of 2017-12-15
expect_rc 0 "list on the old database"
# same_json EXPECTED-FILE: stdout ($OUT) holds every key and value of the
# expected JSON (keys added since are allowed: the JSON grows, never changes)
same_json() {
    printf '%s' "$OUT" >got.json
    "$PY" - "$1" got.json <<'PY'
import json, sys
def within(old, new):
    if isinstance(old, dict):
        return isinstance(new, dict) and all(k in new and within(v, new[k]) for k, v in old.items())
    if isinstance(old, list):
        return isinstance(new, list) and len(old) == len(new) and all(map(within, old, new))
    return old == new
sys.exit(0 if within(json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))) else 1)
PY
}
CHECKS=$((CHECKS + 1))
same_json "$AP_SRC/tests/data/db/schema2-demo-list-2017-12-15.json" ||
    fail "list --json differs from what schema 2 printed"
CHECKS=$((CHECKS + 1))
latest=$(sed -n 's/^#define AP_SCHEMA_VERSION \([0-9]*\)$/\1/p' "$AP_SRC/include/actionplan/store.h")
[ "$(q 'pragma user_version')" = "$latest" ] ||
    fail "schema version after migration: $(q 'pragma user_version'), expected $latest"
CHECKS=$((CHECKS + 1))
after=$(q "select (select count(*) from status_update), (select count(*) from state_change),
                  (select count(*) from decision), (select count(*) from measurement),
                  (select count(*) from plan_change), (select count(*) from report_run),
                  (select count(*) from form_export)")
[ "$before" = "$after" ] || fail "rows lost or added: $before -> $after"

run show 1.4.1 --json
CHECKS=$((CHECKS + 1))
same_json "$AP_SRC/tests/data/db/schema2-demo-show-1.4.1.json" || fail "show --json differs"

# every entry has a recording, in row order within its table
for t in status_update state_change decision measurement plan_change report_run form_export; do
    CHECKS=$((CHECKS + 1))
    [ "$(q "select count(*) from $t where rec is null")" = 0 ] || fail "$t: rows without a recording"
    CHECKS=$((CHECKS + 1))
    [ "$(q "select count(*) from $t a join $t b on b.id > a.id and b.rec < a.rec")" = 0 ] ||
        fail "$t: recordings out of row order"
done
CHECKS=$((CHECKS + 1))
[ "$(q "select count(*) from recording")" -gt 1 ] || fail "no recordings made"
# history is still append-only
CHECKS=$((CHECKS + 1))
! q "update status_update set comment = 'x' where id = 1" 2>/dev/null || fail "status_update accepts UPDATE"
CHECKS=$((CHECKS + 1))
! q "delete from recording" 2>/dev/null || fail "recording accepts DELETE"
run check
expect_rc 0 "check after migration"

run report list --json
expect_rc 0 "report list"
CHECKS=$((CHECKS + 1))
"$PY" -c '
import json, sys
r = json.load(sys.stdin)["reports"]
assert [x["as_of"] for x in r] == ["2017-06-30", "2017-12-15"], r
assert all(x["kind"] == "steering" and x["digest"] is None and x["recorded_at"] for x in r), r
' <<<"$OUT" || fail "the old reports in the register: $OUT"
run report steering --again 1 --out again
expect_rc 1 "a report from before the register cannot be remade exactly"
expect_err "före registret" "says why"

# new entries after the migration get later recordings
run update 1.1.2 --status gul --date 2018-01-10 --cause "Sent" --action "Skynda"
expect_rc 0 "update after migration"
CHECKS=$((CHECKS + 1))
[ "$(q "select rec > (select max(rec) from plan_change) from status_update order by id desc limit 1")" = 1 ] ||
    fail "a new entry's recording is not after the old ones"
finish
