/* fiit — offline readiness, on every page of a signed-in user.
 *
 * Registers the service worker (/sw.js, scope /) and, while online, fills its
 * cache with what the field app needs to work offline: the list comes from
 * /interviews/field/precache.json (blank pages only — never an answer).
 * Marks <html data-offline-ready="1"> when done. Signing out empties that
 * cache (the encrypted queue stays, see capture.js).
 */
(function () {
  "use strict";

  var SHELL = "fiit-shell-v2";

  function signedIn() { return window.fiitDevice && window.fiitDevice.currentUser(); }

  function precache(listUrl) {
    return fetch(listUrl, {credentials: "same-origin", redirect: "manual"}).then(function (response) {
      if (!response.ok) { throw new Error("precache list: " + response.status); }
      return response.json();
    }).then(function (list) {
      return caches.open(SHELL).then(function (cache) {
        return Promise.all(list.urls.map(function (url) {
          return fetch(url, {credentials: "same-origin", redirect: "manual"}).then(function (response) {
            if (!response.ok) { throw new Error("precache: " + url + " " + response.status); }
            return cache.put(url, response);
          });
        }));
      });
    }).then(function () {
      document.documentElement.setAttribute("data-offline-ready", "1");
    });
  }

  function init() {
    var meta = document.querySelector("meta[name=fiit-precache]");
    if (!("serviceWorker" in navigator) || !window.caches) { return; }
    navigator.serviceWorker.register("/sw.js", {scope: "/"}).catch(function () {});
    if (!signedIn() || !meta || !navigator.onLine) { return; }
    // The page itself may be the offline copy: only a page fresh from the server refreshes the cache.
    navigator.serviceWorker.ready.then(function () {
      return precache(meta.getAttribute("content"));
    }).catch(function () { /* offline or signed out meanwhile: try again on the next page */ });
  }

  window.fiitOffline = {
    forget: function () { return window.caches ? caches.delete(SHELL) : Promise.resolve(); }
  };

  if (document.readyState === "loading") { document.addEventListener("DOMContentLoaded", init); } else { init(); }
}());
