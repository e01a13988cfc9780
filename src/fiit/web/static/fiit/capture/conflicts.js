/* fiit — the conflict box: a save met an answer changed on the server meanwhile (a country lead's edit).
 *
 * Markup: fiit/capture/_conflict.html (#field-conflict), shared by the interview form (capture.js) and
 * the field app (field.js). For each conflicting question the interviewer picks the answer kept on this
 * device or the one on the server (the server's preselected, as in the field app); nothing is sent
 * before they confirm. For a server-started interview (capture.js) the conflicts are the ones the save
 * endpoint returned (fiit.web.capture.conflicts): the server's answer is shown and kept, or their own is
 * sent again on the server's base; both choices are sent as one resolution, which the server audits.
 * Loaded before capture.js; no framework, no remote code.
 */
(function () {
  "use strict";

  var DECLINED = "declined";  // fiit.instruments.DECLINED

  // An answer as the interviewer reads it: the labels of its choices, or its text.
  function display(capture, id, value, list) {
    if (value === null || value === undefined || value === "" || (Array.isArray(value) && !value.length)) {
      return list.dataset.empty;
    }
    var box = capture.declineBox(id);
    if (value === DECLINED && box) { return box.closest("label").textContent.trim(); }
    var el = capture.questions[id];
    var values = Array.isArray(value) ? value : [value];
    return values.map(function (v) {
      var input = el && el.querySelector("input[value='" + String(v).replace(/['\\]/g, "") + "']");
      var label = input && input.closest("label");
      return label ? label.textContent.trim() : String(v);
    }).join("; ");
  }

  function choice(list, id, clash, lang, shown) {
    var fieldset = document.createElement("fieldset");
    fieldset.className = "conflict-choice";
    fieldset.dataset.question = id;
    var legend = document.createElement("legend");
    legend.textContent = clash.label || id;
    legend.lang = lang;
    fieldset.appendChild(legend);
    if (clash.changed_by) {
      var when = clash.changed_at ? new Date(clash.changed_at).toLocaleString(document.documentElement.lang) : "";
      var note = document.createElement("p");
      note.className = "hint";
      note.textContent = list.dataset.changed.replace("WHO", clash.changed_by).replace("WHEN", when);
      fieldset.appendChild(note);
    }
    [["device", shown.device], ["server", shown.server]].forEach(function (pair, i) {
      var label = document.createElement("label");
      label.className = "choice";
      var input = document.createElement("input");
      input.type = "radio";
      input.name = "conflict-" + id;
      input.value = pair[0];
      input.checked = i === 1;
      label.appendChild(input);
      label.appendChild(document.createTextNode(" " + list.dataset[pair[0]] + ": " + pair[1]));
      fieldset.appendChild(label);
    });
    return fieldset;
  }

  // Show every conflict ``capture`` holds; announced by its status line.
  function show(capture) {
    var box = document.getElementById("field-conflict");
    var ids = Object.keys(capture.held);
    if (!box || !ids.length) { if (box) { box.hidden = true; } return; }
    var list = box.querySelector("#conflict-list");
    list.textContent = "";
    ids.forEach(function (id) {
      var clash = capture.held[id];
      list.appendChild(choice(list, id, clash, capture.form.dataset.lang || "", {
        device: display(capture, id, clash.yours, list),
        server: "server" in clash ? display(capture, id, clash.server, list) : list.dataset.hidden
      }));
    });
    var wasHidden = box.hidden;
    box.hidden = false;
    capture.say("conflict");
    // Focus moves to the choice unless the interviewer is typing an answer.
    var active = document.activeElement;
    var typing = active && capture.form.contains(active) &&
      (active.tagName === "TEXTAREA" || (active.tagName === "INPUT" && /^(text|date|number)$/.test(active.type)));
    if (wasHidden && !typing) { box.querySelector("#conflict-title").focus(); }
    box.querySelector("#conflict-resolve").onclick = function () { resolve(capture, ids); };
  }

  function newResolutionId() {
    return window.crypto && window.crypto.randomUUID ? window.crypto.randomUUID()
      : String(Date.now()) + "-" + String(Math.random()).slice(2, 10);
  }

  // The interviewer's choice: the server's answer is shown and kept; their own (as the page shows it now)
  // is sent again on the server's base.
  function resolve(capture, ids) {
    var list = document.getElementById("conflict-list");
    if (!Object.keys(capture.resolved).length) { capture.resolution = newResolutionId(); }
    ids.forEach(function (id) {
      var clash = capture.held[id];
      if (!clash) { return; }
      var picked = list.querySelector("input[name='conflict-" + id + "']:checked");
      var kept = picked && picked.value === "server" ? "server" : "device";
      capture.setBase(id, clash.server_base);
      if (kept === "server") {
        delete capture.pending[id];
        capture.setValue(id, clash.server === undefined ? null : clash.server);
      } else {
        capture.pending[id] = capture.valueOf(id);
      }
      capture.resolved[id] = kept;
      delete capture.held[id];
    });
    document.getElementById("field-conflict").hidden = true;
    capture.applyRelevance();
    capture.persist();
    var first = capture.questions[ids[0]];
    var input = first && !first.hidden && first.querySelector("input:not([disabled]), textarea, select");
    if (input) { capture.showStep(first.closest("section.step").dataset.step, false); input.focus(); }
    capture.sendNow();
  }

  window.fiitConflicts = {display: display, show: show, resolve: resolve};
}());
