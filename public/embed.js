/*
 * Integration Center embed loader. No dependencies, no build step.
 *
 *   <script src="https://vault.example.com/embed.js"></script>
 *   IntegrationCenter.open({ url: session.url, container: el, onEvent: (e) => … });
 *
 * Mounts /embed in an iframe inside `container`, or in a modal overlay when there is none.
 * Only messages from that iframe at the exact origin of `url` reach `onEvent`; commands go
 * to that origin only, never "*".
 */
(function () {
  "use strict";
  var SOURCE = "integration-center";

  function css(el, styles) {
    for (var k in styles) el.style[k] = styles[k];
    return el;
  }

  function open(opts) {
    if (!opts || !opts.url) throw new Error("IntegrationCenter.open: url is required");
    var url = new URL(opts.url, window.location.href);
    if (url.protocol !== "https:" && url.protocol !== "http:") throw new Error("IntegrationCenter.open: bad url");
    var origin = url.origin;
    var onEvent = typeof opts.onEvent === "function" ? opts.onEvent : function () {};
    var container = typeof opts.container === "string" ? document.querySelector(opts.container) : opts.container;
    var previousFocus = document.activeElement;
    var overlay = null;
    var closed = false;

    var iframe = css(document.createElement("iframe"), { border: "0", display: "block", width: "100%" });
    iframe.src = url.href;
    iframe.title = opts.title || "Connect your apps";

    function onMessage(e) {
      if (e.source !== iframe.contentWindow || e.origin !== origin) return;
      var data = e.data;
      if (!data || data.source !== SOURCE || typeof data.type !== "string") return;
      try {
        onEvent(data);
      } finally {
        if (data.type === "close" && overlay) close();
      }
    }

    function onKey(e) {
      if (e.key === "Escape") close();
    }

    function close() {
      if (closed) return;
      closed = true;
      window.removeEventListener("message", onMessage);
      document.removeEventListener("keydown", onKey);
      var root = overlay || iframe;
      if (root.parentNode) root.parentNode.removeChild(root);
      if (overlay && previousFocus && previousFocus.focus) previousFocus.focus();
    }

    window.addEventListener("message", onMessage);

    if (container) {
      iframe.style.height = opts.height || "640px";
      container.appendChild(iframe);
    } else {
      overlay = css(document.createElement("div"), {
        position: "fixed",
        inset: "0",
        zIndex: "2147483000",
        background: "rgba(15,23,42,.55)",
        display: "flex",
        alignItems: "center",
        justifyContent: "center",
        padding: "16px",
      });
      overlay.setAttribute("role", "dialog");
      overlay.setAttribute("aria-modal", "true");
      overlay.setAttribute("aria-label", iframe.title);
      var box = css(document.createElement("div"), {
        position: "relative",
        width: "100%",
        maxWidth: opts.width || "560px",
        height: "min(720px, 100%)",
        background: "#fff",
        borderRadius: "12px",
        overflow: "hidden",
        boxShadow: "0 20px 50px rgba(0,0,0,.3)",
      });
      var closeButton = css(document.createElement("button"), {
        position: "absolute",
        top: "8px",
        right: "8px",
        zIndex: "1",
        border: "0",
        borderRadius: "6px",
        padding: "4px 10px",
        background: "rgba(15,23,42,.08)",
        font: "14px system-ui,sans-serif",
        cursor: "pointer",
      });
      closeButton.type = "button";
      closeButton.textContent = "\u00d7";
      closeButton.setAttribute("aria-label", opts.closeLabel || "Close");
      closeButton.onclick = close;
      iframe.style.height = "100%";
      box.appendChild(iframe);
      box.appendChild(closeButton);
      overlay.appendChild(box);
      overlay.addEventListener("click", function (e) {
        if (e.target === overlay) close();
      });
      document.addEventListener("keydown", onKey);
      document.body.appendChild(overlay);
      iframe.focus();
    }

    return {
      iframe: iframe,
      close: close,
      /** Sends a command ({command: "theme", theme: "dark"} or {command: "refresh"}) to the embed's origin. */
      send: function (message) {
        if (closed || !iframe.contentWindow) return;
        var out = { source: SOURCE };
        for (var k in message) out[k] = message[k];
        iframe.contentWindow.postMessage(out, origin);
      },
    };
  }

  window.IntegrationCenter = { open: open, version: "1" };
})();
