// One commodity's year: region average with the lowest and highest market, drawn by uPlot.
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("hp-chart");
    var data = JSON.parse(document.getElementById("hp-chart-data").textContent);
    if (!box || !window.uPlot || data.days.length < 2) { return; }
    var rupiah = function (v) { return v == null ? "—" : "Rp " + Math.round(v).toLocaleString("id-ID"); };
    var series = [{}, { label: box.dataset.average, stroke: "#0369a1", width: 2, value: function (u, v) { return rupiah(v); } },
      { label: box.dataset.low, stroke: "#94a3b8", value: function (u, v) { return rupiah(v); } },
      { label: box.dataset.high, stroke: "#f97316", value: function (u, v) { return rupiah(v); } }];
    var columns = [data.days, data.average, data.low, data.high];
    if (data.reference) {
      series.push({ label: box.dataset.reference, stroke: "#b91c1c", dash: [6, 4], value: function (u, v) { return rupiah(v); } });
      columns.push(data.days.map(function () { return data.reference; }));
    }
    var opts = { width: Math.max(320, box.clientWidth - 16), height: 320, series: series,
      axes: [{}, { values: function (u, ticks) { return ticks.map(function (t) { return (t / 1000) + "rb"; }); }, size: 60 }] };
    new window.uPlot(opts, columns, box);
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
