// The browser editor (`marketsite edit`): forms generated from the data files' JSON
// Schema and shaped by the file's own data, text side by side in every language, the
// problems validate finds shown at their fields, and the report's live preview beside.
// Every value is held as the text the file would hold ("58.40", "about 50"). Locally
// (`marketsite edit`) the server reads it as YAML would, checks it and writes only what
// changed. On the published site (edit/) the page replaces each changed value in the
// file's text itself, where the build recorded it, and proposes the files on GitHub as
// a branch and a pull request; validate checks that pull request.
(function () {
  "use strict";
  const config = JSON.parse(document.getElementById("editor-config").textContent);
  const ui = config.ui;
  const schemas = config.schemas;
  const form = document.getElementById("form");
  const status = document.getElementById("status");
  const saveButton = document.getElementById("save");
  const picker = document.getElementById("report");
  const published = config.backend.kind === "github";
  const state = { id: null, forms: null, fingerprints: {}, dirty: false, fields: new Map(), spans: {}, files: {} };
  let checkTimer = null;
  let checkRun = 0;

  // --- small helpers ---------------------------------------------------------------
  function el(tag, attrs, ...children) {
    const node = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === null || value === undefined || value === false) continue;
      if (key === "text") node.textContent = value;
      else if (key.startsWith("on")) node.addEventListener(key.slice(2), value);
      else node.setAttribute(key, value === true ? "" : value);
    }
    for (const child of children) if (child) node.append(child);
    return node;
  }
  let uid = 0;
  const nextId = () => "f" + ++uid;

  // "market_size[1].value", as validate names a field
  function formatPath(path) {
    let out = "";
    for (const part of path) {
      if (typeof part === "number") out += "[" + part + "]";
      else out += out ? "." + part : part;
    }
    return out;
  }
  const kindOf = (value) =>
    value === null || value === undefined ? "null" : Array.isArray(value) ? "array" : typeof value === "object" ? "object" : "scalar";

  function setAt(root, path, value) {
    let node = root;
    for (let i = 0; i < path.length - 1; i++) {
      if (node[path[i]] === null || node[path[i]] === undefined || typeof node[path[i]] !== "object") {
        node[path[i]] = typeof path[i + 1] === "number" ? [] : {};
      }
      node = node[path[i]];
    }
    node[path[path.length - 1]] = value;
  }
  function getAt(root, path) {
    let node = root;
    for (const part of path) {
      if (node === null || node === undefined || typeof node !== "object") return undefined;
      node = node[part];
    }
    return node;
  }

  // --- the schema: where a value's description, examples and allowed values are ------
  function resolve(schema, root) {
    let s = schema || {};
    for (let guard = 0; s.$ref && guard < 20; guard++) s = root.$defs[s.$ref.split("/").pop()] || {};
    return s;
  }
  function branches(schema, root) {
    const s = resolve(schema, root);
    if (s.anyOf) return s.anyOf.flatMap((b) => branches(b, root));
    return [s];
  }
  const isObject = (b) => b.type === "object" || b.properties || b.additionalProperties || b.patternProperties;
  function branchFor(schema, value, root) {
    const kind = kindOf(value);
    const all = branches(schema, root);
    if (kind === "array") return all.find((b) => b.type === "array") || {};
    if (kind === "object") return all.find(isObject) || {};
    return { scalars: all.filter((b) => b.type !== "array" && b.type !== "null" && !isObject(b)) };
  }
  function childSchema(objectSchema, key, root) {
    const s = resolve(objectSchema, root);
    if (s.properties && s.properties[key]) return s.properties[key];
    for (const [pattern, sub] of Object.entries(s.patternProperties || {})) {
      if (new RegExp(pattern).test(key)) return sub;
    }
    return typeof s.additionalProperties === "object" ? s.additionalProperties : {};
  }
  function info(schema, root) {
    const outer = schema || {};
    const inner = resolve(outer, root);
    return {
      title: outer.title || inner.title || "",
      description: outer.description || inner.description || "",
      examples: outer.examples || inner.examples || [],
    };
  }
  const exampleText = (example) =>
    example === null || example === undefined ? "" : typeof example === "object" ? "" : String(example);

  // Whether a typed scalar is one the field takes: a number in bounds, text matching
  // the pattern ("about 50", "12 to 14"), one of the allowed values.
  function accepts(scalars, text) {
    if (!scalars.length || text === "") return true;
    return scalars.some((b) => {
      if (b.enum) return b.enum.map(String).includes(text);
      if (b.const !== undefined) return String(b.const) === text;
      if (b.type === "integer" || b.type === "number") {
        const re = b.type === "integer" ? /^[-+]?\d+$/ : /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/;
        if (!re.test(text)) return false;
        const n = Number(text);
        return !(b.minimum !== undefined && n < b.minimum) && !(b.maximum !== undefined && n > b.maximum) &&
          !(b.exclusiveMinimum !== undefined && n <= b.exclusiveMinimum);
      }
      if (b.type === "boolean") return text === "true" || text === "false";
      if (b.type === "string" || !b.type) return !b.pattern || new RegExp(b.pattern).test(text);
      return false;
    });
  }

  function skeleton(schema, root) {
    const all = branches(schema, root);
    const object = all.find((b) => b.properties);
    if (object) {
      const out = {};
      for (const key of object.required || []) out[key] = skeleton(object.properties[key], root);
      return out;
    }
    if (all.some((b) => b.type === "array") && !all.some((b) => b.type === "null")) return [];
    return "";
  }

  // --- building the forms -----------------------------------------------------------
  function register(file, path, node) {
    state.fields.set(file + "\u0000" + formatPath(path), node);
  }
  function help(schema, root) {
    const { description, examples } = info(schema, root);
    const shown = examples.map(exampleText).filter(Boolean);
    const text = description + (shown.length && !description.includes(shown[0]) ? " (" + shown.join(", ") + ")" : "");
    return text ? el("small", { class: "help", text }) : null;
  }
  // A block of fields (a mapping or a list) under its key, with its description.
  function groupBox(schema, root, path, label) {
    const box = el("fieldset", { class: "group", "data-path": formatPath(path) }, el("legend", {}, el("code", { text: label })));
    const about = help(schema, root);
    if (about) box.append(about);
    return box;
  }
  function changed() {
    if (state.locked) return;
    state.dirty = true;
    saveButton.disabled = false;
    status.textContent = ui.unsaved;
    clearTimeout(checkTimer);
    if (!published) checkTimer = setTimeout(check, 400);
  }
  // On the published site a value can change only where the file has it written.
  function lockWithoutSpan(input, file, path) {
    if (!published || (state.spans[file] && state.spans[file].has(formatPath(path)))) return;
    input.disabled = true;
    input.title = ui.onlyLocally;
  }
  function rerender() {
    const y = window.scrollY;
    render();
    window.scrollTo(0, y);
    changed();
  }

  // A choice of the optional fields a block lacks; picking one adds it, empty.
  function fieldAdder(label, absent, add) {
    const adder = el("select", { "aria-label": ui.addField + " (" + label + ")" }, el("option", { value: "", text: ui.addField }));
    for (const key of absent) adder.append(el("option", { value: key, text: key }));
    adder.addEventListener("change", () => {
      if (!adder.value) return;
      add(adder.value);
      rerender();
    });
    return adder;
  }

  // A mapping's fields in the schema's order (then the file's other keys), and what can
  // be added to it: an optional field, or an entry of a map keyed by id.
  function objectFields(branch, value, path, label, box) {
    const root = schemas.facts;
    const properties = Object.keys(branch.properties || {});
    const keys = [...properties.filter((k) => k in value), ...Object.keys(value).filter((k) => !properties.includes(k))];
    for (const key of keys) factsNode(childSchema(branch, key, root), value[key], [...path, key], key, box);
    const absent = properties.filter((k) => !(k in value));
    if (published) {
      // The published editor changes values in place; adding and removing is local.
    } else if (absent.length) {
      box.append(fieldAdder(label, absent, (key) => { value[key] = skeleton(branch.properties[key], root); }));
    } else if (!properties.length && (branch.patternProperties || branch.additionalProperties)) {
      const key = el("input", { type: "text", "aria-label": ui.key + " (" + label + ")", placeholder: ui.key });
      box.append(el("div", { class: "item" }, key, el("button", { type: "button", class: "add", text: ui.add,
        onclick: () => { if (key.value && !(key.value in value)) { value[key.value] = skeleton(childSchema(branch, key.value, root), root); rerender(); } } })));
    }
  }

  function factsNode(schema, value, path, label, container) {
    const root = schemas.facts;
    const file = config.factsFile;
    const kind = kindOf(value);
    if (kind === "object" || kind === "array") {
      const box = groupBox(schema, root, path, label);
      register(file, path, box);
      const branch = branchFor(schema, value, root);
      if (kind === "array") {
        value.forEach((item, index) => {
          const row = el("div", { class: "item" });
          factsNode(branch.items || {}, item, [...path, index], label + " " + (index + 1), row);
          if (!published) row.append(el("button", { type: "button", class: "remove", text: ui.remove + " " + (index + 1),
            onclick: () => { value.splice(index, 1); rerender(); } }));
          box.append(row);
        });
        if (!published) box.append(el("button", { type: "button", class: "add", text: ui.add + ": " + label,
          onclick: () => { value.push(skeleton(branch.items || {}, root)); rerender(); } }));
      } else {
        objectFields(branch, value, path, label, box);
      }
      container.append(box);
      return;
    }
    const { scalars } = branchFor(schema, value, root);
    const id = nextId();
    const enumBranch = scalars.find((b) => b.enum);
    const onlyBoolean = scalars.length > 0 && scalars.every((b) => b.type === "boolean");
    let input;
    const current = value === null || value === undefined ? "" : value;
    if (enumBranch || onlyBoolean) {
      const choices = enumBranch ? enumBranch.enum.map(String) : ["true", "false"];
      input = el("select", { id });
      if (!choices.includes(current) || current === "") input.append(el("option", { value: current, text: current }));
      for (const choice of choices) input.append(el("option", { value: choice, text: choice }));
      input.value = current;
    } else {
      const example = info(schema, root).examples.map(exampleText).find(Boolean);
      input = el("input", { id, type: "text", value: current, placeholder: example || null, spellcheck: "false" });
    }
    lockWithoutSpan(input, file, path);
    const note = el("small", { class: "invalid", "aria-live": "polite" });
    input.addEventListener("input", () => {
      const text = input.value.trim();
      const ok = accepts(scalars, text);
      const shown = info(schema, root).examples.map(exampleText).filter(Boolean).join(", ");
      note.textContent = ok ? "" : ui.notAccepted.replace("%(examples)s", shown || "—");
      input.setAttribute("aria-invalid", ok ? "false" : "true");
      setAt(state.forms[file], path, input.value);
      changed();
    });
    input.addEventListener("change", () => input.dispatchEvent(new Event("input")));
    const row = el("div", { class: "field", "data-path": formatPath(path) },
      el("label", { for: id }, el("code", { text: label })), input, note, help(schema, root));
    register(file, path, row);
    container.append(row);
  }

  // Text: one row per key, a column per language. A key one language lacks is empty
  // there and written when typed.
  function textNode(schema, values, path, label, container) {
    const root = state.langSchema;
    const langs = config.languages;
    const kinds = langs.map((lang) => kindOf(values[lang]));
    const grammar = (v) => kindOf(v) === "object" && Object.keys(v).every((k) => ["name", "plural", "dative"].includes(k));
    const nested = kinds.some((k) => k === "object" || k === "array") && !langs.some((l) => grammar(values[l]));
    if (nested) {
      const box = groupBox(schema, root, path, label);
      for (const lang of langs) register(state.langFiles[lang], path, box);
      const isList = kinds.includes("array");
      const keys = [];
      for (const lang of [config.sourceLanguage, ...langs]) {
        const v = values[lang];
        if (kindOf(v) === "array") v.forEach((_, i) => { if (!keys.includes(i)) keys.push(i); });
        else if (kindOf(v) === "object") Object.keys(v).forEach((k) => { if (!keys.includes(k)) keys.push(k); });
      }
      for (const key of keys) {
        const sub = {};
        for (const lang of langs) sub[lang] = kindOf(values[lang]) === "object" || kindOf(values[lang]) === "array" ? values[lang][key] : undefined;
        const subSchema = isList ? (resolve(branchFor(schema, [], root), root).items || {}) : childSchema(branchFor(schema, {}, root), String(key), root);
        textNode(subSchema, sub, [...path, key], isList ? label + " " + (key + 1) : String(key), box);
      }
      container.append(box);
      return;
    }
    const row = el("div", { class: "field text-row", "data-path": formatPath(path) }, el("div", { class: "label" }, el("code", { text: label }), help(schema, root)));
    const cells = el("div", { class: "cells" });
    for (const lang of langs) {
      const file = state.langFiles[lang];
      const value = values[lang];
      const cell = el("div", { class: "cell", lang });
      if (grammar(value)) {
        for (const [key, part] of Object.entries(value)) {
          const id = nextId();
          const input = el("input", { id, type: "text", value: part === null ? "" : part, lang });
          lockWithoutSpan(input, file, [...path, key]);
          input.addEventListener("input", () => { setAt(state.forms[file], [...path, key], input.value); changed(); });
          cell.append(el("label", { for: id }, el("span", { class: "lang", text: lang }), " ", el("code", { text: key })), input);
        }
      } else {
        const id = nextId();
        const text = value === null || value === undefined ? "" : String(value);
        const area = el("textarea", { id, lang, rows: String(Math.min(12, Math.max(1, Math.ceil(text.length / 70) + (text.match(/\n/g) || []).length))) });
        area.value = text;
        lockWithoutSpan(area, file, path);
        area.addEventListener("input", () => { setAt(state.forms[file], path, area.value); changed(); });
        cell.append(el("label", { for: id, class: "lang", text: lang + " · " + label }), area);
      }
      register(file, path, cell);
      cells.append(cell);
    }
    row.append(cells);
    container.append(row);
  }

  function render() {
    state.fields = new Map();
    form.replaceChildren();
    // A report: facts, and a text file per language; the shared names: a file per language.
    const shared = !(config.factsFile in state.forms);
    state.langFiles = {};
    for (const lang of config.languages) state.langFiles[lang] = (shared ? "names." : "text.") + lang + ".yaml";
    state.langSchema = shared ? schemas.names : schemas.text;
    if (!shared) form.append(factsForm());
    const series = shared ? null : seriesForm();
    const files = config.languages.map((l) => state.langFiles[l]);
    const text = el("section", { class: "file" }, el("h2", { text: ui.text + " (" + files.join(", ") + ")" }));
    const values = {};
    for (const lang of config.languages) {
      values[lang] = state.forms[state.langFiles[lang]] || {};
      register(state.langFiles[lang], [], text);
    }
    const textRoot = state.langSchema;
    const textKeys = [];
    for (const lang of [config.sourceLanguage, ...config.languages]) for (const key of Object.keys(values[lang] || {})) if (!textKeys.includes(key)) textKeys.push(key);
    for (const key of textKeys) {
      const sub = {};
      for (const lang of config.languages) sub[lang] = (values[lang] || {})[key];
      textNode(childSchema(textRoot, key, textRoot), sub, [key], key, text);
    }
    form.append(text);
    if (series) form.append(series);
    showProblems(state.problems || [], state.summary || "");
  }

  // series.csv: a row per line, validate's "row 3.value" names a cell.
  function seriesForm() {
    const file = "series.csv";
    const table = state.forms[file];
    if (!table || !Array.isArray(table.header) || (published && !table.rows.length)) return null;
    const section = el("section", { class: "file" }, el("h2", { text: ui.series + " (" + file + ")" }),
      el("small", { class: "help", text: ui.seriesHelp }));
    register(file, [], section);
    const head = el("tr", {});
    for (const name of table.header) head.append(el("th", { scope: "col", text: name }));
    const body = el("tbody", {});
    table.rows.forEach((row, index) => {
      const line = "row " + (index + 1);
      const tr = el("tr", {});
      register(file, [line], tr);
      table.header.forEach((name, column) => {
        const input = el("input", { type: "text", value: row[column] === undefined ? "" : row[column], "aria-label": name + " " + (index + 1), spellcheck: "false" });
        if (published) {
          input.disabled = true;
          input.title = ui.onlyLocally;
        }
        input.addEventListener("input", () => { row[column] = input.value; changed(); });
        const cell = el("td", {}, input);
        register(file, [line + "." + name], cell);
        tr.append(cell);
      });
      if (!published) tr.append(el("td", {}, el("button", { type: "button", class: "remove", text: ui.remove + " " + (index + 1),
        onclick: () => { table.rows.splice(index, 1); rerender(); } })));
      body.append(tr);
    });
    section.append(el("table", { class: "series" }, el("thead", {}, head), body));
    if (!published) section.append(el("button", { type: "button", class: "add", text: ui.add + ": " + ui.row,
      onclick: () => { table.rows.push(table.header.map(() => "")); rerender(); } }));
    return section;
  }

  function factsForm() {
    const facts = el("section", { class: "file" }, el("h2", { text: ui.facts + " (" + config.factsFile + ")" }));
    register(config.factsFile, [], facts);
    objectFields(schemas.facts, state.forms[config.factsFile], [], config.factsFile, facts);
    return facts;
  }

  // --- problems at their fields ------------------------------------------------------
  function showProblems(problems, summary) {
    state.problems = problems;
    state.summary = summary;
    for (const old of document.querySelectorAll(".problem")) old.remove();
    for (const node of document.querySelectorAll(".has-problem")) node.classList.remove("has-problem", "error", "warning", "note");
    const general = document.getElementById("general");
    general.replaceChildren();
    document.getElementById("summary").textContent = problems.length ? summary : ui.noProblems;
    for (const problem of problems) {
      let field = problem.field;
      let target = null;
      for (;;) {
        target = state.fields.get(problem.file + "\u0000" + field);
        if (target || !field) break;
        field = field.replace(/(\[\d+\]|\.?[^.[]+)$/, "");
      }
      const note = el("p", { class: "problem " + problem.severity, "data-code": problem.code },
        el("strong", { text: problem.severity_label + " " }),
        el("span", { text: problem.explained || problem.message }));
      if (problem.explained) note.append(" ", el("small", { lang: "en", text: ui.inEnglish + " " + problem.message }));
      note.append(" ", el("small", { text: "[" + problem.code + (problem.field ? ", " + problem.field : "") + "]" }));
      if (target && target !== state.fields.get(problem.file + "\u0000")) {
        target.classList.add("has-problem", problem.severity);
        target.append(note);
      } else {
        note.prepend(el("code", { text: problem.file + (problem.line ? ":" + problem.line : "") + " " }));
        general.append(note);
      }
    }
  }

  // --- the server --------------------------------------------------------------------
  async function api(path, body) {
    const options = body === undefined ? {} : {
      method: "POST",
      headers: { "Content-Type": "application/json", [config.backend.tokenHeader]: config.backend.token },
      body: JSON.stringify(body),
    };
    const response = await fetch(path, options);
    const answer = await response.json();
    if (!response.ok) throw new Error(answer.error || response.statusText);
    return answer;
  }
  async function check() {
    const run = ++checkRun;
    status.textContent = ui.checking;
    try {
      const answer = await api("/api/reports/" + encodeURIComponent(state.id) + "/check", { forms: state.forms });
      if (run !== checkRun) return;
      showProblems(answer.problems, answer.summary);
      status.textContent = state.dirty ? ui.unsaved : "";
    } catch (error) {
      status.textContent = ui.failed.replace("%(reason)s", error.message);
    }
  }
  async function save() {
    clearTimeout(checkTimer);
    checkRun++;
    saveButton.disabled = true;
    try {
      const answer = await api("/api/reports/" + encodeURIComponent(state.id) + "/save", { forms: state.forms, fingerprints: state.fingerprints });
      state.fingerprints = answer.fingerprints;
      state.dirty = false;
      showProblems(answer.problems, answer.summary);
      status.textContent = answer.saved.length ? ui.saved.replace("%(files)s", answer.saved.join(", ")) : ui.nothingChanged;
    } catch (error) {
      saveButton.disabled = false;
      status.textContent = ui.failed.replace("%(reason)s", error.message);
    }
  }
  async function open(id) {
    const answer = published ? await getJSON("reports/" + encodeURIComponent(id) + ".json") : await api("/api/reports/" + encodeURIComponent(id));
    Object.assign(state, { id, forms: answer.forms, fingerprints: answer.fingerprints || {}, dirty: false });
    state.files = answer.files || {};
    state.original = JSON.parse(JSON.stringify(answer.forms));
    state.spans = {};
    for (const [name, file] of Object.entries(state.files)) {
      state.spans[name] = new Map(file.spans.map((span) => [formatPath(span[0]), span]));
    }
    state.problems = answer.problems;
    state.summary = answer.summary;
    render();
    saveButton.disabled = true;
    status.textContent = "";
    if (answer.locked && answer.locked.length) {
      // A file that is not readable YAML is fixed in a text editor, never from a form.
      for (const field of form.querySelectorAll("input, select, textarea, button")) field.disabled = true;
      status.textContent = ui.locked.replace("%(files)s", answer.locked.join(", "));
      state.locked = true;
    } else state.locked = false;
    const preview = document.getElementById("preview");
    if (answer.preview && published) {
      preview.src = answer.preview;  // the published page: what readers see now
    } else if (answer.preview) {
      if (preview.getAttribute("src") !== answer.preview) showPreview(id, answer.preview);
    } else {
      preview.hidden = true;
      const off = document.getElementById("no-preview");
      off.textContent = ui.noPreview;
      off.hidden = false;
    }
    const url = new URL(location.href);
    url.searchParams.set("report", id);
    history.replaceState(null, "", url);
  }

  // The preview's first build takes a while; the frame loads the page once it is there
  // (the preview's own live reload takes over from then on).
  async function showPreview(id, url) {
    const preview = document.getElementById("preview");
    const waiting = document.getElementById("no-preview");
    // Up to ten minutes for a preview that does not answer; as long as it takes while it
    // lists the data's errors (an editor filling in a new report's TODOs).
    for (let waited = 0; waited < 600 && state.id === id; ) {
      const answer = await api("/api/reports/" + encodeURIComponent(id) + "/preview").catch(() => ({}));
      if (answer.ready) {
        waiting.hidden = true;
        preview.src = url;
        return;
      }
      if (answer.fallback) {
        // The data has errors: the preview lists them on its home page until they are
        // fixed; the report's page replaces it once it is built.
        if (preview.getAttribute("src") !== answer.fallback) preview.src = answer.fallback;
        waiting.textContent = ui.previewErrors;
      } else {
        waiting.textContent = ui.previewBuilding;
        waited++;
      }
      waiting.hidden = false;
      await new Promise((done) => setTimeout(done, 1000));
    }
  }

  // --- the published site: values replaced in the file's text, proposed on GitHub ------
  async function getJSON(path) {
    const response = await fetch(path);
    if (!response.ok) throw new Error(response.status + " " + path);
    return response.json();
  }
  const typedLooking = /^(true|false|null|~|[-+]?[0-9][0-9_:.]*([eE][-+]?[0-9]+)?|[-+]?\.(inf|nan)|0[xo][0-9a-fA-F]+)$/i;
  function plainIsSafe(text, flow) {
    if (!text || text !== text.trim() || /[\n\t]/.test(text)) return false;
    if (/^(-(?![0-9])|[?:,\[\]{}#&*!|>'"%@`])/.test(text)) return false;
    if (/: |:$| #/.test(text)) return false;
    return !(flow && /[,\[\]{}]/.test(text));
  }
  // The text that writes ``text`` where ``span`` was: the same style where it can say it.
  function written(text, span, prose) {
    const [, start, end, style, flow, indent] = span;
    const pad = start === end ? " " : "";
    if (style === "|" || style === ">") {
      if (text === "" || text.startsWith(" ")) return JSON.stringify(text) + "\n";
      const margin = " ".repeat(indent || 2);
      if (style === ">" && !text.includes("\n") && !/\s\s|\t/.test(text)) {
        const lines = [];
        let line = "";
        for (const word of text.split(" ")) {
          if (line && margin.length + line.length + 1 + word.length > 80) {
            lines.push(line);
            line = word;
          } else line = line ? line + " " + word : word;
        }
        lines.push(line);
        return ">-\n" + lines.map((l) => margin + l).join("\n") + "\n";
      }
      const body = text.replace(/\n+$/, "");
      const head = text.endsWith("\n") ? "|" : "|-";
      return head + "\n" + body.split("\n").map((l) => (l ? margin + l : "")).join("\n") + "\n";
    }
    if (!prose && text === "") return pad + "null";
    if (plainIsSafe(text, flow) && !(prose && typedLooking.test(text))) return pad + text;
    return pad + JSON.stringify(text);
  }
  function patched(name, original) {
    const edits = [];
    for (const span of state.files[name].spans) {
      const now = getAt(state.forms[name], span[0]);
      const before = getAt(state.original[name], span[0]);
      if (typeof now === "string" && now !== before) edits.push([span, now]);
    }
    edits.sort((a, b) => b[0][1] - a[0][1]);
    let text = original;
    for (const [span, now] of edits) {
      text = text.slice(0, span[1]) + written(now, span, name !== config.factsFile) + text.slice(span[2]);
    }
    return { text, count: edits.length };
  }
  function decode(base64) {
    const binary = atob(base64.replace(/\s/g, ""));
    return new TextDecoder().decode(Uint8Array.from(binary, (c) => c.charCodeAt(0)));
  }
  function encode(text) {
    const bytes = new TextEncoder().encode(text);
    let binary = "";
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return btoa(binary);
  }
  async function github(path, method, body) {
    const token = document.getElementById("token").value.trim();
    const response = await fetch(config.backend.apiUrl.replace(/\/$/, "") + path, {
      method: method || "GET",
      headers: {
        Accept: "application/vnd.github+json",
        Authorization: "Bearer " + token,
        "X-GitHub-Api-Version": "2022-11-28",
        ...(body ? { "Content-Type": "application/json" } : {}),
      },
      body: body ? JSON.stringify(body) : undefined,
    });
    const answer = await response.json().catch(() => ({}));
    if (!response.ok) throw new Error(response.status + " " + (answer.message || response.statusText));
    return answer;
  }
  async function propose() {
    const tokenInput = document.getElementById("token");
    if (!tokenInput.value.trim()) {
      status.textContent = ui.tokenNeeded;
      tokenInput.focus();
      return;
    }
    sessionStorage.setItem("marketsite-editor-token", tokenInput.value.trim());
    saveButton.disabled = true;
    status.textContent = ui.proposing;
    const repo = "/repos/" + config.backend.repository;
    const base = config.backend.branch;
    try {
      const changes = [];
      const edited = Object.keys(state.files).filter((name) =>
        state.files[name].spans.some((span) => getAt(state.forms[name], span[0]) !== getAt(state.original[name], span[0])));
      for (const name of edited) {
        const file = state.files[name];
        const current = await github(repo + "/contents/" + file.path.split("/").map(encodeURIComponent).join("/") + "?ref=" + encodeURIComponent(base));
        if (current.sha !== file.blob) throw new Error(ui.changedSinceBuild.replace("%(file)s", file.path));
        const original = decode(current.content);
        const { text, count } = patched(name, original);
        if (count && text !== original) changes.push({ file, text, sha: current.sha });
      }
      if (!changes.length) {
        status.textContent = ui.nothingChanged;
        return;
      }
      const head = await github(repo + "/git/ref/heads/" + encodeURIComponent(base));
      const branch = "edit/" + state.id + "-" + new Date().toISOString().replace(/[-:]/g, "").replace(/\..*$/, "");
      await github(repo + "/git/refs", "POST", { ref: "refs/heads/" + branch, sha: head.object.sha });
      const title = ui.pullTitle.replace("%(report)s", state.id);
      for (const change of changes) {
        await github(repo + "/contents/" + change.file.path.split("/").map(encodeURIComponent).join("/"), "PUT", {
          message: title + " (" + change.file.path + ")",
          content: encode(change.text),
          sha: change.sha,
          branch,
        });
      }
      const pull = await github(repo + "/pulls", "POST", { title, head: branch, base, body: ui.pullBody });
      state.dirty = false;
      status.replaceChildren(ui.proposed + " ", el("a", { href: pull.html_url, text: pull.html_url }));
    } catch (error) {
      saveButton.disabled = false;
      status.textContent = ui.failed.replace("%(reason)s", error.message);
    }
  }

  if (published) {
    const remembered = sessionStorage.getItem("marketsite-editor-token");
    if (remembered) document.getElementById("token").value = remembered;
  }
  saveButton.addEventListener("click", published ? propose : save);
  document.addEventListener("keydown", (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === "s") {
      event.preventDefault();
      if (!saveButton.disabled) (published ? propose : save)();
    }
  });
  window.addEventListener("beforeunload", (event) => {
    if (state.dirty) event.preventDefault();
  });
  picker.addEventListener("change", () => {
    // Another report replaces the form: unsaved values would be lost without a word.
    if (state.dirty && !window.confirm(ui.discard)) {
      picker.value = state.id;
      return;
    }
    open(picker.value);
  });
  function listReports(reports) {
    picker.replaceChildren(...reports.map((report) => el("option", { value: report.id, text: report.name + " (" + report.id + ")" })));
  }
  const newReport = document.getElementById("new-report");
  if (newReport) {
    // A report started as `marketsite new` starts one: every value to fill in a TODO.
    newReport.addEventListener("click", async () => {
      if (state.dirty && !window.confirm(ui.discard)) return;
      const id = window.prompt(ui.newReportId);
      if (!id) return;
      try {
        const answer = await api("/api/reports", { id: id.trim() });
        listReports(answer.reports);
        picker.value = answer.id;
        await open(answer.id);
        status.textContent = ui.created.replace("%(files)s", answer.created.join(", "));
      } catch (error) {
        status.textContent = ui.failed.replace("%(reason)s", error.message);
      }
    });
  }
  (published ? getJSON("reports.json") : api("/api/reports")).then(({ reports }) => {
    listReports(reports);
    const wanted = new URL(location.href).searchParams.get("report");
    const first = reports.find((r) => r.id === wanted) || reports[0];
    if (first) {
      picker.value = first.id;
      open(first.id);
    }
  });
})();
