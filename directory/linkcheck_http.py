"""Asking a web server about one address: HEAD (GET when HEAD fails), redirects, timeouts.

Built on the standard library's `http.client` rather than urllib or httpx, because a link
checker needs what those hide or lack:
- a *total* time limit per request. Socket timeouts (urllib's, and httpx's per-operation
  ones) restart with every byte, so a server that trickles its headers is never timed out. Here
  a watchdog shuts the socket down when the request's time is up, whatever it is waiting for;
- every redirect hop with its status, to tell a permanent move (update the link) from a
  temporary one (keep it);
- no extra dependency for a command run now and then.
Proxies from the usual `http_proxy`/`https_proxy`/`no_proxy` variables are honoured.
Name lookup is the one step the watchdog cannot interrupt: it is bounded by the system's
resolver settings.
"""

from __future__ import annotations

import http.client
import socket
import ssl
import threading
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from urllib.parse import quote, urljoin, urlsplit

MAX_REDIRECTS = 5
PERMANENT = frozenset({301, 308})
TEMPORARY = frozenset({302, 303, 307})
_SAFE_PATH = "/%:@!$&'()*+,;=-._~"
_SAFE_QUERY = _SAFE_PATH + "?"


class FetchError(Exception):
    """No HTTP answer: timed out, refused, unknown host, bad certificate..."""

    def __init__(self, message: str, *, retry: bool = True, timed_out: bool = False):
        super().__init__(message)
        self.message = message
        self.retry = retry
        self.timed_out = timed_out


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str
    location: str | None = None
    retry_after: str | None = None

    @property
    def text(self) -> str:
        return f"{self.status} {self.reason}".strip()


@dataclass
class Trace:
    """What following one address gave: each redirect hop, then the final answer or error."""

    url: str
    hops: list[tuple[int, str]] = field(default_factory=list)  # (status, the address it led to)
    answer: Answer | None = None
    error: str | None = None
    retry: bool = False  # worth asking again: timeouts, connection errors, 5xx, 429
    timed_out: bool = False

    @property
    def final_url(self) -> str:
        return self.hops[-1][1] if self.hops else self.url


def request_target(url: str) -> tuple[str, str, int, str]:
    """(scheme, host, port, path?query) ready for the request line: ASCII only."""
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        host = (parts.hostname or "").encode("idna").decode("ascii")
        port = parts.port or (443 if scheme == "https" else 80)
    except (UnicodeError, ValueError):
        raise FetchError("not a valid web address", retry=False) from None
    if scheme not in ("http", "https") or not host:
        raise FetchError("not a valid web address", retry=False)
    target = quote(parts.path or "/", safe=_SAFE_PATH)
    if parts.query:
        target += "?" + quote(parts.query, safe=_SAFE_QUERY)
    return scheme, host, port, target


