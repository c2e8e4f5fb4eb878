#!/usr/bin/env bash
# Every command answers --help; usage errors exit 2, user errors exit 1.
source "$(dirname "$0")/lib.sh"

run --help
expect_rc 0 "--help"
expect_out "Användning: actionplan" "top-level help"
commands=$(sed -n 's/^  \([a-z][a-z ]*[a-z]\)  .*/\1/p' <<<"$OUT")
[ -n "$commands" ] || fail "no commands listed in --help"
while read -r cmd; do
    # shellcheck disable=SC2086
    run $cmd --help
    expect_rc 0 "$cmd --help"
    expect_out "Användning: actionplan $cmd" "$cmd --help shows its usage"
    expect_out "--help" "$cmd --help lists --help"
done <<<"$commands"

run --version
expect_rc 0 "--version"
expect_out "actionplan " "version"

run frobnicate
expect_rc 2 "unknown command"
expect_err "okänt kommando 'frobnicate'" "unknown command message"

run updates
expect_rc 2 "half a command"
expect_err "'updates import'" "half a command names the whole"

run list --bogus
expect_rc 2 "unknown option"
expect_err "okänd flagga '--bogus'" "unknown option message"

run show
expect_rc 2 "missing argument"

run list
expect_rc 1 "no database"
expect_err "finns inte: kör 'actionplan init' först" "missing database message"

: > empty.db
run --db empty.db list
expect_rc 1 "an empty file as database"
expect_err "databasen 'empty.db' är tom: kör 'actionplan init' först" "empty database message"
CHECKS=$((CHECKS + 1))
[ ! -s empty.db ] || fail "an empty database file was written to"

demo_db
run report annual --year 99999999999
expect_rc 1 "absurd year"
expect_err "ogiltigt år 99999999999" "absurd year message"
run list --as-of 2016-02-30
expect_rc 1 "impossible date"
expect_err "ogiltigt datum '2016-02-30'" "impossible date message"

run show 9.9.9
expect_rc 1 "unknown code"
expect_err "det finns ingen aktivitet '9.9.9'" "unknown code message"

run list --focus 7
expect_rc 1 "unknown focus"
expect_err "det finns inget fokusområde '7'" "unknown focus message"

# English on request, from the settings
printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini show 9.9.9
expect_rc 1 "unknown code (en)"
expect_err "there is no activity '9.9.9'" "English message"

run --config missing.ini list
expect_rc 1 "a named config file must exist"
expect_err "missing.ini" "missing config named"

printf '[rules]\noverdue = maybe\n' > bad.ini
run --config bad.ini list
expect_rc 1 "bad config value"
expect_err "bad.ini:2: ogiltigt värde 'maybe' för overdue i [rules] (väntade red | yellow | off)" "bad config message"

printf '[rules]\noverdew = red\n' > typo.ini
run --config typo.ini list
expect_rc 1 "unknown config key"
expect_err "typo.ini:2: okänd nyckel 'overdew' i [rules]" "unknown config key message"

finish
