"""A Blueprint's agency input in Excel: change proposals, readiness, risks, success factors.

One contribution model, as on the web: a **line agency** downloads a workbook holding only
the sheets of the sections assigned to it, and what it uploads becomes its agency input
(:mod:`proposals.participation.inputs`) — a draft it submits, that the strategy office
accepts or returns, exactly as if typed in the row forms. The **strategy office** imports
straight into the Blueprint through :mod:`proposals.services` (``row_create`` /
``row_update``), so rights, the Blueprint's state, history and versions apply as when typing.

Sheets the person may not change are read and shown, never imported and never an error.
Each exported row carries its version ("ฉบับของแถว"): a row saved by someone else since
the download is left as it is when the file did not change it, and is never overwritten
silently when it did (the office's import is refused for that row; an agency's change goes
into its input marked as based on the older version, and the office chooses).

Identity of rows. These rows have no number of their own, so an exported row carries its
id in the first column ("รหัสแถว"): a row with an id updates that row. A row without an id
is new — unless the section already holds a row with exactly the same content, in which case
it is *unchanged* (so importing the same filled template twice adds nothing the second time).
An import never removes a row.
"""

import hashlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from proposals.excel_sheets import AGENCY_SHEETS
from strategies.excel import layout, reading, writing
from strategies.excel.reading import Problem
from strategies.excel.results import (
    CREATE,
    ERROR,
    UNCHANGED,
    UPDATE,
    Change,
    ImportRefused,
    ImportStale,
    Preview,
    RowResult,
    SheetResult,
    fingerprint,
    mark_applied,
)
from strategies.templatetags.thai_dates import num
from strategies.thai import be_year, thai_date, thai_time

MAX_TEXT_LENGTH = 20_000  # as proposals.models.MAX_TEXT_LENGTH (the forms' cap)


def _proposals():
    # proposals depends on strategies, not the other way round: import when used.
    from proposals import access, models, rows, selectors, services

    return access, models, rows, selectors, services


def _text_limit(key, name) -> int:
    """The most characters a cell may hold: the Blueprint's own bound (proposals.limits)."""
    from proposals import limits

    _a, _m, rows, _s, _v = _proposals()
    kind = rows.KINDS[key]
    return limits.text_limit(kind, kind.model._meta.get_field(name)) or MAX_TEXT_LENGTH


def _choices():
    _a, models, _r, _s, _v = _proposals()
    return {
        "category": models.ChangeCategory.choices,
        "capital": models.Capital.choices,
        "likelihood": models.Level.choices,
        "impact": models.Level.choices,
    }


FIELDS = {
    "change": (
        "category",
        "title",
        "gap",
        "expected_result",
        "indicator",
        "responsible_agency",
        "start_year",
        "end_year",
    ),
    "readiness": ("capital", "requirement", "current_level", "gap", "action"),
    "risk": ("description", "likelihood", "impact", "mitigation", "owner"),
    "factor": ("text",),
}
AGENCY_FIELDS = {"responsible_agency", "owner"}
LABEL_FIELD = {
    "change": "title",
    "readiness": "requirement",
    "risk": "description",
    "factor": "text",
}
SPECS = {spec.key: spec for spec in AGENCY_SHEETS}


class BlueprintState:
    """The Blueprint's rows of the four agency sheets, and what this person may change."""

    def __init__(self, blueprint, user):
        access, models, rows, selectors, _services = _proposals()
        self.blueprint = blueprint
        self.rights = access.rights_for(user, blueprint)
        self.years = blueprint.issue.plan.years
        self.sections = {
            section.key: section
            for section in models.Section.objects.filter(blueprint=blueprint).select_related(
                "assignee"
            )
        }
        self.rows = {}
        for key in FIELDS:
            model = rows.KINDS[key].model
            queryset = model.objects.filter(blueprint=blueprint).order_by("position", "pk")
            if key == "change":
                queryset = queryset.select_related("indicator__goal", "responsible_agency")
            elif key == "risk":
                queryset = queryset.select_related("owner")
            self.rows[key] = list(queryset)
        self.agencies = reading.AgencyIndex(selectors.agencies_of(blueprint))
        self.indicators = {
            (indicator.goal.number, indicator.number): indicator
            for indicator in selectors.indicators_of(blueprint)
        }

    def section(self, key):
        return self.sections.get(SPECS[key].extra["section"])

    def may_change(self, key) -> bool:
        """May import this sheet: into the Blueprint (the office) or into an input (its agency)."""
        return self.rights.read_live and self.rights.can_work_on(self.section(key))

    @property
    def proposes(self) -> bool:
        """What this person imports becomes an agency input, not live rows."""
        return not self.rights.edit

    @property
    def editable_kinds(self) -> list[str]:
        return [key for key in FIELDS if self.may_change(key)]

    def digest(self) -> list:
        rows = [["blueprint", self.blueprint.pk, self.blueprint.status]]
        for key, objects in self.rows.items():
            for obj in objects:
                rows.append([key, obj.pk, obj.version, _plain(values_of(key, obj))])
        return rows


