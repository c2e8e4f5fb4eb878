#!/usr/bin/env bash
# Who to chase ("Att påminna", docs/rules.md, "Time"): every active activity that
# is unreported, stale, or overdue without a report since its due date - in
# the steering pack's PDF and workbook alike. Not one that has not started,
# is completed, or was reported after its due date.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31

act() { # code title start due [state]
    printf '[activity %s]\ntitle = %s\nowner = Kontoret\n' "$1" "$2"
    [ -n "$3" ] && printf 'start = %s\n' "$3"
    [ -n "$4" ] && printf 'due = %s\n' "$4"
    [ -n "${5:-}" ] && printf 'state = %s\n' "$5"
    return 0
}
{
    printf '[strategy]\nid = chase\ntitle = Påminnelser\n[focus 1]\ntitle = Fokus\n'
    printf '[initiative 1.1]\ntitle = Insats\n'
    act 1.1.1 "Aldrig rapporterad och försenad" 2017-01-01 2017-10-31
    act 1.1.2 "Startar nästa år" 2018-01-10 2018-06-30
    act 1.1.3 "Försenad, senast rapporterad på slutdatumet" 2017-01-01 2017-09-30
    act 1.1.4 "Försenad men rapporterad efter slutdatumet" 2017-01-01 2017-09-30
    act 1.1.5 "Inaktuell" "" ""
    act 1.1.6 "Aktuell" "" ""
    act 1.1.7 "Genomförd" 2017-01-01 2017-06-30 completed
    act 1.1.8 "Aldrig rapporterad" "" ""
} > plan.ini
cat > h.csv <<'CSV'
code,date,status,cause
1.1.3,2017-09-30,grön,
1.1.4,2017-10-01,röd,Leverantören är sen
1.1.5,2017-06-01,grön,
1.1.6,2017-12-01,grön,
CSV
run init && expect_rc 0 "init"
run import plan.ini && expect_rc 0 "import the plan"
run updates import h.csv && expect_rc 0 "import the history"
run report steering --as-of 2017-12-15 --out out
expect_rc 0 "steering pack"
want="1.1.1 1.1.3 1.1.5 1.1.8"

# The PDF: the codes in the chase section, and each one's reason
pdftotext -layout out/styrgrupp-chase-2017-12-15.pdf pack.txt 2>/dev/null || fail "pdftotext"
sed -n '/^ *Att påminna *$/,/^ *\(Mål och indikatorer\|Aktiviteter per fokusområde\) *$/p' pack.txt > chase.txt
got=$(grep -oE '^ {0,3}1\.1\.[0-9]+ ' chase.txt | tr -d ' ' | sort | tr '\n' ' ' | sed 's/ $//')
CHECKS=$((CHECKS + 1))
[ "$got" = "$want" ] || fail "PDF chase section lists '$got', expected '$want'"
# (a reason may wrap in its cell: compare with the whitespace squeezed)
tr -s ' \n' ' ' < chase.txt > chase1.txt
for reason in "Aldrig rapporterad" "Ingen rapport sedan slutdatum 2017-09-30" "Ingen rapport på 197 dagar"; do
    CHECKS=$((CHECKS + 1))
    grep -qF "$reason" chase1.txt || fail "PDF chase section lacks the reason '$reason'"
done

# The workbook: the follow-up sheet's rows (after the header row)
got=$("$PY" - out/styrgrupp-chase-2017-12-15.xlsx <<'PY'
import re, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1])["Förslag och uppföljning"]
codes = set()
for row in ws.iter_rows(values_only=True):
    for v in row:
        if isinstance(v, str) and re.fullmatch(r"1\.1\.\d+", v):
            codes.add(v)
print(" ".join(sorted(codes)))
PY
)
CHECKS=$((CHECKS + 1))
[ "$got" = "$want" ] || fail "workbook follow-up lists '$got', expected '$want'"

finish
