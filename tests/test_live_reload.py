"""Live reload in `catalogue serve`: save a file and the served page changes; a mistake is reported
(in the terminal and to open pages) while the last good site is still served."""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import support

from directory.live_reload import LiveReload, inject
from directory.pipeline import build, check
from directory.render import CONTENT_SECURITY_POLICY
from directory.serve import SiteApp, make_server

PAGE = "en/services/sitting-service.html"
SOURCE = "services/sitting-service.yaml"
OLD_NAME, NEW_NAME = "Evening sitting service", "Night sitting service"
DEADLINE = 30.0  # seconds: generous for a busy machine; a pass takes about one


@dataclass
class Served:
    base: str
    content: support.Content
    out: Path
    live: LiveReload
    said: list[tuple[str, bool]] = field(default_factory=list)  # what the terminal was told

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"{self.base}/{path}", timeout=30) as response:
            return response.read().decode("utf-8")

    def status(self) -> dict:
        return json.loads(self.get("__catalogue/status"))


def eventually(condition: Callable[[], object], what: str, timeout: float = DEADLINE) -> object:
    """Poll until `condition()` is truthy; fail naming `what` if it never is."""
    deadline = time.monotonic() + timeout
    while True:
        value = condition()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"after {timeout:.0f} s: {what}")
        time.sleep(0.05)


def events(base: str, timeout: float = DEADLINE) -> Iterator[dict]:
    """The build states sent on the event stream, as the browser's EventSource receives them."""
    with urllib.request.urlopen(f"{base}/__catalogue/events", timeout=timeout) as stream:
        assert stream.headers["Content-Type"].startswith("text/event-stream")
        kind, deadline = None, time.monotonic() + timeout
        for raw in stream:
            line = raw.decode("utf-8").rstrip("\n")
            if line.startswith("event: "):
                kind = line[len("event: "):]
            elif line.startswith("data: ") and kind == "build":
                yield json.loads(line[len("data: "):])
                deadline = time.monotonic() + timeout
            if time.monotonic() > deadline:
                pytest.fail(f"no build event on the stream for {timeout:.0f} s")


@contextlib.contextmanager
def live_server(root: Path) -> Iterator[Served]:
    """The fixture catalogue (a writable copy under `root`) built and served on a free port, with
    live reload watching it. Also used by tests/browser/test_live_reload_browser.py."""
    content = support.Content(root / "content")
    shutil.copytree(support.FIXTURE, content.root)
    out, cache = root / "site", root / "cache"
    build(content.root, out, None, today=support.TODAY, search_cache=cache)
    catalogue, _ = check(content.root, support.TODAY)
    app = SiteApp(catalogue, out, None, cache, support.TODAY)
    said: list[tuple[str, bool]] = []
    app.live = LiveReload(app, content.root, None, cache, today=support.TODAY,
                          echo=lambda text, err: said.append((text, err)))
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    app.live.start()
    try:
        yield Served(f"http://127.0.0.1:{server.server_address[1]}", content, out, app.live, said)
    finally:
        app.live.stop()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


@pytest.fixture
def served(tmp_path: Path) -> Iterator[Served]:
    with live_server(tmp_path) as running:
        yield running


def test_saving_a_service_changes_the_served_page(served: Served) -> None:
    assert f"<h1>{OLD_NAME}</h1>" in served.get(PAGE)
    served.content.replace(SOURCE, f"name: {OLD_NAME}", f"name: {NEW_NAME}")
    eventually(lambda: f"<h1>{NEW_NAME}</h1>" in served.get(PAGE),
               "the served page still shows the old name after the YAML was saved")
    # The page changes as soon as the new site is swapped in; open pages are told just after.
    state = eventually(lambda: (s := served.status())["generation"] == 2 and s,
                       "the build generation did not move on after a successful rebuild")
    assert state["ok"]
    assert any(path.endswith("sitting-service.yaml") for path in state["changed"])
    assert any(text.startswith("Rebuilt ") and "sitting-service.yaml" in text
               for text, err in served.said if not err), served.said
    # Search on the server answers from the rebuilt catalogue too.
    eventually(lambda: NEW_NAME in served.get("en/search.html?q=sitting"),
               "server-side search still finds the old name")


def test_a_content_error_is_shown_and_the_last_good_site_kept(served: Served) -> None:
    stream = events(served.base)
    assert next(stream)["ok"], "the stream starts with the current state: the first build worked"
    good = served.content.read(SOURCE)
    served.content.replace(SOURCE, f"name: {OLD_NAME}", "name: [unclosed")

    failed = next(stream)
    assert not failed["ok"] and failed["generation"] == 1
    located = [p for p in failed["problems"]
               if re.search(r"sitting-service\.yaml:\d+:\d+: error: invalid YAML", p)]
    assert located, failed["problems"]
    assert any(located[0] in text for text, err in served.said if err), \
        "the terminal shows the same located error"
    assert f"<h1>{OLD_NAME}</h1>" in served.get(PAGE), "the last good page is still served"
    assert served.status() == failed

    served.content.write(SOURCE, good.replace(f"name: {OLD_NAME}", f"name: {NEW_NAME}"))
    fixed = next(stream)
    assert fixed["ok"] and fixed["generation"] == 2 and fixed["build"] != failed["build"]
    assert f"<h1>{NEW_NAME}</h1>" in served.get(PAGE)


def test_reload_script_is_served_but_never_written_to_disk(served: Served) -> None:
    page = served.get(PAGE)
    build_id = served.status()["build"]
    assert f'<script src="/__catalogue/reload.js" data-build="{build_id}"></script>\n</body>' in page
    assert "connect-src &#x27;self&#x27;" in page, "the page's CSP lets the event stream connect"
    script = served.get("__catalogue/reload.js")
    assert "EventSource(\"/__catalogue/events\")" in script and "alertdialog" in script
    on_disk = [path for path in served.out.rglob("*") if path.is_file()
               and "__catalogue" in path.read_text(encoding="utf-8", errors="replace")]
    assert on_disk == []
    assert served.get("static/style.css") == (served.out / "static/style.css").read_text("utf-8")


def test_stopping_ends_open_event_streams(served: Served) -> None:
    stream = events(served.base)
    next(stream)
    ended = threading.Event()
    threading.Thread(target=lambda: (list(stream), ended.set()), daemon=True).start()
    served.live.stop()
    assert ended.wait(5), "an open event stream outlived the live reloader"


def test_injection_allows_own_scripts_and_connections_and_keeps_the_rest() -> None:
    page = (f'<html><head><meta http-equiv="Content-Security-Policy" '
            f'content="{CONTENT_SECURITY_POLICY.replace(chr(39), "&#39;")}"></head>'
            f"<body><p>&lt;b&gt;</p></body></html>").encode()
    served = inject(page, 'x"1').decode()
    policy = re.search(r'content="([^"]*)"', served)[1].replace("&#x27;", "'")
    assert "connect-src 'self'" in policy and "script-src 'self'" in policy
    assert "default-src 'none'" in policy and "base-uri 'none'" in policy
    assert served.endswith('<p>&lt;b&gt;</p><script src="/__catalogue/reload.js" '
                           'data-build="x&quot;1"></script>\n</body></html>')
    custom = (b'<meta http-equiv="Content-Security-Policy" content="default-src \'self\' '
              b'https:; connect-src \'none\'"><body></body>')
    policy = re.search(r'content="([^"]*)"', inject(custom, "1").decode())[1].replace("&#x27;", "'")
    assert policy == "default-src 'self' https:; connect-src 'self'; script-src 'self' https:"
