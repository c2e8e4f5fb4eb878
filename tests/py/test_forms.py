"""Update forms end to end: export the demo plan's forms, check the workbook
with openpyxl (locked and open cells, validations, the hidden id sheet),
fill a form in with openpyxl and with a LibreOffice round trip, import it,
and check with `show --json`, `list --json` and the database itself that
exactly those updates arrived, signed and dated right, and that importing
again records nothing.

Run by ctest with AP_BIN and AP_SRC set; needs /usr/bin/python3 with
python3-openpyxl and LibreOffice; without them the test is skipped, saying
so (need.py), and ./test.sh, which installs both, counts a skip as a failure.
"""

import datetime
import glob
import json
import os
import shutil
import sqlite3
import subprocess
import tempfile
import unittest

from need import need

need(programs=["soffice"], modules=["openpyxl"])
import openpyxl  # noqa: E402

BIN = os.environ.get("AP_BIN", os.path.join(os.path.dirname(__file__), "..", "..", "build",
                                            "actionplan"))
SRC = os.environ.get("AP_SRC", os.path.join(os.path.dirname(__file__), "..", ".."))
SOFFICE = shutil.which("soffice")
TODAY = "2018-01-31"
# Swedish unless config.ini says otherwise (ACTIONPLAN_LANG would override it)
ENV = dict({k: v for k, v in os.environ.items() if k != "ACTIONPLAN_LANG"}, ACTIONPLAN_TODAY=TODAY)

# Columns of the activities sheet (forms.h): A code ... J status ... O date,
# P state, Q cost.
STATUS, PROGRESS, COMMENT, CAUSE, ACTION, DATE, STATE, COST = "JKLMNOPQ"
OPEN = (STATUS, PROGRESS, COMMENT, CAUSE, ACTION, DATE, STATE, COST)
LOCKED = "ABCDEFGHI"
FIRST_ROW = 5


class Demo:
    """A fresh database with the demo plan and its history, in its own folder."""

    def __init__(self, root, name, config=None):
        self.dir = os.path.join(root, name)
        os.makedirs(self.dir)
        if config:
            with open(os.path.join(self.dir, "config.ini"), "w", encoding="utf-8") as f:
                f.write(config)
        self.ok("init")
        self.ok("import", os.path.join(SRC, "plans", "sodertalje-2016.ini"))
        self.ok("updates", "import", os.path.join(SRC, "plans", "sodertalje-2016-updates.csv"))

    def run(self, *args):
        return subprocess.run([BIN, *args], cwd=self.dir, env=ENV, capture_output=True,
                              text=True, timeout=300)

    def ok(self, *args):
        r = self.run(*args)
        if r.returncode != 0:
            raise AssertionError(f"actionplan {' '.join(args)}: {r.returncode} {r.stderr}")
        return r.stdout

    def json(self, *args):
        return json.loads(self.ok(*args, "--json"))

    def path(self, *parts):
        return os.path.join(self.dir, *parts)

    def export(self, *args):
        self.ok("forms", "export", "--out", "forms", *args)
        return sorted(glob.glob(self.path("forms", "*.xlsx")))

    def updates(self):
        """Every status update row, for comparing before and after."""
        with sqlite3.connect(self.path("actionplan.db")) as db:
            return db.execute("SELECT u.id, a.code, u.date, u.status, u.progress, u.comment, "
                              "u.cause, u.action, u.by, u.origin FROM status_update u "
                              "JOIN activity a ON a.id = u.activity_id ORDER BY u.id").fetchall()


def focus_activities(plan, code):
    """The activities of a focus area that are not closed, from list --json."""
    fa = [f for f in plan["focus_areas"] if f["code"] == code][0]
    return [a for i in fa["initiatives"] for a in i["activities"]
            if a["state"] in ("proposed", "decided", "ongoing", "paused")]


