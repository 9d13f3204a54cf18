"""Times the coding view in Chromium: from navigation until its script has run (the theme filter
is wired) and the page is laid out. Called by `workbench-benchmarks web` with the server's root,
token and page address; prints one line of figures."""
import statistics
import sys
import time

from playwright.sync_api import sync_playwright

root, token, page_url = sys.argv[1:4]
with sync_playwright() as playwright:
    browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.goto(f"{root}/?token={token}")
    times = []
    for _ in range(6):
        start = time.perf_counter()
        page.goto(page_url, wait_until="load")
        assert page.evaluate("() => document.querySelectorAll('.turn').length") > 0
        page.evaluate("() => new Promise(requestAnimationFrame)")
        times.append(time.perf_counter() - start)
    stripes = page.evaluate("() => document.querySelectorAll('.stripe').length")
    browser.close()
times = times[1:]
print(f"web: Chromium, coding view ready (loaded, script run, laid out; {stripes} stripes): "
      f"median {statistics.median(times) * 1000:.0f} ms, best {min(times) * 1000:.0f} ms")
