"""Peer tests of the xlsx reader: workbooks written by other programs.

openpyxl (inline strings, hidden and very hidden sheets, dates, errors,
formulas without cached values), Python's XlsxWriter (shared strings, rich
text, _xHHHH_ escaping) and LibreOffice (a round trip through Calc, which
rewrites every part its own way) make the files; the C reader's view comes
from `test_xlsx_reader --dump FILE` (a mode of the unit-test binary, so no
extra build target is needed) and is compared with what openpyxl reads from
the same file and with the values written.

Run by ctest with AP_BUILD set; needs /usr/bin/python3 with python3-openpyxl
and python3-xlsxwriter and LibreOffice; without one of them the test is
skipped, saying so (need.py).
"""

import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest
import zipfile

from need import need

need(programs=["soffice"], modules=["openpyxl", "xlsxwriter"])
import openpyxl  # noqa: E402
import xlsxwriter  # noqa: E402

BUILD = os.environ.get("AP_BUILD", os.path.join(os.path.dirname(__file__), "..", "..", "build"))
DUMP = os.path.join(BUILD, "test_xlsx_reader")
SOFFICE = shutil.which("soffice")

LONG = "Södertälje " * 500


def dump(path):
    """The C reader's view of path: (exit status, parsed JSON or stderr)."""
    run = subprocess.run([DUMP, "--dump", path], capture_output=True, timeout=120)
    if run.returncode != 0:
        return run.returncode, run.stderr.decode("utf-8", "replace").strip()
    return 0, json.loads(run.stdout.decode("utf-8"))


def cells_by_ref(sheet):
    return {c["ref"]: c for c in sheet["cells"]}


def excel_day(value):
    """The calendar day of a datetime/date as the C reader formats it."""
    if isinstance(value, datetime.datetime):
        value = value.date()
    return value.isoformat()


