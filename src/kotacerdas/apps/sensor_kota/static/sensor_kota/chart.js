// One uPlot chart per sensor of a station, fetched from the series API; x axis in WIB.
(function () {
  "use strict";
  function draw(form) {
    var span = parseInt(form.elements.span.value, 10);
    var end = new Date(), start = new Date(end.getTime() - span);
    var url = form.dataset.series + "?start=" + encodeURIComponent(start.toISOString()) +
      "&end=" + encodeURIComponent(end.toISOString());
    fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
      var box = document.getElementById("sk-charts");
      box.textContent = "";
      data.series.forEach(function (s) {
        var wrap = document.createElement("div"), h = document.createElement("h3");
        wrap.className = "sk-chart card";
        h.textContent = s.label + " (" + s.unit + ")";
        wrap.appendChild(h); box.appendChild(wrap);
        var xs = s.points.map(function (p) { return p[0] / 1000; });
        var ys = s.points.map(function (p) { return p[1]; });
        new uPlot({
          width: Math.max(300, wrap.clientWidth - 30), height: 220, tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), "Asia/Jakarta"); },
          series: [{}, { label: s.label, stroke: "#1d6fa3", width: 2 }]
        }, [xs, ys], wrap);
      });
      box.dataset.ready = "1";
    });
  }
  function start() {
    var form = document.querySelector(".sk-range");
    form.elements.span.addEventListener("change", function () { draw(form); });
    draw(form);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
