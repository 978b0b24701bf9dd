// The region brand form (agenda_wisata/brand/settings.html): a live preview of the name on
// the primary colour and its WCAG 2.x contrast ratio; the server checks the same again.
(function () {
  "use strict";
  var HEX = /^#[0-9a-fA-F]{6}$/;

  function luminance(hex) {
    var parts = [1, 3, 5].map(function (i) {
      var c = parseInt(hex.slice(i, i + 2), 16) / 255;
      return c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
    });
    return 0.2126 * parts[0] + 0.7152 * parts[1] + 0.0722 * parts[2];
  }

  function contrast(a, b) {
    var la = luminance(a), lb = luminance(b);
    return (Math.max(la, lb) + 0.05) / (Math.min(la, lb) + 0.05);
  }

  function setup() {
    var form = document.getElementById("brand-form");
    if (!form) return;
    var min = parseFloat(form.dataset.minContrast || "4.5");
    var black = form.dataset.black, white = form.dataset.white;
    var primary = form.querySelector("[name=primary]");
    var onPrimary = form.querySelector("[name=on_primary]");
    var accent = form.querySelector("[name=accent]");
    var nameInput = form.querySelector("[name=name_id]");
    var taglineInput = form.querySelector("[name=tagline_id]");
    var preview = document.getElementById("brand-preview");
    var previewName = document.getElementById("brand-preview-name");
    var previewTagline = document.getElementById("brand-preview-tagline");
    var out = document.getElementById("brand-contrast");

    preview.style.padding = ".75rem 1rem";
    preview.style.borderRadius = "8px";

    function update() {
      var p = primary.value.trim(), t = onPrimary.value.trim(), a = accent.value.trim();
      if (nameInput.value.trim()) previewName.textContent = nameInput.value.trim();
      previewTagline.textContent = taglineInput.value.trim();
      onPrimary.removeAttribute("aria-invalid");
      if (!p) {
        preview.style.background = ""; preview.style.color = "";
        out.textContent = out.dataset.none; out.className = "help";
        return;
      }
      if (!HEX.test(p) || (t && !HEX.test(t))) {
        out.textContent = out.dataset.bad; out.className = "field-error";
        return;
      }
      if (!t) t = contrast(p, black) >= contrast(p, white) ? black : white;
      var ratio = contrast(p, t);
      preview.style.background = p;
      preview.style.color = t;
      preview.style.borderBottom = HEX.test(a) ? "4px solid " + a : "";
      var ok = ratio >= min;
      out.textContent = (ok ? out.dataset.ok : out.dataset.low).replace("%(ratio)s", ratio.toFixed(1));
      out.className = ok ? "help brand-contrast-ok" : "field-error brand-contrast-low";
      if (!ok) onPrimary.setAttribute("aria-invalid", "true");
    }

    [primary, onPrimary, accent, nameInput, taglineInput].forEach(function (el) {
      el.addEventListener("input", update);
    });
    update();
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", setup);
  else setup();
})();
