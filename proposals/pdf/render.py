"""Rendering a Blueprint to PDF: snapshot dict → Django template → WeasyPrint → PDF/A-3b.

Drafts and submissions go through the same path. A draft's data is built from the
working copy with :func:`draft_data` (the snapshot schema, with no submitter); a
submission's data is the stored ``Snapshot.data``. :func:`render_pdf` turns that
dict into an A4 Thai official document and attaches the very same dict as
``blueprint.json`` (see :mod:`proposals.pdf.attach`), so the file can be read back.

The document's wording is Thai written literally in the templates, not translated
interface text: an official document is Thai whoever renders it, and the archived
submission must come out the same whatever language the submitter's interface
uses or whether the translation catalogue is compiled.
"""

import datetime
import hashlib
import json
import threading
import time
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from proposals import selectors, snapshot
from proposals.pdf import attach, typeset

TEMPLATE = "proposals/pdf/blueprint.html"
STYLESHEET = "css/print.css"
# Bump when the layout changes in a way the template sources below would not show
# (e.g. a WeasyPrint upgrade): it is part of every draft cache key.
RENDERER_VERSION = 2
PDF_VARIANT = "pdf/a-3b"

# The official Thai names of the groups, in document order (labels of empty groups
# are not in the data).
CHANGE_CATEGORIES = [
    ("efficiency", "การปรับปรุงประสิทธิภาพ"),
    ("quality", "การพัฒนาคุณภาพ"),
    ("capacity", "การเสริมสร้างขีดสมรรถนะ"),
]
CAPITALS = [
    ("human", "ทุนมนุษย์"),
    ("information", "ทุนสารสนเทศ"),
    ("organisation", "ทุนองค์การ"),
]
# Budget sources in the order the table lists them, with the usual Thai abbreviations
# the narrow first column of the budget table uses (a legend under it spells them out).
BUDGET_SOURCE_ORDER = ["regular", "ceo_governor", "local", "other"]
BUDGET_SOURCE_SHORT = {
    "regular": "งบปกติ",
    "ceo_governor": "งบ CEO",
    "local": "งบ อปท.",
    "other": "แหล่งอื่น",
}

# Roles of participating agencies (the official wording, whatever the data's label).
PARTICIPANT_ROLES = {"lead": "หน่วยงานหลัก", "supporting": "หน่วยงานสนับสนุน"}

# Kinds of attachment (the official wording, whatever the data's label).
ATTACHMENT_KINDS = {
    "minutes": "รายงานการประชุม",
    "photo": "ภาพถ่าย",
    "signed_approval": "หน้าความเห็นชอบที่ลงนามแล้ว (ฉบับสแกน)",
    "supporting": "เอกสารประกอบ",
}

# Top-level sections of the document, in order: (anchor, title).
SECTIONS = [
    ("alignment", "ความเชื่อมโยงกับนโยบายและยุทธศาสตร์ระดับชาติ"),
    ("goals", "เป้าประสงค์ ตัวชี้วัด และค่าเป้าหมาย"),
    ("diagnosis", "การวิเคราะห์สถานการณ์"),
    ("changes", "ประเด็นการเปลี่ยนแปลง"),
    ("readiness", "การประเมินความพร้อมเชิงยุทธศาสตร์"),
    ("action-plan", "แผนปฏิบัติการและงบประมาณ"),
    ("risks", "ความเสี่ยงและปัจจัยแห่งความสำเร็จ"),
    ("participation", "การมีส่วนร่วมของส่วนราชการ"),
    ("approval", "การให้ความเห็นชอบ"),
]


# The appendix of a resubmitted version (after the numbered sections, not numbered).
ANSWERS_TITLE = "การดำเนินการตามข้อสังเกตของสำนักงาน ก.พ.ร."


class _NoSubmitter:
    """Stands in for the submitter of a draft: the draft's data names nobody."""

    @staticmethod
    def get_username():
        return ""

    @staticmethod
    def get_full_name():
        return ""


