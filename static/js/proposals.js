/* Blueprint pages: small enhancements. Everything works without this file. */
(function () {
  "use strict";

  // "Use their text in my form" in the side-by-side conflict view.
  function wireConflictButtons(root) {
    root.querySelectorAll(".bp-use-theirs:not([data-bp-wired])").forEach(function (button) {
      button.dataset.bpWired = "1";
      var field = document.getElementById(button.dataset.field);
      var source = document.getElementById(button.dataset.source);
      if (!field || !source) { return; }
      button.classList.remove("d-none");
      button.addEventListener("click", function () {
        field.value = source.textContent === "—" ? "" : source.textContent;
        field.dispatchEvent(new Event("input", { bubbles: true }));
        field.focus();
      });
    });
  }

  // Warn before leaving a form with unsaved changes.
  var dirty = false;
  function wireGuards(root) {
    root.querySelectorAll("form.bp-guard:not([data-bp-wired])").forEach(function (form) {
      form.dataset.bpWired = "1";
      form.addEventListener("input", function () { dirty = true; });
      form.addEventListener("submit", function () { dirty = false; });
    });
  }
  window.addEventListener("beforeunload", function (event) {
    if (dirty) { event.preventDefault(); event.returnValue = ""; }
  });

  function init() {
    wireConflictButtons(document);
    wireGuards(document);
  }

  document.addEventListener("DOMContentLoaded", init);
  // An edit form opened in place of its row: wire it and put the cursor in it.
  document.addEventListener("htmx:afterSettle", function () {
    init();
    var field = document.querySelector(".bp-row-form textarea, .bp-row-form input:not([type=hidden]), .bp-row-form select");
    if (field) { field.focus(); }
  });
})();
