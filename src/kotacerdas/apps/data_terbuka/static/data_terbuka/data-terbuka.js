// A resource that is a series: its numeric column over its date/timestamp column, drawn by
// uPlot from the numbers in the page's json_script block. Times are read in WIB and in the
// page's language; labels come from the data, never from keys.
(function () {
  "use strict";
  var WIB = "Asia/Jakarta";

  function locale() {
    return (document.documentElement.lang || "id").toLowerCase().indexOf("en") === 0 ? "en-GB" : "id-ID";
  }

  function format(options) {
    options.timeZone = WIB;
    var f = new Intl.DateTimeFormat(locale(), options);
    return function (seconds) { return f.format(new Date(seconds * 1000)); };
  }

  function draw(box) {
    var source = document.getElementById(box.dataset.source);
    if (!source || !window.uPlot) { return; }
    var data = JSON.parse(source.textContent);
    if (!data || data.x.length < 2) { return; }
    var long = data.days ? format({ day: "numeric", month: "long", year: "numeric" })
      : format({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    var span = data.x[data.x.length - 1] - data.x[0];
    var tick = span > 120 * 86400 ? format({ month: "short", year: "2-digit" })
      : (span > 2 * 86400 ? format({ day: "numeric", month: "short" }) : format({ hour: "2-digit", minute: "2-digit" }));
    var number = function (v) { return v == null ? "—" : v.toLocaleString(locale(), { maximumFractionDigits: 2 }); };
    var opts = {
      width: Math.max(260, box.clientWidth - 8), height: 280,
      series: [
        { label: data.x_label, value: function (u, ts) { return ts == null ? "—" : long(ts); } },
        { label: data.y_label, stroke: "#1d4ed8", width: 2, value: function (u, v) { return number(v); } }],
      tzDate: function (ts) { return window.uPlot.tzDate(new Date(ts * 1000), WIB); },
      axes: [
        { values: function (u, ticks) { return ticks.map(tick); } },
        { values: function (u, ticks) { return ticks.map(number); }, size: 60 }]
    };
    new window.uPlot(opts, [data.x, data.y], box);
  }

  document.addEventListener("DOMContentLoaded", function () {
    var boxes = document.querySelectorAll(".dt-chart[data-source]");
    for (var i = 0; i < boxes.length; i++) { draw(boxes[i]); }
  });
})();