def values_of(key, obj) -> dict:
    return {name: getattr(obj, name) for name in FIELDS[key]}


def _plain(values: dict) -> dict:
    return {name: getattr(value, "pk", value) for name, value in values.items()}


def _shown(name, value) -> str:
    if value is None or value == "":
        return "—"
    if name in _choices():
        return str(dict(_choices()[name]).get(value, value))
    if name == "indicator":
        return f"{value.goal.number}.{value.number} {value.name}"
    if hasattr(value, "name"):
        return value.name
    if isinstance(value, int):
        return str(value)
    return num(value) if not isinstance(value, str) else value


def _same(a, b) -> bool:
    if a in ("", None) or b in ("", None):
        return a in ("", None) and b in ("", None)
    return getattr(a, "pk", a) == getattr(b, "pk", b)


# --------------------------------------------------------------------------
# Preview
# --------------------------------------------------------------------------


def preview_agency_import(blueprint, user, content: bytes) -> Preview:
    """What importing ``content`` into ``blueprint`` would do for ``user``. Writes nothing."""
    from strategies.excel.safety import open_workbook

    _a, _m, _r, _s, services = _proposals()
    workbook = open_workbook(content)
    try:
        read = reading.read_sheets(workbook, AGENCY_SHEETS, years=[])
    except reading.WorkbookRefused:
        raise
    except Exception as error:  # a malformed part found only while reading rows
        raise reading.WorkbookRefused(
            _("The workbook could not be read. Open it in Excel, save it again as .xlsx and retry.")
        ) from error
    finally:
        workbook.close()
    state = BlueprintState(blueprint, user)
    preview = Preview(sheets=[], ignored=read.ignored, state=state)
    if not read.sheets:
        preview.problems.append(
            Problem(
                "",
                _("No sheet of the template was found. Expected sheets named: %(names)s.")
                % {"names": ", ".join(f"“{spec.title}”" for spec in AGENCY_SHEETS)},
            )
        )
    if not blueprint.is_editable:
        preview.problems.append(Problem("", services.locked_message(blueprint)))
    for spec in AGENCY_SHEETS:
        preview.sheets.append(_sheet(state, spec, read.sheets.get(spec.key)))
    preview.fingerprint = fingerprint(
        hashlib.sha256(content).hexdigest(), blueprint.pk, state.digest()
    )
    return preview


