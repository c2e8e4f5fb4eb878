#!/usr/bin/env bash
# forms export / forms import: usage, refusals (each exits 1 with a message
# naming where, and changes nothing in the database), forms of another plan
# or database, a form older than a later update, and damaged files: a text
# file, a directory, truncated and byte-flipped workbooks (never a crash;
# run under AddressSanitizer by test.sh).
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
D=2018-01-31

# fill SRC DEST [SHEET!]CELL=VALUE...: a lead's edits with openpyxl. VALUE
# "n:60" is a number, "d:2018-01-25" a date, anything else text; "-SHEET"
# deletes a sheet. The sheet defaults to 'Aktiviteter'.
fill() {
    "$PY" - "$@" <<'PY'
import datetime, sys
import openpyxl
src, dest, *edits = sys.argv[1:]
wb = openpyxl.load_workbook(src)
for e in edits:
    if e.startswith("-"):
        del wb[e[1:]]
        continue
    ref, _, v = e.partition("=")
    sheet, _, cell = ref.rpartition("!")
    if v.startswith("n:"):
        v = float(v[2:]) if "." in v else int(v[2:])
    elif v.startswith("d:"):
        v = datetime.date.fromisoformat(v[2:])
    wb[sheet or "Aktiviteter"][cell] = v
wb.save(dest)
PY
}

# cell FILE SHEET CELL: the value openpyxl reads
cell() {
    "$PY" -c 'import sys, openpyxl; print(openpyxl.load_workbook(sys.argv[1])[sys.argv[2]][sys.argv[3]].value)' "$@"
}

# refuse FILE MESSAGE DESCRIPTION [ARGS...]: import must exit 1 with a
# one-line message and leave every row of the database as it was.
refuse() {
    local file=$1 msg=$2 what=$3 before
    shift 3
    before=$(db_dump)
    run "$@" forms import "$file"
    expect_rc 1 "$what"
    expect_err "$msg" "$what"
    CHECKS=$((CHECKS + 2))
    [ "$(db_dump)" = "$before" ] || fail "$what: the database changed"
    [ "$(wc -l <<<"$ERR")" -eq 1 ] || fail "$what: the message is not one line: $ERR"
}

# ---- usage -------------------------------------------------------------------
run forms export --help
expect_rc 0 "export --help"
expect_out "blankett-<plan>-fokus-<N>-<datum>.xlsx" "export --help names the files"
run forms import --help
expect_rc 0 "import --help"
run forms import
expect_rc 2 "import without files"
run forms export --focus 1 --owner "Campus Telge"
expect_rc 2 "--focus with --owner"
run forms export --focus 9
expect_rc 1 "unknown focus area"
expect_err "det finns inget fokusområde '9' i planen (finns: 1, 2, 3, 4, 5)" "focus choices"
run forms export --owner "Ingen sådan enhet"
expect_rc 1 "unknown owner"
expect_err "ingen aktivitet har ansvarig enhet 'Ingen sådan enhet' (finns: Arbetsmarknadskontoret" "owner choices"
run forms export --as-of 2018-02-01
expect_rc 1 "as-of in the future"

# ---- export ------------------------------------------------------------------
run forms export --out forms
expect_rc 0 "export"
expect_out "Skrev forms/blankett-sodertalje-2016-fokus-1-$D.xlsx (fokusområde 1, 11 aktiviteter)" "focus 1 form"
F1=forms/blankett-sodertalje-2016-fokus-1-$D.xlsx
F2=forms/blankett-sodertalje-2016-fokus-2-$D.xlsx
F5=forms/blankett-sodertalje-2016-fokus-5-$D.xlsx
for n in 1 2 3 4 5; do
    CHECKS=$((CHECKS + 1))
    [ -s "forms/blankett-sodertalje-2016-fokus-$n-$D.xlsx" ] || fail "form of focus $n missing"
done
CHECKS=$((CHECKS + 1))
[ -z "$(find forms -name '*.tmp')" ] || fail "temporary files left behind"
[ "$(sqlite3 actionplan.db 'select count(*) from form_export')" = 5 ] || fail "forms not remembered"
run forms export --owner "campus telge" --out forms
expect_rc 0 "export for one owner, any case"
expect_out "blankett-sodertalje-2016-campus-telge-$D.xlsx" "owner file name"

# an empty form is no news
before=$(db_dump)
run forms import "$F2"
expect_rc 0 "blank form"
expect_out "Inget nytt registrerades: 0 rapporter fanns redan, 11 rader utan nyheter." "blank form says so"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a blank form changed the database"

