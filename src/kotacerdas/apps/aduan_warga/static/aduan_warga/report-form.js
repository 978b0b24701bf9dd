// The report form: when the map's pin moves (map.js writes the position into #pin-status),
// tell htmx, which fetches the open reports of the same category near the new pin.
(function () {
  "use strict";
  var status = document.getElementById("pin-status");
  if (!status || typeof MutationObserver === "undefined") return;
  new MutationObserver(function () {
    document.body.dispatchEvent(new CustomEvent("aw-pin", { bubbles: true }));
  }).observe(status, { childList: true, characterData: true, subtree: true });
})();
