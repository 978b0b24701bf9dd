// One commodity's year: region average with the lowest and highest market, drawn by uPlot.
// Days are market days in WIB and read in the page's language ("3 Des 2026" / "3 Dec 2026");
// every legend label comes translated from the page's data- attributes, never a key.
(function () {
  "use strict";
  var WIB = "Asia/Jakarta";

  function locale() {
    return (document.documentElement.lang || "id").toLowerCase().indexOf("en") === 0 ? "en-GB" : "id-ID";
  }

  function dayFormat(options) {
    options.timeZone = WIB;
    var format = new Intl.DateTimeFormat(locale(), options);
    return function (seconds) { return format.format(new Date(seconds * 1000)); };
  }

  function draw() {
    var box = document.getElementById("hp-chart");
    var source = document.getElementById("hp-chart-data");
    if (!box || !source || !window.uPlot) { return; }
    var data = JSON.parse(source.textContent);
    if (data.days.length < 2) { return; }
    var rupiah = function (v) { return v == null ? "—" : "Rp " + Math.round(v).toLocaleString("id-ID"); };
    var longDay = dayFormat({ day: "numeric", month: "long", year: "numeric" });
    var span = data.days[data.days.length - 1] - data.days[0];
    // A year's axis names months; a few weeks' axis names days.
    var tick = span > 120 * 86400 ? dayFormat({ month: "short", year: "2-digit" }) : dayFormat({ day: "numeric", month: "short" });
    var thousand = box.dataset.thousand || "k";
    var series = [
      { label: box.dataset.day, value: function (u, ts) { return ts == null ? "—" : longDay(ts); } },
      { label: box.dataset.average, stroke: "#0369a1", width: 2, value: function (u, v) { return rupiah(v); } },
      { label: box.dataset.low, stroke: "#94a3b8", value: function (u, v) { return rupiah(v); } },
      { label: box.dataset.high, stroke: "#f97316", value: function (u, v) { return rupiah(v); } }];
    var columns = [data.days, data.average, data.low, data.high];
    if (data.reference && box.dataset.reference) {
      series.push({ label: box.dataset.reference, stroke: "#b91c1c", dash: [6, 4], value: function (u, v) { return rupiah(v); } });
      columns.push(data.days.map(function () { return data.reference; }));
    }
    var opts = {
      width: Math.max(280, box.clientWidth - 16), height: 320, series: series,
      // Ticks fall on WIB midnights and month starts, whatever the browser's own time zone.
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), WIB); },
      axes: [
        { values: function (u, ticks) { return ticks.map(tick); } },
        { values: function (u, ticks) { return ticks.map(function (t) { return (t / 1000).toLocaleString(locale()) + " " + thousand; }); }, size: 70 }]
    };
    new window.uPlot(opts, columns, box);
  }
  document.addEventListener("DOMContentLoaded", draw);
})();
