// Live subtotals and total on the scoring page, by MISSION.md's rule: a dimension's score is the sum
// of its criterion scores scaled to the dimension's points (sum × points ÷ sum of the maxima), each
// shown to 2 places, the total rounded once. The server's figure (judging/totals.py, exact fractions)
// is authoritative and replaces these after every save.
(function () {
  "use strict";
  const form = document.getElementById("score-form");
  if (!form) return;
  const twoPlaces = (value) => (Math.round((value + Number.EPSILON) * 100) / 100).toFixed(2);

  function dimensionScore(section) {
    let raw = 0;
    let maximum = 0;
    section.querySelectorAll("input.score-input").forEach((input) => {
      const highest = Number(input.max);
      const value = Number(input.value);
      maximum += highest;
      if (input.value !== "" && Number.isFinite(value) && value >= 0 && value <= highest) raw += value;
    });
    return maximum > 0 ? (raw * Number(section.dataset.points)) / maximum : 0;
  }

  function recompute() {
    let total = 0;
    form.querySelectorAll("section[data-dimension]").forEach((section) => {
      const score = dimensionScore(section);
      total += score;
      const shown = document.getElementById(`subtotal-${section.dataset.dimension}`);
      if (shown) shown.textContent = twoPlaces(score);
    });
    const shown = document.getElementById("total");
    if (shown) shown.textContent = twoPlaces(total);
  }

  form.addEventListener("input", (event) => {
    if (event.target.matches("input.score-input")) recompute();
  });
})();
