#!/usr/bin/python3
"""`actionplan report site` in a real browser: headless Chromium on file://.

Builds the demo database as test_serve.py does, registers an annual report,
writes the static site with `report site` and, in Debian's Chromium:

* opens file://DIR/index.html and walks by clicking: the plan, a focus area,
  an initiative area, an activity, and back up through the breadcrumbs; the
  plan's goals page, its annual report, the accessibility statement from the
  footer;
* records every network request of the whole session through Chrome's
  performance log (goog:loggingPrefs performance) and fails on any URL
  outside DIR (the site must be self-contained);
* runs axe-core (build/axe, as test_browser.py) on every page type of the
  site, the annual report and the statement included, at WCAG 2.0/2.1 A and
  AA, and requires 0 violations;
* walks every page type with the Tab key alone (test_browser's walk: every
  link reached, the focus visible, the skip link first);
* checks the annual report's heading structure (one h1, no level skipped)
  and that every chart has its values in a table;
* takes a screenshot of each page type into build/screenshots/site-*.png.
"""
import json
import os
import shutil
import sys
import tempfile
from urllib.parse import unquote, urlparse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from need import need  # noqa: E402

need(programs=("chromium", "chromedriver"), modules=("selenium",))

from selenium import webdriver  # noqa: E402
from selenium.common.exceptions import WebDriverException  # noqa: E402
from selenium.webdriver.chrome.service import Service  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402

import test_browser  # noqa: E402
import webtest  # noqa: E402
from test_browser import AXE, check, check_words, screenshot  # noqa: E402
from test_serve import PLAN, ap, build_db  # noqa: E402

if not os.path.isfile(AXE):
    print(f"SKIP: test_site.py needs axe-core in {os.path.dirname(AXE)}: ./test.sh installs it")
    sys.exit(77)

AS_OF = "2017-12-15"
CONTACT = "tillganglighet@sodertalje.se"


class Static:
    def __init__(self, driver, root):
        self.d = driver
        self.root = os.path.realpath(root)
        self.base = "file://" + self.root

    def open(self, rel):
        self.d.get(f"{self.base}/{rel}")

    def rel(self):
        return unquote(urlparse(self.d.current_url).path)[len(self.root) + 1:]

    def h1(self):
        return self.d.find_element(By.TAG_NAME, "h1").text

    def click(self, text, within="main", by=By.LINK_TEXT):
        old = self.d.find_element(By.TAG_NAME, "html")
        self.d.find_element(By.CSS_SELECTOR, within).find_element(by, text).click()
        site = test_browser.Site(self.d, 0)
        site.loaded(old)


def requests_outside(driver, root):
    """Every URL the browser asked for since the last call that is not a file in root."""
    bad = []
    for entry in driver.get_log("performance"):
        msg = json.loads(entry["message"])["message"]
        if msg.get("method") != "Network.requestWillBeSent":
            continue
        url = msg["params"]["request"]["url"]
        u = urlparse(url)
        if u.scheme == "data":
            continue  # not a request: the bytes are in the URL
        if u.scheme == "chrome" and not msg["params"].get("documentURL", "").startswith("file:"):
            continue  # the browser's own new-tab page at start, before the site opened
        if u.scheme != "file" or not os.path.realpath(unquote(u.path)).startswith(root + "/"):
            bad.append(url)
    return bad


def headings(driver):
    return driver.execute_script(
        "return Array.from(document.querySelectorAll('h1,h2,h3,h4,h5,h6'),"
        " h => parseInt(h.tagName[1]));")


