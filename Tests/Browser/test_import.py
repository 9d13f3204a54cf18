"""Importing a form tool's CSV: columns mapped to items and labels read as codes before anything is saved."""
import sqlite3

from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, workbench
from test_questionnaire import PLUGIN

CSV = """Timestamp,Your name,Do you read at home?,How much do you enjoy it?,How much do you use the school library?
2026-11-01 09:12,Pupil 1,Yes,Quite a lot,A little
2026-11-01 09:14,Pupil 2,No,,Very much
2026-11-01 09:15,Pupil 3,yes,Not at all,Not at all
"""


def answers(project):
    with sqlite3.connect(project / "workbench.sqlite") as db:
        return sorted(db.execute("""SELECT p.pseudonym, r.item, r.code FROM response r JOIN participant p ON p.id = r.participantId
                                    WHERE r.instrument = 'test.reading-survey' AND r.occasion = 'autumn'""").fetchall())


def test_a_form_export_is_mapped_previewed_and_imported(browser, empty_project, tmp_path):
    (empty_project / "plugins" / "test.reading-survey.xml").write_text(PLUGIN)
    for pupil in ["Pupil 1", "Pupil 2"]:
        workbench("participants", "add", pupil, project=empty_project)
    export = tmp_path / "form-export.csv"
    export.write_text(CSV)
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/questionnaires"))
        page.get_by_role("link", name="Import answers to Reading survey from a CSV file").click()
        page.set_input_files("#file", str(export))
        page.fill("#occasion", "autumn")
        page.get_by_role("button", name="Show how it will be read").click()

        # The item columns are recognised from their wording; the name column is not, so nothing can be saved yet.
        expect(page.get_by_role("alert")).to_contain_text("no participant column")
        expect(page.locator("#column-2")).to_have_value("reads")
        expect(page.locator("#column-4")).to_have_value("library")
        expect(page.get_by_role("button", name="Import")).to_have_count(0)
        assert answers(empty_project) == []
        assert serious_violations(page) == []

        page.select_option("#column-1", "participant")
        page.get_by_role("button", name="Check again with these columns").click()
        expect(page.get_by_role("status")).to_contain_text("8 answers from 3 participants")
        expect(page.get_by_text("“Yes” → 1")).to_be_visible()
        page.get_by_label("Add the 1 participants").check()
        page.get_by_role("button", name="Import 8 answers").click()
        expect(page.get_by_text("autumn: 3 of 3 participants answered")).to_be_visible()
        assert page.script_errors == []

    assert answers(empty_project) == [
        ("Pupil 1", "enjoys", "3"), ("Pupil 1", "library", "2"), ("Pupil 1", "reads", "1"),
        ("Pupil 2", "library", "4"), ("Pupil 2", "reads", "0"),
        ("Pupil 3", "enjoys", "1"), ("Pupil 3", "library", "1"), ("Pupil 3", "reads", "1"),
    ]


def test_an_answer_that_is_no_label_is_matched_by_hand(browser, empty_project, tmp_path):
    (empty_project / "plugins" / "test.reading-survey.xml").write_text(PLUGIN)
    export = tmp_path / "other-wording.csv"
    export.write_text("participant,reads,library\nPupil 1,Yes,Loads\nPupil 2,Nope,A little\n")
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/questionnaires/test.reading-survey/import"))
        page.set_input_files("#file", str(export))
        page.fill("#occasion", "autumn")
        page.get_by_role("button", name="Show how it will be read").click()

        # Two answers are neither codes nor labels: each gets a menu of its scale's options.
        expect(page.get_by_role("alert")).to_contain_text("value 'Loads' is not on the scale of library")
        expect(page.get_by_role("heading", name="Answers to match")).to_be_visible()
        assert serious_violations(page) == []
        page.get_by_label("“Loads”").select_option("4")
        page.get_by_role("button", name="Check again with these columns").click()
        expect(page.get_by_role("alert")).to_contain_text("value 'Nope' is not on the scale of reads")
        expect(page.get_by_label("“Loads”")).to_have_value("4")
        page.get_by_label("“Nope”").select_option("0")
        page.get_by_role("button", name="Check again with these columns").click()
        expect(page.get_by_role("status")).to_contain_text("4 answers from 2 participants")
        expect(page.get_by_text("“Loads” → 4")).to_be_visible()
        page.get_by_label("Add the 2 participants").check()
        page.get_by_role("button", name="Import 4 answers").click()
        expect(page.get_by_text("autumn: 2 of 2 participants answered")).to_be_visible()
        assert page.script_errors == []

    assert answers(empty_project) == [
        ("Pupil 1", "library", "4"), ("Pupil 1", "reads", "1"), ("Pupil 2", "library", "2"), ("Pupil 2", "reads", "0"),
    ]
