#!/usr/bin/env bash
# CSV headers in Swedish (issue 15, part 4): updates, measurements and
# assessments take their columns' Swedish names as well as the English ones,
# in any case; the import stays all or nothing, a column named twice (once in
# each language) is refused, and errors quote the header's own word.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_db

cat > sv.csv <<'CSV'
Kod;Datum;Status;Framsteg;Kommentar;Orsak;Åtgärd;Av;Läge;Kostnad;Beslut
5.1.1;2018-01-10;Gul;40 %;Två möten;Sjukdom;Boka om;Åsa Öberg;;1200;
5.1.2;2018-01-10;grön;;;;;Åsa Öberg;genomförd;;
5.1.3;2018-01-10;;;;;;Styrgruppen;;;Fortsätt
CSV
run updates import sv.csv
expect_rc 0 "Swedish update header"
expect_out "registrerade 2 rapporter, 1 lägesändring och 1 beslut" "Swedish header rows"
run show 5.1.1 --json
"$PY" -c 'import json,sys; u=json.load(sys.stdin)["updates"][-1]; assert u["progress"]==40 and u["cause"]=="Sjukdom" and u["action"]=="Boka om" and u["cost"]==1200, u' <<<"$OUT" || fail "Swedish columns read into the right fields"

# all or nothing, and the error names the Swedish column as written
before=$(sqlite3 actionplan.db "select count(*) from status_update")
printf 'kod,datum,status\n5.2.1,2018-01-11,grön\n5.2.2,2018-02-30,grön\n' > bad.csv
run updates import bad.csv
expect_rc 1 "bad date in a Swedish file"
expect_err "bad.csv:3:7: ogiltigt datum '2018-02-30' i kolumnen 'datum'" "the header's own word"
[ "$(sqlite3 actionplan.db "select count(*) from status_update")" = "$before" ] || fail "a refused Swedish file recorded rows"

# one column in both languages is refused
printf 'kod,code,datum,status\n5.2.1,5.2.1,2018-01-11,grön\n' > twice.csv
run updates import twice.csv
expect_rc 1 "a column named in both languages"
expect_err "'kod' och 'code' är samma kolumn" "says which"

# an unknown column lists the Swedish names in Swedish
printf 'kod,datum,status,färg\n' > unknown.csv
run updates import unknown.csv
expect_rc 1 "unknown column"
expect_err "okänd kolumn 'färg' (väntade kod,datum,status" "Swedish names first"

cat > m.csv <<'CSV'
mål,datum,värde,källa,av
M1,2017-12-31,42000,SCB,Analytiker
CSV
run measures import m.csv
expect_rc 0 "Swedish measurement header"
expect_out "registrerade 1 mätvärde" "measurement recorded"

cat > a.csv <<'CSV'
fokusområde,datum,period,bedömning,av
4,2018-01-15,2017,Bygglovstiderna är för långa.,Eva
CSV
run assessments import a.csv
expect_rc 0 "Swedish assessment header"
expect_out "registrerade 1 bedömning" "assessment recorded"
finish
