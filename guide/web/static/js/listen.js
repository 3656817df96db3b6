/* Ten Steps: the Listen controls (macros.html, listen). Without this file each is a disclosure with two native
   players. With it, each becomes a Listen and a Slower button playing the page's one player, and the sentence being
   read is highlighted on the page (the CSS Custom Highlight API; where a browser lacks it, only the sound). Where no
   file was made for a text, the browser's own speech reads it, if it has any. */
(function () {
  "use strict";
  var controls = document.querySelectorAll("details[data-listen]");
  if (!controls.length) { return; }
  var player = document.createElement("audio");
  player.id = "listen-player";
  player.preload = "none";
  document.body.appendChild(player);
  var current = null;  // {button, details, timings}
  var highlights = window.CSS && CSS.highlights && window.Highlight ? CSS.highlights : null;

  function clearHighlight() { if (highlights) { highlights.delete("listen"); } }

  function textNodes(details) {
    var nodes = [];
    details.dataset.listen.split(" ").forEach(function (id) {
      var root = document.getElementById(id);
      if (!root) { return; }
      var walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT, {
        acceptNode: function (node) {
          return node.parentElement.closest("details.listen, .listen-buttons") ? NodeFilter.FILTER_REJECT
            : NodeFilter.FILTER_ACCEPT;
        }
      });
      while (walker.nextNode()) { nodes.push(walker.currentNode); }
    });
    return nodes;
  }

  // Where each sentence is on the page: the page's text with runs of spaces made one, searched in order.
  function rangesFor(details, sentences) {
    var flat = "", map = [], space = true;
    textNodes(details).forEach(function (node) {
      var text = node.data;
      for (var i = 0; i < text.length; i++) {
        var blank = /\s/.test(text[i]);
        if (blank && space) { continue; }
        flat += blank ? " " : text[i];
        map.push([node, i]);
        space = blank;
      }
      if (!space) { flat += " "; map.push([node, text.length]); space = true; }
    });
    var from = 0;
    return sentences.map(function (sentence) {
      var at = flat.indexOf(sentence.text, from);
      if (at < 0) { return null; }
      from = at + sentence.text.length;
      var range = document.createRange();
      var start = map[at], end = map[from - 1];
      range.setStart(start[0], start[1]);
      range.setEnd(end[0], end[1] + 1);
      return range;
    });
  }

  function highlight() {
    if (!highlights || !current || !current.timings) { return; }
    var t = player.currentTime, shown = null;
    current.timings.forEach(function (sentence, i) {
      if (t >= sentence.start && t <= sentence.end + 0.35) { shown = current.ranges[i]; }
    });
    if (shown) { highlights.set("listen", new Highlight(shown)); } else { clearHighlight(); }
  }

  function stop() {
    if (current) { current.button.setAttribute("aria-pressed", "false"); }
    clearHighlight();
    current = null;
  }

  function speakInstead(details) {
    if (!window.speechSynthesis) { return; }
    var text = textNodes(details).map(function (node) { return node.data; }).join(" ");
    var utterance = new SpeechSynthesisUtterance(text);
    utterance.lang = details.dataset.lang;
    window.speechSynthesis.cancel();
    window.speechSynthesis.speak(utterance);
  }

  function play(details, button, src, rate) {
    if (current && current.button === button && !player.paused) { player.pause(); stop(); return; }
    stop();
    current = {button: button, details: details, timings: null, ranges: []};
    button.setAttribute("aria-pressed", "true");
    var mine = current;
    if (details.dataset.highlight !== "off") {  // a partner's recording has no timings: nothing is highlighted
      fetch(src.replace(/\.ogg$/, ".json")).then(function (response) {
        return response.ok ? response.json() : null;
      }).then(function (timings) {
        if (timings && mine === current) { mine.timings = timings; mine.ranges = rangesFor(details, timings); }
      }).catch(function () {});
    }
    player.src = src;
    player.defaultPlaybackRate = rate;
    player.playbackRate = rate;
    player.play().catch(function () { if (mine === current) { stop(); speakInstead(details); } });
  }

  player.addEventListener("timeupdate", highlight);
  player.addEventListener("ended", stop);

  controls.forEach(function (details) {
    var audios = details.querySelectorAll("audio");
    var recorded = details.dataset.recorded;  // one recording, played slower by the player itself
    var labels = [details.querySelector("summary").textContent,
      recorded ? details.dataset.slower : details.querySelectorAll("p")[1].textContent];
    var row = document.createElement("span");
    row.className = "listen-buttons";
    [0, 1].forEach(function (i) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "listen-button" + (i ? " listen-slower" : "");
      button.textContent = labels[i];
      button.setAttribute("aria-pressed", "false");
      button.addEventListener("click", function () {
        play(details, button, recorded || audios[i].getAttribute("src"), recorded && i ? 0.75 : 1);
      });
      row.appendChild(button);
    });
    details.hidden = true;
    details.parentNode.insertBefore(row, details);
  });
}());
