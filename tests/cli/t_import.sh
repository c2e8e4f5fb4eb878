#!/usr/bin/env bash
# Importing plan files: the demo plan whole, idempotence, refusals that change
# nothing, re-import keeping history, and removal only on request.
source "$(dirname "$0")/lib.sh"
PLAN="$AP_SRC/plans/sodertalje-2016.ini"

demo_db
expect_out "5 fokusområden, 24 insatsområden, 59 aktiviteter, 6 mål" "demo plan counts"

# list shows every focus area, initiative area and activity of the seed
run list --as-of 2016-06-30
expect_rc 0 "list"
for title in "Ett företagsklimat som främjar utveckling" "God tillgång på arbetskraft" \
             "Ett aktivt etableringsarbete" "En enkel och kundfokuserad myndighetsutövning" \
             "Aktivt arbete med att stärka bilden av Södertälje" "Företagsbesök politiker" \
             "Driver och utvecklar Campus Telge" "Regional samverkan inom besöksnäringen" \
             "Utvecklingsprojekt MatLust för tillväxt av SME-företag i livsmedelsnäringen"; do
    expect_out "$title" "list shows '$title'"
done
[ "$(grep -cE '^      [0-9]+\.[0-9]+\.[0-9]+ ' <<<"$OUT")" -eq 59 ] || fail "list shows 59 activities"
[ "$(grep -cE '^   [0-9]+\.[0-9]+ ' <<<"$OUT")" -eq 24 ] || fail "list shows 24 initiative areas"

# the same file again changes nothing
before=$(db_dump)
run import "$PLAN"
expect_rc 0 "re-import"
expect_out "inga ändringar" "re-import says no changes"
[ "$(db_dump)" = "$before" ] || fail "re-import changed the database"

# a typo in a key is refused with its line, and nothing changes
sed 's/^owner       = Kommunstyrelsens kontor$/ownr = Kommunstyrelsens kontor/' "$PLAN" > typo.ini
line=$(grep -n '^ownr' typo.ini | head -1 | cut -d: -f1)
[ -n "$line" ] || fail "test setup: no typo made"
run import typo.ini
expect_rc 1 "typo refused"
expect_err "typo.ini:$line: okänd nyckel 'ownr'" "typo names file and line"
expect_err "menade du 'owner'?" "typo hint"
[ "$(db_dump)" = "$before" ] || fail "refused import changed the database"

# an over-long line and a ' ;' are refused, never cut silently
awk '/^title       = Företagsbesök politiker$/ { $0 = $0 " och en mycket lång förklaring som fortsätter med åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö åäö" } { print }' "$PLAN" > long.ini
run import long.ini
expect_rc 1 "long line refused"
expect_err "fortsätt texten på nästa rad, indragen med mellanslag" "long line hint"
sed 's/^owner       = Destination Södertälje$/owner = Destination Södertälje ; Campus Telge/' "$PLAN" > semi.ini
run import semi.ini
expect_rc 1 "inline ; refused"
expect_err "ett ';' efter ett mellanslag skulle klippa texten" "inline ; message"
[ "$(db_dump)" = "$before" ] || fail "refused imports changed the database"

# history, then a changed owner and title: updated, logged, history kept
run update 1.1.1 --status grön --date 2016-05-01 --by Test
expect_rc 0 "an update"
sed -e 's/^title       = Företagsbesök politiker$/title       = Företagsbesök av politiker/' "$PLAN" > changed.ini
run import changed.ini
expect_rc 0 "changed plan"
expect_out "aktivitet 1.1.1: title 'Företagsbesök politiker' → 'Företagsbesök av politiker'" "change reported"
[ "$(sqlite3 actionplan.db "select count(*) from plan_change where code='1.1.1' and field='title'")" = 1 ] || fail "change logged"
run show 1.1.1
expect_out "Företagsbesök av politiker" "new title shown"
expect_out "Historik (2 poster)" "history kept, and the rename is in it"
expect_out "Titel Företagsbesök politiker → Företagsbesök av politiker" "the rename, in words"

