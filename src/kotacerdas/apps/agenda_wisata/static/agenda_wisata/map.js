// Destinations (or one place) on the shared map module; works with tiles off.
(function () {
  "use strict";
  function draw() {
    var el = document.getElementById("aw-map");
    var source = document.getElementById("aw-map-data");
    if (!el || !source || !window.KotaMap) { return; }
    var data = JSON.parse(source.textContent);
    var map = window.KotaMap.create(el, data, { scrollWheelZoom: false });
    if (!map || !data.features) { return; }
    window.L.geoJSON(data.features, {
      onEachFeature: function (feature, layer) {
        var p = feature.properties || {};
        var box = document.createElement("div");
        if (p.url) {
          var a = document.createElement("a");
          a.href = p.url; a.textContent = p.name || "";
          box.appendChild(a);
        } else { box.textContent = p.name || ""; }
        layer.bindPopup(box);
      }
    }).addTo(map);
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
