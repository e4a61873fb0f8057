// The guide's one script on every page, loaded after Material's bundle: accessibility repairs and the
// round checklists. (The practice drill's script, practice.js, is on the practice page only.)
// Material's instant navigation swaps pages without reloading, so per-page set-up runs for each page
// shown (onEachPage).
(() => {
  "use strict";

  // Material's document$ emits once per page shown. Opened from disk (file://), Material turns
  // instant navigation off and document$ can complete without emitting: run once on completion then.
  function onEachPage(setUp) {
    const doc$ = window.document$;
    if (!doc$ || typeof doc$.subscribe !== "function") {
      if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp, { once: true });
      else setUp();
      return;
    }
    let seen = false;
    doc$.subscribe({
      next: () => {
        seen = true;
        setUp();
      },
      complete: () => {
        if (seen) return;
        if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setUp, { once: true });
        else setUp();
      },
    });
  }

  // ------------------------------------------------------------ accessibility repairs
  // Checked by tests/test_accessibility.py. The search dialog has no accessible name
  // (axe: aria-dialog-name); the header survives instant navigation, so this is idempotent.
  onEachPage(() => {
    const dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the guide");
  });

  // ------------------------------------------------------------ round checklists
  // Round checklists and self-score sheets (macros/checklists.py renders them).
  // - Ticks live in localStorage under "guide:checklist:<item id>": the id never changes when an
  //   item's wording does, so editing the text keeps a reader's tick.
  // - "Clear all ticks" unticks this round and forgets its saved ticks.
  // - A "Download PDF" link appears only when `make pdf` has written the file it points to.
  const PREFIX = "guide:checklist:";

  // localStorage can throw (disabled storage, private modes): ticking then still works, unsaved.
  const saved = (id) => {
    try {
      return window.localStorage.getItem(PREFIX + id) === "1";
    } catch (e) {
      return false;
    }
  };
  const save = (id, on) => {
    try {
      if (on) window.localStorage.setItem(PREFIX + id, "1");
      else window.localStorage.removeItem(PREFIX + id);
    } catch (e) {
      /* not saved; the tick still shows until the page is left */
    }
  };

  const boxesIn = (root) => root.querySelectorAll('input[type="checkbox"][data-item]');

  // The site root, so data-pdf paths resolve the same from any page (Material sets __md_scope).
  const siteRoot = () => {
    if (typeof __md_scope !== "undefined") return __md_scope;
    const config = document.getElementById("__config");
    const base = config ? JSON.parse(config.textContent).base : ".";
    return new URL(base.replace(/\/?$/, "/"), window.location.href);
  };

  function setUpChecklist(root) {
    if (root.dataset.ready) return;
    root.dataset.ready = "1";
    boxesIn(root).forEach((box) => {
      box.checked = saved(box.dataset.item);
    });
    root.addEventListener("change", (event) => {
      const box = event.target;
      if (box instanceof HTMLInputElement && box.dataset.item) save(box.dataset.item, box.checked);
    });
  }

  function setUpReset(button) {
    if (button.dataset.ready) return;
    button.dataset.ready = "1";
    button.addEventListener("click", () => {
      document.querySelectorAll(".checklist[data-stage]").forEach((root) => {
        boxesIn(root).forEach((box) => {
          box.checked = false;
          save(box.dataset.item, false);
        });
      });
      const status = document.querySelector(".checklist-status");
      if (status) status.textContent = "All ticks cleared.";
    });
  }

  function showPdfLink(anchor) {
    if (anchor.dataset.ready) return;
    anchor.dataset.ready = "1";
    const url = new URL(anchor.dataset.pdf, siteRoot());
    fetch(url, { method: "HEAD", cache: "no-store" })
      .then((response) => {
        if (!response.ok) return;
        anchor.href = url.href;
        anchor.hidden = false;
      })
      .catch(() => {
        /* no PDF (or offline): the link stays hidden */
      });
  }

  function setUpChecklists() {
    document.querySelectorAll(".checklist[data-stage]").forEach(setUpChecklist);
    document.querySelectorAll('[data-action="reset-checklist"]').forEach(setUpReset);
    document.querySelectorAll("a[data-pdf]").forEach(showPdfLink);
  }

  // A tick made in another tab shows here too.
  window.addEventListener("storage", (event) => {
    if (event.key === null || event.key.startsWith(PREFIX)) {
      document.querySelectorAll(".checklist[data-stage]").forEach((root) => {
        boxesIn(root).forEach((box) => {
          box.checked = saved(box.dataset.item);
        });
      });
    }
  });

  onEachPage(setUpChecklists);
})();
