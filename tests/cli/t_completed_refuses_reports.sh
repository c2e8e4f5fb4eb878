#!/usr/bin/env bash
# A completed activity takes no status report until it is reopened (design
# section 8): on the command line, in a CSV file and in a form, each refused
# with a message that says how to reopen it and records nothing. A report
# dated before the completion is still taken, and one CSV row may close an
# activity with its last report or reopen it with a new one.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
count() { sqlite3 actionplan.db "select (select count(*) from status_update)||'/'||(select count(*) from state_change)"; }

# 2.1.5 was completed on 2016-12-07, with its last green report in one row
# of the demo's CSV (which demo_history imported).
before=$(count)
run update 2.1.5 --status gul --cause "c"
expect_rc 1 "report on a completed activity refused"
expect_err "aktiviteten 2.1.5 är genomförd sedan 2016-12-07: öppna den igen med 'actionplan state 2.1.5 pågående' innan du rapporterar" "refusal says how to reopen"
run update 2.1.5 --status gul --date 2017-03-01
expect_rc 1 "back-dated report on a completed activity refused"
expect_err "öppna den igen med 'actionplan state 2.1.5 pågående --date 2017-03-01' innan du rapporterar" "the reopening's date is named when it is not today"
run update 2.1.5 --status gul --date 2016-12-07
expect_rc 1 "a report on the completion date is refused"
[ "$(count)" = "$before" ] || fail "refusals recorded something: $(count) vs $before"
run update 2.1.5 --status gul --date 2016-12-06 --cause "c"
expect_rc 0 "a report dated before the completion is taken"
printf "[report]\nlanguage = en\n" > en.ini
run --config en.ini update 2.1.5 --status green
expect_err "activity 2.1.5 has been completed since 2016-12-07: reopen it with 'actionplan state 2.1.5 ongoing' before reporting" "English message"

run state 2.1.5 ongoing --date 2018-01-10
expect_rc 0 "reopened"
run update 2.1.5 --status gul --date 2018-01-10 --cause "Mer att göra"
expect_rc 0 "a reopened activity takes reports"

# CSV: the message names file:line:column; nothing of the file is recorded
before=$(count)
printf 'code,date,status,cause\n2.1.1,2018-01-05,grön,\n4.4.1,2018-01-05,gul,Ny brist\n' > done.csv
run updates import done.csv
expect_rc 1 "CSV report on a completed activity refused"
expect_err "done.csv:3:18: aktiviteten 4.4.1 är genomförd sedan 2017-10-17: öppna den igen" "CSV refusal placed"
[ "$(count)" = "$before" ] || fail "a refused CSV file recorded something: $(count) vs $before"

# Within one file the rows see the changes of the rows before them: the
# reopening lets the next row's report in, that row's completion keeps the
# last one out
before=$(count)
printf 'code,date,status,cause,state\n4.4.1,2018-01-05,gul,Ny brist,ongoing\n4.4.1,2018-01-20,grön,,completed\n4.4.1,2018-01-25,grön,,\n' > closed.csv
run updates import closed.csv
expect_rc 1 "a report after a completion earlier in the same file refused"
expect_err "closed.csv:4:18: aktiviteten 4.4.1 är genomförd sedan 2018-01-20: öppna den igen" "refused where the completion of an earlier row applies"
[ "$(count)" = "$before" ] || fail "a refused CSV file recorded something: $(count) vs $before"

# In one row a reopening comes before the report, a completion after it
printf 'code,date,status,cause,state\n4.4.1,2018-01-05,gul,Ny brist,ongoing\n4.4.1,2018-01-20,grön,,completed\n' > reopen.csv
run updates import reopen.csv
expect_rc 0 "reopen with a report, close with the last report"
expect_out "registrerade 2 rapporter, 2 lägesändringar" "both rows recorded"
run updates import reopen.csv
expect_rc 0 "the same file again"
expect_out "registrerade 0 rapporter, 0 lägesändringar" "importing twice records nothing new"
printf 'code,date,status\n4.4.1,2018-01-21,grön\n' > after.csv
run updates import after.csv
expect_rc 1 "closed again: reports refused again"

# Forms: made while 1.1.2 was open, filled in after it was completed
run forms export --focus 1 --as-of 2018-01-31 --out forms
expect_rc 0 "form exported"
F=$(ls forms/*.xlsx | head -n 1)
row=$("$PY" -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Aktiviteter"]
print(next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "1.1.2"))' "$F")
"$PY" -c 'import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1]); wb["Aktiviteter"]["J" + sys.argv[2]] = "Gul"; wb.save("filled.xlsx")' "$F" "$row"
run state 1.1.2 completed --date 2018-01-31
expect_rc 0 "1.1.2 completed after the form was made"
before=$(count)
run forms import filled.xlsx
expect_rc 1 "form report on a completed activity refused"
expect_err "filled.xlsx: blad 'Aktiviteter', rad $row, kolumn J (Ny status): aktiviteten 1.1.2 är genomförd sedan 2018-01-31" "form refusal placed"
[ "$(count)" = "$before" ] || fail "a refused form recorded something: $(count) vs $before"

finish
