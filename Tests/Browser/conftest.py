"""Browser tests: Debian's Chromium driven by Playwright, against a real `workbench serve`.

WORKBENCH_BIN names the workbench binary (default: .build/debug/workbench). Each test gets its
own project folder and server, started on a free loopback port and always stopped.
Screenshots are kept in .build-browser/screenshots (ignored by git).
"""
import json
import os
import re
import signal
import subprocess
from contextlib import contextmanager
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(os.environ.get("WORKBENCH_BIN", ROOT / ".build/debug/workbench"))
SHOTS = ROOT / ".build-browser/screenshots"
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


def workbench(*args, project=None, check=True):
    """Runs the CLI (the same core the web app calls) and returns its standard output."""
    command = [str(BIN), *args] + (["--project", str(project)] if project else [])
    done = subprocess.run(command, capture_output=True, text=True, env={**os.environ, "WORKBENCH_USER": "tester"})
    if check and done.returncode != 0:
        raise AssertionError(f"{' '.join(command)} failed: {done.stderr}")
    return done.stdout


def codings(project):
    return json.loads(workbench("codings", "export", "--format", "json", project=project))


class Server:
    def __init__(self, root, token, project):
        self.root, self.token, self.project = root, token, project

    def url(self, path="/"):
        return self.root + path


@contextmanager
def serving(project):
    process = subprocess.Popen([str(BIN), "serve", "--project", str(project), "--port", "0"],
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                               env={**os.environ, "WORKBENCH_USER": "tester"})
    try:
        found = None
        for line in process.stdout:
            found = re.search(r"(http://127\.0\.0\.1:\d+)/\?token=(\w+)", line)
            if found:
                break
        assert found, "workbench serve printed no address"
        yield Server(found.group(1), found.group(2), project)
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def browser():
    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield instance
        instance.close()


@pytest.fixture
def empty_project(tmp_path):
    folder = tmp_path / "project"
    workbench("init", str(folder))
    return folder


@pytest.fixture(scope="session")
def demo_project(tmp_path_factory):
    folder = tmp_path_factory.mktemp("demo") / "demo-project"
    workbench("demo", str(folder))
    return folder


def open_page(browser, server, width=1400, height=1000):
    """A page signed in with the printed token (which becomes the session cookie)."""
    page = browser.new_context(viewport={"width": width, "height": height}).new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.script_errors = errors
    page.goto(f"{server.root}/?token={server.token}")
    return page


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


_axe = Axe()


def serious_violations(page):
    """axe-core's serious and critical violations on the page, as readable lines."""
    results = _axe.run(page)
    return [f"{v['id']} ({v['impact']}): {v['help']} — " + ", ".join(str(n['target']) for n in v["nodes"][:3])
            for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
