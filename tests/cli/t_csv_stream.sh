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

# The benchmark's 1,000-activity plan (12,000 rows of every kind): every row
# of the file, read by Python's csv module, is in the database exactly once
# with every value as written and its line as origin; and the database got
# them in the documented order (by activity, then date, then file order).
mkdir bench && cd bench
export ACTIONPLAN_TODAY=2026-01-15 # the generator's history ends 2025-12-31
"$PY" "$AP_SRC/bench/gen.py" --activities 1000 --out . >/dev/null
printf '[database]\npath = bench.db\n' > config.ini
run init && run import plan.ini && expect_rc 0 "the bench plan"
run updates import updates.csv
expect_rc 0 "the bench plan's updates"
CHECKS=$((CHECKS + 1))
"$PY" - <<'PYEOF' || fail "the bench plan's history is not the file's (above)"
import csv, sqlite3, sys
rows = {"status": [], "state": [], "decision": []}
with open("updates.csv", newline="", encoding="utf-8") as f:
    r = csv.DictReader(f)
    for rec in r:
        line = r.line_num
        n = lambda k: rec[k] if rec[k] != "" else None
        i = lambda k: int(rec[k]) if rec[k] != "" else None
        if rec["status"]:
            rows["status"].append((rec["code"], rec["date"], rec["status"], i("progress"), n("comment"),
                                   n("cause"), n("action"), n("by"), i("cost"), f"updates.csv:{line}"))
        if rec["state"]:
            rows["state"].append((rec["code"], rec["date"], rec["state"], n("by"), f"updates.csv:{line}"))
        if rec["decision"]:
            rows["decision"].append((rec["code"], rec["date"], rec["decision"], n("by"), f"updates.csv:{line}"))
db = sqlite3.connect("bench.db")
sql = {
    "status": "select a.code, u.date, u.status, u.progress, u.comment, u.cause, u.action, u.by, "
              "u.cost, u.origin, u.rec from status_update u join activity a on a.id = u.activity_id order by u.id",
    "state": "select a.code, s.date, s.state, s.by, s.origin, s.rec from state_change s "
             "join activity a on a.id = s.activity_id where s.origin like 'updates.csv:%' order by s.id",
    "decision": "select a.code, d.date, d.decision, d.by, d.origin, d.rec from decision d "
                "join activity a on a.id = d.activity_id order by d.id",
}
bad = 0
for kind, q in sql.items():
    got = [tuple(x) for x in db.execute(q)]
    want = rows[kind]
    if sorted(g[:-1] for g in got) != sorted(want):
        print(f"{kind}: {len(got)} rows in the database, {len(want)} in the file, or values differ",
              file=sys.stderr)
        bad += 1
    # the order of ids: by code (as strings), then date, then line in the file
    lines = [int(g[-2].split(":")[1]) for g in got]
    keys = [(g[0], g[1], ln) for g, ln in zip(got, lines)]
    if keys != sorted(keys):
        print(f"{kind}: not recorded by activity, date and line", file=sys.stderr)
        bad += 1
    if len(got) == 0:
        bad += 1
print(len(rows["status"]), len(rows["state"]), len(rows["decision"]))
sys.exit(1 if bad else 0)
PYEOF
cd ..
finish
