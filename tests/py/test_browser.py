#!/usr/bin/python3
"""`actionplan serve` in a real browser: headless Chromium through Selenium.

Builds the demo database as test_serve.py does, starts the server on a free
port of 127.0.0.1 and, in Debian's Chromium:

* walks the pages as a visitor does, by clicking: the list of plans, the
  plan, a focus area, an initiative area, an activity, and back up through
  the breadcrumbs and the browser's Back; changes the date through the
  page's own form and checks that the counts are the ones of `list --json
  --as-of` for that date and that the links keep the date;
* runs axe-core (the npm package, installed by ./test.sh into
  build/axe/node_modules) on every page type at the WCAG 2.0/2.1 A and AA
  tags and requires 0 violations; a page made wrong on purpose must show
  violations, so a broken injection cannot pass;
* walks every page with the Tab key alone and requires every link to be
  reached, with a visible focus outline; a link taken out of the tab order on
  purpose must be missed;
* checks that every status light carries its word;
* downloads a registered pack's workbook and PDF by clicking their links on
  the plan's page of reports (Chromium's downloads go to a temporary
  folder) and opens the workbook with openpyxl;
* takes a screenshot of each page type, wide and narrow, into
  build/screenshots/ for a person to look at.
"""
import json
import os
import re
import shutil
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

need(programs=("chromium", "chromedriver"), modules=("selenium",))

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.common.keys import Keys  # noqa: E402
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.support import expected_conditions as EC  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

import openpyxl  # noqa: E402
import test_serve  # noqa: E402
import webtest  # noqa: E402
from webtest import check  # noqa: E402
from test_serve import PLAN, ap, build_db, Server  # noqa: E402

BUILD = os.environ.get("AP_BUILD") or os.path.join(test_serve.SRC, "build")
AXE = os.path.join(BUILD, "axe", "node_modules", "axe-core", "axe.min.js")
SHOTS = os.path.join(BUILD, "screenshots")
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AS_OF = "2017-12-15"
# The words beside the lights (i18n: ap_status_label), Swedish and English.
STATUS_WORDS = {"Grön", "Gul", "Röd", "Genomförd", "Ej rapporterad", "Ej aktiv", "Avbruten",
                "Pausad", "Green", "Yellow", "Red", "Completed", "Not reported", "Not active",
                "Ej mätt", "Not measured"}  # the last two: goals

if not os.path.isfile(AXE):
    print(f"SKIP: test_browser.py needs axe-core in {os.path.dirname(AXE)}: ./test.sh installs "
          "it from the npm registry (npm install --prefix build/axe axe-core@VERSION)")
    sys.exit(77)


def pinned_axe():
    """The version test.sh pins (AXE_VERSION=…) and the one installed."""
    with open(os.path.join(test_serve.SRC, "test.sh"), encoding="utf-8") as f:
        pin = re.search(r"^AXE_VERSION=(\S+)$", f.read(), re.M)
    with open(os.path.join(os.path.dirname(AXE), "package.json"), encoding="utf-8") as f:
        installed = json.load(f)["version"]
    return pin.group(1) if pin else None, installed


def browser(profile, lang="sv", downloads=None):
    o = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
              "--no-first-run", "--disable-background-networking", "--disable-component-update",
              "--disable-sync", "--disable-extensions", "--window-size=1280,900",
              f"--lang={lang}", f"--user-data-dir={profile}"):
        o.add_argument(a)
    prefs = {"intl.accept_languages": lang}
    if downloads:
        prefs.update({"download.default_directory": downloads,
                      "download.prompt_for_download": False,
                      "safebrowsing.enabled": False})
    o.add_experimental_option("prefs", prefs)
    o.binary_location = "/usr/bin/chromium"
    d = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
    if downloads:  # headless Chromium takes the folder through the DevTools protocol
        d.execute_cdp_cmd("Browser.setDownloadBehavior",
                          {"behavior": "allow", "downloadPath": downloads})
    d.set_page_load_timeout(30)
    d.set_script_timeout(60)
    return d


def gone(old):
    """A wait condition: old's page is gone. As EC.staleness_of, but a node
    asked about while its document is being replaced may also answer
    Chromium's "does not belong to the document" (an unknown error to
    Selenium): that is gone too, not a failure."""
    def test(_):
        try:
            old.is_enabled()
            return False
        except StaleElementReferenceException:
            return True
        except WebDriverException as e:
            if "does not belong to the document" in str(e):
                return True
            raise
    return test


