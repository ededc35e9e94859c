/* Offline copies: show the "this copy is old" warning once the copy is older than its set age.
   The copy's date is written into the page at build time; the visitor's clock decides, so a
   kiosk that is never rebuilt still warns. Without JavaScript the copy's date is shown anyway. */
(function () {
  "use strict";
  function check() {
    var notice = document.querySelector("[data-copy-made]");
    if (!notice) return;
    var made = Date.parse(notice.getAttribute("data-copy-made") + "T00:00:00Z");
    var days = Number(notice.getAttribute("data-copy-max-days"));
    if (isNaN(made) || isNaN(days)) return;
    var age = (Date.now() - made) / 86400000;
    notice.hidden = age <= days;
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", check);
  } else {
    check();
  }
}());
