// observer serve: the app page's own script. It opens the page's channel to the server (the recording's
// commands, file downloads), shows why the app ended, and hands keyboard focus to the terminal.
"use strict";

window.observer = (function () {
  const listeners = [];
  let socket = null;
  let ended = null; // [code, reason] of the channel's close, when the server closed it

  function websocketUrl(path) {
    const url = new URL(path, window.location.href);
    url.protocol = url.protocol === "https:" ? "wss:" : "ws:";
    return url.href;
  }

  function send(message) {
    if (socket && socket.readyState === WebSocket.OPEN) {
      socket.send(JSON.stringify(message));
    }
  }

  function download(url) {
    const link = document.createElement("a");
    link.href = url;
    link.download = "";
    document.body.appendChild(link);
    link.click();
    link.remove();
  }

  function connect() {
    socket = new WebSocket(websocketUrl(document.body.dataset.channel));
    socket.addEventListener("message", (event) => {
      let message;
      try {
        message = JSON.parse(event.data);
      } catch (error) {
        return;
      }
      if (message.event === "observer-download") {
        download(message.url);
        return;
      }
      listeners.forEach((listener) => listener(message));
    });
    socket.addEventListener("close", (event) => {
      if (event.code >= 4000) {
        ended = [event.code, event.reason];
        showEnded();
      }
    });
  }

  function showEnded() {
    const text = document.getElementById("closed-message");
    if (ended && text) {
      text.textContent = ended[1].charAt(0).toUpperCase() + ended[1].slice(1) + ".";
    }
    if (ended && ended[0] === 4401) {
      window.setTimeout(() => window.location.assign("/login"), 1500);
    }
  }

  function watchBody() {
    const body = document.body;
    new MutationObserver(() => {
      if (body.classList.contains("-closed")) {
        showEnded();
      }
      if (body.classList.contains("-first-byte") && !body.dataset.focused) {
        body.dataset.focused = "yes";
        const input = document.querySelector(".xterm-helper-textarea");
        if (input) {
          input.focus();
        }
      }
    }).observe(body, {attributes: true, attributeFilter: ["class"]});
  }

  document.addEventListener("DOMContentLoaded", () => {
    const terminal = document.getElementById("terminal");
    terminal.dataset.sessionWebsocketUrl = websocketUrl(terminal.dataset.sessionWebsocketUrl);
    document.getElementById("reopen").addEventListener("click", () => window.location.reload());
    watchBody();
    connect();
  });

  return {
    send: send,
    listen: (listener) => listeners.push(listener),
  };
})();
