// The applicant's form: a conditional question shows while the question it depends on has one of
// its answers, and hides (its inputs disabled, so that they are neither posted nor autosaved)
// otherwise. Without JavaScript the page does the same after each save. After a refused save, the
// error summary takes the focus, so that a screen reader reads what to fix first.
(function () {
  "use strict";
  const form = document.querySelector("form[data-conditional-form]");
  const summary = document.querySelector('[data-testid="error-summary"]');
  if (summary) {
    summary.focus();
  }
  if (!form) {
    return;
  }
  const conditional = Array.from(form.querySelectorAll("[data-condition-key]"));

  function answerOf(key) {
    const inputs = Array.from(form.elements).filter((input) => input.name === key && !input.disabled);
    const values = [];
    inputs.forEach((input) => {
      if (input.type === "radio" || input.type === "checkbox") {
        if (input.checked) values.push(input.value);
      } else if (input.value) {
        values.push(input.value);
      }
    });
    return values;
  }

  function update() {
    conditional.forEach((question) => {
      const wanted = question.dataset.conditionValues.split(" ");
      const controlling = form.querySelector(`[data-question="${question.dataset.conditionKey}"]`);
      const shown = controlling !== null && !controlling.hidden && answerOf(question.dataset.conditionKey).some((value) => wanted.includes(value));
      question.hidden = !shown;
      question.querySelectorAll("input, select, textarea").forEach((input) => {
        input.disabled = !shown;
      });
    });
  }

  form.addEventListener("change", update);
  form.addEventListener("input", update);
})();
