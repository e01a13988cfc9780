/* fiit — interview capture in the browser. No framework, no remote code.
 *
 * Loaded on every page (base.html): on the interview form it turns sections
 * into steps, shows and hides questions by the same structured relevance
 * conditions the server evaluates (fiit.instruments.conditions), and saves as
 * the interviewer goes. Unsent changes are kept in the encrypted device queue
 * (device-store.js) under "pending:<interview uid>" (answers only — never the
 * respondent code) and sent again when the network is back; a session that
 * ended is renewed in place (sign-in.js) and the saves then go through.
 * Logging out with unsent answers warns, and keeps them encrypted for this user.
 * The field app (field.js) reuses :js:`CaptureForm` with its own storage.
 *
 * Conflicts (fiit.db.answer_base): the page holds, per answer, the base token
 * of the value the server last gave it (#answer-base); each save sends the
 * base of every answer it sends. An answer a country lead changed meanwhile
 * comes back as a conflict: it is kept on the device ("held", in the queue too)
 * and shown in #field-conflict (the field app's markup, conflicts.js) until the
 * interviewer keeps the server's answer or their own; the choice is sent, and audited.
 */
(function () {
  "use strict";

  var SAVE_DELAY = 800;        // ms after the last change before saving
  var FIRST_RETRY = 1000;      // ms; doubled after each failure
  var MAX_RETRY = 30000;
  var DECLINED = "declined";   // fiit.instruments.DECLINED: the stored "declined to answer"

  function device() {
    var d = window.fiitDevice;
    return d && d.available && d.currentUser() ? d : null;
  }

  function csrfToken(form) {
    var fromCookie = window.fiitSignIn ? window.fiitSignIn.csrf() : "";
    if (fromCookie) { return fromCookie; }
    var input = form.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
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
    // A declined answer is no answer to "answered" (conditions.has_answer).
    if ("answered" in condition) { return (isAnswered(value) && value !== DECLINED) === Boolean(condition.answered); }
    return false;
  }

  function sameValue(a, b) { return JSON.stringify(a) === JSON.stringify(b); }

  // ---------------------------------------------------------------- the form
  function CaptureForm(form) {
    this.form = form;
    this.uid = form.dataset.uid;
    this.saveUrl = form.dataset.saveUrl;
    this.key = "pending:" + form.dataset.uid;
    this.writes = Promise.resolve();
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
    this.baseInput = form.querySelector("#answer-base");
    this.base = null;          // question id -> base token; null: the page has none (no conflict check)
    try { this.base = this.baseInput ? JSON.parse(this.baseInput.value || "{}") : null; } catch (e) { this.base = {}; }
    this.held = {};            // question id -> a conflict waiting for the interviewer's choice
    this.resolved = {};        // question id -> "server" or "device": chosen, not yet acknowledged
    this.resolution = "";      // the id of those choices (the server audits each id once)
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

  // The answer the page holds now, or (initial) the one the server rendered into it.
  CaptureForm.prototype.valueFrom = function (id, initial) {
    var el = this.questions[id];
    var type = el.dataset.type;
    var name = "q-" + id;
    var box = this.declineBox(id);
    var ticked = function (input) { return initial ? input.defaultChecked : input.checked; };
    if (box && ticked(box)) { return DECLINED; }
    if (type === "scale" || type === "single_choice") {
      var checked = Array.prototype.filter.call(el.querySelectorAll("input[name='" + name + "']"), ticked)[0];
      if (!checked) { return null; }
      return type === "scale" ? Number(checked.value) : checked.value;
    }
    if (type === "multiple_choice") {
      return Array.prototype.filter.call(el.querySelectorAll("input[name='" + name + "']"), ticked)
        .map(function (input) { return input.value; });
    }
    if (type === "ranking") {
      var ranked = [];
      Array.prototype.forEach.call(el.querySelectorAll("select[data-rank]"), function (select) {
        var value = select.value;
        if (initial) {
          var option = Array.prototype.filter.call(select.options, function (o) { return o.defaultSelected; })[0];
          value = option ? option.value : "";
        }
        if (value && ranked.indexOf(value) < 0) { ranked.push(value); }
      });
      return ranked;
    }
    var input = el.querySelector("[name='" + name + "']");
    var text = input ? (initial ? input.defaultValue : input.value) : "";
    if (type === "integer") {
      if (!text.trim()) { return null; }
      return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
    }
    return text === "" ? null : text;
  };

  CaptureForm.prototype.valueOf = function (id) { return this.valueFrom(id, false); };

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
      if (!this.form.dataset.device) { url.hash = ""; }  // the field app keeps the interview's id there
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
  // Keep the unsent changes in the encrypted device queue (writes in order; nothing when all is sent).
  CaptureForm.prototype.persist = function () {
    var store = device();
    if (!store) { return this.writes; }
    var user = store.currentUser();
    var key = this.key;
    var self = this;
    // The snapshot is taken when this write's turn comes: after the restore of what an earlier visit
    // kept (start() puts it first in line), so a change typed meanwhile never overwrites it.
    this.writes = this.writes.then(function () {
      var waiting = Object.keys(self.pending).length || Object.keys(self.held).length ||
        Object.keys(self.resolved).length;
      var snapshot = waiting ? {kind: "pending", uid: self.uid,
        answers: JSON.parse(JSON.stringify(self.pending)), step: self.current, at: Date.now()} : null;
      if (snapshot && self.base) {
        snapshot.base = self.basesOf(Object.keys(self.pending));
        snapshot.held = JSON.parse(JSON.stringify(self.held));
        snapshot.resolved = JSON.parse(JSON.stringify(self.resolved));
        snapshot.resolution = self.resolution;
      }
      return snapshot ? store.put(user, key, snapshot) : store.remove(user, key);
    }).catch(function () { /* refused: the answers stay in the page */ });
    return this.writes;
  };

  // Unsent changes kept on this device by an earlier visit (a promise).
  CaptureForm.prototype.restore = function () {
    var store = device();
    if (!store) { return Promise.resolve(null); }
    var self = this;
    return store.get(store.currentUser(), this.key).then(function (kept) {
      if (!kept) { return null; }
      Object.keys(kept.answers || {}).forEach(function (id) {
        if (self.questions[id] && !(id in self.pending)) {  // typed since the page opened: that is newer
          self.setValue(id, kept.answers[id]);
          self.pending[id] = kept.answers[id];
          // The base it was typed on, not the one this page came with (that may hold a lead's edit since).
          if (self.base && kept.base && id in kept.base) { self.setBase(id, kept.base[id]); }
        }
      });
      if (self.base) {
        Object.keys(kept.held || {}).forEach(function (id) {
          if (!self.questions[id]) { return; }
          self.held[id] = kept.held[id];
          if (!(id in self.pending)) { self.setValue(id, kept.held[id].yours); }
        });
        Object.keys(kept.resolved || {}).forEach(function (id) { self.resolved[id] = kept.resolved[id]; });
        self.resolution = kept.resolution || "";
      }
      return kept;
    }).catch(function () { return null; });
  };

  CaptureForm.prototype.changed = function (id, delay) {
    if (this.stopped) { return; }
    this.touched = true;
    if (id in this.held) {  // waiting for the interviewer's choice: what is typed now is "their own" answer
      this.held[id].yours = this.valueOf(id);
      this.applyRelevance();
      this.persist();
      return;
    }
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
    var choices = JSON.parse(JSON.stringify(this.resolved));
    if (!Object.keys(sending).length && !Object.keys(choices).length) {
      return Promise.resolve(!Object.keys(this.held).length);
    }
    window.clearTimeout(this.timer);
    this.say("saving");
    this.inFlight = fetch(this.saveUrl, {
      method: "POST",
      credentials: "same-origin",
      redirect: "manual",
      headers: {"Content-Type": "application/json", "Accept": "application/json", "X-CSRFToken": csrfToken(this.form)},
      body: JSON.stringify(this.payload(sending, choices))
    }).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) {
        self.signInAgain();
        return false;
      }
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
      if (!json) { self.retry("error"); return false; }
      return response.json().then(function (body) {
        if (!response.ok) {
          if (response.status === 422 && body && body.error && body.error.code === "reason_required") {
            self.say("reason");
            var reason = document.getElementById("change-reason");
            if (reason) { reason.setAttribute("aria-invalid", "true"); reason.focus(); }
            return false;  // kept; sent once a reason is given
          }
          if (response.status === 409 || response.status === 404 || response.status === 403) {
            self.stopped = true;
            self.say("locked", body && body.error ? body.error.message : "");
          } else {
            self.retry("error");
          }
          return false;
        }
        self.accept(sending, body, choices);
        return Object.keys(self.pending).length === 0 && Object.keys(self.held).length === 0;
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

  // What a save sends: the changes with their bases, the conflicts resolved, and the reason when a final
  // interview is changed.
  CaptureForm.prototype.payload = function (sending, choices) {
    var reason = document.getElementById("change-reason");
    var out = {answers: sending};
    if (reason) { out.reason = reason.value; }
    if (this.base) { out.base = this.basesOf(Object.keys(sending)); }
    if (choices && Object.keys(choices).length) { out.resolved = choices; out.resolution = this.resolution; }
    return out;
  };

  // ---------------------------------------------------------------- bases and conflicts
  CaptureForm.prototype.basesOf = function (ids) {
    var self = this;
    var out = {};
    ids.forEach(function (id) { out[id] = (self.base && self.base[id]) || ""; });
    return out;
  };

  // The page's base for a question; the form's hidden field follows (a whole form posted carries it).
  CaptureForm.prototype.setBase = function (id, token) {
    if (!this.base) { return; }
    if (token) { this.base[id] = token; } else { delete this.base[id]; }
    if (this.baseInput) { this.baseInput.value = JSON.stringify(this.base); }
  };

  // The conflict box itself (showing, choosing) is conflicts.js; a page without it shows none.
  CaptureForm.prototype.display = function (id, value, list) {
    return window.fiitConflicts.display(this, id, value, list);
  };

  CaptureForm.prototype.showConflicts = function () {
    if (window.fiitConflicts) { window.fiitConflicts.show(this); }
  };

  // Send what is waiting now (a choice made, the network back).
  CaptureForm.prototype.sendNow = function () {
    this.retryDelay = FIRST_RETRY;
    return this.flush();
  };

  // The session ended: sign in again in this tab, then send what is waiting.
  CaptureForm.prototype.signInAgain = function () {
    var self = this;
    window.clearTimeout(this.timer);
    this.say("session");
    if (!window.fiitSignIn || this.askingSignIn) { return; }
    this.askingSignIn = true;
    window.fiitSignIn.ask().then(function () {
      self.askingSignIn = false;
      self.retryDelay = FIRST_RETRY;
      self.flush();
    });
  };

  CaptureForm.prototype.accept = function (sent, body, choices) {
    var self = this;
    this.retryDelay = FIRST_RETRY;
    Object.keys(body.bases || {}).forEach(function (id) { self.setBase(id, body.bases[id]); });
    (body.conflicts || []).forEach(function (clash) {
      // Held until the interviewer chooses: the newest value typed here is the one kept.
      if (clash.id in self.pending) { clash.yours = self.pending[clash.id]; delete self.pending[clash.id]; }
      self.held[clash.id] = clash;
    });
    Object.keys(sent).forEach(function (id) {
      // A change made while this save was on its way stays pending.
      if (id in self.pending && sameValue(self.pending[id], sent[id])) { delete self.pending[id]; }
      var messages = (body.rejected && body.rejected[id]) || (body.problems && body.problems[id]) || [];
      self.showErrors(id, messages);
    });
    Object.keys(choices || {}).forEach(function (id) {
      if (self.resolved[id] === choices[id]) { delete self.resolved[id]; }  // acknowledged (or a conflict again)
    });
    Object.keys(body.problems || {}).forEach(function (id) { self.showErrors(id, body.problems[id]); });
    this.persist();
    var rejected = body.rejected && Object.keys(body.rejected).length;
    if (Object.keys(this.held).length) {
      this.showConflicts();
    }
    if (Object.keys(this.pending).length) {
      this.schedule(SAVE_DELAY);
    } else if (!Object.keys(this.held).length) {
      this.say(rejected ? "rejected" : "saved");
    }
  };

  // ---------------------------------------------------------------- wiring
  CaptureForm.prototype.questionOf = function (node) {
    var el = node.closest ? node.closest("[data-question]") : null;
    return el ? el.dataset.question : null;
  };

  // Wire the inputs at once, so that nothing typed is ever outside ``pending``; take in what differs from
  // the page the server rendered (typed before this script ran, or put back by the browser); only then
  // restore what an earlier visit kept on this device (asynchronous: the encrypted queue), never over a
  // change made meanwhile. ``data-ready`` says the restore is done.
  CaptureForm.prototype.start = function () {
    var self = this;
    document.documentElement.classList.add("js");
    var fromUrl = new URLSearchParams(window.location.search).get("step");
    this.applyRelevance();
    this.showStep(fromUrl || this.form.dataset.step, false);
    // First in line for the queue: the restore (a microtask later, so it sees the early changes below).
    var restored = Promise.resolve().then(function () { return self.restore(); }).catch(function () { return null; });
    this.writes = restored.then(function () {});
    this.wire();
    this.takeEarlyChanges();
    return restored.then(function (kept) { self.ready(kept, fromUrl); });
  };

  // Answers in the page that differ from what the server rendered are changes like any other.
  CaptureForm.prototype.takeEarlyChanges = function () {
    var self = this;
    var early = this.order.filter(function (id) {
      return !sameValue(self.valueFrom(id, false), self.valueFrom(id, true));
    });
    early.forEach(function (id) {
      if (self.declineBox(id)) { self.setDeclined(id, self.declineBox(id).checked); }
      self.changed(id, SAVE_DELAY);
    });
  };

  CaptureForm.prototype.ready = function (kept, fromUrl) {
    this.applyRelevance();
    if (kept && kept.step && !fromUrl && !this.touched) { this.showStep(kept.step, false); }
    var errors = document.getElementById("finalise-errors");
    if (errors) { errors.focus(); }
    this.form.setAttribute("data-ready", "1");
    if (Object.keys(this.held).length) { this.showConflicts(); }
    if (Object.keys(this.pending).length || Object.keys(this.resolved).length) { this.persist(); this.flush(); }
  };

  CaptureForm.prototype.wire = function () {
    var self = this;
    var form = this.form;

    form.addEventListener("input", function (event) {
      if (event.target.id === "change-reason") {
        event.target.removeAttribute("aria-invalid");
        if (Object.keys(self.pending).length) { self.schedule(1200); }
        return;
      }
      var id = self.questionOf(event.target);
      if (id && event.target.dataset.decline) { self.setDeclined(id, event.target.checked); }
      if (id) { self.changed(id, event.target.tagName === "TEXTAREA" || event.target.type === "text" ? 1200 : SAVE_DELAY); }
    });
    form.addEventListener("change", function (event) {
      var id = self.questionOf(event.target);
      if (id && event.target.dataset.decline) { self.setDeclined(id, event.target.checked); }
      if (id) { self.changed(id, SAVE_DELAY); }
    });
    // The focused field is never left under the sticky bar or the status line (WCAG 2.4.11).
    form.addEventListener("focusin", function (event) {
      var bar = form.querySelector(".form-actions");
      var target = event.target;
      if (!bar || bar.contains(target)) { return; }
      window.requestAnimationFrame(function () {
        var r = target.getBoundingClientRect();
        var b = bar.getBoundingClientRect();
        var top = self.status ? self.status.getBoundingClientRect().bottom : 0;
        if (r.bottom > b.top) { window.scrollBy(0, r.bottom - b.top + 8); }
        else if (r.top < top) { window.scrollBy(0, r.top - top - 8); }
      });
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
      if (finalising && !self.inFlight && !self.stopped && !Object.keys(self.pending).length &&
          !Object.keys(self.held).length && !Object.keys(self.resolved).length) {
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
        } else if (Object.keys(self.held).length) {
          self.showConflicts();
          document.getElementById("conflict-title").focus();
        }
      });
    });
    window.addEventListener("online", function () { self.retryDelay = FIRST_RETRY; self.flush(); });
    window.addEventListener("offline", function () { if (Object.keys(self.pending).length) { self.say("offline"); } });
    window.addEventListener("pagehide", function () { self.persist(); });
  };

  // ---------------------------------------------------------------- logout, on every page
  // Unsent answers are never deleted by logging out: they stay encrypted for this user, who is warned.
  function guardLogout(capture) {
    var dialog = document.getElementById("sign-in-dialog");
    var warning = dialog ? dialog.getAttribute("data-msg-logout") : "";
    Array.prototype.forEach.call(document.querySelectorAll("form.logout"), function (logout) {
      logout.addEventListener("submit", function (event) {
        if (logout.dataset.confirmed) { return; }
        event.preventDefault();
        var store = device();
        var flushed = capture && !capture.stopped ? capture.flush() : Promise.resolve(true);
        flushed.then(function () { return capture ? capture.writes : null; }).then(function () {
          return store ? store.all(store.currentUser()) : [];
        }).then(function (rows) {
          return rows.filter(function (r) {
            return r.value.kind === "pending" || (r.value.kind === "device" && r.value.sync !== "synced");
          }).length;
        }, function () { return 0; }).then(function (unsent) {
          if (unsent && !window.confirm(warning)) { return; }
          if (capture) { capture.stopped = true; }
          logout.dataset.confirmed = "1";
          // The kept pages go, and so does this device's confirmation of who is signed in:
          // offline, no queue opens again until the server confirms someone (device-store.js).
          var d = window.fiitDevice;
          var forget = Promise.all([
            window.fiitOffline ? window.fiitOffline.forget().catch(function () {}) : null,
            d && d.available ? d.forgetConfirmed().catch(function () {}) : null
          ]);
          forget.then(function () { logout.submit(); });
        });
      });
    });
  }

  window.FiitCaptureForm = CaptureForm;
  window.fiitConditions = {isAnswered: isAnswered, evaluate: evaluate};

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
