// Berufslotse-Konsole: a little plain JavaScript, nothing the pages need to work.
(function () {
  "use strict";
  // A result or error message is announced and gets the focus, so keyboard and screen-reader
  // users start where the news is; the first invalid field follows the error summary's links.
  var message = document.getElementById("meldung");
  if (message) {
    message.focus();
  }
  // A form is sent once: a second click while the server works would only be refused.
  document.querySelectorAll("form[method=post]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
      form.querySelectorAll("button[type=submit]").forEach(function (button) {
        button.setAttribute("aria-disabled", "true");
      });
    });
  });
})();
