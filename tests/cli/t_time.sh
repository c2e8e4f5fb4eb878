#!/usr/bin/env bash
# Reports that never change once handed out. A small plan is followed
# through 2025-2026; a steering pack (2026-11-30) and the annual report 2025
# are made; then, days later, the plan file is edited (a deadline moved, a
# title renamed, an activity cancelled in the file, one removed), late and
# new reports arrive, and forms come back. Then:
#   - pictures of earlier dates still show the plan as it was then;
#   - both registered reports are made again by id with identical sheets,
#     cells and PDF text, and --again registers nothing;
#   - --as-recorded shows what the database knew before the edits.
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2026-11-30

plan() { # plan DUE_131 TITLE_111 STATE_232 WITH_132 TARGET_M1 WITH_M2
    cat <<INI
[strategy]
id = tid
title = Tidsplanen
period = 2025-2027
[goal M1]
title = Fler besökare
kind = result
baseline = 100
baseline_date = 2024-12-31
target = $5
target_date = 2027-12-31
INI
    if [ "$6" = yes ]; then cat <<INI
[goal M2]
title = Nöjdare företag
kind = effect
baseline = 60
baseline_date = 2024-12-31
target = 75
target_date = 2027-12-31
INI
    fi
    cat <<INI
[focus 1]
title = Näringsliv
[initiative 1.1]
title = där kommunen möter företagen
[activity 1.1.1]
title = $2
owner = Kontor A
start = 2025-01-01
due = 2027-12-31
[activity 1.1.2]
title = Dialog med handeln
owner = Kontor A
start = 2025-01-01
due = 2027-12-31
[initiative 1.3]
title = där kommunen bygger
[activity 1.3.1]
title = Ny webbplats
owner = Kontor B
start = 2025-01-01
due = $1
INI
    if [ "$4" = yes ]; then cat <<INI
[activity 1.3.2]
title = Gammal utredning
owner = Kontor B
start = 2025-01-01
due = 2025-06-30
INI
    fi
    cat <<INI
[focus 2]
title = Kultur
[initiative 2.3]
title = där kommunen visar kultur
[activity 2.3.2]
title = Festival
owner = Kultur
start = 2025-01-01
due = 2027-12-31
state = $3
INI
}

# list_field JSON CODE FIELD: one activity's field in a list --json
field() {
    "$PY" -c 'import json,sys
d = json.loads(sys.argv[1])
a = {a["code"]: a for f in d["focus_areas"] for i in f["initiatives"] for a in i["activities"]}
print(a[sys.argv[2]][sys.argv[3]] if sys.argv[2] in a else "ABSENT")' "$OUT" "$1" "$2"
}
expect_field() { # CODE FIELD VALUE WHAT
    CHECKS=$((CHECKS + 1))
    local got
    got=$(field "$1" "$2")
    [ "$got" = "$3" ] || fail "$4: $1 $2 is '$got', expected '$3'"
}

plan 2026-09-30 "Företagsbesök" ongoing yes 120 no >plan.ini
run init && run import plan.ini
expect_rc 0 "first import"
cat >updates.csv <<'CSV'
code,date,status,progress,comment,cause,action,by
1.1.1,2025-03-01,grön,10,Start,,,Anna
1.1.2,2025-03-01,grön,10,Start,,,Anna
1.3.1,2025-03-01,grön,10,Start,,,Bo
1.3.2,2025-03-01,gul,10,Sent,Resurser,Prioritera,Bo
2.3.2,2025-03-01,grön,10,Start,,,Cia
1.1.1,2026-10-01,grön,50,Halvvägs,,,Anna
1.1.2,2026-10-01,grön,50,Halvvägs,,,Anna
1.3.1,2026-10-01,grön,80,Nästan,,,Bo
2.3.2,2026-10-01,grön,50,Planeras,,,Cia
CSV
run updates import updates.csv
expect_rc 0 "history"
printf 'goal,date,value,source,by\nM1,2025-12-31,110,Räkning,Bo\nM1,2026-06-30,115,Räkning,Bo\n' >measures.csv
run measures import measures.csv
expect_rc 0 "measurements"

