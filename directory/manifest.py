"""A copy's list of files and their SHA-256, and the check a library runs on a copy it was given.

The manifest is `MANIFEST.sha256` in the format of GNU `sha256sum` (`<hex>  <path>` per line,
sorted by path), so a copy can also be checked without our tool: `sha256sum -c MANIFEST.sha256`.
A copy is a folder or a zip; a zip may hold the copy inside one top folder.
"""

from __future__ import annotations

import hashlib
import re
import zipfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

MANIFEST_NAME = "MANIFEST.sha256"
_LINE = re.compile(r"^(?P<digest>[0-9a-f]{64}) [ *](?P<path>.+)$")


class ManifestError(Exception):
    """The copy has no readable manifest, so nothing can be checked."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def manifest_text(digests: Mapping[str, str]) -> str:
    """`sha256sum` lines for every file, sorted by path (the manifest never lists itself)."""
    return "".join(f"{digests[path]}  {path}\n" for path in sorted(digests) if path != MANIFEST_NAME)


def parse_manifest(text: str) -> dict[str, str]:
    digests: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            raise ManifestError(f"{MANIFEST_NAME} line {number} is not '<sha256>  <path>'")
        digests[match["path"]] = match["digest"]
    return digests


@dataclass
class CopyCheck:
    """What differs between a copy and its manifest."""

    files: int = 0
    missing: list[str] = field(default_factory=list)
    changed: list[str] = field(default_factory=list)
    extra: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not (self.missing or self.changed or self.extra)


def _folder_files(root: Path) -> Iterator[tuple[str, bytes]]:
    for path in sorted(root.rglob("*")):
        if path.is_file():
            yield path.relative_to(root).as_posix(), path.read_bytes()


def _zip_files(archive: Path) -> Iterator[tuple[str, bytes]]:
    with zipfile.ZipFile(archive) as zipped:
        names = [info.filename for info in zipped.infolist() if not info.is_dir()]
        prefix = _common_top_folder(names)
        for name in sorted(names):
            yield name[len(prefix):], zipped.read(name)


def _common_top_folder(names: list[str]) -> str:
    """`copy/` when every entry sits in one top folder holding the manifest, else ``."""
    tops = {PurePosixPath(name).parts[0] for name in names if "/" in name}
    if len(tops) == 1 and all("/" in name for name in names):
        top = tops.pop()
        if f"{top}/{MANIFEST_NAME}" in names:
            return f"{top}/"
    return ""


def verify_copy(copy: Path) -> CopyCheck:
    """Compare every file of a folder or zip with its manifest: missing, changed, extra."""
    if copy.is_dir():
        files = dict(_folder_files(copy))
    elif zipfile.is_zipfile(copy):
        files = dict(_zip_files(copy))
    else:
        raise ManifestError(f"{copy} is neither a folder nor a zip file")
    if MANIFEST_NAME not in files:
        raise ManifestError(f"{copy} has no {MANIFEST_NAME}: it was not made by "
                            "`catalogue offline`, or the manifest was deleted")
    try:
        expected = parse_manifest(files.pop(MANIFEST_NAME).decode("utf-8"))
    except UnicodeDecodeError:
        raise ManifestError(f"{MANIFEST_NAME} is not UTF-8 text") from None
    check = CopyCheck(files=len(expected))
    for path, digest in sorted(expected.items()):
        if path not in files:
            check.missing.append(path)
        elif sha256(files[path]) != digest:
            check.changed.append(path)
    check.extra = sorted(set(files) - set(expected))
    return check
