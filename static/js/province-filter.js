// The declaration's province checkboxes: a box on top hides the provinces whose Thai or English name
// does not contain what is typed (ticked ones stay ticked and are still sent). Without JavaScript the
// box stays hidden and the whole list, grouped by region, is there.
document.querySelectorAll("[data-province-filter]").forEach((list) => {
  const input = list.querySelector("[data-filter-input]");
  const empty = list.querySelector("[data-filter-empty]");
  input.hidden = false;
  input.addEventListener("input", () => {
    const wanted = input.value.trim().toLowerCase();
    let shown = 0;
    list.querySelectorAll("[data-region]").forEach((region) => {
      let inRegion = 0;
      region.querySelectorAll("[data-province-option]").forEach((option) => {
        const match = !wanted || option.dataset.names.toLowerCase().includes(wanted);
        option.parentElement.hidden = !match;
        inRegion += match ? 1 : 0;
      });
      region.hidden = inRegion === 0;
      shown += inRegion;
    });
    empty.hidden = shown > 0;
  });
});
