#!/usr/bin/env bash
# The register's digest is a contract (docs/rules.md, "Reports are registered"): a
# report registered by an earlier version, made again with `report --again`,
# must digest to what it was registered with. The digests below were
# recorded by the version before the data's fixed form was written without
# printf (commit 947745b): the demo plan as run.sh builds it, the steering
# packs of June and December 2017 (the second with the first as its
# previous pack) and the annual reports 2016 and 2017, all made on
# 2026-12-02. A change to any byte the digest reads fails here.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2026-12-02
demo_history
run assessments import "$AP_SRC/plans/sodertalje-2016-assessments.csv"
expect_rc 0 "import demo assessments"

run report steering --as-of 2017-06-30 && expect_rc 0 "steering pack June 2017"
run report steering --as-of 2017-12-15 && expect_rc 0 "steering pack December 2017"
run report annual --year 2016 && expect_rc 0 "annual report 2016"
run report annual --year 2017 && expect_rc 0 "annual report 2017"

# id kind digest, as the register held them
expected="1 steering b910cbca86adb8ffbb1d554374cba59139c50a81461d2936246ad1608300216d
2 steering dfb7cb9dda5e2b39e11f4511568bff3caad0aecb7c1cef97baa64a66c70a8032
3 annual b932ee26847f40022d488f9bdbf8503b9fe68cbc538d78815b1965339ce04664
4 annual 7382fa7cb648c13bfc7c3c3a98e77bfb272facbef0a15a567899eadad9e04dbc"

run report list --json
expect_rc 0 "report list --json"
got=$("$PY" -c '
import json, sys
for r in json.load(sys.stdin)["reports"]:
    print(r["id"], r["kind"], r["digest"])' <<<"$OUT")
CHECKS=$((CHECKS + 1))
[ "$got" = "$expected" ] || fail "the digests changed:
$(diff <(echo "$expected") <(echo "$got"))"

# each is made again from the register and must come out with its digest
# (the second pack reads its previous pack from the register as well)
while read -r id kind _; do
    run report "$kind" --again "$id" --out "again-$id"
    expect_rc 0 "report $kind --again $id"
done <<<"$expected"
CHECKS=$((CHECKS + 1))
[ "$(find again-* -name '*.pdf' | wc -l)" -eq 4 ] || fail "report --again wrote $(find again-* -name '*.pdf' | wc -l) PDFs, expected 4"
finish
