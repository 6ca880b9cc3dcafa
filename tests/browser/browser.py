"""Shared driver for the browser tests: headless Chromium (Debian's chromium
and chromium-driver) driven through Selenium (python3-selenium); screenshots
are checked not to be blank with python3-pil.  Run with /usr/bin/python3."""
import os, sys

from selenium import webdriver
from selenium.webdriver.chrome.service import Service

FAILED = []
CHECKS = [0]


def check(cond, what):
    CHECKS[0] += 1
    print(("ok    " if cond else "FAIL  ") + what)
    if not cond:
        FAILED.append(what)


def driver(javascript=True, downloads=None):
    opts = webdriver.ChromeOptions()
    for a in ("--headless=new", "--no-sandbox", "--disable-gpu",
              "--disable-dev-shm-usage", "--window-size=1280,1600",
              "--hide-scrollbars"):
        opts.add_argument(a)
    prefs = {}
    if not javascript:
        prefs["profile.managed_default_content_settings.javascript"] = 2
    if downloads:
        prefs.update({"download.default_directory": downloads,
                      "download.prompt_for_download": False})
    if prefs:
        opts.add_experimental_option("prefs", prefs)
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def not_blank(path):
    """A screenshot shows something: many colours, and rows that differ."""
    from PIL import Image
    im = Image.open(path).convert("RGB")
    colours = im.getcolors(maxcolors=1 << 16)
    small = im.resize((64, 256)).convert("L")
    rows = {bytes(small.crop((0, y, 64, y + 1)).tobytes()) for y in range(256)}
    return (colours is None or len(colours) > 16) and len(rows) > 16


def screenshot(drv, path):
    """Full-page screenshot to PATH, checked to show something."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    height = drv.execute_script("return document.documentElement.scrollHeight") or 1600
    drv.set_window_size(1280, min(int(height) + 40, 12000))
    drv.save_screenshot(path)
    check(not_blank(path),
          "screenshot %s is not blank" % path)


def finish(name):
    print("%s: %d passed, %d failed" % (name, CHECKS[0] - len(FAILED), len(FAILED)))
    sys.exit(1 if FAILED else 0)
