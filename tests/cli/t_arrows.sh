#!/usr/bin/env bash
# One arrow convention, "before → now", in the steering pack: the overview's
# change since the previous pack and the changes section, in the PDF and the
# workbook. Focus area 3 went from yellow (June 2017) to green (December).
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
run report steering --as-of 2017-06-30 --out out && expect_rc 0 "June pack"
run report steering --as-of 2017-12-15 --out out && expect_rc 0 "December pack"
run list --json --as-of 2017-06-30
june=$("$PY" -c 'import json,sys; print(next(f["status"] for f in json.load(sys.stdin)["focus_areas"] if f["code"] == "3"))' <<<"$OUT")
CHECKS=$((CHECKS + 1))
[ "$june" = "yellow" ] || fail "test setup: focus area 3 was $june in June, expected yellow"

pdftotext -layout out/styrgrupp-sodertalje-2016-2017-12-15.pdf pack.txt 2>/dev/null || fail "pdftotext"
for want in "Gul → Grön" "En ändrad status står som Förra → Ny"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$want" pack.txt || fail "PDF lacks '$want'"
done
CHECKS=$((CHECKS + 1))
! grep -q "←" pack.txt || fail "PDF still has a left arrow: $(grep "←" pack.txt | head -3)"

got=$("$PY" - out/styrgrupp-sodertalje-2016-2017-12-15.xlsx <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
cells = [c for ws in wb for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]
ov = wb["Översikt"]
row3 = next(r for r in ov.iter_rows(values_only=True) if r[0] == "3")
print(row3[3])
print("LEFT" if any("←" in c for c in cells) else "")
print("HEAD" if any("(då → nu)" in c for c in cells) else "")
PY
)
CHECKS=$((CHECKS + 3))
[ "$(sed -n 1p <<<"$got")" = "Gul → Grön" ] || fail "workbook overview: focus area 3 says '$(sed -n 1p <<<"$got")', expected 'Gul → Grön'"
[ -z "$(sed -n 2p <<<"$got")" ] || fail "workbook still has a left arrow"
[ "$(sed -n 3p <<<"$got")" = "HEAD" ] || fail "workbook overview header does not say '(då → nu)'"

finish
