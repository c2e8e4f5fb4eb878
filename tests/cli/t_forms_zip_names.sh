#!/usr/bin/env bash
# A workbook whose zip holds one name twice - exactly, or differing only in
# case - is refused (issue 14, item 13). libzip took the first match
# ignoring case, while LibreOffice and openpyxl show another entry: the
# import recorded Gul where the lead saw and sent Röd.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history

run forms export --focus 1 --out ut
expect_rc 0 "export"
F=$(ls ut/*.xlsx)

"$PY" - "$F" <<'PY'
import sys, zipfile, warnings
import openpyxl
src = sys.argv[1]
for name, colour in (("red.xlsx", "Röd"), ("yellow.xlsx", "Gul")):
    wb = openpyxl.load_workbook(src)
    wb["Aktiviteter"]["J5"] = colour
    wb["Aktiviteter"]["L5"] = "orsak"
    wb.save(name)
red = zipfile.ZipFile("red.xlsx")
yellow = zipfile.ZipFile("yellow.xlsx")
differ = [n for n in red.namelist() if red.read(n) != yellow.read(n)]
assert len(differ) == 1, differ
sheet = differ[0]
warnings.simplefilter("ignore")  # zipfile warns about the duplicate name
def write(dest, first_name):
    with zipfile.ZipFile(dest, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr(first_name, yellow.read(sheet))
        for n in red.namelist():
            z.writestr(n, red.read(n))
write("dup.xlsx", sheet)
write("case.xlsx", sheet.replace("sheet", "Sheet"))
# what the other readers see: Röd
for f in ("dup.xlsx",):
    assert openpyxl.load_workbook(f)["Aktiviteter"]["J5"].value == "Röd"
print(sheet)
PY
[ $? -eq 0 ] || { fail "making the workbooks"; finish; exit 1; }

before=$(db_dump)
for f in dup.xlsx case.xlsx; do
    run forms import "$f"
    expect_rc 1 "$f"
    expect_err "$f: inte en Excel-arbetsbok (.xlsx): namnet 'xl/worksheets/" "$f: message"
    expect_err "finns två gånger i zip-arkivet" "$f: message"
    CHECKS=$((CHECKS + 1))
    [ "$(db_dump)" = "$before" ] || fail "$f: the database changed"
done
printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini forms import dup.xlsx
expect_err "dup.xlsx: not an Excel workbook (.xlsx): the name 'xl/worksheets/" "English message"
expect_err "is in the zip archive twice" "English message"

# the honest workbook records what its lead wrote
run forms import red.xlsx
expect_rc 0 "red.xlsx"
expect_out "Röd" "red.xlsx records Röd"
finish
