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
  // Product images: drag one onto another's place, then the new order is saved; dropping
  // files on the upload box uploads the first. The ↑ / ↓ buttons do the same without a mouse.
  document.addEventListener("DOMContentLoaded", function () {
    var list = document.querySelector("[data-sortable]");
    if (list) {
      var dragged = null, moved = false;
      list.addEventListener("dragstart", function (e) {
        moved = false;
        dragged = e.target.closest("li");
        if (dragged) { dragged.classList.add("dragging"); e.dataTransfer.effectAllowed = "move"; }
      });
      list.addEventListener("dragover", function (e) {
        var over = e.target.closest && e.target.closest("li");
        if (!dragged || !over || over === dragged) { return; }
        e.preventDefault();
        var after = over.compareDocumentPosition(dragged) & Node.DOCUMENT_POSITION_PRECEDING;
        list.insertBefore(dragged, after ? over.nextSibling : over);
        moved = true;
      });
      list.addEventListener("drop", function (e) { if (dragged) { e.preventDefault(); } });
      list.addEventListener("dragend", function () {
        if (!dragged) { return; }
        dragged.classList.remove("dragging");
        dragged = null;
        var form = list.closest("form");
        if (form && moved) { form.submit(); }
      });
    }
    var zone = document.querySelector("[data-dropzone]");
    if (zone) {
      var input = zone.querySelector("input[type=file]");
      ["dragenter", "dragover"].forEach(function (t) {
        zone.addEventListener(t, function (e) {
          if (e.dataTransfer && Array.prototype.indexOf.call(e.dataTransfer.types, "Files") >= 0) {
            e.preventDefault();
            zone.classList.add("over");
          }
        });
      });
      zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
      zone.addEventListener("drop", function (e) {
        zone.classList.remove("over");
        if (!e.dataTransfer || !e.dataTransfer.files.length || !input) { return; }
        e.preventDefault();
        input.files = e.dataTransfer.files;
        zone.submit();
      });
    }
  });
})();
