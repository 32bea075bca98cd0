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

// Bulk filing (a folder's page): with the script, files are sent one at a time, two at once, each
// with a thumbnail, its progress and its outcome; pictures or whole folders can be dropped in.
// Without it the form posts every file together and the page answers with a table of outcomes.
// After the last file the list of the folder's pictures is read again.
(() => {
  const form = document.querySelector("form[data-bulk]");
  if (!form) {
    return;
  }
  const list = document.getElementById("bulk-progress");
  const summary = document.getElementById("bulk-summary");
  const dropzone = document.getElementById("dropzone");
  const token = form.querySelector("input[name=__RequestVerificationToken]");
  const texts = form.dataset;
  const queue = [];
  let total = 0, done = 0, certified = 0, refused = 0, running = 0;
  dropzone.hidden = false;

  function format(template, ...values) {
    return values.reduce((text, value, i) => text.replace("{" + i + "}", String(value)), template);
  }

  function report() {
    summary.hidden = false;
    summary.textContent = format(texts.textSummary, done, total, certified, refused);
  }

  function add(files) {
    for (const file of files) {
      // A folder carries the system's hidden files (.DS_Store and the like): they are no pictures.
      if (file.name.startsWith(".")) {
        continue;
      }
      const row = document.createElement("li");
      row.className = "bulk-file";
      row.dataset.state = "waiting";
      const picture = /\.(jpe?g|png)$/i.test(file.name);
      const thumb = document.createElement(picture ? "img" : "span");
      thumb.className = "thumb";
      if (picture) {
        thumb.alt = "";
        thumb.src = URL.createObjectURL(file);
        thumb.onload = () => URL.revokeObjectURL(thumb.src);
      }
      const name = document.createElement("span");
      name.className = "name";
      name.textContent = file.webkitRelativePath || file.name;
      const progress = document.createElement("progress");
      progress.max = 100;
      progress.value = 0;
      progress.setAttribute("aria-label", file.name);
      const outcome = document.createElement("span");
      outcome.className = "outcome";
      outcome.textContent = texts.textWaiting;
      row.append(thumb, name, progress, outcome);
      list.append(row);
      queue.push({ file, row, progress, outcome });
      total++;
    }
    list.hidden = false;
    report();
    while (running < 2 && queue.length > 0) {
      running++;
      next();
    }
  }

  function finish(item, state, text, link) {
    item.row.dataset.state = state;
    item.progress.value = 100;
    item.outcome.textContent = text;
    if (link) {
      const a = document.createElement("a");
      a.href = link;
      a.textContent = texts.textCertificate;
      item.outcome.append(" · ", a);
    }
    done++;
    if (state === "certified") {
      certified++;
    } else if (state === "refused") {
      refused++;
    }
    report();
  }

  // When the last file is done the folder's list of pictures is read again, so the new filings show
  // without a reload (the page's own GET renders the list; only that section is replaced).
  async function refreshPictures() {
    const section = document.getElementById("pictures");
    try {
      const response = await fetch(location.href, { credentials: "same-origin" });
      if (!response.ok) {
        return;
      }
      const fresh = new DOMParser().parseFromString(await response.text(), "text/html").getElementById("pictures");
      if (section && fresh) {
        section.replaceWith(fresh);
        fresh.dataset.refreshed = String(done);
      }
    } catch {
      // The list stays as it was; each file's outcome above is already shown.
    }
  }

  function next() {
    const item = queue.shift();
    if (!item) {
      running--;
      if (running === 0 && done === total) {
        refreshPictures();
      }
      return;
    }
    item.row.dataset.state = "sending";
    item.outcome.textContent = texts.textSending;
    const data = new FormData();
    data.append(token.name, token.value);
    data.append("files", item.file, item.file.name);
    const request = new XMLHttpRequest();
    request.open("POST", form.dataset.upload);
    request.upload.onprogress = (e) => {
      if (e.lengthComputable) {
        item.progress.value = Math.min(99, Math.round(100 * e.loaded / e.total));
      }
    };
    request.onload = () => {
      let answer = null;
      try {
        answer = request.status === 200 ? JSON.parse(request.responseText)[0] : null;
      } catch {
        answer = null;
      }
      if (answer) {
        const text = answer.outcome === "certified" ? answer.text : answer.text + (answer.rule ? " (" + answer.rule + ")" : "");
        finish(item, answer.outcome, text, answer.certificateUrl);
      } else {
        finish(item, "failed", texts.textFailed);
      }
      next();
    };
    request.onerror = () => {
      finish(item, "failed", texts.textFailed);
      next();
    };
    request.send(data);
  }

  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const input = form.querySelector("#files");
    add([...input.files]);
    input.value = "";
  });
  document.getElementById("folder-input").addEventListener("change", (event) => {
    add([...event.target.files]);
    event.target.value = "";
  });

  // A dropped folder is read entry by entry, so every picture under it is filed.
  function readEntry(entry) {
    return new Promise((resolve) => {
      if (entry.isFile) {
        entry.file((file) => resolve([file]), () => resolve([]));
        return;
      }
      const reader = entry.createReader();
      const all = [];
      const more = () => reader.readEntries(async (entries) => {
        if (entries.length === 0) {
          resolve(all);
          return;
        }
        for (const e of entries) {
          all.push(...await readEntry(e));
        }
        more();
      }, () => resolve(all));
      more();
    });
  }
  dropzone.addEventListener("dragover", (event) => {
    event.preventDefault();
    dropzone.classList.add("over");
  });
  dropzone.addEventListener("dragleave", () => dropzone.classList.remove("over"));
  dropzone.addEventListener("drop", async (event) => {
    event.preventDefault();
    dropzone.classList.remove("over");
    const entries = [...event.dataTransfer.items].map((i) => i.webkitGetAsEntry && i.webkitGetAsEntry()).filter((e) => e);
    if (entries.length > 0) {
      const files = [];
      for (const entry of entries) {
        files.push(...await readEntry(entry));
      }
      add(files);
    } else {
      add([...event.dataTransfer.files]);
    }
  });
})();
