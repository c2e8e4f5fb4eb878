#!/usr/bin/env bash
# One rule for decimal input in every language (issue 14, item 10): ',' or
# '.' is the decimal sign; a value with a non-zero integer part and exactly
# three digits after its one separator ("41,000", "41.000") may be a
# thousands separator and is refused as ambiguous, with a hint. The same
# file gives the same values whatever [report] language says.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
before=$(db_dump)

HINT_SV="tre siffror efter decimaltecknet kan läsas som tusental; skriv 41000 eller 41,0"
HINT_EN="three digits after the decimal sign may be read as thousands; write 41000 or 41,0"

# --- measure --value ---------------------------------------------------------
for v in 41,000 41.000; do
    run measure M1 --value "$v" --date 2018-01-01
    expect_rc 1 "measure --value $v"
    expect_err "tvetydigt mätvärde '$v'" "measure --value $v: message"
done
run measure M1 --value 41,000 --date 2018-01-01
expect_err "$HINT_SV" "hint"
run measure M1 --value 41.500 --date 2018-01-01
expect_err "skriv 41500 eller 41.5" "hint keeps the separator"
run measure M1 --value 2,125 --date 2018-01-01
expect_err "skriv 2125 eller 2,1250" "hint for a value with three real decimals"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "an ambiguous value was recorded"

printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini measure M1 --value 41,000 --date 2018-01-01
expect_rc 1 "English: 41,000 is not 41"
expect_err "ambiguous value '41,000': $HINT_EN" "English message"

# unambiguous values are read the same in both languages
for v in 41000 41,0 41.5 0,500 -0.125 7; do
    run measure M1 --value "$v" --date 2018-01-02 --source sv
    expect_rc 0 "measure --value $v"
done

# --- the measures CSV ---------------------------------------------------------
printf 'goal,date,value,source,by\nM1,2017-12-31,"42,000",SCB,Eva\n' > amb.csv
run measures import amb.csv
expect_rc 1 "CSV 42,000"
expect_err "amb.csv:2:15: tvetydigt värde '42,000': tre siffror efter decimaltecknet kan läsas som tusental; skriv 42000 eller 42,0" "CSV message"
run --config en.ini measures import amb.csv
expect_rc 1 "CSV 42,000 in English"
expect_err "amb.csv:2:15: ambiguous value '42,000'" "CSV message in English"
printf 'goal;date;value;source;by\nM1;2016-12-31;42.000;SCB;Eva\n' > amb2.csv
run measures import amb2.csv
expect_rc 1 "CSV 42.000"

# the same CSV, the same values, whatever the language
cp actionplan.db en.db
cp actionplan.db sv.db
printf 'goal,date,value,source,by\nM2,2017-12-31,"3,5",SCB,Eva\nM2,2016-12-31,4.25,SCB,Eva\n' > ok.csv
run --config en.ini --db en.db measures import ok.csv
expect_rc 0 "CSV in English"
run --db sv.db measures import ok.csv
expect_rc 0 "CSV in Swedish"
q="SELECT group_concat(value, ' ') FROM (SELECT value FROM measurement ORDER BY date, value)"
en=$(sqlite3 en.db "$q")
sv=$(sqlite3 sv.db "$q")
CHECKS=$((CHECKS + 1))
[ "$en" = "$sv" ] && grep -q "3.5" <<<"$sv" || fail "the same CSV gave '$en' in English and '$sv' in Swedish"

# --- plan files: baseline and target -----------------------------------------
sed 's/^baseline      = 41000$/baseline      = 41,000/' "$AP_SRC/plans/sodertalje-2016.ini" > amb.ini
run import amb.ini
expect_rc 1 "plan baseline 41,000"
expect_err "ogiltigt värde '41,000' för baseline i [goal M1] (väntade ett tal; $HINT_SV)" "plan message"
finish
