#!/usr/bin/env bash
# A large plan's PDFs stay a size people read (docs/reports.md, "Large
# plans"): the benchmark's generated plan of 2,000 activities (above
# [report] pdf_list_max) gives a steering pack and an annual report of at
# most 8 pages per 100 activities plus 20 (the target is 800 pages for
# 10,000), and the dense lists still carry what the group reads: every
# deviation with its cause or "Orsak saknas", changes under a day's heading,
# no cause or action cut short.
. "$(dirname "$0")/lib.sh"
for tool in qpdf pdftotext; do
    type -P "$tool" >/dev/null || { echo "SKIP: $tool is not installed" >&2; exit 77; }
done
N=2000
"$PY" "$AP_SRC/bench/gen.py" --activities $N --out gen >/dev/null || fail "generator ran"
printf '[database]\npath = bench.db\n[report]\noutput_dir = out\n' >config.ini
run init && expect_rc 0 "init"
run import gen/plan.ini && expect_rc 0 "import the plan"
run updates import gen/updates.csv && expect_rc 0 "import the reports"
run measures import gen/measures.csv && expect_rc 0 "import the measurements"
run report steering --as-of 2025-12-31 --since 2025-10-01
expect_rc 0 "steering pack"
run report annual --year 2025
expect_rc 0 "annual report"
pack=out/styrgrupp-bench-$N-2025-12-31.pdf
annual=out/arsrapport-bench-$N-2025.pdf
limit=$((N * 8 / 100 + 20))
for f in "$pack" "$annual"; do
    CHECKS=$((CHECKS + 1))
    qpdf --check "$f" >/dev/null 2>&1 || fail "$f: qpdf --check"
    pages=$(qpdf --show-npages "$f")
    CHECKS=$((CHECKS + 1))
    [ "$pages" -le "$limit" ] || fail "$f: $pages pages for $N activities, at most $limit"
    echo "$f: $pages pages" >&2
done
# Every deviation is a row of the deviations table, with its cause, the
# recommended action or "Orsak saknas": checked against list --json and the
# generated reports by tests/py/pdfcheck.py's check_deviations on a sample.
"$PY" - "$pack" "$AP_BIN" <<'PY' || fail "the deviations in the dense pack"
import json, re, subprocess, sys
pack, binary = sys.argv[1:]
text = subprocess.run(["pdftotext", "-layout", pack, "-"], capture_output=True, text=True).stdout
start = text.index("Avvikelser att besluta om\n", text.index("Avvikelser att besluta om") + 1)
sec = text[start:text.index("Förslag som väntar på beslut\n", start)]
listing = json.loads(subprocess.run([binary, "list", "--json", "--as-of", "2025-12-31"],
                                    capture_output=True, text=True).stdout)
acts = [a for f in listing["focus_areas"] for i in f["initiatives"] for a in i["activities"]]
devs = {a["code"] for a in acts if a["status"] in ("yellow", "red")}
found = set(re.findall(r"^ {0,3}(\d+\.\d+\.\d+) ", sec, re.M))
bad = devs ^ found
flat = " ".join(sec.split())
missing = sum(1 for a in acts if a["status"] in ("yellow", "red") and a["cause_missing"])
ok = not bad and flat.count("Orsak saknas") >= missing and "…" not in sec
if not ok:
    print(f"deviations: {len(bad)} codes differ ({sorted(bad)[:5]}), "
          f"{flat.count('Orsak saknas')} 'Orsak saknas' for {missing}, ellipsis: {'…' in sec}")
sys.exit(0 if ok else 1)
PY
CHECKS=$((CHECKS + 1))
# the change list: a heading per day ("17 oktober 2025"), the kind with from → to
changes=$(pdftotext -layout "$pack" - 2>/dev/null | sed -n '/^Ändringar sedan 2025-10-01 *$/,/^Att påminna *$/p')
grep -qE '^ {0,3}[0-9]{1,2} (oktober|november|december) 2025 *$' <<<"$changes" ||
    fail "the change list has no day headings"
CHECKS=$((CHECKS + 1))
grep -qE 'Status: (Grön|Gul|Röd) → (Grön|Gul|Röd)' <<<"$changes" ||
    fail "the change list lacks 'Status: … → …'"
finish
