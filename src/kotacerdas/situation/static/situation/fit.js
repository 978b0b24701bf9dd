/* Kiosk: the wall never scrolls. Every box marked data-fit (a dimension's tiles, the alert
   feed) shows the items that fit inside it and hides the rest, and its heading says how many
   are hidden ("+3 more", with data-extra counting the ones the server left out). Runs again
   when the window changes size and after htmx swaps new tiles or alerts in. */
(function () {
  "use strict";

  function wall() {
    return document.body.classList.contains("kiosk") && window.matchMedia("(min-width: 60rem) and (min-height: 30rem)").matches;
  }

  function moreText(box, n) {
    var holder = box.closest("[data-more-text]");
    var template = holder ? holder.dataset.moreText : "+__N__";
    return template.replace("__N__", String(n));
  }

  function fitBox(box, on) {
    var items = Array.prototype.filter.call(box.children, function (el) { return !el.classList.contains("empty"); });
    items.forEach(function (el) { el.hidden = false; });
    var hidden = 0;
    if (on) {
      var bottom = box.getBoundingClientRect().bottom + 1;
      var cut = false;
      items.forEach(function (el) {
        // Once one item overflows, every later one goes too: the list stays in its order.
        if (cut || el.getBoundingClientRect().bottom > bottom) {
          cut = true;
          el.hidden = true;
          hidden += 1;
        }
      });
    }
    var n = hidden + (on ? Number(box.dataset.extra || 0) : 0);
    var group = box.closest("section");
    var more = group && group.querySelector("[data-fit-more]");
    if (more) {
      more.textContent = n > 0 ? moreText(box, n) : "";
      more.hidden = n === 0;
    }
  }

  function fitAll() {
    var on = wall();
    document.querySelectorAll("[data-fit]").forEach(function (box) { fitBox(box, on); });
  }

  var timer = null;
  function later() {
    clearTimeout(timer);
    timer = setTimeout(fitAll, 100);
  }

  document.addEventListener("DOMContentLoaded", fitAll);
  window.addEventListener("load", fitAll);
  window.addEventListener("resize", later);
  document.addEventListener("htmx:afterSettle", later);
  document.addEventListener("room:changed", later);
  window.kcFit = fitAll;
})();
