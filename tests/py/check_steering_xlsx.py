#!/usr/bin/env python3
"""Check a steering-pack workbook (styrgrupp-*.xlsx) with openpyxl, an
independent reader, against what the plan says as of the pack's date.

Not a test on its own (ctest runs tests/py/test_*.py): it is called by
tests/unit/test_xlsx_steering.c and tests/py/test_steering_xlsx.py.

  check_steering_xlsx.py BOOK.xlsx --list LIST.json [--prev PREV.json]
      [--lang sv|en] [--since YYYY-MM-DD] [--updates CSV --plan INI]
      [--cause-missing 1.4.1] [--soffice]

LIST.json is `list --json` as of the pack's date; the expected rows,
words, colours and dates are derived from it here, not taken from the
workbook's own code. PREV.json is `list --json` as of the previous pack
(the "change" column); without it the pack must say "first report".
--updates/--plan give the demo's history so that the change sheet can be
recomputed from the CSV itself. --soffice also opens the workbook with
LibreOffice (skipped when it is not installed).

Exit status 0 when every check passes; otherwise 1, with every failure listed.
"""
import argparse
import csv
import datetime as dt
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

need(modules=["openpyxl"])
import openpyxl  # noqa: E402

# ---------------------------------------------------------------- words and colours

STATUS_SV = {"green": "Grön", "yellow": "Gul", "red": "Röd", "completed": "Genomförd",
             "unreported": "Ej rapporterad", "excluded": "Ej aktiv", "none": "Ingen",
             "unmeasured": "Ej mätt"}
STATUS_EN = {"green": "Green", "yellow": "Yellow", "red": "Red", "completed": "Completed",
             "unreported": "Unreported", "excluded": "Not active", "none": "None",
             "unmeasured": "Unmeasured"}
STATE_SV = {"proposed": "Föreslagen", "decided": "Beslutad", "ongoing": "Pågående",
            "completed": "Genomförd", "paused": "Pausad", "cancelled": "Avbruten"}
STATE_EN = {k: k.capitalize() for k in STATE_SV}
# The light tints behind status words and the strong chart colours (report.c).
TINT = {"green": "C8E6C9", "yellow": "FFF0B3", "red": "F8C9C9", "completed": "CFE2F8",
        "unreported": "EEEEEE", "excluded": "F5F5F5", "none": "F5F5F5", "unmeasured": "EEEEEE"}
CHART = {"green": "2E7D32", "yellow": "F2B705", "red": "C62828", "completed": "1565C0",
         "unreported": "9E9E9E"}
COLOR_WORDS = {"grön": "green", "gul": "yellow", "röd": "red", "green": "green",
               "yellow": "yellow", "red": "red"}

SHEETS = {"sv": ["Översikt", "Aktiviteter", "Avvikelser", "Förändringar",
                 "Förslag och uppföljning", "Mål"],
          "en": ["Overview", "Activities", "Deviations", "Changes", "Proposals and follow-up",
                 "Goals"]}
T = {
    "sv": {"code": "Kod", "first": "första rapporten", "unchanged": "oförändrad", "new": "ny",
           "cause_missing": "orsak saknas", "overdue": "försenad", "stale": "inaktuell",
           "whole": "Hela planen", "nr": "Nr", "page": "Sida &P av &N", "what": "Vad",
           "proposal": "Förslag att besluta", "unreported": "Ej rapporterad",
           "kinds": {"Status": "status", "Läge": "state", "Beslut": "decision"}},
    "en": {"code": "Code", "first": "first report", "unchanged": "unchanged", "new": "new",
           "cause_missing": "cause missing", "overdue": "overdue", "stale": "stale",
           "whole": "Whole plan", "nr": "No.", "page": "Page &P of &N", "what": "What",
           "proposal": "Proposal to decide", "unreported": "Unreported",
           "kinds": {"Status": "status", "State": "state", "Decision": "decision"}},
}

failures = []


def check(cond, msg):
    if not cond:
        failures.append(msg)
    return cond


def day(s):
    return dt.date.fromisoformat(s) if s else None


def activities(plan):
    for f in plan["focus_areas"]:
        for i in f["initiatives"]:
            for a in i["activities"]:
                yield f, i, a


def rgb(color):
    """'FFC8E6C9' -> 'C8E6C9' (None when the cell has no colour)."""
    v = getattr(color, "rgb", None)
    return v[-6:].upper() if isinstance(v, str) else None


