// Chairtime loader: the one script a site owner embeds.
//   <script src="https://<host>/widget.js" data-salon="slug" async></script>
// It finds itself through document.currentScript, creates a Shadow DOM root next to the tag, loads the
// WebAssembly widget from the same origin (once per page, however many widgets), and mounts it.
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, location.href);
  var origin = base.origin;
  var glue = new URL("w/chairtime.js", base).href;
  var wasm = new URL("w/chairtime_bg.wasm", base).href;
  var loading = null;

  function load() {
    if (!loading) {
      loading = import(glue).then(function (m) {
        return m.default({ module_or_path: wasm }).then(function () { return m; });
      });
    }
    return loading;
  }

  function mount(element, options) {
    var root = element.shadowRoot || element.attachShadow({ mode: "open" });
    var inner = document.createElement("div");
    root.appendChild(inner);
    var opts = { salon: options.salon, api: options.api || origin };
    return load().then(function (m) {
      m.mount(inner, JSON.stringify(opts));
      return element;
    });
  }

  var api = window.Chairtime || {};
  api.mount = mount;
  window.Chairtime = api;

  var salon = script.getAttribute("data-salon");
  if (salon) {
    var host = document.createElement("div");
    host.setAttribute("data-chairtime", salon);
    script.parentNode.insertBefore(host, script.nextSibling);
    mount(host, { salon: salon }).catch(function (e) {
      console.error("chairtime: the booking widget could not load", e);
    });
  }
})();
