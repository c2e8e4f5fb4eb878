#!/usr/bin/env bash
# Install what is missing, from Debian's packages only (no downloads at build
# time). Sourced by run.sh, test.sh and bench/run.sh. The packages and what
# each provides are listed once, in scripts/deps.table; tests/py/test_deps.py
# checks the test, fuzz and bench scripts against the same table.
set -euo pipefail

# ap_packages STAGE: the packages of one stage of deps.table, one per line.
ap_packages() {
    local table
    table="$(dirname "${BASH_SOURCE[0]}")/deps.table"
    awk -v stage="$1" '$1 !~ /^#/ && NF >= 2 { n = split($1, s, ","); for (i = 1; i <= n; i++) if (s[i] == stage) print $2 }' "$table"
}

mapfile -t BUILD_PACKAGES < <(ap_packages build)
mapfile -t TEST_PACKAGES < <(ap_packages test)
mapfile -t BENCH_PACKAGES < <(ap_packages bench)

ap_missing_packages() {
    local missing=()
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    echo "${missing[@]:-}"
}

ap_install() {
    local missing
    missing=$(ap_missing_packages "$@")
    [ -z "$missing" ] && return 0
    echo "== installing: $missing"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    $sudo apt-get update -qq
    # Packages that are installed each in an apt-get call of its own, in this
    # order, after the others: chromium in one line with other packages once
    # failed with "held broken packages" (chromium-driver depends on it).
    local alone=(chromium chromium-driver)
    local together=()
    local separate=()
    local p a is_alone
    for p in $missing; do
        is_alone=0
        for a in "${alone[@]}"; do [ "$p" = "$a" ] && is_alone=1; done
        [ "$is_alone" = 1 ] || together+=("$p")
    done
    for a in "${alone[@]}"; do
        for p in $missing; do [ "$p" = "$a" ] && separate+=("$p"); done
    done
    if [ "${#together[@]}" -gt 0 ]; then
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${together[@]}" >/dev/null
    fi
    for p in "${separate[@]}"; do
        DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$p" >/dev/null
    done
}
