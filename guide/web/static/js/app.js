/* Ten Steps: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // Saving as you type needs this file and htmx: say so on the page only when both are here (see app.css, html.js).
  if (window.htmx) { document.documentElement.classList.add("js"); }

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
  var savers = [];  // one per form: stores what is not saved yet, for when the page ends the session (see end)
  document.querySelectorAll("form[data-save-url]").forEach(function (form) {
    var dirty = false, busy = 0, idle = [];
    form.addEventListener("input", function () { dirty = true; });
    form.addEventListener("change", function () { dirty = true; });
    form.addEventListener("submit", function () { dirty = false; });
    form.addEventListener("htmx:beforeRequest", function () { dirty = false; busy += 1; });
    form.addEventListener("htmx:afterRequest", function (event) {
      if (!event.detail.successful) { dirty = true; }
      busy = Math.max(0, busy - 1);
      if (!busy) { idle.splice(0).forEach(function (done) { done(); }); }
    });
    function fields() { return new URLSearchParams(new FormData(form)); }
    function flush() {
      if (!dirty || !navigator.sendBeacon) { return; }
      dirty = false;
      navigator.sendBeacon(form.dataset.saveUrl, fields());
    }
    window.addEventListener("pagehide", flush);
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "hidden") { flush(); }
    });
    // A beacon at pagehide would come after the session has ended: wait for a save on its way, then send the rest.
    savers.push(function () {
      return new Promise(function (done) { if (busy) { idle.push(done); } else { done(); } }).then(function () {
        if (!dirty) { return undefined; }
        dirty = false;
        return fetch(form.dataset.saveUrl, { method: "POST", body: fields(), credentials: "same-origin",
                                             redirect: "manual" }).catch(function () {});
      });
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

  // Shared PCs: warn before the session ends, then end it, so the next person at this PC sees nothing. Only the
  // person keeps it going (keys, typing, a pointer, "Continue working"), never an answer from the server: the
  // warning takes the focus from a text box, which sends a save, and that save must not push the end back.
  var body = document.body;
  var timeout = parseFloat(body.dataset.timeout || "0");
  if (!timeout) { return; }
  var warning = Math.min(parseFloat(body.dataset.warning || "120"), timeout);
  var tellEvery = parseFloat(body.dataset.presenceEvery || "60") * 1000;
  var dialog = document.getElementById("timeout-warning");
  var warnTimer, endTimer, warned = false, ending = false, toldAt = -Infinity;

  function end() {
    ending = true;
    body.classList.add("timing-out");  // also with no warning before (TENSTEPS_SESSION_WARNING_MINUTES=0)
    // Nothing typed is lost: what is not saved yet goes first (a few seconds at most; the page stays hidden).
    var saved = Promise.all(savers.map(function (save) { return save(); }));
    var late = new Promise(function (done) { setTimeout(done, 3000); });
    Promise.race([saved, late]).then(function () {
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
    });
  }

  function warn() {
    warned = true;
    body.classList.add("timing-out");  // nothing of the page behind the warning can be read (see app.css)
    if (dialog && typeof dialog.showModal === "function" && !dialog.open) { dialog.showModal(); }
  }

  // `elapsed`: milliseconds already gone since the person was last seen.
  function arm(elapsed) {
    clearTimeout(warnTimer); clearTimeout(endTimer);
    warnTimer = setTimeout(warn, (timeout - warning) * 1000 - elapsed);
    endTimer = setTimeout(end, timeout * 1000 - elapsed);
  }

  // Saves do not keep the session alive on the server (guide/journeys.py): the page tells it that the person is
  // there, at once for the first input on a page and then at most once per touch interval.
  function tell() {
    toldAt = performance.now();
    var data = new FormData();
    data.append("csrf_token", body.dataset.csrf);
    return fetch(body.dataset.keepaliveUrl, { method: "POST", body: data, credentials: "same-origin",
                                              redirect: "manual" });
  }

  // Real input, but not while the warning shows: there only its own buttons count.
  function present(event) {
    if (!event.isTrusted || warned || ending) { return; }
    arm(0);
    // The answer is not waited for: this input may be a click that leaves the page.
    if (performance.now() - toldAt >= tellEvery) { tell().catch(function () {}); }
  }
  ["keydown", "input", "pointerdown", "click"].forEach(function (type) {
    document.addEventListener(type, present, true);
  });

  function stillHere() {
    if (ending) { return; }
    warned = false;
    body.classList.remove("timing-out");  // before closing, so the focus can go back to where the person was
    if (dialog && dialog.open) { dialog.close(); }
    arm(0);
    tell().then(function (response) {
      // The session had already ended on the server (stopped in another tab, a PC that slept): leave the page.
      if (response.type === "opaqueredirect" || !response.ok) { window.location = body.dataset.endedUrl; }
    }, function () {});
  }

  if (dialog) {
    // Escape does not dismiss the warning: only "Continue working" keeps the session, and the page stays hidden
    // until then. A browser that closes it anyway gets it back.
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); });
    dialog.addEventListener("close", function () {
      if (warned && !ending && typeof dialog.showModal === "function") { dialog.showModal(); }
    });
  }
  var keep = document.querySelector("[data-keepalive]");
  if (keep) { keep.addEventListener("click", stillHere); }
  arm(performance.now());  // counted from this page's request, which is when the server last saw the person
})();
