/* Ten Steps: recording a text in the browser (editor/_recordings.html). Without this file, or without a microphone
   or MediaRecorder, each form is a plain file upload. With it, a Record button records the microphone; Stop puts the
   recording into the form's file field (and a player to listen to it), and the form's own button uploads it. */
(function () {
  "use strict";
  if (!window.MediaRecorder || !navigator.mediaDevices || !window.DataTransfer) { return; }
  var types = ["audio/ogg;codecs=opus", "audio/webm;codecs=opus", "audio/webm"];
  var type = types.filter(function (t) { return MediaRecorder.isTypeSupported(t); })[0];
  if (!type) { return; }
  var extension = type.indexOf("ogg") >= 0 ? "ogg" : "webm";

  document.querySelectorAll("form[data-recorder]").forEach(function (form) {
    var box = form.querySelector(".recorder");
    var input = form.querySelector("input[type=file]");
    var button = document.createElement("button");
    var status = document.createElement("p");
    var recorder = null, chunks = [];
    button.type = "button";
    button.className = "button button-secondary";
    button.textContent = box.dataset.start;
    button.setAttribute("aria-pressed", "false");
    status.setAttribute("role", "status");
    box.appendChild(button);
    box.appendChild(status);
    box.hidden = false;

    function done() {
      var blob = new Blob(chunks, {type: type});
      var file = new File([blob], "recording." + extension, {type: type.split(";")[0]});
      var files = new DataTransfer();
      files.items.add(file);
      input.files = files.files;
      var old = box.querySelector("audio");
      if (old) { old.remove(); }
      var player = document.createElement("audio");
      player.controls = true;
      player.src = URL.createObjectURL(blob);
      player.setAttribute("aria-label", box.dataset.done);
      box.appendChild(player);
      status.textContent = box.dataset.done;
    }

    button.addEventListener("click", function () {
      if (recorder && recorder.state === "recording") {
        recorder.stop();
        return;
      }
      navigator.mediaDevices.getUserMedia({audio: true}).then(function (stream) {
        chunks = [];
        recorder = new MediaRecorder(stream, {mimeType: type});
        recorder.addEventListener("dataavailable", function (event) { chunks.push(event.data); });
        recorder.addEventListener("stop", function () {
          stream.getTracks().forEach(function (track) { track.stop(); });
          button.textContent = box.dataset.start;
          button.setAttribute("aria-pressed", "false");
          done();
        });
        recorder.start();
        button.textContent = box.dataset.stop;
        button.setAttribute("aria-pressed", "true");
        status.textContent = "";
      }).catch(function () { status.textContent = box.dataset.denied; });
    });
  });
}());