class Fetcher:
    """Sends single requests, at most `per_host` at once to any one host."""

    def __init__(self, timeout: float, user_agent: str, per_host: int = 4,
                 proxies: dict[str, str] | None = None):
        self.timeout = timeout
        self.user_agent = user_agent
        self.per_host = per_host
        self.proxies = urllib.request.getproxies() if proxies is None else proxies
        self._tls = ssl.create_default_context()
        self._slots: dict[str, threading.BoundedSemaphore] = {}
        self._lock = threading.Lock()

    @contextmanager
    def _host_slot(self, host: str, port: int) -> Iterator[None]:
        with self._lock:
            slot = self._slots.setdefault(f"{host}:{port}",
                                          threading.BoundedSemaphore(self.per_host))
        with slot:
            yield

    def _proxy(self, scheme: str, host: str) -> tuple[str, int] | None:
        proxy = self.proxies.get(scheme)
        if not proxy or urllib.request.proxy_bypass(host):
            return None
        parts = urlsplit(proxy if "://" in proxy else f"http://{proxy}")
        return (parts.hostname or "", parts.port or 80) if parts.hostname else None

    def _connection(self, scheme: str, host: str, port: int, target: str
                    ) -> tuple[http.client.HTTPConnection, str]:
        proxy = self._proxy(scheme, host)
        if scheme == "https":
            connection: http.client.HTTPConnection = http.client.HTTPSConnection(
                *(proxy or (host, port)), timeout=self.timeout, context=self._tls)
            if proxy:
                connection.set_tunnel(host, port)
            return connection, target
        connection = http.client.HTTPConnection(*(proxy or (host, port)), timeout=self.timeout)
        address = host if port == 80 else f"{host}:{port}"
        return connection, (f"http://{address}{target}" if proxy else target)

    def request(self, method: str, url: str) -> Answer:
        """One request, no redirects followed; raises `FetchError` when there is no answer."""
        scheme, host, port, target = request_target(url)
        with self._host_slot(host, port):
            connection, target = self._connection(scheme, host, port, target)
            expired = threading.Event()
            watchdog = threading.Timer(self.timeout, _cut, (connection, expired))
            watchdog.daemon = True
            watchdog.start()
            try:
                connection.request(method, target, headers={
                    "User-Agent": self.user_agent, "Accept": "text/html,*/*;q=0.8",
                    "Accept-Encoding": "identity", "Connection": "close"})
                response = connection.getresponse()
                return Answer(response.status, response.reason or "",
                              response.getheader("Location"), response.getheader("Retry-After"))
            except Exception as error:  # noqa: BLE001 - every failure becomes a message
                if expired.is_set() or isinstance(error, TimeoutError):
                    raise FetchError(f"timed out after {self.timeout:g} s", timed_out=True) from None
                raise _describe(error) from None
            finally:
                watchdog.cancel()
                connection.close()


def _cut(connection: http.client.HTTPConnection, expired: threading.Event) -> None:
    """The request's time is up: shutting the socket down wakes whatever is waiting on it."""
    expired.set()
    sock = connection.sock
    if sock is not None:
        try:
            socket.socket.shutdown(sock, socket.SHUT_RDWR)
        except OSError:
            pass


def _describe(error: Exception) -> FetchError:
    if isinstance(error, FetchError):
        return error
    if isinstance(error, socket.gaierror):
        return FetchError("host not found", retry=False)
    if isinstance(error, ssl.SSLCertVerificationError):
        return FetchError(f"certificate problem: {error.verify_message}", retry=False)
    if isinstance(error, ssl.SSLError):
        return FetchError(f"secure connection failed: {error.reason or error}")
    if isinstance(error, ConnectionRefusedError):
        return FetchError("connection refused")
    if isinstance(error, ConnectionResetError):
        return FetchError("connection reset by the server")
    if isinstance(error, http.client.RemoteDisconnected):
        return FetchError("the server closed the connection without answering")
    if isinstance(error, http.client.HTTPException):
        return FetchError(f"not a valid HTTP answer ({type(error).__name__})")
    if isinstance(error, OSError):
        return FetchError(f"cannot connect: {error.strerror or error}")
    return FetchError(f"cannot connect: {error}")


def ask(fetcher: Fetcher, url: str) -> Answer:
    """HEAD first (no page downloaded); GET when HEAD fails, as many servers refuse or
    mishandle HEAD (405, 501, even 404 or 500) while serving the page."""
    answer = fetcher.request("HEAD", url)
    if answer.status >= 400:
        answer = fetcher.request("GET", url)
    return answer


def follow(fetcher: Fetcher, url: str) -> Trace:
    """Follow redirects (at most MAX_REDIRECTS) to a final answer or error."""
    trace = Trace(url)
    current, seen = url, {url}
    while True:
        try:
            answer = ask(fetcher, current)
        except FetchError as error:
            trace.error, trace.retry, trace.timed_out = error.message, error.retry, error.timed_out
            return trace
        if 300 <= answer.status < 400 and answer.status != 304 and answer.location:
            target = urljoin(current, answer.location.strip())
            trace.hops.append((answer.status, target))
            if target in seen:
                trace.error = "redirect loop"
                return trace
            if len(trace.hops) > MAX_REDIRECTS:
                trace.error = f"too many redirects (more than {MAX_REDIRECTS})"
                return trace
            if urlsplit(target).scheme.lower() not in ("http", "https"):
                trace.answer = answer  # e.g. to a mailto: link: the chain ends here
                return trace
            seen.add(target)
            current = target
            continue
        trace.answer = answer
        trace.retry = answer.status >= 500 or answer.status == 429
        return trace
