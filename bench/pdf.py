"""Benchmark the Blueprint PDF: render time, pages, peak memory, and where the time goes.

    .venv/bin/python bench/pdf.py [--repeat 3] [--keep DIR]

Builds a throwaway SQLite database (the demo, plus a large Blueprint of the same
province made to run past 40 pages), then renders each case in a fresh process so
its peak memory is its own. For each case it prints:

- data: loading the Blueprint (``load_document``) and building the snapshot dict;
- template: rendering the Django templates to HTML;
- weasyprint: parsing, laying out and writing the PDF (WeasyPrint itself);
- total, pages, PDF size, and peak RSS of the process (ru_maxrss).

Times are the median of ``--repeat`` renders after one warm-up render (the first
render of a process also loads fonts). ``--keep DIR`` writes the PDFs there.
Nothing is written to the project's own database.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LARGE_ISSUE_NUMBER = 9


def setup_django(db_path: Path) -> None:
    sys.path.insert(0, str(ROOT))
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    os.environ.setdefault("DJANGO_LOG_LEVEL", "WARNING")
    import django

    django.setup()


# --------------------------------------------------------------------------
# The database: demo + a large Blueprint
# --------------------------------------------------------------------------


def build_database() -> None:
    import io

    from django.conf import settings
    from django.core.management import call_command

    # The demo's notification e-mails are not what is measured: keep them off the console.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("migrate", verbosity=0)
    # The same demo as `manage.py load_demo` (a throwaway database, hence --force).
    call_command("load_demo", "--force", stdout=io.StringIO())
    build_large_blueprint()


def build_large_blueprint():
    """A Blueprint of Chumphon with many goals, changes, projects and risks (≥ 40 pages).

    Rows are bulk-created (no revisions): only what the PDF shows matters here.
    """
    import datetime
    from decimal import Decimal

    from django.contrib.auth import get_user_model

    from proposals import services
    from proposals.models import (
        Capital,
        ChangeCategory,
        ChangeProposal,
        Level,
        ProjectActivity,
        ProjectMilestone,
        ReadinessItem,
        Risk,
        SuccessFactor,
    )
    from strategies.models import (
        BudgetSource,
        Goal,
        Indicator,
        IndicatorTarget,
        Organisation,
        Perspective,
        Project,
        ProjectBudget,
        StrategicIssue,
        Strategy,
    )

    demo_issue = StrategicIssue.objects.filter(plan__organisation__code="chumphon").first()
    plan = demo_issue.plan
    issue = StrategicIssue.objects.create(
        plan=plan,
        number=LARGE_ISSUE_NUMBER,
        title="การพัฒนาการท่องเที่ยวเชิงคุณภาพและการค้าชายแดน (ชุดข้อมูลขนาดใหญ่สำหรับวัดผล)",
        description="ประเด็นยุทธศาสตร์สำหรับทดสอบเอกสารขนาดใหญ่ " * 3,
    )
    issue.national_strategies.set(demo_issue.national_strategies.all())
    agencies = list(Organisation.objects.filter(code__startswith="chumphon-"))
    years = plan.years
    sentence = (
        "จังหวัดชุมพรมีแหล่งท่องเที่ยวทางทะเลและเกาะที่สวยงาม แต่การเดินทางยังไม่สะดวก "
        "ผู้ประกอบการขาดมาตรฐานการบริการ และข้อมูลการท่องเที่ยวกระจัดกระจายในหลายหน่วยงาน "
    )
    perspectives = list(Perspective.values)
    for g in range(1, 11):
        goal = Goal.objects.create(
            issue=issue,
            number=g,
            title=f"เป้าประสงค์ที่ {g}: รายได้จากการท่องเที่ยวและการค้าเพิ่มขึ้นอย่างยั่งยืน",
            perspective=perspectives[g % len(perspectives)],
        )
        for i in range(1, 6):
            indicator = Indicator.objects.create(
                goal=goal,
                number=i,
                name=f"ร้อยละที่เพิ่มขึ้นของรายได้จากการท่องเที่ยว ตัวชี้วัดที่ {g}.{i}",
                unit="ร้อยละ",
                data_source="สำนักงานการท่องเที่ยวและกีฬาจังหวัด",
                baseline=Decimal("2.5"),
                baseline_year=years[0] - 1,
                weight=Decimal("20"),
                owner=agencies[(g + i) % len(agencies)],
            )
            IndicatorTarget.objects.bulk_create(
                IndicatorTarget(indicator=indicator, fiscal_year=y, value=Decimal(3 + n))
                for n, y in enumerate(years)
            )
    strategies = [
        Strategy.objects.create(issue=issue, number=s, title=f"กลยุทธ์ที่ {s} พัฒนาคุณภาพบริการ")
        for s in range(1, 6)
    ]
    projects = []
    for p in range(1, 41):
        project = Project.objects.create(
            strategy=strategies[p % len(strategies)],
            number=p,
            title=f"โครงการพัฒนาแหล่งท่องเที่ยวและบริการ ลำดับที่ {p}",
            objective=sentence,
            lead_agency=agencies[p % len(agencies)],
        )
        project.supporting_agencies.set(agencies[:2])
        ProjectBudget.objects.bulk_create(
            ProjectBudget(
                project=project,
                fiscal_year=y,
                source=source,
                amount=Decimal(1_000_000 + p * 10_000 + n * 1000),
            )
            for n, y in enumerate(years)
            for source in (BudgetSource.REGULAR, BudgetSource.CEO_GOVERNOR)
        )
        projects.append(project)

    office = get_user_model().objects.get(username="chumphon.strategy")
    blueprint = services.blueprint_create(user=office, issue=issue, fiscal_year=years[0])
    diagnosis = blueprint.diagnosis
    for name in ("current_situation", "desired_state", "gap", "root_causes"):
        setattr(diagnosis, name, "\n\n".join(sentence * 3 for _ in range(4)))
    for name in ("strengths", "weaknesses", "opportunities", "threats"):
        setattr(diagnosis, name, "\n".join(sentence for _ in range(3)))
    diagnosis.save()
    categories = list(ChangeCategory.values)
    ChangeProposal.objects.bulk_create(
        ChangeProposal(
            blueprint=blueprint,
            category=categories[c % 3],
            title=f"ประเด็นการเปลี่ยนแปลงที่ {c}: ยกระดับมาตรฐานบริการการท่องเที่ยว",
            gap=sentence,
            expected_result=sentence,
            responsible_agency=agencies[c % len(agencies)],
            start_year=years[0],
            end_year=years[-1],
            position=c,
        )
        for c in range(1, 46)
    )
    capitals = list(Capital.values)
    ReadinessItem.objects.bulk_create(
        ReadinessItem(
            blueprint=blueprint,
            capital=capitals[r % 3],
            requirement=f"ความพร้อมที่ต้องการข้อที่ {r} " + sentence[:80],
            current_level=sentence[:100],
            gap=sentence[:90],
            action=sentence[:120],
            position=r,
        )
        for r in range(1, 31)
    )
    start = datetime.date(years[0] - 544, 10, 1)
    for project in projects:
        ProjectActivity.objects.bulk_create(
            ProjectActivity(
                blueprint=blueprint,
                project=project,
                title=f"กิจกรรมที่ {a} อบรมผู้ประกอบการและจัดทำมาตรฐานบริการ",
                start_date=start + datetime.timedelta(days=30 * a),
                end_date=start + datetime.timedelta(days=30 * a + 60),
                responsible_agency=agencies[a % len(agencies)],
                position=a,
            )
            for a in range(1, 5)
        )
        ProjectMilestone.objects.bulk_create(
            ProjectMilestone(
                blueprint=blueprint,
                project=project,
                title=f"ผลสัมฤทธิ์ที่ {m}",
                due_date=start + datetime.timedelta(days=120 * m),
                position=m,
            )
            for m in range(1, 3)
        )
    levels = list(Level.values)
    Risk.objects.bulk_create(
        Risk(
            blueprint=blueprint,
            description=f"ความเสี่ยงที่ {r}: " + sentence[:100],
            likelihood=levels[r % 3],
            impact=levels[(r + 1) % 3],
            mitigation=sentence[:140],
            owner=agencies[r % len(agencies)],
            position=r,
        )
        for r in range(1, 41)
    )
    SuccessFactor.objects.bulk_create(
        SuccessFactor(blueprint=blueprint, text=f"ปัจจัยแห่งความสำเร็จข้อที่ {f}", position=f)
        for f in range(1, 11)
    )
    return blueprint


# --------------------------------------------------------------------------
# One case, in its own process
# --------------------------------------------------------------------------


def participation_sample(data: dict) -> dict:
    """Participants and workshops in the snapshot's shape, so that section of the large
    Blueprint (which has no participation rows of its own) is measured too."""
    agencies = [p["lead_agency"] for p in data["action_plan"]["projects"] if p["lead_agency"]]
    data["participants"] = [{"organisation": org, "role": "ร่วมจัดทำ"} for org in agencies[:10]]
    data["workshops"] = [
        {
            "held_on": f"2005-0{m}-15",
            "place": "ศาลากลางจังหวัดชุมพร",
            "agenda": "ระดมสมองจัดทำข้อเสนอการเปลี่ยนแปลง",
            "attendance": [{"organisation": org, "count": 5} for org in agencies[:4]],
        }
        for m in range(1, 7)
    ]
    return data


def run_case(case: str, repeat: int, keep: str | None) -> dict:
    from proposals import selectors, snapshot
    from proposals.demo.blueprint import FISCAL_YEAR
    from proposals.models import Blueprint
    from proposals.pdf import render

    issue_number = LARGE_ISSUE_NUMBER if case == "large" else 1
    pk = Blueprint.objects.get(
        issue__number=issue_number,
        issue__plan__organisation__code="chumphon",
        fiscal_year=FISCAL_YEAR,
    ).pk

    def once():
        started = time.perf_counter()
        blueprint = selectors.blueprint_queryset().get(pk=pk)
        document = selectors.load_document(blueprint)
        data = snapshot.build(document, submitted_by=render._NoSubmitter(), submitted_at=None)
        if case == "large":
            data = participation_sample(data)
        data_seconds = time.perf_counter() - started
        rendered = render.render_pdf(data, draft=True, thai_numerals=False)
        return data_seconds, rendered

    rss_before = _rss_kib()
    once()  # warm-up: fonts, template loading, imports
    runs = [once() for _ in range(repeat)]
    data_s = statistics.median(run[0] for run in runs)
    template_s = statistics.median(run[1].template_seconds for run in runs)
    weasy_s = statistics.median(run[1].weasyprint_seconds for run in runs)
    rendered = runs[-1][1]
    if keep:
        Path(keep).mkdir(parents=True, exist_ok=True)
        (Path(keep) / f"{case}.pdf").write_bytes(rendered.content)
    total = data_s + template_s + weasy_s
    return {
        "case": case,
        "pages": rendered.pages,
        "bytes": len(rendered.content),
        "data_s": data_s,
        "template_s": template_s,
        "weasyprint_s": weasy_s,
        "total_s": total,
        "data_template_share": (data_s + template_s) / total,
        "rss_before_mib": rss_before / 1024,
        "peak_rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "refused": rendered.refused,
    }


def _rss_kib() -> int:
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


# --------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--keep", help="Write the rendered PDFs to this folder.")
    parser.add_argument("--case", help=argparse.SUPPRESS)  # internal: one case per process
    parser.add_argument("--db", help=argparse.SUPPRESS)
    args = parser.parse_args()

    if args.case:
        setup_django(Path(args.db))
        print(json.dumps(run_case(args.case, args.repeat, args.keep)))
        return 0

    with tempfile.TemporaryDirectory(prefix="bench-pdf-") as tmp:
        db = Path(tmp) / "bench.sqlite3"
        started = time.perf_counter()
        setup_django(db)
        build_database()
        print(f"database built in {time.perf_counter() - started:.1f} s ({db})")
        results = []
        for case in ("demo", "large"):
            command = [sys.executable, __file__, "--case", case, "--db", str(db)]
            command += ["--repeat", str(args.repeat)] + (["--keep", args.keep] if args.keep else [])
            child = subprocess.run(command, capture_output=True, text=True, check=False)
            if child.returncode != 0:
                print(child.stderr, file=sys.stderr)
                return child.returncode
            results.append(json.loads(child.stdout.strip().splitlines()[-1]))
    header = (
        f"{'case':<6} {'pages':>5} {'size KiB':>8} {'data s':>7} {'templ s':>7} "
        f"{'weasy s':>7} {'total s':>7} {'data+tmpl':>9} {'peak RSS MiB':>12}"
    )
    print(header)
    print("-" * len(header))
    for r in results:
        print(
            f"{r['case']:<6} {r['pages']:>5} {r['bytes'] / 1024:>8.0f} {r['data_s']:>7.3f} "
            f"{r['template_s']:>7.3f} {r['weasyprint_s']:>7.3f} {r['total_s']:>7.3f} "
            f"{r['data_template_share']:>8.1%} {r['peak_rss_mib']:>12.0f}"
        )
    before = ", ".join(f"{r['rss_before_mib']:.0f}" for r in results)
    print(
        f"(median of {args.repeat} renders after a warm-up; peak RSS of each case's own process; "
        f"RSS before rendering: {before} MiB)"
    )
    large = next(r for r in results if r["case"] == "large")
    ok = large["pages"] >= 40 and large["data_template_share"] < 0.10
    print(
        f"large Blueprint: {large['pages']} pages, data+templates "
        f"{large['data_template_share']:.1%} of the render — "
        + ("within the 10% budget" if ok else "OVER BUDGET")
    )
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
