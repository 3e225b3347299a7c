// Draws each Vega-Lite spec kept in a <script type="application/json" data-chart="target-id">.
document.addEventListener("DOMContentLoaded", function () {
  document.querySelectorAll("script[type='application/json'][data-chart]").forEach(function (spec) {
    var target = document.getElementById(spec.getAttribute("data-chart"));
    if (target && window.vegaEmbed) {
      window.vegaEmbed(target, JSON.parse(spec.textContent), { actions: false, renderer: "svg" });
    }
  });
});