def main():
    shots = test_browser.SHOTS
    os.makedirs(shots, exist_ok=True)
    for f in os.listdir(shots):
        if f.startswith("site-"):
            os.remove(os.path.join(shots, f))
    with tempfile.TemporaryDirectory(prefix="ap-site.") as d:
        build_db(d)
        with open(os.path.join(d, "site.ini"), "w") as f:
            f.write(f"[public]\ncontact = {CONTACT}\n")
        out = ap("--plan", PLAN, "report", "annual", "--year", "2016", "--out", "rep", cwd=d)
        report_id = out.strip().split()[-1]
        ap("--config", "site.ini", "report", "site", "--out", "site", "--as-of", AS_OF, cwd=d)
        root = os.path.realpath(os.path.join(d, "site"))
        listed = json.loads(ap("--plan", PLAN, "list", "--json", "--as-of", AS_OF, cwd=d))
        fa = listed["focus_areas"][0]
        ini = fa["initiatives"][0]
        act = ini["activities"][0]
        annual = f"plans/{PLAN}/annual-2016-{report_id}.html"
        driver = None
        try:
            # test_browser's browser, with the performance log on
            o = webdriver.ChromeOptions()
            for a in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage",
                      "--disable-gpu", "--no-first-run", "--disable-background-networking",
                      "--disable-component-update", "--disable-sync", "--disable-extensions",
                      "--window-size=1280,900", "--lang=sv",
                      f"--user-data-dir={os.path.join(d, 'profile2')}"):
                o.add_argument(a)
            o.set_capability("goog:loggingPrefs", {"performance": "ALL"})
            o.binary_location = "/usr/bin/chromium"
            driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=o)
            driver.set_page_load_timeout(30)
            driver.set_script_timeout(60)
            s = Static(driver, root)
            test_browser.STATUS_WORDS.update({"Ej mätt", "Not measured"})  # goals

            # the walk, by clicking
            s.open("index.html")
            check(s.h1() == "Publicerade handlingsplaner", f"site start page h1: {s.h1()!r}")
            s.click(listed["title"])
            check(s.rel() == f"plans/{PLAN}/index.html", f"plan link leads to {s.rel()}")
            s.click(fa["title"])
            check(s.rel() == f"plans/{PLAN}/focus/{fa['code']}.html", f"focus: {s.rel()}")
            s.click(ini["title"])
            check(s.rel() == f"plans/{PLAN}/initiatives/{ini['code']}.html",
                  f"initiative: {s.rel()}")
            s.click(act["code"])
            check(s.rel() == f"plans/{PLAN}/activities/{act['code']}.html", f"activity: {s.rel()}")
            check(s.h1() == f"Aktivitet {act['code']}: {act['title']}", f"activity h1: {s.h1()!r}")
            s.click(listed["title"], within="nav")
            check(s.rel() == f"plans/{PLAN}/index.html", f"crumb back to the plan: {s.rel()}")
            check(not driver.find_elements(By.ID, "as_of"), "the site has a date form")
            s.click("Mål och indikatorer")
            check(s.rel() == f"plans/{PLAN}/goals.html", f"goals: {s.rel()}")
            s.click(listed["title"], within="nav")
            s.click(f"Årsrapport 2016 (rapport {report_id},", by=By.PARTIAL_LINK_TEXT)
            check(s.rel() == annual, f"annual report: {s.rel()}")
            s.click("Tillgänglighetsredogörelse", within="footer")
            check(s.rel() == "tillganglighet.html", f"statement: {s.rel()}")
            text = driver.find_element(By.TAG_NAME, "main").text
            for words in (CONTACT, "WCAG 2.1", "digg.se/tdosanmalan",
                          "Myndigheten för digital förvaltning", "PDF"):
                check(words in text, f"the statement does not say {words!r}")
            s.click("Planer", within="nav")
            check(s.rel() == "index.html", f"crumb to the start: {s.rel()}")

            # every page type: axe, words beside lights, screenshots
            pages = [("index", "index.html"), ("plan", f"plans/{PLAN}/index.html"),
                     ("focus", f"plans/{PLAN}/focus/4.html"),
                     ("initiative", f"plans/{PLAN}/initiatives/4.3.html"),
                     ("activity", f"plans/{PLAN}/activities/4.3.1.html"),
                     ("deviations", f"plans/{PLAN}/deviations.html"),
                     ("chase", f"plans/{PLAN}/chase.html"),
                     ("goals", f"plans/{PLAN}/goals.html"),
                     ("annual", annual), ("statement", "tillganglighet.html")]
            site = test_browser.Site(driver, 0)
            site.open = s.open
            total = 0
            for name, rel in pages:
                n = test_browser.check_axe(site, f"site {name}", rel)
                total += n
                lights = check_words(site, f"site {name}")
                stops = test_browser.check_keyboard(site, f"site {name}", rel)
                screenshot(driver, f"site-{name}")
                print(f"site {name}: {n} axe violations, {stops} tab stops, {lights} lights")
            # the annual report: one h1, no level skipped; every chart with its table
            s.open(annual)
            levels = headings(driver)
            check(levels.count(1) == 1, f"annual report: {levels.count(1)} h1")
            skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
            check(not skips, f"annual report: heading levels skipped {skips[:5]}")
            charts = driver.find_elements(By.CSS_SELECTOR, "svg[role=img]")
            check(len(charts) >= 1, "annual report: no chart")
            for svg in charts:
                check(driver.execute_script(
                    "const n = arguments[0].nextElementSibling;"
                    "return !!n && !!n.querySelector('table caption th, table th[scope]');", svg),
                    "annual report: a chart without its table of values")
            check(driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "sv",
                  "annual report: lang is not sv")
            bad = requests_outside(driver, root)
            check(not bad, f"requests outside the site's folder: {bad[:5]}")
            # the check must see a request that leaves the folder: one made on purpose
            s.open("index.html")
            driver.execute_script("const i = document.createElement('img');"
                                  "i.src = 'http://127.0.0.1:9/utanfor.png'; i.alt = '';"
                                  "document.body.appendChild(i);")
            driver.execute_script("return new Promise(r => setTimeout(r, 300));")
            caught = requests_outside(driver, root)
            check(any("utanfor.png" in u for u in caught),
                  f"self-check: a request outside the folder was not seen ({caught[:3]})")
            print(f"axe-core: {total} violations on {len(pages)} page types of the site; "
                  f"requests outside DIR: {len(bad)}")
        except WebDriverException as e:
            check(False, f"the browser: {e.msg}")
        finally:
            if driver:
                driver.quit()
        shutil.rmtree(os.path.join(d, "profile2"), ignore_errors=True)
    return webtest.summary()


if __name__ == "__main__":
    sys.exit(main())
