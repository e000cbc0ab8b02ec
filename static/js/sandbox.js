// The live sandbox page. htmx's ws extension carries the forms and swaps the pushed
// fragments; this file adds what htmx cannot: the Ace editor and its annotations, the
// terminal's history and completion, a gentle "morph" of the cluster board so cards keep
// their element (and so their CSS transitions) from frame to frame, the d3-graphviz diagram,
// and the scrubber. Without it every form still posts and reloads the page.
(function () {
  "use strict";

  var root = document.getElementById("sandbox");
  if (!root) return;
  var socket = null;
  var editor = null;
  var checkTimer = null;
  var motion = !window.matchMedia("(prefers-reduced-motion: reduce)").matches;

  function send(data) {
    if (socket) socket.send(JSON.stringify(data));
  }

  // Every message that changes the cluster carries a client id, and is kept until the server
  // acknowledges it (it is stored by then). After a lost connection the page sends again what
  // was not acknowledged; the server answers a message it already ran from its journal.
  var QUIET = { check: true, why: true, scrub: true };
  var unacked = [];
  function clientId() {
    if (window.crypto && window.crypto.randomUUID) return window.crypto.randomUUID();
    return Date.now().toString(36) + Math.random().toString(36).slice(2);
  }
  function acknowledged() {
    var ack = document.getElementById("sandbox-ack");
    var id = ack && ack.dataset.ack;
    if (id) unacked = unacked.filter(function (m) { return m.client_id !== id; });
  }

  root.addEventListener("htmx:wsOpen", function (event) {
    socket = event.detail.socketWrapper;
    unacked.forEach(send);
    if (editor && editor.getValue().trim()) send({ action: "check", manifest: editor.getValue() });
  });

  // -- forms: which button was pressed, the editor's text, the terminal's history ----------
  var history = (root.dataset.history || "").split("\n").filter(Boolean);
  var historyAt = history.length;
  var queued = (root.dataset.commands || "").split("\n").filter(Boolean).slice(1);
  var termLine = document.getElementById("term-line");

  root.addEventListener("htmx:wsConfigSend", function (event) {
    var params = event.detail.parameters;
    delete params.csrfmiddlewaretoken;
    var trigger = event.detail.triggeringEvent;
    var button = trigger && trigger.submitter;
    if (button && button.name) {
      params[button.name] = button.value;
      if (button.dataset.speed) params.speed = button.dataset.speed;
    }
    var form = event.target.closest("form");
    if (form && form.id === "editor-form" && editor) {
      params.manifest = editor.getValue();
      clearTimeout(checkTimer);  // the apply's answer carries the diagnostics
    }
    if (form && form.id === "term-form") {
      var line = params.line || "";
      if (line.trim() && history[history.length - 1] !== line) history.push(line);
      historyAt = history.length;
      termLine.value = queued.length ? queued.shift() : "";
      document.getElementById("term-completions").textContent = "";
    }
    if (!QUIET[params.action]) {
      params.client_id = clientId();
      unacked.push(Object.assign({}, params));
    }
  });

  var resetForm = document.querySelector(".reset-form");
  if (resetForm) {
    resetForm.addEventListener("submit", function (event) {
      if (!window.confirm(resetForm.dataset.confirm)) event.preventDefault();
    });
  }

  function words() {
    var holder = document.getElementById("sandbox-words");
    return holder ? (holder.dataset.words || "").split(" ").filter(Boolean) : [];
  }

  function commonPrefix(items) {
    var first = items[0] || "";
    var end = first.length;
    items.forEach(function (item) {
      while (end && item.slice(0, end) !== first.slice(0, end)) end -= 1;
    });
    return first.slice(0, end);
  }

  if (termLine) {
    termLine.addEventListener("keydown", function (event) {
      if (event.key === "ArrowUp" && historyAt > 0) {
        historyAt -= 1;
        termLine.value = history[historyAt];
        event.preventDefault();
      } else if (event.key === "ArrowDown" && historyAt < history.length) {
        historyAt += 1;
        termLine.value = history[historyAt] || "";
        event.preventDefault();
      } else if (event.key === "Tab" && !event.shiftKey) {
        var parts = termLine.value.split(" ");
        var prefix = parts[parts.length - 1];
        if (!prefix && parts.length < 2) return;  // Tab on an empty line moves focus on
        event.preventDefault();
        var matches = words().filter(function (w, i, all) {
          return w.indexOf(prefix) === 0 && all.indexOf(w) === i;
        });
        var shown = document.getElementById("term-completions");
        if (matches.length === 1) {
          parts[parts.length - 1] = matches[0] + " ";
          shown.textContent = "";
        } else if (matches.length > 1) {
          parts[parts.length - 1] = commonPrefix(matches);
          shown.textContent = matches.slice(0, 30).join("  ");
        }
        termLine.value = parts.join(" ");
      }
    });
  }

  var termOut = document.getElementById("term-out");
  function scrollTerminal() { termOut.scrollTop = termOut.scrollHeight; }
  if (termOut) {
    new MutationObserver(scrollTerminal).observe(termOut, { childList: true });
    scrollTerminal();
  }

  // -- the editor ----------------------------------------------------------------------------
  function startEditor() {
    var host = document.getElementById("ace-editor");
    var area = document.getElementById("manifest");
    if (!window.ace || !host || !area) return;
    host.hidden = false;
    area.hidden = true;
    // Every session without Ace's syntax worker, from its first mode on: the server checks
    // the YAML, and the Content-Security-Policy allows no blob: workers.
    ace.config.setDefaultValue("session", "useWorker", false);
    editor = ace.edit(host, {
      mode: "ace/mode/yaml",
      theme: "ace/theme/chrome",
      useWorker: false,
      showLineNumbers: true,
      tabSize: 2,
      useSoftTabs: true,
      fontSize: "0.9rem",
    });
    editor.setValue(area.value, -1);
    var input = editor.textInput.getElement();
    input.setAttribute("aria-label", document.querySelector("label[for=manifest]").textContent);
    input.id = "manifest-ace";
    document.querySelector("label[for=manifest]").setAttribute("for", "manifest-ace");
    editor.session.on("change", function () {
      area.value = editor.getValue();
      clearTimeout(checkTimer);
      checkTimer = setTimeout(function () {
        send({ action: "check", manifest: editor.getValue() });
      }, 400);
    });
    if (area.value.trim()) send({ action: "check", manifest: area.value });
    showDiagnostics();
  }

  function showDiagnostics() {
    if (!editor) return;
    var items = document.querySelectorAll("#editor-diagnostics [data-line]");
    editor.session.setAnnotations(Array.prototype.map.call(items, function (li) {
      return {
        row: Math.max(+li.dataset.line - 1, 0),
        column: Math.max(+li.dataset.column - 1, 0),
        text: li.textContent,
        type: li.dataset.severity === "error" ? "error" : "warning",
      };
    }));
  }

  // -- the cluster board: keep each card's element, change its classes -----------------------
  function copyAttributes(target, source) {
    Array.prototype.slice.call(target.attributes).forEach(function (a) {
      if (a.name !== "id" && !source.hasAttribute(a.name)) target.removeAttribute(a.name);
    });
    Array.prototype.forEach.call(source.attributes, function (a) {
      if (a.name === "hx-swap-oob") return;
      if (target.getAttribute(a.name) !== a.value) target.setAttribute(a.name, a.value);
    });
  }

  function morphBoard(board, fresh) {
    copyAttributes(board, fresh);
    var oldParts = board.querySelector(".board__workloads");
    var newParts = fresh.querySelector(".board__workloads");
    if (oldParts && newParts && oldParts.innerHTML !== newParts.innerHTML) {
      oldParts.innerHTML = newParts.innerHTML;
    }
    var columns = board.querySelector(".board__columns");
    var newColumns = fresh.querySelector(".board__columns");
    var keepColumns = {};
    var seen = {};
    var moved = [];
    Array.prototype.slice.call(newColumns.children).forEach(function (newCol, index) {
      keepColumns[newCol.id] = true;
      var col = document.getElementById(newCol.id);
      var list;
      if (!col || !columns.contains(col)) {
        col = newCol.cloneNode(false);
        col.appendChild(newCol.querySelector(".node-col__title").cloneNode(true));
        list = document.createElement("ul");
        list.className = "node-col__pods";
        col.appendChild(list);
      } else {
        copyAttributes(col, newCol);
        var title = col.querySelector(".node-col__title");
        var newTitle = newCol.querySelector(".node-col__title");
        if (title.innerHTML !== newTitle.innerHTML) title.innerHTML = newTitle.innerHTML;
        list = col.querySelector(".node-col__pods");
      }
      if (columns.children[index] !== col) columns.insertBefore(col, columns.children[index] || null);
      Array.prototype.slice.call(newCol.querySelectorAll(".pod")).forEach(function (newCard, i) {
        seen[newCard.id] = true;
        var card = document.getElementById(newCard.id);
        if (card && board.contains(card) && card.parentNode === list && card.dataset.v === newCard.dataset.v
            && !card.dataset.leaving) {
          // Unchanged card (the server's digest says so): only its place may need fixing.
        } else if (card && board.contains(card)) {
          var restarted = +newCard.dataset.restarts > +card.dataset.restarts;
          if (card.parentNode !== list && motion && moved.length < 20) {
            moved.push([card, card.getBoundingClientRect()]);
          }
          delete card.dataset.leaving;
          copyAttributes(card, newCard);
          if (card.innerHTML !== newCard.innerHTML) card.innerHTML = newCard.innerHTML;
          if (restarted) {
            card.classList.add("pod--flash");
            setTimeout(function () { card.classList.remove("pod--flash"); }, 1700);
          }
        } else {
          card = newCard;
          if (motion) card.classList.add("pod--enter");
        }
        if (list.children[i] !== card) list.insertBefore(card, list.children[i] || null);
      });
    });
    Array.prototype.slice.call(columns.querySelectorAll(".pod")).forEach(function (card) {
      if (seen[card.id] || card.dataset.leaving) return;
      card.dataset.leaving = "1";
      card.classList.add("pod--leaving");
      setTimeout(function () { card.remove(); }, motion ? 400 : 0);
    });
    Array.prototype.slice.call(columns.children).forEach(function (col) {
      if (!keepColumns[col.id]) col.remove();
    });
    moved.forEach(function (pair) {
      var card = pair[0];
      var before = pair[1];
      var after = card.getBoundingClientRect();
      card.style.transition = "none";
      card.style.transform = "translate(" + (before.left - after.left) + "px," + (before.top - after.top) + "px)";
      card.getBoundingClientRect();
      card.style.transition = "";
      card.style.transform = "";
    });
  }

  document.body.addEventListener("htmx:oobBeforeSwap", function (event) {
    var target = event.detail.target;
    if (!target || target.id !== "sandbox-board") return;
    var fresh = event.detail.fragment.querySelector("#sandbox-board") || event.detail.fragment.firstElementChild;
    if (!fresh) return;
    event.detail.shouldSwap = false;
    morphBoard(target, fresh);
  });

  // -- after each message: annotations, clock, diagram, trace ----------------------------------
  document.body.addEventListener("htmx:wsAfterMessage", function () {
    acknowledged();
    showDiagnostics();
    syncClock();
    renderDiagram();
    applyStatuses();
    highlightTrace();
    fillNames();
  });

  // -- time: the clock, the speed buttons and the scrubber -------------------------------------
  var scrubber = document.getElementById("scrubber");
  var scrubbing = false;
  function syncClock() {
    var clock = document.getElementById("sandbox-clock");
    if (!clock) return;
    var speed = clock.dataset.speed;
    document.querySelectorAll(".time-controls button[name=op]").forEach(function (b) {
      var on = b.value === "play" ? b.dataset.speed === speed : (b.value === "pause" && speed === "0");
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    if (scrubber && clock.dataset.past !== "1") {
      scrubber.max = clock.dataset.now;
      if (!scrubbing) scrubber.value = clock.dataset.now;
    }
  }
  if (scrubber) {
    scrubber.closest(".scrubber").hidden = false;
    var scrubTimer = null;
    scrubber.addEventListener("input", function () {
      scrubbing = true;
      clearTimeout(scrubTimer);
      scrubTimer = setTimeout(function () { send({ action: "scrub", t: scrubber.value }); }, 200);
    });
    document.getElementById("scrub-live").addEventListener("click", function () {
      scrubbing = false;
      send({ action: "scrub", t: "live" });
    });
    syncClock();
  }
  root.addEventListener("htmx:wsConfigSend", function (event) {
    // Acting on the cluster brings the view back to now.
    if (event.detail.parameters.action !== "check") scrubbing = false;
  });

  // -- the routing diagram (reference/stack.md section 4) --------------------------------------
  var graph = document.getElementById("graph");
  var graphviz = null;
  var graphReady = false;
  var renderedDot = null;
  var rendering = false;
  var lastLayout = 0;
  var layoutTimer = null;

  function renderDiagram() {
    var source = document.getElementById("dot-src");
    if (!graph || !source || !window.d3 || !d3.select(graph).graphviz) return;
    if (!graphviz) {
      graphviz = d3.select(graph).graphviz({ useWorker: false, fit: false, zoom: false,
                                            tweenShapes: false, tweenPaths: false });
      graphviz.on("initEnd", function () { graphReady = true; renderDiagram(); });
      return;
    }
    var dot = source.textContent;
    if (!graphReady || rendering || dot === renderedDot) return;
    // At most one layout a second: a fast-playing cluster changes its picture more often.
    var wait = lastLayout + 1000 - Date.now();
    if (wait > 0) {
      clearTimeout(layoutTimer);
      layoutTimer = setTimeout(renderDiagram, wait);
      return;
    }
    lastLayout = Date.now();
    rendering = true;
    renderedDot = dot;
    graphviz
      .transition(function () { return d3.transition().duration(motion ? 300 : 0); })
      .on("end", function () {
        rendering = false;
        var svg = graph.querySelector("svg");
        if (svg) { svg.setAttribute("aria-hidden", "true"); svg.setAttribute("focusable", "false"); }
        graph.dataset.rendered = String((+graph.dataset.rendered || 0) + 1);
        applyStatuses();
        highlightTrace(true);
        renderDiagram();  // a newer topology may have arrived meanwhile
      })
      .renderDot(dot);
  }

  function applyStatuses() {
    var holder = document.getElementById("dot-status");
    if (!graph || !holder) return;
    (holder.dataset.status || "").split(" ").forEach(function (pair) {
      var cut = pair.lastIndexOf("=");
      if (cut < 0) return;
      var node = document.getElementById(pair.slice(0, cut));
      if (!node || !graph.contains(node)) return;
      Array.prototype.slice.call(node.classList).forEach(function (c) {
        if (c.indexOf("st-") === 0) node.classList.remove(c);
      });
      pair.slice(cut + 1).split(".").forEach(function (c) { if (c) node.classList.add("st-" + c); });
    });
  }

  var shownTrace = null;
  function highlightTrace(again) {
    var trace = document.getElementById("sandbox-trace");
    if (!graph || !trace || !trace.dataset.hops) return;
    var key = trace.dataset.at + " " + trace.dataset.hops;
    if (key === shownTrace && !again) return;
    shownTrace = key;
    graph.querySelectorAll(".hop").forEach(function (n) { n.classList.remove("hop"); });
    var hops = trace.dataset.hops.split(" ");
    hops.forEach(function (id, i) {
      setTimeout(function () {
        var ids = [id, i ? hops[i - 1] + "->" + id : ""];
        ids.forEach(function (one) {
          var node = one && document.getElementById(one);
          if (node && graph.contains(node)) node.classList.add("hop");
        });
      }, motion ? i * 250 : 0);
    });
  }

  function fillNames() {
    var list = document.getElementById("fault-names");
    var holder = document.getElementById("sandbox-words");
    if (!list || !holder || list.dataset.names === holder.dataset.names) return;
    list.dataset.names = holder.dataset.names;
    list.textContent = "";
    (holder.dataset.names || "").split(" ").filter(Boolean).forEach(function (name) {
      var option = document.createElement("option");
      option.value = name;
      list.appendChild(option);
    });
  }

  // A card names its pod for the fault and "why?" buttons.
  var boardHolder = document.querySelector(".sandbox-cluster");
  if (boardHolder) {
    boardHolder.addEventListener("click", function (event) {
      var card = event.target.closest(".pod");
      var target = document.getElementById("fault-target");
      if (card && target) target.value = card.dataset.pod;
    });
  }

  function start() {
    startEditor();
    renderDiagram();
    fillNames();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
