#!/usr/bin/env bash
# Install what is missing, from Debian's packages only (no downloads at build
# time). Sourced by run.sh and test.sh; pass the package set: build or test.
set -euo pipefail

BUILD_PACKAGES=(build-essential cmake pkg-config libxlsxwriter-dev libsqlite3-dev libhpdf-dev
                libinih-dev libzip-dev libexpat1-dev fonts-dejavu-core)
TEST_PACKAGES=(poppler-utils qpdf python3-openpyxl python3-xlsxwriter clang libclang-rt-14-dev
               libreoffice-calc-nogui sqlite3)

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
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends $missing >/dev/null
}
