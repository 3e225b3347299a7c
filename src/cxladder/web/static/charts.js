// Draws every chart whose Vega-Lite spec sits in a <script type="application/json"> on the page.
document.addEventListener("DOMContentLoaded", function () {
  [["ladder-spec", "#ladder-chart"], ["trend-spec", "#trend-chart"]].forEach(function (pair) {
    var spec = document.getElementById(pair[0]);
    if (spec && window.vegaEmbed) {
      window.vegaEmbed(pair[1], JSON.parse(spec.textContent), { actions: false, renderer: "svg" });
    }
  });
});
