#!/usr/bin/env bash
# Crash safety of the CSV import: `updates import` of a large file is killed
# (SIGKILL) at random moments, again and again. After every kill the
# database passes integrity_check, foreign_key_check and `check`, and holds
# either none or all of the file's rows, never a part; then one import runs
# to completion. Then `backup` of the large database is killed the same way:
# the backup file either does not exist or is whole, and the next backup
# leaves no temporary file behind.
#
# AP_KILL_ROWS (default 20000) sets the file's size, AP_KILL_RUNS (default
# 20) the number of kills. Delays are drawn from the time one whole import
# takes on this machine and build, so the kills fall before and during the
# transaction whatever the speed. Under the sanitizers (six times slower)
# the defaults are 8000 rows and 8 kills: the full test is the one of the
# ordinary build; this one looks for memory errors on the way.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
# A small page cache, so that the import writes pages to the WAL before it
# commits: the kills must be able to land in the middle of real writes.
export ACTIONPLAN_CACHE_KIB=256
if grep -q '^AP_SANITIZE:BOOL=ON' "${AP_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
    sanitized=yes
    ROWS=${AP_KILL_ROWS:-8000}
    RUNS=${AP_KILL_RUNS:-8}
else
    sanitized=no
    ROWS=${AP_KILL_ROWS:-20000}
    RUNS=${AP_KILL_RUNS:-20}
fi
demo_db

# A large updates file for the demo plan's activities, every row distinct.
"$PY" - "$AP_SRC/plans/sodertalje-2016.ini" "$ROWS" >big.csv <<'PY'
import re, sys
codes = re.findall(r'^\[activity ([0-9.]+)\]', open(sys.argv[1], encoding='utf-8').read(), re.M)
rows = int(sys.argv[2])
print('code,date,status,progress,comment,cause,action,by')
colours = ['grön', 'gul', 'röd']
for i in range(rows):
    colour = colours[i % 3]
    cause = '"Resursbrist; vakans"' if colour != 'grön' else ''
    print(f'{codes[i % len(codes)]},2017-{1 + i % 12:02d}-{1 + i % 28:02d},{colour},{i % 101},'
          f'"Rapport nr {i}, med å ä ö",{cause},{"Omprioritera" if cause else ""},Provare {i % 7}')
PY
ms() { echo $(($(date +%s%N) / 1000000)); }
q() { sqlite3 "${2:-actionplan.db}" "$1"; }
updates() { q "select count(*) from status_update" "$@"; }

before=$(updates)
sqlite3 actionplan.db 'pragma wal_checkpoint(truncate)' >/dev/null
cp actionplan.db base.db

# wal_of DB: the size of its WAL now (0 when there is none)
wal_of() { stat -c %s "$1-wal" 2>/dev/null || echo 0; }

# One whole import on a copy: what "all" is, how long it takes, and how
# large its WAL grows before the commit. The kills below go by that size,
# not by time: on a loaded machine (the sanitizers, other jobs) a timing
# taken once says little about the next run, and a kill by time then lands
# after the import has finished.
cp base.db timing.db
start=$(ms)
"$AP_BIN" --db timing.db updates import big.csv >/dev/null &
tpid=$!
wal_max=0
while kill -0 $tpid 2>/dev/null; do
    w=$(wal_of timing.db)
    [ "$w" -gt "$wal_max" ] && wal_max=$w
    sleep 0.005
done
wait $tpid || fail "the import on a copy failed"
full=$(($(ms) - start))
all=$((before + ROWS))
CHECKS=$((CHECKS + 1))
[ "$wal_max" -gt 0 ] || fail "test setup: the import wrote no WAL before its commit (cache too large?)"
CHECKS=$((CHECKS + 1))
[ "$(updates timing.db)" = "$all" ] || fail "a whole import holds $(updates timing.db), expected $all"
rm -f timing.db*

