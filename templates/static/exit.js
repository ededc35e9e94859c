/* "Exit this page" (the GOV.UK pattern): the button, or Shift pressed three times within a
 * second, blanks the page at once and replaces it with a neutral site, so the Back button does
 * not return here. Without JavaScript the button is a plain link that still works. */
(function () {
  "use strict";
  var link = document.querySelector("[data-exit-link]");
  if (!link) return;

  function leave(event) {
    if (event) event.preventDefault();
    var overlay = document.createElement("div");
    overlay.className = "exit-overlay";
    document.body.appendChild(overlay);
    document.title = "";
    window.location.replace(link.href);
  }

  link.addEventListener("click", leave);
  var presses = [];
  document.addEventListener("keyup", function (event) {
    if (event.key !== "Shift") { presses = []; return; }
    var now = Date.now();
    presses = presses.filter(function (time) { return now - time < 1000; });
    presses.push(now);
    if (presses.length >= 3) leave();
  });
})();
