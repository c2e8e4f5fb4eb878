# Shared helpers of the integration tests: each test runs the real binary
# ($AP_BIN) in a fresh temporary folder and checks exit codes and output.
set -u
AP_SRC=${AP_SRC:?set by ctest}
AP_BIN=${AP_BIN:?set by ctest}
PY=${AP_PYTHON:-/usr/bin/python3}
T=$(mktemp -d /tmp/ap-test.XXXXXX)
trap 'rm -rf "$T"' EXIT
cd "$T"
# Swedish unless a test asks otherwise: ACTIONPLAN_LANG would override config.ini
unset ACTIONPLAN_LANG
FAILS=0
CHECKS=0

fail() {
    FAILS=$((FAILS + 1))
    echo "FAIL: $*" >&2
}

# run CMD...: runs actionplan, keeps stdout in $OUT, stderr in $ERR, status in $RC
run() {
    OUT=$("$AP_BIN" "$@" 2>"$T/.stderr")
    RC=$?
    ERR=$(cat "$T/.stderr")
}

# expect_rc N DESCRIPTION
expect_rc() {
    CHECKS=$((CHECKS + 1))
    [ "$RC" -eq "$1" ] || fail "$2: exit status $RC, expected $1 (stderr: $ERR)"
}

# expect_out TEXT DESCRIPTION / expect_err TEXT DESCRIPTION (fixed strings)
expect_out() {
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$1" <<<"$OUT" || fail "$2: stdout lacks '$1'. stdout was: $(head -c 2000 <<<"$OUT")"
}
expect_err() {
    CHECKS=$((CHECKS + 1))
    grep -qF -- "$1" <<<"$ERR" || fail "$2: stderr lacks '$1'. stderr was: $ERR"
}
expect_no_out() {
    CHECKS=$((CHECKS + 1))
    ! grep -qF -- "$1" <<<"$OUT" || fail "$2: stdout has '$1'"
}

# A fingerprint of every row of the database, to prove nothing changed.
db_dump() {
    sqlite3 "${1:-actionplan.db}" .dump | grep -v '^PRAGMA' | sha256sum
}

demo_db() {
    run init && expect_rc 0 "init"
    run import "$AP_SRC/plans/sodertalje-2016.ini" && expect_rc 0 "import demo plan"
}

demo_history() {
    demo_db
    run updates import "$AP_SRC/plans/sodertalje-2016-updates.csv"
    expect_rc 0 "import demo history"
    run measures import "$AP_SRC/plans/sodertalje-2016-measures.csv"
    expect_rc 0 "import demo measurements"
}

finish() {
    if [ "$CHECKS" -eq 0 ]; then
        echo "no checks ran" >&2
        exit 1
    fi
    echo "$CHECKS checks, $FAILS failed"
    [ "$FAILS" -eq 0 ]
}
