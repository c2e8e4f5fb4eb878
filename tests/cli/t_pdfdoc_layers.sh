#!/usr/bin/env bash
# The PDF layout engine is built in layers (issue #16, docs/architecture.md):
# every pdfdoc file calls only files of a lower layer, never one beside or
# above it, so no two of them call each other, directly or around a circle.
# Read from the symbols of the built library: each function a pdfdoc object
# needs from another pdfdoc object must come from a lower layer. A new
# pdfdoc file must be given its layer here.
. "$(dirname "$0")/lib.sh"
type -P nm >/dev/null || { echo "SKIP: nm (binutils) is not installed" >&2; exit 77; }
LIB=${AP_LAYERS_LIB:-${AP_BUILD:?set by ctest}/libactionplan_core.a}
[ -f "$LIB" ] || { echo "no library at $LIB" >&2; exit 1; }

# the layer of a pdfdoc file, bottom up; empty for a file not placed here
LAYERS=7
layer() {
    case "$1" in
    pdfdoc_seal) echo 0 ;;
    pdfdoc_page) echo 1 ;;
    pdfdoc_text) echo 2 ;;
    pdfdoc_table | pdfdoc_chart | pdfdoc_toc) echo 3 ;;
    pdfdoc) echo 4 ;;
    esac
}

CHECKS=$((CHECKS + 1))
for f in "$AP_SRC"/src/pdfdoc*.c; do
    n=$(basename "$f" .c)
    [ -n "$(layer "$n")" ] || fail "src/$n.c has no layer in this test"
done

# "member symbol" for what each pdfdoc object defines and needs; nm -A
# prints "library:member:address type symbol"
nm -A --defined-only "$LIB" 2>/dev/null | awk '$2 ~ /^[TDRB]$/ {
    split($1, p, ":"); m = p[2]; sub(/\.c\.o$/, "", m); if (m ~ /^pdfdoc/) print m, $3 }' >defs
nm -A --undefined-only "$LIB" 2>/dev/null | awk '$2 == "U" {
    split($1, p, ":"); m = p[2]; sub(/\.c\.o$/, "", m); if (m ~ /^pdfdoc/) print m, $3 }' >uses
CHECKS=$((CHECKS + 1))
[ "$(awk '{print $1}' defs | sort -u | wc -l)" -eq "$LAYERS" ] ||
    fail "expected $LAYERS pdfdoc objects in $LIB, found: $(awk '{print $1}' defs | sort -u | tr '\n' ' ')"

calls=0
while read -r user sym; do
    owner=$(awk -v s="$sym" '$2 == s {print $1; exit}' defs)
    [ -n "$owner" ] && [ "$owner" != "$user" ] || continue
    calls=$((calls + 1))
    CHECKS=$((CHECKS + 1))
    [ "$(layer "$owner")" -lt "$(layer "$user")" ] ||
        fail "$user.c calls $sym of $owner.c, which is not in a lower layer"
done <uses
CHECKS=$((CHECKS + 1))
[ "$calls" -gt 20 ] || fail "only $calls calls between pdfdoc files: is this the right library?"
finish
