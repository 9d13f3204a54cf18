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

// A measure menu (one select grouped by instrument) becomes three: instrument, then subscale,
// strand or theme, then statistic. The original select keeps the value the form sends.
for (const [index, select] of [...document.querySelectorAll("select[data-measure]")].entries()) {
  const groups = [...select.querySelectorAll("optgroup")];
  const box = document.createElement("div");
  box.className = "measure-menus";
  const menu = (name, label) => {
    const wrapper = document.createElement("label");
    const text = document.createElement("span");
    text.textContent = label;
    const choice = document.createElement("select");
    choice.id = `${select.id || "measure" + index}-${name}`;
    wrapper.append(text, choice);
    box.append(wrapper);
    return choice;
  };
  const fill = (choice, values, prompt) => {
    choice.replaceChildren(new Option(prompt, ""), ...values.map((value) => new Option(value || "(the whole instrument)", value)));
    choice.disabled = values.length === 0;
  };
  const instrument = menu("instrument", "Instrument");
  const part = menu("part", "Subscale, strand or theme");
  const statistic = menu("statistic", "Statistic");
  const options = () => [...(groups[Number(instrument.value)]?.querySelectorAll("option") ?? [])];
  instrument.replaceChildren(new Option("Choose an instrument…", ""), ...groups.map((group, at) => new Option(group.label, String(at))));
  fill(part, [], "Choose…");
  fill(statistic, [], "Choose…");
  instrument.addEventListener("change", () => {
    fill(part, [...new Set(options().map((option) => option.dataset.part))], "Choose…");
    fill(statistic, [], "Choose…");
    select.value = "";
  });
  part.addEventListener("change", () => {
    fill(statistic, options().filter((option) => option.dataset.part === part.value).map((option) => option.dataset.statistic),
         "Choose…");
    select.value = "";
  });
  statistic.addEventListener("change", () => {
    const chosen = options().find((option) => option.dataset.part === part.value && option.dataset.statistic === statistic.value);
    select.value = chosen ? chosen.value : "";
  });
  select.hidden = true;
  select.insertAdjacentElement("afterend", box);
  const label = document.querySelector(`label[for="${CSS.escape(select.id)}"]`);
  if (label) label.htmlFor = instrument.id;
}
