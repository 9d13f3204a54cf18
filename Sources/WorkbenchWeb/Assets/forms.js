// Small helpers for the champion's pages. Inline handlers are not allowed by the pages'
// Content-Security-Policy, so everything is wired here.
"use strict";

// A Print button.
for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}

// A questionnaire: display conditions live, and (with data-autosave) each answer saved as it is given.
for (const form of document.querySelectorAll("form[data-conditions]")) {
  const items = [...form.querySelectorAll("fieldset.item")];
  const answer = (id) => form.querySelector(`input[name="answer-${CSS.escape(id)}"]:checked`)?.value || null;

  // The same rule as the scorer: an item with a condition is shown when its item's answer meets it.
  const applyConditions = () => {
    for (const item of items) {
      const on = item.dataset.ifItem;
      if (!on) continue;
      const given = answer(on);
      const op = item.dataset.ifOp, value = item.dataset.ifValue;
      item.hidden = !(op === "answered" ? given !== null : op === "eq" ? given === value : given !== null && given !== value);
    }
  };
  applyConditions();

  form.addEventListener("change", async (event) => {
    const input = event.target;
    if (!input.name?.startsWith("answer-")) return;
    applyConditions();
    if (!("autosave" in form.dataset)) return;
    const item = input.closest("fieldset.item");
    const status = item.querySelector(".saved");
    const body = new URLSearchParams();
    for (const name of ["csrf", "participant", "occasion", "back"]) body.set(name, form.elements.namedItem(name).value);
    body.set(input.name, input.value);
    status.textContent = "Saving…";
    status.classList.remove("field-problem");
    try {
      const response = await fetch(form.action, {
        method: "POST", body, headers: { Accept: "application/json" }, credentials: "same-origin",
      });
      const result = await response.json();
      status.textContent = response.ok ? "Saved" : result.problem;
      if (!response.ok) status.classList.add("field-problem");
    } catch {
      status.textContent = "Not saved: the workbench did not answer. Your choice is still here; try again.";
      status.classList.add("field-problem");
    }
  });
}
