#!/usr/bin/env bash
# A list or steering pack as of a date outside the plan's period ([strategy]
# period = 2016-2022) is made, with a warning on stderr (issue 15, part 4);
# inside the period, nothing is said.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2024-03-01
demo_history

run list --as-of 2015-12-31
expect_rc 0 "list before the period"
expect_err "varning: 2015-12-31 ligger utanför planens period 2016–2022" "list before"
run list --as-of 2023-01-01
expect_rc 0 "list after the period"
expect_err "varning: 2023-01-01 ligger utanför planens period 2016–2022" "list after"
run list --as-of 2016-01-01
CHECKS=$((CHECKS + 1))
[ -z "$ERR" ] || fail "list on the period's first day warns: $ERR"
run list --as-of 2022-12-31 --json
CHECKS=$((CHECKS + 1))
[ -z "$ERR" ] || fail "list on the period's last day warns: $ERR"

run report steering --as-of 2015-06-30 --out r
expect_rc 0 "pack before the period"
expect_err "varning: 2015-06-30 ligger utanför planens period 2016–2022" "pack before"
run report steering --out r
expect_rc 0 "pack today, after the period"
expect_err "varning: 2024-03-01 ligger utanför planens period" "pack of today"
run report steering --as-of 2017-12-15 --out r
CHECKS=$((CHECKS + 1))
[ -z "$ERR" ] || fail "a pack inside the period warns: $ERR"

printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini list --as-of 2015-12-31
expect_err "warning: 2015-12-31 is outside the plan's period 2016–2022" "English"
finish
