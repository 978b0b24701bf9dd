/* The province map of the maturity index: each region's outline filled by its index band
   (the classes b0…b4/none, coloured in maturity.css like the heat table), a popup with its
   rank and index linking to the region's page. Drawn by the shared KotaMap
   (kotacerdas/map.js), so it works with tiles off or unreachable; without Leaflet the
   ranking table and the legend still say everything. */
(function () {
  "use strict";

  function draw() {
    var el = document.getElementById("mt-map");
    var source = document.getElementById("mt-map-data");
    if (!el || !source || typeof KotaMap === "undefined") return;
    var data = JSON.parse(source.textContent);
    var map = KotaMap.create(el, data, { scrollWheelZoom: false });
    if (!map) return;
    var text = data.text || {};
    var layer = L.geoJSON(data.regions, {
      style: function (feature) {
        return { className: "mt-area " + feature.properties.band, weight: 1, fillOpacity: 0.75 };
      },
      onEachFeature: function (feature, shape) {
        var p = feature.properties;
        var box = document.createElement("div");
        var link = document.createElement("a");
        link.href = p.url;
        link.textContent = p.name;  // names are data: text, never markup
        var line = document.createElement("div");
        line.textContent = (text.rank || "Rank") + " " + p.rank + " · " + (text.index || "Index") + " " +
          (p.index === null ? "—" : String(p.index));
        box.appendChild(link);
        box.appendChild(line);
        shape.bindPopup(box);
        shape.bindTooltip(p.name);
      }
    }).addTo(map);
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds);
    el.dataset.regions = String(data.regions.features.length);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
