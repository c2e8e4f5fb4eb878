#!/usr/bin/env bash
# An annual report for a year not yet over (issue 15, part 4) says so: its
# cover and its summary carry "Preliminär" (the PDF) and so does the
# workbook's summary; a report for a year that has ended does not.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history

# page N of a PDF (pages are separated by form feeds)
page() { pdftotext "$1" - 2>/dev/null | awk -v n="$2" 'BEGIN{RS="\f"} NR==n'; }
cells() {
    "$PY" - "$1" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for row in wb.worksheets[0].iter_rows(values_only=True):
    print(" ".join(str(v) for v in row if v is not None))
PY
}
has() { CHECKS=$((CHECKS + 1)); grep -qF -- "$2" <<<"$1" || fail "$3 lacks '$2'"; }
lacks() { CHECKS=$((CHECKS + 1)); ! grep -qiF -- "$2" <<<"$1" || fail "$3 has '$2'"; }

run report annual --year 2018 --out now
expect_rc 0 "annual report of the running year"
pdf=now/arsrapport-sodertalje-2016-2018.pdf
has "$(page "$pdf" 1)" "Preliminär" "the cover"
summary=$(pdftotext "$pdf" - 2>/dev/null | awk 'BEGIN{RS="\f"} /Sammanfattning/ && !/Innehåll/')
has "$summary" "Preliminär: året 2018 är inte slut" "the summary"
has "$(cells now/arsrapport-sodertalje-2016-2018.xlsx)" "Preliminär: året 2018 är inte slut" "the workbook's summary"

run report annual --year 2017 --out done
expect_rc 0 "annual report of the year before"
lacks "$(pdftotext done/arsrapport-sodertalje-2016-2017.pdf - 2>/dev/null)" "preliminär" "a finished year's PDF"
lacks "$(cells done/arsrapport-sodertalje-2016-2017.xlsx)" "preliminär" "a finished year's workbook"

# the last day of the year is still in it
ACTIONPLAN_TODAY=2017-12-31 run report annual --year 2017 --out eve
expect_rc 0 "annual report on New Year's Eve"
has "$(page eve/arsrapport-sodertalje-2016-2017.pdf 1)" "Preliminär" "New Year's Eve's cover"

printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini report annual --year 2018 --out en
expect_rc 0 "English"
has "$(page en/arsrapport-sodertalje-2016-2018.pdf 1)" "Preliminary" "the English cover"
has "$(cells en/arsrapport-sodertalje-2016-2018.xlsx)" "Preliminary: the year 2018 has not ended" "the English workbook"
finish
