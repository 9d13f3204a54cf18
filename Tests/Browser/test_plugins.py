"""An alliance's own plugin: checked with its problems beside its lines, previewed, then added."""
from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, shoot
from test_questionnaire import PLUGIN


def test_a_broken_file_shows_its_problem_at_its_line_and_a_good_one_is_previewed_and_added(browser, empty_project, tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text(PLUGIN.replace('<option code="0" label="No"/>', '<option label="No"/>'))
    good = tmp_path / "reading-survey.xml"
    good.write_text(PLUGIN)
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/plugins"))
        expect(page.get_by_role("cell", name="hope-challenge@1.0.0")).to_be_visible()
        shoot(page, "plugins")
        assert serious_violations(page) == []

        page.set_input_files("#plugin-file", str(broken))
        page.get_by_role("button", name="Check it").click()
        expect(page.get_by_role("alert")).to_contain_text("Nothing was added")
        marked = page.locator("tr.has-problem")
        expect(marked.first).to_contain_text('<option label="No"/>')
        expect(marked.first.locator(".field-problem")).to_contain_text("code")
        shoot(page, "plugin-problem")
        assert serious_violations(page) == []

        page.goto(server.url("/plugins"))
        page.set_input_files("#plugin-file", str(good))
        page.get_by_role("button", name="Check it").click()
        expect(page.get_by_role("status")).to_contain_text("reading-survey.xml is valid")
        expect(page.locator("#item-enjoys")).to_be_hidden()
        page.locator("#item-reads").get_by_label("Yes").check()
        expect(page.locator("#item-enjoys")).to_be_visible()
        shoot(page, "plugin-preview")
        assert serious_violations(page) == []
        page.get_by_role("button", name="Add reading-survey.xml to the project's plugins").click()
        expect(page.get_by_role("cell", name="test.reading-survey@1.0.0")).to_be_visible()
        assert (empty_project / "plugins" / "reading-survey.xml").read_text() == PLUGIN
        with page.expect_download() as download:
            page.get_by_role("link", name="questionnaire", exact=True).click()
        assert "<questionnaire" in download.value.path().read_text()
        assert page.script_errors == []
