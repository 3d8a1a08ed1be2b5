"""``manage.py`` for the worker test, but the process kills itself (SIGKILL: no clean-up,
like the kernel's out-of-memory killer or a power cut) the moment it starts rendering a
PDF. The test's "killed in the middle of a task" then happens at a known point instead
of racing a timer against the render.

    python tests/review/worker_killed_mid_render.py review_worker --batch
"""

import os
import signal
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "blueprint_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import execute_from_command_line  # noqa: E402

from proposals.pdf import render  # noqa: E402


def _killed():
    os.kill(os.getpid(), signal.SIGKILL)


render._count_render = _killed  # called by render_pdf once the render has started

execute_from_command_line(["manage.py", *sys.argv[1:]])
