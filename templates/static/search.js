/* Community Catalogue search.
 *
 * Works online and from disk (file://): the index is plain scripts that call CCSearch.loaded(),
 * added as <script> tags when a query needs them, never fetch() or modules. The language work
 * (folding, stemming) was done at build time: the index maps every surface form to its stem, so
 * this file only folds what the visitor types the same way and looks words up.
 *
 * Matching: exact forms, synonyms (from the editors' synonyms file), prefixes as you type, and
 * one typo in words of five letters or more (two from eight), by the rules of
 * directory/search/matching.py, which Whoosh applies too, so both engines find the same
 * services. Ranking: field weights from the build (name > categories > summary > description),
 * rarer words count more, and results that match more of the query come first.
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

  /* Query words as directory/search/analysis.py splits them: a hyphenated or apostrophe word
   * counts whole and in its parts. */
  function words(text, stopwords) {
    var out = [];
    function keep(w) { if (w && out.indexOf(w) < 0 && !stopwords[w]) out.push(w); }
    (text.match(WORD) || []).forEach(function (raw) {
      var word = fold(raw);
      var parts = word.split(/[-']/).filter(Boolean);
      if (parts.length > 1) { keep(word.replace(/[-']/g, "")); parts.forEach(keep); }
      else parts.forEach(keep);
    });
    return out;
  }

  function initialKey(word) {
    return word ? word.codePointAt(0).toString(16) : "";
  }

  /* FNV-1a over code points, as stem_hash in browser_index.py: the postings bucket of a stem. */
  function stemHash(stem) {
    var value = 0x811c9dc5;
    Array.from(stem).forEach(function (c) {
      value = Math.imul(value ^ c.codePointAt(0), 0x01000193) >>> 0;
    });
    return value;
  }

  /* Optimal string alignment distance over code points, `limit + 1` once it exceeds `limit`
   * (the same as distance() in directory/search/matching.py). */
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

  function Engine(meta) {
    this.meta = meta;
    this.quality = meta.quality;  /* match weights, defined once in directory/search/matching.py */
    this.stopwords = {};
    var self = this;
    meta.stopwords.forEach(function (w) { self.stopwords[w] = true; });
    this.vocabularies = {};
    meta.vocabulary.forEach(function (key) { self.vocabularies[key] = true; });
    /* a small vocabulary comes inside meta.js: one loading step less per query */
    Object.keys(meta.forms || {}).forEach(function (key) { registry["v-" + key] = meta.forms[key]; });
    this.digits = new Int8Array(128).fill(-1);
    Array.from(meta.alphabet).forEach(function (c, i) { self.digits[c.charCodeAt(0)] = i; });
    this.vocab = {};  /* key → {forms: {surface: stem}, rows: [[surface, stem, codepoints]]} */
    this.decoded = {};  /* stem → [document, weight, document, weight, ...] */
    this.facetSets = {};  /* "key=value" → Uint8Array over documents */
    this.rows = {};  /* document → display data that came with postings */
  }

  /* Numbers packed by pack() in browser_index.py; with `step`, every step-th number (from the
   * first) is a gap from the previous one and is returned as a running total. */
  Engine.prototype.unpack = function (text, step) {
    var digits = this.digits, out = new Int32Array(text.length), value = 0, k = 0, previous = 0;
    for (var i = 0; i < text.length; i++) {
      var digit = digits[text.charCodeAt(i)];
      value = value * 32 + (digit & 31);
      if (digit < 32) {
        if (k % step === 0) { value += previous; previous = value; }
        out[k++] = value; value = 0;
      }
    }
    return out.subarray(0, k);
  };

  Engine.prototype.vocabularyFiles = function (tokens) {
    var self = this, names = [];
    tokens.forEach(function (token) {
      [token].concat(self.meta.synonyms[token] || []).forEach(function (word) {
        var key = initialKey(word);
        if (self.vocabularies[key] && names.indexOf("v-" + key) < 0) names.push("v-" + key);
      });
    });
    return names;
  };

  Engine.prototype.vocabulary = function (word) {
    var key = initialKey(word), vocab = this.vocab[key];
    if (vocab) return vocab;
    var flat = registry["v-" + key];
    if (!flat) return null;
    vocab = this.vocab[key] = { forms: {}, rows: [] };
    for (var i = 0; i < flat.length; i += 2) {
      var surface = flat[i], stem = flat[i + 1];
      if (typeof stem === "number") stem = surface.slice(0, stem);
      vocab.forms[surface] = stem;
      vocab.rows.push([surface, stem, null]);
    }
    return vocab;
  };

  Engine.prototype.form = function (word) {
    var vocab = this.vocabulary(word);
    return vocab && Object.prototype.hasOwnProperty.call(vocab.forms, word) ? vocab.forms[word] : undefined;
  };

  /* Stems a query word can mean, each with how well it matches: the rules of candidates() in
   * directory/search/matching.py, in the same order. */
  Engine.prototype.candidates = function (word) {
    var self = this, meta = this.meta, quality = this.quality, found = {};
    function add(stem, q) { if (!(stem in found) || found[stem] < q) found[stem] = q; }
    var exact = this.form(word);
    if (exact !== undefined) add(exact, quality.exact);
    (meta.synonyms[word] || []).forEach(function (synonym) {
      var stem = self.form(synonym);
      if (stem !== undefined) add(stem, quality.synonym);
    });
    var vocab = this.vocabulary(word);
    if (!vocab) return found;
    var letters = Array.from(word), length = letters.length;
    var limit = exact !== undefined ? 0 : length >= 8 ? 2 : length >= 5 ? 1 : 0;
    var most = Math.min(meta.prefixStems, meta.prefixPerLetter * length);
    var prefixes = {}, prefixCount = 0, rows = vocab.rows;
    for (var i = 0; i < rows.length; i++) {
      var form = rows[i][0], stem = rows[i][1];
      if (form === word) continue;
      if (length >= meta.prefixMin && form.lastIndexOf(word, 0) === 0) {
        if (prefixes[stem] || prefixCount < most) {
          if (!prefixes[stem]) { prefixes[stem] = true; prefixCount += 1; }
          add(stem, quality.prefix);
        }
      } else if (limit) {
        var chars = rows[i][2] || (rows[i][2] = Array.from(form));
        if (distance(letters, chars, limit) <= limit) add(stem, quality.typo);
      }
    }
    return found;
  };

  /* The postings file of a stem: by its hash, or with the word it is a synonym of. */
  Engine.prototype.bucket = function (stem) {
    var place = this.meta.place;
    return "p-" + (Object.prototype.hasOwnProperty.call(place, stem) ? place[stem]
                   : stemHash(stem) % this.meta.buckets);
  };

  Engine.prototype.postings = function (stem) {
    if (!(stem in this.decoded)) {
      var bucket = registry[this.bucket(stem)], rows = this.rows;
      if (bucket && !bucket.seen) {  /* display data of the stems' top documents */
        bucket.seen = true;
        Object.keys(bucket.d).forEach(function (doc) { rows[doc] = bucket.d[doc]; });
      }
      var packed = bucket && bucket.p[stem];
      this.decoded[stem] = packed ? this.unpack(packed, 2) : new Int32Array(0);
    }
    return this.decoded[stem];
  };

  /* Ranked document numbers for the query words (their candidates already resolved). */
  Engine.prototype.rank = function (matches) {
    var self = this, n = this.meta.count, totals = new Float64Array(n), matched = new Uint16Array(n);
    var best = new Float64Array(n), hits = [], touched = [];
    matches.forEach(function (stems) {
      touched.length = 0;
      Object.keys(stems).forEach(function (stem) {
        var postings = self.postings(stem), q = stems[stem];
        var idf = Math.log(1 + n / Math.max(postings.length / 2, 1));
        for (var i = 0; i < postings.length; i += 2) {
          var doc = postings[i], score = postings[i + 1] * q * idf;
          if (best[doc] === 0) touched.push(doc);
          if (best[doc] < score) best[doc] = score;
        }
      });
      for (var i = 0; i < touched.length; i++) {
        var doc = touched[i];
        if (!matched[doc]) hits.push(doc);
        totals[doc] += best[doc];
        matched[doc] += 1;
        best[doc] = 0;
      }
    });
    /* Scores in millionths, as whoosh_index.py rounds them, so equal scores tie the same way
     * there (by document number, A-Z). Sorted as one number per document, -score * 2^bits +
     * document, by the typed array's own sort: much quicker than a comparator. */
    var words = matches.length, bits = Math.ceil(Math.log2(n + 1)), scale = Math.pow(2, bits);
    var keys = new Float64Array(hits.length), exact = true;
    for (var i = 0; i < hits.length; i++) {
      var doc = hits[i], share = matched[doc] / words;
      var millionths = Math.floor(totals[doc] * share * share * 1e6 + 0.5);
      totals[doc] = millionths;
      if (millionths * scale >= 9007199254740992) exact = false;
      keys[i] = -millionths * scale + doc;
    }
    if (!exact) return hits.sort(function (a, b) { return totals[b] - totals[a] || a - b; });
    keys.sort();
    var ranked = new Array(keys.length);
    for (var j = 0; j < keys.length; j++) ranked[j] = ((keys[j] % scale) + scale) % scale;
    return ranked;
  };

  /* Documents having `value` of facet `key`, as a Uint8Array over all documents. */
  Engine.prototype.facetSet = function (key, value) {
    var id = key + "=" + value, set = this.facetSets[id];
    if (set) return set;
    set = this.facetSets[id] = new Uint8Array(this.meta.count);
    var packed = (registry["f-" + key] || {})[value];
    if (packed) {
      var numbers = this.unpack(packed, 1);
      for (var i = 0; i < numbers.length; i++) set[numbers[i]] = 1;
    }
    return set;
  };

  /* Keep documents that have one of the chosen values of every filtered facet. */
  Engine.prototype.filter = function (docs, filters) {
    var self = this;
    Object.keys(filters).forEach(function (key) {
      var sets = filters[key].map(function (value) { return self.facetSet(key, value); });
      docs = docs.filter(function (doc) {
        return sets.some(function (set) { return set[doc]; });
      });
    });
    return docs;
  };

  Engine.prototype.facetFiles = function (keys) {
    var known = this.meta.facetKeys;
    return keys.filter(function (key) { return known.indexOf(key) >= 0; })
      .map(function (key) { return "f-" + key; });
  };

  Engine.prototype.counts = function (docs) {
    var self = this, counts = {};
    this.meta.facets.forEach(function (facet) {
      counts[facet.key] = {};
      facet.values.forEach(function (value) {
        var set = self.facetSet(facet.key, value.id), count = 0;
        for (var i = 0; i < docs.length; i++) count += set[docs[i]];
        counts[facet.key][value.id] = count;
      });
    });
    return counts;
  };

  /* query text + filters → ranked document numbers (callback), loading only what is needed:
   * the vocabulary files of the query's words, then the postings of the stems they matched,
   * and the facet files of the filters in use. */
  Engine.prototype.search = function (text, filters, callback) {
    var self = this, tokens = words(text, this.stopwords);
    var facetFiles = this.facetFiles(Object.keys(filters));
    CCSearch.load(this.vocabularyFiles(tokens), function () {
      var matches = tokens.map(function (token) { return self.candidates(token); });
      var needed = facetFiles.slice();
      matches.forEach(function (stems) {
        Object.keys(stems).forEach(function (stem) {
          var name = self.bucket(stem);
          if (needed.indexOf(name) < 0) needed.push(name);
        });
      });
      CCSearch.load(needed, function () {
        var docs;
        if (tokens.length) {
          docs = self.rank(matches);
        } else {
          docs = [];
          for (var i = 0; i < self.meta.count; i++) docs.push(i);
        }
        if (Object.keys(filters).length) docs = self.filter(docs, filters);
        callback(docs, tokens);
      });
    });
  };

  /* Display data for documents: from their blocks, or from the postings that brought them. */
  Engine.prototype.documents = function (numbers, callback) {
    var block = this.meta.block, rows = this.rows, names = [];
    numbers.forEach(function (n) {
      var name = "d-" + Math.floor(n / block);
      if (!rows[n] && names.indexOf(name) < 0) names.push(name);
    });
    CCSearch.load(names, function () {
      callback(numbers.map(function (n) {
        var row = rows[n] || registry["d-" + Math.floor(n / block)][n % block];
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
      CCSearch.load(engine.facetFiles(engine.meta.facetKeys), function () {
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
