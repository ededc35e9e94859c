"""Incremental builds give the same bytes as a full build, after any sequence of edits.

Each step edits the content (or a template), builds incrementally into one folder with a state
kept between steps, builds the same content in full into another folder, and compares the two
sites file by file. The steps also check that the incremental build really did less (so a
"rebuild everything" bug cannot pass as incremental).
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest
from support import REPO, TODAY, Content

from directory import inputs, pipeline
from directory.cli import main
from directory.incremental import StateStore
from directory.inputs import Fingerprints, scan


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()}


def assert_same_site(incremental: Path, full: Path) -> None:
    left, right = tree(incremental), tree(full)
    assert sorted(left) == sorted(right), (
        f"only in the incremental build: {sorted(set(left) - set(right))[:5]}; "
        f"only in the full build: {sorted(set(right) - set(left))[:5]}")
    differing = [name for name in left if left[name] != right[name]]
    assert not differing, f"incremental build differs from a full build in {differing[:10]}"


class Builds:
    """One content folder built two ways: incrementally (with state) and in full."""

    def __init__(self, content: Content, tmp_path: Path):
        self.content = content
        self.templates = tmp_path / "templates"
        shutil.copytree(REPO / "templates", self.templates)
        self.incremental = tmp_path / "incremental"
        self.full = tmp_path / "full"
        self.state = tmp_path / "cache" / "build"
        self.step = 0

    def build_incremental(self, **options) -> pipeline.BuildResult:
        return pipeline.build(self.content.root, self.incremental, self.templates, today=TODAY,
                              state_dir=self.state, **options)

    def check(self) -> pipeline.BuildResult:
        """Build both ways and insist on identical sites; return the incremental result."""
        result = self.build_incremental()
        full = pipeline.build(self.content.root, self.full, self.templates, today=TODAY)
        assert_same_site(self.incremental, self.full)
        assert result.pages == full.pages and result.files == full.files
        return result


@pytest.fixture
def builds(content: Content, tmp_path: Path) -> Builds:
    builds = Builds(content, tmp_path)
    first = builds.check()
    assert first.rendered == first.pages, "the first build renders every page"
    return builds


def service_pages(result: pipeline.BuildResult) -> int:
    return sum(1 for lang in result.catalogue.languages for _ in result.catalogue.services)


def test_a_sequence_of_edits_gives_the_same_site_as_full_builds(builds: Builds):
    content = builds.content
    # Change a service's description: its pages, lists showing it, and derived files.
    content.replace("services/dementia-cafe.yaml", "Meet other carers over tea.",
                    "Meet other carers over tea and cake.")
    result = builds.check()
    assert 0 < result.rendered < result.pages
    # Change a name, which moves the service in every A to Z list.
    content.replace("services/dementia-cafe.yaml", "name: Dementia carers' café",
                    "name: Zest dementia café")
    builds.check()
    # Move it to another category, and record a new check (another month's bulletin).
    content.replace("services/dementia-cafe.yaml", "categories: [peer-support]",
                    "categories: [respite, peer-support]")
    content.replace("services/dementia-cafe.yaml", "last_verified: 2025-08-01",
                    "last_verified: 2026-10-15")
    builds.check()
    # Add a service.
    added = content.read("services/dementia-cafe.yaml").replace("id: dementia-cafe",
                                                                "id: memory-walks")
    content.write("services/memory-walks.yaml", added.replace("Zest dementia café",
                                                              "Memory walks"))
    result = builds.check()
    assert "memory-walks" in {e.id for e in result.catalogue.services}
    # Delete a service and its translation.
    content.path("services/northmoor-assessment.yaml").unlink()
    content.path("services/northmoor-assessment.bn.yaml").unlink()
    result = builds.check()
    assert not any(name.endswith("northmoor-assessment.html") for name in tree(builds.incremental))
    # Change a template only service pages use: only service pages are rendered again.
    (builds.templates / "service.html").write_text(
        (builds.templates / "service.html").read_text(encoding="utf-8")
        + "{# an editor's note #}\n<!-- edited -->\n", encoding="utf-8")
    result = builds.check()
    assert result.rendered == service_pages(result)
    # Change a translation.
    content.replace("services/sitting-service.bn.yaml", "name: ", "name: নতুন ")
    result = builds.check()
    assert 0 < result.rendered < result.pages
    # Change guidance, the footer's about page, and the site settings.
    content.replace("guidance/en/taking-a-break.md", "title: ", "title: Edited, ")
    builds.check()
    content.replace("pages/en/about.md", "title: ", "title: All ")
    result = builds.check()
    assert result.rendered == result.pages, "every page names the about page in its footer"
    site = content.read("site.yaml")
    content.write("site.yaml", site.replace("title: ", "title: The ", 1))
    builds.check()
    # A template every page extends.
    base = builds.templates / "base.html"
    base.write_text(base.read_text(encoding="utf-8").replace("</body>", "<!-- b -->\n</body>"),
                    encoding="utf-8")
    result = builds.check()
    # Every page but those whose templates stand alone: language chooser, 404, print editions.
    assert result.rendered == result.pages - 2 - 2 * len(result.catalogue.languages)


def test_a_no_op_rebuild_changes_nothing_and_reports_the_same_warnings(builds: Builds):
    before = {name: os.stat(builds.incremental / name).st_ino for name in tree(builds.incremental)}
    first = builds.build_incremental()
    again = builds.build_incremental()
    assert again.unchanged and again.rendered == 0 and again.catalogue is None
    assert again.problems == first.problems and again.problems, "the warnings are reported again"
    assert again.pages == first.pages and again.files == first.files
    after = {name: os.stat(builds.incremental / name).st_ino for name in tree(builds.incremental)}
    assert before == after, "a no-op rebuild must not rewrite the site"


def test_touching_files_without_changing_them_is_still_a_no_op(builds: Builds):
    for path in builds.content.root.rglob("*.yaml"):
        os.utime(path)
    assert builds.build_incremental().unchanged


def test_an_edit_that_keeps_size_and_times_is_still_seen(builds: Builds, content: Content):
    path = content.path("services/dementia-cafe.yaml")
    old = path.stat()
    text = content.read("services/dementia-cafe.yaml").replace("Ask us about respite.",
                                                               "Ask us about RESPITE.")
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(old.st_atime_ns, old.st_mtime_ns))  # as if nothing had happened
    assert path.stat().st_size == old.st_size
    result = builds.check()
    assert not result.unchanged and "RESPITE" in (
        builds.incremental / "en/services/dementia-cafe.html").read_text(encoding="utf-8")


def test_a_failed_incremental_build_keeps_the_previous_site_and_state(builds: Builds,
                                                                      content: Content):
    before = tree(builds.incremental)
    content.replace("services/dementia-cafe.yaml", "categories: [peer-support]",
                    "categories: [peer-suport]")
    with pytest.raises(pipeline.BuildFailed):
        builds.build_incremental()
    assert tree(builds.incremental) == before
    content.replace("services/dementia-cafe.yaml", "categories: [peer-suport]",
                    "categories: [peer-support]")
    assert builds.build_incremental().unchanged, "the fixed content is what the site shows"


def test_a_file_missing_from_the_previous_site_means_a_full_build(builds: Builds,
                                                                  content: Content):
    (builds.incremental / "en/glossary.html").unlink()
    content.replace("services/dementia-cafe.yaml", "Ask us about respite.", "Ask us.")
    result = builds.check()
    assert result.rendered == result.pages


def test_an_unreadable_state_means_a_full_build(builds: Builds):
    for path in builds.state.glob("*.json"):
        path.write_text("{not json", encoding="utf-8")
    result = builds.check()
    assert result.rendered == result.pages


def test_strict_is_a_different_build(builds: Builds):
    """A --strict build after a normal one must not reuse it: the fixture has warnings."""
    with pytest.raises(pipeline.BuildFailed):
        builds.build_incremental(strict=True)


def test_the_state_lives_in_the_cache_not_in_the_site(builds: Builds):
    summary, details = (json.loads(path.read_text(encoding="utf-8"))
                        for path in sorted(builds.state.glob("build-*.json"), key=len_name))
    assert set(details["outputs"]) == set(tree(builds.incremental))
    assert summary["token"] == details["token"] and summary["file_count"] == len(details["outputs"])
    assert not any("build-" in name for name in tree(builds.incremental))


def len_name(path: Path) -> int:
    return len(path.name)


def test_halves_of_different_builds_do_not_pair_up(builds: Builds, content: Content):
    details = next(builds.state.glob("build-*.pages.json"))
    old = details.read_bytes()
    content.replace("services/dementia-cafe.yaml", "Ask us about respite.", "Ask us.")
    builds.check()
    details.write_bytes(old)  # as if the last build had stopped between its two files
    content.replace("services/dementia-cafe.yaml", "Ask us.", "Ask us, please.")
    result = builds.check()
    assert result.rendered == result.pages, "mismatched state halves mean a full build"


def test_each_output_folder_has_its_own_state(content: Content, tmp_path: Path):
    one = StateStore(tmp_path, content.root, None, tmp_path / "a", "web")
    two = StateStore(tmp_path, content.root, None, tmp_path / "b", "web")
    assert one.path != two.path


def test_scan_reuses_hashes_only_for_files_it_can_trust(tmp_path: Path):
    (tmp_path / "a.yaml").write_text("one", encoding="utf-8")
    (tmp_path / ".hidden").write_text("x", encoding="utf-8")
    first = scan({"content": tmp_path})
    assert set(first.hashes) == {"content/a.yaml"}
    # A made-up previous scan claiming another hash for the same stat facts, long ago: trusted.
    old = Fingerprints(hashes={"content/a.yaml": "claimed"}, stats=dict(first.stats),
                       scanned_at_ns=first.scanned_at_ns + 10**12)
    assert scan({"content": tmp_path}, old).hashes["content/a.yaml"] == "claimed"
    # The same claim from a scan just after the file was written (racily clean): read again.
    racy = Fingerprints(hashes={"content/a.yaml": "claimed"}, stats=dict(first.stats),
                        scanned_at_ns=first.scanned_at_ns)
    assert scan({"content": tmp_path}, racy).hashes == first.hashes


def test_the_command_says_when_nothing_changed(content: Content, tmp_path: Path):
    from click.testing import CliRunner

    runner = CliRunner()
    args = ["build", "--content", str(content.root), "--out", str(tmp_path / "site"),
            "--cache", str(tmp_path / "cache")]
    env = {"SOURCE_DATE_EPOCH": "1795392000"}
    first = runner.invoke(main, args, env=env)
    assert first.exit_code == 0 and "Built " in first.output
    again = runner.invoke(main, args, env=env)
    assert again.exit_code == 0, again.output
    assert "Nothing changed since the last build" in again.output
    assert "warning:" in again.output, "the warnings are shown again"
    content.replace("services/dementia-cafe.yaml", "Ask us about respite.", "Ask us.")
    edited = runner.invoke(main, args, env=env)
    assert "pages rendered, the rest unchanged" in edited.output
    full = runner.invoke(main, [*args, "--full"], env=env)
    assert full.exit_code == 0 and "rendered" not in full.output


def test_a_no_op_that_had_to_read_files_remembers_its_scan(builds: Builds, monkeypatch):
    """Files changed just before a scan are read again by the next one (git's "racily clean"
    rule); a no-op that read them saves its own scan time, so later no-ops can trust them."""
    summary = next(p for p in builds.state.glob("build-*.json") if ".pages." not in p.name)

    def scanned_at() -> int:
        return json.loads(summary.read_text(encoding="utf-8"))["inputs"]["scanned_at_ns"]

    monkeypatch.setattr(inputs, "RACY_SECONDS", 10**6)  # every file counts as just changed
    before = scanned_at()
    assert builds.build_incremental().unchanged
    after = scanned_at()
    assert after > before, "a no-op that read files must save its scan"
    monkeypatch.setattr(inputs, "RACY_SECONDS", 0)
    assert builds.build_incremental().unchanged
    assert scanned_at() == after, "a no-op that read nothing writes nothing"
