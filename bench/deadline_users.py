"""Deadline day's virtual people for Locust, and the step runner (Locust as a library).

Run by ``bench/deadline_day.py`` in a process of its own (Locust patches the standard
library with gevent on import, which the seeding process must not have):

    python bench/deadline_users.py --host http://127.0.0.1:PORT --plan plan.json \
        --steps 5,10,20,40,80 --step-seconds 35 --out DIR

``plan.json`` (written by the driver from the seeded database) says who is who: the
strategy editors of each province with their working Blueprint and the rows each may
change, the agency contributors with theirs, the Blueprints waiting for the governor's
approval (approve, then submit), and the OPDC reviewers with the dashboard's filters.

Every virtual person logs in through the real login form (CSRF cookie and token), then
follows a script with think time between clicks:

- **strategy editor** (provincial strategy office): the desk (home), the Blueprint, a
  row edited and the Blueprint reloaded, a comment, a draft PDF, once the approval and
  submission of a Blueprint (with the covering letter);
- **agency contributor**: the desk, the Blueprint, one of its rows edited and the page
  reloaded, a comment, the agency workbook downloaded then uploaded (preview, confirm);
- **OPDC reviewer**: the dashboard, filtered (status, region, cluster, search, sort,
  page), a submitted Blueprint's review page.

Each step runs ``--step-seconds`` after a ``--ramp-seconds`` ramp (not counted); the
statistics are reset between steps. The run stops after the first step whose p95 over
the interactive requests (everything but the PDF renders) passes ``--p95-ms`` (but
not before ``--min-steps`` steps, so a busy machine still shows a trend), or when the
steps run out. Writes ``steps.json`` and one Locust CSV per step into ``--out``.
"""

import argparse
import csv
import datetime
import itertools
import json
import os
import random
import time
from pathlib import Path

import gevent
from html_forms import changed, edit_workbook, find_form
from locust import HttpUser, between, task
from locust.env import Environment
from locust.stats import StatsEntry

