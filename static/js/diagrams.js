// Renders each lesson diagram (<figure class="diagram">) from its DOT text with
// d3-graphviz, in the browser. The DOT sits escaped in a hidden <pre>; .textContent
// gives it back as written. One renderer per diagram, created once; the first
// renderDot waits for the renderer's "initEnd" (reference/stack.md, section 4).
(function () {
  "use strict";

  function renderDiagram(figure) {
    var target = figure.querySelector(".diagram__graph");
    var source = figure.querySelector(".diagram__source");
    if (!target || !source || target.dataset.rendered) return;
    target.dataset.rendered = "pending";
    var dot = source.textContent;
    var graphviz = d3.select(target).graphviz({ useWorker: false, fit: true, zoom: false });
    graphviz.on("initEnd", function () {
      graphviz
        .on("end", function () {
          target.dataset.rendered = "done";
          var svg = target.querySelector("svg");
          if (svg) {
            // The figure's role="img" and aria-label name the picture; its parts are decoration.
            svg.setAttribute("aria-hidden", "true");
            svg.setAttribute("focusable", "false");
            svg.removeAttribute("width");
            svg.removeAttribute("height");
          }
        })
        .renderDot(dot);
    });
  }

  function start() {
    if (!window.d3 || !d3.select(document.body).graphviz) return;
    document.querySelectorAll("figure.diagram").forEach(renderDiagram);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