# After a kill: whole, and none or all of the file.
check_after_kill() {
    local what=$1 n
    CHECKS=$((CHECKS + 1))
    [ "$(q 'pragma integrity_check')" = ok ] || fail "$what: integrity_check: $(q 'pragma integrity_check' | head -3)"
    CHECKS=$((CHECKS + 1))
    [ -z "$(q 'pragma foreign_key_check')" ] || fail "$what: foreign_key_check"
    n=$(updates)
    CHECKS=$((CHECKS + 1))
    [ "$n" = "$before" ] || [ "$n" = "$all" ] || fail "$what: $n status updates, expected $before or $all"
    CHECKS=$((CHECKS + 1))
    local mine
    mine=$(q "select count(*) from status_update where origin like 'big.csv:%'")
    [ "$mine" = 0 ] || [ "$mine" = "$ROWS" ] || fail "$what: $mine of the file's $ROWS rows"
    run check
    expect_rc 0 "$what: check"
}

killed=0 finished=0 in_transaction=0
for i in $(seq 1 "$RUNS"); do
    # when the WAL holds from 2 % to 95 % of what a whole import writes
    target=$((wal_max * (2 + RANDOM % 94) / 100))
    "$AP_BIN" updates import big.csv >/dev/null 2>&1 &
    pid=$!
    start=$(ms)
    while kill -0 $pid 2>/dev/null && [ "$(wal_of actionplan.db)" -lt "$target" ]; do
        sleep 0.002
    done
    delay=$(($(ms) - start))
    kill -KILL $pid 2>/dev/null
    { wait $pid; } 2>/dev/null
    status=$?
    # uncommitted pages the import had already written to the WAL
    wal=$(stat -c %s actionplan.db-wal 2>/dev/null || echo 0)
    if [ "$status" -eq 0 ]; then
        finished=$((finished + 1))
    else
        killed=$((killed + 1))
        [ "$wal" -gt 0 ] && [ "$(updates)" = "$before" ] && in_transaction=$((in_transaction + 1))
    fi
    check_after_kill "kill $i after ${delay} ms (exit $status, WAL $wal bytes)"
    if [ "$(updates)" = "$all" ]; then
        # the import got through: start again from the database without it
        rm -f actionplan.db actionplan.db-wal actionplan.db-shm
        cp base.db actionplan.db
    fi
done
echo "updates import of $ROWS rows (${full} ms whole): $RUNS kills, $killed killed" \
    "($in_transaction with uncommitted pages in the WAL), $finished finished before the kill"
CHECKS=$((CHECKS + 1))
[ "$killed" -ge $((RUNS / 4)) ] || fail "only $killed of $RUNS runs were killed: the file is too small for this machine"
if [ "$sanitized" = no ]; then
    CHECKS=$((CHECKS + 1))
    [ "$in_transaction" -ge 1 ] || fail "no kill fell inside the transaction after pages reached the WAL"
fi

# And once to the end.
run updates import big.csv
expect_rc 0 "an import after the kills"
CHECKS=$((CHECKS + 1))
[ "$(updates)" = "$all" ] || fail "after the whole import: $(updates), expected $all"
run updates import big.csv
expect_rc 0 "the same file again"
expect_out "registrerade 0 rapporter" "nothing new the second time"

# --- backup of the large database, killed ----------------------------------
start=$(ms)
run backup timing.db
expect_rc 0 "a whole backup"
full=$(($(ms) - start))
rm -f timing.db
backup_killed=0
for i in $(seq 1 $((RUNS / 2))); do
    delay=$((full * (2 + RANDOM % 106) / 100))
    "$AP_BIN" backup kopia.db --force >/dev/null 2>&1 &
    pid=$!
    sleep "$(printf '%d.%03d' $((delay / 1000)) $((delay % 1000)))"
    kill -KILL $pid 2>/dev/null
    { wait $pid; } 2>/dev/null || backup_killed=$((backup_killed + 1))
    if [ -e kopia.db ]; then
        run --db kopia.db check
        expect_rc 0 "backup kill $i after ${delay} ms: the backup file is whole"
    fi
    check_after_kill "backup kill $i"
done
run backup kopia.db --force
expect_rc 0 "a backup after the kills"
CHECKS=$((CHECKS + 1))
[ -z "$(find . -name '.*.tmp')" ] || fail "temporary files left after a whole backup: $(find . -name '.*.tmp')"
CHECKS=$((CHECKS + 1))
[ "$(updates kopia.db)" = "$all" ] || fail "the backup holds $(updates kopia.db) updates, expected $all"
echo "backup (${full} ms whole): $((RUNS / 2)) kills, $backup_killed killed"
finish
