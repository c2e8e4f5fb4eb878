#!/usr/bin/env bash
# A CSV file with a header and no rows (Excel's export of an empty sheet)
# imports nothing and says so; it used to hand qsort a NULL pointer, which
# the sanitizer build reports as undefined behaviour (found by fuzz_csvimport;
# fuzz/regressions/csvimport/header-only-measures-qsort-null.csv).
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
before=$(db_dump)
printf 'code,date,status\n' > updates.csv
run updates import updates.csv
expect_rc 0 "updates: header only"
expect_out "Läste 0 rader: registrerade 0 rapporter" "updates: nothing read"
printf 'goal;date;value;source;by\r\r' > measures.csv
run measures import measures.csv
expect_rc 0 "measures: header only, CR line ends"
expect_out "Läste 0 rader: registrerade 0 mätvärden" "measures: nothing read"
printf 'code;date;status\n;;\n\n;;\n' > blank_rows.csv
run updates import blank_rows.csv
expect_rc 0 "updates: only blank rows"
expect_out "Läste 0 rader" "blank rows are no rows"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "an import of no rows changed the database"
finish
