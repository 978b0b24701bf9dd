// Stations on a Leaflet map, coloured by ISPU category or flood status. Without a tile
// server (KOTACERDAS_TILE_URL empty) the map still fits the region and draws the stations.
// Every text from data goes in as DOM text (textContent), never as an HTML string.
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("sensor-map");
    var data = JSON.parse(document.getElementById("sensor-map-data").textContent);
    var map = L.map(el, { attributionControl: !!data.tiles });
    if (data.tiles) { L.tileLayer(data.tiles, { maxZoom: 18 }).addTo(map); }
    var b = data.bbox; // west, south, east, north
    map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
    L.rectangle([[b[1], b[0]], [b[3], b[2]]], { color: "#14507a", weight: 1, fill: false, interactive: false }).addTo(map);
    L.geoJSON(data.features, {
      pointToLayer: function (f, latlng) {
        var p = f.properties;
        return L.circleMarker(latlng, {
          radius: p.kind === "water" ? 9 : 8, color: "#222", weight: 1,
          fillColor: p.colour, fillOpacity: 0.9
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
