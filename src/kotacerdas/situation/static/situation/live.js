/* Shared by the region and province rooms: the WIB clock, full screen, and the SSE stream.
   EventSource resends Last-Event-ID itself when it reconnects, so no event is lost. */
(function () {
  "use strict";
  // WIB, written the page language's way.
  var clock = new Intl.DateTimeFormat(document.documentElement.lang === "en" ? "en-GB" : "id-ID", {
    timeZone: "Asia/Jakarta", hour: "2-digit", minute: "2-digit", second: "2-digit", hour12: false
  });

  function tick() {
    var el = document.getElementById("room-clock");
    if (el) el.textContent = clock.format(new Date()).replace(/\./g, ":");
  }

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      clearTimeout(timer);
      timer = setTimeout(fn, ms);
    };
  }

  function connect(url, after, onEvent) {
    var status = document.getElementById("room-live");
    var source = new EventSource(url + (url.indexOf("?") < 0 ? "?" : "&") + "after=" + after);
    source.onopen = function () {
      if (!status) return;
      status.textContent = status.dataset.live;
      status.classList.add("is-live");
    };
    source.onerror = function () {
      if (!status) return;
      status.textContent = status.dataset.lost;
      status.classList.remove("is-live");
    };
    source.onmessage = function (msg) {
      var event;
      try { event = JSON.parse(msg.data); } catch (e) { return; }
      document.body.dataset.lastEvent = msg.lastEventId;
      onEvent(event);
    };
    return source;
  }

  document.addEventListener("DOMContentLoaded", function () {
    tick();
    setInterval(tick, 1000);
    var full = document.getElementById("room-fullscreen");
    if (full) full.addEventListener("click", function () {
      var room = document.documentElement;
      if (document.fullscreenElement) document.exitFullscreen();
      else if (room.requestFullscreen) room.requestFullscreen();
    });
  });

  window.kcRoom = { connect: connect, debounce: debounce };
})();
