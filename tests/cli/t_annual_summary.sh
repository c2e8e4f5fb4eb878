#!/usr/bin/env bash
# The annual report's summary text says the same figures as the tables on
# its page - in the PDF and in the workbook - in correct Swedish plurals
# ("1 röd, 5 gula", "1 aktivitet", "1 fokusområde").
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history

run report annual --year 2017 --out out
expect_rc 0 "annual report 2017"
pdftotext -layout out/arsrapport-sodertalje-2016-2017.pdf a.txt 2>/dev/null || fail "pdftotext"
# the summary page, from its heading (not the contents line) to the next page
sed -n '/^Sammanfattning *$/,/Sida [0-9]* av/p' a.txt > summary.txt
text=$(sed -n '/^Handlingsplanen/,/^ *$/p' summary.txt | tr -s ' \n' ' ')
# the tables: the whole plan's eight counts, and the states entered in 2017
read -r green yellow red completed unreported excluded _ < <(
    sed -n '/^Hela planen/{n;p}' summary.txt | grep -oE '[0-9]+' | tr '\n' ' ')
total=$((green + yellow + red + completed + unreported + excluded))
entered_completed=$(grep -E '^Nya i läget under' summary.txt | grep -oE '[0-9]+' | sed -n 4p)
CHECKS=$((CHECKS + 1))
[ "$total" -gt 0 ] && [ -n "$entered_completed" ] || fail "test setup: tables not found: $(cat summary.txt)"

for want in "hade $total aktiviteter i 5 fokusområden" \
            "Under 2017 genomfördes $entered_completed aktiviteter" \
            "avvek $((red + yellow)) aktiviteter från planen (1 röd, 5 gula)" \
            "och $unreported hade ännu inte rapporterats"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$want" <<<"$text" || fail "PDF summary lacks '$want': $text"
done
CHECKS=$((CHECKS + 1))
[ "$total" -eq 59 ] || fail "the whole plan's row counts $total activities, expected the demo's 59"

# The workbook's summary sheet carries the same sentence
sheet=$("$PY" -c 'import sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Sammanfattning"]
print(" ".join(str(c) for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)))' \
    out/arsrapport-sodertalje-2016-2017.xlsx)
for want in "hade $total aktiviteter i 5 fokusområden" "(1 röd, 5 gula)"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$want" <<<"$sheet" || fail "workbook summary lacks '$want': $sheet"
done

# Singular: a plan of one focus area and one activity, red, completed during
# the year by nobody
cat > one.ini <<'INI'
[strategy]
id = one
title = Satsningen
[focus 1]
title = Fokus
[initiative 1.1]
title = Insats
[activity 1.1.1]
title = Den enda
owner = Kontoret
due = 2017-06-30
INI
printf 'code,date,status,cause\n1.1.1,2017-03-01,gul,Sen start\n' > one.csv
run --db one.db init && run --db one.db import one.ini && expect_rc 0 "import one"
run --db one.db updates import one.csv
expect_rc 0 "one report"
expect_out "Läste 1 rad: registrerade 1 rapport, 0 lägesändringar och 0 beslut" "'1 rad', '1 rapport'"
run --db one.db report annual --year 2017 --out one
expect_rc 0 "annual report of one"
pdftotext -layout one/arsrapport-one-2017.pdf one.txt 2>/dev/null || fail "pdftotext one"
text=$(sed -n '/^Sammanfattning *$/,/Sida [0-9]* av/p' one.txt | sed -n '/^Handlingsplanen/,/^ *$/p' | tr -s ' \n' ' ')
for want in "hade 1 aktivitet i 1 fokusområde" "genomfördes 0 aktiviteter" \
            "avvek 1 aktivitet från planen (1 röd, 0 gula)"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$want" <<<"$text" || fail "PDF summary of one lacks '$want': $text"
done

finish
