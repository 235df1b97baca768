// svspec: two accessibility repairs to the theme's own markup, made again whenever the theme
// changes the page (it wraps tables in scroll boxes after this script has run).
function svspecAccessible() {
  // The search dialog has a name for screen readers (WCAG 4.1.2); the theme leaves it unnamed.
  document.querySelectorAll(".md-search[role=dialog]:not([aria-label])").forEach(function (dialog) {
    dialog.setAttribute("aria-label", "Search");
  });
  // A wide table scrolls inside its box on a phone: the box takes keyboard focus (WCAG 2.1.1),
  // so it can be scrolled with the arrow keys, and says what it holds.
  document.querySelectorAll(".md-typeset__scrollwrap:not([tabindex])").forEach(function (box) {
    box.setAttribute("tabindex", "0");
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", "Table (scrolls sideways on a narrow screen)");
  });
}
svspecAccessible();
new MutationObserver(svspecAccessible).observe(document.body, { childList: true, subtree: true });
