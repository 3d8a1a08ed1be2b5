"""Demo attachments: the minutes of a workshop, a photo and the signed approval page.

Called by :mod:`proposals.demo.review` between the governor's approval and the submission
of Chumphon's 2549 Blueprint, so the submission lists them (snapshot, PDF appendix, batch
ZIP). The files are made here, small and quick: the minutes and the approval page are
one-page PDFs rendered by WeasyPrint with the project's Thai font, the photo a PNG drawn
with Pillow.
"""

import datetime
import io
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.html import escape

from proposals.attachments import services
from proposals.attachments.models import AttachmentKind
from proposals.participation import workshops
from proposals.participation.models import Workshop

EXAMPLE = "ตัวอย่าง"
FONT = Path(settings.BASE_DIR) / "static" / "fonts" / "laksaman" / "Laksaman.ttf"


def _pdf(title: str, lines: list[str]) -> bytes:
    from weasyprint import HTML

    body = "".join(f"<p>{escape(line)}</p>" for line in lines)
    html = f"""<!DOCTYPE html><html lang="th"><head><meta charset="utf-8"><style>
      @font-face {{ font-family: "Laksaman"; src: url("{FONT.as_uri()}"); }}
      @page {{ size: A4; margin: 2cm; }}
      body {{ font-family: "Laksaman", sans-serif; font-size: 16pt; }}
      h1 {{ font-size: 20pt; text-align: center; }}
    </style></head><body><h1>{escape(title)}</h1>{body}</body></html>"""
    return HTML(string=html).write_pdf()


def _photo() -> bytes:
    """A small picture of a meeting room: a table, people around it (not a real photo)."""
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (320, 200), (236, 232, 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, 320, 40), fill=(40, 70, 120))
    draw.ellipse((70, 80, 250, 160), fill=(150, 100, 60))
    for x, y in [(60, 70), (120, 55), (180, 55), (240, 70), (60, 150), (160, 168), (250, 150)]:
        draw.ellipse((x - 12, y - 12, x + 12, y + 12), fill=(60, 60, 80))
    buffer = io.BytesIO()
    image.save(buffer, "PNG", optimize=True)
    return buffer.getvalue()


def attach_evidence(office, blueprint, *, governor: str, with_workshop: bool = True) -> None:
    """Attach the demo files to ``blueprint`` (approved, not yet submitted): a workshop's
    minutes and photo (recording the workshop if it has none) and the signed approval page."""
    if with_workshop:
        workshop = Workshop.objects.filter(blueprint=blueprint).order_by("starts_at").first()
        if workshop is None:
            workshop = workshops.workshop_create(
                user=office,
                blueprint=blueprint,
                values={
                    "title": f"ประชุมระดมสมองประเด็นการแก้ไขปัญหาความยากจน ({EXAMPLE})",
                    "starts_at": timezone.now() - datetime.timedelta(days=30),
                    "venue": "ห้องประชุมศาลากลางจังหวัดชุมพร",
                    "agenda": "ทบทวนสถานการณ์ความยากจนและระดมความคิดเห็นต่อประเด็นการเปลี่ยนแปลง",
                },
            )
            workshops.workshop_invite(
                user=office, workshop=workshop, other_organisation="หอการค้าจังหวัดชุมพร"
            )
        minutes = _pdf(
            "รายงานการประชุมระดมสมอง",
            [
                workshop.title,
                f"สถานที่: {workshop.venue or '-'}",
                "ที่ประชุมเห็นชอบให้จัดทำฐานข้อมูลครัวเรือนยากจนชุดเดียวที่ทุกหน่วยงานใช้ร่วมกัน",
                "และให้สำนักงานพัฒนาชุมชนจังหวัดเป็นหน่วยงานหลัก",
                f"({EXAMPLE})",
            ],
        )
        services.attachment_upload(
            user=office, blueprint=blueprint, workshop=workshop,
            kind=AttachmentKind.MINUTES, title="รายงานการประชุมระดมสมอง",
            filename="minutes-workshop-1.pdf", content=minutes,
        )  # fmt: skip
        services.attachment_upload(
            user=office, blueprint=blueprint, workshop=workshop,
            kind=AttachmentKind.PHOTO, title="ภาพบรรยากาศการประชุมระดมสมอง",
            filename="workshop-1.png", content=_photo(),
        )  # fmt: skip
    approval = _pdf(
        "หน้าความเห็นชอบ (ฉบับสแกน)",
        [
            f"ข้อเสนอการเปลี่ยนแปลง ฉบับที่ {blueprint.edition} {blueprint.title}",
            "ผู้ว่าราชการจังหวัดได้ให้ความเห็นชอบข้อเสนอการเปลี่ยนแปลงฉบับนี้แล้ว",
            "(ลงชื่อ) ~~~ลายมือชื่อ~~~",
            f"({governor})",
            "ผู้ว่าราชการจังหวัดชุมพร",
            f"({EXAMPLE})",
        ],
    )
    services.attachment_upload(
        user=office, blueprint=blueprint, kind=AttachmentKind.SIGNED_APPROVAL,
        title=f"หน้าความเห็นชอบที่ลงนามแล้ว ฉบับที่ {blueprint.edition}",
        filename=f"signed-approval-v{blueprint.edition}.pdf", content=approval,
    )  # fmt: skip
