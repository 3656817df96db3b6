/* Ten Steps: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // Print buttons are shown only when they can work.
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });

  // Move focus to an error summary so screen-reader and keyboard users meet it first.
  var summary = document.querySelector("[data-autofocus]");
  if (summary) { summary.focus(); }

  // Save as you go waits for a pause in typing; a person who leaves the page in that pause (a link, the
  // back button, closing the tab) must not lose what they typed, so the last changes go out as a beacon.
  document.querySelectorAll("form[data-save-url]").forEach(function (form) {
    var dirty = false;
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    form.addEventListener("htmx:beforeRequest", function () { dirty = false; });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (!event.detail.successful) { dirty = true; }
    });
    function flush() {
      if (!dirty || !navigator.sendBeacon) { return; }
      dirty = false;
      navigator.sendBeacon(form.dataset.saveUrl, new URLSearchParams(new FormData(form)));
    }
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(); }
    });
  });

  // htmx leaves 4xx answers unswapped; ours carry a message meant for the page: a form's errors (422), or a
  // notice the server aimed at <main> itself (HX-Retarget).
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var xhr = event.detail.xhr;
    if (xhr.status === 422 || (xhr.status >= 400 && xhr.status < 500 && xhr.getResponseHeader("HX-Retarget"))) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });

  // After the self-assessment swaps in the next question, put focus on it, as a new page load would do.
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var flow = document.getElementById("assessment-flow");
    var target = flow && (flow.querySelector("[data-autofocus]") || flow.querySelector("[data-swap-focus]"));
    if (!flow && event.detail.target && event.detail.target.id === "main") { target = event.detail.target; }
    if (target) { target.focus(); }
  });

  // Shared PCs: warn before the session ends, then leave the page so nobody else sees it.
  var body = document.body;
  var timeout = parseInt(body.dataset.timeout || "0", 10);
  if (!timeout) { return; }
  var warning = Math.min(parseInt(body.dataset.warning || "120", 10), timeout);
  var dialog = document.getElementById("timeout-warning");
  var warnTimer, endTimer;

  function end() {
    var form = document.createElement("form");
    form.method = "post";
    form.action = body.dataset.endedUrl.split("?")[0].replace(/\/$/, "") + "/stop";
    [["csrf_token", body.dataset.csrf], ["reason", "timeout"]].forEach(function (pair) {
      var input = document.createElement("input");
      input.type = "hidden"; input.name = pair[0]; input.value = pair[1];
      form.appendChild(input);
    });
    document.body.appendChild(form);
    form.submit();
  }

  function arm() {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(function () {
      if (dialog && typeof dialog.showModal === "function" && !dialog.open) { dialog.showModal(); }
    }, (timeout - warning) * 1000);
    endTimer = setTimeout(end, timeout * 1000);
  }

  function keepAlive() {
    var data = new FormData();
    data.append("csrf_token", body.dataset.csrf);
    fetch(body.dataset.keepaliveUrl, { method: "POST", body: data, credentials: "same-origin" })
      .then(function (response) {
        if (response.redirected || response.status >= 400) { window.location = body.dataset.endedUrl; }
      });
    if (dialog && dialog.open) { dialog.close(); }
    arm();
  }

  var keep = document.querySelector("[data-keepalive]");
  if (keep) { keep.addEventListener("click", keepAlive); }
  document.body.addEventListener("htmx:afterRequest", arm);
  arm();
})();
