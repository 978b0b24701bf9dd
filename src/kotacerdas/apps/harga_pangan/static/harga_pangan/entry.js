// Keyboard-first entry: Enter (or ArrowDown) goes to the next price, ArrowUp to the previous,
// Enter on the last price saves. A field holds plain digits while it has the focus (all
// selected, so typing replaces the pre-filled price) and shows them grouped ("13.500") when
// the officer moves on: the value is never rewritten under the caret. A price above the
// item's HET/HAP shows its badge as soon as it is typed. Changing the market day posts the
// form without saving (data-autosubmit); the server carries the typed prices to the new day.
(function () {
  "use strict";
  var GROUPED = /^\d{1,3}(?:[.,]\d{3})+$/;

  function digits(text) {
    var value = text.replace(/^\s*Rp\.?\s*/i, "").trim();
    if (GROUPED.test(value)) { return value.replace(/[.,]/g, ""); }
    return /^\d+$/.test(value) ? value : null;
  }

  function grouped(text) {
    var plain = digits(text);
    if (plain === null) { return text; }
    return plain.replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
  }

  function showAbove(input) {
    var reference = Number(input.dataset.reference);
    var row = input.closest("tr");
    var badge = row && row.querySelector(".hp-flags [data-hp-above]");
    if (!reference || !badge) { return; }
    var plain = digits(input.value);
    badge.parentElement.hidden = !(plain !== null && Number(plain) > reference);
  }

  // The officer typed in this field: it goes with them to another market day even when the
  // value equals the pre-filled one (the server also carries every value that differs).
  function typed(form, input) {
    var key = input.name.replace(/^price-/, "");
    var marks = form.querySelectorAll("input[name=typed]");
    for (var i = 0; i < marks.length; i++) { if (marks[i].value === key) { return; } }
    var mark = document.createElement("input");
    mark.type = "hidden";
    mark.name = "typed";
    mark.value = key;
    form.appendChild(mark);
  }

  function start(fields) {
    // After a refused save, start where the problem is; after a change of day, after the
    // last price typed; otherwise at the first price still empty.
    var problem = document.querySelector("#hp-entry [aria-invalid=true], #hp-entry input[name=confirm]");
    if (problem) { return problem; }
    var typed = fields.filter(function (f) { return f.hasAttribute("data-hp-typed"); });
    if (typed.length) {
      var next = fields.indexOf(typed[typed.length - 1]) + 1;
      return fields[Math.min(next, fields.length - 1)];
    }
    return fields.filter(function (f) { return !f.value.trim(); })[0] || fields[0];
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("hp-entry");
    if (!form) { return; }
    var save = document.getElementById("hp-save");
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[data-hp-price]"));
    fields.forEach(function (input, i) {
      input.value = grouped(input.value);
      var clicked = false;
      input.addEventListener("focus", function () {
        var plain = digits(input.value);
        if (plain !== null) { input.value = plain; }
        input.select();
        clicked = true;
      });
      // A click would put the caret where the mouse is and undo the selection.
      input.addEventListener("mouseup", function (event) {
        if (clicked) { event.preventDefault(); clicked = false; }
      });
      input.addEventListener("blur", function () { input.value = grouped(input.value); });
      input.addEventListener("input", function () { showAbove(input); typed(form, input); });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === "ArrowDown") {
          event.preventDefault();
          if (i + 1 < fields.length) { fields[i + 1].focus(); }
          else if (event.key === "Enter") { input.value = grouped(input.value); form.requestSubmit(save); }
        } else if (event.key === "ArrowUp" && i > 0) {
          event.preventDefault();
          fields[i - 1].focus();
        }
      });
    });
    var first = fields.length ? start(fields) : null;
    if (first) { first.focus(); }
  });
})();
