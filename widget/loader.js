// Chairtime loader: the one script a site owner embeds.
//   <script src="https://<host>/widget.js" data-salon="slug" async></script>
// Options (data attributes): data-mode="inline|popup|floating", data-target (a CSS selector for inline),
// data-service, data-staff, data-accent, data-theme="light|dark|auto", data-locale, data-name,
// data-email, data-phone, data-label (the floating button's text).
// It finds itself through document.currentScript, starts the first API requests at once, loads the
// WebAssembly widget from its own origin (once per page, however many widgets) and mounts each widget
// in a Shadow DOM root. Single-page apps call window.Chairtime.mount(element, options).
(function () {
  "use strict";
  var script = document.currentScript;
  if (!script) return;
  var base = new URL(script.src, location.href);
  var Chairtime = (window.Chairtime = window.Chairtime || {});

  function load() {
    if (!Chairtime._load) {
      var glue = new URL("w/chairtime.js", base).href;
      var wasm = new URL("w/chairtime_bg.wasm", base).href;
      // Both downloads start now; the glue compiles the wasm as it streams in.
      var bytes = fetch(wasm);
      Chairtime._load = import(glue).then(function (m) {
        return m.default({ module_or_path: bytes }).then(function () { return m; });
      });
    }
    return Chairtime._load;
  }

  // A failed prefetch resolves to null, never rejects: nobody may be waiting for it yet, and an
  // unhandled rejection would be reported on the host page. The widget then asks again itself.
  function prefetch(url) {
    return fetch(url).then(function (r) {
      return r.text().then(function (t) { return [r.status, t]; });
    }).catch(function () { return null; });
  }

  /** Starts the requests the widget's first screen needs, in parallel with the wasm download. */
  function prefetches(o) {
    var pre = {};
    var salon = o.api + "/v1/salons/" + o.salon;
    pre[salon] = prefetch(salon);
    if (o.service && o.staff) {
      var times = salon + "/availability?service=" + o.service + "&staff=" + o.staff + "&days=14";
      pre[times] = prefetch(times);
    }
    return pre;
  }

  function normalise(options) {
    var o = {};
    for (var k in options || {}) if (options[k] != null && options[k] !== "") o[k] = String(options[k]);
    o.api = o.api || base.origin;
    return o;
  }

  function style(host, o) {
    host.setAttribute("data-theme", o.theme || "light");
    if (o.accent) host.style.setProperty("--chairtime-accent", o.accent);
  }

  /**
   * An inline widget's box starts as tall as a typical first step and never gets shorter, so neither its
   * loading state nor a short step pulls the host page up and pushes it down again.
   */
  function steady(container) {
    container.style.minHeight = "400px";
  }

  /** Mounts a widget inline into `element` (its shadow root). Resolves to `element`. */
  function mount(element, options) {
    var o = normalise(options);
    var pre = prefetches(o);
    var root = element.shadowRoot || element.attachShadow({ mode: "open" });
    var container = document.createElement("div");
    steady(container);
    root.appendChild(container);
    style(element, o);
    return load().then(function (m) {
      m.mount(element, container, o, pre);
      return element;
    });
  }

  var DIALOG_CSS =
    "dialog{border:0;padding:0;width:min(480px,100vw);max-width:100vw;max-height:100dvh;background:transparent;overflow:visible}" +
    "dialog::backdrop{background:rgba(0,0,0,.5)}" +
    ".panel{position:relative;max-height:calc(100dvh - 32px);overflow:auto;overscroll-behavior:contain;border-radius:14px}" +
    ".close{position:absolute;top:8px;right:8px;z-index:1;width:44px;height:44px;border:0;border-radius:22px;" +
    "background:rgba(0,0,0,.06);font:24px/44px system-ui,sans-serif;color:#1d1d1f;cursor:pointer}" +
    ".fab{position:fixed;right:16px;bottom:16px;z-index:2147483000;min-height:48px;padding:0 20px;border:0;" +
    "border-radius:24px;background:var(--chairtime-accent,#7a3e9d);color:#fff;font:600 16px/48px system-ui,sans-serif;" +
    "box-shadow:0 4px 16px rgba(0,0,0,.25);cursor:pointer}";

  /** A modal dialog holding a widget, mounted the first time it opens. Returns { open }. */
  function popup(o) {
    var host = document.createElement("div");
    host.setAttribute("data-chairtime-popup", o.salon);
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    root.innerHTML =
      "<style>" + DIALOG_CSS + "</style><dialog aria-label='Book'><div class='panel'>" +
      "<button class='close' type='button' aria-label='Close' data-testid='close'>\u00d7</button>" +
      "<div class='body'></div></div></dialog>";
    var dialog = root.querySelector("dialog");
    var mounted = null;
    var opener = null;
    root.querySelector(".close").addEventListener("click", function () { dialog.close(); });
    dialog.addEventListener("click", function (e) { if (e.target === dialog) dialog.close(); });
    // While the dialog is open the page behind it does not scroll: one scrollbar, the dialog's.
    var overflow = "";
    dialog.addEventListener("close", function () {
      document.documentElement.style.overflow = overflow;
      if (opener) opener.focus();
    });
    style(host, o);
    return {
      host: host,
      open: function (from) {
        opener = from || document.activeElement;
        if (!mounted) {
          var container = document.createElement("div");
          root.querySelector(".body").appendChild(container);
          // The first requests start when a client opens the dialog, not on every page view.
          var pre = prefetches(o);
          mounted = load().then(function (m) { m.mount(host, container, o, pre); });
        }
        overflow = document.documentElement.style.overflow;
        document.documentElement.style.overflow = "hidden";
        dialog.showModal();
        return mounted;
      },
    };
  }

  Chairtime.mount = mount;

  var data = script.dataset;
  if (!data.salon) return;
  var o = normalise({
    salon: data.salon, service: data.service, staff: data.staff, accent: data.accent, theme: data.theme,
    locale: data.locale, name: data.name, email: data.email, phone: data.phone,
  });
  var mode = data.mode || "inline";
  var report = function (e) { console.error("chairtime: the booking widget could not load", e); };

  if (mode === "popup" || mode === "floating") {
    var modal = popup(o);
    document.addEventListener("click", function (e) {
      var trigger = e.target.closest && e.target.closest("[data-chairtime-open]");
      var wanted = trigger && trigger.getAttribute("data-chairtime-open");
      if (trigger && (!wanted || wanted === o.salon)) {
        e.preventDefault();
        modal.open(trigger).catch(report);
      }
    });
    if (mode === "floating") {
      var fab = document.createElement("div");
      fab.setAttribute("data-chairtime-floating", o.salon);
      document.body.appendChild(fab);
      var fabRoot = fab.attachShadow({ mode: "open" });
      fabRoot.innerHTML = "<style>" + DIALOG_CSS + "</style><button class='fab' type='button' data-testid='floating'></button>";
      var button = fabRoot.querySelector("button");
      button.textContent = data.label || "Book now";
      style(fab, o);
      button.addEventListener("click", function () { modal.open(button).catch(report); });
    }
    return;
  }

  var host = document.createElement("div");
  host.setAttribute("data-chairtime", o.salon);
  var target = data.target && document.querySelector(data.target);
  if (target) target.appendChild(host);
  else script.parentNode.insertBefore(host, script.nextSibling);
  mount(host, o).catch(report);
})();
