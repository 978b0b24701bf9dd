/* Live updates of Darurat 112 pages: the region's event stream (the situation room's SSE);
   on a darurat-112 event the page re-fetches its fragment (data-refresh into data-target),
   or reloads (data-reload). A map of the page's features is drawn with the shared module. */
(function () {
  "use strict";
  function drawMap() {
    var holder = document.getElementById("inc-map");
    var json = document.getElementById("d112-map");
    if (!holder || !json || !window.KotaMap) return;
    var data = JSON.parse(json.textContent);
    var map = window.KotaMap.create(holder, data, { scrollWheelZoom: false });
    if (map && data.features && data.features.length && window.L) {
      var layer = window.L.geoJSON({ type: "FeatureCollection", features: data.features }, {
        onEachFeature: function (f, l) {
          if (!f.properties || !f.properties.name) return;
          var el = document.createElement("span");
          el.textContent = f.properties.name;
          l.bindPopup(el);
        }
      }).addTo(map);
      try { map.fitBounds(layer.getBounds(), { maxZoom: 16 }); } catch (e) { /* one point */ }
    }
  }
  // One-key shortcuts of a page: an element with data-hotkey="n" is clicked on N, unless
  // the focus is in a field.
  document.addEventListener("keydown", function (e) {
    if (e.ctrlKey || e.metaKey || e.altKey) return;
    var t = e.target;
    if (t && (t.tagName === "INPUT" || t.tagName === "TEXTAREA" || t.tagName === "SELECT" || t.isContentEditable)) return;
    var key = (e.key || "").toLowerCase();
    if (!/^[a-z]$/.test(key)) return;
    var el = document.querySelector("[data-hotkey='" + key + "']");
    if (el) { e.preventDefault(); el.click(); }
  });
  function start() {
    drawMap();
    var root = document.querySelector("[data-live]");
    if (!root || !window.EventSource) return;
    var pending = null;
    function refresh() {
      pending = null;
      if (root.dataset.reload) { window.location.reload(); return; }
      var target = document.getElementById(root.dataset.target);
      if (!target) return;
      fetch(root.dataset.refresh, { headers: { "HX-Request": "true" }, credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.text() : null; })
        .then(function (html) {
          if (html === null) return;
          var box = document.createElement("div");
          box.innerHTML = html;
          var fresh = box.firstElementChild;
          if (fresh && fresh.id === target.id) {
            target.replaceWith(fresh);
            if (window.htmx) window.htmx.process(fresh);
          } else {
            target.innerHTML = html;
            if (window.htmx) window.htmx.process(target);
          }
          root.dataset.updated = String(Date.now());
          document.dispatchEvent(new CustomEvent("d112:updated"));
        });
    }
    var source = new EventSource(root.dataset.live);
    source.onmessage = function (e) {
      var event;
      try { event = JSON.parse(e.data); } catch (err) { return; }
      if (event.app !== "darurat-112") return;
      if (!pending) pending = window.setTimeout(refresh, 50);
    };
    root.dataset.stream = "open";
    // Timers move on their own: re-read every 30 s even when nothing happens.
    if (!root.dataset.reload) window.setInterval(refresh, 30000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
