#!/usr/bin/env bash
# mutants.sh - mutation testing of one C file: can its tests fail?
#
#   scripts/mutants.sh --file src/rules.c \
#       --tests 'unit.test_rules|cli.t_explain|py.test_rules_oracle' \
#       [--build build-mut] [--lines A-B[,C-D]] [--max N] [--sample K --seed S]
#       [--timeout SECONDS] [--sanitize] [--list]
#
# Makes small wrong versions ("mutants") of the file, one change at a time
# (the operators are listed in scripts/mutants.py), rebuilds what the tests
# need in its own build folder and runs the tests. A mutant is
#   killed     a test failed (or timed out): the tests noticed,
#   survived   every test passed: the tests did not notice,
#   same-code  the compiled object is byte for byte the unmutated one
#              (an equivalent mutant, proved by the compiler; no test run),
#   invalid    it did not compile (warnings are errors): skipped.
# Score = killed / (killed + survived). The tests named in --tests run one
# after the other in the order given, and the first failure kills: list the
# cheap ones first. The file is restored after each mutant, on Ctrl-C and
# on any exit; while it runs the file holds a mutant: build nothing else
# from this tree and commit nothing (`git commit -a` would take it).
# Results: BUILD/mutants/results.tsv. Needs only bash, cmake, ctest and
# /usr/bin/python3. Not part of ctest: it takes minutes.
# --sanitize configures a new BUILD with ASan + UBSan (use another folder,
# e.g. build-mut-asan): a mutant that reads past an array then fails too.
# --list prints the mutants and runs nothing.
set -u

usage() {
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
}

SRC_DIR=$(cd "$(dirname "$0")/.." && pwd)
PY=/usr/bin/python3
HELPER="$SRC_DIR/scripts/mutants.py"
FILE="" TESTS="" BUILD=build-mut MAX=0 SAMPLE=0 SEED=1 LINES="" TIMEOUT="" LIST=0 SANITIZE=0
while [ $# -gt 0 ]; do
    case "$1" in
    --file) FILE=$2; shift 2 ;;
    --tests) TESTS=$2; shift 2 ;;
    --build) BUILD=$2; shift 2 ;;
    --max) MAX=$2; shift 2 ;;
    --sample) SAMPLE=$2; shift 2 ;;
    --seed) SEED=$2; shift 2 ;;
    --lines) LINES=$2; shift 2 ;;
    --timeout) TIMEOUT=$2; shift 2 ;;
    --list) LIST=1; shift ;;
    --sanitize) SANITIZE=1; shift ;;
    -h | --help) usage ;;
    *) echo "mutants.sh: unknown option '$1'" >&2; usage ;;
    esac
