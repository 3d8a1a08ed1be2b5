/* Every page: small enhancements. Everything works without this file.

   "Working" state for long operations (an import, a PDF):
   - <form data-working="Reading the workbook…">: on submit, its submit button is disabled and
     shows a spinner and that text, so nobody submits twice or wonders whether it started;
   - <a class="js-working" data-working="Preparing the PDF…">: the same on a link (a download
     keeps the page, so the link comes back after a while: links with `download`, or with
     `data-download` when the answer may be a file or a page, such as a draft PDF that
     is rendered in the background and answered with its progress page).
   The text is also announced to screen readers through a polite live region.
   <form data-confirm="…"> asks before submitting. */
(function () {
  "use strict";

  var DOWNLOAD_RESTORE_MS = 12000;
  var status;

  function announce(text) {
    if (!status) { return; }
    status.textContent = "";
    window.setTimeout(function () { status.textContent = text; }, 50);
  }

  function workingText(element) {
    return element.dataset.working || document.body.dataset.workingText || "…";
  }

  function setBusy(control, text) {
    if (!control || control.dataset.bpBusy) { return; }
    control.dataset.bpBusy = "1";
    control.dataset.bpLabel = control.innerHTML;
    control.setAttribute("aria-busy", "true");
    control.setAttribute("aria-disabled", "true");
    control.classList.add("bp-busy");
    var spinner = document.createElement("span");
    spinner.className = "spinner-border spinner-border-sm me-2";
    spinner.setAttribute("aria-hidden", "true");
    control.textContent = " " + text;
    control.prepend(spinner);
    announce(text);
  }

  function clearBusy(control) {
    if (!control.dataset.bpBusy) { return; }
    control.innerHTML = control.dataset.bpLabel;
    delete control.dataset.bpBusy;
    delete control.dataset.bpLabel;
    control.removeAttribute("aria-busy");
    control.removeAttribute("aria-disabled");
    control.classList.remove("bp-busy");
    if (control.tagName === "BUTTON") { control.disabled = false; }
  }

  // <form data-confirm="Question?">: asked before anything irreversible is sent. Without
  // JavaScript the form is sent directly (the server side needs no confirmation).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches || !form.matches("form[data-working]") || event.defaultPrevented) { return; }
    var button = event.submitter || form.querySelector("[type=submit]");
    if (button && button.dataset.bpBusy) { event.preventDefault(); return; }
    // Disable only after the submit has gone out, so the button's own name/value is sent.
    window.setTimeout(function () {
      setBusy(button, workingText(form));
      if (button) { button.disabled = true; }
    }, 0);
  });

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a.js-working, button.js-working");
    if (!link) { return; }
    if (link.dataset.bpBusy) { event.preventDefault(); return; }
    setBusy(link, workingText(link));
    if (link.hasAttribute("download") || link.hasAttribute("data-download") || link.tagName === "BUTTON") {
      window.setTimeout(function () { clearBusy(link); }, DOWNLOAD_RESTORE_MS);
    }
  });

  // Coming back with the browser's Back button shows the page as it was left: undo "working".
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("[data-bp-busy]").forEach(clearBusy);
  });

  document.addEventListener("DOMContentLoaded", function () {
    status = document.createElement("div");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    status.id = "bp-working-status";
    document.body.appendChild(status);
  });
})();
