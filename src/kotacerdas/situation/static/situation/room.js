/* A region's room: map layers (clustered, toggleable), the activity chart, and live updates.
   Text from apps and configurations (layer labels, feature properties) goes into the page as
   DOM text: Leaflet renders strings given to popups, icons and the layer control as HTML. */
(function () {
  "use strict";
  var config, map, control, overlays = {}, chart;
  // Times in WIB, in the page's language (the chart's axis and legend).
  var LANG = document.documentElement.lang === "en" ? "en-GB" : "id-ID";
  var hhmm = new Intl.DateTimeFormat(LANG, { timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", hour12: false });
  var COLOURS = ["#2563eb", "#dc2626", "#16a34a", "#d97706", "#7c3aed", "#0891b2", "#db2777"];

  function popup(props) {
    var box = document.createElement("dl");
    Object.keys(props || {}).slice(0, 8).forEach(function (key) {
      var dt = document.createElement("dt"), dd = document.createElement("dd");
      dt.textContent = key;
      dd.textContent = String(props[key]);
      box.appendChild(dt);
      box.appendChild(dd);
    });
    return box;
  }

  function dot(colour) {
    var span = document.createElement("span");
    span.style.background = colour;
    return L.divIcon({ className: "room-dot", html: span, iconSize: [14, 14] });
  }

  // The layer control puts its names in with innerHTML; this gives it the label escaped.
  function escaped(text) {
    var holder = document.createElement("span");
    holder.textContent = String(text);
    return holder.innerHTML;
  }

  function drawLayers(data) {
    data.layers.forEach(function (layer, i) {
      var colour = COLOURS[i % COLOURS.length];
      var geo = L.geoJSON(layer.geojson, {
        pointToLayer: function (f, latlng) { return L.marker(latlng, { icon: dot(colour) }); },
        style: function () { return { color: colour, weight: 2 }; },
        onEachFeature: function (f, l) { l.bindPopup(popup(f.properties)); }
      });
      var group = overlays[layer.id];
      if (!group) {
        group = overlays[layer.id] = L.markerClusterGroup({ chunkedLoading: true });
        group.addTo(map);
        control.addOverlay(group, escaped(layer.label));
      }
      group.clearLayers();
      group.addLayer(geo);
    });
  }

  function drawChart(activity) {
    var el = document.getElementById("room-chart");
    var apps = Object.keys(activity.series);
    var data = [activity.x].concat(apps.map(function (k) { return activity.series[k]; }));
    var series = [{ label: "WIB", value: function (u, v) { return v == null ? "—" : hhmm.format(new Date(v * 1000)); } }].concat(apps.map(function (k, i) {
      // The legend names each app as its manifest does, in the page's language.
      return { label: (config.apps && config.apps[k]) || k, stroke: COLOURS[i % COLOURS.length], width: 2 };
    }));
    // Kiosk is dark: axis text and grid must stay readable across the room.
    var dark = document.body.classList.contains("kiosk");
    var ink = dark ? "#cbd5e1" : "#334155", grid = dark ? "#1e293b" : "#e2e8f0";
    if (chart) chart.destroy();
    chart = new uPlot({
      width: Math.max(el.clientWidth, 280), height: Math.max(el.clientHeight - 40, 160),
      series: series, scales: { x: { time: true } },
      axes: [
        { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid },
          values: function (u, ticks) { return ticks.map(function (t) { return hhmm.format(new Date(t * 1000)); }); } },
        { stroke: ink, grid: { stroke: grid }, ticks: { stroke: grid } }
      ]
    }, data, el);
    // The legend sits under the plot: give the plot what the legend leaves of the box, so
    // the chart never grows past its panel (on the wall nothing may scroll).
    var legend = el.querySelector(".u-legend");
    var room = el.clientHeight - (legend ? legend.offsetHeight : 40) - 8;
    if (room >= 80 && room < chart.height) chart.setSize({ width: chart.width, height: room });
  }

  function refreshLayers() {
    fetch(config.layers, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) { drawLayers(data); drawChart(data.activity); });
  }

  // An operator typing a closing reason keeps their item: a live update never replaces the
  // field under their fingers (their own answer brings the alert's news when they send).
  function typingIn(item) {
    var input = item && item.querySelector("input[name=reason]");
    if (!input) return false;
    return input.value !== "" || document.activeElement === input || !!item.querySelector(".field-error");
  }

  // The item is the server's escaped fragment, put in place like htmx would.
  function showAlert(id) {
    var url = config.alert.replace(/\/0\/$/, "/" + id + "/");
    if (typingIn(document.getElementById("alert-" + id))) return;
    fetch(url, { credentials: "same-origin", headers: { "HX-Request": "true" } })
      .then(function (r) { return r.ok ? r.text() : null; })
      .then(function (html) {
        if (html === null) return;
        var old = document.getElementById("alert-" + id);
        if (typingIn(old)) return;
        var box = document.createElement("template");
        box.innerHTML = html.trim();
        var item = box.content.firstElementChild;
        if (!item) return;
        if (old) old.replaceWith(item);
        else document.getElementById("alert-feed").prepend(item);
        htmx.process(item);
        var empty = document.getElementById("alert-empty");
        if (empty) empty.remove();
        document.dispatchEvent(new CustomEvent("room:changed"));
      });
  }

  var refreshTiles = null;

  document.addEventListener("DOMContentLoaded", function () {
    config = JSON.parse(document.getElementById("room-config").textContent);
    // The shared KotaMap (kotacerdas/map.js) draws the base layer and the region's outline and
    // sets maxZoom (clustering needs a zoom range even without tiles); failed tiles leave the
    // outline and the layers working.
    map = KotaMap.create(document.getElementById("room-map"), config.map, { preferCanvas: true });
    control = L.control.layers(null, {}, { collapsed: false }).addTo(map);
    refreshLayers();
    refreshTiles = kcRoom.debounce(function () {
      htmx.ajax("GET", config.tiles, { target: "#tiles", swap: "outerHTML" });
    }, 500);
    var refreshMap = kcRoom.debounce(refreshLayers, 2000);
    kcRoom.connect(config.stream, config.after, function (event) {
      if (event.kind.indexOf("alert.") === 0 && event.payload && event.payload.id) showAlert(event.payload.id);
      refreshTiles();
      refreshMap();
    });
  });
})();
