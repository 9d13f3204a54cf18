"""A whole enquiry cycle in the browser, from an empty project to the printed evidence log."""
import zipfile

from playwright.sync_api import expect

from conftest import open_page, serious_violations, serving, shoot, workbench


def test_a_whole_cycle_from_an_empty_project_to_the_evidence_log(browser, empty_project, tmp_path):
    with serving(empty_project) as server:
        page = open_page(browser, server)
        checked = []

        def check(name):
            shoot(page, name)
            assert serious_violations(page) == [], name
            checked.append(name)

        expect(page.get_by_text("No enquiries yet.")).to_be_visible()
        check("home-empty")
        page.get_by_role("link", name="Start an enquiry").click()
        page.fill("#school", "Hillside Primary")
        page.get_by_role("button", name="Add the school").click()
        page.get_by_label("Hillside Primary").check()
        page.fill("#title", "Reading for pleasure")
        page.fill("#focus", "Year 5 pupils read more widely")
        page.fill("#questions", "Does a reading-for-pleasure hour change what pupils choose?")
        page.fill("#lead", "Ms Okafor")
        check("enquiry-new")
        page.get_by_role("button", name="Start the enquiry").click()
        expect(page.get_by_role("heading", name="Reading for pleasure")).to_be_visible()

        page.get_by_role("link", name="Start cycle 1").click()
        page.locator("input[name=interventions]").first.check()
        page.fill("#baseline", "Few pupils choose books outside the scheme.")
        page.fill("#criterion-0", "Pupils talk about books they chose")
        # The measure from three menus: instrument, then theme, then statistic.
        first = page.locator("fieldset.criterion").first
        first.get_by_label("Instrument").select_option(label="Hope Challenge: areas of change and change mechanisms")
        first.get_by_label("Subscale, strand or theme").select_option("Pupils")
        first.get_by_label("Statistic").select_option("coded passages")
        assert page.eval_on_selector("#measure-0", "select => select.value") == "hope-challenge.change.pupils.passages"
        page.select_option("#comparison-0", ">=")
        page.fill("#threshold-0", "1")
        check("cycle-new")
        page.get_by_role("button", name="Start the cycle").click()
        expect(page.get_by_role("heading", name="Cycle 1 of “Reading for pleasure”")).to_be_visible()
        expect(page.get_by_role("cell", name="Hope Challenge: areas of change and change mechanisms, Pupils: coded passages"))\
            .to_be_visible()

        page.get_by_text("Add a note").click()
        page.fill("#title-note", "Library loans")
        page.fill("#text-note", "Loans doubled in the spring term.")
        page.get_by_role("button", name="Link this evidence").first.click()
        expect(page.get_by_text("Library loans", exact=True)).to_be_visible()

        page.fill("#author", "Ms Okafor")
        page.fill("#went-well", "Pupils asked for more time.")
        page.get_by_role("button", name="Save the reflection").click()
        page.fill("#challenged-by", "Cluster lead")
        page.fill("#challenge", "How do you know the choices widened?")
        page.get_by_role("button", name="Save the peer challenge").click()
        # Everything entered can be corrected: the reflection, and a piece of evidence removed then undone.
        page.get_by_text("Correct this reflection").click()
        page.locator("#went-well-1").fill("Pupils asked for more reading time.")
        page.get_by_role("button", name="Save the correction").first.click()
        expect(page.get_by_text("Went well: Pupils asked for more reading time.")).to_be_visible()
        page.get_by_role("button", name="Remove the evidence “Library loans”").click()
        expect(page.get_by_text("Library loans", exact=True)).to_have_count(0)
        page.get_by_role("button", name="Undo").click()
        expect(page.get_by_text("Library loans", exact=True)).to_be_visible()
        page.get_by_label("Continue the intervention").check()
        check("cycle")
        page.get_by_role("button", name="Close the cycle").click()
        expect(page.get_by_text("Closed on")).to_be_visible()

        # Undo is one click away: the close goes, and comes back with Redo.
        page.get_by_role("button", name="Undo").click()
        expect(page.get_by_role("button", name="Close the cycle")).to_be_visible()
        page.goto(server.url("/history"))
        page.get_by_role("button", name="Redo the change undone last").click()
        page.goto(server.url("/"))
        page.get_by_role("link", name="Cycle 1").click()
        expect(page.get_by_text("Closed on")).to_be_visible()

        page.get_by_role("link", name="Evidence log").click()
        expect(page.get_by_text("Loans doubled in the spring term.")).to_be_visible()
        check("log")
        pdf = tmp_path / "log.pdf"
        page.emulate_media(media="print")
        page.pdf(path=str(pdf), format="A4")
        assert pdf.read_bytes().startswith(b"%PDF") and pdf.stat().st_size > 5000
        page.emulate_media(media="screen")
        with page.expect_download() as download:
            page.get_by_role("link", name="Markdown").click()
        assert "Loans doubled" in download.value.path().read_text()
        with page.expect_download() as download:
            page.get_by_role("link", name="CSV tables (zip)").click()
        with zipfile.ZipFile(download.value.path()) as archive:
            names = archive.namelist()
            assert any(name.endswith("criteria.csv") for name in names), names
        with page.expect_download() as download:
            page.get_by_role("link", name="The whole project for NVivo, ATLAS.ti, MAXQDA or QualCoder (REFI-QDA)").click()
        with zipfile.ZipFile(download.value.path()) as archive:
            assert "project.qde" in archive.namelist()
        assert page.script_errors == []

    # The CLI sees what the pages saved: the same project, the same core.
    log = tmp_path / "cli-log.md"
    workbench("log", "export", "--format", "md", "--out", str(log), project=empty_project)
    text = log.read_text()
    assert "Reading for pleasure" in text and "Pupils asked for more reading time." in text and "Continue the intervention" in text
