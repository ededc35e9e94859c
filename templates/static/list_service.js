/* Community Catalogue: the "list your service" form.
 *
 * Without JavaScript the page describes what to send the editors. With it, this script shows the
 * form, builds a service entry from the answers, checks it against the published JSON Schema (the
 * same one `catalogue check` is generated from) and offers the entry as a YAML file to download or
 * to email. Nothing is sent anywhere by the script: no server is needed, and it works from disk.
 *
 * A classic script, no modules and no fetch(), so it runs from file://: the schema arrives as
 * window.CCServiceSchema (static/service-schema.js, written at build time) and the validator as
 * window.CCJsonSchema (vendor/cfworker-json-schema.js, which needs no eval, so the page's
 * Content-Security-Policy stays strict). Every word shown comes from the page, in its language.
 */
(function () {
  "use strict";

  var root = document.querySelector("[data-list-service]");
  if (!root || !window.CCJsonSchema || !window.CCServiceSchema) return;  // the description stays

  var SCHEMA = window.CCServiceSchema;
  var MODELINE = "# yaml-language-server: $schema=../../schema/service.schema.json";
  // Mail programs and browsers cut mailto: links somewhere past 2,000 characters (some sooner).
  var MAILTO_LIMIT = 1800;
  // Validator wrappers: their sub-errors say what is wrong, at a more precise place.
  var WRAPPERS = { properties: 1, $ref: 1, items: 1, anyOf: 1, allOf: 1, oneOf: 1 };

  var validator = new window.CCJsonSchema.Validator(SCHEMA, "2020-12", false);
  var form = root.querySelector("[data-form]");
  var summary = root.querySelector("[data-summary]");
  var summaryList = root.querySelector("[data-summary-list]");
  var result = root.querySelector("[data-result]");
  var yamlBox = result.querySelector("[data-yaml]");
  var download = result.querySelector("[data-download]");
  var mail = result.querySelector("[data-mail]");
  var mailTo = mail.getAttribute("href");
  var title = document.title;
  var downloadUrl = null;

  root.querySelectorAll("[data-without-script]").forEach(function (el) { el.hidden = true; });
  form.hidden = false;

  /* --- reading the answers ---------------------------------------------------------------- */

  function value(id) {
    var el = document.getElementById(id);
    return el ? el.value.replace(/\r\n?/g, "\n").trim() : "";
  }

  function checked(name) {
    return Array.prototype.map.call(
      form.querySelectorAll('input[name="' + name + '"]:checked'),
      function (el) { return el.value; });
  }

  /** Sets a field only when it was answered: empty answers are left out, as editors would. */
  function put(object, key, answer) {
    var empty = answer === "" || answer === false || answer === undefined
      || (Array.isArray(answer) && !answer.length);
    if (!empty) object[key] = answer;
  }

  /** The entry's id, from its name: the rule of identifiers in docs/content-format.md. */
  function slug(name) {
    var id = name.normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/['\u2019]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
    id = id.slice(0, 60).replace(/-+$/, "");
    if (id && !/^[a-z]/.test(id)) id = "service-" + id;
    return id || "new-service";
  }

  function today() {
    var now = new Date();
    var two = function (n) { return (n < 10 ? "0" : "") + n; };
    return now.getFullYear() + "-" + two(now.getMonth() + 1) + "-" + two(now.getDate());
  }

  /**
   * The entry, in the order editors write its fields. `places` maps a pointer into the entry to
   * the form element it came from, where the form's layout and the entry's differ (phones and
   * opening hours are compacted: an empty row leaves no item).
   */
  function build(places) {
    var entry = {};
    var name = value("f-name");
    entry.id = slug(name);
    put(entry, "name", name);
    put(entry, "organization", value("f-organization"));
    put(entry, "summary", value("f-summary"));
    put(entry, "description", value("f-description"));
    ["categories", "audiences", "conditions", "service_areas"].forEach(function (key) {
      put(entry, key, checked(key));
    });

    var contact = {};
    var phones = [];
    [1, 2].forEach(function (row) {
      var phone = {};
      put(phone, "number", value("f-phone-" + row));
      put(phone, "label", value("f-phone-" + row + "-label"));
      if (Object.keys(phone).length) {
        places["/contact/phones/" + phones.length] = "/contact/phones/" + (row - 1);
        phones.push(phone);
      }
    });
    put(contact, "phones", phones);
    put(contact, "email", value("f-email"));
    put(contact, "website", value("f-website"));
    entry.contact = contact;

    var location = {};
    put(location, "name", value("f-place"));
    put(location, "address", value("f-address").split("\n").map(function (line) {
      return line.trim();
    }).filter(Boolean));
    put(location, "postcode", value("f-postcode"));
    if (Object.keys(location).length) entry.locations = [location];

    var hours = [];
    var rows = {};
    form.querySelectorAll("[data-day]").forEach(function (day) {
      var opens = value("f-" + day.dataset.day + "-opens");
      var closes = value("f-" + day.dataset.day + "-closes");
      if (!opens && !closes) return;
      var key = opens + "-" + closes;
      if (!(key in rows)) {  // days with the same times share one row, as editors write them
        rows[key] = { days: [] };
        put(rows[key], "opens_at", opens);
        put(rows[key], "closes_at", closes);
        places["/opening_hours/" + hours.length] = day;
        hours.push(rows[key]);
      }
      rows[key].days.push(day.dataset.day);
    });
    put(entry, "opening_hours", hours);
    put(entry, "hours_note", value("f-hours-note"));

    var cost = {};
    put(cost, "type", checked("cost")[0]);
    put(cost, "details", value("f-cost-details"));
    entry.cost = cost;
    var access = {};
    put(access, "referral", checked("referral")[0]);
    put(access, "how_to", value("f-how-to"));
    put(access, "eligibility", value("f-eligibility"));
    entry.access = access;
    put(entry, "languages", checked("languages"));
    put(entry, "commissioned", document.getElementById("f-commissioned").checked);
    entry.added = today();
    entry.last_verified = entry.added;
    return entry;
  }

  /* --- the schema's verdict, mapped to the form -------------------------------------------- */

  function segments(pointer) {
    return pointer.replace(/^#/, "").split("/").slice(1).map(function (part) {
      return decodeURIComponent(part).replace(/~1/g, "/").replace(/~0/g, "~");
    });
  }

  /** The subschema at a keyword location such as `#/properties/cost/$ref/required`. */
  function schemaAt(location) {
    var node = SCHEMA;
    segments(location).forEach(function (part) {
      if (part === "$ref") {
        node = segments(node.$ref).reduce(function (at, key) { return at[key]; }, SCHEMA);
      } else {
        node = node && node[part];
      }
    });
    return node;
  }

  function instanceAt(entry, location) {
    return segments(location).reduce(function (at, key) { return at && at[key]; }, entry);
  }

  /** [pointer, "missing" or "invalid"] for each problem the validator found. */
  function problems(entry, errors) {
    var found = [];
    errors.forEach(function (error) {
      if (error.keyword in WRAPPERS) return;
      var at = error.instanceLocation.replace(/^#/, "");
      if (error.keyword === "required") {
        var object = instanceAt(entry, error.instanceLocation) || {};
        (schemaAt(error.keywordLocation) || []).forEach(function (key) {
          if (!(key in object)) found.push([at + "/" + key, "missing"]);
        });
      } else {
        found.push([at, "invalid"]);
      }
    });
    return found;
  }

  /** The form element that answers a pointer: the nearest one at or above it. */
  function fieldFor(pointer, places) {
    var parts = pointer.split("/");
    for (var n = parts.length; n > 1; n -= 1) {
      var at = parts.slice(0, n).join("/");
      var rest = parts.slice(n).join("/");
      var place = places[at];
      if (typeof place === "string") return fieldFor(place + (rest ? "/" + rest : ""), {});
      if (place) return place;
      var el = form.querySelector('[data-pointer="' + at + '"]');
      if (el) return el;
    }
    return null;
  }

  function controls(field) {
    return field.querySelectorAll("input, textarea");
  }

  function clearErrors() {
    form.querySelectorAll(".form-field-error").forEach(function (field) {
      field.classList.remove("form-field-error");
      var message = field.querySelector("[data-error]");
      message.hidden = true;
      message.textContent = "";
      controls(field).forEach(function (control) {
        control.removeAttribute("aria-invalid");
        if (control.dataset.describedby !== undefined) {
          if (control.dataset.describedby) {
            control.setAttribute("aria-describedby", control.dataset.describedby);
          } else {
            control.removeAttribute("aria-describedby");
          }
        }
      });
    });
    summaryList.textContent = "";
    summary.hidden = true;
    document.title = title;
  }

  function showError(field, text) {
    var message = field.querySelector("[data-error]");
    var prefix = document.createElement("span");
    prefix.className = "visually-hidden";
    prefix.textContent = root.dataset.titleError + " ";
    message.textContent = "";
    message.appendChild(prefix);
    message.appendChild(document.createTextNode(text));
    message.hidden = false;
    field.classList.add("form-field-error");
    if (field.tagName !== "FIELDSET") {  // a group's error is its fieldset's description
      controls(field).forEach(function (control) {
        var before = control.getAttribute("aria-describedby") || "";
        control.dataset.describedby = before;
        control.setAttribute("aria-describedby", (before + " " + message.id).trim());
        control.setAttribute("aria-invalid", "true");
      });
    } else {
      field.querySelectorAll("input[type=time]").forEach(function (control) {
        control.setAttribute("aria-invalid", "true");
      });
    }
    var link = document.createElement("a");
    var target = controls(field)[0];
    link.href = "#" + target.id;
    link.textContent = text;
    link.addEventListener("click", function (event) {  // focus the answer, show its question
      event.preventDefault();
      target.focus({ preventScroll: true });
      (field.querySelector("legend, label") || field).scrollIntoView();
    });
    var item = document.createElement("li");
    item.appendChild(link);
    summaryList.appendChild(item);
  }

  function report(entry, errors, places) {
    var messages = new Map();
    problems(entry, errors).forEach(function (problem) {
      var field = fieldFor(problem[0], places);
      if (!field || messages.has(field)) return;
      var data = field.dataset;
      messages.set(field, (problem[1] === "missing" ? data.missing : data.invalid)
        || data.invalid || data.missing || root.dataset.check);
    });
    var fields = Array.from(messages.keys()).sort(function (a, b) {
      return a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1;
    });
    fields.forEach(function (field) { showError(field, messages.get(field)); });
    document.title = root.dataset.titleError + " " + title;
    summary.hidden = false;
    summary.focus();
  }

  /* --- YAML: double-quoted strings (JSON escapes are YAML escapes) and literal blocks ------- */

  // JSON.stringify escapes control characters; YAML also refuses these unescaped, or reads them
  // as line breaks.
  var UNSAFE = /[\x7f-\x84\x86-\x9f\u2028\u2029\ufeff\ufffe\uffff]/g;
  var HAS_UNSAFE = new RegExp(UNSAFE.source);  // without the g flag, whose lastIndex lingers

  function quote(text) {
    return JSON.stringify(text.toWellFormed ? text.toWellFormed() : text).replace(UNSAFE,
      function (c) { return "\\u" + ("000" + c.charCodeAt(0).toString(16)).slice(-4); });
  }

  function isBlock(text) {
    return text.indexOf("\n") >= 0 && !/^\s/.test(text) && !/[\x00-\x08\x0b-\x1f]/.test(text)
      && !HAS_UNSAFE.test(text);
  }

  function yamlLines(object, indent) {
    var pad = " ".repeat(indent);
    var lines = [];
    Object.keys(object).forEach(function (key) {
      var item = object[key];
      if (typeof item === "string" && isBlock(item)) {
        lines.push(pad + key + ": |-");
        item.split("\n").forEach(function (line) {
          lines.push(line ? pad + "  " + line : "");
        });
      } else if (typeof item === "string") {
        lines.push(pad + key + ": " + quote(item));
      } else if (typeof item === "boolean") {
        lines.push(pad + key + ": " + item);
      } else if (Array.isArray(item) && item.length && typeof item[0] === "object") {
        lines.push(pad + key + ":");
        item.forEach(function (element) {
          yamlLines(element, indent + 4).forEach(function (line, n) {
            lines.push(n ? line : pad + "  - " + line.slice(indent + 4));
          });
        });
      } else if (Array.isArray(item)) {
        lines.push(pad + key + ": [" + item.map(quote).join(", ") + "]");
      } else if (!Object.keys(item).length) {
        lines.push(pad + key + ": {}");
      } else {
        lines.push(pad + key + ":");
        lines.push.apply(lines, yamlLines(item, indent + 2));
      }
    });
    return lines;
  }

  function yaml(entry) {
    return [MODELINE].concat(yamlLines(entry, 0)).join("\n") + "\n";
  }

  /* --- the result: to copy from its box, download, or email ----------------------------- */

  function offer(entry) {
    var text = yaml(entry);
    var file = entry.id + ".yaml";
    yamlBox.value = text;
    if (downloadUrl) URL.revokeObjectURL(downloadUrl);
    downloadUrl = URL.createObjectURL(new Blob([text], { type: "application/yaml" }));
    download.href = downloadUrl;
    download.setAttribute("download", file);
    var subject = "?subject=" + encodeURIComponent(root.dataset.mailSubject.replace("{name}", entry.name));
    var href = mailTo + subject + "&body="
      + encodeURIComponent(root.dataset.mailBody + "\n\n" + text);
    var long = href.length > MAILTO_LIMIT;
    if (long) {
      href = mailTo + subject + "&body="
        + encodeURIComponent(root.dataset.mailAttach.replace("{file}", file));
    }
    mail.href = href;
    result.querySelector("[data-mail-note]").hidden = long;
    result.querySelector("[data-mail-long]").hidden = !long;
    form.hidden = true;
    result.hidden = false;
    result.focus();
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    clearErrors();
    var places = {};
    var entry = build(places);
    var outcome = validator.validate(entry);
    if (outcome.valid) {
      offer(entry);
    } else {
      report(entry, outcome.errors, places);
    }
  });

  result.querySelector("[data-edit]").addEventListener("click", function () {
    result.hidden = true;
    form.hidden = false;
    document.getElementById("f-name").focus();
  });
})();
