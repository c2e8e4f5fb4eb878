#!/usr/bin/env bash
# Install what is missing, from Debian's packages only (no downloads at build
# time). Sourced by run.sh, test.sh and bench/run.sh. The packages and what
# each provides are listed once, in the table below; tests/py/test_deps.py
# reads the same table (between the TABLE lines) and checks the test, fuzz
# and bench scripts against it.
set -euo pipefail

AP_DEPS_TABLE=$(cat <<'TABLE'
# The Debian packages actionplan needs.
#
#   stage     when it is installed, a comma-separated list: build (run.sh,
#             test.sh, bench/run.sh), test (test.sh), bench (bench/run.sh)
#   package   the Debian package
#   provides  what the scripts use of it: cmd:PROGRAM, py:MODULE (none: a
#             library or data the build uses)
#
# A test, fuzz or bench script that runs a program or imports a Python
# module not named here (and not part of every Debian system, nor Python's
# standard library) fails test_deps.
#
# ap_install (scripts/deps.sh) installs chromium and chromium-driver each in an
# apt-get call of its own (together with others, chromium once failed with
# "held broken packages"). nodejs: the machines' Node.js bundles npm, which
# test.sh uses to fetch axe-core from the npm registry into build/axe.
#
# stage     package                 provides
build    build-essential         cmd:cc cmd:gcc cmd:make
build    cmake                   cmd:cmake cmd:ctest
build    pkg-config              cmd:pkg-config
build    libxlsxwriter-dev
build    libsqlite3-dev
build    libhpdf-dev
build    libinih-dev
build    libzip-dev
build    libexpat1-dev
build    zlib1g-dev
build    libmicrohttpd-dev
build    fonts-dejavu-core
test,bench python3                 cmd:python3
test,bench sqlite3                 cmd:sqlite3
test     poppler-utils           cmd:pdftotext cmd:pdftoppm cmd:pdfinfo cmd:pdffonts
test     qpdf                    cmd:qpdf
test     binutils                cmd:nm
test,bench python3-openpyxl        py:openpyxl
test,bench python3-xlsxwriter      py:xlsxwriter
test     libreoffice-calc-nogui  cmd:soffice cmd:libreoffice
test     locales                 cmd:localedef
test     clang                   cmd:clang
test     libclang-rt-14-dev
test     chromium                cmd:chromium
test     chromium-driver         cmd:chromedriver
test     python3-selenium        py:selenium
test     nodejs                  cmd:node cmd:npm
bench    python3-reportlab       py:reportlab
bench    time                    cmd:time
bench    git                     cmd:git
bench    wrk                     cmd:wrk
TABLE
)

# ap_packages STAGE: the packages of one stage of the table, one per line.
ap_packages() {
    awk -v stage="$1" '$1 !~ /^#/ && NF >= 2 { n = split($1, s, ","); for (i = 1; i <= n; i++) if (s[i] == stage) print $2 }' <<<"$AP_DEPS_TABLE"
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
