/* Community Catalogue search.
 *
 * Works online and from disk (file://): the index is plain scripts that call CCSearch.loaded(),
 * added as <script> tags when a query needs them, never fetch() or modules. The language work
 * (folding, stemming) was done at build time: the index maps every surface form to its stem, so
 * this file only folds what the visitor types the same way and looks words up.
 *
 * Matching: exact forms, synonyms (from the editors' synonyms file), prefixes as you type, and
 * one typo in words of five letters or more (two from eight). Ranking: field weights from the
 * build (name > categories > summary > description), rarer words count more, and results that
 * match more of the query come first.
 */
(function () {
  "use strict";

  var registry = {};
  var waiting = {};
  var base = "";

  var CCSearch = (window.CCSearch = {
    loaded: function (name, data) {
      registry[name] = data;
      (waiting[name] || []).forEach(function (callback) { callback(); });
      delete waiting[name];
    },
    load: function (names, callback) {
      var missing = names.filter(function (name) { return !(name in registry); });
      var left = missing.length;
      if (!left) { callback(); return; }
      missing.forEach(function (name) {
        var done = function () { left -= 1; if (!left) callback(); };
        if (waiting[name]) { waiting[name].push(done); return; }
        waiting[name] = [done];
        var script = document.createElement("script");
        script.src = base + name + ".js";
        script.onerror = function () { CCSearch.loaded(name, null); };
        document.head.appendChild(script);
      });
    },
    data: registry
  });

  /* --- text: the same folding as directory/search/analysis.py ---------------------------- */

  var WORD = /[\p{L}\p{N}][\p{M}]*(?:[\p{L}\p{N}\p{M}_\u200c\u200d'\u2019-]*[\p{L}\p{N}\p{M}_\u200c\u200d])?/gu;
  var ARABIC_VARIANTS = { "\u064a": "\u06cc", "\u0649": "\u06cc", "\u0643": "\u06a9", "\u06d5": "\u06c1", "\u06c0": "\u06c1", "\u0640": "" };
  var LATIN_EXTRA = { "\u0142": "l", "\u00f8": "o", "\u0111": "d", "\u00df": "ss", "\u00e6": "ae", "\u0153": "oe" };
  var ARABIC_MARKS = /[\u064b-\u065f\u0670\u06d6-\u06ed]/g;
  var LATIN = /\p{Script=Latin}/u;

  function fold(word) {
    word = word.normalize("NFKC").toLowerCase().replace(/\u2019/g, "'");
    word = word.replace(/[\u064a\u0649\u0643\u06d5\u06c0\u0640]/g, function (c) { return ARABIC_VARIANTS[c]; });
    word = word.replace(ARABIC_MARKS, "");
    if (LATIN.test(word)) {
      word = word.replace(/[\u0142\u00f8\u0111\u00df\u00e6\u0153]/g, function (c) { return LATIN_EXTRA[c]; });
      word = word.normalize("NFD").replace(/[\u0300-\u036f]/g, "").normalize("NFC");
    }
    return word;
  }

  function words(text, stopwords) {
    var out = [];
    (text.match(WORD) || []).forEach(function (raw) {
      var word = fold(raw);
      var parts = word.split(/[-']/).filter(Boolean);
      var candidates = parts.length > 1 ? [word.replace(/[-']/g, "")] : parts;
      candidates.forEach(function (w) {
        if (w && out.indexOf(w) < 0 && !stopwords[w]) out.push(w);
      });
    });
    return out;
  }

  function shardKey(word, prefix) {
    return Array.from(word).slice(0, prefix).map(function (c) {
      return c.codePointAt(0).toString(16);
    }).join("-");
  }

  /* Optimal string alignment distance, stopping early once it exceeds `limit`. */
  function distance(a, b, limit) {
    if (Math.abs(a.length - b.length) > limit) return limit + 1;
    var prev2 = null, prev = [], i, j;
    for (j = 0; j <= b.length; j++) prev[j] = j;
    for (i = 1; i <= a.length; i++) {
      var row = [i], best = i;
      for (j = 1; j <= b.length; j++) {
        var cost = a[i - 1] === b[j - 1] ? 0 : 1;
        var value = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + cost);
        if (prev2 && i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
          value = Math.min(value, prev2[j - 2] + 1);
        }
        row[j] = value;
        if (value < best) best = value;
      }
      if (best > limit) return limit + 1;
      prev2 = prev; prev = row;
    }
    return prev[b.length];
  }

  /* --- the engine ------------------------------------------------------------------------ */

  var QUALITY = { exact: 1, synonym: 0.9, prefix: 0.7, typo: 0.6 };

  function Engine(meta) {
    this.meta = meta;
    this.stopwords = {};
    var self = this;
    meta.stopwords.forEach(function (w) { self.stopwords[w] = true; });
    this.shards = {};
    meta.shards.forEach(function (key) { self.shards[key] = true; });
  }

  Engine.prototype.shardsFor = function (tokens) {
    var meta = this.meta, self = this, names = [];
    tokens.forEach(function (token) {
      [token].concat(meta.synonyms[token] || []).forEach(function (word) {
        var key = shardKey(word, meta.prefix);
        if (self.shards[key] && names.indexOf("t-" + key) < 0) names.push("t-" + key);
      });
    });
    return names;
  };

  /* Stems a query word can mean, each with how well it matches. */
  Engine.prototype.candidates = function (token) {
    var meta = this.meta, found = {};
    function add(stem, quality) { if (!(stem in found) || found[stem] < quality) found[stem] = quality; }
    function shardOf(word) { return registry["t-" + shardKey(word, meta.prefix)]; }
    var alternatives = [[token, QUALITY.exact]].concat(
      (meta.synonyms[token] || []).map(function (w) { return [w, QUALITY.synonym]; }));
    alternatives.forEach(function (pair) {
      var word = pair[0], quality = pair[1], shard = shardOf(word);
      if (!shard) return;
      var exact = shard.forms[word];
      if (exact !== undefined) add(exact, quality);
      if (quality !== QUALITY.exact) return;
      var length = Array.from(word).length;
      var limit = length >= 8 ? 2 : length >= 5 ? 1 : 0;
      Object.keys(shard.forms).forEach(function (form) {
        if (form === word) return;
        if (length >= 2 && form.lastIndexOf(word, 0) === 0) add(shard.forms[form], QUALITY.prefix);
        else if (limit && exact === undefined && distance(word, form, limit) <= limit) {
          add(shard.forms[form], QUALITY.typo);
        }
      });
    });
    return found;
  };

  Engine.prototype.postings = function (stem) {
    var meta = this.meta;
    for (var i = 0; i < meta.shards.length; i++) {
      var shard = registry["t-" + meta.shards[i]];
      if (shard && shard.postings[stem]) return shard.postings[stem];
    }
    return [];
  };

  /* Ranked document numbers for the query words. */
  Engine.prototype.rank = function (tokens) {
    var self = this, n = this.meta.count, totals = {}, matched = {};
    tokens.forEach(function (token) {
      var best = {}, stems = self.candidates(token);
      Object.keys(stems).forEach(function (stem) {
        var flat = self.postings(stem), df = flat.length / 2, doc = 0;
        var idf = Math.log(1 + n / Math.max(df, 1));
        for (var i = 0; i < flat.length; i += 2) {
          doc += flat[i];
          var score = flat[i + 1] * stems[stem] * idf;
          if (!(doc in best) || best[doc] < score) best[doc] = score;
        }
      });
      Object.keys(best).forEach(function (doc) {
        totals[doc] = (totals[doc] || 0) + best[doc];
        matched[doc] = (matched[doc] || 0) + 1;
      });
    });
    return Object.keys(totals).map(function (doc) {
      var share = matched[doc] / tokens.length;
      return [Number(doc), totals[doc] * share * share];
    }).sort(function (a, b) { return b[1] - a[1] || a[0] - b[0]; }).map(function (pair) { return pair[0]; });
  };

  /* Keep documents that have one of the chosen values of every filtered facet. */
  Engine.prototype.filter = function (docs, filters) {
    var facets = registry.f;
    Object.keys(filters).forEach(function (key) {
      var allowed = {};
      filters[key].forEach(function (value) {
        ((facets[key] || {})[value] || []).forEach(function (doc) { allowed[doc] = true; });
      });
      docs = docs.filter(function (doc) { return allowed[doc]; });
    });
    return docs;
  };

  Engine.prototype.counts = function (docs) {
    var facets = registry.f, inResults = {}, counts = {};
    docs.forEach(function (doc) { inResults[doc] = true; });
    Object.keys(facets).forEach(function (key) {
      counts[key] = {};
      Object.keys(facets[key]).forEach(function (value) {
        counts[key][value] = facets[key][value].filter(function (doc) { return inResults[doc]; }).length;
      });
    });
    return counts;
  };

  /* query text + filters → ranked document numbers (callback), loading only what is needed. */
  Engine.prototype.search = function (text, filters, callback) {
    var self = this, tokens = words(text, this.stopwords);
    var needed = this.shardsFor(tokens);
    if (Object.keys(filters).length) needed.push("f");  /* facet data only when filtering */
    CCSearch.load(needed, function () {
      var docs;
      if (tokens.length) {
        docs = self.rank(tokens);
      } else {
        docs = [];
        for (var i = 0; i < self.meta.count; i++) docs.push(i);
      }
      if (Object.keys(filters).length) docs = self.filter(docs, filters);
      callback(docs, tokens);
    });
  };

  Engine.prototype.documents = function (numbers, callback) {
    var block = this.meta.block, names = [];
    numbers.forEach(function (n) {
      var name = "d-" + Math.floor(n / block);
      if (names.indexOf(name) < 0) names.push(name);
    });
    CCSearch.load(names, function () {
      callback(numbers.map(function (n) {
        var row = registry["d-" + Math.floor(n / block)][n % block];
        return { id: row[0], name: row[1], summary: row[2], organization: row[3], href: row[4], cost: row[5], areas: row[6] };
      }));
    });
  };

  CCSearch.Engine = Engine;
  CCSearch.fold = fold;
  CCSearch.words = words;

  /* --- the page -------------------------------------------------------------------------- */

  var PAGE_SIZE = 20;

  function readState() {
    var params = new URLSearchParams(location.search);
    if (location.hash.length > 1) {
      new URLSearchParams(location.hash.slice(1)).forEach(function (value, key) { params.append(key, value); });
    }
    var state = { q: params.get("q") || "", filters: {} };
    params.forEach(function (value, key) {
      if (key === "q") return;
      (state.filters[key] = state.filters[key] || []).indexOf(value) < 0 && state.filters[key].push(value);
    });
    return state;
  }

  function stateQuery(state) {
    var params = new URLSearchParams();
    if (state.q) params.set("q", state.q);
    Object.keys(state.filters).sort().forEach(function (key) {
      state.filters[key].forEach(function (value) { params.append(key, value); });
    });
    return params.toString();
  }

  function saveState(state, push) {
    var query = stateQuery(state);
    var url = location.pathname + (query ? "?" + query : "");
    try {
      history[push ? "pushState" : "replaceState"](null, "", url);
    } catch (error) {
      /* Some browsers refuse history changes for file:// pages: keep the state in the hash. */
      var hash = query ? "#" + query : "#";
      if (push) location.hash = hash; else history.replaceState(null, "", hash);
    }
  }

  function start(root) {
    base = root.getAttribute("data-index");
    var form = root.querySelector("form");
    var input = form.querySelector("input[name=q]");
    var status = root.querySelector("[data-status]");
    var list = root.querySelector("[data-results]");
    var more = root.querySelector("[data-more]");
    var messages = JSON.parse(root.getAttribute("data-messages"));
    var engine = null, current = [], shown = 0, timer = null, generation = 0;

    root.querySelectorAll("[data-js-only]").forEach(function (el) { el.hidden = false; });
    root.querySelectorAll("[data-no-js]").forEach(function (el) { el.hidden = true; });

    function formState() {
      var state = { q: input.value.trim(), filters: {} };
      form.querySelectorAll("input[type=checkbox]:checked").forEach(function (box) {
        (state.filters[box.name] = state.filters[box.name] || []).push(box.value);
      });
      return state;
    }

    function applyState(state) {
      input.value = state.q;
      form.querySelectorAll("input[type=checkbox]").forEach(function (box) {
        box.checked = (state.filters[box.name] || []).indexOf(box.value) >= 0;
      });
    }

    var plurals = new Intl.PluralRules(document.documentElement.lang);

    function message(count) {
      if (!count) return messages.none;
      var found = messages.found;
      var text = found[plurals.select(count)] || found.other || found.one;
      return text.replace("{count}", count.toLocaleString(document.documentElement.lang));
    }

    /* Show the first result as soon as its block of display data arrives, then the rest:
     * on a large catalogue the top results are spread over many blocks. */
    function renderMore() {
      var next = current.slice(shown, shown + PAGE_SIZE);
      if (!next.length) { more.hidden = true; return; }
      var ticket = generation;
      shown += next.length;
      more.hidden = true;
      renderDocs(next.slice(0, 1), ticket, function () {
        renderDocs(next.slice(1), ticket, function () { more.hidden = shown >= current.length; });
      });
    }

    function renderDocs(numbers, ticket, done) {
      if (!numbers.length) { done(); return; }
      engine.documents(numbers, function (docs) {
        if (ticket !== generation) return;
        docs.forEach(function (doc) {
          var item = document.createElement("li");
          item.className = "card";
          var heading = document.createElement("h2");
          heading.className = "card-title";
          var link = document.createElement("a");
          link.href = doc.href;  /* relative to the language folder, where search.html is */
          link.textContent = doc.name;
          heading.appendChild(link);
          var summary = document.createElement("p");
          summary.textContent = doc.summary;
          var meta = document.createElement("p");
          meta.className = "meta";
          meta.textContent = [doc.organization, doc.cost, doc.areas].join(" \u00b7 ");
          item.appendChild(heading); item.appendChild(summary); item.appendChild(meta);
          list.appendChild(item);
        });
        done();
      });
    }

    /* Counts per filter value need every document's facets: load them only once the filters
     * are open, so a plain search never downloads them. */
    var filtersPanel = form.querySelector("details.filters");

    function updateCounts() {
      if (filtersPanel && !filtersPanel.open) return;
      CCSearch.load(["f"], function () {
        var counts = engine.counts(current);
        form.querySelectorAll("[data-count]").forEach(function (span) {
          var box = span.closest("label").querySelector("input");
          var value = (counts[box.name] || {})[box.value] || 0;
          span.textContent = "(" + value.toLocaleString(document.documentElement.lang) + ")";
        });
      });
    }

    function run(push) {
      var state = formState();
      var ticket = ++generation;
      saveState(state, push);
      engine.search(state.q, state.filters, function (docs, tokens) {
        if (ticket !== generation) return;
        current = docs; shown = 0;
        list.textContent = "";
        status.textContent = state.q || Object.keys(state.filters).length ? message(docs.length) : "";
        renderMore();
        updateCounts();
      });
    }

    CCSearch.load(["meta"], function () {
      engine = new Engine(registry.meta);
      applyState(readState());
      run(false);
      input.addEventListener("input", function () {
        clearTimeout(timer);
        timer = setTimeout(function () { run(false); }, 150);
      });
      form.addEventListener("change", function (event) {
        if (event.target.type === "checkbox") run(true);
      });
      form.addEventListener("submit", function (event) {
        event.preventDefault();
        clearTimeout(timer);
        run(true);
      });
      more.addEventListener("click", function () { renderMore(); });
      if (filtersPanel) filtersPanel.addEventListener("toggle", updateCounts);
      window.addEventListener("popstate", function () { applyState(readState()); run(false); });
      window.addEventListener("hashchange", function () { applyState(readState()); run(false); });
    });
  }

  var root = document.querySelector("[data-search]");
  if (root) start(root);
})();
