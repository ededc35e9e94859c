"""Live reload for `catalogue serve`: watch the sources, rebuild, and tell open pages.

An editor saves a YAML file and the page in their browser changes by itself; a mistake shows in
the terminal and over the page, located as `path:line:column: error: message`, while the last
good site keeps being served. None of this reaches the published site: the script tag is added to
HTML responses by the server only, and the files on disk never contain it.

How it fits together:
- a watcher thread (watchfiles) collects changes under content/ and templates/ and calls
  `rebuild(changes)`;
- `rebuild` runs the normal build (which writes into a temporary folder and swaps it in only when
  everything succeeded), then hands the new catalogue to the `SiteApp` and records a new state;
- pages load `/__catalogue/reload.js`, which listens on `/__catalogue/events` (Server-Sent Events)
  and reloads when a newer build is ready, or shows the problems when the last build failed.

`rebuild` rebuilds the whole site (under a second for a small catalogue, ~4 s for the example):
incremental builds are issue #10, and slot in here, given the changed paths.
"""

from __future__ import annotations

import html
import json
import re
import sys
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field
from datetime import date
from http import HTTPStatus
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import TYPE_CHECKING

from . import pipeline
from .problems import Problem, Severity, format_text, summary

if TYPE_CHECKING:
    from .serve import SiteApp

PREFIX = "/__catalogue/"
SCRIPT = Path(__file__).with_name("live_reload.js")
KEEPALIVE = 15.0  # seconds between SSE comments, so a closed tab's stream thread ends
RETRY_MS = 1000  # how soon EventSource reconnects after the server went away
CSP_META = re.compile(
    rb'(<meta\s+http-equiv="Content-Security-Policy"\s+content=")([^"]*)(")', re.IGNORECASE)
BODY_END = b"</body>"

Echo = Callable[[str, bool], None]  # (text, to standard error?)


def _echo(text: str, err: bool) -> None:
    print(text, file=sys.stderr if err else sys.stdout, flush=True)


def _shown(path: Path | str) -> str:
    try:
        return str(Path(path).resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


@dataclass(frozen=True)
class BuildState:
    """What the browser is told: which build is being served, and whether the last one failed."""

    build: str  # changes with every successful build; pages carry the one they were served from
    generation: int  # successful builds so far (1: the one `serve` started with)
    version: int  # every rebuild, failed or not: the event stream sends each new version
    ok: bool
    problems: tuple[str, ...] = ()  # `path:line:column: severity: message`, errors first
    summary: str = ""
    reason: str = ""
    changed: tuple[str, ...] = field(default=())

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False, sort_keys=True)


def _with_self(policy: str, directive: str) -> str:
    """`policy` with 'self' allowed for `directive` (falling back to default-src, as CSP does)."""
    parts = [part.strip() for part in policy.split(";") if part.strip()]
    names = [part.split()[0].lower() for part in parts]
    if directive in names:
        index = names.index(directive)
        sources = parts[index].split()[1:]
    else:
        index = len(parts)
        fallback = parts[names.index("default-src")].split()[1:] if "default-src" in names else []
        sources = fallback
        parts.append("")
    sources = [s for s in sources if s != "'none'"]
    if "'self'" not in sources:
        sources.append("'self'")
    parts[index] = " ".join([directive, *sources])
    return "; ".join(parts)


def inject(page: bytes, build: str) -> bytes:
    """A served HTML page with the reload script; its CSP also allows the event stream.

    The pages' policy (`default-src 'none'`) blocks EventSource connections, and a policy can
    only be loosened by rewriting it, not by adding another, so the meta tag is rewritten.
    """
    def allow(match: re.Match[bytes]) -> bytes:
        policy = html.unescape(match[2].decode("utf-8"))
        for directive in ("script-src", "connect-src"):
            policy = _with_self(policy, directive)
        return match[1] + html.escape(policy, quote=True).encode("utf-8") + match[3]

    page = CSP_META.sub(allow, page, count=1)
    tag = (f'<script src="{PREFIX}reload.js" data-build="{html.escape(build, quote=True)}">'
           "</script>\n").encode()
    at = page.rfind(BODY_END)
    return page[:at] + tag + page[at:] if at >= 0 else page + tag


