// The lab editor of the authoring area. Without this file every form still works: the page
// shows one file in a textarea and each button posts and reloads. With it, all the lab's files
// live in the page (one Ace session each), switching files keeps unsaved edits, every form
// sends all the files, and a debounced live check shows the server's problems as Ace
// annotations on their file and line.
(function () {
  "use strict";

  var root = document.getElementById("lab-editor");
  var data = document.getElementById("lab-files");
  if (!root || !data) return;
  var files = JSON.parse(data.textContent);
  var editable = root.dataset.editable === "1";
  var current = root.dataset.current;
  var sessions = {};
  var editor = null;
  var dirty = false;
  var timer = null;
  var csrf = JSON.parse(document.body.getAttribute("hx-headers") || "{}")["X-CSRFToken"] || "";

  function modeFor(name) {
    return /\.ya?ml$/.test(name) ? "ace/mode/yaml" : "ace/mode/text";
  }

  function sessionFor(name) {
    if (!sessions[name]) {
      sessions[name] = ace.createEditSession(files[name] || "", modeFor(name));
      sessions[name].setTabSize(2);
      sessions[name].setUseSoftTabs(true);
      sessions[name].on("change", function () {
        files[name] = sessions[name].getValue();
        changed();
      });
    }
    return sessions[name];
  }

  function changed() {
    dirty = true;
    var note = document.getElementById("dirty-note");
    if (note) note.textContent = note.dataset.text || "";
    clearTimeout(timer);
    timer = setTimeout(check, 500);
  }

  // -- the live check: POST every file, swap in the problems, annotate -------------------------
  function check() {
    var body = new FormData();
    body.append("files", JSON.stringify(files));
    fetch(root.dataset.checkUrl, {
      method: "POST", body: body, credentials: "same-origin",
      headers: { "X-CSRFToken": csrf, "HX-Request": "true" },
    }).then(function (response) {
      // Signed out meanwhile (a redirect to the login page): leave the last problems shown.
      return response.ok && !response.redirected ? response.text() : null;
    }).then(function (html) {
      if (html === null) return;
      var old = document.getElementById("lab-problems");
      var box = document.createElement("div");
      box.innerHTML = html.trim();
      if (old && box.firstElementChild) old.replaceWith(box.firstElementChild);
      annotate();
    }).catch(function () { /* offline: the next change tries again */ });
  }

  function annotate() {
    var items = document.querySelectorAll("#lab-problems li[data-file]");
    var byFile = {};
    Array.prototype.forEach.call(items, function (li) {
      var file = li.dataset.file;
      (byFile[file] = byFile[file] || []).push({
        row: Math.max((+li.dataset.line || 1) - 1, 0),
        column: 0,
        text: li.textContent,
        type: "error",
      });
    });
    Object.keys(sessions).forEach(function (name) {
      sessions[name].setAnnotations(byFile[name] || []);
    });
    document.querySelectorAll("#file-list a[data-file]").forEach(function (a) {
      a.classList.toggle("teach-file--problem", !!byFile[a.dataset.file]);
    });
  }

  // -- switching files without losing edits ----------------------------------------------------
  function show(name) {
    current = name;
    editor.setSession(sessionFor(name));
    document.getElementById("file-name").textContent = name;
    document.querySelectorAll("input[name=current], input[name=path]").forEach(function (input) {
      input.value = name;
    });
    document.querySelectorAll("#file-list a[data-file]").forEach(function (a) {
      if (a.dataset.file === name) a.setAttribute("aria-current", "true");
      else a.removeAttribute("aria-current");
    });
    document.querySelectorAll("[data-template]").forEach(function (button) {
      button.textContent = button.dataset.template.replace("__NAME__", name);
      button.hidden = name === "lab.yaml";
    });
    annotate();
  }

  function start() {
    var host = document.getElementById("ace-editor");
    var area = document.getElementById("lab-text");
    if (!window.ace || !host || !area) return;
    if (!(current in files)) files[current] = area.value;
    host.hidden = false;
    area.hidden = true;
    // Every session without Ace's syntax worker, from its first mode on: the server checks
    // the YAML, and the Content-Security-Policy allows no blob: workers.
    ace.config.setDefaultValue("session", "useWorker", false);
    editor = ace.edit(host, {
      theme: "ace/theme/chrome",
      useWorker: false,
      showLineNumbers: true,
      fontSize: "0.9rem",
      readOnly: !editable,
    });
    var input = editor.textInput.getElement();
    var label = document.querySelector("label[for=lab-text]");
    input.setAttribute("aria-label", label.textContent);
    input.id = "lab-text-ace";
    label.setAttribute("for", "lab-text-ace");
    show(current);
    document.getElementById("file-list").addEventListener("click", function (event) {
      var link = event.target.closest("a[data-file]");
      if (!link) return;
      event.preventDefault();
      show(link.dataset.file);
      editor.focus();
    });
  }

  // -- every form sends every file -------------------------------------------------------------
  document.querySelectorAll("form[data-lab-form]").forEach(function (form) {
    form.addEventListener("submit", function () {
      var field = form.querySelector("input[name=files]");
      if (field && editor) field.value = JSON.stringify(files);
      if (!form.hasAttribute("hx-post")) dirty = false;
    });
  });
  document.body.addEventListener("htmx:configRequest", function (event) {
    if (editor && event.detail.elt.closest && event.detail.elt.closest("form[data-lab-form]")) {
      event.detail.parameters.files = JSON.stringify(files);
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty && editable) {
      event.preventDefault();
      event.returnValue = root.dataset.confirmLeave;
    }
  });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
  if (editable) annotate();
})();
