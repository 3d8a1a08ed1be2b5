"""The Blueprint page over a provincial office's slow line: Largest Contentful Paint.

    .venv/bin/python bench/slow_link.py [--runs 3] [--output FILE] [--code DIR] [--compare DIR]

Production settings (``DJANGO_DEBUG=0``, ``collectstatic`` into whitenoise's
``CompressedManifestStaticFilesStorage``, served by gunicorn, 2 workers × 2 threads) on a
throwaway SQLite database with the demo (``manage.py load_demo --force``), on loopback.
Debian's Chromium (``/usr/bin/chromium``, or ``$CHROMIUM``) through Playwright, with the
line emulated through the DevTools protocol (``Network.emulateNetworkConditions``):
1.6 Mbit/s down, 750 kbit/s up, 150 ms added to every request (Chromium's emulation adds
the latency per request, not per TCP round trip, and does not model slow start).

For each page — the login page (anonymous), the home page and the demo Blueprint page (both
signed in as ``chumphon.strategy``) — a *first visit* in a fresh browser context (empty
HTTP cache; the session cookie is copied in from a separate sign-in, so the sign-in does
not warm the cache) and a *repeat visit* in a new tab of the same context (warm HTTP
cache). Each figure is the median of ``--runs`` runs (first and repeat visit each time):

- LCP: the last ``largest-contentful-paint`` entry (PerformanceObserver, ``buffered: true``)
  after the page's ``load`` event and a quiet second;
- first byte: ``responseStart`` of the navigation entry (150 ms of it is the line; the rest
  is the server, and on a shared machine the wait for a CPU);
- DOMContentLoaded: ``domContentLoadedEventEnd`` of the navigation entry;
- requests: the document plus every resource entry; *from network* those with a
  ``transferSize`` above 0 (the rest came from the HTTP cache);
- bytes: the sum of ``transferSize`` (headers and the body as sent, compressed or not) —
  the HTML as gunicorn sends it: whether a proxy in front would compress it is said in
  the report.

The goal (issue 22): the Blueprint page's LCP within 2.5 s on the first visit and within
1 s on the repeat visit; the exit status is 1 when a median misses it. ``--code DIR``
serves another copy of the code (``git worktree add DIR <commit>``), to measure before a
change; ``--compare DIR`` serves a second copy next to this one (next port, same database)
and alternates their visits, so that a shared machine's noise falls on both. Nothing is
written to the project's own database; ``collectstatic`` writes the served code's
``staticfiles/``.
"""

import argparse
import http.client
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# As tests/browser/conftest.py launches it.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--headless",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
LINE = {
    "offline": False,
    "latency": 150,  # ms
    "downloadThroughput": 1.6e6 / 8,  # bytes/s
    "uploadThroughput": 750e3 / 8,
}
GOAL_FIRST_MS = 2500
GOAL_REPEAT_MS = 1000
ENV = {
    "DJANGO_DEBUG": "0",
    "DJANGO_TESTING": "0",
    "DJANGO_SECURE_SSL_REDIRECT": "0",
    "DJANGO_SECRET_KEY": "bench-only-secret-key-not-for-production-0123456789abcdef",
    "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
    "DJANGO_LOG_LEVEL": "WARNING",
    "DJANGO_SETTINGS_MODULE": "blueprint_site.settings",
}
USERNAME = "chumphon.strategy"
PASSWORD = "blueprint2548"

