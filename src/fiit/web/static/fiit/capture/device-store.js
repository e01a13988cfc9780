/* fiit — the encrypted device queue. No framework, no remote code.
 *
 * What an interviewer has not yet sent to the server (changes to an interview
 * opened online, whole interviews started offline) is kept in IndexedDB,
 * encrypted with AES-GCM (WebCrypto) under a key made on this device for the
 * signed-in user:
 * - the key is generated non-extractable: its bytes can never be read, only
 *   used for encrypt/decrypt, and it is stored in IndexedDB (a CryptoKey is
 *   structured-cloneable), so the queue survives a browser restart;
 * - keys and records are filed under a tag of the user (SHA-256 of the
 *   username), and every ciphertext is bound to that user and record id as
 *   AES-GCM associated data: a record moved under another user does not
 *   decrypt, and the app only ever opens the signed-in user's key;
 * - in clear are only the user tag and the record id (an interview uid).
 * Records are deleted once the server has them (see field.js / capture.js).
 *
 * Whose queue a page may list is never taken from the page alone: a page can
 * be an offline copy kept for whoever signed in before. ``confirmedUser()``
 * asks the server who is signed in (and remembers that user on this device as
 * "confirmed"); offline, it admits the page's user only if that is the user the
 * server confirmed last on this device. Signing out forgets the confirmation.
 */
