// observer serve: the session's recording in the page, driven by the coding app exactly as it drives mpv.
// The app's player (observer/media/browser.py) sends mpv's JSON IPC commands through the server; this
// script carries them out on the <video> element and answers as mpv does: a reply per request id, and
// property-change (time-pos, pause, speed, duration, eof-reached), seek, playback-restart, file-loaded and
// end-file events. Times are the recording's own seconds; the app converts them to transcript time.
"use strict";

(function () {
  const REPORT_EVERY_MS = 20; // time-pos reports while playing (the app's automatic stop listens to them)
  let video = null;
  let panel = null;
  let caption = null;
  let title = "";
  let loopA = null;
  let loopB = null;
  let startAt = null; // where a load is to start, until its playback-restart
  let lastReport = 0;
  let lastTime = null;
  let ended = false;

  function event(name, fields) {
    observer.send(Object.assign({event: name}, fields || {}));
  }

  function property(name, data) {
    event("property-change", {name: name, data: data});
  }

  function showPanel(state) {
    const before = panel.className;
    panel.classList.toggle("-empty", state === "empty");
    panel.classList.toggle("-audio", state === "audio");
    if (panel.className !== before) {
      window.dispatchEvent(new Event("resize")); // the terminal refits to the room left
    }
  }

  function reply(id, data, error) {
    observer.send({request_id: id, error: error || "success", data: data === undefined ? null : data});
  }

  function reportTime(force) {
    const now = performance.now();
    const time = video.currentTime;
    if (!force && (time === lastTime || now - lastReport < REPORT_EVERY_MS)) {
      return;
    }
    lastTime = time;
    lastReport = now;
    property("time-pos", time);
  }

  function keepLoop() {
    if (loopA !== null && loopB !== null && video.currentTime >= loopB) {
      video.currentTime = loopA;
    }
  }

  function frame() {
    if (video.paused) {
      return;
    }
    keepLoop();
    reportTime(false);
    window.requestAnimationFrame(frame);
  }

  const properties = {
    "time-pos": () => {
      if (!video.currentSrc) {
        throw "property unavailable";
      }
      return video.currentTime;
    },
    "duration": () => {
      if (!isFinite(video.duration)) {
        throw "property unavailable";
      }
      return video.duration;
    },
    "pause": () => video.paused,
    "speed": () => video.playbackRate,
    "eof-reached": () => video.ended,
    "pid": () => 0,
  };

  function setProperty(name, value) {
    if (name === "pause") {
      if (value) {
        video.pause();
        return null;
      }
      return video.play().then(() => null, (error) => {
        throw "the browser would not play (" + error.name + "); click the page or press a key in it first";
      });
    }
    if (name === "speed") {
      video.playbackRate = value;
      return null;
    }
    if (name === "ab-loop-a" || name === "ab-loop-b") {
      const point = value === "no" ? null : Number(value);
      if (name === "ab-loop-a") {
        loopA = point;
      } else {
        loopB = point;
      }
      return null;
    }
    throw "property unavailable";
  }

  function load(command) {
    const start = /(?:^|,)start=([0-9.]+)/.exec(command.options || "");
    startAt = start ? parseFloat(start[1]) : null;
    loopA = loopB = null;
    title = command.title || "the session";
    video.pause();
    video.src = command.url;
    video.load();
    caption.textContent = "Loading the recording of " + title + "…";
    return null;
  }

  function quit() {
    video.pause();
    video.removeAttribute("src");
    video.load();
    video.playbackRate = 1;
    loopA = loopB = startAt = null;
    showPanel("empty");
    caption.textContent = "Open a session: its recording plays here.";
    return null;
  }

  function run(command) {
    const [name, ...args] = Array.isArray(command) ? command : [command.name];
    switch (name) {
      case "get_property":
        if (!(args[0] in properties)) {
          throw "property unavailable";
        }
        return properties[args[0]]();
      case "set_property":
        return setProperty(args[0], args[1]);
      case "observe_property":
        return null;
      case "seek":
        video.currentTime = Math.max(0, Number(args[0]));
        return null;
      case "loadfile":
        return load(command);
      case "quit":
        return quit();
      default:
        throw "unknown command " + name;
    }
  }

  async function handle(message) {
    if (message.command === undefined) {
      return;
    }
    try {
      reply(message.request_id, await run(message.command));
    } catch (error) {
      reply(message.request_id, null, String(error));
    }
  }

  function attach() {
    video.addEventListener("loadedmetadata", () => {
      const audioOnly = video.videoWidth === 0;
      showPanel(audioOnly ? "audio" : "video");
      caption.textContent = "The recording of " + title + (audioOnly ? " (sound only)" : "") + ".";
      event("file-loaded");
      property("duration", video.duration);
      if (startAt !== null && startAt > 0) {
        video.currentTime = startAt;
      } else {
        startAt = null;
        reportTime(true);
        event("playback-restart");
      }
    });
    video.addEventListener("error", () => {
      const error = video.error;
      if (error && video.getAttribute("src")) {
        event("end-file", {reason: "error", file_error: error.message || "media error " + error.code});
        caption.textContent = "The browser cannot play the recording of " + title + ".";
      }
    });
    video.addEventListener("seeking", () => {
      event("seek");
      if (ended) {
        ended = false;
        property("eof-reached", false);
      }
    });
    video.addEventListener("seeked", () => {
      startAt = null;
      reportTime(true);
      event("playback-restart");
    });
    video.addEventListener("play", () => {
      property("pause", false);
      window.requestAnimationFrame(frame);
    });
    video.addEventListener("pause", () => {
      property("pause", true);
      reportTime(true);
    });
    video.addEventListener("timeupdate", () => {
      keepLoop();
      reportTime(false);
    });
    video.addEventListener("ratechange", () => property("speed", video.playbackRate));
    video.addEventListener("durationchange", () => {
      if (isFinite(video.duration)) {
        property("duration", video.duration);
      }
    });
    video.addEventListener("ended", () => {
      ended = true;
      property("eof-reached", true);
    });
    panel.addEventListener("mousedown", (mouse) => {
      mouse.preventDefault(); // keep the keyboard in the terminal
      const input = document.querySelector(".xterm-helper-textarea");
      if (input) {
        input.focus();
      }
    });
  }

  document.addEventListener("DOMContentLoaded", () => {
    video = document.getElementById("recording");
    panel = document.getElementById("media");
    caption = document.getElementById("media-caption");
    attach();
    observer.listen(handle);
  });
})();
