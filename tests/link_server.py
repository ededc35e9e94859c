"""A local web server that answers as real sites do, for the link checker's tests.

Paths: /ok... and /final... (200), /ok/slow/... (200 after 0.1 s), /moved (301 to /final),
/moved-relative-chain (308 to /moved), /temporary (302), /gone (404), /error (500), /flaky (500
twice, then 200), /no-head (405 to HEAD, 200 to GET), /busy (429), /loop (301 to itself) and
/hang (no answer until the test ends). It counts requests and the most served at once.
"""

from __future__ import annotations

import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

HANG_SECONDS = 5.0  # the hanging path answers after this, or when the test ends


class Handler(BaseHTTPRequestHandler):
    server: LinkServer

    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 - the base's name
        pass

    def do_HEAD(self) -> None:  # noqa: N802 - http.server's naming
        self.answer(head=True)

    def do_GET(self) -> None:  # noqa: N802
        self.answer(head=False)

    def answer(self, head: bool) -> None:
        self.server.record(self.command, self.path, self.headers.get("User-Agent", ""))
        path = urlsplit(self.path).path  # as a proxy, the server is sent whole addresses
        with self.server.in_flight():
            if path.startswith("/ok") or path.startswith("/final"):
                if path.startswith("/ok/slow"):
                    time.sleep(0.1)
                self.reply(200)
            elif path == "/moved":
                self.reply(301, location="/final")
            elif path == "/moved-relative-chain":
                self.reply(308, location="/moved")
            elif path == "/temporary":
                self.reply(302, location="/final?session=1")
            elif path == "/gone":
                self.reply(404)
            elif path == "/error":
                self.reply(500)
            elif path == "/flaky":
                self.reply(500 if self.server.count("/flaky") <= 2 else 200)
            elif path == "/no-head":
                self.reply(405 if head else 200)
            elif path == "/busy":
                self.reply(429, retry_after="0")
            elif path == "/loop":
                self.reply(301, location="/loop")
            elif path == "/hang":
                self.server.release.wait(HANG_SECONDS)
                self.reply(200)
            else:
                self.reply(404)

    def reply(self, status: int, location: str | None = None, retry_after: str = "") -> None:
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        if retry_after:
            self.send_header("Retry-After", retry_after)
        self.send_header("Content-Length", "0")
        self.end_headers()


class LinkServer(ThreadingHTTPServer):
    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.lock = threading.Lock()
        self.requests: list[tuple[str, str]] = []
        self.agents: set[str] = set()
        self.release = threading.Event()
        self.active = 0
        self.most_active = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.server_address[1]}"

    def record(self, method: str, path: str, agent: str) -> None:
        with self.lock:
            self.requests.append((method, path))
            self.agents.add(agent)

    def count(self, path: str) -> int:
        with self.lock:
            return sum(1 for _, p in self.requests if p == path)

    def in_flight(self) -> _InFlight:
        return _InFlight(self)


class _InFlight:
    def __init__(self, server: LinkServer):
        self.server = server

    def __enter__(self) -> None:
        with self.server.lock:
            self.server.active += 1
            self.server.most_active = max(self.server.most_active, self.server.active)

    def __exit__(self, *exc: object) -> None:
        with self.server.lock:
            self.server.active -= 1
