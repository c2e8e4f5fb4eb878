#!/usr/bin/env bash
# A named pipe (FIFO) given as an input file is refused at once (issue 14,
# item 12): opening one for reading waits for a writer that never comes, so
# the tool hung. Every reader of input files is covered: plan files, CSV
# files, forms and --config. A pipe that already has its writer (process
# substitution, <(...)) is still read, as before.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
before=$(db_dump)
mkfifo f.csv f.ini f.xlsx

# refused MESSAGE COMMAND...: exit 1 within seconds, with the message
refused() {
    local msg=$1
    shift
    OUT=$(timeout 10 "$AP_BIN" "$@" 2>"$T/.stderr")
    RC=$?
    ERR=$(cat "$T/.stderr")
    CHECKS=$((CHECKS + 1))
    [ "$RC" -ne 124 ] || fail "$*: hung on the FIFO"
    expect_rc 1 "$*"
    expect_err "$msg" "$*: message"
}

M="är en namngiven pipe (FIFO), ingen vanlig fil; spara innehållet i en fil och läs den"
refused "'f.csv' $M" updates import f.csv
refused "'f.csv' $M" measures import f.csv
refused "'f.ini' $M" import f.ini
refused "'f.xlsx' $M" forms import f.xlsx
refused "'f.ini' $M" --config f.ini list

printf '[report]\nlanguage = en\n' > config.ini
refused "'f.csv' is a named pipe (FIFO), not a regular file; save its content in a file and read that" updates import f.csv
rm config.ini

CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a refused FIFO changed the database"

# process substitution is a pipe with its writer: read to its end
run updates import <(cat "$AP_SRC/plans/sodertalje-2016-updates.csv")
expect_rc 0 "updates through process substitution"
run --config <(printf '[report]\nlanguage = en\n') list --as-of 2017-01-01
expect_rc 0 "settings through process substitution"
finish
