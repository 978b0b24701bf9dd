// The finder: "Use my location" fills lat/lon from the browser and searches; a tap on the
// map measures from there. Without geolocation (or when refused) the kecamatan/place field
// and the map stay; the page works without script too (it measures from the city centre).
(function () {
  "use strict";
  function go(lat, lon) {
    var form = document.getElementById("fk-where");
    document.getElementById("fk-lat").value = lat.toFixed(5);
    document.getElementById("fk-lon").value = lon.toFixed(5);
    document.getElementById("fk-place").value = "";
    form.submit();
  }
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("fk-locate");
    var status = document.getElementById("fk-locate-status");
    if (button && navigator.geolocation) {
      button.hidden = false;
      button.addEventListener("click", function () {
        status.textContent = button.dataset.wait || "…";
        navigator.geolocation.getCurrentPosition(
          function (pos) { go(pos.coords.latitude, pos.coords.longitude); },
          function () { status.textContent = document.documentElement.lang === "en" ? "Location not available: choose a kecamatan or tap the map." : "Lokasi tidak tersedia: pilih kecamatan atau ketuk peta."; },
          { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 }
        );
      });
    }
    var el = document.getElementById("fk-map");
    var holder = document.getElementById("fk-map-data");
    if (!el || !holder || !window.KotaMap) { return; }
    var data = JSON.parse(holder.textContent);
    var map = window.KotaMap.create(el, data, { scrollWheelZoom: false });
    if (!map) { return; }
    (data.hits || []).forEach(function (h) {
      var m = L.circleMarker([h.lat, h.lng], { radius: 8, color: h.stale ? "#757575" : "#2e7d32", fillOpacity: 0.8 });
      var text = document.createElement("span");
      text.textContent = h.name + (h.free === null ? "" : " · " + h.free);
      m.bindPopup(text).addTo(map);
    });
    if (data.origin) { L.circleMarker(data.origin, { radius: 6, color: "#1e88e5" }).addTo(map); }
    map.on("click", function (e) { go(e.latlng.lat, e.latlng.lng); });
  });
})();
