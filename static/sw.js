// Tejido's service worker. Pages stay server-made; this only (1) keeps the stylesheet and
// icons, (2) keeps pages for reading offline when the server says the phone is hers alone
// (x-tejido-keep), never a shared phone's, and (3) keeps a form sent without a network in
// an outbox and sends it when the network returns. Each form carries the idempotency key
// minted when it was made, so a form sent twice counts once and a changed one is refused.
const STATIC = "tejido-static-1";
const PAGES = "tejido-pages-1";

self.addEventListener("install", (e) => {
  e.waitUntil(caches.open(STATIC).then((c) => c.add("/offline")).then(() => self.skipWaiting()));
});
self.addEventListener("activate", (e) => e.waitUntil(self.clients.claim()));

function outbox(mode, fn) {
  return new Promise((ok, fail) => {
    const open = indexedDB.open("tejido", 1);
    open.onupgradeneeded = () => open.result.createObjectStore("outbox", { keyPath: "key" });
    open.onerror = () => fail(open.error);
    open.onsuccess = () => {
      const tx = open.result.transaction("outbox", mode);
      const r = fn(tx.objectStore("outbox"));
      tx.oncomplete = () => ok(r && r.result);
      tx.onerror = () => fail(tx.error);
    };
  });
}

let replaying = null;
function replay() {
  // One replay at a time; a second request waits for the first.
  replaying = (replaying || Promise.resolve()).then(async () => {
    const items = (await outbox("readonly", (s) => s.getAll())) || [];
    for (const item of items) {
      try {
        await fetch(item.url, {
          method: "POST",
          body: item.body,
          headers: { "content-type": "application/x-www-form-urlencoded", "x-tejido-offline": String(item.at) },
          credentials: "same-origin",
          redirect: "manual",
        });
      } catch (_) {
        return; // still offline: keep it
      }
      await outbox("readwrite", (s) => s.delete(item.key));
    }
  }).finally(() => { replaying = null; });
  return replaying;
}

async function offlinePage() {
  return (await caches.match("/offline")) || new Response("offline", { status: 503 });
}

async function postOrKeep(req) {
  const body = await req.clone().text();
  try {
    const resp = await fetch(req);
    replay();
    return resp;
  } catch (_) {
    const key = new URLSearchParams(body).get("idem") || String(Date.now());
    await outbox("readwrite", (s) => s.put({ key, url: req.url, body, at: Date.now() }));
    return offlinePage();
  }
}

async function networkFirst(req) {
  try {
    const resp = await fetch(req);
    const cache = await caches.open(PAGES);
    if (resp.ok && resp.headers.get("x-tejido-keep") === "1") {
      cache.put(req, resp.clone());
    } else {
      // Not hers to keep (a shared phone, another person): nothing stays.
      cache.delete(req);
    }
    return resp;
  } catch (_) {
    return (await caches.match(req, { cacheName: PAGES })) || offlinePage();
  }
}

self.addEventListener("fetch", (e) => {
  const req = e.request;
  const url = new URL(req.url);
  if (url.origin !== self.location.origin) return;
  const auth = /^\/(login|logout|switch)/.test(url.pathname);
  if (req.method === "POST" && req.mode === "navigate" && !auth) {
    e.respondWith(postOrKeep(req));
  } else if (req.method === "GET" && url.pathname.startsWith("/static/")) {
    e.respondWith(caches.match(req).then((hit) => hit || fetch(req).then((resp) => {
      const copy = resp.clone();
      caches.open(STATIC).then((c) => c.put(req, copy));
      return resp;
    })));
  } else if (req.method === "GET" && req.mode === "navigate") {
    e.respondWith(networkFirst(req));
  }
});

self.addEventListener("message", (e) => { if (e.data && e.data.replay) e.waitUntil(replay()); });
self.addEventListener("sync", (e) => e.waitUntil(replay()));