class PeerCase(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        if not os.access(DUMP, os.X_OK):
            raise RuntimeError(f"{DUMP} is missing: build the project first")
        cls.tmp = tempfile.mkdtemp(prefix="ap-xlsx-peers-")

    @classmethod
    def tearDownClass(cls):
        shutil.rmtree(cls.tmp, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.tmp, name)

    def read(self, path):
        rc, view = dump(path)
        self.assertEqual(rc, 0, f"the C reader refused {path}: {view}")
        return view

    def assert_same_as_openpyxl(self, path, view):
        """Every value openpyxl reads is what the C reader reads, and the C
        reader stores nothing openpyxl does not see."""
        wb = openpyxl.load_workbook(path, data_only=True)
        self.assertEqual([s["name"] for s in view["sheets"]], wb.sheetnames)
        for sheet, ws in zip(view["sheets"], wb.worksheets):
            self.assertEqual(sheet["state"], ws.sheet_state, sheet["name"])
            ours = cells_by_ref(sheet)
            seen = set()
            for row in ws.iter_rows():
                for cell in row:
                    if cell.value is None:
                        continue
                    seen.add(cell.coordinate)
                    where = f"{sheet['name']}!{cell.coordinate}"
                    self.assertIn(cell.coordinate, ours, where)
                    self.assert_cell(ours[cell.coordinate], cell, where)
            extra = [r for r, c in ours.items() if r not in seen and c["type"] != "empty"]
            self.assertEqual(extra, [], f"{sheet['name']}: cells openpyxl does not see")

    def assert_cell(self, c, cell, where):
        v = cell.value
        if isinstance(v, bool):
            self.assertEqual((c["type"], c["number"]), ("bool", float(v)), where)
        elif isinstance(v, (datetime.datetime, datetime.date)):
            self.assertEqual(c["type"], "date", where)
            self.assertEqual(c["date"], excel_day(v), where)
        elif isinstance(v, datetime.time):
            self.assertEqual(c["type"], "date", where)
        elif isinstance(v, (int, float)):
            self.assertEqual(c["type"], "number", where)
            self.assertEqual(c["number"], float(v), where)
        elif cell.data_type == "e":
            self.assertEqual((c["type"], c["text"]), ("error", v), where)
        else:
            self.assertEqual((c["type"], c["text"]), ("string", v), where)


def write_openpyxl(path):
    """A form as a program might fill it in: inline strings (openpyxl's way),
    dates, a formula without a cached value, hidden sheets."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Aktiviteter"
    ws.append(["Kod", "Titel", "Status", "Datum", "Klar", "Andel", "Formel", "Fel"])
    ws.append(["1.1.1", "Företagsbesök på Åsö – «ärende»", "grön",
               datetime.date(2016, 3, 10), True, 0.25, "=1+2", "#N/A"])
    ws.append(["1.1.2", "  mellanslag  ", "röd", datetime.datetime(2016, 12, 31, 14, 30),
               False, -1234.5678, 42, "rad1\nrad2"])
    ws["D3"].number_format = "yyyy-mm-dd hh:mm"
    ws["A6"] = LONG
    ws["B6"] = 1e-7
    ws["C6"] = 12345678901234567890
    ws["AA1000"] = "långt bort"
    hidden = wb.create_sheet("Dold")
    hidden["A1"] = "hemlig"
    hidden.sheet_state = "hidden"
    very = wb.create_sheet("Mycket dold")
    very["B2"] = 7
    very.sheet_state = "veryHidden"
    wb.create_sheet("Åäö & Co")
    wb.save(path)


def write_xlsxwriter(path):
    """Shared strings, rich text and literal _xHHHH_ text (which XlsxWriter
    escapes as _x005F_xHHHH_), plus a cached formula string."""
    wb = xlsxwriter.Workbook(path)
    ws = wb.add_worksheet("Blad")
    bold = wb.add_format({"bold": True})
    iso = wb.add_format({"num_format": "yyyy-mm-dd"})
    ws.write_string("A1", "grön")
    ws.write_string("A2", "grön")
    ws.write_rich_string("A3", bold, "fet", " och vanlig ", bold, "åäö")
    ws.write_string("A4", "_x0041_ är inte A")
    ws.write_string("A5", "tab\there")
    ws.write_formula("A6", '="a"&"b"', None, "ab")
    ws.write_datetime("A7", datetime.datetime(2016, 3, 10), iso)
    ws.write_boolean("A8", True)
    ws.write_number("A9", 3.5)
    wb.close()


class OpenpyxlPeer(PeerCase):
    def test_openpyxl_workbook_reads_as_written(self):
        path = self.path("openpyxl.xlsx")
        write_openpyxl(path)
        with zipfile.ZipFile(path) as z:  # the case we mean to test
            self.assertIn(b't="inlineStr"', z.read("xl/worksheets/sheet1.xml"))
        view = self.read(path)
        self.assertEqual([(s["name"], s["state"]) for s in view["sheets"]],
                         [("Aktiviteter", "visible"), ("Dold", "hidden"),
                          ("Mycket dold", "veryHidden"), ("Åäö & Co", "visible")])
        s = view["sheets"][0]
        self.assertEqual((s["rows"], s["cols"]), (1000, 27))
        c = cells_by_ref(s)
        self.assertEqual(c["B2"]["text"], "Företagsbesök på Åsö – «ärende»")
        self.assertEqual((c["D2"]["type"], c["D2"]["date"]), ("date", "2016-03-10"))
        self.assertEqual((c["D3"]["type"], c["D3"]["date"]), ("date", "2016-12-31"))
        self.assertEqual((c["E2"]["type"], c["E2"]["text"]), ("bool", "TRUE"))
        self.assertEqual((c["G2"]["type"], c["G2"]["formula"]), ("empty", True))
        self.assertEqual((c["H2"]["type"], c["H2"]["text"]), ("error", "#N/A"))
        self.assertEqual(c["B3"]["text"], "  mellanslag  ")
        self.assertEqual(c["H3"]["text"], "rad1\nrad2")
        self.assertEqual(c["A6"]["text"], LONG)
        self.assertEqual(c["B6"]["number"], 1e-7)
        # openpyxl writes 16 significant digits; the reader keeps what is written.
        self.assertEqual((c["C6"]["text"], c["C6"]["number"]),
                         ("1.234567890123457e+19", 1.234567890123457e+19))
        self.assertEqual(c["AA1000"]["text"], "långt bort")
        self.assertEqual(view["sheets"][3]["cells"], [])
        self.assert_same_as_openpyxl(path, view)

    def test_xlsxwriter_shared_and_rich_strings(self):
        path = self.path("xlsxwriter.xlsx")
        write_xlsxwriter(path)
        with zipfile.ZipFile(path) as z:
            sst = z.read("xl/sharedStrings.xml")
            self.assertIn(b"<r><rPr><b/>", sst)
            self.assertIn(b"_x005F_x0041_", sst)
        view = self.read(path)
        c = cells_by_ref(view["sheets"][0])
        self.assertEqual(c["A1"]["text"], "grön")
        self.assertEqual(c["A3"]["text"], "fet och vanlig åäö")
        self.assertEqual(c["A4"]["text"], "_x0041_ är inte A")
        self.assertEqual(c["A5"]["text"], "tab\there")
        self.assertEqual((c["A6"]["text"], c["A6"]["formula"]), ("ab", True))
        self.assertEqual(c["A7"]["date"], "2016-03-10")
        self.assert_same_as_openpyxl(path, view)

    def test_hand_edited_parts(self):
        """openpyxl's file with a shared-string table put in by hand: rich
        runs, a phonetic run, xml:space, escapes, and cells without r."""
        src, path = self.path("base.xlsx"), self.path("edited.xlsx")
        wb = openpyxl.Workbook()
        wb.active["A1"] = "x"
        wb.save(src)
        sst = ('<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/'
               'spreadsheetml/2006/main"><si><t>  ej preserve  </t></si>'
               '<si><r><rPr><b/></rPr><t>ri</t></r><r><t xml:space="preserve">ch </t></r>'
               '<rPh sb="0" eb="1"><t>FONETISK</t></rPh></si>'
               '<si><t>a_x005F_x0041_b_x0041_c</t></si></sst>')
        sheet = ('<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
                 '<sheetData><row><c t="s"><v>0</v></c><c t="s"><v>1</v></c><c t="s"><v>2</v></c>'
                 '</row><row><c t="inlineStr"><is><t>inline</t></is></c></row></sheetData>'
                 '</worksheet>')
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zout:
            for item in zin.infolist():
                data = zin.read(item.filename)
                if item.filename == "xl/worksheets/sheet1.xml":
                    data = sheet.encode()
                elif item.filename == "[Content_Types].xml":  # where openpyxl looks
                    data = data.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" '
                                        b'ContentType="application/vnd.openxmlformats-officedocu'
                                        b'ment.spreadsheetml.sharedStrings+xml"/></Types>')
                elif item.filename == "xl/_rels/workbook.xml.rels":
                    data = data.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http'
                                        b'://schemas.openxmlformats.org/officeDocument/2006/rel'
                                        b'ationships/sharedStrings" Target="sharedStrings.xml"/>'
                                        b"</Relationships>")
                zout.writestr(item, data)
            zout.writestr("xl/sharedStrings.xml", sst)
        view = self.read(path)
        c = cells_by_ref(view["sheets"][0])
        self.assertEqual(c["A1"]["text"], "  ej preserve  ")  # as LibreOffice and openpyxl
        self.assertEqual(c["B1"]["text"], "rich ")
        self.assertEqual(c["C1"]["text"], "a_x0041_bAc")  # as Excel; openpyxl leaves _x0041_
        self.assertEqual(c["A2"]["text"], "inline")
        ws = openpyxl.load_workbook(path).active
        self.assertEqual(ws["A1"].value, c["A1"]["text"])
        self.assertEqual(ws["A2"].value, c["A2"]["text"])


class LibreOfficePeer(PeerCase):
    def convert(self, path, fmt):
        """Convert path with LibreOffice into a fresh folder; returns the new file."""
        out = tempfile.mkdtemp(dir=self.tmp)
        profile = "file://" + tempfile.mkdtemp(dir=self.tmp, prefix="profile-")
        run = subprocess.run([SOFFICE, f"-env:UserInstallation={profile}", "--headless",
                              "--convert-to", fmt, "--outdir", out, path],
                             capture_output=True, timeout=300)
        base = os.path.splitext(os.path.basename(path))[0] + "." + fmt.split(":")[0]
        result = os.path.join(out, base)
        self.assertTrue(os.path.exists(result),
                        f"soffice did not convert {path}: {run.stdout!r} {run.stderr!r}")
        return result

    def test_libreoffice_round_trip(self):
        src = self.path("lo-src.xlsx")
        write_openpyxl(src)
        path = self.convert(src, "xlsx:Calc MS Excel 2007 XML")
        with zipfile.ZipFile(path) as z:  # LibreOffice writes shared strings
            self.assertIn("xl/sharedStrings.xml", z.namelist())
        view = self.read(path)
        names = [(s["name"], s["state"]) for s in view["sheets"]]
        self.assertEqual(names[:2], [("Aktiviteter", "visible"), ("Dold", "hidden")])
        self.assertIn(names[2][1], ("hidden", "veryHidden"))
        c = cells_by_ref(view["sheets"][0])
        self.assertEqual(c["B2"]["text"], "Företagsbesök på Åsö – «ärende»")
        self.assertEqual(c["D2"]["date"], "2016-03-10")
        self.assertEqual(c["D3"]["date"], "2016-12-31")
        self.assertEqual((c["E2"]["type"], c["E2"]["text"]), ("bool", "TRUE"))
        # LibreOffice calculates the formula and caches the result.
        self.assertEqual((c["G2"]["type"], c["G2"]["number"], c["G2"]["formula"]),
                         ("number", 3.0, True))
        self.assertEqual(c["B3"]["text"], "  mellanslag  ")
        self.assertEqual(c["H3"]["text"], "rad1\nrad2")
        self.assertEqual(c["A6"]["text"], LONG)
        self.assertEqual(c["AA1000"]["text"], "långt bort")
        self.assert_same_as_openpyxl(path, view)

    def test_libreoffice_round_trip_of_xlsxwriter(self):
        src = self.path("lo-xw.xlsx")
        write_xlsxwriter(src)
        path = self.convert(src, "xlsx:Calc MS Excel 2007 XML")
        view = self.read(path)
        c = cells_by_ref(view["sheets"][0])
        self.assertEqual(c["A3"]["text"], "fet och vanlig åäö")
        self.assertEqual(c["A7"]["date"], "2016-03-10")
        self.assert_same_as_openpyxl(path, view)

    def test_other_formats_are_named(self):
        src = self.path("lo-other.xlsx")
        write_openpyxl(src)
        for fmt, needle in (("ods", "an OpenDocument spreadsheet (.ods)"),
                            ("xls", "an old Excel file (.xls)"),
                            ("csv", "not a zip archive")):
            rc, msg = dump(self.convert(src, fmt))
            self.assertEqual(rc, 1, fmt)
            self.assertIn("not an Excel workbook (.xlsx)", msg)
            self.assertIn(needle, msg)
            self.assertNotIn("\n", msg)


if __name__ == "__main__":
    unittest.main(verbosity=2)
