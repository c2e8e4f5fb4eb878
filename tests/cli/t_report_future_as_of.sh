#!/usr/bin/env bash
# `report steering --as-of` in the future is refused like every other date
# that is recorded (issue 14, item 14): the pack is registered in the
# database, and a pack of a day that has not come would be a false record.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
demo_db
before=$(db_dump)

run report steering --as-of 2099-01-01 --out out
expect_rc 1 "steering pack in the future"
expect_err "--as-of 2099-01-01 ligger i framtiden (i dag är det 2018-06-30)" "message"
CHECKS=$((CHECKS + 1))
[ ! -e out ] || [ -z "$(ls -A out)" ] || fail "files written for a future pack: $(ls out)"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "the future pack was registered"

# the same words as forms export, from the same helper
run forms export --as-of 2099-01-01 --out out
expect_rc 1 "forms in the future"
expect_err "--as-of 2099-01-01 ligger i framtiden (i dag är det 2018-06-30)" "forms message"

# today is fine
run report steering --as-of 2018-06-30 --out out
expect_rc 0 "steering pack as of today"

printf '[report]\nlanguage = en\n' > config.ini
run report steering --as-of 2018-07-01 --out out
expect_rc 1 "steering pack tomorrow (English)"
expect_err "--as-of 2018-07-01 is in the future (today is 2018-06-30)" "English message"
finish
