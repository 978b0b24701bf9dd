// Monthly visitors of one destination, drawn by uPlot (local copy); months in WIB.
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("aw-chart");
    var source = document.getElementById("aw-chart-data");
    if (!box || !source || !window.uPlot) { return; }
    var data = JSON.parse(source.textContent);
    if (data.months.length < 2) { return; }
    var lang = (document.documentElement.lang || "id").indexOf("en") === 0 ? "en-GB" : "id-ID";
    var fmt = new Intl.DateTimeFormat(lang, { month: "short", year: "2-digit", timeZone: "Asia/Jakarta" });
    var label = function (s) { return fmt.format(new Date(s * 1000)); };
    new window.uPlot({
      width: Math.max(280, box.clientWidth - 16), height: 240,
      series: [
        { label: box.dataset.month, value: function (u, ts) { return ts == null ? "—" : label(ts); } },
        { label: box.dataset.visitors, stroke: "#0f766e", width: 2, fill: "rgba(15,118,110,0.12)",
          value: function (u, v) { return v == null ? "—" : Math.round(v).toLocaleString(lang); } }],
      axes: [{ values: function (u, ticks) { return ticks.map(label); } },
        { values: function (u, ticks) { return ticks.map(function (t) { return t.toLocaleString(lang); }); }, size: 70 }]
    }, [data.months, data.visitors], box);
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
