/* The reply tools on the case change page (templates/admin/cases/reply_tools.html): insert
   a saved reply or FAQ article at the cursor of the reply box, and preview the email the
   customer gets. URLs, the CSRF token and the wording come from the container's data
   attributes, rendered by the server, so no script or style is inline (strict CSP).
   The FAQ button is a plain submit button and works without this script. */
(function () {
  "use strict";

  function init(root) {
    var textarea = document.getElementById(root.dataset.textarea);
    var language = document.getElementById("reply-tools-language");
    var select = document.getElementById("reply-tools-snippet");
    var insert = document.getElementById("reply-tools-insert");
    var previewButton = document.getElementById("reply-tools-preview");
    var panel = document.getElementById("reply-tools-preview-panel");
    var status = document.getElementById("reply-tools-status");
    var snippets = [];

    function say(text) { status.textContent = text || ""; }

    function option(value, text) {
      var node = document.createElement("option");
      node.value = value;
      node.textContent = text;
      return node;
    }

    function fill(list) {
      var placeholder = select.options[0];
      select.textContent = "";
      select.appendChild(placeholder);
      snippets = list;
      var groups = { reply: null, article: null };
      var labels = { reply: root.dataset.repliesLabel, article: root.dataset.articlesLabel };
      list.forEach(function (snippet, index) {
        if (!groups[snippet.kind]) {
          groups[snippet.kind] = document.createElement("optgroup");
          groups[snippet.kind].label = labels[snippet.kind] || snippet.kind;
          select.appendChild(groups[snippet.kind]);
        }
        var label = snippet.title + (snippet.kind === "reply" ? " (" + snippet.language + ")" : "");
        groups[snippet.kind].appendChild(option(String(index), label));
      });
      select.disabled = list.length === 0;
      insert.disabled = true;
      say(list.length === 0 ? root.dataset.empty : "");
    }

    function load() {
      var url = root.dataset.snippetsUrl;
      if (language.value) { url += "?language=" + encodeURIComponent(language.value); }
      say(root.dataset.loading);
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.json();
        })
        .then(function (data) { fill(data.snippets || []); })
        .catch(function () { say(root.dataset.error); });
    }

    function insertAtCursor(text) {
      if (!textarea) { return; }
      // The textarea keeps its selection while focus is on the select or the button.
      var start = textarea.selectionStart, end = textarea.selectionEnd;
      var before = textarea.value.slice(0, start);
      var gap = before && !/\n$/.test(before) ? "\n" : "";
      textarea.setRangeText(gap + text, start, end, "end");
      textarea.focus();
      textarea.dispatchEvent(new Event("input", { bubbles: true }));
    }

    function preview() {
      var body = new URLSearchParams();
      body.set("body", textarea ? textarea.value : "");
      say(root.dataset.loading);
      fetch(root.dataset.previewUrl, {
        method: "POST", credentials: "same-origin", body: body,
        headers: { "X-CSRFToken": root.dataset.csrf },
      })
        .then(function (response) {
          if (!response.ok) { throw new Error(String(response.status)); }
          return response.text();
        })
        .then(function (html) {
          // Rendered and escaped by the server (admin/cases/reply_preview.html).
          panel.innerHTML = html;
          panel.hidden = false;
          say("");
        })
        .catch(function () { say(root.dataset.error); });
    }

    select.addEventListener("change", function () { insert.disabled = select.value === ""; });
    insert.addEventListener("click", function () {
      var snippet = snippets[Number(select.value)];
      if (snippet) { insertAtCursor(snippet.text); }
    });
    language.addEventListener("change", load);
    previewButton.addEventListener("click", preview);
    if (!textarea) { insert.hidden = true; previewButton.hidden = true; }
    load();
  }

  function start() {
    var root = document.getElementById("reply-tools");
    if (root) { init(root); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