# an activity removed from the file: refused unless --remove, then kept with history
awk 'BEGIN{skip=0} /^\[activity 1\.1\.1\]/{skip=1; next} /^\[/{skip=0} !skip' changed.ini > removed.ini
before=$(db_dump)
run import removed.ini
expect_rc 1 "silent removal refused"
expect_err "filen saknar aktivitet 1.1.1" "removal refusal names the activity"
expect_err "--remove" "removal refusal gives the way"
[ "$(db_dump)" = "$before" ] || fail "refused removal changed the database"
run import --dry-run --remove removed.ini
expect_rc 0 "dry run"
expect_out "(provkörning)" "dry run says so"
[ "$(db_dump)" = "$before" ] || fail "dry run changed the database"
run import --remove removed.ini
expect_rc 0 "removal on request"
expect_out "borttagen: aktivitet 1.1.1 (historiken behålls)" "removal reported"
# the removal takes effect today: from now on it is not listed, but a
# picture of 2016 still shows it as it was then
codes() { "$PY" -c 'import json,sys; d=json.load(sys.stdin); print(" ".join(a["code"] for f in d["focus_areas"] for i in f["initiatives"] for a in i["activities"]))'; }
run list --json
now=$(codes <<<"$OUT")
CHECKS=$((CHECKS + 1))
[[ " $now " != *" 1.1.1 "* && $(wc -w <<<"$now") -eq 58 ]] || fail "removed activity listed today: $now"
# ... and neither counted nor rolled up (docs/rules.md): every node's six
# status counts add up to the activities listed under it, 58 in the plan
counted() { "$PY" -c 'import json,sys
d = json.load(sys.stdin)
six = ("green", "yellow", "red", "completed", "unreported", "excluded")
n = lambda node: sum(node["counts"][k] for k in six)
bad = [(i["code"], n(i), len(i["activities"])) for f in d["focus_areas"] for i in f["initiatives"]
       if n(i) != len(i["activities"])]
bad += [(f["code"], n(f), sum(len(i["activities"]) for i in f["initiatives"]))
        for f in d["focus_areas"] if n(f) != sum(len(i["activities"]) for i in f["initiatives"])]
assert not bad and n(d) == int(sys.argv[1]), (n(d), bad)' "$1"; }
CHECKS=$((CHECKS + 1))
counted 58 <<<"$OUT" || fail "a removed activity is counted in the roll-up"
run list --json --as-of 2016-06-30
then=$(codes <<<"$OUT")
CHECKS=$((CHECKS + 1))
[[ " $then " == *" 1.1.1 "* && $(wc -w <<<"$then") -eq 59 ]] || fail "removed activity gone from 2016 too: $then"
run show 1.1.1
expect_rc 0 "removed activity still shown"
expect_out "borttagen ur planfilen" "removed activity marked"
expect_out "Historik (3 poster)" "removed activity keeps history (a report, the rename, the removal)"
run update 1.1.1 --status gul --date 2016-06-01
expect_rc 1 "no reports on a removed activity"
# putting it back restores it
run import changed.ini
expect_rc 0 "restore"
run list --as-of 2016-06-30
expect_out "1.1.1" "restored activity listed"

# a file that only reorders activities changes the order, nothing else
awk 'BEGIN{RS="";ORS="\n\n"} /^\[activity 1\.1\.1\]/{held=$0; next} {print} /^\[activity 1\.1\.2\]/ && held {print held; held=""}' changed.ini > reordered.ini
run import reordered.ini
expect_rc 0 "reordered plan"
expect_out "ny ordning: aktivitet" "reordering reported"
run list --as-of 2016-06-30
CHECKS=$((CHECKS + 1))
[ "$(grep -oE '^      1\.1\.[12] ' <<<"$OUT" | tr -d ' \n')" = "1.1.21.1.1" ] || fail "list follows the new order"
run import reordered.ini
expect_out "inga ändringar" "reordered file twice: no changes"

# bad files of every kind
run import nothing.ini
expect_rc 1 "missing file"
expect_err "kan inte öppna 'nothing.ini'" "missing file message"
mkdir adir
run import adir
expect_rc 1 "a directory"
expect_err "'adir' är en katalog" "directory message"
: > empty.ini
run import empty.ini
expect_rc 1 "empty file"
expect_err "[strategy]" "empty file message"
head -c 3000 /dev/urandom > random.ini
printf '\0' >> random.ini
run import random.ini
expect_rc 1 "binary file"

finish
