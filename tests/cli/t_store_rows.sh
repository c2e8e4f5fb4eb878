#!/bin/bash
# Issue 16: one reader of the plan's structure (ap_store_read_plan) serves
# both the import's diff and the snapshot. A plan file whose initiative
# areas are not in focus-area order re-imports with no change and lists in
# plan order; the lists (participants, goals, SDGs) come back whole; a state
# set by the file, and a removal, are read back by the diff as they were
# written; a value changed behind the schema's back is refused by the import
# too, naming table, row and column, and nothing is written.
. "$(dirname "$0")/lib.sh"

cat > plan.ini <<'PLAN'
[strategy]
id    = ordning
title = Ordning i planen

[goal M1]
title         = Mål ett
kind          = result
baseline      = 0
baseline_date = 2016-01-01
target        = 10
target_date   = 2020-12-31

[focus 1]
title = Första fokusområdet

[focus 2]
title = Andra fokusområdet

[initiative 2.1]
title = Andra områdets insats

[activity 2.1.1]
title       = Aktivitet två
owner       = Ägare Två
participant = Åsa
participant = Örjan
goals       = M1
sdg         = 17, 3
state       = ongoing

[initiative 1.1]
title = Första områdets insats

[activity 1.1.2]
title = Aktivitet ett b
owner = Ägare Ett

[activity 1.1.1]
title = Aktivitet ett a
owner = Ägare Ett
PLAN

run init && expect_rc 0 "init"
run import plan.ini
expect_rc 0 "first import"
run import plan.ini
expect_rc 0 "the same file again"
expect_out "inga ändringar" "the diff reads back what was written, in the file's order"

# the snapshot reads the same rows in plan order: focus 1 before 2, and the
# activities of 1.1 in the file's order
run list
expect_rc 0 "list"
order=$(grep -oE '^ {0,6}[0-9]+(\.[0-9]+)*' <<<"$OUT" | tr -d ' ' | tr '\n' ' ')
CHECKS=$((CHECKS + 1))
[ "$order" = "1 1.1 1.1.2 1.1.1 2 2.1 2.1.1 " ] || fail "plan order: '$order'"

run show 2.1.1 --json
expect_rc 0 "show --json"
CHECKS=$((CHECKS + 1))
"$PY" - "$OUT" <<'PY' || fail "the lists of 2.1.1 are not whole: $OUT"
import json, sys
a = json.loads(sys.argv[1])
assert a["participants"] == ["Åsa", "Örjan"], a["participants"]
assert a["goals"] == ["M1"], a["goals"]
assert a["sdg"] == [17, 3], a["sdg"]
assert a["plan_state"] == "ongoing", a["plan_state"]
PY

# a state set by the file is logged once: the diff reads the file's state back
sed 's/^state       = ongoing/state       = paused/' plan.ini > paused.ini
run import paused.ini
expect_rc 0 "state changed in the file"
expect_out "state 'ongoing' → 'paused'" "the state change is reported"
run import paused.ini
expect_rc 0 "the changed file again"
expect_out "inga ändringar" "the file's state is read back"

# a removal: the diff leaves out what is marked removed; show still has it
"$PY" - <<'PY'
t = open("paused.ini", encoding="utf-8").read()
open("removed.ini", "w", encoding="utf-8").write(
    t.replace("[activity 1.1.2]\ntitle = Aktivitet ett b\nowner = Ägare Ett\n\n", ""))
PY
run import --remove removed.ini
expect_rc 0 "import --remove"
expect_out "borttagen: aktivitet 1.1.2" "the removal is reported"
run import removed.ini
expect_rc 0 "the file without 1.1.2 again"
expect_out "inga ändringar" "a removed activity is not in the diff"
run show 1.1.2
expect_rc 0 "show a removed activity"
expect_out "Aktivitet ett b" "the removed activity is kept"
run list
expect_no_out "1.1.2" "a removed activity is not listed"

# a value changed behind the schema's back: the import's reader refuses it
# as every reading command does, and writes nothing
cp actionplan.db good.db
sqlite3 actionplan.db "PRAGMA ignore_check_constraints=1;
  UPDATE activity SET budget=9223372036854775807 WHERE code='2.1.1'" || fail "sqlite3"
before=$(db_dump)
run import removed.ini
expect_rc 1 "import over a crafted value"
expect_err "tabell activity" "names the table"
expect_err "kolumn budget" "names the column"
expect_err "rad " "names the row"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "the refused import changed the database"

finish
