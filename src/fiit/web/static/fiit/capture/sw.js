/* fiit — the service worker (served at /sw.js so that its scope is the whole app).
 *
 * It never stores a page with answers: the only pages in its cache are the ones
 * the signed-in page put there from /interviews/field/precache.json (the field
 * app and blank forms, see offline.js), plus the static files they need.
 * - The kept pages (field app, blank forms): the cached copy at once, so they
 *   open instantly on a slow or absent connection; refreshed behind it when the
 *   server answers with the page itself (never with a redirect to sign in).
 * - Other pages: the network; offline, the field app, else the browser's error.
 *   Signing out empties the cache (offline.js), so a signed-out browser gets
 *   the sign-in page again.
 * - Static files: the cached copy at once, refreshed from the network behind it.
 * - Everything else (saves, syncs, sign-in) goes to the network untouched.
 */
"use strict";

var SHELL = "fiit-shell-v1";

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
    event.respondWith(fromCache(request).then(function (kept) {
      if (kept) {
        var refresh = fetch(url.origin + url.pathname, {credentials: "same-origin", redirect: "manual"})
          .then(function (response) {
            if (response.ok && response.type === "basic") {
              return caches.open(SHELL).then(function (cache) { return cache.put(url.pathname, response); });
            }
          }).catch(function () {});
        event.waitUntil(refresh);
        return kept;
      }
      return fetch(request).catch(function (error) {
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
