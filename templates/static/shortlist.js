/* Community Catalogue: the shortlist.
 *
 * Progressive enhancement: the pages hold no Save buttons. This script adds them, with a header
 * link to the shortlist page, only when it runs and the browser lets it keep data; without it
 * nothing is missing that a visitor could press. The shortlist is a list of service ids in
 * localStorage, one per site (several catalogues opened from disk share the file:// origin in
 * Chromium, which keeps one storage for every file:// page). Nothing is sent anywhere.
 *
 * The shortlist page reads each service's facts, in its language, from classic scripts written at
 * build time (shortlist/<lang>/<shard>.js, which call CCShortlist.loaded): no fetch() and no
 * modules, so it works from file://. The shard of an id is FNV-1a of the id modulo the number of
 * shards, as directory/shortlist.py computes it. Every word shown comes from the page.
 *
 * For the search page and any list drawn later: CCShortlist.enhance(element) adds Save buttons to
 * the `.card`s inside it (the service id from data-service-id, or from the link to its page), and
 * CCShortlist.button(id, name) makes one button. Search results are watched and enhanced here.
 */
(function () {
  "use strict";

  var nav = document.querySelector("[data-shortlist-nav]");
  if (!nav) return;

  var KEY = "cc-shortlist " + (nav.getAttribute("data-site") || "").replace(/\/+$/, "");
  var ID = /^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/;
  var SERVICE_HREF = /\/services\/([a-z][a-z0-9-]*)\.html$/;
  var MAX = 500;
  var lang = document.documentElement.lang;
  var link = nav.querySelector("[data-shortlist-link]");
  var text = {
    save: nav.getAttribute("data-save"), saved: nav.getAttribute("data-saved"),
    added: nav.getAttribute("data-added"), removed: nav.getAttribute("data-removed"),
    label: nav.getAttribute("data-label")
  };

  var storage = null;
  try {
    storage = window.localStorage;
    storage.setItem(KEY + " probe", "1");
    storage.removeItem(KEY + " probe");
  } catch (error) {
    storage = null;  // storage refused (privacy settings): no buttons rather than broken ones
  }

  /* --- the list of ids -------------------------------------------------------------------- */

  function clean(ids) {
    var out = [];
    (Array.isArray(ids) ? ids : []).forEach(function (id) {
      if (typeof id === "string" && ID.test(id) && out.indexOf(id) < 0 && out.length < MAX) out.push(id);
    });
    return out;
  }

  function read() {
    if (!storage) return [];
    try { return clean(JSON.parse(storage.getItem(KEY) || "[]")); } catch (error) { return []; }
  }

  function write(ids) {
    try {
      if (ids.length) storage.setItem(KEY, JSON.stringify(clean(ids)));
      else storage.removeItem(KEY);
    } catch (error) { /* full or refused: the page still shows what it had */ }
    refresh();
  }

  function count(template, number) {
    return template.replace("{count}", number.toLocaleString(lang));
  }

  var announcer = null;
  function announce(message) {
    if (!announcer) {
      announcer = document.createElement("p");
      announcer.className = "visually-hidden";
      announcer.setAttribute("role", "status");
      announcer.setAttribute("aria-live", "polite");
      (document.querySelector("main") || document.body).appendChild(announcer);
    }
    announcer.textContent = "";
    setTimeout(function () { announcer.textContent = message; }, 100);
  }

  /* --- Save buttons and the header link ---------------------------------------------------- */

  function setPressed(button, pressed) {
    button.setAttribute("aria-pressed", pressed ? "true" : "false");
    button.querySelector("[data-save-label]").textContent = pressed ? text.saved : text.save;
  }

  function button(id, name) {
    var element = document.createElement("button");
    element.type = "button";
    element.className = "save-button secondary";
    element.setAttribute("data-save-button", id);
    var label = document.createElement("span");
    label.setAttribute("data-save-label", "");
    var who = document.createElement("span");
    who.className = "visually-hidden";
    who.textContent = " " + name;
    element.appendChild(label);
    element.appendChild(who);
    setPressed(element, read().indexOf(id) >= 0);
    element.addEventListener("click", function () {
      var ids = read();
      var at = ids.indexOf(id);
      if (at >= 0) ids.splice(at, 1); else ids.push(id);
      write(ids);
      announce(count(at >= 0 ? text.removed : text.added, read().length));
    });
    return element;
  }

  function serviceId(element) {
    var id = element.getAttribute("data-service-id");
    if (!id) {
      var anchor = element.querySelector(".card-title a[href]");
      var match = anchor && anchor.href.split(/[?#]/)[0].match(SERVICE_HREF);
      id = match ? match[1] : null;
    }
    return id && ID.test(id) ? id : null;
  }

  function enhance(root) {
    if (!storage || !root) return;
    var cards = root.querySelectorAll(".card");
    Array.prototype.forEach.call(cards, function (card) {
      var id = serviceId(card);
      if (!id || card.querySelector("[data-save-button]")) return;
      var title = card.querySelector(".card-title");
      var row = document.createElement("p");
      row.className = "save-row";
      row.appendChild(button(id, title ? title.textContent.trim() : id));
      card.appendChild(row);
    });
  }

  function enhanceServicePage() {
    var article = document.querySelector("article.service[data-service-id]");
    var id = article && serviceId(article);
    if (!id || article.querySelector("[data-save-button]")) return;
    var heading = article.querySelector("h1");
    var row = document.createElement("p");
    row.className = "save-row";
    row.appendChild(button(id, heading ? heading.textContent.trim() : id));
    var after = article.querySelector(".organization") || heading;
    after.parentNode.insertBefore(row, after.nextSibling);
  }

  function refresh() {
    var ids = read();
    link.textContent = count(text.label, ids.length);
    var buttons = document.querySelectorAll("[data-save-button]");
    Array.prototype.forEach.call(buttons, function (element) {
      setPressed(element, ids.indexOf(element.getAttribute("data-save-button")) >= 0);
    });
  }

  /* --- the shortlist page ------------------------------------------------------------------ */

  var shards = {};
  var waiting = {};

  function fnv(id) {
    var hash = 0x811c9dc5;
    for (var i = 0; i < id.length; i++) {
      hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193) >>> 0;  // ids are ASCII
    }
    return hash;
  }

  function loadShards(base, total, ids, callback) {
    var needed = [];
    ids.forEach(function (id) {
      var shard = fnv(id) % total;
      if (!(shard in shards) && needed.indexOf(shard) < 0) needed.push(shard);
    });
    var left = needed.length;
    if (!left) { callback(); return; }
    needed.forEach(function (shard) {
      var done = function () { left -= 1; if (!left) callback(); };
      if (waiting[shard]) { waiting[shard].push(done); return; }
      waiting[shard] = [done];
      var script = document.createElement("script");
      script.src = base + shard + ".js";
      script.onerror = function () { CCShortlist.loaded(shard, {}); };
      document.head.appendChild(script);
    });
  }

  function facts(id) {
    for (var shard in shards) {
      if (shards[shard] && Object.prototype.hasOwnProperty.call(shards[shard], id)) return shards[shard][id];
    }
    return null;
  }

  function idsFromAddress() {
    var found = null;
    [location.search.slice(1), location.hash.slice(1)].forEach(function (part) {
      if (found !== null || !part) return;
      var value = new URLSearchParams(part).get("ids");
      if (value !== null) found = clean(value.split(","));
    });
    return found;
  }

  function startPage(page) {
    var $ = function (selector) { return page.querySelector(selector); };
    var base = page.getAttribute("data-data");
    var total = parseInt(page.getAttribute("data-shards"), 10) || 1;
    var sourceLang = page.getAttribute("data-source-lang");
    var sourceDir = page.getAttribute("data-source-dir");
    var heading = $("[data-heading]");
    var list = $("[data-list]");
    var itemTemplate = $("template[data-item]");
    var goneTemplate = $("template[data-gone]");
    var shareLink = $("[data-share-link]");
    var copy = $("[data-copy]");
    var shared = idsFromAddress();

    $("[data-without-script]").hidden = true;
    $("[data-with-script]").hidden = false;

    function mark(element, data, field) {
      if ((data.fallback || []).indexOf(field) >= 0) {
        element.lang = sourceLang;
        if (sourceDir) element.dir = sourceDir;
      }
    }

    function anchor(href, label, ltr) {
      var a = document.createElement("a");
      a.href = href;
      if (ltr) {
        var span = document.createElement("span");
        span.dir = "ltr";
        span.textContent = label;
        a.appendChild(span);
      } else {
        a.textContent = label;
      }
      return a;
    }

    function fill(item, field, nodes) {
      var row = item.querySelector('[data-fact="' + field + '"]');
      if (!nodes.length) { row.parentNode.removeChild(row); return; }
      var dd = row.querySelector("dd");
      nodes.forEach(function (node, index) {
        if (index) dd.appendChild(document.createElement("br"));
        dd.appendChild(node);
      });
    }

    function item(id, data, removable) {
      var li = itemTemplate.content.firstElementChild.cloneNode(true);
      li.setAttribute("data-id", id);
      var name = li.querySelector("[data-name]");
      name.href = data.href;
      name.textContent = data.name;
      mark(name, data, "name");
      var summary = li.querySelector("[data-summary]");
      summary.textContent = data.summary || "";
      mark(summary, data, "summary");
      var meta = li.querySelector("[data-meta]");
      var organization = document.createElement("span");
      organization.textContent = data.organization || "";
      mark(organization, data, "organization");
      meta.appendChild(organization);
      if (data.cost) meta.appendChild(document.createTextNode(" \u00b7 " + data.cost));
      fill(li, "phones", (data.phones || []).map(function (phone) {
        var span = document.createElement("span");
        span.appendChild(anchor(phone.href, phone.number, true));
        if (phone.label) span.appendChild(document.createTextNode(" (" + phone.label + ")"));
        return span;
      }));
      fill(li, "email", data.email ? [anchor("mailto:" + data.email, data.email, true)] : []);
      fill(li, "website", data.website && /^https?:\/\//.test(data.website)
        ? [anchor(data.website, data.website, true)] : []);
      fill(li, "address", (data.address || []).map(function (line) {
        return document.createTextNode(line);
      }));
      fill(li, "hours", (data.hours || []).map(function (row) {
        return document.createTextNode(row[0] + ": " + row[1]);
      }));
      li.querySelector("[data-remove-name]").textContent = " " + data.name;
      if (!removable) li.querySelector(".shortlist-remove").remove();
      return li;
    }

    function gone(id) {
      var li = goneTemplate.content.firstElementChild.cloneNode(true);
      li.setAttribute("data-id", id);
      return li;
    }

    function shareAddress(ids) {
      var here = /^https?:$/.test(location.protocol)
        ? location.origin + location.pathname
        : page.getAttribute("data-public");  // a file path means nothing to anyone else
      return here + "?ids=" + ids.join(",");
    }

    function render(focusIndex) {
      var own = shared === null;
      var ids = own ? read() : shared;
      loadShards(base, total, ids, function () {
        list.textContent = "";
        var known = [], missing = 0;
        ids.forEach(function (id) {
          var data = facts(id);
          if (data) { known.push(id); list.appendChild(item(id, data, own)); }
          else if (own) list.appendChild(gone(id));
          else missing += 1;
        });
        $("[data-own-intro]").hidden = !own;
        $("[data-shared-intro]").hidden = own || !known.length || !storage;
        $("[data-empty]").hidden = ids.length > 0 || !own;
        var note = $("[data-missing-note]");
        note.hidden = !missing;
        note.textContent = missing ? count(page.getAttribute("data-missing"), missing) : "";
        $("[data-actions]").hidden = !ids.length;
        $("[data-clear]").hidden = !own;
        $("[data-share]").hidden = !known.length;
        shareLink.value = shareAddress(known);
        if (!own) keepInLanguageLinks(known);
        if (typeof focusIndex === "number") {
          var items = list.querySelectorAll(".shortlist-item");
          var next = items[Math.min(focusIndex, items.length - 1)];
          var target = items.length && focusIndex < items.length
            ? next.querySelector("[data-remove]") || next.querySelector("a") : heading;
          target.focus();
        }
      });
    }

    /* A shared list stays shared in another language: the ids are the same everywhere. */
    function keepInLanguageLinks(ids) {
      var links = document.querySelectorAll(".language-switcher a[href]");
      Array.prototype.forEach.call(links, function (a) {
        var href = a.getAttribute("href").split(/[?#]/)[0];
        a.setAttribute("href", ids ? href + "?ids=" + ids.join(",") : href);
      });
    }

    list.addEventListener("click", function (event) {
      var remove = event.target.closest("[data-remove]");
      if (!remove) return;
      var li = remove.closest(".shortlist-item");
      var index = Array.prototype.indexOf.call(list.children, li);
      var ids = read().filter(function (id) { return id !== li.getAttribute("data-id"); });
      write(ids);
      render(index);
      announce(count(text.removed, ids.length));
    });

    $("[data-clear]").addEventListener("click", function () {
      write([]);
      render(0);
      announce(page.getAttribute("data-cleared"));
    });

    $("[data-print]").addEventListener("click", function () { window.print(); });

    $("[data-save-all]").addEventListener("click", function () {
      var ids = read().concat(shared.filter(function (id) { return facts(id); }));
      write(ids);
      shared = null;
      keepInLanguageLinks(null);
      try { history.replaceState(null, "", location.pathname); } catch (error) { /* file:// */ }
      render();
      heading.focus();
      announce(count(page.getAttribute("data-saved-all"), read().length));
    });

    if (navigator.clipboard && window.isSecureContext) {
      copy.hidden = false;
      copy.addEventListener("click", function () {
        navigator.clipboard.writeText(shareLink.value).then(function () {
          announce(page.getAttribute("data-copied"));
        }, function () { shareLink.focus(); shareLink.select(); });
      });
    }
    shareLink.addEventListener("focus", function () { shareLink.select(); });

    window.addEventListener("storage", function (event) {
      if (event.key === KEY && shared === null) render();
    });
    render();
  }

  var CCShortlist = (window.CCShortlist = {
    loaded: function (shard, data) {
      shards[shard] = data || {};
      (waiting[shard] || []).forEach(function (callback) { callback(); });
      delete waiting[shard];
    },
    button: function (id, name) { return storage && ID.test(id) ? button(id, name) : null; },
    enhance: enhance,
    ids: read,
    shard: function (id, total) { return fnv(id) % total; }
  });

  if (storage) {
    nav.hidden = false;
    refresh();
    enhance(document.querySelector("main"));
    enhanceServicePage();
    var results = document.querySelector("[data-results]");
    if (results && window.MutationObserver) {
      new MutationObserver(function () { enhance(results); })
        .observe(results, { childList: true });
    }
    window.addEventListener("storage", function (event) { if (event.key === KEY) refresh(); });
  }
  var page = document.querySelector("[data-shortlist-page]");
  if (page) startPage(page);
})();
