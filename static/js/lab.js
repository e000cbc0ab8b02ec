// The lab page: Submit sends its form once. A second click while the grade is being made
// would only wait for the same attempt (the form's key makes the server grade once), so the
// button says it is busy instead. Without JavaScript the form works the same.
(function () {
  "use strict";

  document.querySelectorAll("form[data-submit-once]").forEach(function (form) {
    var button = form.querySelector("button[type=submit]");
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      if (button && button.dataset.busy) button.textContent = button.dataset.busy;
      if (button) button.setAttribute("aria-disabled", "true");
    });
  });
})();
