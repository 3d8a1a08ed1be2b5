"""What each deadline-day request costs the server, measured in-process: CPU time and queries.

Wall-clock latency under load depends on everything else the machine runs; the CPU time
a request takes in its own thread (``time.thread_time``) hardly does. ``bench/deadline_day.py``
calls :func:`measure` on the seeded database before it starts gunicorn: each role's
script is played ``rounds`` times through ``django.test.Client`` (DEBUG off, people
and rows of the plan the virtual people use) after a round to warm up, and the median
CPU milliseconds and the number of queries of each kind of request are reported.
"""

import statistics
import time

from html_forms import changed, edit_workbook, find_form


def measure(plan: dict, rounds: int = 3) -> dict:
    from django.contrib.auth import get_user_model
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    users = get_user_model().objects
    costs: dict[str, list] = {}

    def timed(name, client, method, path, data=None, **kwargs):
        with CaptureQueriesContext(connection) as queries:
            started = time.thread_time()
            call = getattr(client, method)
            response = call(path, data, **kwargs) if data is not None else call(path, **kwargs)
            cpu = (time.thread_time() - started) * 1000
        count = len(queries.captured_queries)
        if warm:
            costs.setdefault(name, []).append((cpu, count, response.status_code))
        return response

    def client_for(entry):
        client = Client()
        client.force_login(users.get(username=entry["username"]))
        return client

    warm = False
    for number in range(rounds + 1):  # a first round to warm up, not counted
        warm = number > 0
        editor = plan["editors"][-1 - number]  # people the load test reaches last
        contributor = plan["contributors"][-1 - number]
        reviewer = plan["reviewers"][-1 - number]
        login = Client()
        page = timed("login page", login, "get", "/accounts/login/")
        timed("login", login, "post", "/accounts/login/",
              {"username": editor["username"], "password": plan["password"]})  # fmt: skip
        for entry in (editor, contributor):
            client = client_for(entry)
            pk = entry["blueprint"]
            timed("home", client, "get", "/")
            timed("Blueprint page", client, "get", f"/blueprints/{pk}/")
            kind, row = entry["rows"][0]
            path = f"/blueprints/{pk}/rows/{kind}/{row}/edit/"
            page = timed("row edit form", client, "get", path)
            form = find_form(page.content.decode(), action="/edit/", field="version")
            fields, done = [], False
            for name, value in form["fields"]:
                if not done and name in entry["text_fields"]:
                    value, done = changed(value, f"แก้ไข {number + 1}"), True
                fields.append((name, value))
            data = {}
            for name, value in fields:
                data.setdefault(name, []).append(value)
            timed("row save", client, "post", path, data)
            timed("Blueprint page (after a save)", client, "get", f"/blueprints/{pk}/")
            comments = f"/blueprints/{pk}/comments/?section={entry['section']}"
            timed("comment threads", client, "get", comments)
            timed("comment post", client, "post", comments, {"body": "ความเห็น", "row": ""})
        client = client_for(contributor)
        pk = contributor["blueprint"]
        workbook = timed("workbook download", client, "get", f"/excel/blueprints/{pk}/export.xlsx")
        rows = contributor["rows"]
        content = edit_workbook(plan, rows, rows[0], workbook.content, f"แก้ไข {number + 1}")
        upload = timed("workbook upload", client, "post", f"/excel/blueprints/{pk}/",
                       {"file": SimpleUploadedFile("workbook.xlsx", content)})  # fmt: skip
        location = upload.headers.get("Location", "")
        if "/imports/" in location:
            preview = timed("import preview", client, "get", location)
            form = find_form(preview.content.decode(), field="fingerprint")
            if form:
                timed("import confirm", client, "post", location, dict(form["fields"]))
        client = client_for(editor)
        timed("draft PDF", client, "get", f"/blueprints/{editor['blueprint']}/pdf/")
        client = client_for(reviewer)
        timed("dashboard", client, "get", "/blueprints/review/")
        for key, value in plan["filters"][number::4][:3]:
            timed("dashboard filtered", client, "get", "/blueprints/review/", {key: value})
        timed("review page", client, "get", f"/blueprints/review/{plan['submitted'][number]}/")
    return {
        name: {
            "cpu_ms": statistics.median(c for c, _q, _s in values),
            "queries": statistics.median(q for _c, q, _s in values),
            "statuses": sorted({s for _c, _q, s in values}),
            "n": len(values),
        }
        for name, values in costs.items()
    }
