// Small helpers for the champion's pages: a Print button (inline handlers are not allowed by the
// pages' Content-Security-Policy, so buttons are wired here).
"use strict";

for (const button of document.querySelectorAll("[data-print]")) {
  button.addEventListener("click", () => window.print());
}