# Read after the load event: the last LCP candidate, and the navigation and resource entries.
FIGURES_JS = """
() => new Promise(resolve => {
  const done = lcp => {
    const nav = performance.getEntriesByType('navigation')[0];
    const resources = performance.getEntriesByType('resource');
    const all = [nav, ...resources];
    resolve({
      lcp: lcp ? lcp.startTime : null,
      lcpElement: lcp && lcp.element ? lcp.element.tagName.toLowerCase()
        + (lcp.element.id ? '#' + lcp.element.id : '')
        + (lcp.element.className && typeof lcp.element.className === 'string'
           ? '.' + lcp.element.className.trim().split(/\\s+/).slice(0, 2).join('.') : '')
        : (lcp ? '(removed)' : null),
      lcpSize: lcp ? lcp.size : null,
      ttfb: nav.responseStart,
      dcl: nav.domContentLoadedEventEnd,
      load: nav.loadEventEnd,
      requests: all.length,
      fromNetwork: all.filter(e => e.transferSize > 0).length,
      bytes: all.reduce((sum, e) => sum + (e.transferSize || 0), 0),
      htmlBytes: nav.transferSize,
      htmlDecoded: nav.decodedBodySize,
      resources: all.map(e => ({name: e.name, transfer: e.transferSize,
                                decoded: e.decodedBodySize, type: e.initiatorType,
                                end: e.responseEnd})),
    });
  };
  let last = null;
  new PerformanceObserver(list => {
    const entries = list.getEntries();
    last = entries[entries.length - 1];
  }).observe({type: 'largest-contentful-paint', buffered: true});
  setTimeout(() => done(last), 50);
})
"""


def manage(code: Path, env: dict, *args: str, capture: bool = False) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=code, env=env, check=True, text=True,
        stdout=subprocess.PIPE if capture else subprocess.DEVNULL,
    )  # fmt: skip
    return result.stdout or ""


