// marketsite's one script. It loads nothing else on page load:
// - Charts: a report chart's static SVG becomes an interactive Vega view (tooltips)
//   when the reader first points at, clicks, taps or focuses a chart; never when a
//   finger scrolls past one. Vega (0.9 MB, from this site: vega.js beside this file)
//   is loaded only then.
// - Search: Pagefind's interface and index (pagefind/ at the language root) load when
//   the reader opens search (the header's search button, or "/").
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : null;
  var loading = null;

  function loadVega() {
    if (window.vegaEmbed) return Promise.resolve();
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = new URL("vega.js", here).href;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function upgradeAll() {
    var figures = document.querySelectorAll("figure.marketsite-chart");
    loadVega().then(function () {
      figures.forEach(function (figure) {
        var data = figure.querySelector("script.marketsite-chart__spec");
        // The rendering CSS shows on this screen: the wide one or the phone one.
        var target = Array.prototype.filter.call(
          figure.querySelectorAll(".marketsite-chart__svg"),
          function (element) { return element.offsetParent !== null; }
        )[0];
        if (!data || !target || target.dataset.interactive) return;
        var embed = JSON.parse(data.textContent);
        var narrow = target.classList.contains("marketsite-chart__svg--narrow");
        window
          .vegaEmbed(target, narrow && embed.narrowSpec ? embed.narrowSpec : embed.spec, {
            renderer: "svg",
            actions: false,
            formatLocale: embed.formatLocale,
            tooltip: true,
          })
          .then(function () {
            target.dataset.interactive = "true";
          });
      });
    });
  }

  function upgrade() {
    var figures = document.querySelectorAll("figure.marketsite-chart");
    if (!figures.length || !here) return;
    var started = false;
    function start() {
      if (started) return;
      started = true;
      upgradeAll();
    }
    // Only on intent: a mouse or pen pointing at a chart, a click, a keyboard focus,
    // or a tap. A finger that touches a chart to scroll past it is no intent: the
    // touch counts only when it ends where it began and the page did not move.
    figures.forEach(function (figure) {
      var touch = null;
      figure.addEventListener("pointerenter", function (event) {
        if (event.pointerType !== "touch") start();
      }, { passive: true });
      figure.addEventListener("click", start);
      figure.addEventListener("focusin", start);
      figure.addEventListener("touchstart", function (event) {
        var point = event.touches[0];
        touch = event.touches.length === 1
          ? { x: point.clientX, y: point.clientY, scroll: window.scrollY }
          : null;
      }, { passive: true });
      figure.addEventListener("touchmove", function (event) {
        var point = event.touches[0];
        if (touch && (Math.abs(point.clientX - touch.x) > 10 ||
                      Math.abs(point.clientY - touch.y) > 10)) touch = null;
      }, { passive: true });
      figure.addEventListener("touchend", function () {
        if (touch && Math.abs(window.scrollY - touch.scroll) < 2) start();
        touch = null;
      }, { passive: true });
    });
  }

  var searching = null;

  function loadSearch(container) {
    if (!searching) {
      var root = new URL("../../", here);
      var bundle = new URL("pagefind/", root);
      searching = new Promise(function (resolve, reject) {
        var style = document.createElement("link");
        style.rel = "stylesheet";
        style.href = new URL("pagefind-ui.css", bundle).href;
        document.head.appendChild(style);
        var script = document.createElement("script");
        script.src = new URL("pagefind-ui.js", bundle).href;
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      }).then(function () {
        new window.PagefindUI({
          element: "[data-marketsite-search]",
          bundlePath: bundle.pathname,
          baseUrl: root.pathname,
          showImages: false,
          showSubResults: true,
          resetStyles: false,
        });
      });
    }
    return searching.then(function () {
      var input = container.querySelector("input");
      if (input) input.focus();
    });
  }

  function wireSearch() {
    var toggle = document.getElementById("__search");
    var container = document.querySelector("[data-marketsite-search]");
    if (!toggle || !container || !here || toggle.dataset.marketsite) return;
    toggle.dataset.marketsite = "search";
    var button = document.querySelector('.md-header__button[for="__search"]');
    function open() {
      toggle.checked = true;
      loadSearch(container);
    }
    toggle.addEventListener("change", function () {
      if (toggle.checked) loadSearch(container);
    });
    // The header's search control is a <label>: make it work from the keyboard too.
    if (button) {
      var dialog = document.querySelector(".marketsite-search");
      button.setAttribute("role", "button");
      button.setAttribute("tabindex", "0");
      if (dialog) button.setAttribute("aria-label", dialog.getAttribute("aria-label"));
      button.addEventListener("keydown", function (event) {
        if (event.key === "Enter" || event.key === " ") {
          event.preventDefault();
          open();
        }
      });
    }
    document.addEventListener("keydown", function (event) {
      var typing = event.target.closest && event.target.closest("input, textarea, select");
      if (event.key === "Escape" && toggle.checked) {
        toggle.checked = false;
        if (button) button.focus();
      } else if (event.key === "/" && !typing && !toggle.checked) {
        event.preventDefault();
        open();
      }
    });
  }

  // A table cell of the catalog's text for a figure ("\u2014" where there is none).
  function cell(text, numeric) {
    var td = document.createElement("td");
    td.textContent = text || "\u2014";
    if (numeric) td.className = "marketsite-number";
    return td;
  }

  // The catalog: without JavaScript a paged list by name. Here the filters appear; the
  // first time a reader uses them, every report's row comes from the catalog's JSON
  // (fetched then, not before) and the table shows the matches of all pages.
  function wireCatalog() {
    var catalog = document.querySelector(".marketsite-catalog[data-catalog]");
    if (!catalog) return;
    var form = catalog.querySelector(".marketsite-catalog__filters");
    var body = catalog.querySelector("tbody");
    var status = catalog.querySelector(".marketsite-catalog__status");
    var pager = catalog.querySelector(".marketsite-pager");
    if (!form || !body) return;
    var withSector = catalog.querySelector("table").hasAttribute("data-with-sector");
    var source = new URL(catalog.getAttribute("data-catalog"), location.href);
    var records = null;
    var loading = null;
    var template = status ? status.getAttribute("data-count") : "";

    function load() {
      if (!loading) {
        loading = fetch(source.href)
          .then(function (response) { return response.json(); })
          .then(function (data) { records = data; });
      }
      return loading;
    }

    // Each cell names its column, as the page's own rows do (a phone shows the names).
    var labels = Array.prototype.map.call(
      catalog.querySelectorAll("thead th"),
      function (th) { return th.textContent; }
    );

    function labelled(tr) {
      Array.prototype.forEach.call(tr.children, function (td, index) {
        if (labels[index]) td.setAttribute("data-label", labels[index]);
      });
      return tr;
    }

    function byNumber(key) {
      return function (a, b) {
        var x = a[key], y = b[key];
        if (x === null || x === undefined) return y === null || y === undefined ? 0 : 1;
        if (y === null || y === undefined) return -1;
        return y - x;
      };
    }

    function show() {
      var sector = form.elements.sector ? form.elements.sector.value : "";
      var region = form.elements.region ? form.elements.region.value : "";
      var sort = form.elements.sort.value;
      var found = records.filter(function (r) {
        return (!sector || r.s === sector) && (!region || r.r.indexOf(region) >= 0);
      });
      if (sort === "size") found.sort(byNumber("z"));
      else if (sort === "cagr") found.sort(byNumber("g"));
      else if (sort === "date") found.sort(byNumber("d"));
      var rows = document.createDocumentFragment();
      found.forEach(function (r) {
        var tr = document.createElement("tr");
        var first = document.createElement("td");
        var link = document.createElement("a");
        link.href = new URL(r.u, source).href;
        link.textContent = r.c[0];
        first.appendChild(link);
        tr.appendChild(first);
        if (withSector) tr.appendChild(cell(r.c[1]));
        tr.appendChild(cell(r.c[2], true));
        tr.appendChild(cell(r.c[3], true));
        tr.appendChild(cell(r.c[4]));
        tr.appendChild(cell(r.c[5]));
        rows.appendChild(labelled(tr));
      });
      body.replaceChildren(rows);
      if (pager) pager.hidden = true;
      if (status) status.textContent = template.replace("%(count)s", String(found.length));
    }

    form.hidden = false;
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    form.addEventListener("change", function () { load().then(show); });
  }

  // Comparing markets: the reader picks reports (search, sector, region); the choice is
  // the address's ?m=id,id. The table's figures are the catalog's own cells; the chart
  // reads each chosen report's facts file, fetched when it is chosen. Sizes in different
  // currencies or units get a chart each: never one axis.
  var SVG = "http://www.w3.org/2000/svg";
  var COLOURS = ["#1f77b4", "#d95f02", "#1b9e77", "#7570b3", "#e7298a", "#66a61e",
                 "#a6761d", "#666666"];

  function wireCompare() {
    var box = document.querySelector(".marketsite-compare[data-catalog]");
    if (!box) return;
    var form = box.querySelector(".marketsite-compare__picker");
    var matches = box.querySelector(".marketsite-compare__matches");
    var status = box.querySelector(".marketsite-compare__status");
    var result = box.querySelector(".marketsite-compare__result");
    var charts = box.querySelector(".marketsite-compare__charts");
    var apart = box.querySelector(".marketsite-compare__apart");
    var body = box.querySelector("tbody");
    var labels = JSON.parse(box.getAttribute("data-labels"));
    var limit = Number(box.getAttribute("data-limit"));
    var source = new URL(box.getAttribute("data-catalog"), location.href);
    var factsBase = new URL(box.getAttribute("data-facts"), location.href);
    var lang = document.documentElement.lang || "en";
    var records = {};
    var order = [];
    var facts = {};

    function word(key, market) {
      return labels[key].replace("%(market)s", market || "");
    }

    function chosen() {
      var param = new URLSearchParams(location.search).get("m") || "";
      return param.split(",").filter(function (id, index, all) {
        return id && records[id] && all.indexOf(id) === index;
      }).slice(0, limit);
    }

    function choose(ids) {
      var url = new URL(location.href);
      if (ids.length) url.searchParams.set("m", ids.join(","));
      else url.searchParams.delete("m");
      history.replaceState(null, "", url.href.replace(/%2C/g, ","));
      render();
    }

    function loadFacts(id) {
      if (!facts[id]) {
        // A report whose facts do not load (a preview still building them) is left out of the
        // charts; the table still shows its figures.
        facts[id] = fetch(new URL(encodeURIComponent(id) + ".json", factsBase).href)
          .then(function (response) { return response.ok ? response.json() : null; })
          .catch(function () { return null; });
      }
      return facts[id];
    }

    // A list item with the button that adds report ``id`` to the ``ids`` chosen.
    function addItem(id, ids) {
      var li = document.createElement("li");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "md-button";
      button.textContent = word("add", records[id].c[0]);
      button.disabled = ids.length >= limit;
      button.addEventListener("click", function () { choose(chosen().concat([id])); });
      li.appendChild(button);
      return li;
    }

    function showMatches() {
      var query = (form.elements.q.value || "").trim().toLowerCase();
      var sector = form.elements.sector ? form.elements.sector.value : "";
      var region = form.elements.region ? form.elements.region.value : "";
      var ids = chosen();
      var found = order.filter(function (id) {
        var r = records[id];
        return ids.indexOf(id) < 0 && (!query || r.c[0].toLowerCase().indexOf(query) >= 0) &&
          (!sector || r.s === sector) && (!region || r.r.indexOf(region) >= 0);
      }).slice(0, 20);
      var items = document.createDocumentFragment();
      found.forEach(function (id) { items.appendChild(addItem(id, ids)); });
      matches.replaceChildren(items);
      status.textContent = ids.length >= limit ? labels.full : (found.length ? "" : labels.none);
    }

    function render() {
      var ids = chosen();
      showMatches();
      result.hidden = ids.length === 0;
      var rows = document.createDocumentFragment();
      ids.forEach(function (id) {
        var r = records[id];
        var tr = document.createElement("tr");
        var first = document.createElement("td");
        var link = document.createElement("a");
        link.href = new URL(r.u, source).href;
        link.textContent = r.c[0];
        first.appendChild(link);
        tr.appendChild(first);
        tr.appendChild(cell(r.c[2]));
        tr.appendChild(cell(r.c[3]));
        tr.appendChild(cell(r.c[4]));
        tr.appendChild(cell(r.l));
        var last = document.createElement("td");
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "marketsite-compare__remove";
        remove.textContent = "\u00d7";
        remove.setAttribute("aria-label", word("remove", r.c[0]));
        remove.addEventListener("click", function () {
          choose(chosen().filter(function (other) { return other !== id; }));
        });
        last.appendChild(remove);
        tr.appendChild(last);
        rows.appendChild(tr);
      });
      body.replaceChildren(rows);
      Promise.all(ids.map(loadFacts)).then(function (all) {
        if (ids.join(",") !== chosen().join(",")) return;  // chosen again meanwhile
        drawCharts(ids, all);
      });
    }

    // One chart per measure (currency and unit): sizes over the years, a line per market;
    // filled points are the publisher's figures, open ones derived by us.
    function drawCharts(ids, all) {
      var groups = [];
      all.forEach(function (data, index) {
        if (!data) return;
        var key = data.currency + " " + data.unit;
        var group = groups.filter(function (g) { return g.key === key; })[0];
        if (!group) {
          group = {key: key, measure: records[ids[index]].m, series: []};
          groups.push(group);
        }
        group.series.push({id: ids[index], colour: COLOURS[index % COLOURS.length], data: data});
      });
      charts.replaceChildren.apply(charts, groups.map(drawChart));
      showRelated(ids, all);
      apart.hidden = groups.length < 2;
      apart.textContent = groups.length < 2 ? "" : labels.apart;
    }

    // The chosen reports' related reports (from their facts files), to add in one click.
    function showRelated(ids, all) {
      var list = box.querySelector(".marketsite-compare__related");
      var heading = box.querySelector(".marketsite-compare__related-heading");
      var seen = {};
      var items = document.createDocumentFragment();
      all.forEach(function (data) {
        ((data && data.related) || []).forEach(function (id) {
          if (seen[id] || ids.indexOf(id) >= 0 || !records[id]) return;
          seen[id] = true;
          items.appendChild(addItem(id, ids));
        });
      });
      list.replaceChildren(items);
      list.hidden = heading.hidden = !list.children.length;
      heading.textContent = labels.related;
    }

    function drawChart(group) {
      var width = 640, height = 300, left = 64, right = 16, top = 16, bottom = 32;
      var points = [];
      group.series.forEach(function (s) {
        s.data.market_size.forEach(function (p) {
          points.push({s: s, year: p.year, value: p.size.upper || p.size.value,
                       low: p.size.value, derived: p.size.derived !== null});
        });
      });
      var years = points.map(function (p) { return p.year; });
      var first = Math.min.apply(null, years), last = Math.max.apply(null, years);
      var top_ = Math.max.apply(null, points.map(function (p) { return p.value; })) || 1;
      var step = Math.pow(10, Math.floor(Math.log10(top_ / 4)));
      var tick = [1, 2, 5, 10].map(function (m) { return m * step; })
        .filter(function (t) { return top_ / t <= 5; })[0];
      var most = Math.ceil(top_ / tick) * tick;
      function x(year) {
        return left + (last === first ? 0.5 : (year - first) / (last - first)) *
          (width - left - right);
      }
      function y(value) { return top + (1 - value / most) * (height - top - bottom); }
      function el(name, attributes, text) {
        var node = document.createElementNS(SVG, name);
        Object.keys(attributes).forEach(function (k) { node.setAttribute(k, attributes[k]); });
        if (text !== undefined) node.textContent = text;
        return node;
      }
      var number = new Intl.NumberFormat(lang);
      var svg = el("svg", {viewBox: "0 0 " + width + " " + height, role: "img",
                           class: "marketsite-compare__chart"});
      var title = labels.axis.replace("%(measure)s", group.measure);
      svg.setAttribute("aria-label", title + ": " + group.series.map(function (s) {
        return records[s.id].c[0];
      }).join(", "));
      for (var value = 0; value <= most + tick / 2; value += tick) {
        svg.appendChild(el("line", {x1: left, x2: width - right, y1: y(value), y2: y(value),
                                    class: "marketsite-compare__grid"}));
        svg.appendChild(el("text", {x: left - 6, y: y(value) + 4, "text-anchor": "end"},
                           number.format(value)));
      }
      var every = Math.max(1, Math.ceil((last - first) / 8));
      for (var year = first; year <= last; year += every) {
        svg.appendChild(el("text", {x: x(year), y: height - 10, "text-anchor": "middle"},
                           String(year)));
      }
      group.series.forEach(function (s) {
        var own = points.filter(function (p) { return p.s === s; })
          .sort(function (a, b) { return a.year - b.year; });
        svg.appendChild(el("polyline", {
          points: own.map(function (p) { return x(p.year) + "," + y(p.low); }).join(" "),
          fill: "none", stroke: s.colour, "stroke-width": 2}));
        own.forEach(function (p) {
          var dot = el("circle", {cx: x(p.year), cy: y(p.low), r: 4, stroke: s.colour,
                                  "stroke-width": 2, fill: p.derived ? "var(--md-default-bg-color, #fff)" : s.colour,
                                  "data-derived": p.derived ? "true" : "false"});
          dot.appendChild(el("title", {}, records[s.id].c[0] + ", " + p.year + " (" +
                             (p.derived ? labels.derived : labels.published) + ")"));
          svg.appendChild(dot);
        });
      });
      var figure = document.createElement("figure");
      var caption = document.createElement("figcaption");
      caption.textContent = title;
      figure.appendChild(caption);
      figure.appendChild(svg);
      var legend = document.createElement("ul");
      legend.className = "marketsite-compare__key";
      group.series.forEach(function (s) {
        var li = document.createElement("li");
        li.style.setProperty("--marketsite-series", s.colour);
        li.textContent = records[s.id].c[0];
        legend.appendChild(li);
      });
      figure.appendChild(legend);
      return figure;
    }

    fetch(source.href)
      .then(function (response) { return response.json(); })
      .then(function (data) {
        data.forEach(function (r) { records[r.i] = r; order.push(r.i); });
        box.querySelector(".marketsite-compare__fallback").hidden = true;
        form.hidden = false;
        form.addEventListener("submit", function (event) { event.preventDefault(); });
        // Typing and choosing a filter show the matches again; a search field's "change"
        // (when it loses focus, as a match is clicked) must not: the click would miss.
        form.addEventListener("input", showMatches);
        form.addEventListener("change", function (event) {
          if (event.target.tagName === "SELECT") showMatches();
        });
        render();
      });
  }

  // "Copy link": the page's address to the clipboard, and a word that it is there.
  function wireCopyLink() {
    var box = document.querySelector(".marketsite-copy-link");
    if (!box || !navigator.clipboard) return;
    var button = box.querySelector("button");
    var label = button.textContent;
    box.hidden = false;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-url")).then(function () {
        button.textContent = button.getAttribute("data-copied");
        setTimeout(function () { button.textContent = label; }, 2000);
      });
    });
  }

  function setUp() {
    upgrade();
    wireSearch();
    wireCatalog();
    wireCompare();
    wireCopyLink();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
