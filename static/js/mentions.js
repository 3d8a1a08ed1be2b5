/* @mention suggestions in comment boxes: type "@" and a few letters of a name (Thai or
   English), a username or an agency code; a list of the people and agencies of the
   province who would be reached appears under the box. Arrow keys move, Enter or Tab
   picks, Escape closes; a click picks too. The pick writes "@username" or "@agency-code",
   which is what the server reads. Without this file, typing "@username" works as before.

   A form opts in with data-mentions-url="…/comments/mentions/" (the server checks who
   may ask); its <textarea name="body"> gets the suggestions. Works for boxes HTMX swaps in. */
(function () {
  "use strict";

  var DELAY_MS = 150;
  var TOKEN = /(^|[\s(])@([^\s@]{1,40})$/;  // "@" then what was typed so far, at the caret
  var box = null;   // the open list: {textarea, list, items, active, start}
  var timer = null;
  var counter = 0;

  function close() {
    if (!box) { return; }
    box.textarea.removeAttribute("aria-activedescendant");
    box.textarea.setAttribute("aria-expanded", "false");
    box.list.remove();
    box = null;
  }

  function highlight(index) {
    if (!box || !box.items.length) { return; }
    box.active = (index + box.items.length) % box.items.length;
    box.items.forEach(function (item, i) {
      item.setAttribute("aria-selected", i === box.active ? "true" : "false");
      item.classList.toggle("active", i === box.active);
    });
    box.textarea.setAttribute("aria-activedescendant", box.items[box.active].id);
  }

  function pick(index) {
    if (!box) { return; }
    var textarea = box.textarea;
    var token = box.items[index].dataset.token;
    var caret = textarea.selectionStart;
    var before = textarea.value.slice(0, box.start) + "@" + token + " ";
    textarea.value = before + textarea.value.slice(caret);
    textarea.setSelectionRange(before.length, before.length);
    close();
    textarea.focus();
  }

  function show(textarea, start, results) {
    close();
    if (!results.length) { return; }
    var list = document.createElement("ul");
    counter += 1;
    list.id = "bp-mentions-" + counter;
    list.className = "list-group bp-mentions shadow-sm";
    list.setAttribute("role", "listbox");
    list.setAttribute("aria-label", textarea.form.dataset.mentionsLabel || "@");
    var items = results.map(function (result, i) {
      var item = document.createElement("li");
      item.id = list.id + "-" + i;
      item.className = "list-group-item list-group-item-action py-1 small";
      item.setAttribute("role", "option");
      item.dataset.token = result.token;
      var name = document.createElement("span");
      name.textContent = result.label;
      var detail = document.createElement("span");
      detail.className = "text-muted ms-2";
      detail.textContent = "@" + result.token;
      item.append(name, detail);
      item.addEventListener("mousedown", function (event) {
        event.preventDefault();  // keep the focus in the box
        pick(i);
      });
      list.append(item);
      return item;
    });
    (textarea.closest(".input-group") || textarea).insertAdjacentElement("afterend", list);
    textarea.setAttribute("aria-controls", list.id);
    textarea.setAttribute("aria-expanded", "true");
    box = {textarea: textarea, list: list, items: items, active: 0, start: start};
    highlight(0);
  }

  function lookup(textarea) {
    var url = textarea.form && textarea.form.dataset.mentionsUrl;
    if (!url) { return; }
    var typed = textarea.value.slice(0, textarea.selectionStart);
    var match = TOKEN.exec(typed);
    if (!match) { close(); return; }
    var start = typed.length - match[2].length - 1;
    var query = match[2];
    fetch(url + "?q=" + encodeURIComponent(query), {
      credentials: "same-origin",
      headers: {"Accept": "application/json"}
    }).then(function (response) {
      return response.ok ? response.json() : {results: []};
    }).then(function (data) {
      // Only if the box still ends with what was asked about.
      var now = textarea.value.slice(0, textarea.selectionStart);
      if (now.slice(start) === "@" + query) { show(textarea, start, data.results || []); }
    }).catch(close);
  }

  function isMentionBox(element) {
    return element && element.tagName === "TEXTAREA" && element.name === "body" &&
      element.form && element.form.dataset.mentionsUrl;
  }

  document.addEventListener("input", function (event) {
    if (!isMentionBox(event.target)) { return; }
    var textarea = event.target;
    textarea.setAttribute("aria-autocomplete", "list");
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { lookup(textarea); }, DELAY_MS);
  });

  document.addEventListener("keydown", function (event) {
    if (!box || event.target !== box.textarea) { return; }
    if (event.key === "ArrowDown") { event.preventDefault(); highlight(box.active + 1); }
    else if (event.key === "ArrowUp") { event.preventDefault(); highlight(box.active - 1); }
    else if (event.key === "Enter" || event.key === "Tab") { event.preventDefault(); pick(box.active); }
    else if (event.key === "Escape") { event.preventDefault(); close(); }
  });

  document.addEventListener("focusout", function (event) {
    if (box && event.target === box.textarea) { window.setTimeout(close, 100); }
  });
})();