def sv_key(s):
    """Swedish order for names: a-z, then å ä ö; case-insensitive."""
    return (s or "").lower().translate(str.maketrans({"å": "{", "ä": "|", "ö": "}"}))


# ---------------------------------------------------------------- sheet plumbing

def header_row(ws, first):
    """The row whose first cell is the table's first heading."""
    for r in range(1, 20):
        if ws.cell(r, 1).value == first:
            return r
    check(False, f"{ws.title}: no heading row starting with {first!r}")
    return None


def table(ws, first):
    """(heading row, {heading: column}, data rows as lists of cells)."""
    h = header_row(ws, first)
    if h is None:
        return None, {}, []
    cols = {}
    for c in range(1, ws.max_column + 1):
        v = ws.cell(h, c).value
        if v:
            cols[v] = c
    rows = [[ws.cell(r, c) for c in range(1, ws.max_column + 1)]
            for r in range(h + 1, ws.max_row + 1) if ws.cell(r, 1).value is not None]
    return h, cols, rows


def check_page(ws, h, lang, title, autofilter=True, nrows=None):
    """Frozen heading, autofilter, A4 landscape, fit to width, repeated heading,
    header with the plan and footer with page numbers."""
    name = ws.title
    check(ws.freeze_panes == f"A{h + 1}", f"{name}: freeze_panes {ws.freeze_panes} != A{h + 1}")
    if autofilter:
        last = openpyxl.utils.get_column_letter(ws.max_column)
        want = f"A{h}:{last}{h + nrows}"
        check(ws.auto_filter.ref == want, f"{name}: autofilter {ws.auto_filter.ref} != {want}")
    ps = ws.page_setup
    check(ps.orientation == "landscape", f"{name}: orientation {ps.orientation}")
    check(str(ps.paperSize) == "9", f"{name}: paper size {ps.paperSize} is not A4 (9)")
    check(ws.sheet_properties.pageSetUpPr is not None and ws.sheet_properties.pageSetUpPr.fitToPage,
          f"{name}: not fit to page")
    check(ps.fitToWidth in (None, 1, "1"), f"{name}: fitToWidth {ps.fitToWidth}")
    check(ws.print_title_rows == f"${h}:${h}", f"{name}: print_title_rows {ws.print_title_rows}")
    head = ws.oddHeader.left.text or ""
    foot = ws.oddFooter.right.text or ""
    check(title.replace("&", "&&")[:40] in head, f"{name}: page header {head!r} lacks the plan")
    check(T[lang]["page"] in foot, f"{name}: page footer {foot!r} lacks {T[lang]['page']!r}")


def check_status_cell(cell, status, labels, where):
    """The word and the tint of a status cell (colour never alone)."""
    check(cell.value == labels[status], f"{where}: status {cell.value!r} != {labels[status]!r}")
    check(rgb(cell.fill.fgColor) == TINT[status],
          f"{where}: fill {rgb(cell.fill.fgColor)} != {TINT[status]} for {status}")


def check_date_cell(cell, want, where):
    if want is None:
        check(cell.value is None, f"{where}: {cell.value!r} where no date was expected")
        return
    ok = isinstance(cell.value, dt.datetime) and cell.value.date() == want
    check(ok, f"{where}: {cell.value!r} is not the date {want}")
    check("yy" in (cell.number_format or ""), f"{where}: number format {cell.number_format!r}")


# ---------------------------------------------------------------- the sheets