run list --json --as-of 2026-11-30
expect_field 1.3.1 overdue True "before the edits"
run report steering --as-of 2026-11-30 --out pack
expect_rc 0 "the pack of 2026-11-30"
expect_out "Registrerad som rapport 1" "the pack is registered"
run report annual --year 2025 --out annual
expect_rc 0 "the annual report 2025"
expect_out "Registrerad som rapport 2" "the annual report is registered"
before_edits=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)
sleep 0.01

# --- days later: the plan file is edited, late and new reports arrive ---------
export ACTIONPLAN_TODAY=2026-12-02
plan 2027-06-30 "Företagsbesök av politiker" cancelled no 150 yes >plan.ini
run import --remove plan.ini
expect_rc 0 "the edited plan"
expect_out "due '2026-09-30' → '2027-06-30'" "the moved deadline is reported"
run update 1.1.2 --status gul --date 2026-11-28 --cause "Sjukdom" --action "Omfördela" --by Anna
expect_rc 0 "a late report, dated before the pack"
run update 1.1.1 --status röd --date 2026-12-01 --cause "Avhopp" --action "Ny plan" --by Anna
expect_rc 0 "a new report"
# and a form comes back with a report dated before the pack
run forms export --focus 1 --out forms
expect_rc 0 "the form of focus area 1"
CHECKS=$((CHECKS + 1))
"$PY" - forms/*.xlsx filled.xlsx <<'PY' || fail "filling the form"
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Aktiviteter"]
row = next(r for r in range(5, 40) if ws[f"A{r}"].value == "1.1.1")
ws[f"J{row}"], ws[f"M{row}"], ws[f"O{row}"] = "Gul", "Resor ställdes in", "2026-11-27"
wb["Instruktioner"]["B10"] = "Anna"
wb.save(sys.argv[2])
PY
run forms import filled.xlsx
expect_rc 0 "the form, read back"

# plan changes are in `show` and in the log, with who, what, when and how
run show 1.3.1
expect_out "Slutdatum 2026-09-30 → 2027-06-30" "show says the moved deadline in words"
run show 1.3.1 --json
CHECKS=$((CHECKS + 1))
"$PY" -c 'import json,sys; p=json.loads(sys.argv[1])["plan_changes"]
assert [(x["field"], x["old"], x["new"], x["effective"]) for x in p] == [("due", "2026-09-30", "2027-06-30", "2026-12-02")], p' "$OUT" ||
    fail "show --json lacks the plan change: $OUT"
run log --json
expect_rc 0 "log"
CHECKS=$((CHECKS + 1))
"$PY" -c 'import json,sys
e = json.loads(sys.argv[1])["entries"]
seqs = [x["seq"] for x in e]
assert seqs == sorted(seqs), "not in recorded order"
kinds = {(x["code"], x["kind"], x["channel"]) for x in e}
for want in [("1.3.1", "plan", "plan file"), ("1.1.2", "status", "cli"), ("1.1.2", "status", "csv"),
             ("1.1.1", "status", "form"),
             ("2.3.2", "state", "plan file"), ("1.3.2", "plan", "plan file")]:
    assert want in kinds, want
late = [x for x in e if x["code"] == "1.1.2" and x["effective"] == "2026-11-28"]
assert late and late[0]["by"] == "Anna" and late[0]["what"] == "Gul", late
' "$OUT" || fail "log --json: $OUT"
run log 1.3.1
expect_out "Slutdatum 2026-09-30 → 2027-06-30, gäller 2026-12-02" "log of one activity, in words"
expect_no_out "1.1.2" "log of one activity has only it"
run log --since 2099-01-01
expect_out "Inget registrerat" "nothing recorded after a day to come"

# pictures of earlier dates show the plan as it was then
run list --json --as-of 2026-11-30
expect_field 1.3.1 overdue True "moving the deadline on 12-02 does not clear 11-30's flag"
expect_field 1.3.1 due 2026-09-30 "the deadline as of 11-30"
expect_field 1.1.1 title "Företagsbesök" "the old title before the rename"
expect_field 2.3.2 state ongoing "cancelled in the file on 12-02, still ongoing on 11-30"
expect_field 1.3.2 overdue True "removed on 12-02, still there (and overdue) on 11-30"
run list --json --as-of 2025-12-31
expect_field 2.3.2 status green "2.3.2 active in 2025"
expect_field 1.3.2 overdue True "1.3.2 active and overdue in 2025"
# and today's picture has every change
run list --json
expect_field 1.3.1 overdue False "the new deadline counts from today"
expect_field 1.3.1 due 2027-06-30 "the new deadline"
expect_field 1.1.1 title "Företagsbesök av politiker" "the new title"
expect_field 2.3.2 state cancelled "the file's state, recorded as a change"
expect_field 2.3.2 status excluded "a cancelled activity"
expect_field 1.3.2 status ABSENT "removed from today"
goal() { "$PY" -c 'import json,sys; g={x["code"]: x for x in json.loads(sys.argv[1])["goals"]}; print(g[sys.argv[2]]["target"] if sys.argv[2] in g else "ABSENT")' "$OUT" "$1"; }
CHECKS=$((CHECKS + 2))
[ "$(goal M1)" = 150 ] && [ "$(goal M2)" = 75 ] || fail "today's goals: M1 $(goal M1), M2 $(goal M2)"
run list --json --as-of 2026-11-30
CHECKS=$((CHECKS + 2))
[ "$(goal M1)" = 120 ] && [ "$(goal M2)" = ABSENT ] || fail "the goals of 11-30: M1 $(goal M1), M2 $(goal M2)"
run show 2.3.2 --json
CHECKS=$((CHECKS + 1))
"$PY" -c 'import json,sys; s=json.loads(sys.argv[1])["state_changes"]
assert [(x["date"], x["to"], x["origin"]) for x in s][-1] == ("2026-12-02", "cancelled", "plan file"), s' "$OUT" ||
    fail "the file's state is a dated state change: $OUT"
# re-importing the same file changes nothing, and never undoes a state sent since
run state 1.1.1 completed --date 2026-12-02 --note "Klart"
expect_rc 0 "completed by the lead"
dump=$(db_dump)
run import --remove plan.ini
expect_rc 0 "the same file again"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$dump" ] || fail "importing the same file again changed the database"
run list --json
expect_field 1.1.1 state completed "re-importing the file does not undo 'completed'"

# --as-recorded: what the database knew before the edits
run list --json --as-of 2026-11-30 --as-recorded "$before_edits"
expect_rc 0 "list --as-recorded"
expect_field 1.1.2 status green "the late report was not recorded yet"
run list --json --as-of 2026-11-30
expect_field 1.1.2 status yellow "the late report is in today's picture of 11-30"

# --- nothing falls through: the next pack lists what came late ---------------
# changes_of XLSX: the rows of its change sheet, "code|kind|from-to|note"
changes_of() {
    "$PY" - "$1" <<'PY'
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[[n.lower() for n in wb.sheetnames].index("förändringar")]]
rows = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows) if r and r[0] == "Datum")
for r in rows[head + 1:]:
    if r[0] is not None:
        print("|".join("" if v is None else str(v) for v in (r[1], r[3], r[4], r[6])))
PY
}
run report steering --as-of 2026-12-02 --out pack2
expect_rc 0 "the next pack"
second=$(changes_of pack2/styrgrupp-tid-2026-12-02.xlsx)
grep_change() { # PATTERN WHAT
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$1" <<<"$second" || fail "$2: no change row with '$1' in: $second"
}
grep_change "1.1.2|Status|Gul|Efterregistrerad" "the late report, marked late"
grep_change "1.3.1|Plan|Slutdatum 2026-09-30 → 2027-06-30" "the moved deadline, in words"
grep_change "1.3.2|Plan|Borttagen ur planen" "the removed activity"
grep_change "1.1.1|Plan|Titel Företagsbesök → Företagsbesök av politiker" "the renamed activity"
grep_change "2.3.2|Läge|Pågående → Avbruten" "the state from the plan file"
grep_change "1.1.1|Status|Gul|Efterregistrerad" "the form's report, dated before the pack, marked late"
grep_change "1.1.1|Status|Gul → Röd" "the new report"
CHECKS=$((CHECKS + 1))
pdftotext -layout pack2/styrgrupp-tid-2026-12-02.pdf - 2>/dev/null | grep -q "Efterregistrerad" ||
    fail "the PDF does not mark the late report"
# each entry in exactly one pack: a third pack lists only what came after the second
export ACTIONPLAN_TODAY=2026-12-20
run update 1.3.1 --status gul --date 2026-11-29 --cause "Leverantören" --action "Vite" --by Bo
expect_rc 0 "another late report, recorded after the second pack"
run report steering --as-of 2026-12-20 --out pack3
third=$(changes_of pack3/styrgrupp-tid-2026-12-20.xlsx)
CHECKS=$((CHECKS + 1))
[ "$third" = "1.3.1|Status|Gul|Efterregistrerad 2026-12-02: " ] ||
    grep -qF "1.3.1|Status|Gul|Efterregistrerad" <<<"$third" || fail "the third pack lacks the late 1.3.1: $third"
CHECKS=$((CHECKS + 1))
! grep -qE "^1\.1\.2\||^1\.3\.2\||Slutdatum" <<<"$third" || fail "the third pack repeats what the second listed: $third"
export ACTIONPLAN_TODAY=2026-12-02

# --- the registered reports, made again ----------------------------------------
run report list --json
n_before=$("$PY" -c 'import json,sys; print(len(json.loads(sys.argv[1])["reports"]))' "$OUT")
run report steering --again 1 --out pack-again
expect_rc 0 "the pack made again"
expect_out "samma data" "the digest matches"
run report annual --again 2 --out annual-again
expect_rc 0 "the annual report made again"
run report annual --again 1 --out wrong
expect_rc 2 "a pack is not an annual report"
run report list --json
CHECKS=$((CHECKS + 1))
[ "$("$PY" -c 'import json,sys; print(len(json.loads(sys.argv[1])["reports"]))' "$OUT")" = "$n_before" ] ||
    fail "--again registered something"

# identical sheets, cells and PDF text
same_workbooks() {
    "$PY" - "$1" "$2" <<'PY'
import sys
import openpyxl
a, b = (openpyxl.load_workbook(p) for p in sys.argv[1:3])
assert a.sheetnames == b.sheetnames, (a.sheetnames, b.sheetnames)
for name in a.sheetnames:
    ra = [[c.value for c in r] for r in a[name].iter_rows()]
    rb = [[c.value for c in r] for r in b[name].iter_rows()]
    assert ra == rb, f"sheet {name} differs"
PY
}
for pair in "pack/styrgrupp-tid-2026-11-30 pack-again/styrgrupp-tid-2026-11-30" \
            "annual/arsrapport-tid-2025 annual-again/arsrapport-tid-2025"; do
    set -- $pair
    CHECKS=$((CHECKS + 1))
    same_workbooks "$1.xlsx" "$2.xlsx" || fail "$2.xlsx differs from $1.xlsx"
    CHECKS=$((CHECKS + 1))
    cmp -s <(pdftotext -layout "$1.pdf" - 2>/dev/null) <(pdftotext -layout "$2.pdf" - 2>/dev/null) ||
        fail "$2.pdf's text differs from $1.pdf's"
done

# the test can fail: a pack made today for 11-30 is not the one handed out
run report steering --as-of 2026-11-30 --out pack-today
expect_rc 0 "a new pack for the same date"
CHECKS=$((CHECKS + 1))
! cmp -s <(pdftotext -layout pack/styrgrupp-tid-2026-11-30.pdf - 2>/dev/null) \
    <(pdftotext -layout pack-today/styrgrupp-tid-2026-11-30.pdf - 2>/dev/null) ||
    fail "a pack made with the late report reads the same as the one handed out"
finish
