#!/usr/bin/env bash
# Build the libFuzzer targets (clang, ASan + UBSan) and run each for a
# bounded time, in parallel on every core; fail on any finding.
#
#   fuzz/run.sh [TARGET...]           all targets when none is named
#
# Environment:
#   AP_FUZZ_SECONDS  seconds per target (default 45)
#   AP_FUZZ_JOBS     targets run at the same time (default: nproc)
#   AP_FUZZ_BUILD    build folder (default build-fuzz)
#
# The corpus each run grows is kept in $AP_FUZZ_BUILD/corpus/<target> and
# used again by the next run; a crashing input is written to
# $AP_FUZZ_BUILD/artifacts/<target>/. See fuzz/README.md.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
seconds=${AP_FUZZ_SECONDS:-45}
jobs=${AP_FUZZ_JOBS:-$(nproc)}
build=${AP_FUZZ_BUILD:-build-fuzz}

targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
    for f in fuzz/fuzz_*.c; do
        t=${f#fuzz/fuzz_}
        targets+=("${t%.c}")
    done
fi

echo "== build the fuzz targets (clang, libFuzzer, ASan + UBSan) in $build"
CC=clang cmake -S . -B "$build" -DAP_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" -j"$(nproc)" --target "${targets[@]/#/fuzz_}" >/dev/null

# The seeds of a target: the globs of fuzz/seeds/<target>.list, the files of
# fuzz/seeds/<target>/ and every input a fuzzer failed on before.
collect_seeds() {
    local t=$1 dest=$2 pattern f
    rm -rf "$dest"
    mkdir -p "$dest"
    if [ -f "fuzz/seeds/$t.list" ]; then
        while read -r pattern; do
            case "$pattern" in '' | '#'*) continue ;; esac
            for f in $pattern; do
                [ -f "$f" ] && cp "$f" "$dest/$(echo "$f" | tr / _)"
            done
        done <"fuzz/seeds/$t.list"
    fi
    for d in "fuzz/seeds/$t" "fuzz/regressions/$t"; do
        [ -d "$d" ] && cp "$d"/* "$dest/" 2>/dev/null || true
    done
}

dict_of() {
    case $1 in
    csvimport) echo fuzz/csv.dict ;;
    *) echo "fuzz/$1.dict" ;;
    esac
}

run_one() {
    local t=$1 log="$build/logs/$1.log"
    local corpus="$build/corpus/$t" seeds="$build/seeds/$t" art="$build/artifacts/$t/"
    mkdir -p "$corpus" "$art" "$build/logs"
    collect_seeds "$t" "$seeds"
    local dict=()
    [ -f "$(dict_of "$t")" ] && dict=(-dict="$(dict_of "$t")")
    # A target's temporary files, gone with the run even after a crash.
    local tmp="$build/tmp/$t" rc=0
    rm -rf "$tmp"
    mkdir -p "$tmp"
    tmp=$(cd "$tmp" && pwd)
    # UBSan reports must stop the run (the fuzz build lets them recover).
    TMPDIR=$tmp \
    ASAN_OPTIONS=detect_leaks=1:abort_on_error=1:symbolize=1 \
    UBSAN_OPTIONS=halt_on_error=1:abort_on_error=1:print_stacktrace=1 \
        "$build/fuzz_$t" -max_total_time="$seconds" -timeout=20 -rss_limit_mb=2048 -max_len=16384 \
        -print_final_stats=1 -artifact_prefix="$art" "${dict[@]}" \
        "$corpus" "$seeds" >"$log" 2>&1 || rc=$?
    rm -rf "$tmp"
    return $rc
}

# One line per target from libFuzzer's final statistics.
summary() {
    local t=$1 rc=$2 log="$build/logs/$1.log"
    local execs speed units
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
    units=$(ls "$build/corpus/$t" | wc -l)
    if [ "$rc" -eq 0 ]; then
        printf '   %-10s %10s execs in %ss (%s/s), corpus %s, no findings\n' \
            "$t" "${execs:-?}" "$seconds" "${speed:-?}" "$units"
    else
        printf '   %-10s FINDING (exit %s); log %s; inputs in %s:\n' "$t" "$rc" "$log" \
            "$build/artifacts/$t/"
        ls "$build/artifacts/$t/" | sed 's/^/     /' || true
        grep -E 'ERROR|SUMMARY|fuzz property|runtime error|#[0-9] |error' "$log" | head -40 |
            sed 's/^/     /' || true
    fi
}

echo "== fuzz ${targets[*]}: ${seconds}s each, $jobs at a time"
declare -A status
pids=()
names=()
for t in "${targets[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge "$jobs" ]; do
        wait -n || true
    done
    run_one "$t" &
    pids+=($!)
    names+=("$t")
done
failed=0
for i in "${!pids[@]}"; do
    rc=0
    wait "${pids[$i]}" || rc=$?
    status[${names[$i]}]=$rc
    [ "$rc" -eq 0 ] || failed=1
done
for t in "${targets[@]}"; do
    summary "$t" "${status[$t]}"
done
if [ "$failed" -ne 0 ]; then
    echo "== fuzzing found a problem: add the input to fuzz/regressions/<target>/ and fix it"
    exit 1
fi
echo "== fuzzing: no findings"
