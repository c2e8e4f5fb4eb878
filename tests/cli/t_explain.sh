#!/usr/bin/env bash
# explain: the rule that fired, the score against the thresholds, the
# children that pulled a node down - in Swedish and English.
source "$(dirname "$0")/lib.sh"
demo_history

# The goal rule of docs/rules.md, worked out here from the figures `list
# --json` gives, against the status the program gives, for every goal of
# the demo plan at several dates (the default settings: 90 and 60); and a
# goal's activity count is the number of listed activities that serve it.
goals_hold() {
    "$PY" -c 'import datetime as dt, json, sys
from fractions import Fraction as F
d = json.load(sys.stdin)
as_of = dt.date.fromisoformat(d["as_of"])
day = dt.date.fromisoformat
acts = [a for f in d["focus_areas"] for i in f["initiatives"] for a in i["activities"]]
bad = []
for g in d["goals"]:
    if g["latest"] is None:
        want = "unmeasured"
    else:
        base, target, latest = F(str(g["baseline"])), F(str(g["target"])), F(str(g["latest"]))
        p = (latest - base) / (target - base)
        period = (day(g["target_date"]) - day(g["baseline_date"])).days
        e = min(max(F((day(g["latest_date"]) - day(g["baseline_date"])).days, period), 0), 1)
        if p >= 1:
            want = "green"
        elif g["kind"] == "result":
            want = "yellow" if as_of <= day(g["target_date"]) else "red"
        else:
            want = "green" if 100 * p >= 90 * e else "yellow" if 100 * p >= 60 * e else "red"
        if abs(g["progress"] - float(p)) > 1e-9:
            bad.append((g["code"], "progress", g["progress"], float(p)))
    if g["status"] != want:
        bad.append((g["code"], g["status"], want))
    serving = sum(g["code"] in a["goals"] for a in acts)
    if g["activities"] != serving:
        bad.append((g["code"], "activities", g["activities"], serving))
assert not bad, bad
print(len(d["goals"]))'
}
seen=""
for d in 2016-06-30 2017-12-15 2019-12-31 2023-06-30; do
    run list --json --as-of $d
    CHECKS=$((CHECKS + 1))
    n=$(goals_hold <<<"$OUT") || fail "the goal rule as of $d"
    seen="$seen $n"
done
CHECKS=$((CHECKS + 1))
[ "$seen" = " 6 6 6 6" ] || fail "the demo plan's six goals were not all checked:$seen"

run explain 4.3.1 --as-of 2017-12-15
expect_rc 0 "explain an activity"
expect_out "Status per 2017-12-15: Röd" "status line"
expect_out "Senaste rapporten (regel 3) är från 2017-12-12" "last report rule"
expect_out "Orsak: Integrationen mot ärendesystemet är försenad." "cause"
expect_out "Försenad sedan 2017-10-01 (regel 4): slutdatum 2017-09-30 har passerat" "overdue rule"
expect_out "Senaste beslut i styrgruppen (2017-11-29)" "decision"

run explain 4 --as-of 2017-12-15
expect_rc 0 "explain a focus area"
expect_out "Fokusområde 4" "node label"
# in plain words: what a score and a weight are, the setting after what it means
expect_out "Sammanvägning med viktat medelvärde (rollup.method = average)" "method in words"
expect_out "varje aktivitet ger poäng efter sin status: grön och genomförd 100, gul 50, röd 0" "what a score is"
expect_out "vikt (weight i planfilen, annars 1) säger hur mycket den väger" "what a weight is"
expect_out "1350 / 16 = 84,4 poäng av 100" "the score, rounded (84.375)"
expect_out "Grön kräver minst 80 poäng (rollup.green_min), gul minst 50 (rollup.yellow_min): 84,4 når gränsen för grön → Grön" "thresholds"
expect_no_out "Metod rollup" "no bare setting name"
expect_out "Drar ned:" "pulled down"
expect_out "4.3.1" "the red child named"
expect_out "Ej rapporterade (räknas, vägs inte in): 4.2.5" "unreported named"

run explain 2.1.5 --as-of 2017-12-15
expect_out "genomförd sedan" "completed rule"
expect_out "(regel 2)" "rule 2"

run explain 5.3.3 --as-of 2016-12-01
expect_out "har läget Pausad sedan 2016-09-30" "paused state named"
expect_out "(regel 1)" "rule 1"

# 3.4.3 starts on 2017-01-01 and has no report before: not started (rule 1)
run explain 3.4.3 --as-of 2016-12-31
expect_out "Status per 2016-12-31: Ej aktiv" "not started is not active"
expect_out "startar 2017-01-01 och har ingen rapport ännu (regel 1)" "not started explained"
run explain 3.4.3 --as-of 2017-01-01
expect_out "Status per 2017-01-01: Ej rapporterad" "started on its start date"

run explain plan --as-of 2017-12-15
expect_rc 0 "explain the plan"
expect_out "Planen Utvecklingskraft i Södertälje" "plan label"

printf '[rules]\nstale = yellow\nstale_days = 30\n[rollup]\nmethod = worst\n' > c.ini
run --config c.ini explain 1.5.2 --as-of 2017-12-15
expect_out "Inaktuell sedan" "stale rule"
expect_out "mer än 30 dagar, gränsen för inaktuell (rules.stale_days)" "stale limit in words"
expect_out "Eftersom inaktuella gröna aktiviteter räknas som gula (rules.stale = yellow) blir grönt gult." "stale = yellow explained"
run --config c.ini explain 1 --as-of 2017-12-15
expect_out "Sammanvägning efter den sämsta (rollup.method = worst)" "worst in words"
run --config c.ini explain 4 --as-of 2017-12-15
expect_out "(rollup.method = worst): minst en röd ger röd." "the worst rule that decided"
expect_out "Sammanvägd status per 2017-12-15: Röd" "worst gives red"

# the thresholds said are the ones the roll-up was held against, and the
# verdict is the roll-up's own: 84,4 under a green mark of 85 is yellow
printf '[rollup]\ngreen_min = 85\nyellow_min = 60\n' > t.ini
run --config t.ini explain 4 --as-of 2017-12-15
expect_out "Grön kräver minst 85 poäng (rollup.green_min), gul minst 60 (rollup.yellow_min): 84,4 är under gränsen för grön men når den för gul → Gul" "other thresholds"
expect_out "Sammanvägd status per 2017-12-15: Gul" "status from the same roll-up"
printf '[rollup]\ngreen_min = 95\nyellow_min = 90\n' > t.ini
run --config t.ini explain 4 --as-of 2017-12-15
expect_out "84,4 är under gränsen för gul → Röd" "under yellow"

printf '[report]\nlanguage = en\n' > en.ini
run --config en.ini explain 4 --as-of 2017-12-15
expect_out "Focus area 4" "English node"
expect_out "Green needs at least 80 points (rollup.green_min)" "English thresholds"
expect_out "1350 / 16 = 84.4 points out of 100" "English score, rounded"

run explain 9.9 --as-of 2017-12-15
expect_rc 1 "unknown code"
expect_err "'9.9' är ingen aktivitet" "unknown code message"
finish
