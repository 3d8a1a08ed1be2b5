"""The covering letter (หนังสือนำส่ง) as a PDF: the external-letter form (หนังสือภายนอก)
of the Regulation on Correspondence (ระเบียบสำนักนายกรัฐมนตรีว่าด้วยงานสารบรรณ).

Rendered like the Blueprint (:mod:`proposals.pdf.render`): WeasyPrint through the
static-only fetcher, the text-layer fix, PDF/A-3b, the same font at 16 pt. The only
thing it loads besides static files is the office's emblem, given as a ``data:`` URI
built from the stored bytes (:class:`LetterFetcher` serves exactly that URI).

Everything printed comes from one dict (:func:`letter_data`), frozen when the
Blueprint is submitted, so the archived letter can be rendered again byte for byte
in content whenever it is first needed.
"""

import base64
import binascii
import datetime
import time

from django.conf import settings
from django.template.loader import get_template
from django.utils import timezone, translation

from proposals.pdf import render as blueprint_render
from proposals.pdf import thai, typeset

TEMPLATE = "proposals/letters/letter.html"
STYLESHEET = "css/letter.css"
EMBLEM_TYPES = {"png": "image/png", "jpeg": "image/jpeg"}
ADDRESSEE = "เลขาธิการ ก.พ.ร."


def emblem_uri(province) -> str:
    """The province's emblem as a ``data:`` URI (``""`` when it has none)."""
    content = bytes(province.emblem or b"")
    media = EMBLEM_TYPES.get(province.emblem_type)
    if not content or not media:
        return ""
    return f"data:{media};base64,{base64.b64encode(content).decode('ascii')}"


def signer_defaults(blueprint) -> tuple[str, str]:
    """Who signs by default: the governor in the province's records when they are kept
    there (``governor_name``/``governor_position``), else the governor who approved."""
    province = blueprint.province
    name = getattr(province, "governor_name", "") or blueprint.approver_name
    position = getattr(province, "governor_position", "") or blueprint.approver_position
    return name, position or f"ผู้ว่าราชการ{province.name}"


def letter_data(*, letter, blueprint, snapshot_data: dict, dated: datetime.date) -> dict:
    """Everything the letter prints, as plain JSON values (Thai, whatever the reader's
    language): the office's details and the Blueprint as they are at ``dated``."""
    province = blueprint.province
    frozen = snapshot_data.get("blueprint") or {}
    issue = snapshot_data.get("issue") or {}
    approver = frozen.get("approver") or {}
    enclosures = [line.strip() for line in (letter.enclosures or "").splitlines() if line.strip()]
    return {
        "schema_version": 1,
        "document_number": letter.document_number,
        "reference": letter.reference,
        "enclosures": enclosures,
        "signer_name": letter.signer_name,
        "signer_position": letter.signer_position,
        "date": dated.isoformat(),
        "addressee": ADDRESSEE,
        "province": {"code": province.code, "name": province.name},
        "office_name": province.office_name or f"ศาลากลาง{province.name}",
        "office_address": province.office_address,
        "office_unit": province.office_unit,
        "office_phone": province.office_phone,
        "emblem": emblem_uri(province),
        "blueprint": {
            "id": blueprint.pk,
            "title": frozen.get("title", blueprint.title),
            "edition": frozen.get("edition", blueprint.edition),
            "fiscal_year": frozen.get("fiscal_year", blueprint.fiscal_year),
            "issue_number": issue.get("number", ""),
            "issue_title": issue.get("title", ""),
            "approved_on": approver.get("approved_on"),
        },
    }


def _context(data: dict, *, thai_numerals: bool, draft: bool, created) -> dict:
    from proposals.pdf.fetcher import static_base

    bp = data.get("blueprint") or {}
    return {
        "letter": data,
        "bp": bp,
        "draft": draft,
        "numerals": thai_numerals,
        "date": thai.thai_date(data.get("date"), numerals=thai_numerals),
        "approved_on": thai.thai_date(bp.get("approved_on"), numerals=thai_numerals),
        "stylesheet": static_base() + STYLESHEET,
        "created": created.isoformat(timespec="seconds") if created else "",
    }


def render_html(data: dict, *, thai_numerals: bool, draft: bool = False, created=None) -> str:
    with translation.override("th"):
        html = get_template(TEMPLATE).render(
            _context(data, thai_numerals=thai_numerals, draft=draft, created=created)
        )
    html = typeset.keep_words(html)
    return typeset.thai_numerals(html) if thai_numerals else html


def _letter_fetcher(emblem: str):
    from weasyprint.urls import URLFetcherResponse

    from proposals.pdf.fetcher import StaticOnlyFetcher

    # Only an image the letter was built with: anything else goes to the static-only rules.
    prefixes = tuple(f"data:{media};base64," for media in EMBLEM_TYPES.values())
    if not emblem.startswith(prefixes):
        emblem = ""

    class LetterFetcher(StaticOnlyFetcher):
        """Static files, and the one emblem ``data:`` URI this letter was built with."""

        def fetch(self, url, headers=None):
            if emblem and url == emblem:
                header, _comma, payload = url.partition(",")
                media = header.removeprefix("data:").removesuffix(";base64")
                try:
                    body = base64.b64decode(payload, validate=True)
                except binascii.Error:
                    self.refused.append(url[:40])
                    raise
                return URLFetcherResponse(url, body=body, headers={"Content-Type": media})
            return super().fetch(url, headers)

    return LetterFetcher()


def render_pdf(
    data: dict,
    *,
    thai_numerals: bool | None = None,
    draft: bool = False,
    created: datetime.datetime | None = None,
) -> blueprint_render.RenderedPDF:
    """The letter as a PDF/A-3b (one A4 page for a letter of ordinary length)."""
    from weasyprint import HTML

    from proposals.pdf import textlayer
    from proposals.pdf.fetcher import BASE_URL

    textlayer.install()
    if thai_numerals is None:
        thai_numerals = settings.PDF_THAI_NUMERALS
    created = created or timezone.now()
    started = time.perf_counter()
    html = render_html(data, thai_numerals=thai_numerals, draft=draft, created=created)
    templated = time.perf_counter()
    fetcher = _letter_fetcher(data.get("emblem") or "")
    document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render()
    content = document.write_pdf(pdf_variant=blueprint_render.PDF_VARIANT)
    finished = time.perf_counter()
    return blueprint_render.RenderedPDF(
        content=content,
        pages=len(document.pages),
        template_seconds=templated - started,
        weasyprint_seconds=finished - templated,
        refused=list(fetcher.refused),
    )
