#!/usr/bin/env bash
# One vocabulary, in Swedish (issue 15, part 3): every command of
# `actionplan --help`, run over the demo with good and bad input, says what it
# says in Swedish - no English state or colour word, no C library message, no
# English noun, and singular and plural right. The reports and forms it makes
# are read too. JSON output (an English contract) is not collected. English
# mode, the other way round, has no Swedish state or colour word.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
P="$AP_SRC/plans"
ALL="$T/all.txt"
: > "$ALL"

# say ARGS...: run actionplan, append what it printed (stdout and stderr) to $ALL
say() {
    run "$@"
    printf '%s\n%s\n' "$OUT" "$ERR" >> "$ALL"
}

# Text of the PDFs and workbooks in a folder, appended to $ALL.
read_files() {
    local f
    for f in "$1"/*.pdf; do
        [ ! -e "$f" ] || pdftotext -q "$f" - >> "$ALL"
    done
    # the workbooks' cells, one a line; the form's hidden sheet of machine
    # keys is left out
    for f in "$1"/*.xlsx; do
        [ ! -e "$f" ] || "$PY" - "$f" >> "$ALL" <<'PY'
import re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
keys = {"scope", "owner", "scope_value", "as_of", "made_at", "first_row", "activity", "form", "plan"}
for name in z.namelist():
    if name == "xl/sharedStrings.xml" or name.startswith("xl/worksheets/sheet"):
        for cell in re.split(r"<[^>]*>", z.read(name).decode("utf-8")):
            if cell.strip() and cell.strip() not in keys:
                print(cell)
PY
    done
}

# a session with the demo, in Swedish
say init
say import "$P/sodertalje-2016.ini"
say import --dry-run "$P/sodertalje-2016.ini"
say updates import "$P/sodertalje-2016-updates.csv"
say measures import "$P/sodertalje-2016-measures.csv"
say assessments import "$P/sodertalje-2016-assessments.csv"
say list --as-of 2017-12-15
say list --focus 4
say show 4.3.1
say show 1.1.1 --as-of 2016-03-01
say explain 4 --as-of 2017-12-15
say explain plan --as-of 2017-12-15
say explain 4.3 --as-of 2017-12-15
say explain 4.3.1 --as-of 2017-12-15
say log 4.3.1
say log --since 2016-01-01
say update 1.1.2 --status gul --date 2018-01-10 --progress 40 --cause "Sjukdom" \
    --action "Ny plan" --by "Eva" --cost 1000
say show 1.1.2
say state 1.1.3 paused --date 2018-01-10
say state 1.1.3 paused --date 2018-01-11
say state 1.1.4 completed --date 2018-01-10
say state 1.1.4 paused --date 2018-01-11
say update 1.1.4 --status green --date 2018-01-12
say update 1.1.4 --status blue
say state 1.1.4 sleeping
say show 1.1.4
say decide 1.1.2 --decision "Fortsätt" --date 2018-01-12
say assess 1 --period 2017 --text "Gott resultat" --date 2018-01-12
say measure M1 --value 3 --date 2018-01-12
say report steering --as-of 2017-12-15 --out rep
say report annual --year 2017 --out rep
say report annual --year 2016 --out rep
say report steering --again 1 --out again
say report list
say forms export --focus 1 --out forms
say forms export --per-owner --out forms
say check
say backup bk.db
read_files rep
read_files forms

# a history of one entry: "Historik (1 post)"
say show 1.1.1 --as-of 2016-03-20
# one row read, one report recorded
printf 'kod;datum;status\n1.1.5;2018-01-05;grön\n' > one.csv
say updates import one.csv
printf 'mål,datum,värde\nM1,2018-01-05,4\n' > onem.csv
say measures import onem.csv
say show 1.1.5

# bad input: an unknown code, a bad date, missing files, a directory as a file
say show 9.9.9
say update 9.9.9 --status grön
say update 1.1.2 --status grön --date 2018-13-45
say state 1.1.2 pausad --date 2018-02-30
say measure ZZ --value 1
say explain 9
say assess 9 --period 2017 --text x
for cmd in "import" "updates import" "measures import" "assessments import" "forms import"; do
    # shellcheck disable=SC2086
    say $cmd /nonexistent/file.csv
    # shellcheck disable=SC2086
    say $cmd "$T"
done
say --config /nonexistent.ini list
say --db /nonexistent/x.db list
say backup /nonexistent/dir/bk.db
say report steering --as-of 2017-12-15 --out /nonexistent/dir/x
mkdir -p blocked/styrgrupp-sodertalje-2016-2017-11-15.xlsx
say report steering --as-of 2017-11-15 --out blocked
say forms export --focus 1 --out one.csv
say serve --listen nonsense
# a CSV with an error, and a completed activity reported in a CSV
printf 'kod;datum;status\n1.1.2;2018-01-20;blå\n' > bad.csv
say updates import bad.csv
printf 'kod;datum;status\n1.1.4;2018-01-20;grön\n' > done.csv
say updates import done.csv
printf 'kod;datum;status;läge\n1.1.4;2018-01-20;;completed\n' > again.csv
say updates import again.csv

grep_words() { # grep_words DESCRIPTION EXTENDED-REGEX: fail on a match in $ALL
    CHECKS=$((CHECKS + 1))
    local hits
    # a setting quoted with its value, "(rules.overdue = red)", is config.ini's word
    hits=$(sed -E 's/\([a-z_]+\.[a-z_]+ = [a-z]+\)//g' "$ALL" | grep -nE -- "$2" | head -5)
    [ -z "$hits" ] || fail "$1: $hits"
}

# AP_KEEP=FILE keeps what was collected, to read when a check fails
[ -z "${AP_KEEP:-}" ] || cp "$ALL" "$AP_KEEP"

# English in the Swedish output
B='(^|[^[:alnum:]_-])'
E='($|[^[:alnum:]_-])'
grep_words "English state word" "${B}(paused|completed|ongoing|decided|cancelled|proposed)${E}"
grep_words "English colour word" "${B}(green|yellow|red)${E}"
grep_words "English noun" "${B}(owner|spent|rows|reports)${E}"
grep_words "C library message" "No such file|Permission denied|Is a directory|Not a directory|File exists|Read-only file system|No space left"
# plurals
grep_words "plural after 1" "(^|[^0-9.,])1 (rader|rapporter|statusrapporter|poster|aktiviteter|mätvärden|mätningar|bedömningar|lägesändringar|blanketter|fokusområden|insatsområden|ändringar|dagar|fält|gånger)${E}"
grep_words "doubled word" "Bedömning: Bedömning"
# one word for the amount spent, and for the owner
grep_words "spent is Förbrukat" "Utfall"
grep_words "owner is Ansvarig enhet" "${B}Ägare${E}"

# English mode: no Swedish state or colour words. The demo plan's own texts
# are Swedish, so what is looked at is the messages, the labels of `show`
# and `list`, and the reports' cells and lines that are a label alone.
ALL_SV="$ALL"
ALL="$T/all-en.txt"
: > "$ALL"
export ACTIONPLAN_LANG=en
say state 1.1.3 paused --date 2018-01-11
say state 1.1.4 paused --date 2018-01-11
say update 1.1.4 --status green --date 2018-01-12
say state 1.1.4 sleeping
say update 1.1.4 --status blue
say updates import bad.csv
say updates import done.csv
say import /nonexistent/file.ini
run show 1.1.4
grep -E '^(State|Status)' <<<"$OUT" >> "$ALL"
run list --as-of 2017-12-15
grep -oE '● [[:alpha:]]+' <<<"$OUT" >> "$ALL"
STATE_SV='föreslagen|beslutad|pågående|genomförd|pausad|avbruten|Föreslagen|Beslutad|Pågående|Genomförd|Pausad|Avbruten'
COLOR_SV='grön|gul|röd|Grön|Gul|Röd|gröna|gula|röda'
grep_words "Swedish state word in English" "${B}(${STATE_SV})${E}"
grep_words "Swedish colour word in English" "${B}(${COLOR_SV})${E}"
grep_words "Swedish message in English" "kan inte|finns inte|aktivitet"
CHECKS=$((CHECKS + 1))
grep -q "No such file or directory" "$ALL" || fail "English mode says why a file cannot be opened"
: > "$ALL"
say report steering --as-of 2017-12-15 --out rep-en
say report annual --year 2017 --out rep-en
read_files rep-en
grep_words "Swedish label in an English report" "^[[:space:]]*(${STATE_SV}|${COLOR_SV}|Ej rapporterad|Försenad|Fokusområde|Ansvarig enhet|Förbrukat \\(kr\\))[[:space:]]*$"
ALL="$ALL_SV"
finish
