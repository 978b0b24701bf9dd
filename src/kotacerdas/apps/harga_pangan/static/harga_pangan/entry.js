// Keyboard-first entry: Enter (or ArrowDown) goes to the next price, ArrowUp to the previous,
// Enter on the last price saves; focusing a field selects it so typing replaces yesterday's.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("hp-entry");
    if (!form) { return; }
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[data-hp-price]"));
    // After a refused save, start where the problem is, not at the top.
    var problem = form.querySelector("[aria-invalid=true], input[name=confirm]");
    if (problem) { problem.focus(); }
    fields.forEach(function (input, i) {
      input.addEventListener("focus", function () { input.select(); });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === "ArrowDown") {
          event.preventDefault();
          if (i + 1 < fields.length) { fields[i + 1].focus(); }
          else if (event.key === "Enter") { form.requestSubmit(); }
        } else if (event.key === "ArrowUp" && i > 0) {
          event.preventDefault();
          fields[i - 1].focus();
        }
      });
    });
  });
})();