# ---- values people type are refused with sheet, row and column -------------------
fill "$F1" bad.xlsx J7=blå
refuse bad.xlsx "bad.xlsx: blad 'Aktiviteter', rad 7, kolumn J (Ny status): ogiltig status 'blå' (väntade Grön, Gul eller Röd)" "bad status word"
fill "$F1" nostatus.xlsx "L8=Möte hållet"
refuse nostatus.xlsx "rad 8, kolumn J (Ny status): status saknas: raden har något i kolumnen 'Kommentar'" "comment without status"
fill "$F1" progress.xlsx J5=Grön K5=n:150
refuse progress.xlsx "rad 5, kolumn K (Framsteg (%)): ogiltigt framsteg '150' (väntade ett heltal 0–100" "progress over 100"
fill "$F1" progress2.xlsx J5=Grön "K5=ganska långt"
refuse progress2.xlsx "rad 5, kolumn K (Framsteg (%)): ogiltigt framsteg 'ganska långt'" "progress in words"
fill "$F1" date.xlsx J5=Grön O5=2018-02-30
refuse date.xlsx "rad 5, kolumn O (Datum): ogiltigt datum '2018-02-30' (väntade ÅÅÅÅ-MM-DD" "impossible date"
fill "$F1" future.xlsx J5=Grön O5=d:2018-02-10
refuse future.xlsx "rad 5, kolumn O (Datum): datumet 2018-02-10 ligger i framtiden" "date in the future"
fill "$F1" future2.xlsx J5=Grön Instruktioner!B11=d:2018-03-01
refuse future2.xlsx "blad 'Instruktioner', rad 11, kolumn B (Rapportdatum): datumet 2018-03-01 ligger i framtiden" "report date in the future"
# all or nothing: two good rows, one bad one further down
fill "$F1" mixed.xlsx J5=Grön J6=Gul "M6=Sjukdom" J15=lila
refuse mixed.xlsx "rad 15, kolumn J (Ny status): ogiltig status 'lila'" "one bad row refuses the file"

# ---- tampering ---------------------------------------------------------------
fill "$F1" code.xlsx J5=Grön A6=1.1.9
refuse code.xlsx "rad 6, kolumn A (Kod): koden '1.1.9' är ändrad (blanketten gjordes med 1.1.2 på denna rad)" "tampered code"
fill "$F1" nocode.xlsx A7=
refuse nocode.xlsx "rad 7, kolumn A (Kod): koden saknas (blanketten gjordes med 1.1.3 på denna rad)" "erased code"
fill "$F1" added.xlsx A16=1.2.1 J16=Grön
refuse added.xlsx "rad 16, kolumn A (Kod): raden ligger nedanför blankettens sista aktivitet (rad 15)" "added row"
fill "$F1" idsheet.xlsx J5=Grön Blankett-id!B6=2017-06-30
refuse idsheet.xlsx "bladet 'Blankett-id' stämmer inte med databasens uppgifter om blankett" "id sheet changed"
fill "$F1" idcodes.xlsx Blankett-id!B10=4.4.1
refuse idcodes.xlsx "bladet 'Blankett-id' stämmer inte med databasens uppgifter" "id sheet codes changed"
fill "$F1" noid.xlsx -Blankett-id
refuse noid.xlsx "noid.xlsx: ingen uppdateringsblankett från actionplan: bladet 'Blankett-id' saknas" "id sheet deleted"
"$PY" -c 'import openpyxl, sys; wb = openpyxl.Workbook(); wb.active["A1"] = "grön"; wb.save(sys.argv[1])' other.xlsx
refuse other.xlsx "other.xlsx: ingen uppdateringsblankett från actionplan" "a workbook that is no form"

# ---- a form of another plan, of another database -------------------------------
mkdir other && cat > other/annan.ini <<'INI'
[strategy]
id = annan-2020
title = En annan plan

[focus 1]
title = Fokus
lead = Chef

[initiative 1.1]
title = Insats

[activity 1.1.1]
title = Aktivitet
owner = Kontor
state = ongoing
INI
run --db other/other.db init && run --db other/other.db import other/annan.ini
expect_rc 0 "second plan"
run --db other/other.db forms export --out other
expect_rc 0 "second plan's form"
fill "other/blankett-annan-2020-fokus-1-$D.xlsx" annan.xlsx J5=Grön
refuse annan.xlsx "annan.xlsx: blanketten gäller planen 'annan-2020', som inte finns i databasen 'actionplan.db'" "form of another plan"
run --db other/same.db init && run --db other/same.db import "$AP_SRC/plans/sodertalje-2016.ini"
run --db other/same.db forms export --focus 1 --out other
expect_rc 0 "same plan, other database"
fill "other/blankett-sodertalje-2016-fokus-1-$D.xlsx" same.xlsx J5=Grön
refuse same.xlsx "är inte gjord från databasen 'actionplan.db'; skriv ut en ny blankett" "form of another database"
fill "$F1" plan.xlsx J5=Grön
refuse plan.xlsx "blanketten gäller planen 'sodertalje-2016', inte 'annan-2020' (--plan)" "--plan differs" --plan annan-2020

