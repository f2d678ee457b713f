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

    function cell(text, numeric) {
      var td = document.createElement("td");
      td.textContent = text || "\u2014";
      if (numeric) td.className = "marketsite-number";
      return td;
    }

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
