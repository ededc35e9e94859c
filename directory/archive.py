"""Deterministic zip files: the same files give the same bytes, whenever and wherever zipped.

Entries are sorted, carry one fixed timestamp (the copy's date, at midnight), fixed Unix
permissions and no extra fields, so two runs over the same content are byte-identical and a
library can compare copies by their checksum.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Mapping
from datetime import date
from pathlib import Path

from .write import write_atomically

FILE_MODE = 0o644
DIRECTORY_MODE = 0o755
UNIX = 3  # ZipInfo.create_system: the same on every machine, so bytes don't depend on it


def _info(name: str, when: date, mode: int) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=(max(when.year, 1980), when.month, when.day, 0, 0, 0))
    info.create_system = UNIX
    info.external_attr = mode << 16
    info.compress_type = zipfile.ZIP_DEFLATED
    return info


def folders_of(names: list[str]) -> list[str]:
    """Every folder entry (`a/`, `a/b/`) the files need, so unzip tools recreate empty folders
    with the right permissions."""
    folders: set[str] = set()
    for name in names:
        parts = name.split("/")[:-1]
        folders.update("/".join(parts[:depth]) + "/" for depth in range(1, len(parts) + 1))
    return sorted(folders)


def write_zip(files: Mapping[str, bytes], target: Path, when: date, top: str = "") -> None:
    """Zip `files` (path → bytes) under the folder `top`, written atomically to `target`."""
    prefix = f"{top.strip('/')}/" if top else ""
    names = [prefix + name for name in sorted(files)]
    buffer = io.BytesIO()  # the files are in memory already; the zip is smaller than they are
    with zipfile.ZipFile(buffer, "w") as zipped:
        for folder in folders_of(names):
            zipped.writestr(_info(folder, when, DIRECTORY_MODE | 0o040000), b"")
        for name in sorted(files):
            zipped.writestr(_info(prefix + name, when, FILE_MODE), files[name],
                            compress_type=zipfile.ZIP_DEFLATED, compresslevel=9)
    write_atomically(target, buffer.getvalue())
