/* One map for every page: KotaMap.create(el, data, options) makes a Leaflet map from the
   dict core/maps.py builds (tiles, outline, bbox, centre, texts) and returns it for the page
   to add its own layers. The region's outline is always drawn and fitted, so the map shows
   the place even with tiles off (KOTACERDAS_TILE_URL=none) or when the tile server cannot be
   reached: then the broken base layer is removed and a short notice says so, and the outline
   and the page's layers keep working. docs/maps.md. */
(function () {
  "use strict";

  // Give up on the base layer after this many failed tiles without a single good one.
  var GIVE_UP_AFTER = 4;
  var OUTLINE = { color: "#0f766e", weight: 2, opacity: 0.9, fill: false, interactive: false, className: "kota-map-outline" };

  function notice(map, text) {
    var control = L.control({ position: "bottomleft" });
    control.onAdd = function () {
      var box = L.DomUtil.create("div", "kota-map-notice");
      box.setAttribute("role", "status");
      box.textContent = text;  // a translated string from the page, as text
      return box;
    };
    control.addTo(map);
  }

  function baseLayer(map, el, tiles, text) {
    var layer = L.tileLayer(tiles.url, { maxZoom: tiles.maxZoom || 19, attribution: tiles.attribution || "" });
    var loaded = 0, failed = 0, gaveUp = false;
    function giveUp() {
      if (gaveUp) return;
      gaveUp = true;
      map.removeLayer(layer);
      el.dataset.tiles = "failed";
      notice(map, text || "Peta dasar tidak dapat dimuat");
    }
    layer.on("tileload", function () { loaded += 1; });
    layer.on("tileerror", function () {
      failed += 1;
      if (!loaded && failed >= GIVE_UP_AFTER) giveUp();
    });
    // "load" fires once every tile in view has answered, failed ones included.
    layer.on("load", function () { if (!loaded && failed) giveUp(); });
    layer.addTo(map);
    el.dataset.tiles = "on";
    return layer;
  }

  function bboxBounds(b) {  // west, south, east, north
    return b && b.length === 4 ? L.latLngBounds([b[1], b[0]], [b[3], b[2]]) : null;
  }

  function create(el, data, options) {
    if (typeof L === "undefined" || !el) return null;
    data = data || {};
    var tiles = data.tiles || null;
    var text = data.text || {};
    var opts = Object.assign({ maxZoom: (tiles && tiles.maxZoom) || 19 }, options || {});
    var map = L.map(el, opts);
    el.classList.add("kota-map");
    if (tiles && tiles.url) {
      baseLayer(map, el, tiles, text.tilesFailed);
    } else {
      el.dataset.tiles = "off";
    }
    var bounds = null;
    if (data.outline) {
      try {
        var outline = L.geoJSON(data.outline, { style: function () { return OUTLINE; }, interactive: false });
        outline.addTo(map);
        bounds = outline.getBounds();
      } catch (err) {
        bounds = null;  // a malformed outline: fall back to the bbox, keep the page working
      }
    }
    if (!bounds || !bounds.isValid()) bounds = bboxBounds(data.bbox);
    if (bounds && bounds.isValid()) {
      map.fitBounds(bounds);
    } else if (data.centre) {
      map.setView(data.centre, 12);
    }
    el.dataset.outline = bounds && bounds.isValid() ? "1" : "0";
    return map;
  }

  window.KotaMap = { create: create };
})();
