#!/usr/bin/env python3
"""The annual report's workbook, read with openpyxl (an independent reader):
sheets, the summary's statuses and counts against `list --json --as-of
<Y>-12-31`, the covered and completed activities, real dates, SDG counts
against the plan file, and English sheet names."""
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile

from need import need

need(modules=["openpyxl"])
import openpyxl  # noqa: E402

BIN, SRC = os.environ["AP_BIN"], os.environ["AP_SRC"]
ENV = dict(os.environ, ACTIONPLAN_TODAY="2018-01-31")
failures = []
WORDS = {"green": "Grön", "yellow": "Gul", "red": "Röd", "none": "Ingen"}


def check(cond, what):
    if not cond:
        failures.append(what)


def run(args, cwd):
    p = subprocess.run([BIN] + args, cwd=cwd, capture_output=True, text=True, env=ENV)
    if p.returncode:
        sys.exit(f"{args}: {p.stderr}")
    return p.stdout


def table(ws, header_row):
    """Rows under the heading row as dicts, until the first empty row."""
    heads = [c.value for c in ws[header_row]]
    out = []
    for row in ws.iter_rows(min_row=header_row + 1, values_only=True):
        if all(v is None for v in row):
            break
        out.append(dict(zip(heads, row)))
    return out


with tempfile.TemporaryDirectory() as tmp:
    run(["init"], tmp)
    run(["import", f"{SRC}/plans/sodertalje-2016.ini"], tmp)
    run(["updates", "import", f"{SRC}/plans/sodertalje-2016-updates.csv"], tmp)
    run(["measures", "import", f"{SRC}/plans/sodertalje-2016-measures.csv"], tmp)
    for year in (2016, 2017):
        run(["report", "annual", "--year", str(year)], tmp)
        path = f"{tmp}/reports/arsrapport-sodertalje-2016-{year}.xlsx"
        wb = openpyxl.load_workbook(path)
        check(wb.sheetnames == ["Sammanfattning", "Aktiviteter", "Genomförda", "Avvikelser", "Mål",
                                "Globala mål"], f"{year}: sheets {wb.sheetnames}")
        listed = json.loads(run(["list", "--json", "--as-of", f"{year}-12-31"], tmp))
        acts = {a["code"]: a for f in listed["focus_areas"] for i in f["initiatives"] for a in i["activities"]}

        # summary: the plan and each focus area, status word and counts
        ws = wb["Sammanfattning"]
        check(f"Årsrapport {year} till kommunstyrelsen" in str(ws["A1"].value), f"{year}: title")
        rows = table(ws, 6)
        check(len(rows) == 1 + len(listed["focus_areas"]), f"{year}: summary rows")
        expect = [("", listed)] + [(f["code"], f) for f in listed["focus_areas"]]
        for row, (code, node) in zip(rows, expect):
            check(row["Status"] == WORDS[node["status"]], f"{year}: status of {code or 'plan'}")
            check(row["Grön"] == node["counts"]["green"] and row["Röd"] == node["counts"]["red"]
                  and row["Ej rapporterad"] == node["counts"]["unreported"], f"{year}: counts of {code or 'plan'}")
            check(row["Budget (kr)"] == node["budget"] and row["Förbrukat (kr)"] == node["spent"],
                  f"{year}: money of {code or 'plan'}")

        # the covered activities: decided/ongoing/paused on 31 December, or
        # completed/cancelled during the year
        rows = table(wb["Aktiviteter"], 3)
        covered = {r["Kod"] for r in rows}
        for code, a in acts.items():
            shown = json.loads(run(["show", code, "--json", "--as-of", f"{year}-12-31"], tmp))
            ended = [c["date"] for c in shown["state_changes"] if c["to"] == a["state"]]
            should = a["state"] in ("decided", "ongoing", "paused") or (
                a["state"] in ("completed", "cancelled") and ended and ended[-1].startswith(str(year)))
            check((code in covered) == bool(should), f"{year}: {code} covered={code in covered}, state {a['state']}")
        for r in rows:
            a = acts[r["Kod"]]
            word = {"completed": "Genomförd", "unreported": "Ej rapporterad", "excluded": "Ej aktiv"}.get(a["status"], WORDS.get(a["status"]))
            check(r["Status 31/12"] == word, f"{year}: {r['Kod']} status {r['Status 31/12']} vs {a['status']}")
            check(r["Slutdatum"] is None or isinstance(r["Slutdatum"], dt.datetime), f"{year}: due is a date")

        # completed during the year, with their dates
        done = table(wb["Genomförda"], 3)
        for r in done:
            check(isinstance(r["Genomförd"], dt.datetime) and r["Genomförd"].year == year,
                  f"{year}: {r['Kod']} completed in the year")
        expected_done = {c for c, a in acts.items() if a["state"] == "completed"} & covered
        check({r["Kod"] for r in done} == expected_done, f"{year}: completed list")

        # deviations: yellow and red on 31 December
        dev = table(wb["Avvikelser"], 3)
        check({r["Kod"] for r in dev} == {c for c, a in acts.items() if a["status"] in ("yellow", "red")},
              f"{year}: deviations")

        # SDGs: counts per goal over the covered activities, from the plan file
        sdg = table(wb["Globala mål"], 3)
        check(len(sdg) == 17 and sdg[7]["FN:s globala mål (Agenda 2030)"].startswith("Anständiga arbetsvillkor"),
              f"{year}: 17 SDGs with Swedish names")
        plan_sdgs = {}
        code = None
        for line in open(f"{SRC}/plans/sodertalje-2016.ini", encoding="utf-8"):
            if line.startswith("[activity "):
                code = line.strip()[10:-1]
            elif line.startswith("sdg") and code:
                plan_sdgs[code] = [int(x) for x in line.split("=", 1)[1].split(",")]
        for r in sdg:
            want = sum(1 for c in covered if r["Mål"] in plan_sdgs.get(c, []))
            check(r["Aktiviteter"] == want, f"{year}: SDG {r['Mål']} {r['Aktiviteter']} vs {want}")

    # English
    open(f"{tmp}/en.ini", "w").write("[report]\nlanguage = en\n")
    run(["--config", "en.ini", "report", "annual", "--year", "2016", "--out", "en"], tmp)
    wb = openpyxl.load_workbook(f"{tmp}/en/arsrapport-sodertalje-2016-2016.xlsx")
    check(wb.sheetnames == ["Summary", "Activities", "Completed", "Deviations", "Goals", "SDGs"],
          f"English sheets {wb.sheetnames}")

for f in failures:
    print("FAIL:", f)
print(f"{len(failures)} failed")
sys.exit(1 if failures else 0)