(function () {
  "use strict";

  var DB_NAME = "fiit-device";
  var DB_VERSION = 2;
  var CONFIRMED = "confirmed";
  var ASK_TIMEOUT = 8000;  // ms: a connection that does not answer counts as none
  var encoder = new TextEncoder();
  var decoder = new TextDecoder();
  var dbPromise = null;
  var keyPromises = {};

  function request(req) {
    return new Promise(function (resolve, reject) {
      req.onsuccess = function () { resolve(req.result); };
      req.onerror = function () { reject(req.error); };
    });
  }

  function database() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var req = window.indexedDB.open(DB_NAME, DB_VERSION);
        req.onupgradeneeded = function () {
          var db = req.result;
          if (!db.objectStoreNames.contains("keys")) { db.createObjectStore("keys", {keyPath: "user"}); }
          if (!db.objectStoreNames.contains("records")) {
            var records = db.createObjectStore("records", {keyPath: "id"});
            records.createIndex("user", "user");
          }
          // version 2: who the server last confirmed as signed in on this device (a user tag only)
          if (!db.objectStoreNames.contains("device")) { db.createObjectStore("device", {keyPath: "name"}); }
        };
        req.onsuccess = function () { resolve(req.result); };
        req.onerror = function () { reject(req.error); };
      });
    }
    return dbPromise;
  }

  function store(name, mode) {
    return database().then(function (db) { return db.transaction(name, mode).objectStore(name); });
  }

  // A write, resolved once its transaction is committed (a page may be left right after).
  function write(name, action) {
    return database().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction(name, "readwrite");
        action(tx.objectStore(name));
        tx.oncomplete = function () { resolve(); };
        tx.onerror = tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function hex(buffer) {
    return Array.prototype.map.call(new Uint8Array(buffer), function (b) {
      return ("0" + b.toString(16)).slice(-2);
    }).join("");
  }

  function userTag(username) {
    return window.crypto.subtle.digest("SHA-256", encoder.encode("fiit-device-user|" + username)).then(hex);
  }

  // The user's key: the one already on this device, or a new non-extractable one.
  function keyFor(username) {
    if (!keyPromises[username]) {
      keyPromises[username] = userTag(username).then(function (tag) {
        return store("keys", "readonly").then(function (keys) { return request(keys.get(tag)); }).then(function (row) {
          if (row && row.key) { return {tag: tag, key: row.key}; }
          return window.crypto.subtle.generateKey({name: "AES-GCM", length: 256}, false, ["encrypt", "decrypt"])
            .then(function (key) {
              return write("keys", function (keys) { keys.put({user: tag, key: key}); })
                .then(function () { return {tag: tag, key: key}; });
            });
        });
      });
    }
    return keyPromises[username];
  }

  function associated(tag, id) { return encoder.encode("fiit-device|" + tag + "|" + id); }

  // Keep ``value`` (any JSON) under ``id`` for ``username``, encrypted.
  function put(username, id, value) {
    return keyFor(username).then(function (k) {
      var iv = window.crypto.getRandomValues(new Uint8Array(12));
      return window.crypto.subtle.encrypt({name: "AES-GCM", iv: iv, additionalData: associated(k.tag, id)},
        k.key, encoder.encode(JSON.stringify(value))).then(function (sealed) {
        return write("records", function (records) {
          records.put({id: k.tag + ":" + id, user: k.tag, iv: iv, sealed: sealed});
        });
      });
    });
  }

  function open(k, row) {
    var id = row.id.slice(k.tag.length + 1);
    return window.crypto.subtle.decrypt({name: "AES-GCM", iv: row.iv, additionalData: associated(k.tag, id)},
      k.key, row.sealed).then(function (plain) { return {id: id, value: JSON.parse(decoder.decode(plain))}; });
  }

  // The value under ``id`` for ``username``, or null.
  function get(username, id) {
    return keyFor(username).then(function (k) {
      return store("records", "readonly").then(function (records) {
        return request(records.get(k.tag + ":" + id));
      }).then(function (row) { return row ? open(k, row).then(function (r) { return r.value; }) : null; });
    });
  }

  // Every record of ``username``: [{id, value}], oldest first by id order.
  function all(username) {
    return keyFor(username).then(function (k) {
      return store("records", "readonly").then(function (records) {
        return request(records.index("user").getAll(k.tag));
      }).then(function (rows) {
        return Promise.all(rows.map(function (row) {
          return open(k, row).catch(function () { return null; });
        })).then(function (opened) { return opened.filter(Boolean); });
      });
    });
  }

  function remove(username, id) {
    return userTag(username).then(function (tag) {
      return write("records", function (records) { records.delete(tag + ":" + id); });
    });
  }

  // How many records ``username`` has on this device (no decryption needed).
  function count(username) {
    return userTag(username).then(function (tag) {
      return store("records", "readonly").then(function (records) { return request(records.index("user").count(tag)); });
    });
  }

  function currentUser() {
    var meta = document.querySelector("meta[name=fiit-user]");
    return meta ? meta.getAttribute("content") : "";
  }

  function rememberConfirmed(username) {
    return userTag(username).then(function (tag) {
      return write("device", function (rows) { rows.put({name: CONFIRMED, tag: tag}); });
    });
  }

  // Signing out: no queue opens offline on this device until the server confirms someone again.
  function forgetConfirmed() {
    return write("device", function (rows) { rows.delete(CONFIRMED); });
  }

  function lastConfirmedTag() {
    return store("device", "readonly").then(function (rows) { return request(rows.get(CONFIRMED)); })
      .then(function (row) { return row ? row.tag : ""; });
  }

  // Ask the server who is signed in: {user} (""), or a rejection when there is no answer (offline).
  function askServer(sessionUrl) {
    var controller = window.AbortController ? new AbortController() : null;
    var timer = controller ? window.setTimeout(function () { controller.abort(); }, ASK_TIMEOUT) : null;
    return fetch(sessionUrl, {credentials: "same-origin", redirect: "manual", cache: "no-store",
      headers: {"Accept": "application/json"}, signal: controller ? controller.signal : undefined})
      .then(function (response) {
        window.clearTimeout(timer);
        if (response.type === "opaqueredirect" || response.status === 401 || response.status === 403) {
          return {user: ""};  // the server answered: nobody is signed in
        }
        if (!response.ok) { throw new Error("session: " + response.status); }
        return response.json().then(function (body) { return {user: String(body.user || "")}; });
      }, function (error) { window.clearTimeout(timer); throw error; });
  }

  // Whose queue this page may open: resolves with {user, online, reason}.
  // - online: the user the server says is signed in ("" when nobody is: reason "signed-out");
  //   a page naming someone else gets user "" and reason "other-user" (it is an old copy);
  // - offline: the page's user, if the server confirmed that user last on this device, else
  //   "" with reason "unconfirmed".
  function confirmedUser(sessionUrl) {
    var named = currentUser();
    return askServer(sessionUrl).then(function (server) {
      if (!server.user) { return {user: "", online: true, reason: "signed-out"}; }
      return rememberConfirmed(server.user).then(function () {
        if (named && server.user !== named) { return {user: "", online: true, reason: "other-user", server: server.user}; }
        return {user: server.user, online: true, reason: ""};
      });
    }, function () {
      if (!named) { return {user: "", online: false, reason: "unconfirmed"}; }
      return Promise.all([userTag(named), lastConfirmedTag()]).then(function (tags) {
        var ok = tags[1] !== "" && tags[0] === tags[1];
        return {user: ok ? named : "", online: false, reason: ok ? "" : "unconfirmed"};
      });
    });
  }

  window.fiitDevice = {
    available: Boolean(window.indexedDB && window.crypto && window.crypto.subtle),
    put: put, get: get, all: all, remove: remove, count: count, currentUser: currentUser,
    confirmedUser: confirmedUser, forgetConfirmed: forgetConfirmed
  };
}());
