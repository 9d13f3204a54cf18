"""Coding by mouse selection: the offsets stored are code points into the normalised text."""
import unicodedata

from playwright.sync_api import expect

from conftest import codings, open_page, serious_violations, serving, shoot, workbench

# Emoji (one with a skin tone and a zero-width joiner), a decomposed accent, CRLF line ends.
RAW = ("Interviewer: Qu’est-ce qui a changé cette année ?\r\n"
       "Teacher A: Les élèves 😀 ont adoré la réflexion 👩🏽‍🏫 en classe, surtout le modelling.\r\n"
       "Teacher B: Un cafe\u0301 après la leçon — naïve questions 🎉 became real enquiry.\r\n")
TEXT = unicodedata.normalize("NFC", RAW.replace("\r\n", "\n"))


def select_by_mouse(page, phrase):
    """Drags the mouse across `phrase` where it appears in the transcript."""
    box = page.evaluate("""(phrase) => {
        for (const p of document.querySelectorAll('.turn .text')) {
            const node = p.firstChild, at = node.data.indexOf(phrase);
            if (at < 0) continue;
            const range = document.createRange();
            range.setStart(node, at); range.setEnd(node, at + phrase.length);
            const rects = range.getClientRects(), first = rects[0], last = rects[rects.length - 1];
            return {x1: first.left, y1: (first.top + first.bottom) / 2, x2: last.right, y2: (last.top + last.bottom) / 2};
        }
        return null;
    }""", phrase)
    assert box, f"{phrase!r} is not on the page"
    page.mouse.move(box["x1"] + 1, box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"] - 1, box["y2"], steps=8)
    page.mouse.up()


def test_two_passages_coded_by_mouse_are_stored_as_code_points(browser, empty_project, tmp_path):
    source = tmp_path / "entretien-été.txt"
    source.write_bytes(RAW.encode("utf-8"))
    with serving(empty_project) as server:
        page = open_page(browser, server)
        page.goto(server.url("/transcripts"))
        page.set_input_files("#files", str(source))
        page.get_by_role("button", name="Upload").click()
        page.get_by_role("link", name="entretien-été.txt").click()
        page.select_option("#framework", "hope-challenge")
        page.get_by_role("button", name="Show").click()

        for phrase, theme in [("élèves 😀 ont adoré la réflexion 👩🏽‍🏫 en classe", "Impact on trainees"),
                              ("café après la leçon — naïve questions 🎉 became", "Modelling")]:
            select_by_mouse(page, phrase)
            start = TEXT.index(phrase)
            expect(page.locator("#start")).to_have_value(str(start))
            expect(page.locator("#end")).to_have_value(str(start + len(phrase)))
            page.get_by_role("button", name=theme, exact=True).click()
            page.wait_for_selector(f"#codings-heading")
        # A memo on a selected passage.
        select_by_mouse(page, "naïve questions 🎉")
        expect(page.locator("#start")).to_have_value(str(TEXT.index("naïve questions 🎉")))
        page.fill("#memo", "Questions become enquiry: follow up")
        page.get_by_role("button", name="Save memo").click()
        expect(page.locator("ul.memos")).to_contain_text("naïve questions 🎉 Questions become enquiry: follow up")
        shoot(page, "coding-view")
        assert serious_violations(page) == []
        assert page.script_errors == []

    stored = sorted((row["start"], row["end"], row["theme"]) for row in codings(empty_project))
    expected = []
    for phrase, theme in [("élèves 😀 ont adoré la réflexion 👩🏽‍🏫 en classe", "change.trainees"),
                          ("café après la leçon — naïve questions 🎉 became", "mechanism.modelling")]:
        start = TEXT.index(phrase)  # Python indexes strings by code point
        expected.append((start, start + len(phrase), theme))
    assert stored == expected
