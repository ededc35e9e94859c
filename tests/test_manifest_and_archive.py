"""A library checks a copy it was given: missing, changed and extra files are all caught, in a
folder or a zip; zips of the same files are byte-identical."""

from __future__ import annotations

import hashlib
import subprocess
import zipfile
from datetime import date
from pathlib import Path

import pytest

from directory.archive import write_zip
from directory.manifest import (
    MANIFEST_NAME,
    ManifestError,
    manifest_text,
    parse_manifest,
    sha256,
    verify_copy,
)

FILES = {
    "index.html": b"<!doctype html><title>Home</title>",
    "en/services/respite.html": "Respite – café".encode(),
    "static/style.css": b"body{}",
}
DAY = date(2026, 11, 23)


def make_copy(root: Path, files: dict[str, bytes] = FILES) -> Path:
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    (root / MANIFEST_NAME).write_text(manifest_text({n: sha256(d) for n, d in files.items()}))
    return root


def test_manifest_is_sorted_sha256sum_format_and_reads_back():
    text = manifest_text({name: sha256(data) for name, data in FILES.items()})
    lines = text.splitlines()
    assert [line.split("  ", 1)[1] for line in lines] == sorted(FILES)
    assert parse_manifest(text) == {name: sha256(data) for name, data in FILES.items()}


def test_manifest_can_be_checked_with_sha256sum_too(tmp_path):
    make_copy(tmp_path)
    result = subprocess.run(["sha256sum", "--check", "--quiet", MANIFEST_NAME], cwd=tmp_path,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_an_untouched_folder_copy_passes(tmp_path):
    check = verify_copy(make_copy(tmp_path))
    assert check.ok and check.files == len(FILES)


def test_changed_missing_and_extra_files_are_each_reported(tmp_path):
    copy = make_copy(tmp_path)
    (copy / "static/style.css").write_bytes(b"body{display:none}")
    (copy / "index.html").unlink()
    (copy / "en/services/extra.html").write_bytes(b"planted")
    check = verify_copy(copy)
    assert not check.ok
    assert check.changed == ["static/style.css"]
    assert check.missing == ["index.html"]
    assert check.extra == ["en/services/extra.html"]


def test_a_zip_is_checked_without_unzipping_with_or_without_a_top_folder(tmp_path):
    digests = {name: sha256(data) for name, data in FILES.items()}
    files = {**FILES, MANIFEST_NAME: manifest_text(digests).encode()}
    for top in ("", "catalogue-copy"):
        target = tmp_path / f"copy{top}.zip"
        write_zip(files, target, DAY, top=top)
        assert verify_copy(target).ok
        tampered = {**files, "static/style.css": b"changed"}
        write_zip(tampered, target, DAY, top=top)
        assert verify_copy(target).changed == ["static/style.css"]


def test_a_copy_without_a_manifest_is_refused_clearly(tmp_path):
    (tmp_path / "index.html").write_text("x")
    with pytest.raises(ManifestError, match="has no MANIFEST.sha256"):
        verify_copy(tmp_path)
    (tmp_path / "not-a-zip.zip").write_text("x")
    with pytest.raises(ManifestError, match="neither a folder nor a zip"):
        verify_copy(tmp_path / "not-a-zip.zip")


def test_a_garbled_manifest_line_is_named():
    with pytest.raises(ManifestError, match="line 2"):
        parse_manifest(f"{'0' * 64}  a.html\nnot a checksum line\n")


def test_zips_of_the_same_files_are_byte_identical_whatever_the_order(tmp_path):
    first, second = tmp_path / "a.zip", tmp_path / "b.zip"
    write_zip(FILES, first, DAY, top="copy")
    write_zip(dict(reversed(list(FILES.items()))), second, DAY, top="copy")
    assert hashlib.sha256(first.read_bytes()).digest() == hashlib.sha256(second.read_bytes()).digest()
    with zipfile.ZipFile(first) as zipped:
        infos = zipped.infolist()
        assert {info.date_time for info in infos} == {(2026, 11, 23, 0, 0, 0)}
        assert "copy/en/services/" in [info.filename for info in infos]
        assert zipped.read("copy/en/services/respite.html") == FILES["en/services/respite.html"]


def test_a_zip_passes_its_integrity_check_and_unpacks(tmp_path):
    target = tmp_path / "copy.zip"
    write_zip(FILES, target, DAY, top="copy")
    with zipfile.ZipFile(target) as zipped:
        assert zipped.testzip() is None
        zipped.extractall(tmp_path / "out")
    assert (tmp_path / "out/copy/static/style.css").read_bytes() == b"body{}"
