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
  // Live updates: a page with [data-live-events] subscribes to the seller's events (job
  // progress, new orders); the browser reconnects with Last-Event-ID by itself.
  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelector("[data-live-events]");
    if (!live || !window.EventSource) { return; }
    var list = live.querySelector("ul");
    var labels = {};
    try { labels = JSON.parse(live.getAttribute("data-labels") || "{}"); } catch (_) { labels = {}; }
    var fill = function (tpl, d) {
      return (tpl || "").replace(/\[(\w+)\]/g, function (_, k) {
        if (d[k] == null) { return ""; }
        var words = labels[k];
        return words && words[d[k]] ? words[d[k]] : String(d[k]);
      });
    };
    // One line per job, updated in place as its progress arrives (and moved to the top);
    // every order its own line.
    var show = function (tpl, e) {
      var d = JSON.parse(e.data);
      var key = d.job_id != null ? "job-" + d.job_id : null;
      var li = key && list.querySelector('[data-key="' + key + '"]');
      if (!li) {
        li = document.createElement("li");
        if (key) { li.setAttribute("data-key", key); }
      }
      li.textContent = fill(tpl, d);
      list.insertBefore(li, list.firstChild);
      while (list.children.length > 20) { list.removeChild(list.lastChild); }
    };
    var source = new EventSource("/api/events");
    source.addEventListener("job", function (e) { show(live.getAttribute("data-job"), e); });
    source.addEventListener("order", function (e) { show(live.getAttribute("data-order"), e); });
  });
})();
