#!/usr/bin/env bash
# A full disk under --out (issue 14, items 7 and 5): the message says
# "disken är full" (English: "disk is full") and names the real file;
# libxlsxwriter's own "[ERROR][packager.c...]" lines and libharu's error
# number do not reach the user; nothing is left behind, the run is not
# registered, and forms export tells only the forms that were written.
# Needs a small tmpfs, so root: skipped (77) where it cannot mount one.
source "$(dirname "$0")/lib.sh"
export ACTIONPLAN_TODAY=2018-06-30
mkdir full
if [ "$(id -u)" -ne 0 ] || ! mount -t tmpfs -o size=16k tmpfs full 2>/dev/null; then
    echo "SKIP: cannot mount a small tmpfs (needs root and CAP_SYS_ADMIN)"
    exit 77
fi
trap 'umount "$T/full" 2>/dev/null; rm -rf "$T"' EXIT

# fresh SIZE: an empty file system of that size on full/
fresh() {
    umount full && mount -t tmpfs -o "size=$1" tmpfs full || { fail "remount"; finish; exit 1; }
}

# no_leak WHAT: no library's own line, no temporary file
no_leak() {
    CHECKS=$((CHECKS + 3))
    ! grep -q "\[ERROR\]\|packager\|libharu\|0x1016" <<<"$ERR" || fail "$1: library message leaked: $ERR"
    ! grep -q "\.tmp" <<<"$ERR" || fail "$1: the message names a temporary file: $ERR"
    [ -z "$(ls -A full | grep '\.tmp$')" ] || fail "$1: temporary files left: $(ls -A full)"
}

demo_history
before=$(db_dump)

# --- the steering pack ----------------------------------------------------------
run report steering --out full
expect_rc 1 "steering pack on a full disk"
expect_err "disken är full" "steering pack: disk full"
expect_err "full/styrgrupp-sodertalje-2016-2018-06-30." "steering pack: names the real file"
no_leak "steering pack"
CHECKS=$((CHECKS + 1))
[ "$(db_dump)" = "$before" ] || fail "a pack that failed was registered"

# --- the annual report ---------------------------------------------------------
fresh 16k
run report annual --year 2017 --out full
expect_rc 1 "annual report on a full disk"
expect_err "disken är full" "annual report: disk full"
no_leak "annual report"

# --- forms: some fit, some do not ------------------------------------------------
fresh 28k
run forms export --out full
expect_rc 1 "forms on a full disk"
expect_err "disken är full" "forms: disk full"
expect_err "full/blankett-sodertalje-2016-fokus-" "forms: names the real file"
no_leak "forms"
CHECKS=$((CHECKS + 1))
told=$(sed -n 's/^Skrev \([^ ]*\) .*/\1/p' <<<"$OUT" | sort)
there=$(ls full/*.xlsx 2>/dev/null | sort)
[ "$told" = "$there" ] || fail "forms: told '$told', on disk '$there'"

# --- in English ---------------------------------------------------------------------
fresh 16k
printf '[report]\nlanguage = en\n' > config.ini
run report steering --out full
expect_rc 1 "steering pack on a full disk (English)"
expect_err "disk is full" "English message"
no_leak "steering pack (English)"
finish