class Site:
    def __init__(self, driver, port):
        self.d = driver
        self.base = f"http://127.0.0.1:{port}"

    def open(self, path):
        self.d.get(self.base + path)

    def h1(self):
        return self.d.find_element(By.TAG_NAME, "h1").text

    def path(self):
        return self.d.current_url[len(self.base):]

    def loaded(self, old):
        """Wait until the page of the element old is gone and the next one loaded."""
        WebDriverWait(self.d, 30).until(gone(old))
        WebDriverWait(self.d, 30).until(
            lambda d: d.execute_script("return document.readyState") == "complete")

    def press(self, el):
        """Click el and wait for the next page to replace this one."""
        old = self.d.find_element(By.TAG_NAME, "html")
        el.click()
        self.loaded(old)

    def click(self, text, within="main"):
        """Click the link whose text is text, inside the element within."""
        self.press(self.d.find_element(By.CSS_SELECTOR, within).find_element(By.LINK_TEXT, text))

    def back(self):
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.back()
        self.loaded(old)

    def counts(self):
        """{'Gröna': 3, …} from the page's table of counts."""
        out = {}
        for row in self.d.find_elements(By.CSS_SELECTOR, "table.counts tbody tr"):
            out[row.find_element(By.TAG_NAME, "th").text] = int(
                row.find_element(By.TAG_NAME, "td").text)
        return out


# ---------------------------------------------------------------------------
# Walking the pages
# ---------------------------------------------------------------------------

SV_COUNTS = {"Gröna": "green", "Gula": "yellow", "Röda": "red", "Genomförda": "completed",
             "Ej rapporterade": "unreported", "Ej aktiva": "excluded", "Försenade": "overdue",
             "Inaktuella": "stale"}


def walk(site, d):
    listed = json.loads(ap("--plan", PLAN, "list", "--json", cwd=d))
    fa = listed["focus_areas"][0]
    ini = fa["initiatives"][0]
    act = ini["activities"][0]

    site.open("/")
    check(site.h1() == "Publicerade handlingsplaner", f"start page h1: {site.h1()!r}")
    site.click(listed["title"])
    check(site.path() == f"/plans/{PLAN}", f"the plan's link leads to {site.path()}")
    check(site.h1() == listed["title"], f"plan page h1: {site.h1()!r}")
    check({SV_COUNTS[k]: v for k, v in site.counts().items()} == listed["counts"],
          f"plan page counts {site.counts()} != list --json {listed['counts']}")

    site.click(fa["title"])
    check(site.path() == f"/plans/{PLAN}/focus/{fa['code']}", f"focus link: {site.path()}")
    check(site.h1() == f"Fokusområde {fa['code']}: {fa['title']}", f"focus h1: {site.h1()!r}")

    site.click(ini["title"])
    check(site.path() == f"/plans/{PLAN}/initiatives/{ini['code']}", f"initiative link: {site.path()}")
    check(site.h1() == f"Insatsområde {ini['code']}: {ini['title']}", f"initiative h1: {site.h1()!r}")

    site.click(act["code"])
    check(site.path() == f"/plans/{PLAN}/activities/{act['code']}", f"activity link: {site.path()}")
    check(site.h1() == f"Aktivitet {act['code']}: {act['title']}", f"activity h1: {site.h1()!r}")
    check("Varför den har sin status" in site.d.find_element(By.TAG_NAME, "main").text,
          "the activity page explains its status")

    # back up: the activity's own link to its initiative area, Back, the crumbs
    site.click(ini["title"])
    check(site.h1().startswith(f"Insatsområde {ini['code']}"), "activity -> its initiative area")
    site.back()
    check(site.h1().startswith(f"Aktivitet {act['code']}"), f"Back: {site.h1()!r}")
    site.click(listed["title"], within="nav")
    check(site.path() == f"/plans/{PLAN}", f"breadcrumb to the plan: {site.path()}")
    site.click("Planer", within="nav")
    check(site.path() == "/", f"breadcrumb to the start page: {site.path()}")


