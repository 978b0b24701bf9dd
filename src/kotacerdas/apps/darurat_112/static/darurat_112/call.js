/* The new-call form, keyboard first. In the number field (or anywhere with Alt):
   P / S / T close the call as prank / silent / test, L takes the place of the caller's last
   call, Alt+A attaches the call to the offered "same incident". In the type list the number
   keys pick a type (its default responders are ticked); Enter dispatches from any field. */
(function () {
  "use strict";
  function start() {
    var form = document.getElementById("call-form");
    if (!form) return;
    var phone = document.getElementById("f-phone");
    var type = document.getElementById("f-type");
    var address = document.getElementById("f-address");
    var lat = document.getElementById("f-lat");
    var lng = document.getElementById("f-lng");
    var note = document.getElementById("place-note");
    var same = document.getElementById("same");
    var closeForm = document.getElementById("close-form");

    function closeAs(kind) {
      closeForm.querySelector("[name=phone]").value = phone.value;
      var button = closeForm.querySelector("button[value=" + kind + "]");
      closeForm.requestSubmit(button);
    }
    function tickDefaults() {
      var option = type.options[type.selectedIndex];
      var ids = option && option.dataset.responders ? option.dataset.responders.split(",") : [];
      form.querySelectorAll("input[name=responders]").forEach(function (box) {
        box.checked = ids.indexOf(box.value) >= 0;
      });
    }
    var timer = null;
    function offerSame() {
      if (timer) window.clearTimeout(timer);
      timer = window.setTimeout(function () {
        if (!type.value || (!address.value.trim() && !lat.value)) { same.innerHTML = ""; return; }
        var q = new URLSearchParams({ type: type.value, address: address.value, lat: lat.value, lng: lng.value });
        fetch(form.dataset.same + "&" + q.toString(), { credentials: "same-origin", headers: { "HX-Request": "true" } })
          .then(function (r) { return r.ok ? r.text() : ""; })
          .then(function (html) { same.innerHTML = html; form.dataset.same_ready = "1"; });
      }, 150);
    }
    function lastPlace() {
      var value = phone.value.trim();
      if (!value) { note.textContent = ""; return; }
      fetch(form.dataset.last + "&phone=" + encodeURIComponent(value), { credentials: "same-origin" })
        .then(function (r) { return r.json().then(function (body) { return { ok: r.ok, body: body }; }); })
        .then(function (res) {
          if (!res.ok) { note.textContent = res.body.detail || ""; return; }
          address.value = res.body.address || "";
          lat.value = res.body.lat === null ? "" : String(res.body.lat);
          lng.value = res.body.lng === null ? "" : String(res.body.lng);
          note.textContent = address.value;
          offerSame();
        });
    }
    document.getElementById("last-place").addEventListener("click", lastPlace);

    var KEYS = { p: "prank", s: "silent", t: "test" };
    document.addEventListener("keydown", function (e) {
      var key = (e.key || "").toLowerCase();
      var tag = e.target && e.target.tagName;
      var free = tag !== "INPUT" && tag !== "SELECT" && tag !== "TEXTAREA" && tag !== "BUTTON";
      var inPhone = e.target === phone || free;
      if ((inPhone && !e.ctrlKey && !e.metaKey) || e.altKey) {
        if (KEYS[key]) { e.preventDefault(); closeAs(KEYS[key]); return; }
        if (key === "l") { e.preventDefault(); lastPlace(); return; }
        if (key === "a" && e.altKey) {
          var first = same.querySelector(".d112-attach");
          if (first) { e.preventDefault(); form.requestSubmit(first); }
          return;
        }
      }
      if (e.target === type && /^[0-9]$/.test(e.key) && !e.altKey) {
        var option = type.querySelector("option[data-hotkey='" + e.key + "']");
        if (option) {
          e.preventDefault();
          type.value = option.value;
          type.dispatchEvent(new Event("change", { bubbles: true }));
        }
        return;
      }
      if (e.key === "Enter" && e.target.tagName === "SELECT") {
        e.preventDefault();
        form.requestSubmit(document.getElementById("dispatch"));
      }
    });
    type.addEventListener("change", function () { tickDefaults(); offerSame(); });
    address.addEventListener("input", offerSame);
    if (type.value && !form.querySelector("input[name=responders]:checked")) tickDefaults();

    // The map pin: a click sets the place.
    var holder = document.getElementById("pin-map");
    var json = document.getElementById("d112-map");
    if (holder && json && window.KotaMap) {
      var map = window.KotaMap.create(holder, JSON.parse(json.textContent), { scrollWheelZoom: false, keyboard: false });
      if (map && window.L) {
        var pin = null;
        map.on("click", function (e) {
          lat.value = e.latlng.lat.toFixed(6);
          lng.value = e.latlng.lng.toFixed(6);
          if (pin) pin.setLatLng(e.latlng); else pin = window.L.marker(e.latlng).addTo(map);
          offerSame();
        });
      }
      holder.querySelectorAll("a, [tabindex]").forEach(function (el) { el.setAttribute("tabindex", "-1"); });
    }
    form.dataset.ready = "1";
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
