// marketsite: turns each report chart's static SVG into an interactive Vega view
// (tooltips) when JavaScript runs. Vega comes from this site (vega.js beside this
// file) and is loaded only on pages that have charts; it also runs after
// Material's instant navigation.
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

  function upgrade() {
    var figures = document.querySelectorAll("figure.marketsite-chart");
    if (!figures.length || !here) return;
    loadVega().then(function () {
      figures.forEach(function (figure) {
        var data = figure.querySelector("script.marketsite-chart__spec");
        var target = figure.querySelector(".marketsite-chart__svg");
        if (!data || !target || target.dataset.interactive) return;
        var embed = JSON.parse(data.textContent);
        window
          .vegaEmbed(target, embed.spec, {
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

  if (window.document$ && window.document$.subscribe) {
    window.document$.subscribe(upgrade);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", upgrade);
  } else {
    upgrade();
  }
})();
