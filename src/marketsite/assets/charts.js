// marketsite: turns a report chart's static SVG into an interactive Vega view
// (tooltips) when the reader first points at or focuses a chart. Vega (0.9 MB, from
// this site: vega.js beside this file) is loaded only then, never on page load; this
// also runs after Material's instant navigation.
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

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(upgrade);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", upgrade);
  } else {
    upgrade();
  }
})();
