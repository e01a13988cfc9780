/* fiit — signing in again without leaving the page (session expiry mid-interview).
 *
 * The dialog posts to the real sign-in pages (/login/, then the two-factor code
 * page when the account needs one), exactly as the forms there would: the same
 * checks, lockouts and audit entries. It reads where the server sent it to tell
 * what happened; an error is the text those pages show, in the interface
 * language. ``fiitSignIn.ask()`` resolves once the session is back.
 */
(function () {
  "use strict";

  var waiting = null;

  function tokenFrom(doc) {
    var input = doc.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function page(url, options) {
    return fetch(url, Object.assign({credentials: "same-origin", redirect: "follow"}, options || {}))
      .then(function (response) {
        return response.text().then(function (text) {
          var doc = new DOMParser().parseFromString(text, "text/html");
          return {url: new URL(response.url), response: response, doc: doc, text: text};
        });
      });
  }

  function form(fields) {
    var body = new URLSearchParams();
    Object.keys(fields).forEach(function (k) { body.append(k, fields[k]); });
    return {method: "POST", body: body, headers: {"Content-Type": "application/x-www-form-urlencoded"}};
  }

  function errorsOf(doc) {
    var nodes = doc.querySelectorAll("#login-errors p, .field-error, .form-errors p");
    return Array.prototype.map.call(nodes, function (n) { return n.textContent.trim(); }).filter(Boolean);
  }

  function csrfCookie() {
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function Dialog(el) {
    this.el = el;
    this.form = el.querySelector("form");
    this.errors = el.querySelector("#sign-in-errors");
    this.stage = "password";
    this.sessionUrl = el.dataset.sessionUrl;
    this.loginUrl = el.dataset.loginUrl;
    var self = this;
    this.form.addEventListener("submit", function (event) {
      event.preventDefault();
      self.submit();
    });
    el.addEventListener("cancel", function (event) { event.preventDefault(); });
  }

  Dialog.prototype.show = function (stage) {
    this.stage = stage;
    Array.prototype.forEach.call(this.el.querySelectorAll("[data-sign-in-part]"), function (part) {
      part.hidden = part.dataset.signInPart !== stage;
    });
    if (!this.el.open) { this.el.showModal(); }
    var first = this.el.querySelector(stage === "code" ? "#sign-in-code" : "#sign-in-username");
    if (first) { first.focus(); }
  };

  Dialog.prototype.fail = function (messages) {
    this.errors.textContent = "";
    var self = this;
    messages.forEach(function (text) {
      var p = document.createElement("p");
      p.textContent = text;
      self.errors.appendChild(p);
    });
    this.errors.hidden = !messages.length;
  };

  Dialog.prototype.landed = function (result) {
    var path = result.url.pathname;
    if (path === this.sessionUrl && result.response.ok) {
      this.fail([]);
      this.el.close();
      this.form.reset();
      var done = waiting;
      waiting = null;
      if (done) { done.resolve(JSON.parse(result.text)); }
      return;
    }
    if (path.indexOf("/account/two-factor/verify/") === 0) {
      this.codeToken = tokenFrom(result.doc);
      this.codeUrl = result.url.pathname + result.url.search;
      this.fail(this.stage === "code" ? errorsOf(result.doc) : []);
      this.show("code");
      return;
    }
    if (path.indexOf("/account/two-factor/setup/") === 0) {
      this.fail([this.el.dataset.msgEnrol]);
      return;
    }
    this.fail(errorsOf(result.doc));
    this.show("password");
  };

  Dialog.prototype.submit = function () {
    var self = this;
    var next = this.sessionUrl;
    var sent;
    if (this.stage === "code") {
      sent = page(this.codeUrl, form({csrfmiddlewaretoken: this.codeToken, token: this.el.querySelector("#sign-in-code").value, next: next}));
    } else {
      var username = this.el.querySelector("#sign-in-username").value;
      var password = this.el.querySelector("#sign-in-password").value;
      sent = page(this.loginUrl + "?next=" + encodeURIComponent(next)).then(function (login) {
        if (login.url.pathname === self.sessionUrl) { return login; }  // still signed in after all
        return page(self.loginUrl, form({csrfmiddlewaretoken: tokenFrom(login.doc) || csrfCookie(),
          username: username, password: password, next: next}));
      });
    }
    sent.then(function (result) {
      self.el.querySelector("#sign-in-password").value = "";
      self.el.querySelector("#sign-in-code").value = "";
      self.landed(result);
    }, function () { self.fail([self.el.dataset.msgOffline]); });
  };

  var dialog = null;

  // Resolves with {user, csrf} once signed in again (one dialog, however many callers ask).
  function ask() {
    var el = document.getElementById("sign-in-dialog");
    if (!el || typeof el.showModal !== "function") { return new Promise(function () {}); }
    if (!dialog) { dialog = new Dialog(el); }
    if (!waiting) {
      var resolve;
      var promise = new Promise(function (r) { resolve = r; });
      waiting = {promise: promise, resolve: resolve};
      var user = window.fiitDevice ? window.fiitDevice.currentUser() : "";
      if (user) {
        el.querySelector("#sign-in-username").value = user;  // the queue on this page is this user's
        el.querySelector("#sign-in-username").readOnly = true;
      }
      dialog.show("password");
      if (user) { el.querySelector("#sign-in-password").focus(); }
    }
    return waiting.promise;
  }

  window.fiitSignIn = {ask: ask, csrf: csrfCookie};
}());
