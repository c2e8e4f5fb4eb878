#!/usr/bin/env bash
# Above [report] pdf_list_max activities the PDFs list only those that need
# attention (yellow, red, overdue, stale, unreported, recorded late) and say
# so, with what each focus area leaves out; the workbook keeps them all.
# Both sides of the limit, on the demo (59 activities): 60 lists all, 40 the
# attention list, checked against `list --json`.
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
run list --json --as-of 2017-12-15
echo "$OUT" >list.json
# codes_needing_attention / codes_active: from list --json, independently
want() {
    "$PY" - "$1" <<'PY'
import json, sys
d = json.load(open("list.json"))
acts = [a for f in d["focus_areas"] for i in f["initiatives"] for a in i["activities"]]
active = [a for a in acts if a["status"] != "excluded"]
if sys.argv[1] == "attention":
    active = [a for a in active if a["status"] in ("yellow", "red", "unreported")
              or a["overdue"] or a["stale"]]
print(" ".join(sorted(a["code"] for a in active)))
PY
}
# listed PDF: the codes in the section "Aktiviteter per fokusområde"
listed() {
    pdftotext -layout "$1" - 2>/dev/null | sed -n '/^Aktiviteter per fokusområde *$/,$p' |
        grep -oE '^ {0,3}[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' ' | sort -u | tr '\n' ' ' | sed 's/ $//'
}
for max in 60 40; do
    printf '[report]\npdf_list_max = %s\n' "$max" >config.ini
    run report steering --as-of 2017-12-15 --out "r$max"
    expect_rc 0 "pack with pdf_list_max = $max"
done
CHECKS=$((CHECKS + 1))
[ "$(listed r60/styrgrupp-sodertalje-2016-2017-12-15.pdf)" = "$(want all)" ] ||
    fail "under the limit the PDF lists every active activity"
CHECKS=$((CHECKS + 1))
! pdftotext r60/styrgrupp-sodertalje-2016-2017-12-15.pdf - 2>/dev/null | grep -q "behöver uppmärksamhet" ||
    fail "under the limit the PDF says it leaves something out"
CHECKS=$((CHECKS + 1))
[ "$(listed r40/styrgrupp-sodertalje-2016-2017-12-15.pdf)" = "$(want attention)" ] ||
    fail "over the limit the PDF lists $(listed r40/styrgrupp-sodertalje-2016-2017-12-15.pdf), expected $(want attention)"
text=$(pdftotext r40/styrgrupp-sodertalje-2016-2017-12-15.pdf - 2>/dev/null | tr -s ' \n' ' ')
CHECKS=$((CHECKS + 1))
grep -qF "Planen har $(wc -w <<<"$(want all)") aktiviteter, fler än 40: här står bara de som behöver uppmärksamhet" <<<"$text" ||
    fail "the PDF does not say why the list is short"
CHECKS=$((CHECKS + 1))
grep -qE "Här står inte [0-9]+ aktivitet(er)? utan anmärkning" <<<"$text" || fail "no count of what a focus area leaves out"
# the counts of what is left out add up
left=$(( $(grep -oE "Här står inte [0-9]+" <<<"$text" | grep -oE '[0-9]+' | paste -sd+) ))
CHECKS=$((CHECKS + 1))
[ "$left" -eq $(( $(wc -w <<<"$(want all)") - $(wc -w <<<"$(want attention)") )) ] ||
    fail "left out per focus area adds up to $left"
# the change list: over the limit the reports that kept their colour are left
# to the workbook, and the PDF says how many; under it they are listed
changes_text() { pdftotext -layout "$1" - 2>/dev/null | sed -n '/^Ändringar sedan [0-9-]* *$/,/^Att påminna *$/p'; }
same_colour() { grep -cE "(Grön → Grön|Gul → Gul|Röd → Röd)" <<<"$(changes_text "$1")"; }
CHECKS=$((CHECKS + 1))
[ "$(same_colour r60/styrgrupp-sodertalje-2016-2017-12-15.pdf)" -gt 0 ] ||
    fail "under the limit the change list lacks the reports that kept their colour"