# ---- a form older than a later update -----------------------------------------
code5=$(cell "$F5" Aktiviteter A5)
code6=$(cell "$F5" Aktiviteter A6)
run update "$code5" --status röd --cause "Budgeten drogs in" --by "Eva Ek"
expect_rc 0 "a later update after the export"
fill "$F5" later.xlsx J5=Grön "L5=Allt enligt plan" J6=Grön
refuse later.xlsx "rad 5, kolumn J (Ny status): $code5 har en senare rapport än blanketten visar: Röd den $D av Eva Ek (cli); blanketten är gjord per $D. Inget i filen registrerades" "form older than a later update"
run show "$code5" --json
"$PY" -c 'import json,sys; u=json.load(sys.stdin)["updates"][-1]; assert (u["status"], u["by"]) == ("red", "Eva Ek"), u' <<<"$OUT" || fail "the later update is still the last"
# the row of that activity left empty: no conflict, the other row is recorded
fill "$F5" later-ok.xlsx J6=Grön
run forms import later-ok.xlsx
expect_rc 0 "other rows of an older form"
expect_out "Registrerade 1 rapport; 0 fanns redan; 9 rader utan nyheter." "one row recorded"
# a form made as of an earlier date does not overtake what came after it
run forms export --focus 1 --as-of 2017-06-30 --out old
expect_rc 0 "form as of a past date"
fill "old/blankett-sodertalje-2016-fokus-1-2017-06-30.xlsx" old.xlsx J5=Gul "M5=Sent"
refuse old.xlsx "1.1.1 har en senare rapport än blanketten visar: Grön den 2017-11-21 av Anders Berg" "form older than updates dated after it"

# ---- several files: each all or nothing ----------------------------------------------
fill "$F1" good.xlsx J5=Grön "L5=Bra"
run forms import good.xlsx bad.xlsx
expect_rc 1 "one good file, one bad"
expect_out "good.xlsx: blankett" "the good file is reported"
expect_out "Registrerade 1 rapport" "the good file is recorded"
expect_err "bad.xlsx: blad 'Aktiviteter', rad 7" "the bad file is named"
expect_err "1 av 2 blanketter lästes inte in (se ovan); de övriga är registrerade" "summary"
run forms import good.xlsx
expect_out "Inget nytt registrerades: 1 rapport fanns redan" "good file again"

# ---- damaged files -----------------------------------------------------------------
printf 'code,date,status\n1.1.1,2018-01-10,grön\n' > text.xlsx
refuse text.xlsx "text.xlsx: inte en Excel-arbetsbok (.xlsx)" "a text file named .xlsx"
: > empty.xlsx
refuse empty.xlsx "empty.xlsx: inte en Excel-arbetsbok (.xlsx)" "an empty file"
mkdir dir.xlsx
refuse dir.xlsx "'dir.xlsx' är en katalog" "a directory"
refuse missing.xlsx "missing.xlsx" "a missing file"
size=$(stat -c %s "$F2")
for n in 1 30 100 1000 3000 $((size / 2)) $((size - 22)) $((size - 1)); do
    head -c "$n" "$F2" > trunc.xlsx
    refuse trunc.xlsx "trunc.xlsx: " "truncated at $n bytes"
done
# a sound zip whose sheet XML is cut off
"$PY" - "$F2" garbled.xlsx <<'PY'
import sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as zin, zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_DEFLATED) as zout:
    for item in zin.infolist():
        data = zin.read(item.filename)
        if item.filename == "xl/worksheets/sheet2.xml":
            data = data[: len(data) // 2]
        zout.writestr(item, data)
PY
refuse garbled.xlsx "garbled.xlsx: " "cut-off sheet XML"

# random byte flips in a blank form: never a crash, never a change
"$PY" - "$F2" flips <<'PY'
import os, random, sys
data = open(sys.argv[1], "rb").read()
os.makedirs(sys.argv[2])
rnd = random.Random(20180131)
for i in range(80):
    b = bytearray(data)
    for _ in range(rnd.randint(1, 12)):
        b[rnd.randrange(len(b))] = rnd.randrange(256)
    open(os.path.join(sys.argv[2], f"flip{i:02d}.xlsx"), "wb").write(b)
PY
before=$(db_dump)
crashes=0
for f in flips/*.xlsx; do
    run forms import "$f"
    if [ "$RC" -ne 0 ] && [ "$RC" -ne 1 ]; then
        crashes=$((crashes + 1))
        fail "$f: exit status $RC: $ERR"
    elif [ "$RC" -eq 1 ] && ! grep -q "^actionplan: $f: " <<<"$ERR"; then
        fail "$f: the message does not name the file: $ERR"
    fi
done
CHECKS=$((CHECKS + 2))
[ "$crashes" -eq 0 ] || fail "$crashes byte-flipped files crashed the import"
[ "$(db_dump)" = "$before" ] || fail "byte-flipped blank forms changed the database"

finish
