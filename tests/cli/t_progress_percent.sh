#!/usr/bin/env bash
# update --progress takes what CSV and forms take: 60, "60%", "60 %" (issue 15).
. "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-01-31
demo_history
for p in 60% "70 %" 80; do
    run update 1.1.2 --status grön --progress "$p" --date 2018-01-10 --comment "p $p"
    expect_rc 0 "--progress '$p'"
    run show 1.1.2 --json
    CHECKS=$((CHECKS + 1))
    want=${p%%[ %]*}
    "$PY" -c 'import json,sys; u=json.load(sys.stdin)["updates"][-1]; sys.exit(u["progress"] != int(sys.argv[1]))' "$want" <<<"$OUT" ||
        fail "--progress '$p' was not recorded as $want"
done
run update 1.1.2 --status grön --progress 101%
expect_rc 1 "101 % is refused"
expect_err "ogiltig --progress '101%'" "names it"
run update 1.1.2 --status grön --progress 6x
expect_rc 1 "6x is refused"
finish
