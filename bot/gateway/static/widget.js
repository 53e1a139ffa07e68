/* Berufslotse chat widget: plain JavaScript, no build step, no third-party requests.
 * Lives in a shadow root so the host page's CSS cannot break it (and it cannot break the page).
 * Message text is only ever inserted as text nodes – never as HTML. */
(function () {
  "use strict";
  var SVG = "http://www.w3.org/2000/svg";
  var TEXT = {
    open: "Chat mit dem Berufslotsen öffnen", close: "Chat schließen", title: "Berufslotse",
    input: "Deine Nachricht", placeholder: "Frag mich etwas …", send: "Senden", restart: "Neues Gespräch",
    typing: "Berufslotse schreibt …", you: "Du", bot: "Berufslotse", retry: "Erneut versuchen",
    offline: "Ich bin gerade nicht erreichbar. Bitte versuch es gleich noch einmal.",
    network: "Keine Verbindung zum Berufslotsen. Prüfe deine Internetverbindung und versuch es erneut.",
    refused: "Der Chat ist auf dieser Website nicht freigeschaltet.",
    stored: function (days) {
      return "Dieses Gespräch (deine Nachrichten und meine Antworten) wird " + days +
        " Tage gespeichert und dann automatisch gelöscht.";
    },
    privacy: "Datenschutz", erase: "Verlauf löschen",
    eraseQuestion: "Dein Verlauf wird hier und auf dem Server sofort gelöscht. Wirklich löschen?",
    eraseYes: "Ja, löschen", eraseNo: "Abbrechen", erased: "Dein Verlauf wurde gelöscht.",
    eraseFailed: "Der Verlauf konnte gerade nicht gelöscht werden. Bitte versuch es gleich noch einmal."
  };

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") { node.textContent = attrs[name]; } else { node.setAttribute(name, attrs[name]); }
    });
    (children || []).forEach(function (child) { if (child) { node.appendChild(child); } });
    return node;
  }

  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    Object.keys(attrs || {}).forEach(function (name) { node.setAttribute(name, attrs[name]); });
    return node;
  }

  /* "**fett**" becomes <strong>, URLs become links opening in a new tab – all as DOM nodes. */
  function inline(parent, text) {
    var parts = text.split("**");
    parts.forEach(function (part, index) {
      var target = index % 2 === 1 ? parent.appendChild(el("strong")) : parent;
      var url = /(https?:\/\/[^\s)]+)/g, last = 0, match;
      while ((match = url.exec(part)) !== null) {
        target.appendChild(document.createTextNode(part.slice(last, match.index)));
        target.appendChild(el("a", { href: match[1], target: "_blank", rel: "noopener noreferrer", text: match[1] }));
        last = match.index + match[1].length;
      }
      target.appendChild(document.createTextNode(part.slice(last)));
    });
  }

  function richText(text) {
    var box = el("div", { "class": "text" }), list = null;
    text.split("\n").forEach(function (line) {
      if (line.indexOf("• ") === 0) {
        if (!list) { list = box.appendChild(el("ul")); }
        inline(list.appendChild(el("li")), line.slice(2));
      } else if (line.trim()) {
        list = null;
        inline(box.appendChild(el("p")), line);
      }
    });
    return box;
  }

  function number(value) { return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, "."); }
  function euro(value) { return number(value) + " €"; }
  function range(b) {
    if (b.min != null && b.max != null && b.min !== b.max) { return number(b.min) + "–" + euro(b.max); }
    if (b.min == null) { return "bis " + euro(b.max); }
    return b.max == null ? "ab " + euro(b.min) : euro(b.max);
  }

  /* Salary ranges as a small horizontal bar chart; the text alternative sits right beside it. */
  function chart(data) {
    var bars = data.bars || [], width = 300, row = 34, left = 0, top = 8;
    var values = [];
    bars.forEach(function (b) { [b.min, b.max, b.marker].forEach(function (v) { if (typeof v === "number") { values.push(v); } }); });
    var top_value = Math.max.apply(null, values.concat([1])) * 1.08;
    var scale = function (v) { return left + (v / top_value) * (width - left - 8); };
    var figure = el("figure", { "class": "chart" });
    var drawing = svg("svg", { viewBox: "0 0 " + width + " " + (bars.length * row + top + 8), role: "img",
      "aria-label": data.alt || data.title, focusable: "false" });
    var title = svg("title"); title.textContent = data.alt || data.title; drawing.appendChild(title);
    bars.forEach(function (b, i) {
      var y = top + i * row;
      var label = svg("text", { x: 0, y: y + 9, "class": "label" });
      label.textContent = b.label + ": " + range(b);
      drawing.appendChild(label);
      var from = b.min != null ? b.min : 0, to = b.max != null ? b.max : top_value;
      drawing.appendChild(svg("rect", { x: scale(from), y: y + 14, width: Math.max(3, scale(to) - scale(from)), height: 12, rx: 3,
        "class": "bar" + (b.min == null || b.max == null ? " open" : "") }));
      if (typeof b.marker === "number") {
        drawing.appendChild(svg("line", { x1: scale(b.marker), x2: scale(b.marker), y1: y + 11, y2: y + 29, "class": "marker" }));
      }
    });
    figure.appendChild(drawing);
    var caption = el("figcaption", { text: data.title + (data.unit ? " (" + data.unit + ")" : "") });
    if (bars.some(function (b) { return typeof b.marker === "number"; })) {
      caption.appendChild(document.createTextNode(" – Strich: " + (bars[0].marker_label || "Mindestwert")));
    }
    figure.appendChild(caption);
    return figure;
  }

  function clock(date) {
    return el("time", { datetime: date.toISOString(), text: date.toLocaleTimeString("de-DE", { hour: "2-digit", minute: "2-digit" }) });
  }

  function mount(options) {
    var base = options.base, key = options.portalKey, storeKey = "berufslotse:" + key;
    var host = el("div", { "class": "berufslotse-host" });
    document.body.appendChild(host);
    var root = host.attachShadow({ mode: "open" });
    root.appendChild(el("link", { rel: "stylesheet", href: base + "/static/widget.css" }));

    var launcher = el("button", { type: "button", "class": "launcher", "aria-expanded": "false", "aria-controls": "bl-panel",
      "aria-label": TEXT.open });
    launcher.appendChild(el("span", { "class": "launcher-icon", "aria-hidden": "true", text: "💬" }));
    launcher.appendChild(el("span", { "class": "launcher-text", text: TEXT.title }));
    var closeButton = el("button", { type: "button", "class": "icon", "aria-label": TEXT.close, text: "×" });
    var restartButton = el("button", { type: "button", "class": "restart", text: TEXT.restart });
    var heading = el("h2", { id: "bl-title", text: TEXT.title });
    var log = el("div", { "class": "log", role: "log", "aria-live": "polite", "aria-relevant": "additions", "aria-labelledby": "bl-title", tabindex: "0" });
    var typing = el("div", { "class": "typing", role: "status", hidden: "" }, [el("span", { "class": "dots", "aria-hidden": "true" }), el("span", { text: TEXT.typing })]);
    var input = el("input", { id: "bl-input", type: "text", autocomplete: "off", maxlength: "1000", placeholder: TEXT.placeholder });
    var sendButton = el("button", { type: "submit", "class": "send", text: TEXT.send });
    var form = el("form", { "class": "composer" }, [el("label", { "for": "bl-input", "class": "sr-only", text: TEXT.input }), input, sendButton]);
    // what is stored and for how long, with the portal's privacy link and "Verlauf löschen" (confirmed first)
    var noticeText = el("span", { "class": "notice-text" });
    var privacyLink = el("a", { "class": "privacy-link", target: "_blank", rel: "noopener noreferrer", text: TEXT.privacy, hidden: "" });
    var eraseButton = el("button", { type: "button", "class": "erase", text: TEXT.erase });
    var notice = el("p", { "class": "notice", hidden: "" }, [noticeText, document.createTextNode(" "), privacyLink,
      document.createTextNode(" "), eraseButton]);
    var eraseYes = el("button", { type: "button", "class": "erase-yes", text: TEXT.eraseYes });
    var eraseNo = el("button", { type: "button", "class": "erase-no", text: TEXT.eraseNo });
    var confirmBox = el("div", { "class": "confirm", role: "alertdialog", "aria-modal": "false", "aria-labelledby": "bl-erase-q", hidden: "" },
      [el("p", { id: "bl-erase-q", text: TEXT.eraseQuestion }), el("div", { "class": "confirm-actions" }, [eraseYes, eraseNo])]);
    var panel = el("section", { id: "bl-panel", "class": "panel", role: "dialog", "aria-labelledby": "bl-title", hidden: "" },
      [el("header", {}, [heading, restartButton, closeButton]), log, typing, form, notice, confirmBox]);
    root.appendChild(launcher);
    root.appendChild(panel);

    var state = { session: null, history: [], portal: null, busy: false, opened: false };

    function save() {
      if (!state.opened) { return; }
      try { sessionStorage.setItem(storeKey, JSON.stringify({ session: state.session, history: state.history.slice(-60) })); } catch (e) { /* storage full or blocked */ }
    }

    function scrollDown() { log.scrollTop = log.scrollHeight; }

    function render(entry) {
      var who = entry.from === "user" ? TEXT.you : TEXT.bot;
      var bubble = el("div", { "class": "msg " + entry.from });
      bubble.appendChild(el("span", { "class": "sr-only", text: who + ": " }));
      if (entry.text) { bubble.appendChild(richText(entry.text)); }
      if (entry.chart) { bubble.appendChild(chart(entry.chart)); }
      if (entry.error) {
        bubble.classList.add("error");
        if (entry.retry) {
          var retry = el("button", { type: "button", "class": "retry", text: TEXT.retry });
          retry.addEventListener("click", function () { bubble.remove(); send(entry.retry.text, entry.retry.payload, true); });
          bubble.appendChild(retry);
        }
      }
      bubble.appendChild(clock(new Date(entry.at)));
      log.appendChild(bubble);
      if (entry.buttons && entry.buttons.length) {
        var group = el("div", { "class": "quick", role: "group", "aria-label": "Vorschläge" });
        entry.buttons.forEach(function (b) {
          var button = el("button", { type: "button", text: b.title });
          button.addEventListener("click", function () { send(b.title, b.payload); });
          group.appendChild(button);
        });
        log.appendChild(group);
      }
      scrollDown();
    }

    function add(entry, persist) {
      entry.at = entry.at || Date.now();
      if (persist !== false) { state.history.push(entry); save(); }
      render(entry);
    }

    // a quick reply sends the opaque token the gateway issued for it; typed text goes as text
    function send(text, payload, isRetry) {
      if (!(payload || text) || state.busy) { return; }
      var body = payload ? { button: payload } : { message: text };
      if (state.session) { body.session_id = state.session; }
      if (!isRetry) { add({ from: "user", text: text }); }
      state.busy = true; typing.hidden = false; sendButton.disabled = true; scrollDown();
      fetch(base + "/api/v1/chat", {
        method: "POST", headers: { "Content-Type": "application/json", "X-Portal-Key": key },
        body: JSON.stringify(body)
      }).then(function (response) {
        return response.json().catch(function () { return {}; }).then(function (body) { return { status: response.status, body: body }; });
      }).then(function (result) {
        if (result.status === 200) {
          state.session = result.body.session_id;
          (result.body.messages || []).forEach(function (m) { add({ from: "bot", text: m.text, buttons: m.buttons, chart: m.chart }); });
        } else {
          var error = (result.body && result.body.error) || {};
          var retryable = result.status === 503 || result.status === 429 || result.status >= 500;
          add({ from: "bot", error: true, text: result.status === 503 ? TEXT.offline : (error.message || TEXT.offline),
            retry: retryable ? { text: text, payload: payload } : null }, false);
        }
      }).catch(function () {
        add({ from: "bot", error: true, text: TEXT.network, retry: { text: text, payload: payload } }, false);
      }).then(function () {
        state.busy = false; typing.hidden = true; sendButton.disabled = false;
      });
    }

    function greet() {
      var greeting = state.portal && state.portal.greeting;
      if (greeting) { add({ from: "bot", text: greeting }, false); }
    }

    function open() {
      if (!state.opened) {
        state.opened = true;
        try {
          var stored = JSON.parse(sessionStorage.getItem(storeKey) || "null");
          if (stored) { state.session = stored.session; state.history = stored.history || []; }
        } catch (e) { /* ignore broken storage */ }
        greet();
        state.history.forEach(function (entry) { render(entry); });
      }
      panel.hidden = false;
      launcher.setAttribute("aria-expanded", "true");
      launcher.hidden = true;
      input.focus();
      scrollDown();
    }

    function close() {
      panel.hidden = true;
      launcher.hidden = false;
      launcher.setAttribute("aria-expanded", "false");
      launcher.focus();
    }

    function restart() {
      state.session = null; state.history = [];
      try { sessionStorage.removeItem(storeKey); } catch (e) { /* ignore */ }
      while (log.firstChild) { log.removeChild(log.firstChild); }
      greet();
      input.focus();
    }

    function askErase() {
      confirmBox.hidden = false; notice.hidden = true;
      eraseNo.focus();
    }

    function closeErase(focusTarget) {
      confirmBox.hidden = true; notice.hidden = false;
      (focusTarget || eraseButton).focus();
    }

    // deletes the conversation on the server (tracker store and session), then here
    function erase() {
      var session = state.session;
      eraseYes.disabled = true;
      var done = function () {
        eraseYes.disabled = false;
        closeErase(input);
        restart();
        add({ from: "bot", text: TEXT.erased }, false);
      };
      if (!session) { done(); return; }
      var failed = function (message) {
        eraseYes.disabled = false;
        closeErase();
        add({ from: "bot", error: true, text: message }, false);
      };
      fetch(base + "/api/v1/sessions/" + encodeURIComponent(session), { method: "DELETE", headers: { "X-Portal-Key": key } })
        .then(function (response) {
          if (response.status === 204 || response.status === 404) { done(); return; }  // 404: nothing stored (any more)
          return response.json().catch(function () { return {}; }).then(function (body) {
            failed((body.error && body.error.message) || TEXT.eraseFailed);
          });
        }, function () { failed(TEXT.network); });
    }

    launcher.addEventListener("click", open);
    closeButton.addEventListener("click", close);
    restartButton.addEventListener("click", restart);
    eraseButton.addEventListener("click", askErase);
    eraseNo.addEventListener("click", function () { closeErase(); });
    eraseYes.addEventListener("click", erase);
    confirmBox.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { event.preventDefault(); event.stopPropagation(); closeErase(); }
    });
    panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { event.preventDefault(); close(); } });
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (text) { input.value = ""; send(text); }
    });

    fetch(base + "/api/v1/portal", { headers: { "X-Portal-Key": key } }).then(function (response) {
      if (!response.ok) { throw new Error(String(response.status)); }
      return response.json();
    }).then(function (portal) {
      state.portal = portal;
      heading.textContent = portal.name || TEXT.title;
      var theme = portal.theme || {};
      if (theme.primary) { host.style.setProperty("--bl-primary", theme.primary); }
      if (theme.on_primary) { host.style.setProperty("--bl-on-primary", theme.on_primary); }
      if (portal.retention_days) {
        noticeText.textContent = TEXT.stored(portal.retention_days);
        notice.hidden = false;
      }
      if (portal.privacy_url) {
        privacyLink.setAttribute("href", portal.privacy_url.charAt(0) === "/" ? base + portal.privacy_url : portal.privacy_url);
        privacyLink.hidden = false;
      }
    }).catch(function () {
      launcher.disabled = true;
      launcher.setAttribute("title", TEXT.refused);
    });
  }

  window.Berufslotse = { mount: mount };
})();
