/* The region's place page: the shared map (KotaMap, map.js) with the region's outline; a
   click sets the centre fields, "use this map view" copies the view into the extent fields.
   The number fields are the form: without this script (or Leaflet) they still work. */
(function () {
  "use strict";

  var DIGITS = 6;  // about 10 cm: more than enough, and short in the fields

  function field(id) { return document.getElementById(id); }

  function setNumber(id, value) {
    var input = field(id);
    // toFixed: a plain dot decimal whatever the page's language.
    if (input) input.value = Number(value).toFixed(DIGITS);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var el = field("place-map");
    var dataEl = field("place-map-data");
    if (!el || !dataEl || typeof window.KotaMap === "undefined") return;
    var data = JSON.parse(dataEl.textContent);
    var map = window.KotaMap.create(el, data);
    if (!map) return;
    var marker = null;
    function placeMarker(lat, lng) {
      if (marker) marker.setLatLng([lat, lng]);
      else marker = L.marker([lat, lng], { keyboard: false }).addTo(map);
    }
    if (data.centre) placeMarker(data.centre[0], data.centre[1]);
    map.on("click", function (event) {
      placeMarker(event.latlng.lat, event.latlng.lng);
      setNumber("id_centre_lat", event.latlng.lat);
      setNumber("id_centre_lng", event.latlng.lng);
      el.dataset.centreSet = "1";
    });
    var button = field("use-view");
    if (button) {
      button.hidden = false;
      button.addEventListener("click", function () {
        var b = map.getBounds();
        setNumber("id_bbox_west", b.getWest());
        setNumber("id_bbox_south", b.getSouth());
        setNumber("id_bbox_east", b.getEast());
        setNumber("id_bbox_north", b.getNorth());
        el.dataset.extentSet = "1";
      });
    }
  });
})();
