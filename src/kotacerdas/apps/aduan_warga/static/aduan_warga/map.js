// Maps of Aduan Warga: the public map of reports, the pin picker of the form, one report.
// Works without base tiles: the region's bbox is fitted and the layers still draw.
(function () {
  "use strict";
  function options(el) {
    return JSON.parse(document.getElementById(el.dataset.options).textContent);
  }
  function baseMap(el, opts) {
    // Without a tile layer Leaflet knows no zoom range; the cluster plugin needs one.
    var map = L.map(el, { scrollWheelZoom: false, minZoom: 8, maxZoom: 19 });
    if (opts.tiles) {
      L.tileLayer(opts.tiles, { maxZoom: 19, attribution: el.dataset.attribution || "" }).addTo(map);
    }
    var b = opts.bbox;
    var frame = L.rectangle([[b[0], b[1]], [b[2], b[3]]], { color: "#0f766e", weight: 1, fill: false });
    frame.addTo(map);
    map.fitBounds(frame.getBounds());
    return map;
  }
  function dot(latlng, colour) {
    return L.circleMarker(latlng, { radius: 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.9 });
  }
  function reportsMap(el) {
    var opts = options(el);
    var map = baseMap(el, opts);
    var group = L.markerClusterGroup ? L.markerClusterGroup({ maxClusterRadius: 40 }) : L.layerGroup();
    fetch(el.dataset.source, { headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        L.geoJSON(data, {
          pointToLayer: function (f, latlng) {
            return dot(latlng, opts.colours[f.properties.status] || "#334155");
          },
          onEachFeature: function (f, layer) {
            var a = document.createElement("a");
            a.href = el.dataset.detail.replace("TICKET", f.properties.ticket);
            a.textContent = f.properties.ticket + " · " + f.properties.category;
            layer.bindPopup(a);
          },
        }).addTo(group);
        group.addTo(map);
      });
  }
  function picker(el) {
    var opts = options(el);
    var map = baseMap(el, opts);
    var lat = document.getElementById("id_lat");
    var lng = document.getElementById("id_lng");
    var marker = null;
    function place(latlng) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      lat.value = latlng.lat.toFixed(6);
      lng.value = latlng.lng.toFixed(6);
      document.getElementById("pin-status").textContent = lat.value + ", " + lng.value;
    }
    if (lat.value && lng.value) { place(L.latLng(+lat.value, +lng.value)); }
    map.on("click", function (e) { place(e.latlng); });
    var here = document.getElementById("use-location");
    if (here && navigator.geolocation) {
      here.hidden = false;
      here.addEventListener("click", function () {
        navigator.geolocation.getCurrentPosition(function (p) {
          var ll = L.latLng(p.coords.latitude, p.coords.longitude);
          place(ll);
          map.setView(ll, 16);
        });
      });
    }
  }
  function single(el) {
    var opts = options(el);
    var map = baseMap(el, opts);
    var ll = L.latLng(+el.dataset.lat, +el.dataset.lng);
    dot(ll, el.dataset.colour).addTo(map);
    map.setView(ll, 15);
  }
  document.querySelectorAll("[data-aw-map]").forEach(function (el) {
    ({ reports: reportsMap, picker: picker, single: single })[el.dataset.awMap](el);
  });
})();