def _sheet(state: BlueprintState, spec, sheet) -> SheetResult:
    result = SheetResult(key=spec.key, title=spec.title)
    if sheet is None:
        # Not in the file: nothing changes. A sheet the person may not change is not even
        # "missing" from their workbook (an agency's holds only its own sections).
        result.read_only = not state.may_change(spec.key)
        return result
    result.found_as = sheet.title
    if not state.may_change(spec.key):
        # Shown as it is, never imported, never an error (a workbook of the whole Blueprint).
        result.read_only = True
        for row in sheet.rows:
            cell = row.cell(LABEL_FIELD[spec.key])
            label = getattr(cell, "value", None)
            result.rows.append(
                RowResult(
                    row=row.number,
                    code="",
                    label=str(label if label is not None else "")[:120],
                    action=UNCHANGED,
                    note=_("Read only: not a section of your agency"),
                )
            )
        return result
    result.problems = list(sheet.problems)
    existing = {obj.pk: obj for obj in state.rows[spec.key]}
    for row in sheet.rows:
        outcome = RowResult(row=row.number, code="", label="")
        outcome.problems.extend(row.problems)
        _parse(state, spec, sheet, row, outcome)
        result.rows.append(outcome)
    # Rows with an id first (they claim their row), then new rows against what is left.
    claimed = set()
    seen_ids: dict[int, list[RowResult]] = {}
    for outcome in result.rows:
        if outcome.key is not None:
            seen_ids.setdefault(outcome.key, []).append(outcome)
    for row_id, outcomes in seen_ids.items():
        if len(outcomes) > 1:
            for outcome in outcomes:
                others = ", ".join(str(o.row) for o in outcomes if o is not outcome)
                outcome.add(
                    outcome.refs.get("id", ""),
                    _("Duplicate code %(code)s: it also appears in row(s) %(rows)s.")
                    % {"code": row_id, "rows": others},
                )
        obj = existing.get(row_id)
        if obj is None:
            for outcome in outcomes:
                outcome.add(
                    outcome.refs.get("id", ""),
                    _(
                        "Row id %(id)s is not a row of this sheet in this Blueprint. "
                        "Leave the id empty for a new row."
                    )
                    % {"id": row_id},
                )
            continue
        claimed.add(row_id)
        for outcome in outcomes:
            outcome.obj = obj
    for outcome in result.rows:
        if outcome.problems:
            outcome.action = ERROR
            continue
        if outcome.obj is not None:
            old = values_of(spec.key, outcome.obj)
            outcome.changes = [
                Change(_label(spec.key, name), _shown(name, old[name]), _shown(name, value))
                for name, value in outcome.values.items()
                if not _same(old[name], value)
            ]
            outcome.action = UPDATE if outcome.changes else UNCHANGED
            if outcome.changes and _saved_since(state, spec.key, outcome):
                _stale(state, spec.key, outcome)
            continue
        twin = next(
            (
                obj
                for obj in state.rows[spec.key]
                if obj.pk not in claimed
                and all(_same(getattr(obj, name), value) for name, value in outcome.values.items())
            ),
            None,
        )
        if twin is not None:
            claimed.add(twin.pk)
            outcome.obj = twin
            outcome.action = UNCHANGED
        else:
            outcome.action = CREATE
    if result.problems:
        for outcome in result.rows:
            if outcome.action != ERROR:
                outcome.action = ERROR
    result.left_alone = sum(1 for obj in state.rows[spec.key] if obj.pk not in claimed)
    return result


def _saved_since(state, key, outcome) -> bool:
    """The row was saved after the file was exported (the file gives an older version)."""
    return outcome.version is not None and outcome.version != outcome.obj.version


def _stale(state, key, outcome) -> None:
    """A row saved by someone else since the download. If the file holds the row as it was
    exported, the person did not change it: it is left as it is. Otherwise their change is
    never written over the newer text silently: an agency's goes into its input based on
    the older version (the office sees both and chooses); the office's import refuses it."""
    _a, models, rows, _s, _v = _proposals()
    kind = rows.KINDS[key]
    exported = (
        models.Revision.objects.filter(
            blueprint=state.blueprint,
            kind=kind.key,
            object_id=outcome.obj.pk,
            object_version=outcome.version,
        )
        .values_list("data", flat=True)
        .first()
    )
    if exported is not None and all(
        _same_raw(exported.get(kind.model._meta.get_field(name).attname), value)
        for name, value in outcome.values.items()
    ):
        outcome.action = UNCHANGED
        outcome.changes = []
        outcome.note = _("Saved by someone else since your download; your file left it as it was")
        return
    if state.proposes:
        outcome.note = _(
            "Saved by someone else since your download: the strategy office will see both "
            "texts and choose"
        )
        return
    outcome.add(
        outcome.refs.get("id", ""),
        _(
            "Someone saved this row after the file was exported (version %(old)s, now "
            "%(new)s). Download the workbook again and make your change there."
        )
        % {"old": outcome.version, "new": outcome.obj.version},
    )
    outcome.action = ERROR


def _same_raw(stored, value) -> bool:
    value = getattr(value, "pk", value)
    if stored in ("", None) or value in ("", None):
        return stored in ("", None) and value in ("", None)
    return str(stored) == str(value)


def _label(key, name) -> str:
    _a, _m, rows, _s, _v = _proposals()
    return str(rows.KINDS[key].model._meta.get_field(name).verbose_name)


