/* The coding workbench: apply codes to selected passages, remove them, memos, suggestions.
   Sends offsets and code ids only; never puts answer text into browser storage. Offsets are counted in
   Unicode code points, as the server counts them (Python string indices). */
(function () {
  "use strict";
  const bench = document.getElementById("workbench");
  if (!bench) return;
  const labels = JSON.parse(document.getElementById("code-labels").textContent);
  const csrf = bench.querySelector("input[name=csrfmiddlewaretoken]").value;
  const status = document.getElementById("workbench-status");

  function say(text) { status.textContent = text; }

  async function post(url, body) {
    const response = await fetch(url, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrf, "Accept": "application/json"},
      body: JSON.stringify(body),
    });
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) throw new Error(data.error || String(response.status));
    return data;
  }

  function codePoints(text, utf16) { return Array.from(text.slice(0, utf16)).length; }
  function slice(text, start, end) { return Array.from(text).slice(start, end).join(""); }

  function selectionIn() {
    const sel = window.getSelection();
    if (!sel || sel.rangeCount === 0 || sel.isCollapsed) return null;
    const range = sel.getRangeAt(0);
    const holder = range.commonAncestorContainer.nodeType === Node.TEXT_NODE
      ? range.commonAncestorContainer.parentElement : range.commonAncestorContainer;
    const textEl = holder && holder.closest ? holder.closest(".answer-text") : null;
    if (!textEl || range.startContainer.parentElement !== textEl || range.endContainer.parentElement !== textEl) return null;
    const text = textEl.textContent;
    const start = codePoints(text, range.startOffset), end = codePoints(text, range.endOffset);
    if (end <= start) return null;
    return {article: textEl.closest(".coding-answer"), start: start, end: end};
  }

  function renderCoding(li) {
    const article = li.closest(".coding-answer");
    const text = article.querySelector(".answer-text").textContent;
    const code = li.dataset.code, start = +li.dataset.start, end = +li.dataset.end;
    li.textContent = "";
    const tag = document.createElement("span");
    tag.className = "coding-tag";
    tag.textContent = (labels[code] || code) + ": «" + slice(text, start, end) + "»";
    const remove = document.createElement("button");
    remove.type = "button"; remove.className = "remove-coding button-quiet"; remove.textContent = "×";
    remove.setAttribute("aria-label", "remove " + (labels[code] || code));
    li.append(tag, " ", remove);
  }

  async function apply(article, code, start, end) {
    try {
      const data = await post(bench.dataset.apply, {interview: article.dataset.interview,
        question_id: article.dataset.question, code: code, start: start, end: end});
      const list = article.querySelector(".my-codings");
      if (!list.querySelector("li[data-id='" + data.id + "']")) {
        const li = document.createElement("li");
        li.dataset.id = data.id; li.dataset.code = data.code; li.dataset.start = data.start; li.dataset.end = data.end;
        list.append(li); renderCoding(li);
      }
      say(bench.dataset.msgSaved);
    } catch (e) { say(bench.dataset.msgFailed + " " + e.message); }
  }

  function applyToSelection(code) {
    const found = selectionIn();
    if (!found) { say(bench.dataset.msgSelect); return; }
    apply(found.article, code, found.start, found.end);
  }

  bench.querySelectorAll(".my-codings li").forEach(renderCoding);
  bench.addEventListener("click", function (event) {
    const button = event.target.closest("button");
    if (!button) return;
    const article = button.closest(".coding-answer");
    if (button.classList.contains("code-button")) applyToSelection(button.dataset.code);
    else if (button.classList.contains("suggestion")) {
      const text = article.querySelector(".answer-text").textContent;
      apply(article, button.dataset.code, 0, Array.from(text).length);
    } else if (button.classList.contains("remove-coding")) {
      const li = button.closest("li");
      post(bench.dataset.remove.replace(/0\/$/, li.dataset.id + "/"), {}).then(function () { li.remove(); say(bench.dataset.msgSaved); })
        .catch(function (e) { say(bench.dataset.msgFailed + " " + e.message); });
    } else if (button.classList.contains("save-memo")) {
      post(bench.dataset.memo, {interview: article.dataset.interview, question_id: article.dataset.question,
        memo: article.querySelector(".memo").value}).then(function () { say(bench.dataset.msgSaved); })
        .catch(function (e) { say(bench.dataset.msgFailed + " " + e.message); });
    } else if (button.classList.contains("mark-done")) {
      post(bench.dataset.done, {interview: article.dataset.interview, question_id: article.dataset.question})
        .then(function () { article.classList.add("done"); say(bench.dataset.msgSaved); })
        .catch(function (e) { say(bench.dataset.msgFailed + " " + e.message); });
    }
  });
  // Keyboard shortcuts: a code's key applies it to the selected passage (not while typing in a field).
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    const target = event.target;
    if (target && (target.tagName === "TEXTAREA" || target.tagName === "INPUT" || target.tagName === "SELECT")) return;
    const button = bench.querySelector(".code-button[data-key='" + CSS.escape(event.key) + "']");
    if (button && event.key) { event.preventDefault(); applyToSelection(button.dataset.code); }
  });
})();
