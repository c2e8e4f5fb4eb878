#!/usr/bin/env bash
# Wrong dates and unknown codes on every path: options of every command that
# takes a date or a code, plan files, updates and measures files. Each is
# answered with its one-line message and exit 1, and nothing is recorded.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_history
before=$(db_dump)

# expect_refused MESSAGE ARGS...
expect_refused() {
    local msg=$1
    shift
    run "$@"
    expect_rc 1 "$*"
    expect_err "$msg" "$*: message"
}

# --- dates on the command line ----------------------------------------------
bad_date() { echo "--$1: ogiltigt datum '$2' (väntade ÅÅÅÅ-MM-DD, ett datum som finns)"; }
for d in 2016-02-30 2017-02-29 2016-13-01 2016-00-10 2016-04-31 2016-2-3 20160101 1899-12-31 \
         10000-01-01 "2016-01-01 " idag ""; do
    expect_refused "$(bad_date as-of "$d")" list --as-of "$d"
done
expect_refused "$(bad_date as-of 2016-02-30)" show 1.1.1 --as-of 2016-02-30
expect_refused "$(bad_date as-of 2016-02-30)" explain 1.1 --as-of 2016-02-30
expect_refused "$(bad_date as-of 2016-02-30)" report steering --as-of 2016-02-30
expect_refused "$(bad_date since 2016-02-30)" report steering --since 2016-02-30
expect_refused "$(bad_date date 2016-02-30)" update 1.1.1 --status grön --date 2016-02-30
expect_refused "$(bad_date date 2016-02-30)" state 1.1.1 ongoing --date 2016-02-30
expect_refused "$(bad_date date 2016-02-30)" decide 1.1.1 --decision Ja --date 2016-02-30
expect_refused "$(bad_date date 2016-02-30)" measure M1 --value 3 --date 2016-02-30
expect_refused "$(bad_date as-of 2016-02-30)" --config /dev/null list --as-of=2016-02-30
run list --as-of 2016-02-29
expect_rc 0 "a leap day is a date"
# dates in the future are refused for what is recorded
expect_refused "datumet 2018-07-01 ligger i framtiden (i dag är det 2018-06-30)" update 1.1.1 --status grön --date 2018-07-01
expect_refused "datumet 2019-01-01 ligger i framtiden" measure M1 --value 3 --date 2019-01-01
expect_refused "--since 2018-06-30 ligger inte före --as-of 2018-06-30" report steering --as-of 2018-06-30 --since 2018-06-30
expect_refused "--year: ogiltigt heltal '2016-02'" report annual --year 2016-02

# --- unknown codes ----------------------------------------------------------
for code in 9.9.9 1.1 1 1.1.1.1 x "" "1..1" "$(printf '1.%.0s' $(seq 1 400))1" "1.1.1'; drop table activity; --"; do
    expect_refused "det finns ingen aktivitet '$code' i planen" show "$code"
    expect_refused "det finns ingen aktivitet '$code' i planen" update "$code" --status grön
    expect_refused "det finns ingen aktivitet '$code' i planen" state "$code" ongoing
    expect_refused "det finns ingen aktivitet '$code' i planen" decide "$code" --decision Ja
done
expect_refused "'9.9.9' är ingen aktivitet, inget insatsområde eller fokusområde i planen" explain 9.9.9
expect_refused "'9.9' är ingen aktivitet, inget insatsområde eller fokusområde i planen" explain 9.9
expect_refused "'M1' är ingen aktivitet" explain M1
expect_refused "det finns inget mål 'M9' i planen" measure M9 --value 3
expect_refused "det finns inget mål '1.1.1' i planen" measure 1.1.1 --value 3
expect_refused "det finns inget fokusområde '9' (planen har 1, 2, 3, 4, 5)" list --focus 9
expect_refused "det finns ingen plan 'okänd' i databasen 'actionplan.db'" --plan okänd list
expect_refused "okänt läge 'flygande' (väntade föreslagen, beslutad, pågående, genomförd, pausad, avbruten)" state 1.1.1 flygande
expect_refused "ogiltig status 'lila' (väntade grön, gul eller röd)" update 1.1.1 --status lila

# --- dates and codes in files -----------------------------------------------
printf 'code,date,status\n5.2.1,2018-01-11,grön\n5.2.2,2016-02-30,grön\n' > date.csv
expect_refused "date.csv:3:7: ogiltigt datum '2016-02-30'" updates import date.csv
printf 'code,date,status\n5.2.1,2018-01-11,grön\n9.9.9,2018-01-11,grön\n' > code.csv
expect_refused "code.csv:3:1: det finns ingen aktivitet '9.9.9'" updates import code.csv
printf 'goal,date,value\nM1,2017-02-29,3\n' > mdate.csv
expect_refused "mdate.csv:2:4: ogiltigt datum '2017-02-29'" measures import mdate.csv
printf 'goal,date,value\nM1,2017-01-01,3\nM9,2017-01-01,3\n' > mcode.csv
expect_refused "mcode.csv:3:1: det finns inget mål 'M9'" measures import mcode.csv
printf 'code,date,status,state\n5.2.1,2018-01-11,grön,flygande\n' > state.csv
expect_refused "state.csv:2:23: okänt läge 'flygande'" updates import state.csv
# a date followed by more text far to the right is no date (the first 63
# bytes were taken for the whole field, and '2016-05-01' was recorded)
"$PY" -c "print('code,date,status'); print('5.2.1,2016-05-01' + ' ' * 60 + 'och 2017-01-01,grön')" > padded.csv
expect_refused "padded.csv:2:7: ogiltigt datum '2016-05-01…'" updates import padded.csv
"$PY" -c "print('goal,date,value'); print('M1,2016-05-01' + ' ' * 60 + 'x,3')" > mpadded.csv
expect_refused "mpadded.csv:2:4: ogiltigt datum '2016-05-01…'" measures import mpadded.csv

plan() { sed "$1" "$AP_SRC/plans/sodertalje-2016.ini" > "$2"; }
plan 's/^due *= 2016-12-31$/due = 2016-02-30/' due.ini
line=$(grep -n '2016-02-30' due.ini | head -1 | cut -d: -f1)
expect_refused "due.ini:$line: ogiltigt värde '2016-02-30' för due i [activity" import due.ini
plan 's/^adopted *= .*/adopted      = 2016-02-30/' adopted.ini
line=$(grep -n '2016-02-30' adopted.ini | cut -d: -f1)
expect_refused "adopted.ini:$line: ogiltigt värde '2016-02-30' för adopted i [strategy]" import adopted.ini
plan '0,/^goals *= .*/s//goals       = M1, M99/' goal.ini
expect_refused "kopplas till målet 'M99', som inte finns (lägg till [goal M99] eller rätta koden)" import goal.ini
plan 's/^\[activity 1\.1\.1\]$/[activity 1.1.1.1]/' deep.ini
expect_refused "deep.ini:" import deep.ini
expect_err "ogiltig sektion [activity 1.1.1.1] (väntade till exempel [activity 1.2.3])" "four-part code"
plan 's/^\[activity 1\.1\.1\]$/[activity 9.9.1]/' orphan.ini
expect_refused "[activity 9.9.1] hör till insatsområde 9.9, men [initiative 9.9] finns inte i filen" import orphan.ini

CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a refused date or code changed the database"
finish
