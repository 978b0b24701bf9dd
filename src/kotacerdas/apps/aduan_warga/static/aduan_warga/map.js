// Maps of Aduan Warga: the public map of reports, the pin picker of the form, one report.
// The shared KotaMap (web/static/kotacerdas/map.js) draws the base layer and the region's
// outline; without tiles, or when they fail, the outline and the reports still draw.
(function () {
  "use strict";
  function options(el) {
    return JSON.parse(document.getElementById(el.dataset.options).textContent);
  }
  function baseMap(el, opts) {
    // maxZoom comes from KotaMap: without a tile layer the cluster plugin needs one set.
    return KotaMap.create(el, opts, { scrollWheelZoom: false, minZoom: 8 });
  }
  function dot(latlng, colour, className) {
    return L.circleMarker(latlng, {
      radius: 7, color: "#fff", weight: 1.5, fillColor: colour, fillOpacity: 0.9, className: className || "aw-dot"
    });
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
    // The pin's coordinates are written unlocalised (data-lat="-6.99"): Number("-6,99") is NaN.
    var ll = L.latLng(Number(el.dataset.lat), Number(el.dataset.lng));
    dot(ll, el.dataset.colour, "aw-dot aw-pin").addTo(map);
    map.setView(ll, 15);
  }
  if (typeof L === "undefined" || typeof KotaMap === "undefined") return;  // no map library: the page still reads
  document.querySelectorAll("[data-aw-map]").forEach(function (el) {
    ({ reports: reportsMap, picker: picker, single: single })[el.dataset.awMap](el);
  });
})();
