#!/usr/bin/env bash
# --help follows [report] language (issue 15, part 4), for the program and
# for each command, whether config.ini is found by default or named with
# --config (before or after --help); ACTIONPLAN_LANG=sv|en overrides the
# setting for everything a command says.
source "$(dirname "$0")/lib.sh"
unset ACTIONPLAN_LANG
printf '[report]\nlanguage = en\n' > config.ini
printf '[report]\nlanguage = sv\n' > sv.ini

run --help
expect_rc 0 "help"
expect_out "Usage: actionplan" "program help in English from config.ini"
run list --help
expect_out "the picture as of this date" "command help in English from config.ini"
run --config sv.ini --help
expect_out "Användning: actionplan" "program help in Swedish from --config"
run --config sv.ini list --help
expect_out "läget per detta datum" "command help in Swedish from --config"
run --help --config sv.ini
expect_out "Användning: actionplan" "--config after --help"
run nosuchcommand
expect_rc 2 "unknown command"
expect_err "unknown command 'nosuchcommand'" "usage error in English from config.ini"

# the environment overrides the setting, for help and for messages
ACTIONPLAN_LANG=sv run --help
expect_out "Användning: actionplan" "ACTIONPLAN_LANG=sv over language = en"
ACTIONPLAN_LANG=sv run show 9.9.9
expect_err "databasen 'actionplan.db' finns inte" "ACTIONPLAN_LANG=sv for messages"
ACTIONPLAN_LANG=en run --config sv.ini list --help
expect_out "the picture as of this date" "ACTIONPLAN_LANG=en over language = sv"

# a broken config.ini does not stop help
printf '[report]\nlanguage = fi\n' > bad.ini
run --config bad.ini --help
expect_rc 0 "help with a bad config"
expect_out "Användning: actionplan" "help in the default language"
finish
