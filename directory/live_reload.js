/* Live reload for `catalogue serve` (never part of the published site: the server adds this
 * script to the pages it serves). It listens to the server's build events: when a newer build
 * is ready the page reloads; when the last build failed it shows the problems in a dialog,
 * built with DOM calls and textContent only (every message is shown as text, never as HTML),
 * and styled through the CSSOM, which the pages' Content-Security-Policy allows. */
(function () {
  "use strict";
  var me = document.currentScript;
  var served = me ? me.getAttribute("data-build") : null;
  var dialog = null;
  var shownVersion = 0;

  function element(name, text) {
    var node = document.createElement(name);
    if (text) node.textContent = text;
    return node;
  }

  function style(node, rules) {
    Object.keys(rules).forEach(function (key) { node.style[key] = rules[key]; });
  }

  function close() {
    if (dialog && dialog.open) dialog.close();
  }

  function show(state) {
    if (state.version === shownVersion && dialog) return;  // dismissed: stay dismissed
    shownVersion = state.version;
    if (dialog) dialog.remove();
    dialog = element("dialog");
    dialog.id = "catalogue-build-problems";
    dialog.setAttribute("role", "alertdialog");
    dialog.setAttribute("aria-labelledby", "catalogue-build-problems-title");
    dialog.setAttribute("aria-describedby", "catalogue-build-problems-what");
    dialog.setAttribute("data-live-reload", "");
    dialog.tabIndex = -1;
    style(dialog, {maxInlineSize: "min(60rem, calc(100vw - 2rem))", maxBlockSize: "80vh",
                   overflow: "auto", padding: "1rem 1.5rem", color: "var(--text, #0b0c0c)",
                   background: "var(--background, #ffffff)", border: "4px solid var(--urgent, #8e1b12)"});
    var title = element("h2", "The site could not be rebuilt");
    title.id = "catalogue-build-problems-title";
    style(title, {marginBlockStart: "0"});
    var what = element("p", (state.summary ? state.summary + ". " : "") + "You are seeing the last "
                       + "version that built. Fix the problems below and save: the page reloads "
                       + "by itself." + (state.problems.length ? "" : " (" + state.reason + ")"));
    what.id = "catalogue-build-problems-what";
    var list = element("ul");
    style(list, {paddingInlineStart: "1.25rem"});
    state.problems.forEach(function (problem) {
      var item = element("li");
      var code = element("code", problem);
      style(code, {whiteSpace: "pre-wrap", overflowWrap: "anywhere"});
      item.appendChild(code);
      list.appendChild(item);
    });
    var button = element("button", "Dismiss");
    button.type = "button";
    button.autofocus = true;
    button.addEventListener("click", close);
    dialog.append(title, what, list, button);
    document.body.appendChild(dialog);
    dialog.showModal();  // Escape closes it too
  }

  if (!window.EventSource) return;
  var events = new EventSource("/__catalogue/events");
  events.addEventListener("build", function (event) {
    var state = JSON.parse(event.data);
    if (!state.ok) {
      show(state);
    } else if (state.build !== served) {
      events.close();
      window.location.reload();
    } else {
      close();
    }
  });
})();