def walk_goals(site):
    """The plan page's link to the goals: every chart an image with a name and a
    description, the values as a table right under it (issue 17)."""
    site.open(f"/plans/{PLAN}")
    site.click("Mål och indikatorer")
    check(site.path() == f"/plans/{PLAN}/goals", f"goals link: {site.path()}")
    check(site.h1() == "Mål och indikatorer", f"goals h1: {site.h1()!r}")
    charts = site.d.find_elements(By.CSS_SELECTOR, "main svg[role=img]")
    check(len(charts) >= 1, "the goals page has no chart")
    for svg in charts:
        check(bool(svg.accessible_name), "a chart without an accessible name")
        check(site.d.execute_script(
            "const s = arguments[0]; const n = s.nextElementSibling;"
            "return !!s.querySelector('title') && !!s.querySelector('desc') &&"
            "       !!n && !!n.querySelector('table caption');", svg),
            "a chart without <title>, <desc> or its table of values after it")
    site.back()


def change_date(site, d):
    """The page's own form: the date field and the button."""
    for as_of in ("2016-12-15", AS_OF):
        listed = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", as_of, cwd=d))
        site.open(f"/plans/{PLAN}")
        field = site.d.find_element(By.ID, "as_of")
        label = site.d.find_element(By.CSS_SELECTOR, "label[for=as_of]")
        check(label.text == "Visa läget per", f"the date field's label: {label.text!r}")
        # A date field's typed format follows the browser's locale: set the
        # value as the field holds it, then press the page's own button.
        site.d.execute_script("arguments[0].value = arguments[1]", field, as_of)
        site.press(site.d.find_element(By.CSS_SELECTOR, "form.as-of button[type=submit]"))
        check(site.path() == f"/plans/{PLAN}?as_of={as_of}", f"the form leads to {site.path()}")
        main = site.d.find_element(By.TAG_NAME, "main").text
        check(f"Läget per {as_of}" in main, f"the page says it is as of {as_of}")
        got = {SV_COUNTS[k]: v for k, v in site.counts().items()}
        check(got == listed["counts"], f"counts as of {as_of}: {got} != {listed['counts']}")
        check(site.d.find_element(By.ID, "as_of").get_attribute("value") == as_of,
              "the form shows the date chosen")
        fa = listed["focus_areas"][1]
        site.click(fa["title"])
        check(site.path() == f"/plans/{PLAN}/focus/{fa['code']}?as_of={as_of}",
              f"a link keeps as_of: {site.path()}")
        got = {SV_COUNTS[k]: v for k, v in site.counts().items()}
        check(got == fa["counts"], f"focus {fa['code']} as of {as_of}: {got} != {fa['counts']}")
    # and through the URL: a date in the future is refused with a message
    site.open(f"/plans/{PLAN}?as_of=2099-01-01")
    check("as_of" in site.d.find_element(By.TAG_NAME, "main").text, "400 page explains as_of")


# ---------------------------------------------------------------------------
# Every page type
# ---------------------------------------------------------------------------

PAGES = [
    ("plans", "/"),
    ("plan", f"/plans/{PLAN}?as_of={AS_OF}"),
    ("focus", f"/plans/{PLAN}/focus/4?as_of={AS_OF}"),
    ("initiative", f"/plans/{PLAN}/initiatives/4.3?as_of={AS_OF}"),
    ("activity", f"/plans/{PLAN}/activities/4.3.1?as_of={AS_OF}"),
    ("deviations", f"/plans/{PLAN}/deviations?as_of={AS_OF}"),
    ("chase", f"/plans/{PLAN}/chase?as_of={AS_OF}"),
    ("goals", f"/plans/{PLAN}/goals?as_of={AS_OF}"),
    ("reports", f"/plans/{PLAN}/reports"),
    ("notfound", "/plans/finns-inte"),
    ("badrequest", f"/plans/{PLAN}?as_of=abc"),
]

AXE_SRC = None


def axe(driver):
    """axe-core's violations on the page as it is: [(id, impact, [targets])]."""
    global AXE_SRC
    if AXE_SRC is None:
        with open(AXE, encoding="utf-8") as f:
            AXE_SRC = f.read()
    driver.execute_script(AXE_SRC)
    res = driver.execute_async_script(
        "const done = arguments[arguments.length - 1];"
        "axe.run(document, {runOnly: {type: 'tag', values: arguments[0]}})"
        "  .then(r => done({violations: r.violations.map(v => ({id: v.id, impact: v.impact,"
        "     help: v.help, nodes: v.nodes.map(n => n.target.join(' '))})),"
        "     passes: r.passes.length}))"
        "  .catch(e => done({error: String(e)}));", AXE_TAGS)
    if "error" in res:
        raise RuntimeError(f"axe.run: {res['error']}")
    return res


