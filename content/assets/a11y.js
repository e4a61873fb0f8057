/* Small accessibility repairs to Material's markup, checked by tests/test_accessibility.py. */
(function () {
  "use strict";

  // The search dialog has no accessible name (axe: aria-dialog-name).
  function labelSearch() {
    var dialog = document.querySelector(".md-search[role='dialog']");
    if (dialog && !dialog.hasAttribute("aria-label")) dialog.setAttribute("aria-label", "Search the guide");
  }

  // The header survives instant navigation, so this is idempotent per page view.
  if (window.document$ && typeof window.document$.subscribe === "function") window.document$.subscribe(labelSearch);
  else labelSearch();
})();