def _parse(state: BlueprintState, spec, sheet, row, outcome: RowResult) -> None:
    if "version" in sheet.columns and not reading._is_empty(
        getattr(row.cell("version"), "value", None)
    ):
        version, problem = reading.as_integer(row.cell("version"), minimum=1, maximum=10**9)
        outcome.add(sheet.ref(row, "version"), problem)
        outcome.version = version
    if "id" in sheet.columns and not reading._is_empty(getattr(row.cell("id"), "value", None)):
        row_id, problem = reading.as_integer(row.cell("id"), minimum=1, maximum=10**15)
        outcome.add(sheet.ref(row, "id"), problem)
        outcome.key = row_id
        outcome.code = str(row_id) if row_id else ""
        outcome.refs["id"] = sheet.ref(row, "id")
    choices = _choices()
    for name in FIELDS[spec.key]:
        if name not in sheet.columns:
            continue
        column = spec.column(name)
        cell = row.cell(name)
        ref = sheet.ref(row, name)
        outcome.refs[name] = ref
        if name in choices:
            labels = [str(label) for _value, label in choices[name]]
            value, problem = reading.as_choice(
                cell, layout.choice_index(choices[name]), labels, required=column.required
            )
        elif name in AGENCY_FIELDS:
            value, problem = state.agencies.one(cell)
        elif name == "indicator":
            value, problem = _indicator(state, cell)
        elif name in ("start_year", "end_year"):
            value, problem = reading.as_year(cell, state.years)
        else:
            value, problem = reading.as_text(
                cell,
                required=column.required,
                max_length=column.max_length or _text_limit(spec.key, name),
            )
        outcome.add(ref, problem)
        outcome.values[name] = value
    # Any kind of row with a span of years (today a change): no end before the start.
    start, end = outcome.values.get("start_year"), outcome.values.get("end_year")
    if start and end and end < start:
        outcome.add(
            outcome.refs.get("end_year", ""),
            _("The end year cannot come before the start year."),
        )
    outcome.label = str(outcome.values.get(LABEL_FIELD[spec.key]) or "")[:120]


def _indicator(state: BlueprintState, cell):
    text, problem = reading.as_text(cell)
    if problem or not text:
        return None, problem
    code = reading.parse_code(text.split(" ")[0], 2)
    if code is None:
        return None, _("The code “%(value)s” should look like %(example)s.") % {
            "value": text[:40],
            "example": "1.2",
        }
    indicator = state.indicators.get(code)
    if indicator is None:
        return None, _("The strategic issue has no indicator %(code)s.") % {
            "code": reading.code_text(code)
        }
    return indicator, None


# --------------------------------------------------------------------------
# Apply
# --------------------------------------------------------------------------


def apply_agency_import(*, user, blueprint, batch, fingerprint: str) -> dict[str, int]:
    """Apply the stored workbook of ``batch`` to ``blueprint``, all of it or nothing."""
    try:
        with transaction.atomic():
            return _apply(user=user, blueprint=blueprint, batch=batch, expected=fingerprint)
    except IntegrityError as error:
        raise ImportRefused(
            _("The database refused the import; nothing was written. (%(error)s)")
            % {"error": str(error).splitlines()[0][:200]}
        ) from error


def _refusal(error) -> ImportRefused:
    """What an import says when a service refuses one of its rows: nothing is imported."""
    if isinstance(error, PermissionDenied):
        return ImportRefused(_("You may not change these sections."))
    if isinstance(error, ValidationError):
        return ImportRefused(
            _("The file has errors; nothing was imported. Fix them and upload again."),
            [Problem("", message) for message in error.messages],
        )
    return ImportRefused(error.message)  # services.Refused


