#!/usr/bin/python3
"""Is the peer's pack equivalent to the tool's?

    check_peer.py --bin ACTIONPLAN --dir CASE_DIR --as-of D --since D
                  [--tool-xlsx FILE --peer-xlsx FILE]

1. Statuses: the peer's own implementation of docs/rules.md (peer.py
   --json-summary) against `actionplan list --json` on the same database -
   every activity's state, status and flags, and the status and eight
   counts of the plan, every focus area and every initiative area.
2. Sheets: when both workbooks are given, the same sheet names, and in each
   sheet the same activity codes in the same order (openpyxl reads both).

Prints one line per difference (at most 20 per kind) and a summary line;
exit status 0 when equivalent, 1 when not.
"""
import argparse
import json
import os
import re
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
CODE = re.compile(r"^\d+\.\d+\.\d+$")


def compare_statuses(args):
    env = dict(os.environ, ACTIONPLAN_LANG="sv")
    tool = json.loads(subprocess.run([args.bin, "list", "--json", "--as-of", args.as_of], cwd=args.dir,
                                     env=env, check=True, capture_output=True, text=True).stdout)
    peer = json.loads(subprocess.run(
        ["/usr/bin/python3", os.path.join(HERE, "peer.py"), "--db", args.db, "--as-of", args.as_of,
         "--since", args.since, "--config", os.path.join(args.dir, "config.ini"), "--json-summary"]
        + (["--plan", args.plan] if args.plan else []),
        cwd=args.dir, check=True, capture_output=True, text=True).stdout)
    diffs, checks = [], 0

    def same(what, got, want):
        nonlocal checks
        checks += 1
        if got != want:
            diffs.append(f"{what}: tool {got}, peer {want}")

    roll = peer["rollups"]
    same("plan", (tool["status"], tool["counts"]), (roll[""]["status"], roll[""]["counts"]))
    seen = set()
    for fa in tool["focus_areas"]:
        r = roll.get(fa["code"], {})
        same(f"focus {fa['code']}", (fa["status"], fa["counts"]), (r.get("status"), r.get("counts")))
        for ini in fa["initiatives"]:
            r = roll.get(ini["code"])
            if r is None and not ini["activities"]:
                continue  # an empty initiative area: no group in the peer
            r = r or {}
            same(f"initiative {ini['code']}", (ini["status"], ini["counts"]),
                 (r.get("status"), r.get("counts")))
            for a in ini["activities"]:
                seen.add(a["code"])
                same(f"activity {a['code']}", [a["state"], a["status"], a["overdue"], a["stale"]],
                     peer["activities"].get(a["code"]))
    same("activity set", len(seen), len(peer["activities"]))
    tool_goals = {g["code"]: g["status"] for g in tool.get("goals", [])}
    for g in peer["goals"]:
        same(f"goal {g['code']}", tool_goals.get(g["code"]), g["status"])
    return diffs, checks


STATUS_WORDS = {"Grön", "Gul", "Röd", "Genomförd", "Ej rapporterad", "Ej aktiv", "Ingen", "Ej mätt"}


def sheet_contents(path):
    """Per sheet: the header row of its table (the first row of five or more
    texts and nothing else), the activity codes in order, the status words
    in order, and the number of rows below the header."""
    import openpyxl
    wb = openpyxl.load_workbook(path, read_only=True)
    out = {}
    for ws in wb.worksheets:
        header, codes, words, rows = None, [], [], 0
        for row in ws.iter_rows(values_only=True):
            cells = [v for v in row if v is not None]
            if header is None:
                if len(cells) >= 5 and all(isinstance(v, str) for v in cells):
                    header = cells
                continue
            if not cells:
                continue
            rows += 1
            codes += [v for v in cells if isinstance(v, str) and CODE.match(v)]
            words += [v for v in cells if isinstance(v, str) and v in STATUS_WORDS]
        out[ws.title] = {"header": header, "activity codes": codes, "status words": words, "rows": rows}
    return out


def compare_sheets(tool_xlsx, peer_xlsx):
    t, p = sheet_contents(tool_xlsx), sheet_contents(peer_xlsx)
    diffs, checks = [], 1
    if list(t) != list(p):
        diffs.append(f"sheets: tool {list(t)}, peer {list(p)}")
    for name in t:
        if name not in p:
            continue
        for what in ("header", "rows", "activity codes", "status words"):
            checks += 1
            a, b = t[name][what], p[name][what]
            if a == b:
                continue
            if isinstance(a, list) and isinstance(b, list) and what != "header":
                first = next((i for i, (x, y) in enumerate(zip(a, b)) if x != y), min(len(a), len(b)))
                diffs.append(f"sheet '{name}', {what}: tool {len(a)}, peer {len(b)}; first difference "
                             f"at #{first + 1}: tool {a[first] if first < len(a) else '-'}, "
                             f"peer {b[first] if first < len(b) else '-'}")
            else:
                diffs.append(f"sheet '{name}', {what}: tool {a}, peer {b}")
    return diffs, checks


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--bin", required=True)
    ap.add_argument("--dir", required=True, help="the folder with config.ini and the database")
    ap.add_argument("--db", default="bench.db")
    ap.add_argument("--plan")
    ap.add_argument("--as-of", dest="as_of", required=True)
    ap.add_argument("--since", required=True)
    ap.add_argument("--tool-xlsx")
    ap.add_argument("--peer-xlsx")
    args = ap.parse_args()
    args.bin = os.path.abspath(args.bin)
    args.db = os.path.join(os.path.abspath(args.dir), args.db)
    diffs, checks = compare_statuses(args)
    if args.tool_xlsx and args.peer_xlsx:
        d, c = compare_sheets(args.tool_xlsx, args.peer_xlsx)
        diffs += d
        checks += c
    for d in diffs[:20]:
        print(d)
    print(f"{checks} checks, {len(diffs)} differences"
          + ("" if args.tool_xlsx else " (statuses only: the tool's workbook was not given)"))
    return 1 if diffs else 0


if __name__ == "__main__":
    sys.exit(main())