def fill(src, dest, cells, signer=None, report_date=None):
    """Fill a form as a lead would with openpyxl: cells maps 'J5' to a value."""
    wb = openpyxl.load_workbook(src)
    ws = wb["Aktiviteter"]
    for ref, value in cells.items():
        ws[ref] = value
    if signer is not None:
        wb["Instruktioner"]["B10"] = signer
    if report_date is not None:
        wb["Instruktioner"]["B11"] = report_date
    wb.save(dest)
    return dest


def libreoffice(src, outdir, tmp):
    """Open src in LibreOffice and save it as xlsx into outdir."""
    os.makedirs(outdir, exist_ok=True)
    profile = "file://" + tempfile.mkdtemp(dir=tmp, prefix="lo-profile-")
    r = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                        "--convert-to", "xlsx:Calc MS Excel 2007 XML", "--outdir", outdir, src],
                       capture_output=True, timeout=300)
    out = os.path.join(outdir, os.path.basename(src))
    if not os.path.exists(out):
        raise AssertionError(f"soffice did not convert {src}: {r.stdout!r} {r.stderr!r}")
    return out


class FormsCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.mkdtemp(prefix="ap-forms-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def demo(self, name, config=None):
        return Demo(self.tmp, name, config)

    def form_of(self, files, focus):
        name = f"blankett-sodertalje-2016-fokus-{focus}-{TODAY}.xlsx"
        match = [f for f in files if os.path.basename(f) == name]
        self.assertEqual(len(match), 1, f"{name} among {files}")
        return match[0]

    def last_update(self, demo, code):
        return demo.json("show", code)["updates"][-1]

    def assert_form_structure(self, wb, d):
        """What a lead's program must keep: protection, locks, validations, the id."""
        for ws in wb.worksheets:
            self.assertTrue(ws.protection.sheet, f"{ws.title} is protected")
            self.assertFalse(ws.protection.password, f"{ws.title} has no password")
        ws = wb["Aktiviteter"]
        acts = focus_activities(d.json("list"), "1")
        last = FIRST_ROW + len(acts) - 1
        for r in range(FIRST_ROW, last + 1):
            for c in LOCKED:
                self.assertTrue(ws[f"{c}{r}"].protection.locked, f"{c}{r} locked")
            for c in OPEN:
                self.assertFalse(ws[f"{c}{r}"].protection.locked, f"{c}{r} open")
        self.assertTrue(ws[f"{STATUS}{last + 1}"].protection.locked, "no open row below")
        info = wb["Instruktioner"]
        self.assertFalse(info["B10"].protection.locked)
        self.assertFalse(info["B11"].protection.locked)
        self.assertTrue(info["B5"].protection.locked)
        lead = [f for f in d.json("list")["focus_areas"] if f["code"] == "1"][0]["lead"]
        self.assertEqual(info["B10"].value, lead)
        self.assertEqual(info["B11"].value, datetime.datetime(2018, 1, 31))
        rules = {dv.type: (str(dv.sqref), dv.formula1, dv.formula2)
                 for dv in ws.data_validations.dataValidation if str(dv.sqref)[0] in "JKO"}
        self.assertEqual(rules["list"][:2], (f"J{FIRST_ROW}:J{last}", '"Grön,Gul,Röd"'))
        self.assertEqual(rules["whole"], (f"K{FIRST_ROW}:K{last}", "0", "100"))
        self.assertEqual(rules["date"][0], f"O{FIRST_ROW}:O{last}")
        states = [dv for dv in ws.data_validations.dataValidation if str(dv.sqref).startswith("P")]
        self.assertEqual(states[0].formula1, '"Genomförd,Pausad,Avbruten,Pågående,Beslutad"')
        ident = {r[0].value: r[1].value for r in wb["Blankett-id"].iter_rows() if r[0].value}
        self.assertEqual(ident["actionplan-blankett"], "2")
        self.assertEqual(ident["plan"], "sodertalje-2016")
        self.assertEqual(ident["as_of"], TODAY)
        self.assertEqual((ident["scope"], ident["scope_value"]), ("focus", "1"))
        self.assertRegex(ident["form"], r"^[0-9a-f]{16}$")
        listed = [r[1].value for r in wb["Blankett-id"].iter_rows() if r[0].value == "activity"]
        self.assertEqual(listed, [a["code"] for a in acts])


class Workbook(FormsCase):
    def test_one_form_per_focus_area_with_its_active_activities(self):
        d = self.demo("structure")
        files = d.export()
        self.assertEqual([os.path.basename(f) for f in files],
                         [f"blankett-sodertalje-2016-fokus-{n}-{TODAY}.xlsx" for n in range(1, 6)])
        plan = d.json("list")
        for n in range(1, 6):
            wb = openpyxl.load_workbook(self.form_of(files, n))
            acts = focus_activities(plan, str(n))
            codes = [wb["Aktiviteter"][f"A{FIRST_ROW + i}"].value for i in range(len(acts))]
            self.assertEqual(codes, [a["code"] for a in acts], f"focus {n}")
            self.assertIsNone(wb["Aktiviteter"][f"A{FIRST_ROW + len(acts)}"].value)

    def test_locked_cells_open_cells_validation_hidden_id(self):
        d = self.demo("locks")
        wb = openpyxl.load_workbook(self.form_of(d.export(), 1))
        self.assertEqual(wb.sheetnames, ["Instruktioner", "Aktiviteter", "Blankett-id"])
        self.assertEqual([ws.sheet_state for ws in wb.worksheets], ["visible", "visible", "hidden"])
        self.assert_form_structure(wb, d)

    def test_current_status_shows_word_and_fill(self):
        d = self.demo("status")
        wb = openpyxl.load_workbook(self.form_of(d.export(), 1))
        ws = wb["Aktiviteter"]
        acts = focus_activities(d.json("list"), "1")
        words = {"green": "Grön", "yellow": "Gul", "red": "Röd", "unreported": "Ej rapporterad"}
        for i, a in enumerate(acts):
            cell = ws[f"F{FIRST_ROW + i}"]
            self.assertTrue(cell.value.startswith(words[a["status"]]), (a["code"], cell.value))
            self.assertNotEqual(cell.fill.fgColor.rgb, "00000000", a["code"])

    def test_forms_per_owner(self):
        d = self.demo("owner")
        files = d.export("--per-owner")
        names = [os.path.basename(f) for f in files]
        self.assertIn(f"blankett-sodertalje-2016-destination-sodertalje-{TODAY}.xlsx", names)
        wb = openpyxl.load_workbook(d.path("forms", f"blankett-sodertalje-2016-campus-telge-{TODAY}.xlsx"))
        owners = {wb["Aktiviteter"][f"C{r}"].value for r in range(FIRST_ROW, 40)} - {None}
        self.assertEqual(owners, {"Campus Telge"})
        self.assertEqual(wb["Instruktioner"]["B10"].value, "Campus Telge")


class FilledIn(FormsCase):
    # row -> (code index, expected update) for the fill below
    CELLS = {
        "J5": "grön", "K5": 60, "L5": "Tio besök i januari.",
        "J6": "GUL ", "K6": "40 %", "M6": "Sjukdom i projektgruppen", "N6": "Skjut på mötet",
        "O6": datetime.date(2018, 1, 25),
        "J8": "Röd", "K8": 0.35, "M8": "Ingen lokal", "O8": "2018-01-20",
        "J10": "green",
    }

    def expected(self, codes, signer):
        def u(i, status, progress=None, comment=None, cause=None, action=None, date=TODAY):
            return codes[i], dict(date=date, status=status, progress=progress, comment=comment,
                                  cause=cause, action=action, by=signer)
        return dict([u(0, "green", 60, "Tio besök i januari."),
                     u(1, "yellow", 40, None, "Sjukdom i projektgruppen", "Skjut på mötet",
                       "2018-01-25"),
                     u(3, "red", 35, None, "Ingen lokal", None, "2018-01-20"),
                     u(5, "green")])

    def assert_imported(self, d, before, form_key, expected):
        """Exactly the expected updates arrived, each from the form."""
        after = d.updates()
        self.assertEqual(after[:len(before)], before, "history is append-only")
        new = after[len(before):]
        self.assertEqual(sorted(r[1] for r in new), sorted(expected))
        for row in new:
            code = row[1]
            got = self.last_update(d, code)
            want = expected[code]
            self.assertEqual({k: got[k] for k in want}, want, code)
            self.assertTrue(got["origin"].startswith(f"form {form_key} "), got["origin"])
        listed = {a["code"]: a for f in d.json("list")["focus_areas"]
                  for i in f["initiatives"] for a in i["activities"]}
        for code, want in expected.items():
            self.assertEqual((listed[code]["last_update"], listed[code]["reported"]),
                             (want["date"], want["status"]), code)

    def form_key(self, path):
        wb = openpyxl.load_workbook(path)
        return {r[0].value: r[1].value for r in wb["Blankett-id"].iter_rows()}["form"]

    def test_filled_with_openpyxl_imports_once(self):
        d = self.demo("openpyxl")
        src = self.form_of(d.export(), 1)
        codes = [a["code"] for a in focus_activities(d.json("list"), "1")]
        before = d.updates()
        filled = fill(src, d.path("ifylld.xlsx"), self.CELLS, signer="Anna Lind")
        out = d.ok("forms", "import", filled)
        self.assertIn("Registrerade 4 rapporter; 0 fanns redan; 7 rader utan nyheter.", out)
        self.assertIn("rapporterad av Anna Lind", out)
        self.assert_imported(d, before, self.form_key(src), self.expected(codes, "Anna Lind"))
        imported = d.updates()
        out = d.ok("forms", "import", filled)
        self.assertIn("Inget nytt registrerades: 4 rapporter fanns redan", out)
        self.assertEqual(d.updates(), imported, "the second import recorded something")

    def test_default_signer_and_date(self):
        d = self.demo("defaults")
        src = self.form_of(d.export(), 2)
        lead = [f for f in d.json("list")["focus_areas"] if f["code"] == "2"][0]["lead"]
        code = focus_activities(d.json("list"), "2")[0]["code"]
        filled = fill(src, d.path("tom-signatur.xlsx"), {"J5": "Gul"}, signer="",
                      report_date="")
        d.ok("forms", "import", filled)
        got = self.last_update(d, code)
        self.assertEqual((got["by"], got["date"], got["status"], got["cause"]),
                         (lead, TODAY, "yellow", None))
        second = focus_activities(d.json("list"), "2")[1]["code"]
        dated = fill(src, d.path("datum.xlsx"), {"J6": "Grön"}, report_date="2018-01-29")
        d.ok("forms", "import", dated)
        self.assertEqual(self.last_update(d, second)["date"], "2018-01-29")

    def test_english_form_reads_back_in_swedish(self):
        d = self.demo("english", config="[report]\nlanguage = en\n")
        src = self.form_of(d.export(), 1)
        wb = openpyxl.load_workbook(src)
        self.assertEqual(wb.sheetnames, ["Instructions", "Activities", "Form id"])
        wb["Activities"]["J5"] = "Yellow"
        wb["Activities"]["M5"] = "Late delivery"
        wb.save(d.path("english.xlsx"))
        os.remove(d.path("config.ini"))
        out = d.ok("forms", "import", "english.xlsx")
        self.assertIn("Registrerade 1 rapport;", out)
        code = focus_activities(d.json("list"), "1")[0]["code"]
        self.assertEqual(self.last_update(d, code)["cause"], "Late delivery")

    def test_libreoffice_round_trip_then_filled(self):
        d = self.demo("lo-blank")
        src = self.form_of(d.export(), 1)
        saved = libreoffice(src, d.path("lo"), self.tmp)
        wb = openpyxl.load_workbook(saved)
        self.assertEqual([ws.sheet_state for ws in wb.worksheets], ["visible", "visible", "hidden"])
        self.assert_form_structure(wb, d)
        codes = [a["code"] for a in focus_activities(d.json("list"), "1")]
        before = d.updates()
        filled = fill(saved, d.path("lo-ifylld.xlsx"), self.CELLS, signer="Bo Ek")
        out = d.ok("forms", "import", filled)
        self.assertIn("Registrerade 4 rapporter", out)
        self.assert_imported(d, before, self.form_key(src), self.expected(codes, "Bo Ek"))

    def test_filled_then_saved_by_libreoffice(self):
        d = self.demo("lo-filled")
        src = self.form_of(d.export(), 1)
        codes = [a["code"] for a in focus_activities(d.json("list"), "1")]
        before = d.updates()
        filled = fill(src, d.path("ifylld.xlsx"), self.CELLS, signer="Åsa Öberg")
        saved = libreoffice(filled, d.path("lo"), self.tmp)
        out = d.ok("forms", "import", saved)
        self.assertIn("Registrerade 4 rapporter", out)
        self.assert_imported(d, before, self.form_key(src), self.expected(codes, "Åsa Öberg"))
        imported = d.updates()
        out = d.ok("forms", "import", filled)  # the same answers, as openpyxl wrote them
        self.assertIn("Inget nytt registrerades", out)
        self.assertEqual(d.updates(), imported)


class StatesCostsPercentConflicts(FormsCase):
    """Issue 15: a lead says "done", what it cost and "100 %" on a form filled
    in and saved by LibreOffice, and one row conflicts with a later report."""

    def filled_by_libreoffice(self, d):
        src = self.form_of(d.export(), 1)
        codes = [a["code"] for a in focus_activities(d.json("list"), "1")]
        wb = openpyxl.load_workbook(src)
        ws = wb["Aktiviteter"]
        ws["J5"], ws["K5"], ws["P5"], ws["Q5"] = "Grön", 1, "Genomförd", 3500
        ws["K5"].number_format = "0 %"  # what typing "100 %" leaves: 1 shown as per cent
        ws["J6"], ws["K6"], ws["Q6"] = "Grön", 0.35, "12 000 kr"
        ws["K6"].number_format = "0%"
        ws["J7"], ws["M7"] = "Gul", "Försenad leverans"
        ws["P8"] = "Pausad"
        wb.save(d.path("ifylld.xlsx"))
        return libreoffice(d.path("ifylld.xlsx"), d.path("lo"), self.tmp), codes

    def test_state_cost_and_percent_through_libreoffice(self):
        d = self.demo("states")
        saved, codes = self.filled_by_libreoffice(d)
        self.assertEqual(openpyxl.load_workbook(saved)["Aktiviteter"]["K5"].value, 1)
        out = d.ok("forms", "import", saved)
        self.assertIn("Registrerade 2 lägesändringar.", out)
        first = d.json("show", codes[0])
        self.assertEqual((first["updates"][-1]["progress"], first["updates"][-1]["cost"]),
                         (100, 3500))
        self.assertEqual(first["state"], "completed")
        second = self.last_update(d, codes[1])
        self.assertEqual((second["progress"], second["cost"]), (35, 12000))
        self.assertEqual(d.json("show", codes[3])["state"], "paused")
        self.assertEqual(self.last_update(d, codes[3])["date"] < TODAY, True,
                         "a row with only a state records no report")

    def test_a_state_the_activity_cannot_go_to_is_refused(self):
        d = self.demo("bad-state")
        src = self.form_of(d.export(), 1)
        before = d.updates()
        filled = fill(src, d.path("beslutad.xlsx"), {"J5": "Grön", "P5": "Beslutad"})
        r = d.run("forms", "import", filled)
        self.assertEqual(r.returncode, 1, r.stderr)
        self.assertIn("kolumn P (Nytt läge)", r.stderr)
        self.assertEqual(d.updates(), before)

    def test_skip_conflicts_records_the_clean_rows(self):
        d = self.demo("conflict")
        saved, codes = self.filled_by_libreoffice(d)
        d.ok("update", codes[2], "--status", "röd", "--cause", "Konkurs", "--by", "Eva")
        before = d.updates()
        r = d.run("forms", "import", saved)
        self.assertEqual(r.returncode, 1)
        self.assertIn("senare rapport", r.stderr)
        self.assertEqual(d.updates(), before, "all or nothing by default")
        r = d.run("forms", "import", "--skip-conflicts", saved)
        self.assertEqual(r.returncode, 1, r.stdout)
        self.assertIn("1 rad vägrades (se ovan); de övriga är registrerade", r.stderr)
        self.assertRegex(r.stdout, codes[2] + r" +rad 7 .*vägrad\n +.*senare rapport")
        self.assertNotIn("Inget i filen registrerades", r.stdout)
        new = d.updates()[len(before):]
        self.assertEqual(sorted(u[1] for u in new), sorted([codes[0], codes[1]]))
        self.assertEqual(d.json("show", codes[3])["state"], "paused")
        self.assertEqual(self.last_update(d, codes[2])["by"], "Eva")


class Assessment(FormsCase):
    """A focus-area form has a "Bedömning" cell (issue 15, part 2): the focus
    area's assessment for the form's as-of date, recorded as an assessment
    signed and dated like the form's reports; an owner's form has none."""

    def assessments(self, d):
        with sqlite3.connect(d.path("actionplan.db")) as db:
            return db.execute("SELECT scope, period, date, text, by FROM assessment "
                              "ORDER BY id").fetchall()

    def test_the_cell_is_open_on_focus_forms_only(self):
        d = self.demo("assessment-cell")
        wb = openpyxl.load_workbook(self.form_of(d.export(), 4))
        info = wb["Instruktioner"]
        self.assertEqual(info["A12"].value, "Bedömning")
        self.assertFalse(info["B12"].protection.locked, "the assessment cell is open")
        self.assertIsNone(info["B12"].value)
        owner = d.export("--owner", "Kommunstyrelsens kontor")
        owner = [f for f in owner if "fokus" not in os.path.basename(f)][0]
        self.assertNotEqual(openpyxl.load_workbook(owner)["Instruktioner"]["A12"].value,
                            "Bedömning")

    def test_imported_as_the_focus_areas_assessment(self):
        d = self.demo("assessment-import")
        src = self.form_of(d.export(), 4)
        text = "Handläggningstiderna har kortats men är ännu för långa."
        wb = openpyxl.load_workbook(src)
        wb["Instruktioner"]["B10"] = "Eva Ek"
        wb["Instruktioner"]["B12"] = text
        wb.save(d.path("bedomning.xlsx"))
        out = d.ok("forms", "import", d.path("bedomning.xlsx"))
        self.assertIn("Registrerade bedömningen av fokusområde 4 för 2018-01-31.", out)
        self.assertEqual(self.assessments(d), [("4", TODAY, TODAY, text, "Eva Ek")])
        out = d.ok("forms", "import", d.path("bedomning.xlsx"))
        self.assertIn("Bedömningen fanns redan.", out)
        self.assertEqual(len(self.assessments(d)), 1, "the second import recorded it again")
        # the pack of that day shows it
        d.ok("report", "steering", "--as-of", TODAY, "--out", "r")
        pdf = subprocess.run(["pdftotext", glob.glob(d.path("r", "*.pdf"))[0], "-"],
                             capture_output=True, text=True).stdout
        self.assertIn("Handläggningstiderna har kortats", pdf)

    def test_through_libreoffice(self):
        d = self.demo("assessment-lo")
        src = self.form_of(d.export(), 2)
        wb = openpyxl.load_workbook(src)
        wb["Instruktioner"]["B12"] = "Bra år.\nMatchningen behöver stärkas."
        wb.save(d.path("lo-in.xlsx"))
        saved = libreoffice(d.path("lo-in.xlsx"), d.path("lo"), self.tmp)
        d.ok("forms", "import", saved)
        self.assertEqual(self.assessments(d)[0][3], "Bra år.\nMatchningen behöver stärkas.")


if __name__ == "__main__":
    unittest.main(verbosity=2)
