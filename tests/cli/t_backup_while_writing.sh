#!/usr/bin/env bash
# backup is safe while others write, and finishes while they write: a
# database of some megabytes is backed up while two processes commit updates
# without pause; the copy holds one consistent state and passes the check.
# (A backup copied in parts restarted at every commit of another process;
# tests/unit/test_harden.c shows that deterministically.)
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
# 100,000 status updates straight into the table: some megabytes to copy
sqlite3 actionplan.db <<'SQL'
with recursive n(i) as (select 1 union all select i + 1 from n where i < 100000),
     a(k, id) as (select row_number() over (order by id) - 1, id from activity)
insert into status_update (activity_id, date, status, progress, comment, by, origin)
select a.id, '2017-01-01', 'green', n.i % 101, 'Rad ' || n.i, 'Test', 'generated'
from n join a on a.k = n.i % (select count(*) from activity);
SQL
base=$(sqlite3 actionplan.db "select count(*) from status_update")
CHECKS=$((CHECKS + 1))
[ "$base" -ge 100000 ] || fail "the database to back up holds only $base updates"

ms() { echo $(($(date +%s%N) / 1000000)); }
# the time a backup takes with nobody writing
start=$(ms)
run backup ostord.db
expect_rc 0 "backup with nobody writing"
alone=$(($(ms) - start))

WRITE_SECONDS=40
writer() {
    local end=$((SECONDS + WRITE_SECONDS)) i=0
    while [ $SECONDS -lt $end ] && [ ! -e "$T/stop" ]; do
        i=$((i + 1))
        "$AP_BIN" update "$1" --status grön --date 2018-06-01 --comment "skrivare $1 nr $i" \
            >/dev/null 2>>"$T/writer.err" || echo "$i" >>"$T/writer.failed"
    done
}
writer 1.1.1 &
w1=$!
writer 2.1.1 &
w2=$!
sleep 1
start=$(ms)
run backup kopia.db
took=$(($(ms) - start))
touch "$T/stop"
wait $w1 $w2
expect_rc 0 "backup while two processes write"
CHECKS=$((CHECKS + 1))
[ "$took" -le $((4 * alone + 10000)) ] ||
    fail "the backup took ${took} ms while others wrote, ${alone} ms alone"
CHECKS=$((CHECKS + 1))
[ ! -s "$T/writer.failed" ] || fail "writers failed during the backup: $(head -3 "$T/writer.err")"
copied=$(sqlite3 kopia.db "select count(*) from status_update")
now=$(sqlite3 actionplan.db "select count(*) from status_update")
CHECKS=$((CHECKS + 1))
[ "$copied" -ge "$base" ] && [ "$copied" -le "$now" ] ||
    fail "the backup holds $copied updates, expected between $base and $now"
run --db kopia.db check
expect_rc 0 "the backup taken under writes passes the check"
run check
expect_rc 0 "the database passes the check after the writes"
echo "backup: ${alone} ms alone, ${took} ms while two processes wrote; holds $copied of $now updates"
finish
