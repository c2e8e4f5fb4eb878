#!/usr/bin/env bash
# Terminal escape injection (issue 14, item 9). Control characters other
# than tab and newline are refused at input - CSV, command-line texts, plan
# files and forms (_x001B_) - naming where; and text that is already in a
# database is shown with its control characters escaped, so an OSC 52
# sequence cannot write a reader's clipboard.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
before=$(db_dump)
ESC=$'\e'
OSC=$'\e]52;c;SGVq\a'
CTRL="ett styrtecken (bara tabb och radbrytning är tillåtna)"

# --- CSV ------------------------------------------------------------------------
printf 'code,date,status,progress,comment,cause,action,by\n1.1.1,2018-01-10,grön,50,"hej %s",,,Eva\n' "$OSC" > osc.csv
run updates import osc.csv
expect_rc 1 "CSV with OSC 52"
expect_err "osc.csv:2:" "CSV: line"
expect_err "U+001B (ESC) är $CTRL" "CSV: message"
printf 'code,date,status,progress,comment,cause,action,by\r\n1.1.1,2018-01-10,gul,50,,"sida\f2",,Eva\r\n' > ff.csv
run updates import ff.csv
expect_rc 1 "CSV with a form feed"
expect_err "ff.csv:2:" "CSV: form feed: where"
expect_err "U+000C (FF) är $CTRL" "CSV: form feed"
printf 'goal,date,value,source,by\nM1,2017-12-31,4,"SCB\a",Eva\n' > bel.csv
run measures import bel.csv
expect_rc 1 "measures CSV with BEL"
expect_err "bel.csv:2:" "measures: where"
expect_err "U+0007 (BEL)" "measures: BEL"
# tabs and newlines in a quoted field, and CRLF line ends, are fine
printf 'code,date,status,progress,comment,cause,action,by\r\n1.1.1,2018-01-11,grön,50,"två\nrader\tmed tabb",,,Eva\r\n' > ok.csv
run updates import ok.csv
expect_rc 0 "CSV with tab, newline and CRLF"
before=$(db_dump)

# --- command line ---------------------------------------------------------------
run update 1.1.1 --status grön --comment "titta $OSC" --date 2018-01-12
expect_rc 1 "update --comment with OSC"
expect_err "--comment: tecknet U+001B (ESC) på plats 7 är $CTRL" "update: message"
run decide 1.1.1 --decision "ok${ESC}[2J" --date 2018-01-12
expect_rc 1 "decide with ESC"
run update 1.1.1 --status grön --by $'Eva\r' --date 2018-01-12
expect_rc 1 "update --by with CR"
expect_err "U+000D (CR)" "--by: CR"
run measure M1 --value 3 --source $'x\xc2\x9b31m' --date 2018-01-12
expect_rc 1 "measure --source with C1 CSI"
expect_err "U+009B" "C1 control"

# --- plan files --------------------------------------------------------------------
sed "s/^title       = Företagsbesök politiker$/title       = Företagsbesök ${ESC}]52;c;SGVq${ESC}\\\\ politiker/" \
    "$AP_SRC/plans/sodertalje-2016.ini" > esc.ini
line=$(grep -n "Företagsbesök" esc.ini | cut -d: -f1)
run import esc.ini
expect_rc 1 "plan title with OSC"
expect_err "esc.ini:$line:29: tecknet U+001B (ESC) är $CTRL" "plan: line and column"

# --- forms: Excel's _x001B_ escape -----------------------------------------------------
run forms export --focus 1 --out ut
expect_rc 0 "export"
before=$(db_dump)
"$PY" - "$(ls ut/*.xlsx)" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb["Aktiviteter"]
ws["J5"] = "Röd"
ws["L5"] = "orsak _x001B_]52;c;SGVq_x0007_ här"
wb.save("esc.xlsx")
PY
run forms import esc.xlsx
expect_rc 1 "form with _x001B_"
expect_err "esc.xlsx: blad 'Aktiviteter', rad 5, kolumn L" "form: the cell"
expect_err "U+001B (ESC) är $CTRL" "form: message"

# English
printf '[report]\nlanguage = en\n' > config.ini
run update 1.1.1 --status green --comment "a${ESC}b" --date 2018-01-12
expect_err "--comment: the character U+001B (ESC) at position 2 is a control character (only tab and newline are allowed)" "English"
rm config.ini
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "refused input changed the database"

# --- what is already stored is shown escaped ----------------------------------------
sqlite3 actionplan.db "UPDATE activity SET title='Företagsbesök ' || char(27) || ']52;c;SGVq' || char(7) || ' politiker' || char(13) || 'X' WHERE code='1.1.1'"
for cmd in "list" "show 1.1.1" "explain 1.1.1"; do
    # shellcheck disable=SC2086
    run $cmd
    expect_rc 0 "$cmd over a stored escape"
    CHECKS=$((CHECKS + 1))
    ! grep -q $'[\e\a\r]' <<<"$OUT" || fail "$cmd prints raw control characters"
    expect_out 'Företagsbesök \x1b]52;c;SGVq\x07 politiker\x0dX' "$cmd shows them escaped"
done
finish
