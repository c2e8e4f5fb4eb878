#!/usr/bin/env bash
# Install what is missing, build, and run every test through ctest: once in
# a normal build and once under AddressSanitizer + UndefinedBehaviorSanitizer;
# then run each fuzz target for a bounded time (AP_FUZZ_SECONDS, default 45;
# AP_FUZZ_SECONDS=0 skips the stage). See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")"
source scripts/deps.sh
ap_install "${BUILD_PACKAGES[@]}" "${TEST_PACKAGES[@]}"

jobs=$(nproc)
echo "== build (Release)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$jobs" >/dev/null
echo "== tests"
(cd build && ctest --output-on-failure -j"$jobs")

echo "== build (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DAP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs" >/dev/null
echo "== tests under the sanitizers"
(cd build-asan && ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 \
    UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 ctest --output-on-failure -j"$jobs")
if [ "${AP_FUZZ_SECONDS:-45}" -gt 0 ]; then
    echo "== fuzzing (clang, libFuzzer, ASan + UBSan)"
    AP_FUZZ_SECONDS=${AP_FUZZ_SECONDS:-45} fuzz/run.sh
fi
echo "== all tests passed"
