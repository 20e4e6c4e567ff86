// The Popular Vote's proof-of-work challenge (voting/botcheck.py): the ALTCHA widget finds the
// answer in a web worker served from our own static files (the widget's "external" build bundles
// none, so the site's Content Security Policy needs no blob: or inline code), then starts at once,
// so that a person only waits a few seconds and clicks nothing.
const widgets = document.querySelectorAll("altcha-widget[data-worker]");
for (const widget of widgets) {
  const workerUrl = widget.dataset.worker;
  globalThis.$altcha.algorithms.set("PBKDF2/SHA-256", () => new Worker(workerUrl));
}
for (const widget of widgets) {
  widget.verify();
}
