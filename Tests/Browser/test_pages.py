"""Every page of the demo project: no script errors, no serious or critical axe-core violations, and at
400 px nothing wider than the screen (tables become cards, charts scale)."""
import shutil

import pytest

from conftest import open_page, serious_violations, serving, shoot

PAGES = [
    "/", "/history", "/enquiries/new", "/enquiries/1", "/enquiries/1/cycles/new", "/cycles/1", "/cycles/2",
    "/cycles/1/log", "/questionnaires", "/questionnaires/tses-long/answer?occasion=post&participant=Trainee%20A",
    "/questionnaires/staff-enquiry-survey/answer?occasion=autumn&as=participant", "/audits",
    "/audits/tsa-maturity-matrix/summary", "/audits/tsa-maturity-matrix/grid?occasion=summer&respondent=Head%20A",
    "/transcripts", "/coding?source=trainee-focus-group.txt", "/coding?source=debrief-recording.vtt&framework=hope-challenge",
    "/search?q=confidence", "/matrix?group=role", "/matrix/cell?framework=hope-challenge&case=Trainee%20A&theme=change.trainees",
    "/agreement", "/plugins", "/codebook", "/codebook?framework=draft", "/questionnaires/tses-long/import",
]


@pytest.fixture(scope="module")
def demo_server(demo_project, tmp_path_factory):
    copy = tmp_path_factory.mktemp("pages") / "demo-project"
    shutil.copytree(demo_project, copy)
    with serving(copy) as server:
        yield server


@pytest.mark.parametrize("width", [1400, 400])
def test_every_page_is_accessible_and_fits(browser, demo_server, width):
    page = open_page(browser, demo_server, width=width, height=900)
    problems = []
    for path in PAGES:
        response = page.goto(demo_server.url(path))
        if response.status != 200:
            problems.append(f"{path}: HTTP {response.status}")
            continue
        problems += [f"{path} at {width} px: {line}" for line in serious_violations(page)]
        if width == 400:
            overflow = page.evaluate("() => document.documentElement.scrollWidth")
            if overflow > 402:
                problems.append(f"{path}: {overflow} px wide at 400 px")
        name = path.strip("/").replace("/", "-").split("?")[0] or "home"
        shoot(page, f"page-{name}-{width}")
    assert problems == []
    assert page.script_errors == []
