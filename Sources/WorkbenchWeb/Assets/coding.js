// The coding view: a selection in the transcript fills the passage fields with code-point offsets
// into the transcript's normalised text (what the workbench stores), a stripe or a coding in the
// list marks its passage, and the theme list can be filtered. Without this script the fields can
// be filled in by hand.
"use strict";

(() => {
  const transcript = document.querySelector("[data-coding-view]");
  const form = document.getElementById("code-form");
  if (!transcript || !form) return;
  const startField = form.elements.namedItem("start");
  const endField = form.elements.namedItem("end");
  const backField = form.elements.namedItem("back");
  const quote = document.getElementById("selection-quote");
  const baseBack = backField.value;
  const marks = typeof Highlight === "function" && CSS.highlights;

  const codePoints = (text) => {
    let count = 0;
    for (const _ of text) count += 1;
    return count;
  };

  // UTF-16 index in `text` of the code point at `points` (offsets inside the browser are UTF-16).
  const utf16Index = (text, points) => {
    let index = 0;
    for (const character of text) {
      if (points <= 0) break;
      index += character.length;
      points -= 1;
    }
    return index;
  };

  const textNode = (turn) => turn.querySelector(".text").firstChild;

  // The code-point offset in the whole text of a selection boundary inside a turn.
  const offsetOf = (turn, node, offset, isStart) => {
    const text = textNode(turn);
    const base = Number(turn.dataset.start);
    if (!text) return base;
    let index;
    if (node === text) {
      index = offset;
    } else {
      const range = document.createRange();
      range.selectNodeContents(text);
      const where = range.comparePoint(node, offset);
      index = where < 0 ? 0 : where > 0 ? text.data.length : (isStart ? 0 : text.data.length);
    }
    return base + codePoints(text.data.slice(0, index));
  };

  const turnOf = (node) => (node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement)?.closest(".turn");

  const showSelection = () => {
    const selection = document.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) return;
    const range = selection.getRangeAt(0);
    const first = turnOf(range.startContainer);
    const last = turnOf(range.endContainer);
    if (!first || !last || !transcript.contains(first) || !transcript.contains(last)) return;
    const start = offsetOf(first, range.startContainer, range.startOffset, true);
    const end = offsetOf(last, range.endContainer, range.endOffset, false);
    if (end <= start) return;
    startField.value = String(start);
    endField.value = String(end);
    backField.value = baseBack + "#" + first.id;
    const words = selection.toString().replace(/\s+/g, " ").trim();
    quote.textContent = "Selected (" + start + "–" + end + "): “" + (words.length > 160 ? words.slice(0, 160) + "…" : words) + "”";
    if (marks) CSS.highlights.set("kept", new Highlight(range.cloneRange()));
  };

  let pending = 0;
  document.addEventListener("selectionchange", () => {
    clearTimeout(pending);
    pending = setTimeout(showSelection, 60);
  });

  // Keyboard: Enter or Space on a focused turn selects all its words.
  transcript.addEventListener("keydown", (event) => {
    const text = event.target.closest?.(".text");
    if (!text || (event.key !== "Enter" && event.key !== " ")) return;
    event.preventDefault();
    const range = document.createRange();
    range.selectNodeContents(text);
    const selection = document.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
    showSelection();
  });

  // A coding's passage, marked in the transcript across the turns it touches.
  const mark = (start, end) => {
    if (!marks) return;
    const ranges = [];
    for (const turn of transcript.querySelectorAll(".turn")) {
      const from = Number(turn.dataset.start), to = Number(turn.dataset.end);
      if (to <= start) continue;
      if (from >= end) break;
      const text = textNode(turn);
      if (!text) continue;
      const range = document.createRange();
      range.setStart(text, utf16Index(text.data, Math.max(start - from, 0)));
      range.setEnd(text, utf16Index(text.data, Math.min(end, to) - from));
      ranges.push(range);
    }
    CSS.highlights.set("coding", new Highlight(...ranges));
  };

  const list = document.querySelector(".coding-list");
  const markCoding = (id) => {
    const item = document.getElementById("c" + id);
    if (item) mark(Number(item.dataset.start), Number(item.dataset.end));
  };
  transcript.addEventListener("click", (event) => {
    const stripe = event.target.closest?.(".stripe");
    if (stripe) markCoding(stripe.hash.slice(2));
  });
  list?.addEventListener("click", (event) => {
    const link = event.target.closest?.("a.show");
    if (link) markCoding(link.closest("li").id.slice(1));
  });
  if (location.hash.startsWith("#c")) markCoding(location.hash.slice(2));

  // A passage named in the address (from search) is selected.
  if (startField.value && endField.value) mark(Number(startField.value), Number(endField.value));

  // The theme list narrows as a name is typed.
  const filter = document.getElementById("theme-filter");
  filter?.addEventListener("input", () => {
    const words = filter.value.trim().toLowerCase();
    for (const item of form.querySelectorAll(".themes li")) {
      item.hidden = words !== "" && !item.dataset.name.includes(words);
    }
  });
})();
