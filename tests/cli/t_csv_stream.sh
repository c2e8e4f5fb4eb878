#!/usr/bin/env bash
# The CSV import reads its files record by record, twice (issue #18): a
# first pass checks every row and keeps where it is, the second reads each
# row again to record it. A large file (50,000 rows, several MB: many times
# the reader's window) with a bad row near its end is refused whole, with
# the error's file:line:column, whether the first pass finds it (a date) or
# the second (a status, a code); a pipe (<(...)) imports the same as the
# file; and on the benchmark's 1,000-activity plan the import gives the same
# `list --json` and `log --json` as the import that read files whole.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db

# big.csv: ROWS rows on the demo plan's codes, some with a quoted comment
# over two lines, some ending in CRLF; where.txt: "row line column-of-status"
# for every row, so that the expected positions are known.
"$PY" - "$AP_SRC/plans/sodertalje-2016.ini" 50000 <<'PY'
import re, sys
codes = re.findall(r'^\[activity ([0-9.]+)\]', open(sys.argv[1], encoding='utf-8').read(), re.M)
rows = int(sys.argv[2])
colours = ['grön', 'gul', 'röd']
line = 2
with open('big.csv', 'w', encoding='utf-8', newline='') as out, open('where.txt', 'w') as where:
    out.write('kod,datum,status,framsteg,kommentar,orsak,åtgärd,av\n')
    for i in range(rows):
        code, date = codes[i % len(codes)], f'2017-{1 + i % 12:02d}-{1 + i % 28:02d}'
        comment = f'"Rapport {i},\nandra raden åäö"' if i % 10 == 3 else f'Rapport {i} åäö'
        end = '\r\n' if i % 7 == 0 else '\n'
        out.write(f'{code},{date},{colours[i % 3]},{i % 101},{comment},,,Provare {i % 7}{end}')
        where.write(f'{i} {line} {len(code) + len(date) + 3}\n')
        line += 1 + comment.count('\n')
PY
ROWS=50000
before=$(db_dump)

# bad FILE ROW COLUMN-SPEC TEXT: big.csv with row ROW's status (or date or
# code) replaced; prints the expected "line:column"
bad() {
    "$PY" - "$@" <<'PY'
import sys
name, row, what, text = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
lines = open('big.csv', encoding='utf-8', newline='').read().split('\n')
where = {int(r): (int(l), int(c)) for r, l, c in (w.split() for w in open('where.txt'))}
line, col = where[row]
fields = lines[line - 1].split(',')
k = {'code': 0, 'date': 1, 'status': 2}[what]
col = sum(len(f) + 1 for f in fields[:k]) + 1
fields[k] = text
lines[line - 1] = ','.join(fields)
open(name, 'w', encoding='utf-8', newline='').write('\n'.join(lines))
print(f'{line}:{col}')
PY
}

pos=$(bad bad-status.csv 49990 status lila)
run updates import bad-status.csv
expect_rc 1 "a bad status near the end"
expect_err "bad-status.csv:$pos: ogiltig status 'lila'" "status error at file:line:column"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a bad status near the end left rows in the database"

pos=$(bad bad-date.csv 49999 date 2017-02-30)
run updates import bad-date.csv
expect_rc 1 "a bad date in the last row"
expect_err "bad-date.csv:$pos: ogiltigt datum '2017-02-30'" "date error at file:line:column"

pos=$(bad bad-code.csv 49000 code 9.9.9)
run updates import bad-code.csv
expect_rc 1 "an unknown code near the end"
expect_err "bad-code.csv:$pos: det finns ingen aktivitet '9.9.9'" "code error at file:line:column"

# A quote inside an unquoted field early and an invalid byte near the end:
# the encoding error wins, as when the file was checked whole first.
{ head -c 2000000 big.csv; printf '1.1.1,2017-01-01,gr\xf6n,1,x,,,y\n'; } > bad-bytes.csv
sed -i '5s/Rapport/Rap"port/' bad-bytes.csv
run updates import bad-bytes.csv
expect_rc 1 "invalid UTF-8 near the end"
expect_err "ogiltig UTF-8 (byte 0xF6, som är 'ö' i Windows-1252)" "encoding error wins"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a refused file changed the database"

# The whole file, from the file and through a pipe, into two databases.
cp actionplan.db pipe.db
run updates import big.csv
expect_rc 0 "the large file"
expect_out "Läste $ROWS rader" "all rows read"
CHECKS=$((CHECKS + 1))
n=$(sqlite3 actionplan.db "select count(*) from status_update where origin like 'big.csv:%'")
[ "$n" = "$ROWS" ] || fail "the large file recorded $n updates, expected $ROWS"
cp big.csv pipe-src.csv
run --db pipe.db updates import <(cat big.csv)
expect_rc 0 "the large file through a pipe"
expect_out "Läste $ROWS rader" "all rows read through a pipe"
# the same history but for the time of recording and the origin's file name
# (and the channel, which log derives from that name)
strip() {
    sed -E 's/"recorded_at":"[^"]*"//g; s/"channel":"[^"]*"//g; s/"origin":"[^"]*:([0-9]+)"/"origin":\1/g'
}
run log --json
a=$(strip <<<"$OUT")
run --db pipe.db log --json
b=$(strip <<<"$OUT")
CHECKS=$((CHECKS + 1))
[ -n "$a" ] && [ "$a" = "$b" ] || fail "the pipe's import differs from the file's"

# The benchmark's 1,000-activity plan: the import's results, digested, as
# the import that read files whole (666de42) gave them. To make them again:
# run this section with that build.
mkdir bench && cd bench
export ACTIONPLAN_TODAY=2026-01-15 # the generator's history ends 2025-12-31
"$PY" "$AP_SRC/bench/gen.py" --activities 1000 --out . >/dev/null
printf '[database]\npath = bench.db\n' > config.ini
run init && run import plan.ini && expect_rc 0 "the bench plan"
run updates import updates.csv
expect_rc 0 "the bench plan's updates"
run log --json
log_sum=$(strip <<<"$OUT" | sha256sum | cut -c1-16)
run list --json
list_sum=$(sha256sum <<<"$OUT" | cut -c1-16)
CHECKS=$((CHECKS + 1))
[ "$log_sum $list_sum" = "354a1d3bb6d15345 0903b6e1685c1d08" ] ||
    fail "the bench plan's history or list differs from the whole-file import's: $log_sum $list_sum"
cd ..
finish
