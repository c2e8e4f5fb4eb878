#!/usr/bin/env bash
# Files from many hands, broken in every way: empty, only a BOM or blank
# lines, binary, an Excel workbook, UTF-16, Windows-1252, a directory, a
# device, a missing or unreadable file, for each command that reads a file
# (import, updates import, measures import, --config). Each is refused with
# its one-line message naming the file and exit 1, never a crash, and the
# database is unchanged.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
before=$(db_dump)

: > empty.txt
printf '\xef\xbb\xbf' > bom.txt
printf '\n   \n\t\n' > blank.txt
"$PY" -c 'import random, sys; random.seed(9); sys.stdout.buffer.write(bytes(random.randrange(256) for _ in range(4096)))' > random.bin
cp "$(type -P true)" program.bin
"$PY" - <<'PY'
import zipfile
with zipfile.ZipFile("workbook.xlsx", "w") as z:
    z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
    z.writestr("xl/workbook.xml", '<?xml version="1.0"?><workbook/>')
PY
printf 'code;date;status\r\n1.1.1;2018-01-01;gr\xf6n\r\n' > ansi.txt
"$PY" -c 'import sys; sys.stdout.buffer.write("code,date,status\n1.1.1,2018-01-01,grön\n".encode("utf-16"))' > utf16.txt
mkdir folder.txt

# expect_refused MESSAGE COMMAND...: exit 1, the message, no crash
expect_refused() {
    local msg=$1
    shift
    run "$@"
    expect_rc 1 "$*"
    expect_err "$msg" "$*: message"
    CHECKS=$((CHECKS + 1))
    ! grep -q "Sanitizer\|runtime error\|Segmentation\|Aborted" <<<"$ERR" || fail "$*: crashed: $ERR"
}

# --- plan files -------------------------------------------------------------
expect_refused "empty.txt: sektionen [strategy] saknas (med id och title)" import empty.txt
expect_refused "bom.txt: sektionen [strategy] saknas" import bom.txt
expect_refused "blank.txt: sektionen [strategy] saknas" import blank.txt
expect_refused "random.bin:1:" import random.bin
expect_refused "program.bin:1:" import program.bin
expect_refused "workbook.xlsx:1:" import workbook.xlsx
expect_refused "utf16.txt:1:1: ogiltig UTF-8: spara filen som UTF-8" import utf16.txt
expect_refused "ansi.txt:2:" import ansi.txt
expect_refused "'folder.txt' är en katalog, inte en fil" import folder.txt
expect_refused "kan inte öppna 'saknas.ini'" import saknas.ini
expect_refused "sodertalje-2016-updates.csv:1: väntade 'nyckel = värde', '[sektion]' eller en kommentarsrad" import "$AP_SRC/plans/sodertalje-2016-updates.csv"

# --- updates and measures ---------------------------------------------------
for kind in updates measures; do
    cmd="$kind import"
    good="$AP_SRC/plans/sodertalje-2016-$kind.csv"
    # shellcheck disable=SC2086
    {
        expect_refused "empty.txt: filen är tom (väntade en rubrikrad)" $cmd empty.txt
        expect_refused "bom.txt: filen är tom (väntade en rubrikrad)" $cmd bom.txt
        expect_refused "blank.txt:2:1: rubrikraden saknar kolumnnamn" $cmd blank.txt
        expect_refused "random.bin:" $cmd random.bin
        expect_refused "program.bin:1:" $cmd program.bin
        expect_refused "workbook.xlsx: filen är en Excel-arbetsbok, inte en CSV-fil; spara den som \"CSV UTF-8\" i Excel" $cmd workbook.xlsx
        expect_refused "utf16.txt: filen är sparad som UTF-16; spara den som \"CSV UTF-8\" i Excel" $cmd utf16.txt
        expect_refused "ansi.txt:2:" $cmd ansi.txt
        expect_refused "'folder.txt' är en katalog, inte en fil" $cmd folder.txt
        expect_refused "kan inte öppna 'saknas.csv'" $cmd saknas.csv
        expect_refused "sodertalje-2016.ini:" $cmd "$AP_SRC/plans/sodertalje-2016.ini"
        # one bad file among good ones: nothing of the good one is recorded
        expect_refused "empty.txt: filen är tom" $cmd "$good" empty.txt
    }
done
expect_refused "ansi.txt:2:20: ogiltig UTF-8 (byte 0xF6, som är 'ö' i Windows-1252); spara filen som \"CSV UTF-8\" i Excel" updates import ansi.txt

# --- settings ---------------------------------------------------------------
expect_refused "random.bin:" --config random.bin list
expect_refused "'folder.txt' är en katalog, inte en fil" --config folder.txt list
expect_refused "kan inte öppna 'saknas.ini'" --config saknas.ini list
printf '[rules]\nstale_days = 2016-02-30\n' > days.ini
expect_refused "days.ini:2: ogiltigt värde '2016-02-30' för stale_days i [rules] (väntade 1-3650)" --config days.ini list

# --- devices: they never end (a /dev/zero would fill the memory) -------------
if mknod zero c 1 5 2>/dev/null && mknod null c 1 3 2>/dev/null; then
    # Bounded in time and (outside the sanitizers) memory, should reading a
    # device ever begin again.
    # (256 MiB are read before the refusal: slow under the sanitizers)
    limit="ulimit -v 1000000;" seconds=10
    if grep -q '^AP_SANITIZE:BOOL=ON' "${AP_BUILD:-.}/CMakeCache.txt" 2>/dev/null; then
        limit="" seconds=120
    fi
    printf '#!/usr/bin/env bash\n%s exec timeout %s "%s" "$@"\n' "$limit" "$seconds" "$AP_BIN" > bounded
    chmod +x bounded
    bin=$AP_BIN
    AP_BIN=./bounded
    for cmd in "import" "updates import" "measures import"; do
        # shellcheck disable=SC2086
        expect_refused "'zero' är ingen vanlig fil och tar inte slut (över 256 MiB)" $cmd zero
    done
    expect_refused "'zero' är ingen vanlig fil" --config zero list
    AP_BIN=$bin
    expect_refused "'null' är ingen vanlig fil och kan inte vara en databas" --db null list
    expect_refused "'null' är ingen vanlig fil och kan inte vara en databas" --db null init
    expect_refused "'zero' är ingen vanlig fil och kan inte vara en databas" --db zero check
    CHECKS=$((CHECKS + 1))
    [ -z "$(ls null-* zero-* 2>/dev/null)" ] || fail "files written beside a device: $(ls null-* zero-*)"
else
    echo "skipped: the device cases need mknod (root in a system that allows it)"
fi
# /dev/null is an empty file: as settings, every default
run --config /dev/null list --as-of 2017-01-01
expect_rc 0 "--config /dev/null"
# a pipe is read to its end: process substitution works
run import <(cat "$AP_SRC/plans/sodertalje-2016.ini")
expect_rc 0 "a plan through a pipe"
expect_out "inga ändringar" "the same plan through a pipe"
before=$(db_dump)

# --- unreadable -------------------------------------------------------------
cp "$AP_SRC/plans/sodertalje-2016-updates.csv" locked.csv
chmod 000 locked.csv
if [ "$(id -u)" -eq 0 ]; then
    echo "skipped: an unreadable file (chmod 000) cannot be tested as root, who reads it anyway"
else
    expect_refused "kan inte öppna 'locked.csv'" updates import locked.csv
fi
chmod 644 locked.csv

CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a refused file changed the database"
finish
