/* The province's room: re-fetch the heat table when any watched region has an event. */
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var config = JSON.parse(document.getElementById("room-config").textContent);
    var refresh = kcRoom.debounce(function () {
      htmx.ajax("GET", config.heat, { target: "#heat", swap: "outerHTML" });
    }, 1000);
    kcRoom.connect(config.stream, config.after, refresh);
  });
})();
