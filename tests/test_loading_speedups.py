"""The fast paths of loading agree with the plain definitions they replace.

`translations.pick` walks only the fields its patterns can reach, and `source.iter_files` lists a
folder without a stat per file; both must give exactly what the obvious code gives.
"""

from __future__ import annotations

import os
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from directory import source, translations

PATTERNS = (translations.SERVICE_FIELDS, translations.SITE_FIELDS,
            (("*",), ("x", "*", "*"), ("source_fingerprint",), ("name",)))


def naive_pick(data, patterns):
    def matches(path, pattern):
        return len(path) == len(pattern) and all(
            p == "*" and isinstance(v, int) or p == v for v, p in zip(path, pattern, strict=True))
    return {path: text for path, text in translations.flatten(data)
            if any(matches(path, pattern) for pattern in patterns)}


KEYS = st.sampled_from(["name", "contact", "phones", "label", "locations", "*", "note", "x",
                        "source_fingerprint", "cost", "details", "urgent_help", "items", "title"])
DATA = st.recursive(st.one_of(st.text(max_size=3), st.integers(), st.none(), st.booleans()),
                    lambda inner: st.one_of(st.lists(inner, max_size=3),
                                            st.dictionaries(KEYS, inner, max_size=4)),
                    max_leaves=25)


@settings(max_examples=300, deadline=None)
@given(DATA, st.sampled_from(PATTERNS))
def test_pick_gives_the_matching_text_leaves_in_flatten_order(data, patterns):
    assert list(translations.pick(data, patterns).items()) == \
        list(naive_pick(data, patterns).items())


def test_iter_files_lists_what_glob_lists(tmp_path: Path):
    for name in ("b.yaml", "a.yaml", ".hidden.yaml", "A.YAML", "c.yml", "d.bn.yaml", "notes"):
        (tmp_path / name).write_text("x: 1\n", encoding="utf-8")
    (tmp_path / "folder.yaml").mkdir()
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "e.yaml").write_text("x: 1\n", encoding="utf-8")
    os.symlink(tmp_path / "a.yaml", tmp_path / "link.yaml")
    os.symlink(tmp_path / "missing", tmp_path / "broken.yaml")
    for pattern in ("*.yaml", "*.yml", "*", "**/*.yaml"):
        expected = sorted(p for p in tmp_path.glob(pattern) if p.is_file())
        assert list(source.iter_files(tmp_path, pattern)) == expected, pattern
    assert list(source.iter_files(tmp_path / "absent", "*.yaml")) == []