def check_overview(ws, plan, prev, lang, labels):
    t = T[lang]
    h, cols, rows = table(ws, t["nr"])
    if h is None:
        return
    check_page(ws, h, lang, plan["title"], autofilter=False)
    check(ws["A1"].value == plan["title"], f"overview: title {ws['A1'].value!r}")
    texts = " ".join(str(ws.cell(r, 1).value or "") for r in range(1, h))
    check(plan["as_of"] in texts, f"overview: as-of date {plan['as_of']} not in the title block")
    check(("Styrgruppsrapport" if lang == "sv" else "Steering-group pack") in texts,
          "overview: the title block does not name the pack")
    nodes = [(None, plan)] + [(f["code"], f) for f in plan["focus_areas"]]
    check(len(rows) == len(nodes), f"overview: {len(rows)} rows, expected {len(nodes)}")
    prev_nodes = {None: prev} if prev else {}
    if prev:
        prev_nodes.update({f["code"]: f for f in prev["focus_areas"]})
    keys = list(cols)
    for row, (code, node) in zip(rows, nodes):
        where = f"overview row {code or 'plan'}"
        check(row[0].value == (code or t["whole"]), f"{where}: first cell {row[0].value!r}")
        check_status_cell(row[2], node["status"], labels, where)
        counts = [row[c].value for c in range(4, 12)]
        want = [node["counts"][k] for k in ("green", "yellow", "red", "completed", "unreported",
                                             "excluded", "overdue", "stale")]
        check(counts == want, f"{where}: counts {counts} != {want}")
        check(row[12].value == node["budget"] and row[13].value == node["spent"],
              f"{where}: budget/spent {row[12].value}/{row[13].value} != "
              f"{node['budget']}/{node['spent']}")
        check("#,##0" in (row[12].number_format or ""), f"{where}: amount format {row[12].number_format}")
        if not prev:
            want_change = t["first"]
        elif code not in prev_nodes:
            want_change = t["new"]
        elif prev_nodes[code]["status"] == node["status"]:
            want_change = t["unchanged"]
        else:
            want_change = f"{labels[prev_nodes[code]['status']]} → {labels[node['status']]}"  # before → now
        check(row[3].value == want_change, f"{where}: change {row[3].value!r} != {want_change!r}")
    check(keys[2] == "Status", f"overview: third heading {keys[2]!r}")
    check_chart(ws, plan, labels, len(nodes))


def check_chart(ws, plan, labels, nrows):
    charts = ws._charts
    if not check(len(charts) == 1, f"overview: {len(charts)} charts, expected 1"):
        return
    ch = charts[0]
    check(ch.grouping == "stacked", f"chart: grouping {ch.grouping}")
    series = ch.series
    order = ["green", "yellow", "red", "completed", "unreported"]
    check(len(series) == len(order), f"chart: {len(series)} series, expected {len(order)}")
    for s, st in zip(series, order):
        name = s.tx.v if s.tx is not None else None
        check(name == labels[st], f"chart: series name {name!r} != {labels[st]!r}")
        fill = s.graphicalProperties.solidFill if s.graphicalProperties else None
        clr = fill.srgbClr if fill is not None else None
        got = (getattr(clr, "val", clr) or "").upper() or None
        check(got == CHART[st], f"chart: {st} series colour {got} != {CHART[st]}")
        ref = s.val.numRef.f if s.val and s.val.numRef else ""
        check(ws.title in ref, f"chart: values {ref!r} do not point at the overview")
    check(ch.legend is not None, "chart: no legend")


