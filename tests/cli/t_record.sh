#!/usr/bin/env bash
# update, state, decide: appended, signed, refused with nothing recorded.
source "$(dirname "$0")/lib.sh"
demo_db
count() { sqlite3 actionplan.db "select (select count(*) from status_update)||'/'||(select count(*) from state_change)||'/'||(select count(*) from decision)"; }

for word in Grön GUL röd green Yellow RED gron; do
    run update 1.1.2 --status "$word" --date 2016-04-01 --by "Anna Ek" --cause "c"
    expect_rc 0 "colour word '$word' accepted"
done
[ "$(count)" = "7/0/0" ] || fail "seven updates appended, got $(count)"
run update 1.1.2 --status blå --date 2016-04-01
expect_rc 1 "invalid colour"
expect_err "ogiltig status 'blå' (väntade grön, gul eller röd)" "invalid colour message"
run update 1.1.2 --status grön --date 2016-02-30
expect_rc 1 "impossible date"
run update 1.1.2 --status grön --date 2999-01-01
expect_rc 1 "future date"
expect_err "ligger i framtiden" "future date message"
run update 7.7.7 --status grön --date 2016-04-01
expect_rc 1 "unknown code"
run update 1.1.2 --status grön --progress 140 --date 2016-04-01
expect_rc 1 "progress out of range"
run update 1.1.2 --status grön --progress tio --date 2016-04-01
expect_rc 1 "progress not a number"
run update 1.1.2 --date 2016-04-01
expect_rc 2 "status missing"
[ "$(count)" = "7/0/0" ] || fail "refusals recorded nothing, got $(count)"

# yellow without a cause: accepted, flagged
run update 1.1.3 --status gul --date 2016-05-01 --by "Anna Ek"
expect_rc 0 "yellow without cause accepted"
expect_out "orsak saknas" "missing cause pointed out"
run list --as-of 2016-05-02
expect_out "[orsak saknas]" "list flags missing cause"

# the life cycle
run state 1.4.2 ongoing --date 2016-03-01 --by "Anna Ek"
expect_rc 0 "decided -> ongoing"
run state 1.4.2 completed --date 2016-10-01 --by "Anna Ek" --note "Galan hölls"
expect_rc 0 "ongoing -> completed"
run state 1.4.2 proposed --date 2016-11-01
expect_rc 1 "completed -> proposed refused"
expect_err "kan inte gå från genomförd till föreslagen" "transition message"
expect_err "från genomförd går: pågående" "transition message lists the way"
run state 1.4.2 paused --date 2016-05-01
expect_rc 0 "a change inserted earlier fits before and after"
run state 1.4.2 cancelled --date 2016-06-01
expect_rc 1 "an earlier change that breaks the later ones is refused"
expect_err "som redan är registrerad, följa" "chain message"
run state 1.4.2 completed --date 2016-10-01
expect_rc 1 "same state again refused on the command line"
run state 1.4.2 finished
expect_rc 1 "unknown state"
run state 1.4.2 Pågående --date 2016-12-01
expect_rc 0 "Swedish state word (reopen)"
[ "$(count)" = "8/4/0" ] || fail "state changes recorded, got $(count)"

# decisions
run decide 1.1.3 --decision "Styrgruppen beslutar om extra resurser." --date 2016-05-10
expect_rc 0 "decision"
run decide 1.1.3 --date 2016-05-10
expect_rc 2 "decision text missing"
run show 1.1.3
expect_out "Beslut   Styrgruppen beslutar om extra resurser. (Styrgruppen)" "decision shown"
expect_out "Orsak saknas" "missing cause in history"

# history is append-only, even for SQL typed by hand
sqlite3 actionplan.db "delete from status_update" 2>/dev/null && fail "history deletable"
sqlite3 actionplan.db "update status_update set status='green'" 2>/dev/null && fail "history updatable"
[ "$(count)" = "8/4/1" ] || fail "history intact, got $(count)"

# an entry's recorded_at is its recording's time to the second, in the
# format the column always had (bound once per recording, not asked of the
# clock for each row)
stamps=$(sqlite3 actionplan.db "select count(*), sum(h.recorded_at = substr(r.recorded_at, 1, 19) || 'Z'
    and h.recorded_at glob '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]T[0-2][0-9]:[0-5][0-9]:[0-5][0-9]Z')
  from (select rec, recorded_at from status_update union all select rec, recorded_at from state_change
        union all select rec, recorded_at from decision union all select rec, recorded_at from measurement
        union all select rec, recorded_at from assessment) h join recording r on r.seq = h.rec")
[ "$stamps" = "13|13" ] || fail "recorded_at is the recording's time to the second: $stamps"

# show in date order, with the whole history
run show 1.4.2 --json
expect_rc 0 "show --json"
"$PY" - <<PYEOF || fail "show --json shape"
import json
d = json.loads('''$OUT''')
assert d["code"] == "1.4.2", d["code"]
assert [c["to"] for c in d["state_changes"]] == ["ongoing", "paused", "completed", "ongoing"], d["state_changes"]
assert [c["from"] for c in d["state_changes"]] == ["decided", "ongoing", "paused", "completed"]
dates = [c["date"] for c in d["state_changes"]]
assert dates == sorted(dates)
assert d["state"] == "ongoing"
PYEOF

finish
