// The pages work without this script: forms post, links navigate, every picture is shown.
// It adds the questions before irreversible steps and the evidence viewer's sliders.
"use strict";

// A form whose step cannot be undone carries its question in data-confirm (text, never script);
// a form whose buttons differ (check only, or file for good) carries it on the button that commits.
document.addEventListener("submit", (event) => {
  const form = event.target;
  const button = event.submitter;
  const question = form instanceof HTMLFormElement ? (button && button.dataset.confirm) || form.dataset.confirm : undefined;
  if (question && !window.confirm(question)) {
    event.preventDefault();
  }
});

// Evidence viewer: each range input sets one CSS variable on its viewer; the stylesheet does the rest
// (zoom scales the side-by-side pictures, opacity and swipe act on the aligned original).
document.addEventListener("input", (event) => {
  const input = event.target;
  if (!(input instanceof HTMLInputElement) || !input.dataset.viewerVar) {
    return;
  }
  const viewer = input.closest(".viewer");
  if (viewer) {
    viewer.style.setProperty("--" + input.dataset.viewerVar, input.value + (input.dataset.viewerUnit || ""));
  }
});
