/* Render svspec theory-of-change diagrams with the bundled Mermaid (no network access but the
   site's own). Mermaid is large, so it is loaded only on pages that have a diagram. */
(function () {
  "use strict";
  var here = document.currentScript ? document.currentScript.src : window.location.href;

  function draw(nodes) {
    window.mermaid.initialize({ startOnLoad: false, securityLevel: "strict", theme: "default" });
    window.mermaid.run({ nodes: nodes });
  }

  function render() {
    var nodes = document.querySelectorAll(".svspec-diagram");
    if (!nodes.length) {
      return;
    }
    if (window.mermaid) {
      draw(nodes);
      return;
    }
    var script = document.createElement("script");
    script.src = new URL("mermaid.min.js", here).href;
    script.onload = function () { draw(nodes); };
    document.head.appendChild(script);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", render);
  } else {
    render();
  }
})();
