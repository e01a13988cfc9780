/* fiit — interview capture in the browser. No framework, no remote code.
 *
 * Loaded on every page (base.html): on the interview form it turns sections
 * into steps, shows and hides questions by the same structured relevance
 * conditions the server evaluates (fiit.instruments.conditions), and saves as
 * the interviewer goes. Unsent changes are kept in localStorage under
 * "fiit.capture.<interview uid>" (answers only — never the respondent code)
 * and sent again when the network is back. On every page, logging out clears
 * those keys.
 */
(function () {
  "use strict";

  var PREFIX = "fiit.capture.";
  var SAVE_DELAY = 800;        // ms after the last change before saving
  var FIRST_RETRY = 1000;      // ms; doubled after each failure
  var MAX_RETRY = 30000;
  var DECLINED = "declined";   // fiit.instruments.DECLINED: the stored "declined to answer"

  function storage() {
    try { return window.localStorage; } catch (e) { return null; }
  }

  function clearAllPending() {
    var store = storage();
    if (!store) { return; }
    var doomed = [];
    for (var i = 0; i < store.length; i++) {
      var key = store.key(i);
      if (key && key.indexOf(PREFIX) === 0) { doomed.push(key); }
    }
    doomed.forEach(function (key) { store.removeItem(key); });
  }

  // ---------------------------------------------------------------- relevance (mirror of conditions.py)
  function isAnswered(value) {
    return value !== null && value !== undefined && value !== "" &&
      !(Array.isArray(value) && value.length === 0);
  }

  function evaluate(condition, answers) {
    if (!condition) { return true; }
    if (condition.all) { return condition.all.every(function (p) { return evaluate(p, answers); }); }
    if (condition.any) { return condition.any.some(function (p) { return evaluate(p, answers); }); }
    if (condition.not) { return !evaluate(condition.not, answers); }
    var value = answers[condition.question];
    if (value === undefined) { value = null; }
    if ("equals" in condition) { return value === condition.equals; }
    if ("includes" in condition) { return Array.isArray(value) && value.indexOf(condition.includes) >= 0; }
    if ("answered" in condition) { return isAnswered(value) === Boolean(condition.answered); }
    return false;
  }

  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // ---------------------------------------------------------------- the form
  function CaptureForm(form) {
    this.form = form;
    this.uid = form.dataset.uid;
    this.saveUrl = form.dataset.saveUrl;
    this.key = PREFIX + form.dataset.uid;
    this.csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
    this.status = document.getElementById("save-status");
    this.stepInput = document.getElementById("current-step");
    this.steps = Array.prototype.slice.call(form.querySelectorAll("section.step"));
    this.stepLinks = Array.prototype.slice.call(document.querySelectorAll("[data-step]")).filter(function (el) {
      return el.tagName === "A";
    });
    this.questions = {};
    this.order = [];
    this.pending = {};
    this.timer = null;
    this.retryDelay = FIRST_RETRY;
    this.inFlight = null;
    this.stopped = false;
    var self = this;
    Array.prototype.forEach.call(form.querySelectorAll("[data-question]"), function (el) {
      var id = el.dataset.question;
      self.questions[id] = el;
      self.order.push(id);
      el.relevance = el.dataset.relevant ? JSON.parse(el.dataset.relevant) : null;
    });
  }

  CaptureForm.prototype.message = function (name) {
    return this.status ? (this.status.getAttribute("data-msg-" + name) || "") : "";
  };

  CaptureForm.prototype.say = function (name, extra) {
    if (!this.status) { return; }
    this.status.textContent = this.message(name) + (extra ? " " + extra : "");
    this.status.className = "save-status save-status-" + name;
  };

  CaptureForm.prototype.declineBox = function (id) {
    var el = this.questions[id];
    return el ? el.querySelector("input[data-decline]") : null;
  };

  // Tick or untick "Declined to answer": ticked clears and disables the question's inputs,
  // unticked gives them back (empty) for a normal answer.
  CaptureForm.prototype.setDeclined = function (id, on) {
    var box = this.declineBox(id);
    if (!box) { return; }
    box.checked = on;
    Array.prototype.forEach.call(this.questions[id].querySelectorAll("input, select, textarea"), function (input) {
      if (input === box) { return; }
      if (on) {
        if (input.type === "radio" || input.type === "checkbox") { input.checked = false; }
        else { input.value = ""; }
      }
      input.disabled = on;
    });
  };

  CaptureForm.prototype.valueOf = function (id) {
    var el = this.questions[id];
    var type = el.dataset.type;
    var name = "q-" + id;
    var box = this.declineBox(id);
    if (box && box.checked) { return DECLINED; }
    if (type === "scale" || type === "single_choice") {
      var checked = el.querySelector("input[name='" + name + "']:checked");
      if (!checked) { return null; }
      return type === "scale" ? Number(checked.value) : checked.value;
    }
    if (type === "multiple_choice") {
      return Array.prototype.map.call(el.querySelectorAll("input[name='" + name + "']:checked"),
        function (box) { return box.value; });
    }
    if (type === "ranking") {
      var ranked = [];
      Array.prototype.forEach.call(el.querySelectorAll("select[data-rank]"), function (select) {
        if (select.value && ranked.indexOf(select.value) < 0) { ranked.push(select.value); }
      });
      return ranked;
    }
    var input = el.querySelector("[name='" + name + "']");
    var text = input ? input.value : "";
    if (type === "integer") {
      if (!text.trim()) { return null; }
      return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
    }
    return text === "" ? null : text;
  };

  CaptureForm.prototype.setValue = function (id, value) {
    var el = this.questions[id];
    if (!el) { return; }
    var type = el.dataset.type;
    var name = "q-" + id;
    if (this.declineBox(id)) {
      this.setDeclined(id, value === DECLINED);
      if (value === DECLINED) { return; }
    }
    if (type === "scale" || type === "single_choice" || type === "multiple_choice") {
      var wanted = Array.isArray(value) ? value.map(String) : (value === null ? [] : [String(value)]);
      Array.prototype.forEach.call(el.querySelectorAll("input[name='" + name + "']"), function (input) {
        input.checked = wanted.indexOf(input.value) >= 0;
      });
    } else if (type === "ranking") {
      var ranked = Array.isArray(value) ? value : [];
      Array.prototype.forEach.call(el.querySelectorAll("select[data-rank]"), function (select, i) {
        select.value = ranked[i] || "";
      });
    } else {
      var input = el.querySelector("[name='" + name + "']");
      if (input) { input.value = value === null || value === undefined ? "" : String(value); }
    }
  };

  // Show the questions that apply; a question that comes back with an answer is sent again.
  CaptureForm.prototype.applyRelevance = function () {
    var seen = {};
    var self = this;
    this.order.forEach(function (id) {
      var el = self.questions[id];
      var applies = evaluate(el.relevance, seen);
      if (applies) {
        seen[id] = self.valueOf(id);
        if (el.hidden && isAnswered(seen[id])) { self.pending[id] = seen[id]; }
      }
      el.hidden = !applies;
      if (el.dataset.choicesFrom) { self.limitChoices(el, seen[el.dataset.choicesFrom]); }
    });
  };

  // A ranking offers only what was ticked in the question it draws its choices from.
  CaptureForm.prototype.limitChoices = function (el, picked) {
    var allowed = Array.isArray(picked) ? picked : [];
    var changed = false;
    Array.prototype.forEach.call(el.querySelectorAll("select[data-rank]"), function (select) {
      Array.prototype.forEach.call(select.options, function (option) {
        var ok = option.value === "" || allowed.indexOf(option.value) >= 0;
        option.hidden = !ok;
        option.disabled = !ok;
      });
      if (select.value && allowed.indexOf(select.value) < 0) { select.value = ""; changed = true; }
    });
    if (changed) { this.pending[el.dataset.question] = this.valueOf(el.dataset.question); }
  };

  // ---------------------------------------------------------------- steps
  CaptureForm.prototype.showStep = function (n, focus) {
    var count = this.steps.length;
    n = Math.min(Math.max(Number(n) || 1, 1), count);
    this.current = n;
    this.steps.forEach(function (section) {
      var on = Number(section.dataset.step) === n;
      section.hidden = !on;
      section.classList.toggle("current-step", on);
    });
    this.stepLinks.forEach(function (link) {
      if (link.closest(".step-list")) {
        if (Number(link.dataset.step) === n) { link.setAttribute("aria-current", "step"); }
        else { link.removeAttribute("aria-current"); }
      }
    });
    if (this.stepInput) { this.stepInput.value = String(n); }
    var prev = this.form.querySelector("[data-nav=prev]");
    var next = this.form.querySelector("[data-nav=next]");
    if (prev) { prev.disabled = n <= 1; }
    if (next) { next.disabled = n >= count; }
    try {
      var url = new URL(window.location.href);
      url.searchParams.set("step", String(n));
      url.hash = "";
      window.history.replaceState(null, "", url.toString());
    } catch (e) { /* an old browser keeps the address */ }
    if (focus) {
      var heading = document.getElementById("step-" + n + "-title");
      if (heading) { heading.focus(); }
    }
  };

  // ---------------------------------------------------------------- errors next to the questions
  CaptureForm.prototype.showErrors = function (id, messages) {
    var el = this.questions[id];
    if (!el) { return; }
    var box = document.getElementById("q-" + id + "-error");
    if (box) {
      box.textContent = "";
      (messages || []).forEach(function (text) {
        var p = document.createElement("p");
        p.textContent = text;
        box.appendChild(p);
      });
    }
    var bad = Boolean(messages && messages.length);
    el.classList.toggle("has-error", bad);
    Array.prototype.forEach.call(el.querySelectorAll("fieldset, textarea, input[type=text], input[type=date]"),
      function (node) {
        if (bad) { node.setAttribute("aria-invalid", "true"); } else { node.removeAttribute("aria-invalid"); }
      });
  };

  // ---------------------------------------------------------------- keeping and sending changes
  CaptureForm.prototype.persist = function () {
    var store = storage();
    if (!store) { return; }
    try {
      if (Object.keys(this.pending).length) {
        store.setItem(this.key, JSON.stringify({answers: this.pending, step: this.current, at: Date.now()}));
      } else {
        store.removeItem(this.key);
      }
    } catch (e) { /* storage full or refused: the answers stay in the page */ }
  };

  CaptureForm.prototype.restore = function () {
    var store = storage();
    var raw = store ? store.getItem(this.key) : null;
    if (!raw) { return null; }
    try {
      var kept = JSON.parse(raw);
      var self = this;
      Object.keys(kept.answers || {}).forEach(function (id) {
        if (self.questions[id]) {
          self.setValue(id, kept.answers[id]);
          self.pending[id] = kept.answers[id];
        }
      });
      return kept;
    } catch (e) {
      store.removeItem(this.key);
      return null;
    }
  };

  CaptureForm.prototype.changed = function (id, delay) {
    if (this.stopped) { return; }
    this.pending[id] = this.valueOf(id);
    this.applyRelevance();
    this.persist();
    this.say("pending");
    this.schedule(delay === undefined ? SAVE_DELAY : delay);
  };

  CaptureForm.prototype.schedule = function (delay) {
    var self = this;
    window.clearTimeout(this.timer);
    this.timer = window.setTimeout(function () { self.flush(); }, delay);
  };

  CaptureForm.prototype.retry = function (why) {
    this.say(why);
    this.schedule(this.retryDelay);
    this.retryDelay = Math.min(this.retryDelay * 2, MAX_RETRY);
  };

  // Send what is pending. Resolves true when nothing is left unsent.
  CaptureForm.prototype.flush = function () {
    var self = this;
    if (this.stopped) { return Promise.resolve(false); }
    if (this.inFlight) {
      return this.inFlight.then(function () { return self.flush(); });
    }
    var sending = JSON.parse(JSON.stringify(this.pending));
    if (!Object.keys(sending).length) { return Promise.resolve(true); }
    window.clearTimeout(this.timer);
    this.say("saving");
    this.inFlight = fetch(this.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": this.csrf},
      body: JSON.stringify({answers: sending})
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        self.retry("session");
        return false;
      }
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
      if (!json) { self.retry("error"); return false; }
      return response.json().then(function (body) {
        if (!response.ok) {
          if (response.status === 409 || response.status === 404 || response.status === 403) {
            self.stopped = true;
            self.say("locked", body && body.error ? body.error.message : "");
          } else {
            self.retry("error");
          }
          return false;
        }
        self.accept(sending, body);
        return Object.keys(self.pending).length === 0;
      });
    }, function () {
      self.retry("offline");
      return false;
    }).then(function (done) {
      self.inFlight = null;
      return done;
    });
    return this.inFlight;
  };

  CaptureForm.prototype.accept = function (sent, body) {
    var self = this;
    this.retryDelay = FIRST_RETRY;
    Object.keys(sent).forEach(function (id) {
      // A change made while this save was on its way stays pending.
      if (id in self.pending && sameValue(self.pending[id], sent[id])) { delete self.pending[id]; }
      var messages = (body.rejected && body.rejected[id]) || (body.problems && body.problems[id]) || [];
      self.showErrors(id, messages);
    });
    Object.keys(body.problems || {}).forEach(function (id) { self.showErrors(id, body.problems[id]); });
    this.persist();
    var rejected = body.rejected && Object.keys(body.rejected).length;
    if (Object.keys(this.pending).length) {
      this.schedule(SAVE_DELAY);
    } else {
      this.say(rejected ? "rejected" : "saved");
    }
  };

  // ---------------------------------------------------------------- wiring
  CaptureForm.prototype.questionOf = function (node) {
    var el = node.closest ? node.closest("[data-question]") : null;
    return el ? el.dataset.question : null;
  };

  CaptureForm.prototype.start = function () {
    var self = this;
    var form = this.form;
    document.documentElement.classList.add("js");
    var kept = this.restore();
    this.applyRelevance();
    var fromUrl = new URLSearchParams(window.location.search).get("step");
    var start = fromUrl || (kept && kept.step) || form.dataset.step;
    this.showStep(start, false);

    form.addEventListener("input", function (event) {
      var id = self.questionOf(event.target);
      if (id && event.target.dataset.decline) { self.setDeclined(id, event.target.checked); }
      if (id) { self.changed(id, event.target.tagName === "TEXTAREA" || event.target.type === "text" ? 1200 : SAVE_DELAY); }
    });
    form.addEventListener("change", function (event) {
      var id = self.questionOf(event.target);
      if (id && event.target.dataset.decline) { self.setDeclined(id, event.target.checked); }
      if (id) { self.changed(id, SAVE_DELAY); }
    });
    form.addEventListener("click", function (event) {
      var target = event.target;
      if (target.dataset && target.dataset.nav) {
        event.preventDefault();
        self.flush();
        self.showStep(self.current + (target.dataset.nav === "next" ? 1 : -1), true);
      } else if (target.dataset && target.dataset.clear) {
        event.preventDefault();
        self.setValue(target.dataset.clear, null);
        self.changed(target.dataset.clear, 0);
      }
    });
    this.stepLinks.forEach(function (link) {
      link.addEventListener("click", function (event) {
        event.preventDefault();
        self.showStep(link.dataset.step, true);
        var hash = (link.getAttribute("href") || "").split("#")[1];
        var target = hash ? document.getElementById(hash) : null;
        if (target) {
          target.scrollIntoView();
          var input = target.querySelector("input, textarea, select");
          if (input) { input.focus(); }
        }
      });
    });
    form.addEventListener("submit", function (event) {
      if (self.allowSubmit) { return; }
      var submitter = event.submitter;
      var finalising = submitter && submitter.id === "finalise-button";
      if (finalising && !self.inFlight && !self.stopped && !Object.keys(self.pending).length) {
        // Nothing left to save: let this submission go ahead as it is.
        self.persist();
        return;
      }
      event.preventDefault();
      self.flush().then(function (done) {
        if (done && finalising) {
          self.allowSubmit = true;
          self.persist();
          // Not from inside this submit event: a browser ignores requestSubmit() while one is being fired.
          window.setTimeout(function () { form.requestSubmit(submitter); }, 0);
        } else if (done) {
          self.say("saved");
        }
      });
    });
    window.addEventListener("online", function () { self.retryDelay = FIRST_RETRY; self.flush(); });
    window.addEventListener("offline", function () { if (Object.keys(self.pending).length) { self.say("offline"); } });
    window.addEventListener("pagehide", function () { self.persist(); });
    var errors = document.getElementById("finalise-errors");
    if (errors) { errors.focus(); }
    if (Object.keys(this.pending).length) { this.flush(); }
  };

  // ---------------------------------------------------------------- logout, on every page
  function guardLogout(capture) {
    Array.prototype.forEach.call(document.querySelectorAll("form.logout"), function (logout) {
      logout.addEventListener("submit", function (event) {
        if (capture && Object.keys(capture.pending).length && !capture.loggingOut) {
          event.preventDefault();
          capture.flush().then(function (done) {
            if (done || window.confirm(capture.message("logout"))) {
              capture.loggingOut = true;
              capture.stopped = true;
              clearAllPending();
              logout.submit();
            }
          });
          return;
        }
        if (capture) { capture.stopped = true; }
        clearAllPending();
      });
    });
  }

  function init() {
    var form = document.getElementById("capture-form");
    var capture = null;
    if (form && form.dataset.saveUrl) {
      capture = new CaptureForm(form);
      capture.start();
      window.fiitCapture = capture;
    }
    guardLogout(capture);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}());
