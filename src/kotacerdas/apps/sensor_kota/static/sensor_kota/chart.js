// One uPlot chart per sensor of a station, fetched from the series API. Dates and times are
// WIB in the page's language whatever the browser's own time zone ("06.00", "1 Des" in
// Indonesian; "06:00", "1 Dec" in English). A water-level chart draws the station's flood
// thresholds (Waspada / Siaga / Awas) as labelled lines in the configured colours.
// Settings come from the page (json_script "sk-chart-data"); every text goes in as text.
(function () {
  "use strict";
  var ZONE = "Asia/Jakarta";
  var current = [];
  window.addEventListener("resize", function () {
    current.forEach(function (c) { c.plot.setSize({ width: c.width(), height: 220 }); });
  });

  function formatters(lang) {
    var locale = lang === "en" ? "en-GB" : "id-ID";  // en-GB: "1 Dec", 24-hour clock
    function make(options) { return new Intl.DateTimeFormat(locale, Object.assign({ timeZone: ZONE }, options)); }
    var time = make({ hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var day = make({ day: "numeric", month: "short" });
    var full = make({ day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
    var dayKey = make({ year: "numeric", month: "2-digit", day: "2-digit" });
    return {
      // Ticks: times within a day, the date where the day changes (or every tick when the
      // ticks are a day or more apart).
      ticks: function (splits, step) {
        var last = null;
        return splits.map(function (ts) {
          var d = new Date(ts * 1000), key = dayKey.format(d);
          var label = step >= 86400 ? day.format(d) : (key !== last && last !== null ? day.format(d) + " " : "") + time.format(d);
          last = key;
          return label;
        });
      },
      full: function (ts) { return ts == null ? "—" : full.format(new Date(ts * 1000)) + " WIB"; }
    };
  }

  function thresholdLines(lines) {
    return function (u) {
      var c = u.ctx, left = u.bbox.left, right = u.bbox.left + u.bbox.width;
      c.save();
      c.font = Math.round(11 * devicePixelRatio) + "px sans-serif";
      c.textAlign = "right";
      c.textBaseline = "bottom";
      lines.forEach(function (line) {
        var y = u.valToPos(line.cm, "y", true);
        if (!isFinite(y)) return;
        c.strokeStyle = line.colour;
        c.fillStyle = line.colour;
        c.lineWidth = 2 * devicePixelRatio;
        c.setLineDash([6 * devicePixelRatio, 4 * devicePixelRatio]);
        c.beginPath(); c.moveTo(left, y); c.lineTo(right, y); c.stroke();
        c.fillText(line.label + " " + line.cm + " cm", right - 4, y - 2);
      });
      c.restore();
    };
  }

  function legend(lines) {
    var list = document.createElement("ul");
    list.className = "sk-levels";
    lines.forEach(function (line) {
      var item = document.createElement("li"), mark = document.createElement("span");
      mark.className = "sk-dot sk-square";
      mark.style.background = line.colour;
      item.appendChild(mark);
      item.appendChild(document.createTextNode(line.label + " ≥ " + line.cm + " cm"));
      item.dataset.level = line.key;
      list.appendChild(item);
    });
    return list;
  }

  function chart(box, s, settings, fmt) {
    var wrap = document.createElement("div"), h = document.createElement("h3");
    var label = (settings.labels && settings.labels[s.quantity]) || s.label;
    wrap.className = "sk-chart card";
    wrap.dataset.quantity = s.quantity;
    h.textContent = label + " (" + s.unit + ")";
    wrap.appendChild(h);
    box.appendChild(wrap);
    var lines = s.quantity === "water_level" ? (settings.thresholds || []) : [];
    var xs = s.points.map(function (p) { return p[0] / 1000; });
    var ys = s.points.map(function (p) { return p[1]; });
    var width = function () { return Math.max(200, wrap.clientWidth - 8); };
    var plot = new uPlot({
      width: width(),
      height: 220,
      tzDate: function (ts) { return uPlot.tzDate(new Date(ts * 1e3), ZONE); },
      scales: {
        y: {
          // Keep the thresholds in view, so the chart shows how far the water is from them.
          range: function (u, min, max) {
            var lo = min, hi = max;
            lines.forEach(function (l) { lo = Math.min(lo, l.cm); hi = Math.max(hi, l.cm); });
            if (lo == null || hi == null) return [0, 1];
            var pad = (hi - lo) * 0.08 || 1;
            return [lo - pad, hi + pad];
          }
        }
      },
      axes: [
        {
          values: function (u, splits, axisIdx, space, incr) {
            var labels = fmt.ticks(splits, incr);
            wrap.dataset.xticks = labels.join("|");
            return labels;
          }
        },
        {}
      ],
      series: [
        { label: settings.time || "WIB", value: function (u, ts) { return fmt.full(ts); } },
        { label: label, stroke: "#1d6fa3", width: 2 }
      ],
      hooks: { draw: [thresholdLines(lines)] }
    }, [xs, ys], wrap);
    if (lines.length) wrap.appendChild(legend(lines));
    return { plot: plot, width: width };
  }

  function draw(form, settings) {
    var span = parseInt(form.elements.span.value, 10);
    var end = new Date(), start = new Date(end.getTime() - span);
    var url = form.dataset.series + "?start=" + encodeURIComponent(start.toISOString()) +
      "&end=" + encodeURIComponent(end.toISOString());
    var fmt = formatters(settings.lang);
    fetch(url, { headers: { Accept: "application/json" } }).then(function (r) { return r.json(); }).then(function (data) {
      var box = document.getElementById("sk-charts");
      current.forEach(function (c) { c.plot.destroy(); });
      box.textContent = "";
      current = data.series.map(function (s) { return chart(box, s, settings, fmt); });
      box.dataset.ready = "1";
      box.dataset.drawn = String(parseInt(box.dataset.drawn || "0", 10) + 1);  // redraws, for tests
    });
  }

  function start() {
    var form = document.querySelector(".sk-range");
    var node = document.getElementById("sk-chart-data");
    var settings = node ? JSON.parse(node.textContent) : {};
    settings.lang = settings.lang || document.documentElement.lang || "id";
    form.elements.span.addEventListener("change", function () { draw(form, settings); });
    draw(form, settings);
  }
  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", start); } else { start(); }
})();
