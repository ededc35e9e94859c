"""`catalogue offline`: a complete copy of the site for a library, as a zip or a folder.

The copy is the ordinary build (the offline edition: dated, with the staff guide) plus a manifest
of checksums, packed deterministically: the same content on the same day gives the same bytes, so
a library can tell two copies apart by their checksum alone. Nothing is written unless the whole
copy was made.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from . import pipeline
from .archive import write_zip
from .edition import DEFAULT_WARN_AFTER_DAYS, offline_edition
from .manifest import MANIFEST_NAME, manifest_text, sha256
from .scaffold.ids import slugify
from .write import MARKER


class CopyError(Exception):
    """The copy cannot be written where asked (the folder is not empty)."""


@dataclass
class OfflineCopy:
    target: Path
    pages: int
    files: int  # including the manifest
    size: int  # bytes: the zip, or the folder's files
    languages: list[str]
    made_on: date


def default_name(title: str, made_on: date) -> str:
    """`northmoor-and-eastbridge-carers-directory-2026-11-23`: says what and when."""
    slug = slugify(title) or "catalogue"
    return f"{slug}-{made_on.isoformat()}"


def _site_files(folder: Path) -> dict[str, bytes]:
    files = {}
    for path in sorted(folder.rglob("*")):
        relative = path.relative_to(folder).as_posix()
        if path.is_file() and relative != MARKER:
            files[relative] = path.read_bytes()
    return files


def _refuse_used_folder(target: Path) -> None:
    if target.exists() and (not target.is_dir() or any(target.iterdir())):
        raise CopyError(f"{target} exists and is not an empty folder; choose another --out")


def _write_folder(files: dict[str, bytes], target: Path) -> None:
    _refuse_used_folder(target)  # again: something may have appeared there during the build
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}.", dir=target.parent))
    try:
        for name, data in files.items():
            path = staging / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        os.chmod(staging, 0o755)
        if target.exists():
            target.rmdir()
        staging.rename(target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise


def make_offline_copy(content_dir: Path, target: Path | None, templates_dir: Path | None = None, *,
                      languages: tuple[str, ...] = (), today: date | None = None,
                      warn_after_days: int = DEFAULT_WARN_AFTER_DAYS) -> OfflineCopy:
    """Build the offline edition and write it to `target` (a `.zip` file, else a folder; None:
    `<title>-<date>.zip` in the current folder, named from the catalogue the build loaded).

    Raises `pipeline.BuildFailed` for content errors and `EditionError` for unknown languages,
    in both cases before anything is written.
    """
    made_on = today or pipeline.build_date()
    edition = offline_edition(made_on, warn_after_days, languages)
    if target is not None and target.suffix.lower() != ".zip":
        _refuse_used_folder(target)  # before the build, not after it
    with tempfile.TemporaryDirectory(prefix="catalogue-offline-") as workspace:
        result = pipeline.build(content_dir, Path(workspace) / "site", templates_dir,
                                today=made_on, edition=edition)
        files = _site_files(result.out)
    files[MANIFEST_NAME] = manifest_text({n: sha256(d) for n, d in files.items()}).encode()
    if target is None:
        title = result.catalogue.site.title if result.catalogue else "catalogue"
        target = Path(default_name(title, made_on) + ".zip")
    if target.suffix.lower() == ".zip":
        write_zip(files, target, made_on, top=target.stem)
        size = target.stat().st_size
    else:
        _write_folder(files, target)
        size = sum(len(data) for data in files.values())
    return OfflineCopy(target=target, pages=result.pages, files=len(files), size=size,
                       languages=result.catalogue.languages if result.catalogue else [], made_on=made_on)
