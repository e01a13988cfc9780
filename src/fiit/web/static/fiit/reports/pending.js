// A report page whose report is still being built: ask the same address for its progress every few
// seconds and reload when the report is ready or the builder moved on (the page then shows the new count).
(function () {
  "use strict";
  var box = document.querySelector("[data-report-pending]");
  if (!box || !window.fetch) { return; }
  var url = new URL(window.location.href);
  url.searchParams.set("progress", "1");
  var last = null;
  function check() {
    fetch(url.toString(), { credentials: "same-origin", headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (p) {
        if (!p) { return; }
        var now = String(p.done) + "/" + String(p.total);
        if (p.ready || (last !== null && now !== last)) { window.location.reload(); return; }
        last = now;
      })
      .catch(function () { /* offline for a moment: try again at the next tick */ })
      .then(function () { window.setTimeout(check, 4000); });
  }
  window.setTimeout(check, 4000);
})();
