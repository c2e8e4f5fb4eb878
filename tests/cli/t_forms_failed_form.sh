#!/usr/bin/env bash
# forms export says "Skrev FILE" only for forms that were written (issue
# 14, item 5). A title that is not UTF-8, which a damaged database may
# hold, fails its form: the others are written and listed, the failed one
# is not, and the error names the form's real file, not the temporary one
# beside it. A title over Excel's 32,767 characters, which an older
# database may hold, is cut with "…" as in every workbook (xlsx_common.c):
# its form is written.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30

# activity 2.1.1 gets a stray byte 0xC3 in its title, straight into the
# database (the plan file refuses it).
run init && expect_rc 0 "init"
run import "$AP_SRC/plans/sodertalje-2016.ini"
expect_rc 0 "import the plan"
sqlite3 actionplan.db "UPDATE activity SET title = title || CAST(x'C328' AS TEXT)
  WHERE code = '2.1.1'" || fail "sqlite3: the broken title"

run forms export --out ut
expect_rc 1 "a form that cannot be written"
expect_err "ut/blankett-sodertalje-2016-fokus-2-2018-06-30.xlsx'" "the error names the real file"
CHECKS=$((CHECKS + 1))
! grep -q "\.tmp" <<<"$ERR" || fail "the error names the temporary file: $ERR"
expect_no_out "fokus-2-" "no 'Skrev' for the failed form"

# every "Skrev" names a file that is there, and every file there was told
CHECKS=$((CHECKS + 1))
told=$(sed -n 's/^Skrev \([^ ]*\) .*/\1/p' <<<"$OUT" | sort)
there=$(ls ut/*.xlsx 2>/dev/null | sort)
[ "$told" = "$there" ] || fail "told '$told', on disk '$there'"
CHECKS=$((CHECKS + 1))
[ -z "$(ls -A ut | grep '\.tmp$')" ] || fail "temporary files left: $(ls -A ut)"

# the form of another focus area alone is written and told
run forms export --focus 1 --out ut1
expect_rc 0 "focus area 1 alone"
expect_out "Skrev ut1/blankett-sodertalje-2016-fokus-1-2018-06-30.xlsx" "focus area 1 told"
# The plan file refuses titles over 500 characters (issue 14.4); a
# database made before that limit may hold one of 36,000.
sqlite3 actionplan.db "UPDATE activity SET title = 'Lång' || replace(hex(zeroblob(18000)), '0', 'x')
  WHERE code = '2.1.1'" || fail "sqlite3: the long title"
run forms export --focus 2 --out ut2
expect_rc 0 "a title over 32,767 characters is cut, its form written"
expect_out "Skrev ut2/blankett-sodertalje-2016-fokus-2-2018-06-30.xlsx" "focus area 2 told"
finish
