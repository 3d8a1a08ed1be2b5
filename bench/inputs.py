"""Time the bounded work on huge input (what the tests check by counting, never by the clock).

    .venv/bin/python bench/inputs.py [--repeat 3]

- diff: a pasted 100,000-character Thai text with a phrase inserted in the middle
  (``proposals.diffing.diff_html``; tests/proposals/test_history.py checks that no
  word-by-word comparison exceeds ``MAX_WORDS_PER_BLOCK``);
- sheet: an action-plan workbook with one cell a million rows down, opened and read
  (``strategies.excel``; tests/excel/test_hostile.py checks that at most
  ``ROW_SCAN_LIMIT`` rows are read).

Prints the median of ``--repeat`` runs in seconds. No database is needed.
"""

import argparse
import io
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint_site.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-not-a-secret")
    import django

    django.setup()


def huge_diff():
    from proposals import diffing

    old = ("การพัฒนาเศรษฐกิจและการแก้ไขปัญหาความยากจน " * 2500)[:100_000]
    new = old[:50_000] + "แทรกข้อความใหม่" + old[50_000:]
    return lambda: diffing.diff_html(old, new)


def huge_sheet():
    import openpyxl

    from strategies.excel import layout, reading, safety

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "เป้าประสงค์"  # the goals sheet
    sheet.cell(row=1, column=1, value="รหัสเป้าประสงค์")
    sheet.cell(row=1_000_000, column=1, value="1.9")
    buffer = io.BytesIO()
    workbook.save(buffer)
    content = buffer.getvalue()

    def run():
        opened = safety.open_workbook(content)
        try:
            reading.read_sheets(opened, layout.PLAN_SHEETS)
        finally:
            opened.close()

    return run


def timed(run, repeat: int) -> float:
    run()  # warm-up (the Thai word list is loaded once per process)
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        run()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    options = parser.parse_args()
    setup_django()
    for name, case in (("diff", huge_diff), ("sheet", huge_sheet)):
        print(f"{name}: {timed(case(), options.repeat):.2f} s")


if __name__ == "__main__":
    main()
