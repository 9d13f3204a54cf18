"""Takes the screenshots in docs/images/web/ from the demo project.

    swift build && swift run workbench demo /tmp/docs-demo
    .build-browser/venv/bin/python scripts/docs-screenshots.py /tmp/docs-demo

Starts `workbench serve` on the project, visits the pages the docs show, and stops it."""
import re
import signal
import subprocess
import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "docs/images/web"
project = Path(sys.argv[1])
binary = ROOT / ".build/debug/workbench"
server = subprocess.Popen([str(binary), "serve", "--project", str(project), "--port", "0"], stdout=subprocess.PIPE,
                          text=True)
try:
    for line in server.stdout:
        found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\w+)", line)
        if found:
            break
    root, token = found.group(1), found.group(2)
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])

        def shot(path, name, width=1200, height=800, before=None):
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{root}/?token={token}")
            page.goto(root + path)
            if before:
                before(page)
            page.screenshot(path=str(OUT / f"{name}.png"))
            page.close()

        def select(page):
            text = page.locator(".turn .text").nth(3)
            box = text.bounding_box()
            page.mouse.move(box["x"] + 2, box["y"] + 8)
            page.mouse.down()
            page.mouse.move(box["x"] + box["width"] * 0.6, box["y"] + 8, steps=6)
            page.mouse.up()
            page.wait_for_timeout(200)

        shot("/", "home")
        shot("/enquiries/1/cycles/new", "cycle-new")
        shot("/coding?source=trainee-focus-group.txt&framework=hope-challenge", "coding", before=select)
        shot("/questionnaires/staff-enquiry-survey/answer?occasion=autumn&participant=Teacher%20A&as=participant",
             "questionnaire-phone", width=400, height=800)
        shot("/agreement", "agreement")

        def broken_plugin(page):
            broken = Path("/tmp/my-alliance.survey.xml")
            subprocess.run([str(binary), "plugins", "new", "--kind", "questionnaire", "my-alliance.survey", "--out",
                            str(broken)], check=True, capture_output=True)
            broken.write_text(re.sub(r'<option code="2" ', '<option ', broken.read_text(), count=1))
            page.set_input_files("#plugin-file", str(broken))
            page.get_by_role("button", name="Check it").click()
            page.locator("tr.has-problem").first.scroll_into_view_if_needed()
            page.evaluate("() => window.scrollBy(0, -200)")

        shot("/plugins", "plugin-problem", before=broken_plugin)
        shot("/cycles/1/log", "log")
        browser.close()
finally:
    server.send_signal(signal.SIGINT)
    server.wait(timeout=10)
print(f"screenshots in {OUT}")
