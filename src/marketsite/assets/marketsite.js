// marketsite's one script. It loads nothing else on page load:
// - Charts: a report chart's static SVG becomes an interactive Vega view (tooltips)
//   when the reader first points at or focuses a chart. Vega (0.9 MB, from this site:
//   vega.js beside this file) is loaded only then.
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
    figures.forEach(function (figure) {
      ["pointerenter", "touchstart", "focusin"].forEach(function (event) {
        figure.addEventListener(event, start, { once: true, passive: true });
      });
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

  function setUp() {
    upgrade();
    wireSearch();
  }

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(setUp);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
