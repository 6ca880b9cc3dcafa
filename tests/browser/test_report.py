"""The audit report (--format html) in a real browser: the report of the
shipped fixtures (with the example policy) and of a generated 5,000-document
bundle, each checked against the JSON report of the same scan: documents,
findings by severity and by check, partner rows, chart elements, the filter
and the sort; hostile names stay text; with scripting off everything shows.
Screenshots land in build/browser/.

usage: /usr/bin/python3 tests/browser/test_report.py BUILD_DIR"""
import json, os, subprocess, sys, tarfile, tempfile

sys.path.insert(0, os.path.dirname(__file__))
from browser import check, driver, finish, screenshot  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import Select  # noqa: E402

BUILD = sys.argv[1] if len(sys.argv) > 1 else "build"
CL = os.path.join(BUILD, "creditline")
SHOTS = os.path.join(BUILD, "browser")
ENV = dict(os.environ, SOURCE_DATE_EPOCH="1764504000")


def scan(tmp, name, *args):
    """HTML and JSON reports of one scan; returns (html path, json dict)."""
    html, js = os.path.join(tmp, name + ".html"), os.path.join(tmp, name + ".json")
    r = subprocess.run([CL, "scan", "--fail-on", "never", "--format", "html",
                        "--output", html, "--format", "json", "--output", js,
                        *args], env=ENV, capture_output=True, text=True)
    check(r.returncode in (0, 3), "%s: scan exits 0 or 3 (got %d: %s)"
          % (name, r.returncode, r.stderr.strip()[:200]))
    return html, json.load(open(js))


def by_check(rep):
    out = {}
    for d in rep["documents"]:
        for f in d["findings"]:
            out[f["check"]] = out.get(f["check"], 0) + 1
    return out


def compare(drv, name, html, rep):
    drv.get("file://" + os.path.abspath(html))
    s = rep["summary"]
    card = lambda i: int(drv.find_element(By.CSS_SELECTOR, "#%s b" % i).text)
    check(card("n-documents") == s["documents"], name + ": documents card equals JSON")
    check(card("n-with-findings") == s["documents_with_findings"],
          name + ": with-findings card equals JSON")
    for sev in ("error", "warning", "info"):
        check(card("n-%ss" % sev if sev != "info" else "n-info") == s["findings"][sev],
              name + ": %s card equals JSON" % sev)
    rows = drv.find_elements(By.CSS_SELECTOR, "tr.f")
    total = sum(len(d["findings"]) for d in rep["documents"])
    check(len(rows) == total, name + ": one finding row per JSON finding (%d)" % total)
    checks = by_check(rep)
    bars = drv.find_elements(By.CSS_SELECTOR, "#chart-checks g.bar")
    check(len(bars) == len(checks), name + ": a bar per check with findings")
    for sec in drv.find_elements(By.CSS_SELECTOR, "section.check"):
        cid = sec.get_attribute("data-check")
        n = len(sec.find_elements(By.CSS_SELECTOR, "tr.f"))
        check(n == checks.get(cid), name + ": %s rows equal JSON (%d)" % (cid, n))
    check(len(drv.find_elements(By.CSS_SELECTOR, "#chart-months g.month")) > 0,
          name + ": the month chart has bars")
    check(len(drv.find_elements(By.CSS_SELECTOR, "#chart-partners g.bar")) > 0,
          name + ": the partner chart has bars")
    partners = drv.find_elements(By.CSS_SELECTOR, "#partners-table tr.partner")
    check(len(partners) > 0, name + ": the partners table has rows")
    for t in drv.find_elements(By.CSS_SELECTOR, "svg"):
        check(t.find_element(By.TAG_NAME, "title").get_attribute("textContent") != "",
              name + ": chart %s has a title" % t.get_attribute("id"))
    return rows, partners


