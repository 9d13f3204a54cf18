"""Reviewing automatic codings one by one: accept one (it becomes the reviewer's), reject another."""
import shutil

from playwright.sync_api import expect

from conftest import codings, open_page, serious_violations, serving


def test_accept_one_automatic_coding_and_reject_another(browser, empty_project, demo_project, tmp_path):
    source = tmp_path / "trainee-focus-group.txt"
    shutil.copy(demo_project / "sources" / "trainee-focus-group.txt", source)
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/transcripts"))
        page.set_input_files("#files", str(source))
        page.get_by_role("button", name="Upload").click()
        page.select_option("#autocode-framework", "hope-challenge")
        page.get_by_role("button", name="Auto-code every transcript").click()
        before = codings(empty_project)
        assert before and all(row["coder"] == "autocode" for row in before)

        page.get_by_role("link", name="trainee-focus-group.txt").click()
        automatic = page.locator("ol.coding-list li.auto")
        first = automatic.first
        first_span = (int(first.get_attribute("data-start")), int(first.get_attribute("data-end")),
                      first.get_attribute("data-theme"))
        first.get_by_role("button", name="Accept").click()
        expect(page.locator("ol.coding-list li.auto")).to_have_count(len(before) - 1)
        second = page.locator("ol.coding-list li.auto").first
        second_span = (int(second.get_attribute("data-start")), int(second.get_attribute("data-end")),
                       second.get_attribute("data-theme"))
        second.get_by_role("button", name="Reject").click()
        expect(page.locator("ol.coding-list li.auto")).to_have_count(len(before) - 2)
        assert serious_violations(page) == []
        assert page.script_errors == []
        after = codings(empty_project)

        # The rest of one theme at once: filter by the theme, then accept all shown.
        page.select_option("#show_theme", "change.pupils")
        page.get_by_role("button", name="Show").click()
        shown = page.locator("ol.coding-list li.auto").count()
        assert shown >= 2
        page.get_by_role("button", name=f"Accept all {shown}").click()
        expect(page.locator("ol.coding-list li.auto")).to_have_count(0)
        accepted = [row for row in codings(empty_project) if row["coder"] == "tester" and row["theme"] == "change.pupils"]
        assert len(accepted) == shown


    assert len(after) == len(before) - 1
    mine = [row for row in after if row["coder"] == "tester"]
    assert [(row["start"], row["end"], row["theme"]) for row in mine] == [first_span]

    def automatic(rows, span):
        return sum(1 for row in rows if row["coder"] == "autocode" and (row["start"], row["end"], row["theme"]) == span)

    assert automatic(after, second_span) == automatic(before, second_span) - 1
    assert automatic(after, first_span) == automatic(before, first_span) - 1
