#!/usr/bin/env bash
# Two processes updating the same database at the same time both succeed:
# WAL, a busy timeout and short transactions.
source "$(dirname "$0")/lib.sh"
demo_db
N=60
writer() {
    local code=$1 failures=0
    for i in $(seq 1 $N); do
        "$AP_BIN" update "$code" --status grön --date 2016-04-01 --by "writer $code" \
            --comment "update $i" >/dev/null 2>>"$T/errors.$code" || failures=$((failures + 1))
    done
    echo "$failures" > "$T/failures.$code"
}
importer() {
    for i in $(seq 1 5); do
        "$AP_BIN" updates import "$AP_SRC/plans/sodertalje-2016-updates.csv" >/dev/null 2>>"$T/errors.import" || echo x >> "$T/failures.import"
    done
}
writer 1.1.1 & p1=$!
writer 2.1.1 & p2=$!
importer & p3=$!
wait $p1 $p2 $p3
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/failures.1.1.1")" = 0 ] || fail "writer 1 failed: $(cat "$T/errors.1.1.1")"
CHECKS=$((CHECKS + 1))
[ "$(cat "$T/failures.2.1.1")" = 0 ] || fail "writer 2 failed: $(cat "$T/errors.2.1.1")"
CHECKS=$((CHECKS + 1))
[ ! -s "$T/failures.import" ] || fail "importer failed: $(cat "$T/errors.import")"
got=$(sqlite3 actionplan.db "select count(*) from status_update where comment like 'update %'")
CHECKS=$((CHECKS + 1))
[ "$got" = $((2 * N)) ] || fail "expected $((2 * N)) updates, found $got"
got=$(sqlite3 actionplan.db "select count(*) from status_update where origin like '%updates.csv%'")
CHECKS=$((CHECKS + 1))
[ "$got" = 316 ] || fail "the concurrent imports recorded the history once, found $got"
run list --as-of 2017-12-15
expect_rc 0 "list after concurrent writes"
CHECKS=$((CHECKS + 1))
[ "$(sqlite3 actionplan.db 'pragma integrity_check')" = ok ] || fail "integrity"
finish
