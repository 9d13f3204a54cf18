"""A maturity-matrix audit in the grid, and the heat map across respondents."""
from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, shoot


def test_two_respondents_audit_and_the_heat_map_shows_them(browser, empty_project):
    with serving(empty_project) as server:
        page = open_page(browser, server)
        for respondent, level in [("Head A", "Developing"), ("Head B", "Leading")]:
            page.goto(server.url("/audits"))
            form = page.locator("form", has=page.get_by_role("button", name="Open the grid")).first
            form.get_by_label("Respondent").fill(respondent)
            form.get_by_label("Occasion").fill("autumn")
            form.get_by_role("button", name="Open the grid").click()
            strand = page.locator("form.strand").first
            strand.get_by_label(level).check()
            strand.get_by_label("Evidence: how do we know?").fill(f"{respondent}: minutes of the planning meetings")
            strand.get_by_role("button").click()
            expect(page.locator("form.strand").first.get_by_text("✓ saved")).to_be_visible()
        shoot(page, "audit-grid")
        assert serious_violations(page) == []

        # Saving without evidence is refused, and says so.
        second = page.locator("form.strand").nth(1)
        second.get_by_label("Beginning").check()
        second.get_by_role("button").click()
        expect(page.get_by_role("alert")).to_contain_text("evidence")

        page.goto(server.url("/audits"))
        page.get_by_role("link", name="Heat map of every respondent and occasion").first.click()
        row = page.get_by_role("row").nth(1)
        expect(row.get_by_role("cell").nth(1)).to_have_text("Developing")
        expect(row.get_by_role("cell").nth(2)).to_have_text("Leading")
        shoot(page, "audit-heat-map")
        assert serious_violations(page) == []
        assert page.script_errors == []
