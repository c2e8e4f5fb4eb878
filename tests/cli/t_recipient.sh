#!/usr/bin/env bash
# [report] recipient (issue 15, part 4): whom the annual report is for, the
# same words in the PDF (cover, header) and the workbook (summary, header);
# by default kommunstyrelsen, in English the municipal executive board; kept
# in the register, so --again makes the same title after the setting changed.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history

# every text of the annual report: the PDF's words and every workbook cell
texts() {
    pdftotext "$1.pdf" - 2>/dev/null
    "$PY" - "$1.xlsx" <<'PY'
import sys, openpyxl
wb = openpyxl.load_workbook(sys.argv[1])
for ws in wb.worksheets:
    print(ws.oddHeader.right.text or "", ws.oddHeader.center.text or "")
    for row in ws.iter_rows(values_only=True):
        print(" ".join(str(v) for v in row if v is not None))
PY
}
# check_titles DIR TITLE: the PDF and the workbook both carry TITLE
check_titles() {
    local all pdf
    pdf=$(pdftotext "$1/arsrapport-sodertalje-2016-2017.pdf" - 2>/dev/null)
    all=$(texts "$1/arsrapport-sodertalje-2016-2017")
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$2" <<<"$pdf" || fail "$1: the PDF lacks '$2'"
    CHECKS=$((CHECKS + 1))
    [ "$(grep -cF -- "$2" <<<"${all#"$pdf"}")" -ge 2 ] || fail "$1: the workbook lacks '$2' (summary and header)"
    # the plan's own texts may name a board; the report's titles are checked
    local titles
    titles=$(grep -E "(Årsrapport|Annual report) 2017 (till|to) |^(till|to) " <<<"$all")
    for other in "to the council" "kommunstyrelsen" "executive board" "kommunfullmäktige"; do
        case "$2" in *"$other"*) continue ;; esac
        CHECKS=$((CHECKS + 1))
        ! grep -qF -- "$other" <<<"$titles" || fail "$1: '$other' beside '$2'"
    done
}

run report annual --year 2017 --out sv
expect_rc 0 "annual report, default recipient"
check_titles sv "Årsrapport 2017 till kommunstyrelsen"

printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini report annual --year 2017 --out en
expect_rc 0 "annual report in English"
check_titles en "Annual report 2017 to the municipal executive board"

printf '[report]\nrecipient = kommunfullmäktige\n' > kf.ini
run --config kf.ini report annual --year 2017 --out kf
expect_rc 0 "annual report to the council"
check_titles kf "Årsrapport 2017 till kommunfullmäktige"
id=$(sqlite3 actionplan.db "select max(id) from report_run")

run report annual --again "$id" --out again
expect_rc 0 "again without the setting"
check_titles again "Årsrapport 2017 till kommunfullmäktige"

printf '[report]\nrecipient =\n' > empty.ini
run --config empty.ini list
expect_rc 1 "an empty recipient is refused"
expect_err "recipient" "names the key"
finish
