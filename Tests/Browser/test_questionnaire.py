"""The participant's questionnaire on a phone: conditions live, each answer saved as it is given."""
import sqlite3

from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, shoot, workbench

PLUGIN = """<?xml version="1.0" encoding="UTF-8"?>
<questionnaire xmlns="urn:workbench:questionnaire:1" id="test.reading-survey" version="1.0.0">
  <name>Reading survey</name>
  <author>Tests</author>
  <licence>CC0-1.0</licence>
  <provenance textIncluded="true"><source>Written for this test.</source></provenance>
  <scale id="yesno" kind="nominal">
    <option code="1" label="Yes"/>
    <option code="0" label="No"/>
  </scale>
  <scale id="agreement" kind="ordinal" min="1" max="4">
    <option code="1" label="Not at all" score="1"/>
    <option code="2" label="A little" score="2"/>
    <option code="3" label="Quite a lot" score="3"/>
    <option code="4" label="Very much" score="4"/>
  </scale>
  <item id="reads" scale="yesno" required="true"><text>Do you read at home?</text></item>
  <item id="enjoys" scale="agreement"><text>How much do you enjoy it?</text><showIf item="reads" op="eq" value="1"/></item>
  <item id="library" scale="agreement"><text>How much do you use the school library?</text></item>
  <scoring>
    <subscale id="enjoyment" label="Enjoyment" minAnswered="1"><itemRef ref="enjoys"/><itemRef ref="library"/></subscale>
  </scoring>
</questionnaire>
"""


def stored_answers(project):
    with sqlite3.connect(project / "workbench.sqlite") as db:
        return dict(db.execute("SELECT item, code FROM response WHERE instrument = 'test.reading-survey'").fetchall())


def test_the_participant_form_at_400_px(browser, empty_project):
    (empty_project / "plugins" / "test.reading-survey.xml").write_text(PLUGIN)
    workbench("participants", "add", "Pupil 7", "--role", "pupil", project=empty_project)
    with serving(empty_project) as server:
        page = open_page(browser, server, width=400, height=800)
        # The participant link of an occasion: the occasion exists once somebody has answered.
        workbench("responses", "edit", "test.reading-survey", "--participant", "Pupil 7", "--occasion", "spring",
                  "--set", "library=2", project=empty_project)
        page.goto(server.url("/questionnaires"))
        page.get_by_role("link", name="participant link (spring)").click()
        page.select_option("#participant", "Pupil 7")
        page.get_by_role("button", name="Start").click()
        # A participant sees the form alone: no navigation, no Undo of other people's changes.
        expect(page.get_by_role("navigation")).to_have_count(0)
        expect(page.get_by_role("button", name="Undo")).to_have_count(0)

        enjoys = page.locator("#item-enjoys")
        expect(enjoys).to_be_hidden()
        page.get_by_label("Yes").check()
        expect(page.locator("#item-reads .saved")).to_have_text("Saved")
        expect(enjoys).to_be_visible()
        enjoys.get_by_label("Quite a lot").check()
        expect(enjoys.locator(".saved")).to_have_text("Saved")
        # Targets a thumb can hit: every answer is at least 44 px high and fits the screen.
        box = enjoys.get_by_text("Quite a lot").locator("xpath=..").bounding_box()
        assert box["height"] >= 44 and box["x"] + box["width"] <= 400
        assert page.evaluate("document.documentElement.scrollWidth") <= 400
        shoot(page, "questionnaire-400")
        assert serious_violations(page) == []
        assert page.script_errors == []
        assert stored_answers(empty_project) == {"reads": "1", "enjoys": "3", "library": "2"}

        page.get_by_label("No", exact=True).check()
        expect(enjoys).to_be_hidden()
        expect(page.locator("#item-reads .saved")).to_have_text("Saved")
        assert stored_answers(empty_project)["reads"] == "0"
