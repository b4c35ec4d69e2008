// Tejido works without this script. With it, a service worker keeps the pages she last
// read for reading offline (on her own phone only) and keeps forms sent without a
// network, to send them when it returns, each with the key its form was made with.
if ("serviceWorker" in navigator) {
  const replay = () => navigator.serviceWorker.ready.then((r) => r.active && r.active.postMessage({ replay: true }));
  navigator.serviceWorker.register("/sw.js").then(replay, () => {});
  window.addEventListener("online", replay);
}
