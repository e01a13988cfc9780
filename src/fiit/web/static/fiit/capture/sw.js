/* fiit — the service worker (served at /sw.js so that its scope is the whole app).
 *
 * It never stores a page with answers: the only pages in its cache are the ones
 * the signed-in page put there from /interviews/field/precache.json (the field
 * app and blank forms, see offline.js), plus the static files they need.
 * - Pages (navigations): the network first, always, so that a connected browser
 *   shows the page of whoever is signed in now. When the network fails: the kept
 *   copy of that page, else the kept field app, else the browser's error. When
 *   the server sends a kept page's request to sign in (the session ended): the
 *   kept copy, which then asks for the sign-in in place. The worker never writes a page into the cache itself:
 *   a kept page names the user who was signed in when it was kept, and a refresh
 *   behind a signed-out browser's back could bring it back after sign-out
 *   emptied the cache. The field app asks the server who is signed in before it
 *   lists a queue (device-store.js confirmedUser), whatever copy it came from.
 * - Static files: the cached copy at once, refreshed from the network behind it.
 * - Everything else (saves, syncs, sign-in) goes to the network untouched.
 */
"use strict";

var SHELL = "fiit-shell-v2";  // offline.js fills it (same name)

self.addEventListener("install", function () { self.skipWaiting(); });
self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (n) { return n.indexOf("fiit-shell-") === 0 && n !== SHELL; })
      .map(function (n) { return caches.delete(n); }));
  }).then(function () { return self.clients.claim(); }));
});

function fromCache(request) {
  return caches.open(SHELL).then(function (cache) {
    return cache.match(request, {ignoreSearch: true, ignoreVary: true});
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") { return; }
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) { return; }
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).then(function (response) {
      // The session ended (a browser restart ends it) and the server sends the browser to sign in: a kept
      // page opens instead, and asks the server itself who is signed in before it shows anything.
      if (response.type !== "opaqueredirect") { return response; }
      return fromCache(request).then(function (kept) { return kept || response; });
    }, function (error) {
      return fromCache(request).then(function (kept) {
        if (kept) { return kept; }
        return caches.open(SHELL).then(function (cache) { return cache.match("/interviews/field/"); })
          .then(function (app) { if (app) { return app; } throw error; });
      });
    }));
    return;
  }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(fromCache(request).then(function (hit) {
      var fresh = fetch(request).then(function (response) {
        if (response.ok) {
          var copy = response.clone();
          caches.open(SHELL).then(function (cache) { cache.put(request, copy); });
        }
        return response;
      });
      if (hit) { fresh.catch(function () {}); return hit; }
      return fresh;
    }));
  }
});
