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

/* Dates in the Buddhist Era: every <input data-be-date> (proposals.fields.BEDateInput) gets a
   calendar button. The calendar shows months in the page's language and years in B.E., offers
   only the days between data-min and data-max (ISO), and writes dd/mm/yyyy (B.E.) into the
   field, which can still be typed into; the server checks the date either way. */
(function () {
  "use strict";

  var BE = 543;
  var lang = document.documentElement.lang || "th";

  function iso(day) {
    return day.getFullYear() + "-" + String(day.getMonth() + 1).padStart(2, "0") + "-" +
      String(day.getDate()).padStart(2, "0");
  }

  function parse(text) {
    var digits = (text || "").replace(/[๐-๙]/g, function (c) { return String(c.charCodeAt(0) - 0x0E50); });
    var m = digits.match(/^\s*(\d{1,2})\s*[\/.\-]\s*(\d{1,2})\s*[\/.\-]\s*(\d{4})\s*$/);
    if (!m) { return null; }
    var year = Number(m[3]);
    if (year >= 2400) { year -= BE; }
    var day = new Date(year, Number(m[2]) - 1, Number(m[1]));
    return isNaN(day.getTime()) ? null : day;
  }

  function fromIso(text) {
    if (!text) { return null; }
    var p = text.split("-");
    return new Date(Number(p[0]), Number(p[1]) - 1, Number(p[2]));
  }

  var monthName = new Intl.DateTimeFormat(lang, { month: "long" });
  var weekdayName = new Intl.DateTimeFormat(lang, { weekday: "narrow" });

  function build(input) {
    var min = fromIso(input.dataset.min), max = fromIso(input.dataset.max);
    var button = document.createElement("button");
    button.type = "button";
    button.className = "btn btn-outline-secondary bp-cal-button";
    button.setAttribute("aria-label", input.dataset.calendarLabel || "Calendar");
    button.setAttribute("aria-expanded", "false");
    var svg = document.createElementNS("http://www.w3.org/2000/svg", "svg");
    svg.setAttribute("viewBox", "0 0 16 16"); svg.setAttribute("width", "16"); svg.setAttribute("height", "16");
    svg.setAttribute("aria-hidden", "true"); svg.setAttribute("fill", "currentColor");
    var path = document.createElementNS("http://www.w3.org/2000/svg", "path");
    path.setAttribute("d", "M4 0v1H2a2 2 0 0 0-2 2v11a2 2 0 0 0 2 2h12a2 2 0 0 0 2-2V3a2 2 0 0 0-2-2h-2V0h-1v1H5V0H4zM1 5h14v9a1 1 0 0 1-1 1H2a1 1 0 0 1-1-1V5zm2 2v2h2V7H3zm4 0v2h2V7H7zm4 0v2h2V7h-2zm-8 4v2h2v-2H3zm4 0v2h2v-2H7z");
    svg.appendChild(path);
    button.appendChild(svg);
    var group = document.createElement("div");
    group.className = "input-group bp-cal-group";
    input.parentNode.insertBefore(group, input);
    group.appendChild(input);
    group.appendChild(button);
    var panel = document.createElement("div");
    panel.className = "bp-cal card shadow-sm p-2";
    panel.setAttribute("role", "dialog");
    panel.setAttribute("aria-label", input.dataset.calendarLabel || "Calendar");
    panel.hidden = true;
    group.parentNode.insertBefore(panel, group.nextSibling);
    var shown;

    function allowed(day) {
      return (!min || day >= min) && (!max || day <= max);
    }

    function render() {
      panel.textContent = "";
      var head = document.createElement("div");
      head.className = "d-flex align-items-center gap-1 mb-1";
      var prev = document.createElement("button");
      prev.type = "button"; prev.className = "btn btn-sm btn-light"; prev.textContent = "‹";
      prev.setAttribute("aria-label", "‹");
      var next = document.createElement("button");
      next.type = "button"; next.className = "btn btn-sm btn-light"; next.textContent = "›";
      next.setAttribute("aria-label", "›");
      var title = document.createElement("strong");
      title.className = "flex-grow-1 text-center bp-cal-title";
      title.setAttribute("aria-live", "polite");
      title.textContent = monthName.format(shown) + " " + (shown.getFullYear() + BE);
      prev.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() - 1, 1); render(); });
      next.addEventListener("click", function () { shown = new Date(shown.getFullYear(), shown.getMonth() + 1, 1); render(); });
      head.appendChild(prev); head.appendChild(title); head.appendChild(next);
      panel.appendChild(head);
      var grid = document.createElement("div");
      grid.className = "bp-cal-grid";
      for (var w = 0; w < 7; w++) {
        var label = document.createElement("span");
        label.className = "bp-cal-weekday";
        label.textContent = weekdayName.format(new Date(2024, 0, 7 + w));  // a Sunday first
        grid.appendChild(label);
      }
      var first = new Date(shown.getFullYear(), shown.getMonth(), 1);
      for (var pad = 0; pad < first.getDay(); pad++) { grid.appendChild(document.createElement("span")); }
      var chosen = parse(input.value);
      for (var d = 1; d <= new Date(shown.getFullYear(), shown.getMonth() + 1, 0).getDate(); d++) {
        var day = new Date(shown.getFullYear(), shown.getMonth(), d);
        var cell = document.createElement("button");
        cell.type = "button";
        cell.className = "btn btn-sm bp-cal-day";
        cell.textContent = String(d);
        cell.dataset.date = iso(day);
        cell.setAttribute("aria-label", d + " " + monthName.format(day) + " " + (day.getFullYear() + BE));
        if (chosen && iso(chosen) === iso(day)) { cell.classList.add("btn-primary"); cell.setAttribute("aria-pressed", "true"); }
        if (!allowed(day)) { cell.disabled = true; }
        cell.addEventListener("click", function (event) {
          var picked = fromIso(event.currentTarget.dataset.date);
          input.value = String(picked.getDate()).padStart(2, "0") + "/" +
            String(picked.getMonth() + 1).padStart(2, "0") + "/" + (picked.getFullYear() + BE);
          input.dispatchEvent(new Event("change", { bubbles: true }));
          close();
          input.focus();
        });
        grid.appendChild(cell);
      }
      panel.appendChild(grid);
    }

    function open() {
      var start = parse(input.value) || new Date();
      if (min && start < min) { start = min; }
      if (max && start > max) { start = max; }
      shown = new Date(start.getFullYear(), start.getMonth(), 1);
      render();
      panel.hidden = false;
      button.setAttribute("aria-expanded", "true");
      var focus = panel.querySelector(".bp-cal-day[aria-pressed]") || panel.querySelector(".bp-cal-day:not([disabled])");
      if (focus) { focus.focus(); }
    }

    function close() {
      panel.hidden = true;
      button.setAttribute("aria-expanded", "false");
    }

    button.addEventListener("click", function () { if (panel.hidden) { open(); } else { close(); } });
    // Clicks inside stay inside (a month button is replaced while its click is handled).
    panel.addEventListener("click", function (event) { event.stopPropagation(); });
    panel.addEventListener("keydown", function (event) {
      if (event.key === "Escape") { close(); button.focus(); }
    });
    document.addEventListener("click", function (event) {
      if (!panel.hidden && !panel.contains(event.target) && !button.contains(event.target)) { close(); }
    });
  }

  function init(root) {
    root.querySelectorAll("input[data-be-date]:not([data-bp-cal])").forEach(function (input) {
      input.dataset.bpCal = "1";
      build(input);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:afterSwap", function (event) { init(event.target); });
}());

/* Amounts (<input data-amount>, strategies.fields.AmountInput) show thousands separators as
   one types: 1500000 becomes 1,500,000, the caret staying after the same digit. The server
   accepts the amount with or without them. */
(function () {
  "use strict";

  function group(text) {
    var clean = text.replace(/[๐-๙]/g, function (c) { return String(c.charCodeAt(0) - 0x0E50); })
      .replace(/[^0-9.\-]/g, "");
    var parts = clean.split(".");
    var whole = parts.shift().replace(/\B(?=(\d{3})+(?!\d))/g, ",");
    return parts.length ? whole + "." + parts.join("").slice(0, 2) : whole;
  }

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[data-amount]")) { return; }
    var caret = input.selectionStart;
    var digitsBefore = input.value.slice(0, caret).replace(/[^0-9๐-๙.]/g, "").length;
    var formatted = group(input.value);
    if (formatted === input.value) { return; }
    input.value = formatted;
    var seen = 0, position = 0;
    while (position < formatted.length && seen < digitsBefore) {
      if (/[0-9.]/.test(formatted[position])) { seen++; }
      position++;
    }
    input.setSelectionRange(position, position);
  });
}());