CHECKS=$((CHECKS + 1))
[ "$(same_colour r40/styrgrupp-sodertalje-2016-2017-12-15.pdf)" -eq 0 ] ||
    fail "over the limit the change list still has reports that kept their colour"
CHECKS=$((CHECKS + 1))
changes_text r40/styrgrupp-sodertalje-2016-2017-12-15.pdf | tr -s ' \n' ' ' |
    grep -qE "Planen är stor: [0-9]+ rapporter som inte ändrade färg står bara i arbetsboken" ||
    fail "over the limit the change list does not say what it leaves out"

# the workbook keeps every activity
CHECKS=$((CHECKS + 1))
"$PY" - r40/styrgrupp-sodertalje-2016-2017-12-15.xlsx "$(want all)" <<'PY' || fail "the workbook lacks activities"
import sys
import openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
ws = wb[wb.sheetnames[1]]
codes = {str(c.value) for c in ws["A"] if c.value and str(c.value)[:1].isdigit() and str(c.value).count(".") == 2}
sys.exit(0 if set(sys.argv[2].split()) <= codes else 1)
PY
# the annual report: appendix and focus-area sections
printf '[report]\npdf_list_max = 40\n' >config.ini
run report annual --year 2017 --out a40
expect_rc 0 "annual report over the limit"
CHECKS=$((CHECKS + 1))
pdftotext a40/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null | grep -q "Bilaga: aktiviteter som behöver uppmärksamhet 2017" ||
    fail "the annual appendix does not say it lists only what needs attention"
printf '[report]\npdf_list_max = 1000\n' >config.ini
run report annual --year 2017 --out a1000
CHECKS=$((CHECKS + 1))
pdftotext a1000/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null | grep -q "Bilaga: alla aktiviteter 2017" ||
    fail "under the limit the appendix has every activity"
# the annual report's focus-area sections say it too, and what each leaves out
atext=$(pdftotext a40/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null | tr -s ' \n' ' ')
CHECKS=$((CHECKS + 1))
grep -qE "Planen har [0-9]+ aktiviteter, fler än 40: här står bara de som behöver uppmärksamhet" <<<"$atext" ||
    fail "the annual report does not say why its lists are short"
CHECKS=$((CHECKS + 1))
[ "$(grep -oE "Här står inte [0-9]+ aktivitet(er)? utan anmärkning" <<<"$atext" | wc -l)" -eq \
  "$(grep -oE "Fokusområde [0-9]+:" <<<"$(pdftotext -layout a40/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null | grep -E '^ {0,3}Fokusområde [0-9]+:')" | sort -u | wc -l)" ] ||
    fail "not every focus area of the annual report says how many it leaves out"
CHECKS=$((CHECKS + 1))
! pdftotext a1000/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null | tr -s ' \n' ' ' |
    grep -qE "behöver uppmärksamhet|Här står inte" ||
    fail "under the limit the annual report says it leaves something out"
# over the limit the appendix lists only what needs attention (on 31 December)
run list --json --as-of 2017-12-31
echo "$OUT" >list-dec.json
appendix() {
    pdftotext -layout "$1" - 2>/dev/null | sed -n '/^Bilaga: [^.]*$/,$p' |
        grep -oE '^ {0,3}[0-9]+\.[0-9]+\.[0-9]+ ' | tr -d ' ' | sort -u
}
CHECKS=$((CHECKS + 1))
"$PY" - "$(appendix a40/arsrapport-sodertalje-2016-2017.pdf)" "$(appendix a1000/arsrapport-sodertalje-2016-2017.pdf)" <<'PY' ||
import json, sys
d = json.load(open("list-dec.json"))
acts = {a["code"]: a for f in d["focus_areas"] for i in f["initiatives"] for a in i["activities"]}
short, full = set(sys.argv[1].split()), set(sys.argv[2].split())
need = {c for c, a in acts.items() if a["status"] in ("yellow", "red", "unreported")
        or a["overdue"] or a["stale"]}
# the short appendix: those of the full one that need attention (the
# year's report has no late entries: those are news for a pack)
sys.exit(0 if short and short < full and short == full & need else 1)
PY
    fail "over the limit the annual appendix is not the full one's activities that need attention"
finish
