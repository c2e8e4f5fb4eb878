#!/bin/bash
# Issue 14.4: texts have one maximum length everywhere (limits.h: titles
# 500 characters, every other text 10,000), refused at input naming where:
# CSV file:line:column, plan file line, command-line option. A text SQLite
# cannot take is an error, never stored as NULL.
. "$(dirname "$0")/lib.sh"

demo_db
long=$("$PY" -c 'print("å" * 10001)')
ok=$("$PY" -c 'print("å" * 10000)')
before=$(db_dump)

run update 4.3.1 --status gul --cause "$long" --action a --by Eva
expect_rc 1 "--cause of 10,001 characters"
expect_err "--cause" "--cause: names the option"
expect_err "10000" "--cause: names the maximum"

run update 4.3.1 --status gul --comment "$long" --by Eva
expect_rc 1 "--comment of 10,001 characters"
expect_err "--comment" "--comment: names the option"

printf 'code,date,status,progress,comment,cause,action,by\n4.3.1,2017-03-01,gul,,"%s",c,a,Eva\n' "$long" >long.csv
run updates import long.csv
expect_rc 1 "a CSV comment of 10,001 characters"
expect_err "long.csv:2:23:" "CSV: file:line:column"
expect_err "10000" "CSV: the maximum"

printf 'goal,date,value,source,by\nM1,2017-03-01,5,"%s",Eva\n' "$long" >longm.csv
run measures import longm.csv
expect_rc 1 "a CSV source of 10,001 characters"
expect_err "longm.csv:2:17:" "measures CSV: file:line:column"

[ "$(db_dump)" = "$before" ] || fail "a refused text changed the database"

# exactly the maximum is accepted
run update 4.3.1 --status gul --comment "$ok" --cause c --action a --by Eva --date 2017-03-01
expect_rc 0 "a comment of 10,000 characters"

# a plan title of 501 characters, with its line
# (six continuation lines of 99 characters: 599 joined with spaces)
"$PY" - "$AP_SRC/plans/sodertalje-2016.ini" >long.ini <<'PY'
import sys
text = open(sys.argv[1], encoding="utf-8").read()
title = "title = " + "\n    ".join(["T" * 99] * 6)
print(text.replace("title       = Företagsbesök politiker", title, 1), end="")
PY
line=$(grep -n "^title = TTT" long.ini | cut -d: -f1)
run import long.ini
expect_rc 1 "a title of 501 characters"
expect_err "long.ini:$line:" "plan title: the line"
expect_err "500" "plan title: the maximum"
finish
