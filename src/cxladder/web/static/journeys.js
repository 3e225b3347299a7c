// The journey map: pointing at or tabbing to a touchpoint lights it and its steps, the rest
// fades, so a busy map reads one touchpoint at a time. Links work the same without this.
document.addEventListener("DOMContentLoaded", function () {
  var map = document.getElementById("journey-map");
  if (!map) { return; }
  function touchpointOf(target) {
    var group = target.closest ? target.closest("g.node") : null;
    return group && group.id.indexOf("node-") === 0 ? group.id.slice(5) : null;
  }
  function light(id) {
    map.classList.add("focusing");
    map.querySelectorAll("g.lit").forEach(function (g) { g.classList.remove("lit"); });
    var node = document.getElementById("node-" + id);
    if (node) { node.classList.add("lit"); }
    map.querySelectorAll("g.edge.from-" + id + ", g.edge.to-" + id).forEach(function (edge) {
      edge.classList.add("lit");
      edge.getAttribute("class").split(" ").forEach(function (name) {
        if (name.indexOf("from-") === 0 || name.indexOf("to-") === 0) {
          var other = document.getElementById("node-" + name.split("-")[1]);
          if (other) { other.classList.add("lit"); }
        }
      });
    });
  }
  function dim() {
    map.classList.remove("focusing");
    map.querySelectorAll("g.lit").forEach(function (g) { g.classList.remove("lit"); });
  }
  ["mouseover", "focusin"].forEach(function (kind) {
    map.addEventListener(kind, function (event) {
      var id = touchpointOf(event.target);
      if (id) { light(id); } else if (kind === "focusin") { dim(); }
    });
  });
  map.addEventListener("mouseleave", dim);
  // Fitted to the page by default; a big map reads better at full size, scrolled.
  var size = document.getElementById("map-size");
  if (size) {
    size.hidden = false;
    size.addEventListener("click", function () {
      var full = map.classList.toggle("fit") === false;
      size.setAttribute("aria-pressed", full ? "true" : "false");
    });
  }
  map.addEventListener("focusout", function (event) {
    if (!map.contains(event.relatedTarget)) { dim(); }
  });
});