PLAN: dict = {}
# Request kinds that render a PDF (seconds of CPU by nature, capped by the render slots
# and handed to the background worker when the slots are busy): reported, but not part
# of the interactive p95 that decides how many people a database holds.
PDF_KINDS = {"draft PDF"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --------------------------------------------------------------------------
# The people
# --------------------------------------------------------------------------


class Person(HttpUser):
    abstract = True
    wait_time = between(1, 3)  # think time between clicks, in seconds
    role = ""
    _numbers = None

    def on_start(self):
        cls = type(self)
        if cls._numbers is None:
            cls._numbers = itertools.count()
        people = PLAN[self.role]
        self.me = people[next(cls._numbers) % len(people)]
        self.rng = random.Random(f"{self.role}-{self.me['username']}")
        self.edits = 0
        self.login()

    # -- helpers -------------------------------------------------------------

    def plain_cookies(self) -> None:
        """Send the session and CSRF cookies over plain HTTP: production settings mark
        them Secure, and TLS would end at a proxy in front of gunicorn, not here."""
        for cookie in self.client.cookies:
            cookie.secure = False

    def csrf(self) -> str:
        return self.client.cookies.get("csrftoken", "")

    def get(self, path: str, name: str, *, expect=(200,), **kwargs):
        with self.client.get(path, name=name, catch_response=True, allow_redirects=False,
                             **kwargs) as response:  # fmt: skip
            self.plain_cookies()
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
            return response

    def post(self, path: str, name: str, data, *, expect=(302,), files=None):
        data = list(data.items()) if isinstance(data, dict) else list(data)
        data = [(k, v) for k, v in data if k != "csrfmiddlewaretoken"]
        data.append(("csrfmiddlewaretoken", self.csrf()))
        with self.client.post(path, data=data, files=files, name=name, catch_response=True,
                              allow_redirects=False) as response:  # fmt: skip
            self.plain_cookies()
            if response.status_code not in expect:
                response.failure(f"HTTP {response.status_code}")
            return response

    def login(self):
        page = self.get("/accounts/login/", "login page")
        form = find_form(page.text, field="password")
        if form is None:
            return
        fields = dict(form["fields"])
        fields.update(username=self.me["username"], password=PLAN["password"])
        response = self.post("/accounts/login/", "login", fields)
        if "sessionid" not in self.client.cookies:
            response.failure("no session after login")

    @task(1)
    def log_in_again(self):
        """A session ends (another browser, the end of the day): log out, log in again."""
        self.post("/accounts/logout/", "logout", {})
        self.client.cookies.clear()
        self.login()

    def blueprint(self, pk: int):
        self.get(f"/blueprints/{pk}/", "Blueprint page")

    def edit_row(self):
        """Open a row's form, change its text, save, reload the Blueprint."""
        me = self.me
        kind, row = self.rng.choice(me["rows"])
        path = f"/blueprints/{me['blueprint']}/rows/{kind}/{row}/edit/"
        page = self.get(path, "row edit form")
        form = find_form(page.text, action="/edit/", field="version") if page.ok else None
        if form is None:
            return
        self.edits += 1
        marker = f"แก้ไข {self.edits}"
        fields, done = [], False
        for name, value in form["fields"]:
            if not done and name in me["text_fields"]:
                value, done = changed(value, marker), True
            fields.append((name, value))
        self.wait()
        response = self.post(path, "row save", fields)
        if response.status_code == 200:
            response.failure("not saved (conflict or invalid)")
        self.blueprint(me["blueprint"])

    def comment(self):
        me = self.me
        path = f"/blueprints/{me['blueprint']}/comments/?section={me['section']}"
        self.get(path, "comment threads")
        self.wait()
        body = f"ความเห็นจากการทดสอบวันส่งงาน {self.rng.randint(1, 10**6)} โปรดตรวจสอบตัวเลขเป้าหมาย"
        self.post(path, "comment post", {"body": body, "row": ""})


class Editor(Person):
    """The provincial strategy office."""

    weight = 4
    role = "editors"

    def on_start(self):
        super().on_start()
        self.submitted = False

    @task(6)
    def desk(self):
        self.get("/", "home")

    @task(10)
    def open_blueprint(self):
        self.blueprint(self.me["blueprint"])

    @task(16)
    def edit(self):
        self.edit_row()

    @task(6)
    def discuss(self):
        self.comment()

    @task(2)
    def draft_pdf(self):
        response = self.get(f"/blueprints/{self.me['blueprint']}/pdf/", "draft PDF",
                            expect=(200, 302))  # fmt: skip
        if response.status_code == 302:
            self.environment.events.request.fire(
                request_type="NOTE", name="draft PDF handed to the worker", response_time=0,
                response_length=0, exception=None, context={},
            )  # fmt: skip

    @task(1)
    def submit(self):
        """Record the governor's approval, then submit with the covering letter: once."""
        if self.submitted or not self.me["to_submit"]:
            return
        self.submitted = True
        pk = self.me["to_submit"].pop(0)
        for action in ("approve", "submit"):
            path = f"/blueprints/{pk}/step/{action}/"
            page = self.get(path, f"{action} form")
            form = find_form(page.text, action=f"/step/{action}/") if page.ok else None
            if form is None:
                return
            fields = dict(form["fields"])
            for name, value in (
                ("letter-document_number", f"ที่ บท 0017/{self.rng.randint(100, 999)}"),
                ("letter-signer_name", "นายทดสอบ ระบบงาน"),
                ("letter-signer_position", "ผู้ว่าราชการจังหวัด"),
            ):
                if name in form["names"] and not fields.get(name):
                    fields[name] = value
            self.wait()
            response = self.post(path, action, fields)
            if response.status_code != 302:
                return


class Contributor(Person):
    """A line agency's contributor to the sections assigned to it."""

    weight = 4
    role = "contributors"

    @task(6)
    def desk(self):
        self.get("/", "home")

    @task(10)
    def open_blueprint(self):
        self.blueprint(self.me["blueprint"])

    @task(12)
    def edit(self):
        self.edit_row()

    @task(6)
    def discuss(self):
        self.comment()

    @task(2)
    def workbook(self):
        """The agency workbook downloaded, then uploaded; preview and confirm."""
        pk = self.me["blueprint"]
        download = self.get(f"/excel/blueprints/{pk}/export.xlsx", "workbook download")
        if not download.ok:
            return
        self.get(f"/excel/blueprints/{pk}/", "workbook page")
        self.wait()
        content = self.edited(download.content)
        upload = self.post(
            f"/excel/blueprints/{pk}/", "workbook upload", {},
            files={"file": ("workbook.xlsx", content, XLSX)},
        )  # fmt: skip
        location = upload.headers.get("Location", "")
        if upload.status_code != 302 or "/imports/" not in location:
            return
        preview = self.get(location, "import preview")
        form = find_form(preview.text, field="fingerprint") if preview.ok else None
        if form is None:
            return
        self.wait()
        self.post(location, "import confirm", form["fields"])

    def edited(self, content: bytes) -> bytes:
        """The workbook with one of this person's rows changed, as in Excel."""
        self.edits += 1
        row = self.rng.choice(self.me["rows"])
        return edit_workbook(PLAN, self.me["rows"], row, content, f"แก้ไข {self.edits}")


class Reviewer(Person):
    """An OPDC reviewer on the dashboard."""

    weight = 2
    role = "reviewers"

    @task(6)
    def dashboard(self):
        self.get("/blueprints/review/", "dashboard")

    @task(10)
    def filtered(self):
        filters = PLAN["filters"]
        query = dict(self.rng.sample(filters, k=self.rng.randint(1, 2)))
        self.get("/blueprints/review/", "dashboard filtered", params=query)

    @task(6)
    def review(self):
        self.get(f"/blueprints/review/{self.rng.choice(PLAN['submitted'])}/", "review page")


# --------------------------------------------------------------------------
# The steps
# --------------------------------------------------------------------------


def percentile(entry, share: float) -> float:
    return float(entry.get_response_time_percentile(share) or 0)


def step_figures(env: Environment, seconds: float) -> dict:
    kinds = {}
    for (name, method), entry in sorted(env.stats.entries.items()):
        if method == "NOTE":
            kinds[name] = {"count": entry.num_requests, "note": True}
            continue
        kinds[name] = {
            "method": method,
            "count": entry.num_requests,
            "failures": entry.num_failures,
            "rps": entry.num_requests / seconds,
            "p50": percentile(entry, 0.50),
            "p95": percentile(entry, 0.95),
            "p99": percentile(entry, 0.99),
            "max": float(entry.max_response_time or 0),
        }
    # The interactive requests together (everything but the PDF renders).
    interactive = StatsEntry(env.stats, "interactive", "", use_response_times_cache=False)
    for (name, method), entry in env.stats.entries.items():
        if method != "NOTE" and name not in PDF_KINDS:
            interactive.extend(entry)
    errors = {
        f"{error.method} {error.name}: {error.error}": error.occurrences
        for error in env.stats.errors.values()
    }
    return {
        "kinds": kinds,
        "interactive": {
            "count": interactive.num_requests,
            "failures": interactive.num_failures,
            "rps": interactive.num_requests / seconds,
            "p50": percentile(interactive, 0.50),
            "p95": percentile(interactive, 0.95),
            "p99": percentile(interactive, 0.99),
        },
        "errors": errors,
    }


def write_csv(path: Path, figures: dict) -> None:
    """One step's figures per kind of request, as a CSV (Locust's columns, ms)."""
    columns = ["Name", "Request Count", "Failure Count", "Requests/s", "50%", "95%", "99%", "Max"]
    with open(path, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(columns)
        for name, k in figures["kinds"].items():
            if not k.get("note"):
                writer.writerow([name, k["count"], k["failures"], f"{k['rps']:.2f}",
                                 k["p50"], k["p95"], k["p99"], k["max"]])  # fmt: skip
        i = figures["interactive"]
        writer.writerow(["interactive (all but PDF)", i["count"], i["failures"],
                         f"{i['rps']:.2f}", i["p50"], i["p95"], i["p99"], ""])  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", required=True)
    parser.add_argument("--plan", required=True)
    parser.add_argument("--steps", default="1,2,5,10,20,40,80,160")
    parser.add_argument("--step-seconds", type=float, default=35)
    parser.add_argument("--ramp-seconds", type=float, default=8)
    parser.add_argument("--p95-ms", type=float, default=500)
    parser.add_argument("--min-steps", type=int, default=3, help="Run at least these steps.")
    parser.add_argument("--out", required=True)
    args = parser.parse_args()

    PLAN.update(json.loads(Path(args.plan).read_text()))
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    env = Environment(user_classes=[Editor, Contributor, Reviewer], host=args.host)
    runner = env.create_local_runner()
    steps = []
    for number, users in enumerate(int(n) for n in args.steps.split(",")):
        runner.start(users, spawn_rate=max(users / max(args.ramp_seconds / 2, 1), 1))
        gevent.sleep(args.ramp_seconds)
        env.stats.reset_all()
        load_before = os.getloadavg()
        started = time.monotonic()
        gevent.sleep(args.step_seconds)
        seconds = time.monotonic() - started
        figures = step_figures(env, seconds)
        write_csv(out / f"step-{users:04d}.csv", figures)
        step = {
            "users": users,
            "running": runner.user_count,
            "seconds": seconds,
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            **figures,
        }
        steps.append(step)
        (out / "steps.json").write_text(json.dumps(steps, ensure_ascii=False, indent=1))
        i = figures["interactive"]
        print(
            f"{users:4d} users: {i['rps']:6.1f} req/s  p50 {i['p50']:6.0f}  p95 {i['p95']:6.0f}  "
            f"p99 {i['p99']:6.0f} ms  failures {i['failures']}  load {os.getloadavg()[0]:.1f}",
            flush=True,
        )
        if i["p95"] > args.p95_ms and number + 1 >= args.min_steps:
            break
    runner.quit()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