@dataclass
class RenderedPDF:
    """A rendered PDF and what it cost."""

    content: bytes
    pages: int
    template_seconds: float
    weasyprint_seconds: float
    refused: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.content).hexdigest()


# --------------------------------------------------------------------------
# Data
# --------------------------------------------------------------------------


def draft_data(blueprint) -> dict:
    """The working copy as a snapshot dict (schema of :mod:`proposals.snapshot`).

    ``submitted_at`` is ``None`` and ``submitted_by`` is empty: the dict depends on
    the content only, never on who asks, so it can key the draft cache.
    """
    document = selectors.load_document(blueprint)
    return snapshot.build(document, submitted_by=_NoSubmitter(), submitted_at=None)


def is_submission(data: dict) -> bool:
    return bool(data.get("blueprint", {}).get("submitted_at"))


def _decimal(value) -> Decimal | None:
    if value in (None, ""):
        return None
    try:
        return Decimal(str(value))
    except InvalidOperation:
        return None


# --------------------------------------------------------------------------
# The template's view of the data
# --------------------------------------------------------------------------


def _grouped(items, groups, key):
    """``[{code, label, items}]`` in the groups' order; unknown codes after them."""
    by_code: dict[str, list] = {}
    labels = dict(groups)
    for item in items:
        coded = item.get(key) or {}
        code = coded.get("code", "")
        by_code.setdefault(code, []).append(item)
        labels.setdefault(code, coded.get("label") or code)
    order = [code for code, _label in groups] + [c for c in by_code if c not in dict(groups)]
    return [{"code": c, "label": labels[c], "items": by_code.get(c, [])} for c in order]


def _goals(data, years):
    """The goals with, for each indicator, its target and year result (``None`` where
    missing) in each year of the plan."""
    results = {
        (result.get("indicator_id"), result.get("fiscal_year")): result.get("value")
        for result in data.get("results", [])
    }
    goals = []
    for goal in data.get("goals", []):
        indicators = []
        for indicator in goal.get("indicators", []):
            targets = {t.get("fiscal_year"): t.get("value") for t in indicator.get("targets", [])}
            cells = [
                {"target": targets.get(year), "result": results.get((indicator.get("id"), year))}
                for year in years
            ]
            indicators.append({**indicator, "by_year": cells})
        goals.append({**goal, "indicators": indicators})
    return goals


def _budget_table(projects, years):
    """Rows per project and source with an amount per fiscal year, and the totals."""
    source_labels: dict[str, str] = {}
    source_order = BUDGET_SOURCE_ORDER
    year_totals = {year: Decimal(0) for year in years}
    other_years = Decimal(0)
    rows = []
    for project in projects:
        cells: dict[str, dict[int, Decimal]] = {}
        for budget in project.get("budgets", []):
            source = (budget.get("source") or {}).get("code", "")
            source_labels.setdefault(source, (budget.get("source") or {}).get("label", source))
            amount = _decimal(budget.get("amount")) or Decimal(0)
            year = budget.get("fiscal_year")
            cells.setdefault(source, {})
            cells[source][year] = cells[source].get(year, Decimal(0)) + amount
        project_years = {year: Decimal(0) for year in years}
        sources = sorted(
            cells, key=lambda s: source_order.index(s) if s in source_order else len(source_order)
        )
        lines = []
        for source in sources:
            amounts = cells[source]
            line_total = sum(amounts.values(), Decimal(0))
            for year, amount in amounts.items():
                if year in year_totals:
                    year_totals[year] += amount
                    project_years[year] += amount
                else:
                    other_years += amount
            lines.append(
                {
                    "source": source_labels.get(source, source),
                    "short": BUDGET_SOURCE_SHORT.get(source) or source_labels.get(source, source),
                    "amounts": [amounts.get(year) for year in years],
                    "total": line_total,
                }
            )
        rows.append(
            {
                "project": project,
                "lines": lines,
                "year_totals": [project_years[year] for year in years],
                "total": _decimal(project.get("budget_total")) or Decimal(0),
            }
        )
    legend = [
        {"short": BUDGET_SOURCE_SHORT.get(code) or label, "label": label}
        for code, label in sorted(
            source_labels.items(),
            key=lambda item: (
                source_order.index(item[0]) if item[0] in source_order else len(source_order)
            ),
        )
    ]
    return {
        "rows": rows,
        "legend": legend,
        "year_totals": [year_totals[year] for year in years],
        "other_years": other_years,
    }


