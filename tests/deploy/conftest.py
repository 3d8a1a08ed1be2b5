"""Fixtures for the deployment tests: a real Redis server, and HTTP as a browser speaks it.

``redis_server`` starts Debian's ``redis-server`` on a free loopback port in the test's
temporary folder (no data kept on disk) and stops it afterwards; ``make test`` installs
the package (``make system-deps``). A machine without it fails here, by name, rather than
skipping: CI must run these tests.
"""

import http.client
import shutil
import socket
import subprocess
import time
from urllib.parse import urlencode

import pytest

from tests.proposals import conftest as proposal_fixtures

# A Blueprint of Chumphon submitted to OPDC (tests/proposals/conftest.py).
chain = proposal_fixtures.chain
blueprint = proposal_fixtures.blueprint
complete_blueprint = proposal_fixtures.complete_blueprint
submitted_blueprint = proposal_fixtures.submitted_blueprint


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class RedisServer:
    """One ``redis-server`` process on loopback, started and stopped at will."""

    def __init__(self, directory):
        self.binary = shutil.which("redis-server")
        if self.binary is None:
            pytest.fail("redis-server is not installed: `make system-deps` installs it")
        self.directory = directory
        self.port = free_port()
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                self.binary, "--bind", "127.0.0.1", "--port", str(self.port),
                "--save", "", "--appendonly", "no", "--dir", str(self.directory),
                "--loglevel", "warning",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.STDOUT,
        )  # fmt: skip
        deadline = time.monotonic() + 20
        while not self.answers():
            assert self.process.poll() is None, "redis-server stopped at start-up"
            assert time.monotonic() < deadline, "redis-server did not answer"
            time.sleep(0.05)

    def answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=1) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=20)
        self.process = None


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


class Browser:
    """One person's cookies, over plain HTTP on loopback, to whichever app server is
    named — as a proxy in front of several would send them."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, port: int, method: str, path: str, data=None, headers=None):
        body, sent = None, {"Host": "127.0.0.1", "Accept-Language": "en"}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if data is not None:
            fields = {**data, "csrfmiddlewaretoken": self.cookies.get("csrftoken", "")}
            body = urlencode(fields, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        sent.update(headers or {})
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
        try:
            connection.request(method, path, body=body, headers=sent)
            response = connection.getresponse()
            content = response.read()
            for name, value in response.getheaders():
                if name.lower() == "set-cookie":
                    key, _sep, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return response.status, dict(response.getheaders()), content
        finally:
            connection.close()

    def get(self, port, path, **kwargs):
        return self.request(port, "GET", path, **kwargs)

    def post(self, port, path, data, **kwargs):
        return self.request(port, "POST", path, data=data, **kwargs)

    def login(self, port: int, username: str, password: str) -> None:
        self.get(port, "/accounts/login/")
        status, _headers, content = self.post(
            port, "/accounts/login/", {"username": username, "password": password}
        )
        assert status == 302 and "sessionid" in self.cookies, content[-2000:]