def main():
    tmp = tempfile.mkdtemp(prefix="cl-browser-")
    drv = driver()
    try:
        # 1. The fixtures, with the example policy.
        html, rep = scan(tmp, "fixtures", "--policy", "rules/policies",
                         "--as-of", "2025-06-01", "fixtures")
        rows, partners = compare(drv, "fixtures", html, rep)
        screenshot(drv, os.path.join(SHOTS, "report-fixtures.png"))
        # The filter: errors only shows exactly the JSON's errors.
        Select(drv.find_element(By.ID, "f-sev")).select_by_visible_text("error")
        shown = [r for r in drv.find_elements(By.CSS_SELECTOR, "tr.f") if r.is_displayed()]
        check(len(shown) == rep["summary"]["findings"]["error"],
              "fixtures: the severity filter shows the errors only")
        Select(drv.find_element(By.ID, "f-sev")).select_by_index(0)
        first = sorted(by_check(rep))[0]
        Select(drv.find_element(By.ID, "f-check")).select_by_visible_text(first)
        shown = [r for r in drv.find_elements(By.CSS_SELECTOR, "tr.f") if r.is_displayed()]
        check(len(shown) == by_check(rep)[first], "fixtures: the check filter")
        Select(drv.find_element(By.ID, "f-check")).select_by_index(0)
        screenshot(drv, os.path.join(SHOTS, "report-fixtures-filtered.png"))
        # Sorting: by partner name, ascending.
        drv.find_element(By.CSS_SELECTOR, "#partners-table th button").click()
        drv.find_element(By.CSS_SELECTOR, "#partners-table th button").click()
        names = [r.find_element(By.TAG_NAME, "td").text for r in
                 drv.find_elements(By.CSS_SELECTOR, "#partners-table tbody tr")]
        check(names == sorted(names, key=lambda x: x.lower()) or
              names == sorted(names), "fixtures: the partner table sorts by name")

        # 2. Hostile names: an archive member and a holder that are markup.
        evil = os.path.join(tmp, "evil")
        os.makedirs(evil)
        member = "<img src=x onerror=\"window.pwned=1\">.txt"
        with open(os.path.join(evil, "a.txt"), "w") as f:
            f.write("Story.\n© 2024 <script>window.pwned=2</script> Media Ltd.\n"
                    "© 2024 Other <b onmouseover=x>Holder</b> Ltd.\n")
        with tarfile.open(os.path.join(tmp, "evil.tar.gz"), "w:gz") as t:
            t.add(os.path.join(evil, "a.txt"), arcname=member)
        html, rep = scan(tmp, "evil", os.path.join(evil, "a.txt"),
                         os.path.join(tmp, "evil.tar.gz"))
        drv.get("file://" + html)
        check(drv.execute_script("return window.pwned === undefined"),
              "hostile: no script from the content ran")
        check(len(drv.find_elements(By.CSS_SELECTOR, "main img, main script, [onerror], [onmouseover]")) == 0,
              "hostile: no element from the content exists")
        check("onerror" in drv.find_element(By.TAG_NAME, "body").text,
              "hostile: the member name is shown as text")
        screenshot(drv, os.path.join(SHOTS, "report-hostile.png"))

        # 3. A generated 5,000-document bundle.
        corpus = os.path.join(tmp, "corpus")
        subprocess.run([os.path.join(BUILD, "gencorpus"), corpus, "5000", "7"],
                       check=True, capture_output=True)
        bundle = os.path.join(tmp, "feed.tar.gz")
        with tarfile.open(bundle, "w:gz") as t:
            t.add(os.path.join(corpus, "feeds"), arcname="feeds")
        html, rep = scan(tmp, "bundle", bundle)
        check(rep["summary"]["documents"] == 5000, "bundle: 5,000 documents scanned")
        compare(drv, "bundle", html, rep)
        bundles = drv.find_elements(By.CSS_SELECTOR, "#bundles tr.bundle")
        check(len(bundles) == len(rep.get("bundles", [])) == 1,
              "bundle: one bundle row, as in JSON")
        screenshot(drv, os.path.join(SHOTS, "report-bundle.png"))
    finally:
        drv.quit()

    # 4. Scripting off: every finding row is visible, no filter form.
    drv = driver(javascript=False)
    try:
        html = os.path.join(tmp, "fixtures.html")
        drv.get("file://" + html)
        rows = drv.find_elements(By.CSS_SELECTOR, "tr.f")
        check(rows and all(r.is_displayed() for r in rows),
              "no script: every finding row is shown")
        check(not drv.find_element(By.ID, "filters").is_displayed(),
              "no script: the filter form stays hidden")
        screenshot(drv, os.path.join(SHOTS, "report-noscript.png"))
    finally:
        drv.quit()
    subprocess.run(["rm", "-rf", tmp])
    finish("browser-report")


if __name__ == "__main__":
    main()