def wait_for(port: int, path: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            conn.request("GET", path)
            if conn.getresponse().status == 200:
                return
        except OSError:
            time.sleep(0.3)
    raise RuntimeError(f"gunicorn did not answer {path} on port {port}")


def headers_of(port: int, path: str) -> dict:
    """The headers a browser gets for a static file (asking for brotli and gzip)."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    conn.request("GET", path, headers={"Accept-Encoding": "br, gzip"})
    response = conn.getresponse()
    response.read()
    return {k.lower(): v for k, v in response.getheaders()}


def visit(context, url: str) -> dict:
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.emulateNetworkConditions", LINE)
    page.goto(url, wait_until="load", timeout=120_000)
    page.wait_for_timeout(1000)  # later LCP candidates (a font swap, a late image)
    figures = page.evaluate(FIGURES_JS)
    cdp.detach()
    page.close()
    return figures


def measure(browser, servers: list[dict], pages: dict, cookies: list, runs: int) -> dict:
    """Every page, first and repeat visit, on every server; with two servers, their visits
    alternate (and which goes first alternates by run) so that both share the machine's noise."""
    results = {
        server["label"]: {name: {"first": [], "repeat": []} for name in pages} for server in servers
    }
    for run in range(runs):
        for name, (path, signed_in) in pages.items():
            for server in servers if run % 2 == 0 else servers[::-1]:
                base = server["base"]
                context = browser.new_context(
                    base_url=base, viewport={"width": 1280, "height": 900}, locale="th-TH"
                )
                if signed_in:
                    context.add_cookies(cookies)
                mine = results[server["label"]][name]
                mine["first"].append(visit(context, base + path))
                mine["repeat"].append(visit(context, base + path))
                context.close()
                print(
                    f"  run {run + 1} {server['label']:10s} {name:15s} "
                    f"LCP first {mine['first'][-1]['lcp']:6.0f} ms  "
                    f"repeat {mine['repeat'][-1]['lcp']:6.0f} ms",
                    flush=True,
                )
    return results


def sign_in(browser, base: str) -> list:
    """Sign in through the form in a throwaway context; its cookies, for the others."""
    context = browser.new_context(base_url=base, locale="th-TH")
    page = context.new_page()
    page.goto("/accounts/login/")
    page.fill("input[name=username]", USERNAME)
    page.fill("input[name=password]", PASSWORD)
    page.click("main form [type=submit]")
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    cookies = context.cookies()
    context.close()
    if not any(c["name"] == "sessionid" for c in cookies):
        raise RuntimeError("sign-in gave no session cookie")
    return cookies


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else float("nan")


def report(results: dict, pages: dict, facts: dict, runs: int) -> tuple[str, bool]:
    lines = [
        f"# Slow link: Largest Contentful Paint (`bench/slow_link.py`), {facts['label']}",
        "",
        f"- {facts['when']}, code: `{facts['code']}` ({facts['commit']})",
        f"- {facts['host']}, {os.cpu_count()} CPUs, load average {facts['load']}",
        "- line: 1.6 Mbit/s down, 750 kbit/s up, +150 ms per request (Chromium DevTools "
        "`Network.emulateNetworkConditions`), Chromium " + facts["chromium"],
        "- production settings: DEBUG off, `collectstatic` (whitenoise "
        "CompressedManifestStaticFilesStorage), gunicorn 2 workers × 2 threads, SQLite, demo data",
        "- HTML as gunicorn sends it (no proxy in front): " + facts["html_encoding"],
        f"- median of {runs} runs; LCP range in brackets; first visit = empty HTTP cache, "
        "repeat visit = new tab in the same browser context",
        "",
        "| page | visit | LCP ms | first byte ms | DOMContentLoaded ms | load ms "
        "| requests (from network) | bytes transferred | HTML bytes sent / decoded | LCP element |",
        "| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |",
    ]
    ok = True
    for name in pages:
        for visit_kind in ("first", "repeat"):
            rows = results[name][visit_kind]
            lcps = [r["lcp"] for r in rows if r["lcp"] is not None]
            lcp = median(lcps)
            lines.append(
                f"| {name} | {visit_kind} | {lcp:.0f} [{min(lcps):.0f}–{max(lcps):.0f}] "
                f"| {median([r['ttfb'] for r in rows]):.0f} "
                f"| {median([r['dcl'] for r in rows]):.0f} "
                f"| {median([r['load'] for r in rows]):.0f} "
                f"| {median([r['requests'] for r in rows]):.0f} "
                f"({median([r['fromNetwork'] for r in rows]):.0f}) "
                f"| {median([r['bytes'] for r in rows]):,.0f} "
                f"| {median([r['htmlBytes'] for r in rows]):,.0f} / "
                f"{median([r['htmlDecoded'] for r in rows]):,.0f} "
                f"| `{rows[-1]['lcpElement']}` |"
            )
        if name == "Blueprint page":
            first = median([r["lcp"] for r in results[name]["first"]])
            repeat = median([r["lcp"] for r in results[name]["repeat"]])
            ok = first <= GOAL_FIRST_MS and repeat <= GOAL_REPEAT_MS
    lines += [
        "",
        f"Goal: Blueprint page LCP ≤ {GOAL_FIRST_MS} ms first visit, ≤ {GOAL_REPEAT_MS} ms "
        f"repeat visit — **{'met' if ok else 'MISSED'}**.",
        "",
        "Files of the Blueprint page's first visit (last run): transferred / decoded bytes, "
        "finished at ms",
        "",
        "| file | transferred | decoded | done at ms |",
        "| --- | ---: | ---: | ---: |",
    ]
    for entry in results["Blueprint page"]["first"][-1]["resources"]:
        name = entry["name"].split("://", 1)[-1].split("/", 1)[-1]
        lines.append(
            f"| `/{name}` | {entry['transfer']:,} | {entry['decoded']:,} | {entry['end']:.0f} |"
        )
    lines += ["", "Static file headers (brotli and gzip accepted):", ""]
    for path, headers in facts["static_headers"].items():
        lines.append(
            f"- `{path}`: Content-Encoding {headers.get('content-encoding', '—')}, "
            f"Cache-Control `{headers.get('cache-control', '—')}`"
        )
    return "\n".join(lines) + "\n", ok


def start(server: dict, env: dict) -> subprocess.Popen:
    return subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"), "blueprint_site.wsgi",
            "--workers", "2", "--worker-class", "gthread", "--threads", "2",
            "--bind", f"127.0.0.1:{server['port']}", "--log-level", "warning",
        ],
        cwd=server["code"], env={**env, "PYTHONPATH": str(server["code"])},
    )  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3, help="Runs per page (3).")
    parser.add_argument("--port", type=int, default=18521, help="Loopback port (18521).")
    parser.add_argument("--code", help="Serve this copy of the code instead of this one.")
    parser.add_argument(
        "--compare", help="Also serve this copy (next port, same database), visits alternating."
    )
    parser.add_argument("--output", help="Also write the report to this file.")
    parser.add_argument("--keep", action="store_true", help="Keep the temporary directory.")
    args = parser.parse_args()

    code = Path(args.code).resolve() if args.code else ROOT
    servers = [{"label": "this code", "code": code, "port": args.port}]
    if args.compare:
        servers.insert(
            0, {"label": "--compare", "code": Path(args.compare).resolve(), "port": args.port + 1}
        )
    for server in servers:
        server["base"] = f"http://127.0.0.1:{server['port']}"
    tmp = Path(tempfile.mkdtemp(prefix="slow-link-"))
    env = {**os.environ, **ENV}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{tmp / 'bench.sqlite3'}",
            "DJANGO_MEDIA_ROOT": str(tmp / "media"),
            "DJANGO_PDF_CACHE_DIR": str(tmp / "pdf-cache"),
            "DJANGO_PDF_LOCK_DIR": str(tmp / "pdf-locks"),
            "PYTHONPATH": str(code),
        }
    )
    processes = []
    try:
        print(f"Demo database in {tmp} …", flush=True)
        manage(code, env, "migrate", "--noinput")
        manage(code, env, "load_demo", "--force")
        for server in servers:
            server_env = {**env, "PYTHONPATH": str(server["code"])}
            manage(server["code"], server_env, "collectstatic", "--noinput", "--clear", "-v", "0")
        blueprint_pk = manage(
            code, env, "shell", "-c",
            "from proposals.demo.blueprint import load_blueprint_demo; "
            "print(load_blueprint_demo().pk)",
            "-v", "0",
            capture=True,
        ).strip()  # fmt: skip
        pages = {
            "login page": ("/accounts/login/", False),
            "home page": ("/", True),
            "Blueprint page": (f"/blueprints/{blueprint_pk}/", True),
        }
        for server in servers:
            processes.append(start(server, env))
        for server in servers:
            wait_for(server["port"], "/accounts/login/")

        from playwright.sync_api import sync_playwright

        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            # One session (one database): cookies are per host, whatever the port.
            cookies = sign_in(browser, servers[-1]["base"])
            for server in servers:
                # Warm the server (templates, caches): the runs time the line, not a first render.
                warm = browser.new_context(base_url=server["base"])
                warm.add_cookies(cookies)
                warm_page = warm.new_page()
                for path, _signed_in in pages.values():
                    warm_page.goto(path)
                server["static"] = warm_page.eval_on_selector_all(
                    "link[rel=stylesheet], script[src], link[rel=preload]",
                    "els => els.map(e => e.getAttribute('href') || e.getAttribute('src'))",
                )
                warm.close()
            print(f"Measuring {args.runs} runs …", flush=True)
            results = measure(browser, servers, pages, cookies, args.runs)
            chromium = browser.version
            browser.close()
        for server in servers:
            server["html"] = headers_of(server["port"], "/accounts/login/")
            server["static_headers"] = {
                path: headers_of(server["port"], path) for path in server["static"]
            }
    finally:
        for process in processes:
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                process.kill()
        if not args.keep:
            shutil.rmtree(tmp, ignore_errors=True)

    texts, ok = [], True
    for server in servers:
        commit = subprocess.run(
            ["git", "log", "-1", "--format=%h %s"],
            cwd=server["code"], text=True, capture_output=True,
        ).stdout.strip()  # fmt: skip
        encoding = server["html"].get("content-encoding", "none (not compressed)")
        facts = {
            "label": server["label"],
            "when": time.strftime("%Y-%m-%d %H:%M %Z"),
            "code": str(server["code"]),
            "commit": commit,
            "host": f"{socket.gethostname()} ({platform.machine()})",
            "load": " ".join(f"{x:.1f}" for x in os.getloadavg()),
            "chromium": chromium,
            "html_encoding": f"Content-Encoding {encoding}",
            "static_headers": server["static_headers"],
        }
        text, ok = report(results[server["label"]], pages, facts, args.runs)
        texts.append(text)
    text = "\n".join(texts)
    print()
    print(text)
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"Written to {args.output}")
    return 0 if ok else 1  # the goal, for this code (the last report)


if __name__ == "__main__":
    sys.exit(main())
