#!/usr/bin/env bash
# `cmake --install` puts the program and its manual page under a prefix; the
# installed program runs from anywhere (the font is found at run time) and
# writes a PDF; the manual page describes every command `--help` lists.
. "$(dirname "$0")/lib.sh"
AP_BUILD=${AP_BUILD:?set by ctest}
run_install() { cmake --install "$AP_BUILD" --prefix "$T/inst" >"$T/install.log" 2>&1; }
CHECKS=$((CHECKS + 1))
run_install || fail "cmake --install: $(cat "$T/install.log")"
bin="$T/inst/bin/actionplan"
man="$T/inst/share/man/man1/actionplan.1"
unit="$T/inst/lib/systemd/system/actionplan.service"
CHECKS=$((CHECKS + 3))
[ -x "$bin" ] || fail "no installed program"
[ -f "$man" ] || fail "no manual page"
[ -f "$unit" ] || fail "no systemd unit"
# the unit runs the installed program's serve, as its own user
exec_start=$(sed -n 's/^ExecStart=//p' "$unit")
CHECKS=$((CHECKS + 3))
[ -x "${exec_start%% *}" ] || [ "${exec_start%% *}" = "$(sed -n 's/^CMAKE_INSTALL_PREFIX:PATH=//p' "$AP_BUILD/CMakeCache.txt")/bin/actionplan" ] ||
    fail "the unit's ExecStart is not the installed program: $exec_start"
[[ "$exec_start" == *" serve" ]] || fail "the unit does not run serve: $exec_start"
grep -qx "User=actionplan" "$unit" || fail "the unit does not run as its own user"

mkdir elsewhere && cd elsewhere
export ACTIONPLAN_TODAY=2018-01-31
"$bin" init >/dev/null && "$bin" import "$AP_SRC/plans/sodertalje-2016.ini" >/dev/null &&
    "$bin" updates import "$AP_SRC/plans/sodertalje-2016-updates.csv" >/dev/null
CHECKS=$((CHECKS + 1))
"$bin" report steering --as-of 2017-12-15 --out r >/dev/null 2>"$T/err" || fail "the installed program: $(cat "$T/err")"
CHECKS=$((CHECKS + 1))
pdftotext r/styrgrupp-sodertalje-2016-2017-12-15.pdf - 2>/dev/null | grep -q "Södertälje" ||
    fail "the installed program's PDF lacks its text"

# every command of --help has its entry in the manual page
CHECKS=$((CHECKS + 1))
grep -q '^\.TH ACTIONPLAN 1' "$man" || fail "the manual page has no .TH"
cmds=$(ACTIONPLAN_LANG=en "$bin" --help | sed -n '/^Commands:/,/^$/p' | sed -n 's/^  \([a-z]*\( [a-z]*\)\?\) \{2,\}.*/\1/p')
CHECKS=$((CHECKS + 1))
[ "$(wc -l <<<"$cmds")" -ge 15 ] || fail "test setup: commands not read from --help: $cmds"
while read -r c; do
    CHECKS=$((CHECKS + 1))
    grep -q "^\.B $c\b" "$man" || fail "the manual page lacks '$c'"
done <<<"$cmds"
finish
