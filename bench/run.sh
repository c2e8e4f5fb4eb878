#!/usr/bin/env bash
# The benchmark of issue #8: builds actionplan (Release), generates plans of
# 100 to 100,000 activities, times every operation against the Python peer,
# and writes the table (bench/README.md explains the method).
#
#   bench/run.sh            the full run (about 40 minutes; rewrites the table in bench/README.md)
#   bench/run.sh --quick    a smoke run of the small cases (under 2 minutes; bench/results/quick.md)
#   bench/run.sh --only 10k,100k [--keep]   chosen cases; --keep keeps the data and databases
#
# Needs Debian 12 and root (or sudo) for the packages it misses; nothing else
# is downloaded. Nothing in the repository is touched but bench/results/ and
# bench/README.md: every command runs in a temporary folder with its own config.ini.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
ap_install "${BUILD_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j"$(nproc)" --target actionplan >/dev/null
# Debian's interpreter: a python3 earlier on PATH may not see Debian's modules.
exec /usr/bin/python3 bench/bench.py --bin build/actionplan --readme bench/README.md "$@"