def _apply(*, user, blueprint, batch, expected) -> dict[str, int]:
    from strategies.excel.models import ImportBatch

    _a, models, rows, _s, services = _proposals()
    models.Blueprint.objects.select_for_update().filter(pk=blueprint.pk).exists()
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.applied_at is not None:
        raise ImportRefused(_("This file was imported already."))
    blueprint.refresh_from_db()
    preview = preview_agency_import(blueprint, user, bytes(batch.content))
    if preview.fingerprint != expected:
        raise ImportStale(
            _(
                "The Blueprint changed since you looked at the preview. Nothing was imported: "
                "check the new preview and confirm again."
            )
        )
    if preview.has_errors:
        raise ImportRefused(
            _("The file has errors; nothing was imported. Fix them and upload again.")
        )
    if preview.state.proposes:
        _propose(user, blueprint, preview)
        return mark_applied(batch, preview)
    try:
        for sheet in preview.sheets:
            kind = rows.KINDS[sheet.key]
            for outcome in sheet.rows:
                if outcome.action == CREATE:
                    services.row_create(
                        user=user, blueprint=blueprint, kind=kind, values=dict(outcome.values)
                    )
                elif outcome.action == UPDATE:
                    services.row_update(
                        user=user,
                        blueprint=blueprint,
                        kind=kind,
                        obj=outcome.obj,
                        values=dict(outcome.values),
                        version=outcome.obj.version,
                    )
    except services.EditConflict as error:
        raise ImportStale(
            _(
                "Someone changed the Blueprint while it was being imported. Nothing was "
                "imported: check the new preview and confirm again."
            )
        ) from error
    except (PermissionDenied, ValidationError, services.Refused) as error:
        raise _refusal(error) from error
    return mark_applied(batch, preview)


def _propose(user, blueprint, preview) -> None:
    """An agency's rows go into its draft input of each section (one contribution model):
    the agency submits it, the strategy office accepts or returns it."""
    import copy

    from proposals.participation import inputs

    _a, _m, rows, _s, services = _proposals()
    try:
        for sheet in preview.sheets:
            outcomes = [o for o in sheet.rows if o.action in (CREATE, UPDATE)]
            if sheet.read_only or not outcomes:
                continue
            kind = rows.KINDS[sheet.key]
            draft = inputs.input_start(user=user, section=preview.state.section(sheet.key))
            for outcome in outcomes:
                target = outcome.obj if outcome.action == UPDATE else None
                if target is None:
                    row = kind.model(**{kind.blueprint_field: blueprint})
                else:
                    row = copy.copy(target)
                for name, value in outcome.values.items():
                    setattr(row, name, value)
                data, display = rows.serialize(kind, row, extras=False)
                inputs.input_item_add(
                    user=user,
                    agency_input=draft,
                    kind=kind,
                    data=data,
                    display=display,
                    target=target,
                    target_version=(outcome.version or target.version) if target else None,
                    base_display=rows.serialize(kind, target, extras=False)[1] if target else None,
                )
    except (PermissionDenied, ValidationError, services.Refused) as error:
        raise _refusal(error) from error


# --------------------------------------------------------------------------
# Template and export
# --------------------------------------------------------------------------

RULES = [
    "กรอกหนึ่งแถวต่อหนึ่งรายการ แถวแรกของทุกชีตคือหัวคอลัมน์ ห้ามแก้ไขหรือลบหัวคอลัมน์",
    "กรอกเฉพาะชีตของส่วนที่มอบหมายให้หน่วยงานของท่าน ชีตของส่วนอื่นระบบจะแสดงแบบอ่านอย่างเดียว และไม่นำเข้า",
    "ข้อมูลที่หน่วยงานนำเข้าจะเข้าสู่ร่างการเสนอข้อมูลของหน่วยงาน และจะมีผลในข้อเสนอการเปลี่ยนแปลง"
    "เมื่อส่งให้สำนักงานบริหารยุทธศาสตร์และสำนักงานฯ ยอมรับแล้วเท่านั้น",
    "ห้ามแก้ไขคอลัมน์ “ฉบับของแถว” ระบบใช้ตรวจว่ามีผู้อื่นบันทึกแถวนั้นหลังจากท่านดาวน์โหลดหรือไม่ "
    "ข้อความที่ใหม่กว่าจะไม่ถูกเขียนทับโดยไม่มีผู้เลือก",
    "แถวใหม่: เว้นคอลัมน์ “รหัสแถว” ว่างไว้ แถวที่ส่งออกจากระบบมีรหัสแถวอยู่แล้ว "
    "การแก้ไขแถวนั้นจะปรับปรุงแถวเดิม ห้ามแก้ไขรหัสแถว",
    "แถวที่เนื้อหาตรงกับแถวที่มีอยู่แล้วทุกคอลัมน์จะไม่ถูกเพิ่มซ้ำ การนำเข้าไม่ลบแถวใด ๆ",
    "ใช้ปีงบประมาณเป็นพุทธศักราช (เช่น 2548) ไม่รับสูตรคำนวณ ให้วางแบบค่า (Paste values)",
    "ก่อนบันทึก ระบบจะแสดงตัวอย่างว่าแถวใดจะเพิ่ม เปลี่ยน คงเดิม หรือผิดพลาด "
    "เมื่อยืนยันระบบจะบันทึกทั้งหมดพร้อมกัน หรือไม่บันทึกเลยหากมีข้อผิดพลาด",
]