done
[ -n "$FILE" ] || { echo "mutants.sh: --file is needed" >&2; usage; }
cd "$SRC_DIR" || exit 2
FILE=${FILE#./}
[ -f "$FILE" ] || { echo "mutants.sh: no file $FILE" >&2; exit 2; }
[ "$(basename "$BUILD")" != build ] || { echo "mutants.sh: not the ordinary build folder: use build-mut" >&2; exit 2; }

SELECT=(--max "$MAX" --sample "$SAMPLE" --seed "$SEED")
[ -z "$LINES" ] || SELECT+=(--lines "$LINES")
if [ "$LIST" = 1 ]; then
    exec "$PY" "$HELPER" list "$FILE" "${SELECT[@]}"
fi
[ -n "$TESTS" ] || { echo "mutants.sh: --tests is needed" >&2; usage; }

case "$BUILD" in /*) ;; *) BUILD="$SRC_DIR/$BUILD" ;; esac
WORK="$BUILD/mutants"
mkdir -p "$WORK"
ORIG="$WORK/original.$(basename "$FILE")"
if [ -f "$ORIG" ] && ! cmp -s "$ORIG" "$FILE"; then
    echo "mutants.sh: $ORIG is left from a run that was killed, and $FILE differs from it." >&2
    echo "  Check $FILE (git diff) and remove $ORIG." >&2
    exit 2
fi
cp -p "$FILE" "$ORIG"

# Put the original back (its content; a new time stamp, so the next build
# compiles it again rather than keeping a mutant's object).
restore() {
    if [ -f "$ORIG" ]; then
        cmp -s "$ORIG" "$FILE" || cat "$ORIG" >"$FILE"
        rm -f "$ORIG"
    fi
}
trap restore EXIT
trap 'restore; echo "mutants.sh: interrupted, $FILE restored" >&2; exit 130' INT TERM HUP

# The tests, in the order given; the build targets they need: a C test's
# own executable (unit.X, integration.X -> X) and always the program.
IFS='|' read -r -a TEST_LIST <<<"$TESTS"
TARGETS=(actionplan)
for t in "${TEST_LIST[@]}"; do
    case "$t" in
    unit.* | integration.*) TARGETS+=("${t#*.}") ;;
    esac
done

if [ ! -f "$BUILD/CMakeCache.txt" ]; then
    if [ "$SANITIZE" = 1 ]; then
        cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Debug -DAP_SANITIZE=ON >/dev/null || exit 2
    else
        cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release >/dev/null || exit 2
    fi
elif [ "$SANITIZE" = 1 ] && ! grep -q '^AP_SANITIZE:BOOL=ON' "$BUILD/CMakeCache.txt"; then
    echo "mutants.sh: $BUILD is not a sanitizer build: name a new folder" >&2
    exit 2
fi
build() { cmake --build "$BUILD" -j2 --target "${TARGETS[@]}" >"$WORK/build.log" 2>&1; }

# run_tests: 0 when every test passed; 1 and the failing test in $FAILED.
run_tests() {
    FAILED=""
    for t in "${TEST_LIST[@]}"; do
        if ! (cd "$BUILD" && ctest -R "^${t}\$" --timeout "$TIMEOUT" >"$WORK/test.log" 2>&1); then
            FAILED=$t
            return 1
        fi
    done
    return 0
}

# The object file the mutated source compiles to, for the same-code check.
OBJ=$(find "$BUILD/CMakeFiles" -path "*/${FILE}.o" 2>/dev/null | head -1)

# Baseline: the unmutated file must build and pass, in a known time.
echo "mutants.sh: $FILE, tests: ${TEST_LIST[*]}, build: $BUILD"
if ! build; then
    echo "mutants.sh: the unmutated source does not build; see $WORK/build.log" >&2
    exit 2
fi
[ -n "$OBJ" ] || OBJ=$(find "$BUILD/CMakeFiles" -path "*/${FILE}.o" | head -1)
BASE_SUM=""
[ -z "$OBJ" ] || BASE_SUM=$(sha256sum <"$OBJ")
start=$(date +%s)
TIMEOUT_GIVEN=$TIMEOUT
[ -n "$TIMEOUT" ] || TIMEOUT=900
if ! run_tests; then
    echo "mutants.sh: $FAILED fails on the unmutated source; see $WORK/test.log" >&2
    exit 2
fi
took=$(($(date +%s) - start))
[ -n "$TIMEOUT_GIVEN" ] || TIMEOUT=$((took * 3 + 30))
echo "mutants.sh: the unmutated tests pass in ${took} s; each test's timeout ${TIMEOUT} s"

mapfile -t MUTANTS < <("$PY" "$HELPER" list "$FILE" "${SELECT[@]}")
total=${#MUTANTS[@]}
[ "$total" -gt 0 ] || { echo "mutants.sh: no mutants in $FILE" >&2; exit 2; }
RESULTS="$WORK/results.tsv"
printf 'id\tplace\tchange\tverdict\tcode\n' >"$RESULTS"
killed=0 survived=0 same=0 invalid=0
for m in "${MUTANTS[@]}"; do
    IFS=$'\t' read -r id place change code <<<"$m"
    "$PY" "$HELPER" apply "$FILE" "$id" "${SELECT[@]}" || exit 2
    if ! build; then
        verdict=invalid
        invalid=$((invalid + 1))
    elif [ -n "$BASE_SUM" ] && [ "$(sha256sum <"$OBJ")" = "$BASE_SUM" ]; then
        verdict=same-code
        same=$((same + 1))
    elif run_tests; then
        verdict=SURVIVED
        survived=$((survived + 1))
    else
        verdict="killed by $FAILED"
        grep -q "Timeout" "$WORK/test.log" && verdict="$verdict (timeout)"
        killed=$((killed + 1))
    fi
    cat "$ORIG" >"$FILE"
    printf '%s:%s  %-28s %s   [%s/%s] %s\n' "$FILE" "$place" "$change" "$verdict" "$id" "$total" \
        "$code"
    printf '%s\t%s:%s\t%s\t%s\t%s\n' "$id" "$FILE" "$place" "$change" "$verdict" "$code" >>"$RESULTS"
done
restore
build || true # leave the build folder holding the original

scored=$((killed + survived))
score=n/a
[ "$scored" -eq 0 ] || score="$((100 * killed / scored))% ($killed/$scored)"
echo
echo "mutants.sh: $FILE: $total mutants: $killed killed, $survived survived, $same same code," \
    "$invalid invalid; score $score; $(($(date +%s) - start)) s"
echo "mutants.sh: results in $RESULTS"
[ "$survived" -eq 0 ]