def _org_name(value) -> str:
    """An organisation given as ``{code, name, …}`` or as its name."""
    if isinstance(value, dict):
        return value.get("name") or value.get("code") or ""
    return str(value or "")


def _label(value) -> str:
    """A coded value ``{code, label}`` or plain text."""
    if isinstance(value, dict):
        return value.get("label") or value.get("code") or ""
    return str(value or "")


# Decisions on agency inputs (the official wording, whatever the data's label).
INPUT_STATUSES = {
    "accepted": "รับไว้และนำเข้าข้อเสนอแล้ว",
    "returned": "ส่งคืนหน่วยงาน",
    "submitted": "อยู่ระหว่างพิจารณา",
}


def _participation(data):
    """Participants, workshops and agency inputs, if the snapshot has them (a snapshot
    without the keys renders «ไม่มีข้อมูล»).

    Reads ``participants``: ``[{"organisation": org, "role": {code, label} | str,
    "contact": {"name", "position"} | null}]``, ``workshops``: ``[{"title", "starts_at":
    datetime | "held_on": date, "venue" | "place", "agenda", "minutes", "attendance":
    [{"organisation": org | str, "other_organisation": str, "attended" | "count": int}],
    "attended" | "attendance_total": int, "points": [{"kind", "section", "text",
    "outcome"}]}]`` and ``agency_inputs`` (schema of :mod:`proposals.snapshot`). Missing
    fields are shown empty; a missing total is the sum of the rows. A contact is shown
    only as the snapshot carries it: name and position (a snapshot never carries a
    contact who did not agree to be named).
    """
    participants = []
    for item in data.get("participants") or []:
        role = item.get("role")
        code = role.get("code") if isinstance(role, dict) else None
        contact = item.get("contact") or {}
        participants.append(
            {
                "organisation": _org_name(item.get("organisation")),
                "role": PARTICIPANT_ROLES.get(code) or _label(role),
                "contact_name": contact.get("name") or "",
                "contact_position": contact.get("position") or "",
            }
        )
    workshops = []
    for item in data.get("workshops") or []:
        attendance = []
        for row in item.get("attendance") or []:
            count = row.get("attended", row.get("count"))
            attendance.append(
                {
                    "organisation": _org_name(row.get("organisation"))
                    or row.get("other_organisation", ""),
                    "count": int(count or 0),
                }
            )
        total = item.get("attended", item.get("attendance_total"))
        if total is None:
            total = sum(row["count"] for row in attendance)
        points = item.get("points") or []
        workshops.append(
            {
                "title": item.get("title") or "",
                "held_on": item.get("starts_at") or item.get("held_on") or item.get("date"),
                "place": item.get("venue") or item.get("place") or "",
                "agenda": item.get("agenda") or "",
                "minutes": item.get("minutes") or "",
                "attendance": attendance,
                "attendance_total": total,
                "organisations": sum(1 for row in attendance if row["count"]),
                "ideas": [p for p in points if _code(p.get("kind")) == "idea"],
                "comments": [p for p in points if _code(p.get("kind")) == "comment"],
            }
        )
    inputs = [
        {
            "agency": _org_name(item.get("agency")),
            "section": _label(item.get("section")) or (item.get("section") or {}).get("key", ""),
            "status_code": _code(item.get("status")),
            "status": INPUT_STATUSES.get(_code(item.get("status"))) or _label(item.get("status")),
            "decided_at": item.get("decided_at") or item.get("submitted_at"),
            "items_count": item.get("items_count"),
            "return_reason": item.get("return_reason") or "",
        }
        for item in data.get("agency_inputs") or []
    ]
    return participants, workshops, inputs


