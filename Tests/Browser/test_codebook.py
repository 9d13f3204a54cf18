"""The codebook: building the draft framework from the page, as the CLI's `draft` commands do."""
from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, workbench


def test_the_draft_framework_grows_from_the_codebook_page(browser, empty_project):
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/codebook"))
        page.select_option("#framework", "draft")
        page.get_by_role("button", name="Show").click()
        expect(page.get_by_text("No themes yet.")).to_be_visible()

        page.locator("summary", has_text="Add a theme").click()
        page.fill("#name-add", "Trust between schools")
        page.fill("#definition-add", "Staff describe relying on colleagues in other schools.")
        page.get_by_role("button", name="Add a theme").click()
        expect(page.get_by_text("Staff describe relying on colleagues in other schools.")).to_be_visible()

        page.locator("summary", has_text="Rename a theme").click()
        page.fill("#name-rename", "Trust across the alliance")
        page.fill("#note-rename", "closer to the participants' words")
        page.get_by_role("button", name="Rename a theme").click()
        expect(page.locator("ul.codebook strong")).to_have_text(["Trust across the alliance"])
        expect(page.get_by_text("closer to the participants' words")).to_be_visible()
        page.locator("summary", has_text="Split a theme").click()
        page.fill("#parts-split", "Trust between heads\nTrust between teachers")
        page.get_by_role("button", name="Split a theme").click()
        expect(page.locator("ul.codebook strong")).to_have_text(["Trust between heads", "Trust between teachers"])
        assert serious_violations(page) == []
        assert page.script_errors == []

    history = workbench("draft", "history", project=empty_project)
    assert "Trust between schools" in history and "Trust across the alliance" in history and "Trust between heads" in history
