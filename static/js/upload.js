/* Attachments on the register and reply forms (templates/cases/includes/upload_zone.html):
   files can be dropped as well as chosen, the chosen ones are listed with their sizes, the
   server's limits are checked before anything is sent, and the upload shows its progress.
   The limits and the wording come from the file input's data attributes, which the server
   renders from its settings (cases.uploads.upload_limit_attrs), so the two never disagree.
   Without this script the plain multipart form works unchanged. */
(function () {
  "use strict";

  var language = document.documentElement.lang || undefined;

  function format(template, params) {
    return (template || "").replace(/%\((\w+)\)s/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(params, key) ? String(params[key]) : whole;
    });
  }

  function sizeLabel(bytes) {
    var units = [["byte", 1], ["kilobyte", 1024], ["megabyte", 1024 * 1024],
                 ["gigabyte", 1024 * 1024 * 1024]];
    var chosen = units[0];
    units.forEach(function (unit) { if (bytes >= unit[1]) { chosen = unit; } });
    return new Intl.NumberFormat(language, {
      style: "unit", unit: chosen[0], unitDisplay: "short", maximumFractionDigits: 1,
    }).format(bytes / chosen[1]);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text) { node.textContent = text; }
    return node;
  }

  // Keeping the list in the input itself needs a constructible DataTransfer; where there is
  // none the browser's own input is left as it is.
  function canSetFiles() {
    try { return typeof new DataTransfer().items.add === "function"; } catch (error) { return false; }
  }

  function extensionOf(name) {
    var dot = name.lastIndexOf(".");
    return dot < 0 ? "" : name.slice(dot).toLowerCase();
  }

  // What the server would say about the next file, or "" when it would take it.
  function refusal(file, limits, texts) {
    if (limits.extensions.indexOf(extensionOf(file.name)) < 0) {
      return format(texts.messageType, {name: file.name, types: texts.types});
    }
    if (file.size > limits.maxBytes) {
      return format(texts.messageTooLarge,
                    {name: file.name, size: sizeLabel(file.size), limit: texts.maxSize});
    }
    return "";
  }

  // Show what the server answered, as a normal form submission would have: the case page
  // after the redirect, or the form again with its errors.
  function showResponse(xhr, form) {
    var type = xhr.getResponseHeader("Content-Type") || "";
    if (type.indexOf("text/html") !== 0) {
      window.location.assign(xhr.responseURL || window.location.href);
      return;
    }
    if (xhr.responseURL && xhr.responseURL !== form.action) {
      window.history.replaceState(null, "", xhr.responseURL);
    }
    document.open();
    document.write(xhr.responseText);
    document.close();
  }

  function enhance(zone) {
    var input = zone.querySelector("input[type=file][data-max-bytes]");
    var form = zone.closest("form");
    if (!input || !form || zone.classList.contains("is-enhanced") || !canSetFiles()) { return; }
    zone.classList.add("is-enhanced");

    var limits = {
      maxBytes: Number(input.dataset.maxBytes),
      maxCount: Number(input.dataset.maxCount),
      extensions: input.accept.split(",").map(function (ext) { return ext.trim().toLowerCase(); }),
    };
    var texts = {
      maxSize: input.dataset.maxSize, types: input.dataset.types,
      messageType: input.dataset.messageType, messageTooLarge: input.dataset.messageTooLarge,
      messageCount: input.dataset.messageCount, remove: zone.dataset.textRemove,
      uploading: zone.dataset.textUploading, failed: zone.dataset.textFailed,
    };
    var files = [];

    var hint = element("p", "upload-hint small text-muted mb-2", zone.dataset.textHint);
    var list = element("ul", "upload-files list-unstyled small mb-2");
    list.setAttribute("aria-label", zone.dataset.textChosen);
    var problems = element("div", "upload-problems small text-danger");
    problems.setAttribute("role", "alert");
    var progressBox = element("div", "upload-progress");
    progressBox.hidden = true;
    var progress = element("progress", "upload-progress-bar");
    progress.max = 100;
    progress.value = 0;
    progress.setAttribute("aria-label", texts.uploading);
    var progressLabel = element("span", "upload-progress-label small ms-2");
    progressBox.append(progress, progressLabel);
    zone.append(hint, list, problems, progressBox);

    function keepInInput() {
      var transfer = new DataTransfer();
      files.forEach(function (file) { transfer.items.add(file); });
      input.files = transfer.files;
    }

    function render() {
      list.replaceChildren();
      files.forEach(function (file, index) {
        var item = element("li", "upload-file");
        var remove = element("button", "btn btn-link btn-sm py-0 upload-remove", texts.remove);
        remove.type = "button";
        remove.append(element("span", "visually-hidden", " " + file.name));
        remove.addEventListener("click", function () {
          files.splice(index, 1);
          keepInInput();
          render();
        });
        item.append(element("span", "upload-file-name", file.name), " ",
                    element("span", "upload-file-size text-muted", sizeLabel(file.size)), remove);
        list.append(item);
      });
    }

    function add(chosen) {
      var messages = [];
      var overCount = false;
      Array.prototype.forEach.call(chosen, function (file) {
        var already = files.some(function (other) {
          return other.name === file.name && other.size === file.size
            && other.lastModified === file.lastModified;
        });
        var why = refusal(file, limits, texts);
        if (already) { return; }
        if (why) { messages.push(why); } else if (files.length >= limits.maxCount) {
          overCount = true;
        } else { files.push(file); }
      });
      if (overCount) { messages.push(format(texts.messageCount, {count: limits.maxCount})); }
      problems.replaceChildren();
      messages.forEach(function (message) { problems.append(element("div", "", message)); });
      keepInInput();
      render();
    }

    // A new choice adds to the list instead of replacing it, as a drop does.
    input.addEventListener("change", function () { add(Array.from(input.files)); });

    ["dragenter", "dragover"].forEach(function (name) {
      zone.addEventListener(name, function (event) {
        event.preventDefault();
        zone.classList.add("is-dragover");
      });
    });
    ["dragleave", "drop"].forEach(function (name) {
      zone.addEventListener(name, function () { zone.classList.remove("is-dragover"); });
    });
    zone.addEventListener("drop", function (event) {
      event.preventDefault();
      if (event.dataTransfer) { add(event.dataTransfer.files); }
    });

    function showProgress(percent) {
      progressBox.hidden = false;
      progress.value = percent;
      progressLabel.textContent = texts.uploading + " " + new Intl.NumberFormat(
        language, {style: "percent"}).format(percent / 100);
    }

    form.addEventListener("submit", function (event) {
      if (!files.length || event.defaultPrevented) { return; }
      event.preventDefault();
      var data;
      try { data = new FormData(form, event.submitter); } catch (error) { data = new FormData(form); }
      var buttons = form.querySelectorAll("button[type=submit], button:not([type])");
      buttons.forEach(function (button) { button.disabled = true; });
      var xhr = new XMLHttpRequest();
      xhr.open("POST", form.action);
      xhr.upload.addEventListener("progress", function (progressEvent) {
        if (progressEvent.lengthComputable) {
          showProgress(Math.round(100 * progressEvent.loaded / progressEvent.total));
        }
      });
      xhr.upload.addEventListener("load", function () { showProgress(100); });
      xhr.addEventListener("load", function () { showResponse(xhr, form); });
      function failed() {
        progressBox.hidden = true;
        buttons.forEach(function (button) { button.disabled = false; });
        problems.replaceChildren(element("div", "", texts.failed));
      }
      xhr.addEventListener("error", failed);
      xhr.addEventListener("abort", failed);
      showProgress(0);
      xhr.send(data);
    });
  }

  function enhanceAll() {
    document.querySelectorAll("[data-upload-zone]").forEach(enhance);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", enhanceAll);
  } else {
    enhanceAll();
  }
}());
