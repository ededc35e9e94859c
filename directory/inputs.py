"""What a build reads, as fingerprints: every content file, template and interface translation.

An incremental build compares these with the last build's to tell what changed. Hashing every file
of a 10,000-service catalogue on every run would cost more than a no-op rebuild may take, so, as
git's index does, a file whose size, inode, and modification and change times are what the last
scan recorded keeps its recorded hash, and only other files are read. (A tool that sets the
modification time back cannot set the change time.) A file changed within the same clock tick as
that scan could keep its size and times (git's "racily clean" case), so files changed less than
`RACY_SECONDS` before the last scan began are always read again.
"""

from __future__ import annotations

import hashlib
import os
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import disk_cache

RACY_SECONDS = 2
# Libraries whose behaviour shapes the site: a new version may render differently. (Whoosh is
# not one: `catalogue build` does not use it.)
LIBRARIES = ("jinja2", "markdown", "nh3", "babel", "pydantic", "pyyaml", "markupsafe")
CODE = Path(__file__).parent  # our own package: any change to it may change any page


def file_hash(path: str | Path) -> str:
    with open(path, "rb") as file:
        return hashlib.blake2b(file.read(), digest_size=16).hexdigest()


def digest(*parts: object) -> str:
    """One short hash of several values, in order (each part is converted with `str`)."""
    hasher = hashlib.blake2b(digest_size=16)
    for part in parts:
        hasher.update(str(part).encode("utf-8", "surrogatepass"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def code_version() -> str:
    """Our code and the versions of the libraries that shape the output, as one hash."""
    files = sorted(path for path in CODE.rglob("*")
                   if path.suffix in (".py", ".js", ".json", ".txt", ".html")
                   and "__pycache__" not in path.parts)
    return digest(disk_cache.code_version(LIBRARIES, *files),
                  *(path.relative_to(CODE).as_posix() for path in files))


@dataclass
class Fingerprints:
    """Hashes of input files by name (`content/services/x.yaml`, `templates/0/base.html`), with
    the `stat` facts that let the next scan trust a hash without reading the file."""

    hashes: dict[str, str] = field(default_factory=dict)
    stats: dict[str, tuple[int, ...]] = field(default_factory=dict)  # mtime, ctime, size, inode
    scanned_at_ns: int = 0
    read: int = 0  # files this scan read (not trusted from the last one): not saved

    def to_json(self) -> dict:
        return {"scanned_at_ns": self.scanned_at_ns,
                "files": {name: [*self.stats[name], self.hashes[name]] for name in self.hashes}}

    @classmethod
    def from_json(cls, data: dict) -> Fingerprints:
        files = data.get("files", {})
        return cls(hashes={name: row[-1] for name, row in files.items()},
                   stats={name: tuple(row[:-1]) for name, row in files.items()},
                   scanned_at_ns=int(data.get("scanned_at_ns", 0)))


def _walk(folder: Path) -> list[tuple[str, os.stat_result, str]]:
    """Every file under `folder` (hidden files and folders left out), with its stat and path
    (strings, not `Path`s: a large catalogue has tens of thousands of files)."""
    found = []
    stack = [(os.fspath(folder), "")]
    while stack:
        here, prefix = stack.pop()
        try:
            entries = list(os.scandir(here))
        except (FileNotFoundError, NotADirectoryError):
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = prefix + entry.name
            if entry.is_dir(follow_symlinks=True):
                stack.append((entry.path, name + "/"))
            elif entry.is_file(follow_symlinks=True):
                found.append((name, entry.stat(follow_symlinks=True), entry.path))
    return found


def scan(roots: dict[str, Path], previous: Fingerprints | None = None) -> Fingerprints:
    """Fingerprint every file under each root; `roots` maps a name prefix to a folder."""
    started = time.time_ns()
    racy_after = (previous.scanned_at_ns - RACY_SECONDS * 1_000_000_000) if previous else 0
    result = Fingerprints(scanned_at_ns=started)
    for prefix, root in roots.items():
        for name, stat, path in _walk(root):
            key = f"{prefix}/{name}"
            facts = (stat.st_mtime_ns, stat.st_ctime_ns, stat.st_size, stat.st_ino)
            known = previous.hashes.get(key) if previous else None
            trusted = previous is not None and previous.stats.get(key) == facts
            if known is not None and trusted and max(facts[0], facts[1]) < racy_after:
                result.hashes[key] = known
            else:
                result.hashes[key] = file_hash(path)
                result.read += 1
            result.stats[key] = facts
    return result
