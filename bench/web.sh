#!/usr/bin/env bash
# The web server under load (issue #17): builds actionplan (Release), makes
# the demo database and a public generated plan of 500 activities with 5
# years of history, starts `actionplan serve` on a free port of 127.0.0.1
# and runs wrk (2 threads, 64 connections, 30 s) on the plan page, an
# activity page and the JSON API. bench/README.md, "The web server under
# load", explains the method; bench/web.py does the work.
#
#   bench/web.sh                     the run (about 2.5 minutes; bench/results/web.md and
#                                    web.json, and the table in bench/README.md)
#   bench/web.sh --duration 5        a short smoke run
#
# Needs Debian 12 and root (or sudo) for the packages it misses. Run it on a
# quiet machine: wrk and the server share the cores.
set -euo pipefail
cd "$(dirname "$0")/.."
source scripts/deps.sh
ap_install "${BUILD_PACKAGES[@]}" "${BENCH_PACKAGES[@]}"

cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build -j2 --target actionplan >/dev/null
# web.py stops the server it started on every way out (SIGTERM, Ctrl-C, an error).
exec /usr/bin/python3 bench/web.py --bin build/actionplan --readme bench/README.md "$@"
