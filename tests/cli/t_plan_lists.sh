#!/bin/bash
# Issue 14.3: a plan file of 2 MB (100,000 `participant =` lines on one
# activity) must not make every later command run out of memory. The plan
# file takes at most AP_LIST_MAX (200) repeated keys per activity, refused
# with file:line; a database that already holds long lists reads them in
# linear time and memory.
. "$(dirname "$0")/lib.sh"

demo_db
plan="$AP_SRC/plans/sodertalje-2016.ini"

# 201 participants on 1.1.1: refused at the 201st, with its line
awk '{print} /^\[activity 1\.1\.1\]/ {for (i = 1; i <= 201; i++) print "participant = Person " i}' \
    "$plan" >many.ini
line=$(grep -n "participant = Person 201$" many.ini | cut -d: -f1)
run import many.ini
expect_rc 1 "201 participants"
expect_err "many.ini:$line:" "201 participants: the line of the 201st"
expect_err "participant" "201 participants: the key"
expect_err "200" "201 participants: the maximum"

# 200 are accepted (with those the demo names)
have=$(awk '/^\[/ {in_s = ($0 ~ /^\[activity 1\.1\.1\]/)} in_s && /^participant/ {n++} END {print n + 0}' "$plan")
awk -v n=$((200 - have)) '{print} /^\[activity 1\.1\.1\]/ {for (i = 1; i <= n; i++) print "participant = Person " i}' \
    "$plan" >enough.ini
run import enough.ini
expect_rc 0 "200 participants"

# A database holding 30,000 participants on one activity (made before the
# cap): list and show read it in little memory.
sqlite3 actionplan.db "WITH RECURSIVE n(i) AS (SELECT 1000 UNION ALL SELECT i + 1 FROM n WHERE i < 31000)
  INSERT INTO activity_participant (activity_id, position, name)
  SELECT (SELECT id FROM activity WHERE code = '1.1.1'), i, 'Person ' || i FROM n"
# (the memory bound outside the sanitizers, whose shadow memory is virtual)
limit=600000
grep -q '^AP_SANITIZE:BOOL=ON' "${AP_BUILD:-.}/CMakeCache.txt" 2>/dev/null && limit=unlimited
OUT=$( (ulimit -v $limit; "$AP_BIN" list --json) 2>"$T/.stderr")
RC=$?
ERR=$(cat "$T/.stderr")
expect_rc 0 "list with 30,000 participants in 600 MB ($limit)"
finish
