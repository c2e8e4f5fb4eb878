#!/usr/bin/env bash
# Install what is missing, build, and run every test through ctest: once in
# a normal build and once under AddressSanitizer + UndefinedBehaviorSanitizer
# (tests labelled release-only run in the first pass only); then run each fuzz
# target for a bounded time (AP_FUZZ_SECONDS, default 45; AP_FUZZ_SECONDS=0
# skips the stage). See fuzz/README.md.
#
# This script installed every package the tests need (scripts/deps.sh), so
# a test that reports itself skipped (exit 77: a tool is missing) is a failure
# here, though a developer running ctest by hand sees it as a skip.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
ap_install "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

jobs=$(nproc)

# run_ctest DIR [CTEST ARGS...]: run the tests of a build; fail when any failed
# or was skipped, naming the skipped ones with their reasons.
run_ctest() {
    local dir=$1 log
    shift
    log=$(mktemp)
    local rc=0
    (cd "$dir" && ctest --output-on-failure -j"$jobs" "$@") | tee "$log" || rc=$?
    local skipped
    skipped=$(sed -n 's/^ *[0-9]* - \(.*\) (Skipped)$/\1/p' "$log")
    rm -f "$log"
    if [ -n "$skipped" ]; then
        echo "== these tests were skipped, though test.sh installed every package:"
        for t in $skipped; do
            echo "   $t: $( (cd "$dir" && ctest -R "^$t\$" -V) | grep -m1 'SKIP' || echo '(no reason given)')"
        done
        return 1
    fi
    return "$rc"
}

echo "== build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs" >/dev/null
# axe-core, for the accessibility checks of tests/py/test_browser.py: the
# pinned version from the npm registry, into a cache under the build folder
# (not vendored; installed again only when the pin changes).
AXE_VERSION=4.14.1
if ! grep -qs "\"version\": \"$AXE_VERSION\"" build/axe/node_modules/axe-core/package.json; then
    echo "== installing axe-core $AXE_VERSION into build/axe"
    mkdir -p build/axe
    npm install --prefix build/axe --no-save --no-audit --no-fund --loglevel=error \
        "axe-core@$AXE_VERSION" >/dev/null
fi
echo "== tests"
run_ctest build

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under the sanitizers"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    run_ctest build-asan -LE release-only
if [ "${AP_FUZZ_SECONDS:-45}" -gt 0 ]; then
    echo "== fuzzing (clang, libFuzzer, ASan + UBSan)"
    AP_FUZZ_SECONDS=${AP_FUZZ_SECONDS:-45} fuzz/run.sh
fi
echo "== all tests passed"
