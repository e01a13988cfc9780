/* fiit — the field app: start, hold, finalise interviews on the device, offline; send them later.
 *
 * Every interview started here lives in the encrypted device queue
 * (device-store.js) under its own id, a random UUID made here, which is also
 * its id on the server: a retried sync finds the interview it made the first
 * time and never makes a second one. The respondent code is made here too
 * (random, from the same alphabet as the server's); the server keeps it unless
 * the study already has it, and then says which code it gave instead.
 *
 * Sync states: local (no consent yet), pending, sending, synced, conflict
 * (the server copy changed meanwhile: the interviewer chooses per question),
 * needs_review (the server refused to finalise), locked, refused.
 * A finalised interview that reached the server keeps only a receipt on the
 * device (code, instrument, status): its answers and consent are deleted.
 */
(function () {
  "use strict";

  var device = window.fiitDevice;
  var ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ";
  var LETTER = {victim: "V", policymaker: "P", service_provider: "S"};
  var DECLINED = "declined";
  var user = "";  // set by init() once the server (or, offline, this device) confirmed who is signed in
  var messages = document.getElementById("field-messages");
  var syncing = null;

  function text(name) { return messages ? (messages.getAttribute("data-" + name) || "") : ""; }

  function randomCode(country, instrument) {
    var out = "";
    while (out.length < 6) {
      var bytes = window.crypto.getRandomValues(new Uint8Array(12));
      for (var i = 0; i < bytes.length && out.length < 6; i++) {
        if (bytes[i] < 248) { out += ALPHABET[bytes[i] % 31]; }  // 248 = 8 × 31: no bias
      }
    }
    return country + "-" + (LETTER[instrument] || "X") + "-" + out;
  }

  function today() {
    var d = new Date();
    return d.getFullYear() + "-" + ("0" + (d.getMonth() + 1)).slice(-2) + "-" + ("0" + d.getDate()).slice(-2);
  }

  function needsSending(rec) {
    return rec.kind === "device" && rec.consent && (rec.sync === "pending" || rec.sync === "sending");
  }

  // ---------------------------------------------------------------- sync
  function post(url, rec) {
    return fetch(url, {
      method: "POST", credentials: "same-origin", redirect: "manual",
      headers: {"Content-Type": "application/json", "Accept": "application/json",
        "X-CSRFToken": window.fiitSignIn ? window.fiitSignIn.csrf() : ""},
      body: JSON.stringify({interview: {
        uid: rec.uid, instrument: rec.instrument, country: rec.country, language: rec.language,
        respondent_code: rec.respondent_code, interview_date: rec.interview_date, consent: rec.consent,
        answers: rec.answers, finalise: Boolean(rec.finalise), base_version: rec.base_version
      }})
    });
  }

  // What the server said, applied to the record as it is now (it may have changed meanwhile).
  function apply(sent, outcome) {
    return device.get(user, sent.uid).then(function (rec) {
      if (!rec) { return null; }
      var untouched = rec.rev === sent.rev;
      rec.base_version = outcome.version || rec.base_version;
      if (outcome.respondent_code && outcome.respondent_code !== rec.respondent_code) {
        rec.code_changed_from = rec.respondent_code;
        rec.respondent_code = outcome.respondent_code;
      }
      rec.rejected = outcome.rejected || {};
      if (outcome.state === "synced") {
        rec.status = outcome.status;
        rec.sync = untouched ? "synced" : "pending";
        if (untouched && outcome.status === "final") {
          rec = {kind: "device", receipt: true, uid: rec.uid, instrument: rec.instrument, country: rec.country,
            language: rec.language, respondent_code: rec.respondent_code, code_changed_from: rec.code_changed_from,
            created_at: rec.created_at, status: "final", sync: "synced", answers: {}, rev: rec.rev};
        }
      } else if (outcome.state === "conflict") {
        rec.sync = "conflict";
        rec.server_answers = outcome.server_answers || {};
      } else if (outcome.state === "needs_review") {
        rec.sync = "needs_review";
        rec.finalise = false;
        rec.status = "draft";
        rec.errors = outcome.finalise_errors || {};
      } else {
        rec.sync = outcome.state;
      }
      return device.put(user, rec.uid, rec).then(function () { return rec; });
    });
  }

  function refuse(sent, message) {
    return device.get(user, sent.uid).then(function (rec) {
      if (!rec) { return null; }
      rec.sync = "refused";
      rec.error = message;
      return device.put(user, rec.uid, rec).then(function () { return rec; });
    });
  }

  // Send one record. Resolves with "done", "offline" or "session".
  function sendOne(url, rec) {
    return post(url, rec).then(function (response) {
      if (response.type === "opaqueredirect" || response.status === 0) { return "session"; }
      var json = (response.headers.get("Content-Type") || "").indexOf("application/json") >= 0;
      if (!json) { return response.status === 403 ? "session" : "offline"; }
      return response.json().then(function (body) {
        if (response.ok) { return apply(rec, body).then(function () { return "done"; }); }
        if (response.status >= 500) { return "offline"; }
        return refuse(rec, body && body.error ? body.error.message : "").then(function () { return "done"; });
      });
    }, function () { return "offline"; });
  }

  // Send every interview waiting on this device, one at a time. Resolves with the last state.
  function syncAll(url, onChange) {
    if (syncing) { return syncing; }
    syncing = device.all(user).then(function (rows) {
      var waiting = rows.map(function (r) { return r.value; }).filter(needsSending);
      var state = "done";
      var chain = Promise.resolve();
      waiting.forEach(function (rec) {
        chain = chain.then(function () {
          if (state !== "done") { return; }
          return sendOne(url, rec).then(function (result) {
            state = result;
            if (onChange) { onChange(); }
          });
        });
      });
      return chain.then(function () { return state; });
    }).then(function (state) {
      syncing = null;
      if (state === "session" && window.fiitSignIn) {
        window.fiitSignIn.ask().then(function () { syncAll(url, onChange); });
      }
      return state;
    }, function (error) { syncing = null; throw error; });
    return syncing;
  }

  function sayState(el, state) {
    if (!el) { return; }
    el.textContent = text(state === "done" ? "msg-all-sent" : "msg-" + state);
  }

  // ---------------------------------------------------------------- the app page
  function App(root) {
    this.root = root;
    this.syncUrl = root.dataset.syncUrl;
    this.formUrl = root.dataset.formUrl;
    this.status = document.getElementById("field-sync-status");
  }

  App.prototype.urlFor = function (rec) {
    return this.formUrl.replace("INSTRUMENT", rec.instrument).replace("CC", rec.country)
      .replace("LL", rec.language) + "#" + rec.uid;
  };

  App.prototype.render = function () {
    var self = this;
    return device.all(user).then(function (rows) {
      var recs = rows.map(function (r) { return r.value; }).filter(function (r) { return r.kind === "device"; });
      recs.sort(function (a, b) { return (b.created_at || "").localeCompare(a.created_at || ""); });
      var body = self.root.querySelector("#field-list tbody");
      body.textContent = "";
      var names = {};
      Array.prototype.forEach.call(self.root.querySelectorAll("#field-instrument option"), function (o) {
        names[o.value] = o.textContent;
      });
      recs.forEach(function (rec) {
        var tr = document.createElement("tr");
        tr.dataset.uid = rec.uid;
        tr.dataset.sync = rec.sync;
        var code = document.createElement("td");
        if (rec.receipt) { code.textContent = rec.respondent_code; } else {
          var a = document.createElement("a");
          a.href = self.urlFor(rec);
          a.textContent = rec.respondent_code;
          code.appendChild(a);
        }
        var instrument = document.createElement("td");
        instrument.textContent = names[rec.instrument] || rec.instrument;
        var status = document.createElement("td");
        status.textContent = text("status-" + (rec.status === "final" ? "final" : "draft"));
        var sync = document.createElement("td");
        sync.className = "sync-state sync-" + rec.sync;
        sync.textContent = text("state-" + rec.sync) + (rec.error ? " — " + rec.error : "");
        [code, instrument, status, sync].forEach(function (td) { tr.appendChild(td); });
        body.appendChild(tr);
      });
      document.getElementById("field-empty").hidden = recs.length > 0;
      self.root.querySelector("#field-list").hidden = recs.length === 0;
      if (recs.some(needsSending)) { self.status.textContent = text("msg-some-left"); }
      self.root.setAttribute("data-ready", "1");
    });
  };

  App.prototype.sync = function () {
    var self = this;
    return syncAll(this.syncUrl, function () { self.render(); }).then(function (state) {
      return self.render().then(function () { sayState(self.status, state); });
    });
  };

  App.prototype.start = function () {
    var self = this;
    var form = document.getElementById("field-new");
    var instrument = document.getElementById("field-instrument");
    var language = document.getElementById("field-language");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var errorBox = document.getElementById("field-instrument-error");
      var langBox = document.getElementById("field-language-error");
      errorBox.textContent = langBox.textContent = "";
      instrument.removeAttribute("aria-invalid");
      language.removeAttribute("aria-invalid");
      if (!instrument.value) {
        errorBox.textContent = errorBox.dataset.msg;
        instrument.setAttribute("aria-invalid", "true");
        instrument.focus();
        return;
      }
      var langs = (instrument.selectedOptions[0].dataset.languages || "").split(" ");
      if (langs.indexOf(language.value) < 0) {
        langBox.textContent = langBox.dataset.msg;
        language.setAttribute("aria-invalid", "true");
        language.focus();
        return;
      }
      var country = document.getElementById("field-country").value;
      var rec = {
        kind: "device", uid: window.crypto.randomUUID(), instrument: instrument.value, country: country,
        language: language.value, respondent_code: randomCode(country, instrument.value),
        interview_date: today(), created_at: new Date().toISOString(), consent: null, answers: {},
        finalise: false, status: "draft", sync: "local", base_version: null, rev: 0, step: 1
      };
      device.put(user, rec.uid, rec).then(function () { window.location.href = self.urlFor(rec); });
    });
    document.getElementById("sync-now").addEventListener("click", function () { self.sync(); });
    window.addEventListener("online", function () { self.sync(); });
    if (window.location.hash === "#new") { instrument.focus(); }
    this.render().then(function () { if (navigator.onLine) { self.sync(); } });
  };

  // ---------------------------------------------------------------- one interview
  function Interview(root) {
    this.root = root;
    this.syncUrl = root.dataset.syncUrl;
    this.uid = window.location.hash.slice(1);
    this.saving = Promise.resolve();
  }

  Interview.prototype.part = function (name) {
    var self = this;
    ["field-consent", "field-questions", "field-review", "field-done"].forEach(function (id) {
      self.root.querySelector("#" + id).hidden = id !== name;
    });
    var heading = {"field-consent": "#consent-title", "field-review": "#review-title", "field-done": "#done-title"}[name];
    if (heading) { this.root.querySelector(heading).focus(); }
  };

  Interview.prototype.facts = function () {
    var rec = this.rec;
    this.root.querySelector("#field-code").textContent = rec.respondent_code;
    this.root.querySelector("#field-status").textContent = text("status-" + (rec.status === "final" || rec.finalise ? "final" : "draft"));
    var sync = this.root.querySelector("#field-sync");
    sync.textContent = text("state-" + rec.sync);
    sync.className = "sync-state sync-" + rec.sync;
    if (rec.code_changed_from) {
      var note = this.root.querySelector("#field-code-changed");
      note.textContent = text("msg-code-changed") + " (" + rec.code_changed_from + " → " + rec.respondent_code + ")";
      note.hidden = false;
    }
  };

  // Keep the record (one write at a time, in order).
  Interview.prototype.save = function (change) {
    var self = this;
    this.saving = this.saving.then(function () {
      if (change) { change(self.rec); }
      self.rec.rev = (self.rec.rev || 0) + 1;
      if (self.rec.consent && self.rec.sync !== "conflict") { self.rec.sync = "pending"; }
      return device.put(user, self.uid, self.rec);
    }).then(function () { self.facts(); return true; }, function () {
      if (self.capture) { self.capture.say("error"); }
      return false;
    });
    return this.saving;
  };

  Interview.prototype.sync = function () {
    var self = this;
    return this.saving.then(function () { return syncAll(self.syncUrl); }).then(function () {
      return device.get(user, self.uid);
    }).then(function (rec) {
      if (!rec) { return; }
      var wasConflict = rec.sync === "conflict" && self.rec.sync !== "conflict";
      self.rec = rec;
      self.facts();
      if (wasConflict) { self.showConflict(); }
    }).catch(function () {});
  };

  Interview.prototype.start = function () {
    var self = this;
    device.get(user, this.uid).then(function (rec) {
      var root = self.root;
      if (!rec || rec.kind !== "device" || rec.receipt || rec.instrument !== root.dataset.instrument ||
          rec.country !== root.dataset.country || rec.language !== root.dataset.lang) {
        root.querySelector("#field-missing").hidden = false;
        return;
      }
      self.rec = rec;
      self.facts();
      self.wireConsent();
      self.wireQuestions();
      if (rec.sync === "conflict") { self.showConflict(); }
      if (!rec.consent) { self.part("field-consent"); }
      else if (rec.finalise) { self.part("field-done"); }
      else if (rec.sync === "needs_review") { self.review(); }
      else { self.part("field-questions"); }
      root.setAttribute("data-ready", "1");
      window.addEventListener("online", function () { self.sync(); });
      if (navigator.onLine && rec.consent) { self.sync(); }
    }, function () { self.root.querySelector("#field-missing").hidden = false; });
  };

  Interview.prototype.wireConsent = function () {
    var self = this;
    var form = this.root.querySelector("#field-consent-form");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var research = form.querySelector("#id_research_use");
      var errors = self.root.querySelector("#consent-errors");
      if (!research.checked) {
        errors.hidden = false;
        research.setAttribute("aria-invalid", "true");
        research.focus();
        return;
      }
      self.save(function (rec) {
        rec.consent = {research_use: true, quotes: form.querySelector("#id_quotes").checked,
          follow_up: form.querySelector("#id_follow_up").checked, recorded_at: new Date().toISOString()};
      }).then(function () {
        self.part("field-questions");
        self.capture.showStep(1, true);
        if (navigator.onLine) { self.sync(); }
      });
    });
  };

  Interview.prototype.wireQuestions = function () {
    var self = this;
    var form = this.root.querySelector("#capture-form");
    var capture = new window.FiitCaptureForm(form);
    this.capture = capture;
    capture.restore = function () {
      Object.keys(self.rec.answers || {}).forEach(function (id) {
        if (!(id in capture.pending)) { capture.setValue(id, self.rec.answers[id]); }  // typed meanwhile: newer
      });
      return {step: self.rec.step || 1};
    };
    capture.persist = function () {};
    capture.schedule = function (delay) {
      window.clearTimeout(capture.timer);
      capture.timer = window.setTimeout(function () { capture.flush(); }, Math.min(delay, 300));
    };
    capture.flush = function () {
      window.clearTimeout(capture.timer);
      var changes = capture.pending;
      capture.pending = {};
      var step = capture.current;
      if (!Object.keys(changes).length && self.rec.step === step) { return self.saving.then(function () { return true; }); }
      capture.say("saving");
      return self.save(function (rec) {
        Object.keys(changes).forEach(function (id) {
          if (changes[id] === null || changes[id] === undefined) { delete rec.answers[id]; }
          else { rec.answers[id] = changes[id]; }
        });
        rec.step = step;
      }).then(function (ok) {
        if (ok) { capture.say("saved"); if (navigator.onLine) { self.sync(); } }
        return ok;
      });
    };
    capture.start();
    this.root.querySelector("#review-button").addEventListener("click", function () {
      capture.flush().then(function () { self.review(); });
    });
    this.root.querySelector("#review-back").addEventListener("click", function () {
      self.part("field-questions");
      capture.showStep(capture.current, true);
    });
    this.root.querySelector("#finalise-button").addEventListener("click", function () { self.finalise(); });
    this.root.querySelector("#field-review").addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-goto]") : null;
      if (!link) { return; }
      event.preventDefault();
      self.part("field-questions");
      capture.showStep(Number(link.dataset.step), false);
      var target = document.getElementById("question-" + link.dataset.goto);
      var input = target && target.querySelector("input:not([disabled]), textarea, select");
      if (input) { input.focus(); } else if (target) { target.scrollIntoView(); }
    });
  };

  Interview.prototype.labelOf = function (id) {
    var el = document.getElementById("question-" + id);
    var label = el && el.querySelector("legend, .question-label");
    if (!label) { return id; }
    var copy = label.cloneNode(true);
    Array.prototype.forEach.call(copy.querySelectorAll(".tag"), function (tag) { tag.remove(); });
    return copy.textContent.replace(/\s+/g, " ").trim();
  };

  Interview.prototype.stepOf = function (id) {
    var el = document.getElementById("question-" + id);
    var section = el && el.closest("section.step");
    return section ? section.dataset.step : "1";
  };

  Interview.prototype.reviewItem = function (list, id, extra) {
    var li = document.createElement("li");
    var a = document.createElement("a");
    a.href = "#question-" + id;
    a.dataset.goto = id;
    a.dataset.step = this.stepOf(id);
    a.textContent = this.labelOf(id);
    li.appendChild(a);
    if (extra) {
      var span = document.createElement("span");
      span.textContent = " — " + extra;
      li.appendChild(span);
    }
    list.appendChild(li);
  };

  // The review page: what is not answered, what was declined, what the server refused.
  Interview.prototype.review = function () {
    var self = this;
    var capture = this.capture;
    capture.applyRelevance();
    var unanswered = this.root.querySelector("#review-unanswered");
    var declined = this.root.querySelector("#review-declined");
    unanswered.textContent = declined.textContent = "";
    var missingRequired = 0;
    capture.order.forEach(function (id) {
      var el = capture.questions[id];
      if (el.hidden) { return; }  // not applicable: routing skipped it
      var value = capture.valueOf(id);
      if (value === DECLINED) { self.reviewItem(declined, id); }
      else if (!window.fiitConditions.isAnswered(value)) {
        self.reviewItem(unanswered, id, el.dataset.required ? el.querySelector(".tag-required").textContent : "");
        if (el.dataset.required) { missingRequired += 1; }
      }
    });
    this.root.querySelector("#review-none-unanswered").hidden = unanswered.children.length > 0;
    this.root.querySelector("#review-none-declined").hidden = declined.children.length > 0;
    this.root.querySelector("#review-required").hidden = missingRequired === 0;
    this.missingRequired = missingRequired;
    var errors = this.root.querySelector("#review-errors");
    var list = errors.querySelector("ul");
    list.textContent = "";
    Object.keys(this.rec.errors || {}).forEach(function (id) {
      self.reviewItem(list, id, (self.rec.errors[id] || []).join(" "));
    });
    errors.hidden = list.children.length === 0;
    this.part("field-review");
  };

  Interview.prototype.finalise = function () {
    var self = this;
    var confirm = this.root.querySelector("#review-confirm");
    if (this.missingRequired) { this.root.querySelector("#review-required").focus(); return; }
    if (!confirm.checked) {
      confirm.setAttribute("aria-invalid", "true");
      confirm.focus();
      return;
    }
    this.save(function (rec) { rec.finalise = true; rec.errors = {}; }).then(function () {
      self.part("field-done");
      if (navigator.onLine) { self.sync(); }
    });
  };

  // An answer as the interviewer reads it (the same as a server-started interview's conflict, capture.js).
  Interview.prototype.display = function (id, value) {
    return this.capture.display(id, value, this.root.querySelector("#conflict-list"));
  };

  Interview.prototype.showConflict = function () {
    var self = this;
    var rec = this.rec;
    var server = rec.server_answers || {};
    var list = this.root.querySelector("#conflict-list");
    list.textContent = "";
    var ids = Object.keys(Object.assign({}, server, rec.answers)).filter(function (id) {
      return JSON.stringify(server[id] === undefined ? null : server[id]) !==
        JSON.stringify(rec.answers[id] === undefined ? null : rec.answers[id]);
    });
    ids.forEach(function (id) {
      var fieldset = document.createElement("fieldset");
      fieldset.className = "conflict-choice";
      fieldset.dataset.question = id;
      var legend = document.createElement("legend");
      legend.textContent = self.labelOf(id);
      legend.lang = self.root.dataset.lang;
      fieldset.appendChild(legend);
      [["device", rec.answers[id]], ["server", server[id]]].forEach(function (pair, i) {
        var label = document.createElement("label");
        label.className = "choice";
        var input = document.createElement("input");
        input.type = "radio";
        input.name = "conflict-" + id;
        input.value = pair[0];
        input.checked = i === 1;
        label.appendChild(input);
        label.appendChild(document.createTextNode(" " + list.dataset[pair[0]] + ": " + self.display(id, pair[1])));
        fieldset.appendChild(label);
      });
      list.appendChild(fieldset);
    });
    var box = this.root.querySelector("#field-conflict");
    box.hidden = false;
    box.querySelector("#conflict-title").focus();
    box.querySelector("#conflict-resolve").onclick = function () {
      self.save(function (r) {
        ids.forEach(function (id) {
          var picked = list.querySelector("input[name='conflict-" + id + "']:checked");
          var value = picked && picked.value === "server" ? server[id] : r.answers[id];
          if (value === undefined || value === null) { delete r.answers[id]; } else { r.answers[id] = value; }
        });
        r.server_answers = null;
        r.sync = "pending";
      }).then(function () {
        box.hidden = true;
        Object.keys(self.capture.questions).forEach(function (id) {
          self.capture.setValue(id, self.rec.answers[id] === undefined ? null : self.rec.answers[id]);
        });
        self.capture.applyRelevance();
        self.sync();
      });
    };
  };

  function notice(message) {
    var note = document.createElement("p");
    note.className = "problem-box";
    note.id = "field-notice";
    note.setAttribute("role", "alert");
    note.textContent = message;
    var main = document.getElementById("main");
    if (main && messages) { main.insertBefore(note, main.firstChild); }
  }

  // The page may be an offline copy kept for whoever signed in before: list nothing until the server
  // says who is signed in (offline: until this device says the page's user is the one confirmed last).
  function whoMayOpen() {
    var root = document.getElementById("field-app") || document.getElementById("field-interview");
    var sessionUrl = root ? root.dataset.sessionUrl : "";
    return device.confirmedUser(sessionUrl).then(function (who) {
      if (who.user) { return who.user; }
      if (who.reason === "other-user") {
        // An old copy of the page: fetch it again from the server (once per tab).
        if (!window.sessionStorage.getItem("fiit-field-reloaded")) {
          window.sessionStorage.setItem("fiit-field-reloaded", "1");
          window.location.reload();
          return "";
        }
        notice(text("msg-other-user"));
        return "";
      }
      if (who.reason === "signed-out" && window.fiitSignIn) {
        notice(text("msg-session"));
        return window.fiitSignIn.ask().then(function () {
          var note = document.getElementById("field-notice");
          if (note) { note.remove(); }
          return whoMayOpen();  // signed in again: the server confirms (and this device remembers) who
        });
      }
      notice(text("msg-unconfirmed"));
      return "";
    }).then(function (confirmed) {
      if (confirmed) { window.sessionStorage.removeItem("fiit-field-reloaded"); }
      return confirmed;
    });
  }

  function init() {
    if (!device || !device.available || !device.currentUser()) {
      notice(text("msg-no-device"));
      return;
    }
    whoMayOpen().then(function (confirmed) {
      if (!confirmed) { return; }
      user = confirmed;
      var app = document.getElementById("field-app");
      if (app) { new App(app).start(); }
      var one = document.getElementById("field-interview");
      if (one) { window.fiitField = new Interview(one); window.fiitField.start(); }
    });
  }

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
