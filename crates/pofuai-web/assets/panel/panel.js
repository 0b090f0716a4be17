// PofuAi panel: the few behaviours plain HTML lacks. Loaded as a file (no inline script), so
// the Content-Security-Policy can forbid inline code.
(function () {
  "use strict";
  // htmx requests carry the session's CSRF token as a header.
  document.addEventListener("htmx:configRequest", function (e) {
    var token = document.body && document.body.getAttribute("data-csrf");
    if (token) { e.detail.headers["X-CSRF-Token"] = token; }
  });
  // Destructive actions ask first: <button data-confirm="…">.
  document.addEventListener("click", function (e) {
    var el = e.target.closest && e.target.closest("[data-confirm]");
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      e.preventDefault();
      e.stopPropagation();
    }
  }, true);
})();