def check_code_title(ws, cell, full, where):
    """A focus or initiative area's code and title: whole, or cut after a
    word with an ellipsis; in a wrapping cell whose row is tall enough for
    it. The line count is a lower bound (5.5 px a character in Arial 10 is
    narrower than any real text), so a short row is a real fault."""
    v = cell.value or ""
    if v != full:
        stem = v[:-1].rstrip()
        check(v.endswith("\u2026") and full.startswith(stem) and full[len(stem)] in " ,;:.-",
              f"{where}: {v!r} is neither {full!r} nor cut after a word of it")
        check(stem.split(" ")[0] == full.split(" ")[0], f"{where}: {v!r} lost its code")
    check(cell.alignment.wrap_text, f"{where}: the cell does not wrap")
    width = ws.column_dimensions[cell.column_letter].width or 8.43
    lines = -(-len(v) * 5.5 // (width * 7 - 1))
    height = ws.row_dimensions[cell.row].height or 15
    check(height >= 12.75 * lines, f"{where}: row {cell.row} is {height} pt tall, {v!r} needs "
          f"{lines:.0f} lines in a column {width} wide")


def check_activities(ws, plan, lang, labels, states):
    t = T[lang]
    h, cols, rows = table(ws, t["code"])
    if h is None:
        return
    want = [(f, i, a) for f, i, a in activities(plan) if a["status"] != "excluded"]
    check(len(rows) == len(want), f"activities: {len(rows)} rows, expected {len(want)}")
    note = ws.cell(2, 1).value or ""
    check("docs/" not in note and ".md" not in note, f"activities: the note names a file: {note!r}")
    check(all(w in note for w in (t["overdue"], t["stale"], "90")),
          f"activities: the note does not state the status rule: {note!r}")
    check_page(ws, h, lang, plan["title"], nrows=len(rows))
    c = list(cols.values())
    for row, (f, i, a) in zip(rows, want):
        where = f"activities {a['code']}"
        check(row[0].value == a["code"], f"{where}: code {row[0].value!r}")
        check_code_title(ws, row[1], f"{f['code']} {f['title']}", f"{where}: focus")
        check_code_title(ws, row[2], f"{i['code']} {i['title']}", f"{where}: initiative")
        check(row[3].value == a["title"], f"{where}: title {row[3].value!r} != {a['title']!r}")
        check(row[4].value == a["owner"], f"{where}: owner {row[4].value!r}")
        check(row[5].value == a["responsible"], f"{where}: responsible {row[5].value!r}")
        check_date_cell(row[6], day(a["start"]), f"{where} start")
        check_date_cell(row[7], day(a["due"]), f"{where} due")
        check(row[8].value == states[a["state"]], f"{where}: state {row[8].value!r}")
        check_status_cell(row[9], a["status"], labels, where)
        prog = None if a["progress"] is None else a["progress"] / 100
        check(row[10].value == prog or (prog is not None and abs((row[10].value or 0) - prog) < 1e-9),
              f"{where}: progress {row[10].value!r} != {prog!r}")
        check_date_cell(row[11], day(a["last_update"]), f"{where} last update")
        flags = [w for w, on in ((t["overdue"], a["overdue"]), (t["stale"], a["stale"]),
                                 (t["cause_missing"], a["cause_missing"])) if on]
        check((row[13].value or "") == ", ".join(flags), f"{where}: flags {row[13].value!r}")
    check(len(c) == 14, f"activities: {len(c)} headings, expected 14")
    wrapped = [ws.cell(h + 1, col).alignment.wrap_text for col in (4, 13)]
    check(all(wrapped), "activities: title and comment cells do not wrap")


def check_deviations(ws, plan, lang, labels, cause_missing):
    t = T[lang]
    h, cols, rows = table(ws, t["code"])
    if h is None:
        return
    devs = [a for _, _, a in activities(plan) if a["status"] in ("yellow", "red")]
    counts = plan["counts"]
    check(len(devs) == counts["yellow"] + counts["red"], "deviations: list and counts disagree")
    check(len(rows) == len(devs), f"deviations: {len(rows)} rows, expected {len(devs)}")
    check_page(ws, h, lang, plan["title"], nrows=len(rows))
    want = [a for a in devs if a["status"] == "red"] + [a for a in devs if a["status"] == "yellow"]
    check([r[0].value for r in rows] == [a["code"] for a in want],
          f"deviations: order {[r[0].value for r in rows]} is not red first in plan order")
    seen_missing = set()
    for row, a in zip(rows, want):
        where = f"deviations {a['code']}"
        check_status_cell(row[3], a["status"], labels, where)
        check(bool(row[4].value), f"{where}: no 'since when / why'")
        if a["cause_missing"]:
            seen_missing.add(a["code"])
            check(row[5].value == t["cause_missing"], f"{where}: cause {row[5].value!r}")
            check(row[5].font.italic and rgb(row[5].font.color) == "C00000",
                  f"{where}: '{t['cause_missing']}' is not red italic")
        else:
            check(row[5].value != t["cause_missing"], f"{where}: cause wrongly missing")
        check(row[-1].value is None, f"{where}: the decision column is not empty")
    for code in cause_missing:
        check(code in seen_missing, f"deviations: {code} does not say '{t['cause_missing']}'")


def to_chase(a):
    """Design section 8: every active activity that is unreported, stale,
    or overdue without a report since its due date (ISO dates compare as
    text)."""
    if a["status"] in ("excluded", "completed"):
        return False
    return (a["reported"] is None or a["stale"]
            or (a["overdue"] and a["last_update"] <= a["due"]))


def check_followup(ws, plan, lang, labels):
    t = T[lang]
    h, cols, rows = table(ws, t["what"])
    if h is None:
        return
    acts = [a for _, _, a in activities(plan)]
    proposals = [a["code"] for a in acts if a["state"] == "proposed"]
    chase = [a for a in acts if to_chase(a)]
    check(len(rows) == len(proposals) + len(chase),
          f"follow-up: {len(rows)} rows, expected {len(proposals) + len(chase)}")
    check_page(ws, h, lang, plan["title"], nrows=len(rows))
    got = [r[3].value for r in rows]
    check(got[:len(proposals)] == proposals, f"follow-up: proposals {got[:len(proposals)]}")
    check(all(r[0].value == t["proposal"] for r in rows[:len(proposals)]),
          "follow-up: proposals not marked as such")
    rest = rows[len(proposals):]
    check(sorted(got[len(proposals):]) == sorted(a["code"] for a in chase),
          f"follow-up: chase list {got[len(proposals):]} != {[a['code'] for a in chase]}")
    owners = [sv_key(r[1].value) for r in rest]
    check(owners == sorted(owners), "follow-up: not sorted by owner")
    as_of = day(plan["as_of"])
    by_code = {a["code"]: a for a in acts}
    for r in rest:
        a = by_code.get(r[3].value)
        if not a:
            continue
        where = f"follow-up {a['code']}"
        check(r[1].value == a["owner"] and r[2].value == a["responsible"], f"{where}: owner")
        check_status_cell(r[5], a["status"], labels, where)
        check_date_cell(r[7], day(a["last_update"]), f"{where} last report")
        days = (as_of - day(a["last_update"])).days if a["last_update"] else None
        check(r[8].value == days, f"{where}: days {r[8].value} != {days}")
        if a["status"] == "unreported":
            check(r[0].value == t["unreported"], f"{where}: what {r[0].value!r}")


def check_goals(ws, plan, lang):
    labels = STATUS_SV if lang == "sv" else STATUS_EN
    h, cols, rows = table(ws, t_code(lang))
    if h is None:
        return
    goals = plan.get("goals", [])
    check(len(rows) == len(goals), f"goals: {len(rows)} rows, expected {len(goals)}")
    check_page(ws, h, lang, plan["title"], nrows=len(rows))
    for row, g in zip(rows, goals):
        where = f"goals {g['code']}"
        check(row[0].value == g["code"] and row[1].value == g["title"], f"{where}: code/title")
        check(row[5].value == g["baseline"] and row[7].value == g["target"], f"{where}: values")
        check_date_cell(row[6], day(g["baseline_date"]), f"{where} baseline date")
        check_date_cell(row[8], day(g["target_date"]), f"{where} target date")
        check(row[9].value == g["latest"], f"{where}: latest {row[9].value} != {g['latest']}")
        check_date_cell(row[10], day(g["latest_date"]), f"{where} measured on")
        check_status_cell(row[12], g["status"], labels, where)
        check(row[13].value == g["activities"], f"{where}: linked {row[13].value}")


def t_code(lang):
    return T[lang]["code"]


# ---------------------------------------------------------------- changes, from the CSV

def plan_states(ini):
    """Each activity's state in the plan file (default decided)."""
    states, code = {}, None
    for line in open(ini, encoding="utf-8"):
        m = re.match(r"\[activity\s+(\S+)\]", line)
        if m:
            code = m.group(1)
            states[code] = "decided"
        elif line.startswith("["):
            code = None
        elif code and re.match(r"state\s*=", line):
            states[code] = line.split("=", 1)[1].strip()
    return states


def expected_changes(updates, ini, since, as_of):
    """(date, code, kind, from, to) within (since, as_of], recomputed from the CSV:
    every status report (also one that keeps its colour), every state change
    and every decision (docs/rules.md, "Time")."""
    rows = list(csv.DictReader(open(updates, encoding="utf-8-sig")))
    order = sorted(range(len(rows)), key=lambda k: (rows[k]["date"], k))
    color, state, out = {}, plan_states(ini), []
    for k in order:
        r = rows[k]
        d, code = day(r["date"]), r["code"]
        inside = since < d <= as_of
        if r["status"]:
            new = COLOR_WORDS[r["status"].strip().lower()]
            old = color.get(code)
            color[code] = new
            if inside:  # every report is news, one that keeps its colour too
                out.append((d, code, "status", old, new))
        if r.get("state") and r["state"] != state.get(code):
            if inside:
                out.append((d, code, "state", state.get(code), r["state"]))
            state[code] = r["state"]
        if r.get("decision") and inside:
            out.append((d, code, "decision", None, None))
    return out


def check_changes(ws, plan, lang, labels, since, updates, ini):
    t = T[lang]
    first = "Datum" if lang == "sv" else "Date"
    h, cols, rows = table(ws, first)
    if h is None:
        return
    check_page(ws, h, lang, plan["title"], nrows=len(rows))
    dates = [r[0].value for r in rows]
    check(all(isinstance(d, dt.datetime) for d in dates), "changes: dates are not real dates")
    check(dates == sorted(dates), "changes: not in date order")
    as_of = day(plan["as_of"])
    if since:
        check(all(since < d.date() <= as_of for d in dates if isinstance(d, dt.datetime)),
              f"changes: a date outside ({since}, {as_of}]")
    if not (updates and ini and since):
        return
    states = STATE_SV if lang == "sv" else STATE_EN
    want = []
    for d, code, kind, old, new in expected_changes(updates, ini, since, as_of):
        if kind == "status":
            arrow = f"{labels[old] if old else labels['unreported']} → {labels[new]}"
        elif kind == "state":
            arrow = f"{states[old]} → {states[new]}"
        else:
            arrow = None
        want.append((d, code, kind, arrow))
    got = [(r[0].value.date() if isinstance(r[0].value, dt.datetime) else None, r[1].value,
            t["kinds"].get(r[3].value, r[3].value), r[4].value) for r in rows]
    check(sorted(got, key=str) == sorted(want, key=str),
          f"changes: sheet {sorted(got, key=str)} != CSV {sorted(want, key=str)}")
    for r in rows:
        if t["kinds"].get(r[3].value) == "status":
            to = r[4].value.split(" → ")[-1]
            st = next(k for k, v in labels.items() if v == to)
            check(rgb(r[4].fill.fgColor) == TINT[st], f"changes: {r[1].value} arrow not tinted")


# ---------------------------------------------------------------- LibreOffice

def check_soffice(path):
    """A real office program opens the workbook."""
    need(programs=["soffice", "pdftotext"])
    soffice = shutil.which("soffice")
    with tempfile.TemporaryDirectory() as tmp:
        profile = f"-env:UserInstallation=file://{tmp}/profile"
        r = subprocess.run([soffice, profile, "--headless", "--convert-to", "pdf", "--outdir",
                            tmp, path], capture_output=True, text=True, timeout=180)
        pdf = os.path.join(tmp, os.path.splitext(os.path.basename(path))[0] + ".pdf")
        if not check(r.returncode == 0 and os.path.exists(pdf),
                     f"soffice could not convert the workbook: {r.stdout} {r.stderr}"):
            return
        text = subprocess.run(["pdftotext", pdf, "-"], capture_output=True, text=True).stdout
        check("Avvikelser" in text or "Deviations" in text,
              "soffice: the PDF lacks the deviation sheet")
        check("####" not in text, "soffice: a cell shows #### (column too narrow)")


# ---------------------------------------------------------------- main

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("xlsx")
    ap.add_argument("--list", required=True)
    ap.add_argument("--prev")
    ap.add_argument("--lang", default="sv", choices=["sv", "en"])
    ap.add_argument("--since")
    ap.add_argument("--updates")
    ap.add_argument("--plan")
    ap.add_argument("--cause-missing", default="")
    ap.add_argument("--soffice", action="store_true")
    args = ap.parse_args()

    plan = json.load(open(args.list, encoding="utf-8"))
    prev = json.load(open(args.prev, encoding="utf-8")) if args.prev else None
    labels = STATUS_SV if args.lang == "sv" else STATUS_EN
    states = STATE_SV if args.lang == "sv" else STATE_EN
    wb = openpyxl.load_workbook(args.xlsx)
    want = SHEETS[args.lang][:5] + (SHEETS[args.lang][5:] if plan.get("goals") else [])
    check(wb.sheetnames == want, f"sheets {wb.sheetnames} != {want}")
    names = SHEETS[args.lang]
    if names[0] in wb.sheetnames:
        check_overview(wb[names[0]], plan, prev, args.lang, labels)
    if names[1] in wb.sheetnames:
        check_activities(wb[names[1]], plan, args.lang, labels, states)
    if names[2] in wb.sheetnames:
        check_deviations(wb[names[2]], plan, args.lang, labels,
                         [c for c in args.cause_missing.split(",") if c])
    if names[3] in wb.sheetnames:
        check_changes(wb[names[3]], plan, args.lang, labels, day(args.since), args.updates,
                      args.plan)
    if names[4] in wb.sheetnames:
        check_followup(wb[names[4]], plan, args.lang, labels)
    if plan.get("goals") and names[5] in wb.sheetnames:
        check_goals(wb[names[5]], plan, args.lang)
    if args.soffice:
        check_soffice(args.xlsx)
    for f in failures[:60]:
        print("FAIL:", f)
    if len(failures) > 60:
        print(f"... and {len(failures) - 60} more")
    print(f"check_steering_xlsx: {args.xlsx}: {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
