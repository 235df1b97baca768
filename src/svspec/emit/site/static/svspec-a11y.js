// svspec: the search dialog has a name for screen readers (WCAG 4.1.2); the theme leaves it unnamed.
document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
  dialog.setAttribute("aria-label", "Search");
});
