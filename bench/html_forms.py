"""What the load test's virtual people do as a browser and Excel would: read a page's
forms, change a text, edit the agency workbook."""

import re
from html.parser import HTMLParser


class FormParser(HTMLParser):
    """Every ``<form>`` of a page: its action, method and the values it would send."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._form = None
        self._textarea = None
        self._select = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._form = {"action": a.get("action") or "", "method": a.get("method", "get").lower(),
                          "fields": [], "names": set()}  # fmt: skip
            self.forms.append(self._form)
            return
        if self._form is None:
            return
        name = a.get("name")
        if tag == "input" and name:
            kind = (a.get("type") or "text").lower()
            self._form["names"].add(name)
            if kind in ("checkbox", "radio"):
                if "checked" in a:
                    self._form["fields"].append((name, a.get("value", "on")))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                self._form["fields"].append((name, a.get("value", "")))
        elif tag == "textarea" and name:
            self._form["names"].add(name)
            self._textarea = [name, ""]
        elif tag == "select" and name:
            self._form["names"].add(name)
            self._select = {"name": name, "chosen": [], "first": None,
                            "multiple": "multiple" in a}  # fmt: skip
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            if self._select["first"] is None:
                self._select["first"] = value
            if "selected" in a:
                self._select["chosen"].append(value)

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if tag == "textarea" and self._textarea is not None:
            self._form["fields"].append(tuple(self._textarea))
            self._textarea = None
        elif tag == "select" and self._select is not None:
            s = self._select
            values = s["chosen"] or ([] if s["multiple"] else [s["first"] or ""])
            self._form["fields"].extend((s["name"], value) for value in values)
            self._select = None
        elif tag == "form":
            self._form = None


def find_form(html: str, *, action: str | None = None, field: str | None = None) -> dict | None:
    """The first POST form whose action contains ``action`` (or that has ``field``)."""
    parser = FormParser()
    parser.feed(html)
    for form in parser.forms:
        if form["method"] != "post":
            continue
        if action is not None and action not in form["action"]:
            continue
        if field is not None and field not in form["names"]:
            continue
        return form
    return None


def changed(text: str, marker: str) -> str:
    """``text`` with this run's edit marker at its end (replacing the previous one)."""
    text = re.sub(r" \[แก้ไข [0-9]+\]$", "", text.rstrip())
    return f"{text} [{marker}]"


def edit_workbook(plan: dict, rows: list, row: tuple, content: bytes, marker: str) -> bytes:
    """The agency workbook as an agency sends it back: one text cell of ``row`` changed
    (the workbook holds only the sheets of the sections assigned to the agency)."""
    import io

    import openpyxl

    workbook = openpyxl.load_workbook(io.BytesIO(content))
    kind, pk = row
    title, column = plan["workbook_cells"][kind]
    for cells in workbook[title].iter_rows(min_row=2):
        if str(cells[0].value) == str(pk):
            cell = cells[column - 1]
            cell.value = changed(str(cell.value or ""), marker)
            break
    else:
        raise LookupError(f"row {pk} is not in the agency workbook's sheet {title}")
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
