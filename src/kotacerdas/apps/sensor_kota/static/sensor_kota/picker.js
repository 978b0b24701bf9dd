// The console's place picker: a click on the map writes the latitude and longitude fields,
// typing in them moves the marker. The fields are the truth and work without this script;
// the map comes from the shared module (kotacerdas/map.js, KotaMap.create).
(function () {
  "use strict";
  function start() {
    var el = document.getElementById("sk-picker");
    var lat = document.getElementById("id_lat"), lng = document.getElementById("id_lng");
    if (!el || !lat || !lng || typeof KotaMap === "undefined") return;
    var data = JSON.parse(document.getElementById("sk-picker-data").textContent);
    var map = KotaMap.create(el, data);
    if (!map) return;
    var marker = null;
    function read(input) { return parseFloat(String(input.value).replace(",", ".")); }
    function place(latlng, pan) {
      if (marker) { marker.setLatLng(latlng); } else { marker = L.marker(latlng).addTo(map); }
      if (pan) map.panTo(latlng);
    }
    function fromFields() {
      var a = read(lat), b = read(lng);
      if (isFinite(a) && isFinite(b)) place([a, b], true);
    }
    map.on("click", function (e) {
      // Five decimals is about a metre: enough for a gauge, no false precision.
      lat.value = e.latlng.lat.toFixed(5);
      lng.value = e.latlng.lng.toFixed(5);
      place(e.latlng, false);
    });
    lat.addEventListener("change", fromFields);
    lng.addEventListener("change", fromFields);
    fromFields();
    el.dataset.ready = "1";
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
