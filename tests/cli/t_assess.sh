#!/usr/bin/env bash
# Written assessments (issue 15): 'assess' and 'assessments import' record
# them dated and signed; the annual report opens each focus area with the
# year's and the summary with the plan's ("Bedömning saknas." when there is
# none); the pack shows the latest for its date; the register's digest
# covers them; history stays append-only.
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
q() { sqlite3 actionplan.db "$1"; }

run assess 4 --period 2017-12-15 --text "Bygglovstiderna är för långa." --date 2017-12-14 --by Eva
expect_rc 0 "assess a focus area for a pack"
expect_out "Registrerade bedömningen av fokusområde 4 för 2017-12-15, skriven 2017-12-14." "says what"
run assess 9 --period 2017 --text x
expect_rc 1 "no focus area 9"
expect_err "inget fokusområde '9'" "names it"
run assess plan --period 17 --text x
expect_rc 1 "a period is a year or a date"
expect_err "ogiltig period '17'" "names it"
run assess plan --period 2017 --text x --date 2018-02-01
expect_rc 1 "no date in the future"

run report annual --year 2017 --out before
expect_rc 0 "annual report without the year's assessments"
pdftotext before/arsrapport-sodertalje-2016-2017.pdf before.txt 2>/dev/null
CHECKS=$((CHECKS + 1))
[ "$(grep -c "Bedömning saknas" before.txt)" -ge 6 ] || fail "missing assessments are not listed"
digest_before=$(q "select digest from report_run order by id desc limit 1")

run assessments import "$AP_SRC/plans/sodertalje-2016-assessments.csv"
expect_rc 0 "import the demo's assessments"
expect_out "Läste 6 rader: registrerade 6 bedömningar; 0 fanns redan." "counts"
run assessments import "$AP_SRC/plans/sodertalje-2016-assessments.csv"
expect_out "registrerade 0 bedömningar; 6 fanns redan" "twice records nothing"
CHECKS=$((CHECKS + 1))
[ "$(q "select count(*) from assessment where rec is null")" = 0 ] || fail "assessments without a recording"
CHECKS=$((CHECKS + 1))
! q "update assessment set text = 'x'" 2>/dev/null || fail "assessment accepts UPDATE"
CHECKS=$((CHECKS + 1))
! q "delete from assessment" 2>/dev/null || fail "assessment accepts DELETE"

run report annual --year 2017 --out after
expect_rc 0 "annual report with assessments"
pdftotext after/arsrapport-sodertalje-2016-2017.pdf after.txt 2>/dev/null
CHECKS=$((CHECKS + 1))
grep -q "Bedömning saknas" after.txt && fail "an assessment is still missing"
CHECKS=$((CHECKS + 1))
[ "$(grep -c "^Bedömning:" after.txt)" -eq 6 ] || fail "not 6 assessments: $(grep -c "^Bedömning:" after.txt)"
CHECKS=$((CHECKS + 1))
grep -q "Platsvarumärket har lanserats" after.txt || fail "focus area 5's assessment is missing"
CHECKS=$((CHECKS + 1))
[ "$(q "select digest from report_run order by id desc limit 1")" != "$digest_before" ] ||
    fail "the digest does not cover the assessments"

run report steering --as-of 2017-12-15 --out pack
expect_rc 0 "pack"
pdftotext pack/styrgrupp-sodertalje-2016-2017-12-15.pdf pack.txt 2>/dev/null
CHECKS=$((CHECKS + 1))
grep -q "Bygglovstiderna är för långa" pack.txt || fail "the pack lacks focus area 4's assessment"
run report steering --as-of 2017-06-30 --out early
pdftotext early/styrgrupp-sodertalje-2016-2017-06-30.pdf early.txt 2>/dev/null
CHECKS=$((CHECKS + 1))
grep -q "Bygglovstiderna" early.txt && fail "a pack shows an assessment written for a later one"
run report steering --again 3 --out again
expect_rc 0 "a pack with an assessment is made again with the same digest"

# The workbooks show the assessments the PDFs show: a "Bedömning" column
# beside each focus area's and the plan's status, the same text
assessment_cells() {
    "$PY" - "$1" "$2" <<'PY'
import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])[sys.argv[2]]
rows = list(ws.iter_rows(values_only=True))
head = next(i for i, r in enumerate(rows) if "Bedömning" in r)
col = rows[head].index("Bedömning")
for r in rows[head + 1:]:
    if r[col] is not None:
        print(r[0] or "plan", "|", r[col])
PY
}
cells=$(assessment_cells pack/styrgrupp-sodertalje-2016-2017-12-15.xlsx Översikt)
CHECKS=$((CHECKS + 1))
grep -q "^4 | Bygglovstiderna är för långa. – Eva, 2017-12-14 (2017-12-15)" <<<"$cells" ||
    fail "the pack's workbook lacks focus area 4's assessment: $cells"
CHECKS=$((CHECKS + 1))
[ "$(grep -c "Bedömning saknas" <<<"$cells")" -eq 5 ] || fail "the pack's workbook does not list the missing ones: $cells"
cells=$(assessment_cells after/arsrapport-sodertalje-2016-2017.xlsx Sammanfattning)
CHECKS=$((CHECKS + 1))
[ "$(grep -c " | " <<<"$cells")" -eq 6 ] && ! grep -q "saknas" <<<"$cells" ||
    fail "the annual workbook lacks the year's 6 assessments: $cells"
CHECKS=$((CHECKS + 1))
grep -q "^5 | Platsvarumärket har lanserats" <<<"$cells" || fail "focus area 5's assessment in the workbook: $cells"
finish
