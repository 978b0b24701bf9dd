// Stations on a Leaflet map, coloured by ISPU category or flood status. The shared KotaMap
// (web/static/kotacerdas/map.js) draws the base layer and the region's outline; without
// tiles, or when they fail, the outline and the stations still draw.
// Every text from data goes in as DOM text (textContent), never as an HTML string.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("sensor-map");
    var data = JSON.parse(document.getElementById("sensor-map-data").textContent);
    if (typeof KotaMap === "undefined") return;
    var map = KotaMap.create(el, data);
    if (!map) return;
    L.geoJSON(data.features, {
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return L.circleMarker(latlng, {
          radius: p.kind === "water" ? 9 : 8, color: "#222", weight: 1,
          fillColor: p.colour, fillOpacity: 0.9, className: "sk-station"
        });
      },
      onEachFeature: function (f, layer) {
        var p = f.properties, a = document.createElement("a");
        a.href = p.url; a.textContent = p.name;
        var box = document.createElement("div");
        box.appendChild(a);
        if (p.status) { box.appendChild(document.createElement("br")); box.appendChild(document.createTextNode(p.status)); }
        layer.bindPopup(box);
        // Leaflet renders a string tooltip as HTML, and names and labels come from the
        // region's configuration: hand it a node holding plain text instead.
        var tip = document.createElement("span");
        tip.textContent = p.name + (p.status ? " · " + p.status : "");
        layer.bindTooltip(tip);
      }
    }).addTo(map);
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
