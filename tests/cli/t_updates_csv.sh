#!/usr/bin/env bash
# updates import: dialects, all or nothing, line and column in every error,
# idempotence.
source "$(dirname "$0")/lib.sh"
demo_db
count() { sqlite3 actionplan.db "select (select count(*) from status_update)||'/'||(select count(*) from state_change)||'/'||(select count(*) from decision)"; }

# the demo history: every row recorded once
run updates import "$AP_SRC/plans/sodertalje-2016-updates.csv"
expect_rc 0 "demo history"
expect_out "Läste 325 rader" "demo rows"
base=$(count)
[ "$base" = "316/51/9" ] || fail "demo history counts, got $base"
run updates import "$AP_SRC/plans/sodertalje-2016-updates.csv"
expect_rc 0 "again"
expect_out "registrerade 0 rapporter, 0 lägesändringar och 0 beslut" "idempotent"
[ "$(count)" = "$base" ] || fail "second import recorded something"

# Swedish Excel: BOM, ';', CRLF, quotes with ';' and a line break inside
printf '\xef\xbb\xbfcode;date;status;progress;comment;cause;action;by\r\n' > excel.csv
printf '5.1.1;2018-01-10;Gul;40 %%;"Två möten; ett inställt\r\nnytt datum i mars";"Sjukdom";"Boka om";"Åsa Öberg"\r\n' >> excel.csv
printf ';;;;;;;\r\n' >> excel.csv
printf '5.1.2;2018-01-10;GRÖN;;"Citat: ""bra""";;;Åsa Öberg\r\n' >> excel.csv
run updates import excel.csv
expect_rc 0 "Excel dialect"
expect_out "registrerade 2 rapporter" "Excel rows"
run show 5.1.1 --json
"$PY" -c 'import json,sys; u=json.load(sys.stdin)["updates"][-1]; assert u["comment"]=="Två möten; ett inställt\nnytt datum i mars", u; assert u["progress"]==40 and u["status"]=="yellow" and u["by"]=="Åsa Öberg"' <<<"$OUT" || fail "Excel fields read exactly"

# a bad row in the middle: nothing of the file is recorded, line and column named
before=$(count)
cat > bad.csv <<CSV
code,date,status,progress,comment,cause,action,by,state
5.2.1,2018-01-11,grön,,ok,,,Åsa,
5.2.2,2018-01-11,grön,,ok,,,Åsa,
5.2.3,2018-02-30,grön,,ok,,,Åsa,
CSV
run updates import bad.csv
expect_rc 1 "bad date refused"
expect_err "bad.csv:4:7: ogiltigt datum '2018-02-30'" "bad date line and column"
printf 'code,date,status\n5.2.1,2018-01-11,lila\n' > bad2.csv
run updates import bad2.csv
expect_rc 1 "bad status"
expect_err "bad2.csv:2:18: ogiltig status 'lila'" "bad status line and column"
printf 'code,date,status\n5.2.1,2018-01-11,grön\n9.9.9,2018-01-11,grön\n' > bad3.csv
run updates import bad3.csv
expect_rc 1 "unknown code"
expect_err "bad3.csv:3:1: det finns ingen aktivitet '9.9.9'" "unknown code line and column"
printf 'code,date,status,state\n4.4.1,2018-01-11,,proposed\n' > bad4.csv
run updates import bad4.csv
expect_rc 1 "bad transition"
expect_err "bad4.csv:2:19: aktivitet 4.4.1 kan inte gå från genomförd till föreslagen" "transition line and column"
printf 'code,date,staus\n5.2.1,2018-01-11,grön\n' > bad5.csv
run updates import bad5.csv
expect_rc 1 "unknown column"
expect_err "bad5.csv:1:11: okänd kolumn 'staus'" "unknown column named"
printf 'code,date,status\n5.2.1,2018-01-11,"grön\n' > bad6.csv
run updates import bad6.csv
expect_rc 1 "unterminated quote"
expect_err "bad6.csv:2:" "unterminated quote placed"
run updates import excel.csv bad.csv
expect_rc 1 "two files, one bad: all or nothing"
[ "$(count)" = "$before" ] || fail "refused imports recorded something: $(count) vs $before"
run updates import missing.csv
expect_rc 1 "missing file"
printf 'code,date,status,progress\n5.2.1,2018-01-11,grön,150\n' > bad7.csv
run updates import bad7.csv
expect_rc 1 "progress out of range"
expect_err "bad7.csv:2:23: ogiltig progress '150'" "progress placed"

# a state column records life-cycle changes; rows need not be sorted
cat > states.csv <<CSV
code,date,status,progress,comment,cause,action,by,state
5.2.1,2018-03-01,grön,100,Klart,,,Åsa,completed
5.2.1,2018-01-15,gul,50,Försenat,Resursbrist,Omprioritera,Åsa,paused
5.2.1,2018-02-01,grön,60,Igång igen,,,Åsa,ongoing
CSV
run updates import states.csv
expect_rc 0 "state column, unsorted rows"
run show 5.2.1 --json
"$PY" -c 'import json,sys; d=json.load(sys.stdin); assert d["state"]=="completed"; assert [c["to"] for c in d["state_changes"]][-3:]==["paused","ongoing","completed"], d["state_changes"]' <<<"$OUT" || fail "states recorded in date order"
run updates import states.csv
expect_out "registrerade 0 rapporter, 0 lägesändringar" "state rows idempotent"

finish
