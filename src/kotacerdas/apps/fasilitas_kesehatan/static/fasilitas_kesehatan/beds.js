// The bed update screen: Enter (or ArrowDown) goes to the next number, ArrowUp back; Enter
// on the last saves. Every field selects its value on focus, so typing replaces it.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("fk-beds-form");
    if (!form) { return; }
    var fields = Array.prototype.slice.call(form.querySelectorAll("input[data-fk-count]"));
    var save = document.getElementById("fk-save");
    fields.forEach(function (input, i) {
      input.addEventListener("focus", function () { input.select(); });
      input.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === "ArrowDown") {
          event.preventDefault();
          if (i + 1 < fields.length) { fields[i + 1].focus(); }
          else if (event.key === "Enter") { form.requestSubmit(save); }
        } else if (event.key === "ArrowUp" && i > 0) {
          event.preventDefault();
          fields[i - 1].focus();
        }
      });
    });
    var problem = form.querySelector("[aria-invalid=true]");
    (problem || fields[0] || { focus: function () {} }).focus();
  });
})();
