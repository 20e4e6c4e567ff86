// Character counters for long answers: "1,234 / 3,000". The server enforces the limit; this only
// warns early. Thai characters are single code points, so [...text].length counts what Python counts.
(function () {
  "use strict";
  const format = (n) => n.toLocaleString(document.documentElement.lang === "th" ? "th-TH" : "en-GB");
  function attach(area) {
    const limit = Number(area.dataset.maxChars);
    let counter = area.dataset.counter ? document.getElementById(area.dataset.counter) : null;
    if (!counter) {
      counter = document.createElement("div");
      counter.className = "char-counter small";
      area.insertAdjacentElement("afterend", counter);
    }
    const update = () => {
      const count = [...area.value].length;
      counter.textContent = `${format(count)} / ${format(limit)}`;
      counter.classList.toggle("over-limit", count > limit);
    };
    area.addEventListener("input", update);
    update();
  }
  document.querySelectorAll("textarea[data-max-chars]").forEach(attach);
})();
