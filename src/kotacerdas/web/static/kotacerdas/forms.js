// Behaviour declared in markup, so that no page needs an inline handler (the
// Content-Security-Policy refuses them): a field marked data-autosubmit sends its form as
// soon as its value changes. One listener on the document also covers htmx-swapped content.
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target;
    if (!(field instanceof Element) || !field.hasAttribute("data-autosubmit") || !field.form) {
      return;
    }
    if (field.form.requestSubmit) { field.form.requestSubmit(); } else { field.form.submit(); }
  });
})();
