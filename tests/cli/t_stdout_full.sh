#!/usr/bin/env bash
# Output that cannot be written is an error (issue 14, item 11): with
# standard output on a full device every command that prints exits 1 and
# says so on stderr, instead of exiting 0 with its output lost.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_history

MSG="kan inte skriva till standard ut: disken är full"
# full CMD...: run with stdout on /dev/full
full() {
    "$AP_BIN" "$@" >/dev/full 2>"$T/.stderr"
    RC=$?
    ERR=$(cat "$T/.stderr")
    expect_rc 1 "$* > /dev/full"
    expect_err "$MSG" "$* > /dev/full: message"
}

full list
full list --json
full show 4.3.1
full show 4.3.1 --json
full explain 4 --as-of 2017-12-15
full check
full --help
full --version
full list --help
full update 1.1.1 --status grön --date 2018-06-30 --by Eva

# the same commands into a pipe that works are fine
run show 4.3.1 --json
expect_rc 0 "show --json to a pipe"

printf '[report]\nlanguage = en\n' > config.ini
MSG="unable to write to standard output: No space left on device"
full show 4.3.1
finish