def _code(value) -> str:
    return value.get("code", "") if isinstance(value, dict) else str(value or "")


def _file_size(size) -> str:
    size = int(size or 0)
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.1f} MB"
    return f"{max(size / 1024, 0.1):.1f} KB"


def _attachments(data) -> list[dict]:
    """The appendix «เอกสารแนบ»: the files the snapshot lists (none in an older one)."""
    rows = []
    for item in data.get("attachments") or []:
        kind = item.get("kind")
        code = kind.get("code") if isinstance(kind, dict) else kind
        workshop = item.get("workshop") or {}
        rows.append(
            {
                "title": item.get("title", ""),
                "kind": ATTACHMENT_KINDS.get(code) or _label(kind),
                "filename": item.get("filename", ""),
                "workshop": workshop.get("title", ""),
                "size": _file_size(item.get("size")),
                "sha256": item.get("sha256", ""),
                "sha256_short": (item.get("sha256") or "")[:16],
            }
        )
    return rows


def _policy_headings(strategies):
    seen = {}
    for strategy in strategies:
        for heading in strategy.get("policy_headings", []):
            seen.setdefault(heading.get("number"), heading)
    return [seen[number] for number in sorted(seen, key=lambda n: (n is None, n))]


def _is_default_title(data) -> bool:
    issue = data.get("issue", {})
    default = (
        "ข้อเสนอการเปลี่ยนแปลง (Blueprint for Change) "
        f"ประเด็นยุทธศาสตร์ที่ {issue.get('number')} {issue.get('title')}"
    )
    return data.get("blueprint", {}).get("title", "") == default


def document_context(
    data: dict, *, draft: bool, thai_numerals: bool, printed_on, created=None
) -> dict:
    """What the PDF template needs: the data plus groupings and totals computed once."""
    years = data.get("plan", {}).get("years") or []
    projects = data.get("action_plan", {}).get("projects", [])
    participants, workshops, agency_inputs = _participation(data)
    strategies = data.get("alignment", {}).get("national_strategies", [])
    blueprint = data.get("blueprint", {})
    return {
        "data": data,
        "bp": blueprint,
        "draft": draft,
        "numerals": thai_numerals,
        "page_numbers": settings.PDF_PAGE_NUMBERS,
        "printed_on": printed_on,
        "created": created.isoformat(timespec="seconds") if created else "",
        "years": years,
        # Year columns share a fixed part of the table width, however many years.
        "goal_year_width": f"{34 / max(len(years), 1):.2f}%",
        "budget_year_width": f"{68 / max(len(years), 1):.2f}%",
        "sections": [
            {"anchor": anchor, "number": index, "title": title}
            for index, (anchor, title) in enumerate(SECTIONS, start=1)
        ],
        "show_title": not _is_default_title(data),
        "policy_headings": _policy_headings(strategies),
        "goals": _goals(data, years),
        "has_results": bool(data.get("results")),
        "changes": _grouped(data.get("change_proposals", []), CHANGE_CATEGORIES, "category"),
        "readiness": _grouped(data.get("readiness", []), CAPITALS, "capital"),
        "projects": projects,
        "budget": _budget_table(projects, years),
        "participants": participants,
        "workshops": workshops,
        "agency_inputs": agency_inputs,
        "has_participation_data": "participants" in data or "workshops" in data,
        # Appendix: what the province did about OPDC's comments on the returned version.
        "answers": data.get("answers_to_review") or [],
        "answers_title": ANSWERS_TITLE,
        "attachments": _attachments(data),
    }


# --------------------------------------------------------------------------
# Rendering
# --------------------------------------------------------------------------


