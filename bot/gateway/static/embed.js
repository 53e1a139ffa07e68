/* Berufslotse loader: <script src="https://HOST/embed.js" data-portal-key="KEY" async></script> */
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) { return; }
  var base = new URL(script.src, window.location.href).origin;
  var key = script.getAttribute("data-portal-key") || "";
  var widget = document.createElement("script");
  widget.src = base + "/static/widget.js";
  widget.async = true;
  widget.onload = function () { window.Berufslotse.mount({ base: base, portalKey: key }); };
  document.head.appendChild(widget);
})();
