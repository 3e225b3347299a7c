// Draws the customer's journey chart from the Vega-Lite spec the page carries as JSON.
document.addEventListener("DOMContentLoaded", function () {
  var spec = document.getElementById("journey-spec");
  if (spec && window.vegaEmbed) {
    window.vegaEmbed("#journey-chart", JSON.parse(spec.textContent), { actions: false, renderer: "svg" });
  }
});