def agency_workbook(blueprint, user, *, filled: bool) -> bytes:
    """The agency-input template (``filled=False``) or the export of the four sections."""
    state = BlueprintState(blueprint, user)
    # An agency's workbook holds only what it may change: the sheets of its sections.
    specs = [
        spec for spec in AGENCY_SHEETS if not state.proposes or spec.key in state.editable_kinds
    ]
    choices = _choices()
    workbook = writing.new_workbook()
    assigned = []
    for spec in specs:
        section = state.section(spec.key)
        who = section.assignee.name if section and section.assignee else "สำนักงานจังหวัด"
        assigned.append((f"ชีต “{spec.title}”", f"มอบหมายให้: {who}"))
    facts = [
        ("ข้อเสนอการเปลี่ยนแปลง", blueprint.title),
        ("จังหวัด", blueprint.province.name),
        ("ปีงบประมาณ", str(blueprint.fiscal_year)),
        ("จัดทำเมื่อ", f"{thai_date(timezone.localtime())} {thai_time(timezone.localtime())}"),
        ("ประเภทไฟล์", "ข้อมูลส่งออกจากระบบ" if filled else "แม่แบบสำหรับกรอก"),
        *assigned,
    ]
    writing.write_instructions(
        workbook,
        "แม่แบบข้อมูลจากหน่วยงาน (ระบบจัดทำข้อเสนอการเปลี่ยนแปลง)",
        facts,
        specs,
        RULES,
    )

    def labels(name):
        return [(layout.thai_label(label), value) for value, label in choices[name]]

    lists = {
        "agencies": writing.ReferenceList(
            "รหัสหน่วยงาน", [(org.code, org.name) for org in state.agencies.organisations]
        ),
        "category": writing.ReferenceList("ประเภทการเปลี่ยนแปลง", labels("category")),
        "capital": writing.ReferenceList("ทุน", labels("capital")),
        "level": writing.ReferenceList("ระดับ", labels("likelihood")),
        "indicators": writing.ReferenceList(
            "ตัวชี้วัด (รหัส)",
            [(reading.code_text(code), ind.name) for code, ind in sorted(state.indicators.items())],
        ),
        "years": writing.ReferenceList("ปีงบประมาณ", [(year, "") for year in state.years]),
    }
    writing.place_lists(list(lists.values()))
    validations = {
        "change": {
            "category": lists["category"],
            "indicator": lists["indicators"],
            "responsible_agency": lists["agencies"],
            "start_year": lists["years"],
            "end_year": lists["years"],
        },
        "readiness": {"capital": lists["capital"]},
        "risk": {
            "likelihood": lists["level"],
            "impact": lists["level"],
            "owner": lists["agencies"],
        },
        "factor": {},
    }
    for spec in specs:
        data = [_export_row(spec, obj) for obj in state.rows[spec.key]] if filled else []
        writing.write_sheet(workbook, spec, data, validations=validations[spec.key])
    writing.write_lists(workbook, list(lists.values()))
    return writing.to_bytes(workbook)


def _export_row(spec, obj) -> list:
    choices = _choices()
    values = [obj.pk]
    for column in spec.columns[1:]:
        value = getattr(obj, column.key)
        if column.key in choices:
            value = layout.thai_label(dict(choices[column.key]).get(value, value))
        elif column.key == "indicator":
            value = f"{value.goal.number}.{value.number}" if value else None
        elif column.key in AGENCY_FIELDS:
            value = value.code if value else None
        values.append(value)
    return values


def agency_filename(blueprint, *, filled: bool) -> str:
    """``blueprint-input-<id>-<fiscal year>-<date>.xlsx``, years in the Buddhist Era
    (``…-2549-25490815.xlsx``)."""
    stem = "blueprint-input" if filled else "blueprint-input-template"
    today = timezone.localdate()
    stamp = f"{be_year(today.year)}{today.month:02d}{today.day:02d}"
    return f"{stem}-{blueprint.pk}-{blueprint.fiscal_year}-{stamp}.xlsx"
