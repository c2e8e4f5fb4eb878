#!/usr/bin/env bash
# bench/gen.py makes plans and histories the tool imports cleanly, the same
# bytes from the same seed; the benchmark's peer (bench/peer.py) computes the
# statuses `list --json` computes. Speed is measured by bench/run.sh, never here.
source "$(dirname "$0")/lib.sh"
GEN="$AP_SRC/bench/gen.py"
meta() { "$PY" -c "import json,sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])" "$1" "$2"; }

"$PY" "$GEN" --activities 300 --years 2 --seed 7 --out a >/dev/null || fail "generator ran"
"$PY" "$GEN" --activities 300 --years 2 --seed 7 --out b >/dev/null || fail "generator ran again"
CHECKS=$((CHECKS + 1))
[ "$(cat a/plan.ini a/updates.csv a/measures.csv | sha256sum)" = \
  "$(cat b/plan.ini b/updates.csv b/measures.csv | sha256sum)" ] || fail "same seed, same bytes"
"$PY" "$GEN" --activities 300 --years 2 --seed 8 --out c >/dev/null
CHECKS=$((CHECKS + 1))
cmp -s a/updates.csv c/updates.csv && fail "another seed, another history"
CHECKS=$((CHECKS + 1))
long=$(LC_ALL=C awk 'length($0) >= 199 { n++ } END { print n + 0 }' a/plan.ini)  # bytes, not characters
[ "$long" = 0 ] || fail "$long plan lines of 199 bytes or more"

cd a
printf '[database]\npath = bench.db\n[report]\noutput_dir = out\n' > config.ini
run init && expect_rc 0 "init"
run import plan.ini
expect_rc 0 "generated plan imports"
expect_out "300 aktiviteter, 8 mål" "every activity and goal"
run updates import updates.csv
expect_rc 0 "generated history imports"
expect_out "registrerade $(meta meta.json update_rows) rapporter, $(meta meta.json state_changes) lägesändringar och $(meta meta.json decisions) beslut" \
    "every row recorded"
run measures import measures.csv
expect_rc 0 "generated measurements import"
expect_out "registrerade $(meta meta.json measurements) mätvärden" "every measurement recorded"
run updates import updates.csv
expect_out "registrerade 0 rapporter" "importing again records nothing"
run list --json --as-of 2025-12-31
expect_rc 0 "list"
"$PY" -c '
import json, sys
c = json.load(sys.stdin)["counts"]
assert c["green"] > c["yellow"] > 0 and c["red"] > 0 and c["completed"] > 0, c
assert c["unreported"] > 0 and c["excluded"] > 0 and c["stale"] > 0 and c["overdue"] > 0, c
' <<<"$OUT" || fail "a realistic mix: mostly green, some of every other kind ($(head -c 300 <<<"$OUT"))"
CHECKS=$((CHECKS + 1))
"$PY" "$AP_SRC/bench/check_peer.py" --bin "$AP_BIN" --dir . --as-of 2025-12-31 --since 2025-10-01 >peer.txt \
    || fail "the peer's statuses differ from the tool's: $(cat peer.txt)"
CHECKS=$((CHECKS + 1))
"$PY" "$AP_SRC/bench/check_peer.py" --bin "$AP_BIN" --dir . --as-of 2024-07-15 --since 2024-04-01 >peer.txt \
    || fail "the peer's statuses differ from the tool's mid-history: $(cat peer.txt)"
cd ..

# several plans in one database (the benchmark's region case)
"$PY" "$GEN" --activities 20 --plans 2 --out r >/dev/null || fail "region generator ran"
cd r
run init
run import plan-001.ini plan-002.ini
expect_rc 0 "two generated plans import together"
run --plan region-002 updates import updates-002.csv
expect_rc 0 "a region plan's history imports"
finish
