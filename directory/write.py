"""The only stage that touches the output folder.

Everything is written into a temporary folder beside the output and swapped in only when the whole
build succeeded, so a failed build leaves the previous site exactly as it was. A path is written at
most once per build (Pelican's rule), and bytes never depend on time, order or machine.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path

MARKER = ".community-catalogue"
MARKER_TEXT = "This folder is built by Community Catalogue and replaced on every build.\n"


class OutputError(Exception):
    """The output folder cannot be used (it holds something we did not build)."""


class CarryFailed(OutputError):
    """A file an incremental build meant to keep is gone from the previous site."""


class SiteWriter:
    def __init__(self, out: Path, previous: dict[str, str] | None = None):
        """`previous`: the last build's record (path -> sha256), for `keep`."""
        self.out = out.resolve()
        _refuse_foreign_folder(self.out)
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.staging = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.building-",
                                             dir=self.out.parent))
        self.previous = previous or {}
        self.written: dict[str, str] = {}  # path -> sha256, the record of this build
        self.write(MARKER, MARKER_TEXT)

    def write(self, relative: str, data: str | bytes) -> None:
        if relative in self.written:
            raise OutputError(f"{relative} was written twice in one build")
        payload = data.encode("utf-8") if isinstance(data, str) else data
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(payload)
        self.written[relative] = hashlib.sha256(payload).hexdigest()

    def keep(self, relative: str) -> None:
        """Carry a file over from the previous site unchanged: a hard link into the new build
        (no bytes copied; the previous site is renamed away, never written in place), or a copy
        where the file system has no hard links."""
        if relative in self.written:
            raise OutputError(f"{relative} was written twice in one build")
        recorded = self.previous.get(relative)
        source = self.out / relative
        if recorded is None:
            raise CarryFailed(f"{relative} is not in the previous build's record")
        target = self.staging / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        try:
            os.link(source, target)
        except FileNotFoundError:
            raise CarryFailed(f"{relative} is missing from {self.out}") from None
        except OSError:
            shutil.copyfile(source, target)
        self.written[relative] = recorded

    def commit(self) -> None:
        """Swap the finished build in for the previous one."""
        previous = None
        if self.out.exists():
            previous = self.out.with_name(f".{self.out.name}.previous-{os.getpid()}")
            if previous.exists():
                shutil.rmtree(previous)
            self.out.rename(previous)
        self.staging.rename(self.out)
        os.chmod(self.out, 0o755)
        if previous is not None:
            shutil.rmtree(previous, ignore_errors=True)

    def abort(self) -> None:
        shutil.rmtree(self.staging, ignore_errors=True)


def _refuse_foreign_folder(out: Path) -> None:
    """Never replace a folder we did not build: `--out .` must not delete someone's work."""
    if not out.exists():
        return
    if not out.is_dir():
        raise OutputError(f"{out} exists and is not a folder")
    if any(out.iterdir()) and not (out / MARKER).is_file():
        raise OutputError(f"{out} is not empty and was not built by Community Catalogue; "
                          "choose another --out folder or empty it first")


def write_atomically(path: Path, data: str | bytes) -> None:
    """Write one file so that no reader (a browser reloading, a printer, the next run reading a
    cache) ever sees half of it: into a temporary file beside it, then renamed over it."""
    payload = data.encode("utf-8") if isinstance(data, str) else data
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "wb") as file:
            file.write(payload)
        os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