def check_axe(site, name, path):
    site.open(path)
    res = axe(site.d)
    check(res["passes"] > 0, f"axe on {name}: no rule passed (did it run?)")
    for v in res["violations"]:
        check(False, f"axe on {name} ({path}): {v['id']} ({v['impact']}): {v['help']}: "
                     f"{v['nodes'][:5]}")
    return len(res["violations"])


def axe_self_check(site):
    """axe must see what is wrong: a page spoiled on purpose."""
    site.open(f"/plans/{PLAN}")
    site.d.execute_script(
        "const i = document.createElement('img'); i.src = 'data:image/gif;base64,"
        "R0lGODlhAQABAAAAACw='; document.querySelector('main').appendChild(i);"
        "document.documentElement.removeAttribute('lang');"
        "const a = document.createElement('a'); a.href = '#x'; a.style.color = '#eee';"
        "a.textContent = 'svag'; document.querySelector('main').appendChild(a);")
    ids = {v["id"] for v in axe(site.d)["violations"]}
    for rule in ("image-alt", "html-has-lang", "color-contrast"):
        check(rule in ids, f"axe self-check: {rule} not found on a spoiled page ({sorted(ids)})")


def tab_walk(driver, limit=400):
    """The elements reached with Tab from the top of a page just opened, in order, each
    with whether its focus is visible (an outline): [(href or tag, visible)]."""
    # called on a page just loaded: the first Tab goes to its first stop
    check(driver.execute_script("return document.activeElement === document.body"),
          "the walk starts on a page with nothing focused")
    seen = []
    for _ in range(limit):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        info = driver.execute_script(
            "const e = document.activeElement; if (!e || e === document.body) return null;"
            "const s = getComputedStyle(e);"
            "return [e.getAttribute('href') || e.tagName.toLowerCase(),"
            "        s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2,"
            "        e.dataset.walked === '1'];")
        if info is None:
            break
        if info[2]:
            break  # round again
        driver.execute_script("document.activeElement.dataset.walked = '1'")
        seen.append((info[0], info[1]))
    return seen


def check_keyboard(site, name, path):
    site.open(path)
    # the links as written in the page, as the walk records them
    links = set(site.d.execute_script(
        "return Array.from(document.querySelectorAll('a[href]'), a => a.getAttribute('href'))"))
    seen = tab_walk(site.d)
    missed = links - {s for s, _ in seen}
    check(len(links) >= 2, f"keyboard on {name}: only {len(links)} links found")
    check(not missed, f"keyboard on {name}: links not reached with Tab: {sorted(missed)[:5]}")
    invisible = [s for s, v in seen if not v]
    check(not invisible, f"keyboard on {name}: focus not visible on {invisible[:5]}")
    check(seen and seen[0][0] == "#main", f"keyboard on {name}: the first stop is {seen[:1]}, "
                                          "not the skip link")
    return len(seen)


def keyboard_self_check(site):
    """A link out of the tab order must be missed by the walk."""
    site.open(f"/plans/{PLAN}")
    site.d.execute_script("const a = document.createElement('a'); a.href = '/gömd';"
                          "a.tabIndex = -1; a.textContent = 'gömd';"
                          "document.querySelector('main').appendChild(a);")
    reached = {s for s, _ in tab_walk(site.d)}
    check("/gömd" not in reached and f"/plans/{PLAN}/deviations" in reached,
          "keyboard self-check: a link out of the tab order was reached, or a real one missed")


def check_words(site, name):
    """Every light carries its word; the shape is hidden from screen readers."""
    marks = site.d.find_elements(By.CSS_SELECTOR, ".st")
    for m in marks:
        shape = m.find_element(By.CSS_SELECTOR, ".mark")
        word = m.text.replace(shape.text, "", 1).strip()
        check(word in STATUS_WORDS, f"{name}: a light with the word {word!r}")
        check(shape.get_attribute("aria-hidden") == "true", f"{name}: the shape is aria-hidden")
    return len(marks)