def render_html(
    data: dict, *, draft: bool, thai_numerals: bool, printed_on=None, created=None
) -> str:
    """The document as HTML (escaped user text; Thai, whatever language is active)."""
    from proposals.pdf.fetcher import static_base

    printed_on = printed_on or timezone.localdate()
    context = document_context(
        data, draft=draft, thai_numerals=thai_numerals, printed_on=printed_on, created=created
    )
    # The source file, not {% static %}: a manifest storage's hashed names exist only
    # after collectstatic, and the fetcher serves static files through the finders.
    context["stylesheet"] = static_base() + STYLESHEET
    with translation.override("th"):
        html = get_template(TEMPLATE).render(context)
    html = typeset.keep_words(html)
    return typeset.thai_numerals(html) if thai_numerals else html


def render_pdf(
    data: dict,
    *,
    draft: bool,
    thai_numerals: bool | None = None,
    printed_on: datetime.date | None = None,
    created: datetime.datetime | None = None,
) -> RenderedPDF:
    """Render ``data`` (a snapshot dict) to a PDF/A-3b with ``data`` attached as JSON.

    ``draft`` puts «ฉบับร่าง» on every page. ``thai_numerals`` (default: the
    ``PDF_THAI_NUMERALS`` setting) writes every number of the document in Thai digits,
    page numbers included; ``PDF_PAGE_NUMBERS`` says where and how pages are numbered.
    ``created`` is the document's creation time in its metadata (default: now).
    """
    # WeasyPrint takes half a second to import: only when a PDF is actually made.
    from weasyprint import HTML

    from proposals.pdf import textlayer
    from proposals.pdf.fetcher import BASE_URL, StaticOnlyFetcher

    textlayer.install()
    _count_render()
    if thai_numerals is None:
        thai_numerals = settings.PDF_THAI_NUMERALS
    created = created or timezone.now()
    started = time.perf_counter()
    html = render_html(
        data, draft=draft, thai_numerals=thai_numerals, printed_on=printed_on, created=created
    )
    templated = time.perf_counter()
    fetcher = StaticOnlyFetcher()
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    content = document.write_pdf(
        pdf_variant=PDF_VARIANT,
        attachments=[attach.json_attachment(data, created=created, url_fetcher=fetcher)],
        finisher=_dedupe_associated_files,
    )
    finished = time.perf_counter()
    return RenderedPDF(
        content=content,
        pages=len(document.pages),
        template_seconds=templated - started,
        weasyprint_seconds=finished - templated,
        refused=list(fetcher.refused),
    )


_RENDERS_LOCK = threading.Lock()
_rendered = 0


def _count_render() -> None:
    global _rendered
    with _RENDERS_LOCK:
        _rendered += 1


def render_count() -> int:
    """How many PDFs this process has started rendering (what single-flight is judged by)."""
    return _rendered


def _dedupe_associated_files(document, pdf) -> None:
    """WeasyPrint 70 lists an attachment twice in the catalogue's ``/AF`` (once from the
    embedded-files tree, once from the file specification); list it once."""
    associated = pdf.catalog.get("AF")
    if associated:
        unique = list(dict.fromkeys(associated))
        associated.clear()
        associated.extend(unique)


def layout_fingerprint() -> str:
    """A short hash of the PDF templates and print stylesheet, and the page-number style
    (part of draft cache keys)."""
    global _FINGERPRINT
    if _FINGERPRINT is None:
        base = Path(settings.BASE_DIR)
        digest = hashlib.sha256(str(RENDERER_VERSION).encode())
        sources = sorted((base / "templates" / "proposals" / "pdf").glob("*.html"))
        sources.append(base / "static" / "css" / "print.css")
        for path in sources:
            if path.exists():
                digest.update(path.name.encode())
                digest.update(path.read_bytes())
        _FINGERPRINT = digest.hexdigest()[:16]
    return f"{_FINGERPRINT}-{settings.PDF_PAGE_NUMBERS}"


_FINGERPRINT: str | None = None


def content_key(data: dict) -> str:
    """A hash of the data itself: the content version of a draft."""
    canonical = json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()
