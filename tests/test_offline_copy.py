"""Offline copies for libraries: dated on every page, with a staff guide and a manifest; the same
content on the same day gives the same zip; a changed, missing or extra file is caught."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pytest
import support
from click.testing import CliRunner

from directory.cli import main
from directory.edition import EditionError
from directory.manifest import MANIFEST_NAME, verify_copy
from directory.offline_copy import CopyError, make_offline_copy
from directory.pipeline import BuildFailed

TEMPLATES = support.REPO / "templates"


@pytest.fixture(scope="module")
def copy_zip(tmp_path_factory) -> Path:
    target = tmp_path_factory.mktemp("offline") / "copy.zip"
    make_offline_copy(support.FIXTURE, target, TEMPLATES, today=support.TODAY)
    return target


def read(zip_path: Path, name: str) -> str:
    with zipfile.ZipFile(zip_path) as zipped:
        return zipped.read(f"{zip_path.stem}/{name}").decode("utf-8")


def names(zip_path: Path) -> list[str]:
    with zipfile.ZipFile(zip_path) as zipped:
        prefix = f"{zip_path.stem}/"
        return [n[len(prefix):] for n in zipped.namelist() if not n.endswith("/")]


def test_two_copies_of_the_same_content_are_byte_identical(copy_zip, tmp_path):
    again = tmp_path / "copy.zip"
    make_offline_copy(support.FIXTURE, again, TEMPLATES, today=support.TODAY)
    assert hashlib.sha256(again.read_bytes()).hexdigest() == \
        hashlib.sha256(copy_zip.read_bytes()).hexdigest()


def test_every_page_says_when_the_copy_was_made_and_where_the_current_site_is(copy_zip):
    pages = [n for n in names(copy_zip) if n.endswith(".html")]
    assert len(pages) > 50
    for name in pages:
        html = read(copy_zip, name)
        if "<html" not in html or name == "404.html":
            continue
        assert 'data-copy-made="2026-11-23"' in html, name
        assert 'data-copy-max-days="90"' in html, name
        assert "https://carers.example.org/" in html, name
    assert "This copy was made on 23 November 2026." in read(copy_zip, "en/index.html")
    assert "copy-age.js" in read(copy_zip, "en/index.html")


def test_the_copy_notice_is_in_the_page_language(copy_zip):
    urdu = read(copy_zip, "ur/index.html")
    assert "data-copy-made" in urdu
    assert "This copy was made on" not in urdu or "lang=\"en\"" in urdu


def test_the_published_site_has_no_copy_notice(tmp_path):
    from directory.pipeline import build

    out = build(support.FIXTURE, tmp_path / "site", TEMPLATES, today=support.TODAY).out
    assert "data-copy-made" not in (out / "en/index.html").read_text()
    assert not (out / "README.html").exists()


def test_the_copy_has_a_staff_guide_and_a_manifest_that_verifies(copy_zip):
    guide = read(copy_zip, "README.html")
    assert "About this offline copy" in guide
    assert "--kiosk" in guide and "verify-copy" in guide and "sha256sum" in guide
    assert MANIFEST_NAME in names(copy_zip)
    assert ".community-catalogue" not in names(copy_zip)
    check = verify_copy(copy_zip)
    assert check.ok and check.files == len(names(copy_zip)) - 1


def test_verify_copy_catches_a_changed_a_missing_and_an_extra_file(copy_zip, tmp_path):
    folder = tmp_path / "unzipped"
    with zipfile.ZipFile(copy_zip) as zipped:
        zipped.extractall(folder)
    root = folder / copy_zip.stem
    (root / "en/index.html").write_text("changed", encoding="utf-8")
    (root / "static/style.css").unlink()
    (root / "en/planted.html").write_text("extra", encoding="utf-8")
    result = CliRunner().invoke(main, ["verify-copy", str(root)])
    assert result.exit_code == 1
    assert "changed: en/index.html" in result.stdout
    assert "missing: static/style.css" in result.stdout
    assert "extra: en/planted.html" in result.stdout
    assert "1 missing, 1 changed, 1 extra" in result.stderr


def test_verify_copy_passes_an_untouched_zip(copy_zip):
    result = CliRunner().invoke(main, ["verify-copy", str(copy_zip)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("OK: all ")


def test_a_copy_can_carry_only_some_languages_and_always_the_source_language(tmp_path):
    target = tmp_path / "urdu"
    copy = make_offline_copy(support.FIXTURE, target, TEMPLATES, languages=("ur",),
                             today=support.TODAY)
    assert copy.languages == ["en", "ur"]
    assert (target / "ur/index.html").is_file() and (target / "en/index.html").is_file()
    assert not (target / "bn").exists()
    home = (target / "ur/index.html").read_text(encoding="utf-8")
    assert 'hreflang="bn"' not in home  # the language switcher offers only what the copy has
    assert verify_copy(target).ok


def test_an_unknown_language_or_a_used_folder_is_refused_before_anything_is_written(tmp_path):
    with pytest.raises(EditionError, match="not declared in site.yaml: xx"):
        make_offline_copy(support.FIXTURE, tmp_path / "a.zip", TEMPLATES, languages=("xx",),
                          today=support.TODAY)
    assert not (tmp_path / "a.zip").exists()
    used = tmp_path / "used"
    used.mkdir()
    (used / "notes.txt").write_text("keep me")
    with pytest.raises(CopyError):
        make_offline_copy(support.FIXTURE, used, TEMPLATES, today=support.TODAY)
    assert (used / "notes.txt").read_text() == "keep me"


def test_content_errors_make_no_copy(tmp_path):
    content = support.Content(tmp_path / "content")
    import shutil

    shutil.copytree(support.FIXTURE, content.root)
    content.replace("services/sitting-service.yaml", "name: ", "nmae: ")
    with pytest.raises(BuildFailed):
        make_offline_copy(content.root, tmp_path / "copy.zip", TEMPLATES, today=support.TODAY)
    assert not (tmp_path / "copy.zip").exists()
    assert not list(tmp_path.glob(".copy.zip*"))


def test_the_command_says_what_it_made(tmp_path):
    target = tmp_path / "copy.zip"
    result = CliRunner().invoke(main, ["offline", "--content", str(support.FIXTURE),
                                       "--templates", str(TEMPLATES), "--out", str(target),
                                       "--lang", "bn"])
    assert result.exit_code == 0, result.output
    assert "copy.zip (zip, " in result.stdout and "in en, bn)" in result.stdout
    unknown = CliRunner().invoke(main, ["offline", "--content", str(support.FIXTURE),
                                        "--out", str(tmp_path / "b.zip"), "--lang", "xx"])
    assert unknown.exit_code == 2
    assert "not declared in site.yaml: xx" in unknown.output


def test_without_out_the_copy_is_named_after_the_catalogue_and_its_date(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795392000")  # 2026-11-23
    result = CliRunner().invoke(main, ["offline", "--content", str(support.FIXTURE),
                                       "--templates", str(TEMPLATES)])
    assert result.exit_code == 0, result.output
    [made] = list(tmp_path.glob("*.zip"))
    assert made.name.endswith("-2026-11-23.zip") and made.name.startswith("testshire")
    assert verify_copy(made).ok
