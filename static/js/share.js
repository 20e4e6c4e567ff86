/* The "Copy link" button of a finalist's share box. Without JavaScript the button stays hidden and the
   short link is a plain link that can be selected and copied. After a copy, "Copied" is shown beside
   the button (a status region, so that screen readers announce it). */
(function () {
  "use strict";

  function copyText(text) {
    if (navigator.clipboard && window.isSecureContext) {
      return navigator.clipboard.writeText(text).catch(function () {
        return copyBySelection(text);
      });
    }
    return copyBySelection(text);
  }

  // Plain http, or a browser that refuses the clipboard API: the older way, through a selected,
  // off-screen text field.
  function copyBySelection(text) {
    return new Promise(function (resolve, reject) {
      var field = document.createElement("textarea");
      field.value = text;
      field.setAttribute("readonly", "");
      field.className = "visually-hidden";
      document.body.appendChild(field);
      field.select();
      var done = document.execCommand("copy");
      document.body.removeChild(field);
      if (done) {
        resolve();
      } else {
        reject(new Error("copy refused"));
      }
    });
  }

  document.querySelectorAll("[data-copy]").forEach(function (button) {
    var status = button.nextElementSibling;
    button.hidden = false;
    button.addEventListener("click", function () {
      copyText(button.getAttribute("data-copy")).then(
        function () {
          status.textContent = button.getAttribute("data-copied-label");
        },
        function () {
          status.textContent = "";
        }
      );
    });
  });
})();

// "Copy link" on the results page: copies the result's address instead of opening it. Without
// JavaScript (or without clipboard access) the link simply opens the result's own address.
document.addEventListener("click", async (event) => {
  const link = event.target.closest("a[data-copy-link]");
  if (!link || !navigator.clipboard) return;
  event.preventDefault();
  try {
    await navigator.clipboard.writeText(link.href);
    link.textContent = link.dataset.copied;
  } catch {
    window.location.href = link.href;
  }
});