class LiveReload:
    """Watches the sources, rebuilds the site, and answers the `/__catalogue/` endpoints."""

    def __init__(self, app: SiteApp, content: Path, templates: Path | None, cache: Path,
                 today: date | None = None, echo: Echo = _echo, strict: bool = False):
        self.app = app
        self.content = content
        self.templates = templates
        self.cache = cache
        self.today = today  # None: the build date, looked up on each rebuild
        self.strict = strict
        self.echo = echo
        self._boot = f"{time.time_ns():x}"
        self._state = BuildState(build=f"{self._boot}-1", generation=1, version=1, ok=True)
        self._changed = threading.Condition()
        self._building = threading.Lock()
        self._stop = threading.Event()
        self._ready = threading.Event()
        self._thread: threading.Thread | None = None

    # --- state -----------------------------------------------------------------------------

    @property
    def state(self) -> BuildState:
        with self._changed:
            return self._state

    def _publish(self, **values) -> BuildState:
        with self._changed:
            self._state = BuildState(**{**asdict(self._state), **values,
                                        "version": self._state.version + 1})
            self._changed.notify_all()
            return self._state

    def wait_for(self, version: int, timeout: float) -> BuildState:
        """The state once it is newer than `version` (or the current one after `timeout`)."""
        with self._changed:
            self._changed.wait_for(lambda: self._state.version > version or self._stop.is_set(),
                                   timeout=timeout)
            return self._state

    # --- rebuilding --------------------------------------------------------------------------

    def rebuild(self, changes: Iterable[Path | str] = ()) -> BuildState:
        """Rebuild after `changes` (paths) and tell open pages: only what they reach."""
        changed = tuple(sorted({_shown(path) for path in changes}))
        started = time.perf_counter()
        with self._building:
            try:
                result = pipeline.build(self.content, self.app.out, self.templates,
                                        strict=self.strict, today=self.today,
                                        state_dir=self.cache / "build")
            except pipeline.BuildFailed as failure:
                return self._failed(failure.problems, failure.reason, changed)
            except Exception as error:  # a bug must not stop the server: say so, keep serving
                return self._failed([], f"{type(error).__name__}: {error}", changed)
            if result.catalogue is not None:
                self.app.replace(result.catalogue)
            generation = self.state.generation + 1
            state = self._publish(build=f"{self._boot}-{generation}", generation=generation,
                                  ok=True, problems=(), summary=summary(result.problems)
                                  if result.problems else "", reason="", changed=changed)
        self.echo(f"Rebuilt {result.pages} pages in {time.perf_counter() - started:.1f} s"
                  f"{_changes_note(changed)}.", False)
        if result.problems:
            self.echo(summary(result.problems), True)
        return state

    def _failed(self, problems: list[Problem], reason: str, changed: tuple[str, ...]) -> BuildState:
        problems = sorted(problems)
        text = format_text(problems)
        if text:
            self.echo(text, True)
        if problems:
            self.echo(summary(problems), True)
        self.echo(f"build failed: {reason}{_changes_note(changed)}; still serving the last good "
                  "site", True)
        errors_first = sorted(problems, key=lambda p: (p.severity is not Severity.ERROR, p))
        return self._publish(ok=False, problems=tuple(p.format() for p in errors_first),
                             summary=summary(problems) if problems else "", reason=reason,
                             changed=changed)

    # --- watching ----------------------------------------------------------------------------

    def watched(self) -> list[Path]:
        return [path for path in (self.content, self.templates)
                if path is not None and path.is_dir()]

    def start(self) -> None:
        """Start watching in a daemon thread; returns once the watcher is listening."""
        self._thread = threading.Thread(target=self._watch, name="live-reload", daemon=True)
        self._thread.start()
        self._ready.wait(timeout=10)

    def _watch(self) -> None:
        import watchfiles  # only `serve` needs it

        ignored = [self.app.out.resolve(), self.cache.resolve()]

        def wanted(change: watchfiles.Change, path: str) -> bool:
            resolved = Path(path).resolve()
            return (watchfiles.DefaultFilter()(change, path)
                    and not any(resolved.is_relative_to(folder) for folder in ignored))

        # With yield_on_timeout the first (empty) yield says the watcher is listening.
        for changes in watchfiles.watch(*self.watched(), watch_filter=wanted, stop_event=self._stop,
                                        step=50, debounce=1600, rust_timeout=300,
                                        yield_on_timeout=True, raise_interrupt=False):
            self._ready.set()
            if changes and not self._stop.is_set():
                self.rebuild(_edited(changes))
        self._ready.set()

    def stop(self) -> None:
        """Stop watching and end every open event stream."""
        self._stop.set()
        with self._changed:
            self._changed.notify_all()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=5)

    @property
    def stopped(self) -> bool:
        return self._stop.is_set()

    def site_ready(self, timeout: float = 2.0) -> None:
        """Wait out the instant when a build swaps the new site folder in for the old one."""
        deadline = time.monotonic() + timeout
        while not self.app.out.is_dir() and time.monotonic() < deadline:
            time.sleep(0.01)

    # --- the endpoints -----------------------------------------------------------------------

    def handle(self, handler: BaseHTTPRequestHandler, path: str) -> None:
        """Answer a request under /__catalogue/."""
        name = path[len(PREFIX):]
        if name == "reload.js":
            self._send(handler, SCRIPT.read_bytes(), "text/javascript; charset=utf-8")
        elif name == "status":
            self._send(handler, self.state.as_json().encode("utf-8"),
                       "application/json; charset=utf-8")
        elif name == "events":
            self._stream(handler)
        else:
            handler.send_error(HTTPStatus.NOT_FOUND)

    @staticmethod
    def _send(handler: BaseHTTPRequestHandler, body: bytes, content_type: str) -> None:
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", content_type)
        handler.send_header("Content-Length", str(len(body)))
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        handler.wfile.write(body)

    def _stream(self, handler: BaseHTTPRequestHandler) -> None:
        """Server-Sent Events: the current state at once, then each new one, until we stop."""
        handler.close_connection = True
        handler.send_response(HTTPStatus.OK)
        handler.send_header("Content-Type", "text/event-stream; charset=utf-8")
        handler.send_header("Cache-Control", "no-store")
        handler.end_headers()
        sent = 0
        try:
            handler.wfile.write(f"retry: {RETRY_MS}\n\n".encode())
            while not self.stopped:
                state = self.wait_for(sent, KEEPALIVE)
                if self.stopped:
                    break
                if state.version > sent:
                    handler.wfile.write(f"event: build\ndata: {state.as_json()}\n\n".encode())
                    sent = state.version
                else:
                    handler.wfile.write(b": still here\n\n")  # fails once the tab is gone
        except (BrokenPipeError, ConnectionResetError, TimeoutError):
            pass


def _edited(changes: set[tuple[object, str]]) -> list[str]:
    """The paths an editor changed, leaving out an editor's short-lived temporary files (added
    and deleted within one batch)."""
    import watchfiles

    added = {path for change, path in changes if change == watchfiles.Change.added}
    return sorted({path for change, path in changes
                   if Path(path).exists() or (change == watchfiles.Change.deleted
                                              and path not in added)})


def _changes_note(changed: tuple[str, ...], most: int = 3) -> str:
    if not changed:
        return ""
    listed = ", ".join(changed[:most])
    more = f" and {len(changed) - most} more" if len(changed) > most else ""
    return f" (changed: {listed}{more})"

