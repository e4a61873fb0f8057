/* Small accessibility repairs to Material's markup, checked by tests/test_accessibility.py. */
(function () {
  "use strict";

  // The search dialog has no accessible name (axe: aria-dialog-name).
  function labelSearch() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the guide");
  }

  // The results pane is a tab stop even while the query is empty and the pane is closed (zero height),
  // so one Tab press would land on nothing visible. Keep it out of the tab order until there is a query.
  function tabOrderOfResults() {
    var input = document.querySelector(".md-search__input");
    var pane = document.querySelector(".md-search__scrollwrap");
    if (!input || !pane || pane.hasAttribute("data-guide-a11y")) return;
    pane.setAttribute("data-guide-a11y", "");
    function sync() {
      pane.tabIndex = input.value.trim() ? 0 : -1;
    }
    input.addEventListener("input", sync);
    input.form && input.form.addEventListener("reset", function () { setTimeout(sync); });
    sync();
  }

  function run() {
    labelSearch();
    tabOrderOfResults();
  }

  // The header survives instant navigation, so this is idempotent per page view.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(run);
  else run();
})();