def screenshot(driver, name):
    os.makedirs(SHOTS, exist_ok=True)
    for width, suffix in ((1280, ""), (420, "-narrow")):
        driver.set_window_size(width, 900)
        height = driver.execute_script("return document.documentElement.scrollHeight")
        driver.set_window_size(width, min(max(int(height) + 140, 600), 6000))
        driver.save_screenshot(os.path.join(SHOTS, f"{name}{suffix}.png"))
    driver.set_window_size(1280, 900)


def check_narrow(site, name):
    """On a phone's width nothing but a wide table may scroll sideways."""
    site.d.set_window_size(420, 900)
    over = site.d.execute_script(
        "return document.documentElement.scrollWidth - document.documentElement.clientWidth")
    check(over <= 0, f"{name}: the page scrolls sideways by {over}px at 420px")
    site.d.set_window_size(1280, 900)


def download(site, d, folder):
    """From the plan page to its reports, a click on each file of the last
    pack: the files land in folder whole, the workbook opens with openpyxl."""
    pack = [r for r in json.loads(ap("--plan", PLAN, "report", "list", "--json", cwd=d))["reports"]
            if r["kind"] == "steering"][-1]
    site.open(f"/plans/{PLAN}")
    site.click("Rapporter att ladda ner")
    check(site.path() == f"/plans/{PLAN}/reports", f"the plan's reports: {site.path()}")
    for f in pack["files"]:
        name = os.path.basename(f)
        site.open(f"/plans/{PLAN}/reports")  # a page of its own for each click
        WebDriverWait(site.d, 30).until(EC.element_to_be_clickable((By.LINK_TEXT, name))).click()
        path = os.path.join(folder, name)
        deadline = time.monotonic() + 60
        while not os.path.exists(path) or any(x.endswith(".crdownload") for x in os.listdir(folder)):
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        check(os.path.exists(path), f"the browser downloaded {name}: {sorted(os.listdir(folder))}")
        if not os.path.exists(path):
            continue
        with open(path, "rb") as fh:
            head = fh.read(4)
        if name.endswith(".pdf"):
            check(head == b"%PDF", f"{name} is a PDF")
        else:
            wb = openpyxl.load_workbook(path)
            check(len(wb.sheetnames) >= 3, f"{name} opens with openpyxl: {wb.sheetnames}")
    check(site.path() == f"/plans/{PLAN}/reports", "a download leaves the page where it was")


def english(d, port):
    """A visitor whose browser asks for English gets English pages, as clean."""
    driver = browser(os.path.join(d, "profile-en"), lang="en")
    try:
        site = Site(driver, port)
        for name, path in PAGES[1:2] + PAGES[4:5]:
            site.open(path)
            check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en",
                  f"{name} in English: lang is not en")
            check(driver.find_element(By.ID, "as_of").accessible_name == "Show the picture as of",
                  f"{name} in English: the date field's name")
            check_axe(site, f"{name} (en)", path)
            check_words(site, f"{name} (en)")
    finally:
        driver.quit()


def main():
    shutil.rmtree(SHOTS, ignore_errors=True)
    with tempfile.TemporaryDirectory(prefix="ap-browser.") as d:
        build_db(d)
        sv = Server(d)
        driver = None
        try:
            folder = os.path.join(d, "downloads")
            os.makedirs(folder)
            driver = browser(os.path.join(d, "profile"), downloads=folder)
            site = Site(driver, sv.port)
            walk(site, d)
            walk_goals(site)
            download(site, d, folder)
            change_date(site, d)
            axe_self_check(site)
            keyboard_self_check(site)
            total = 0
            for name, path in PAGES:
                n = check_axe(site, name, path)
                total += n
                stops = check_keyboard(site, name, path)
                lights = check_words(site, name)
                check_narrow(site, name)
                screenshot(driver, name)
                print(f"{name}: {n} axe violations, {stops} tab stops, {lights} lights")
            pin, installed = pinned_axe()
            check(pin == installed, f"axe-core {installed} in {AXE}, but test.sh pins {pin}")
            print(f"axe-core {installed}: {total} violations on {len(PAGES)} page types; "
                  f"screenshots in {SHOTS}")
            english(d, sv.port)
        except WebDriverException as e:
            check(False, f"the browser: {e.msg}")
        finally:
            if driver:
                driver.quit()
            check(sv.stop() == 0, "the server exits 0 on SIGTERM")
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
