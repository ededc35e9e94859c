"""Search on the server and command line (Whoosh), and the browser index's files."""

from __future__ import annotations

import json
import threading
import urllib.request
from collections import Counter
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from support import REPO, TODAY

from directory.cli import main
from directory.search import browser_index
from directory.search.analysis import analyse, fold
from directory.search.browser_index import build_browser_index, pack, stem_hash, unpack
from directory.search.matching import QUALITY, Vocabulary, distance
from directory.search.whoosh_index import WhooshSearch, build_whoosh_index
from directory.validate import load_catalogue

EXAMPLE = REPO / "content"
CASES = yaml.safe_load((Path(__file__).parent / "search" / "relevance.yaml")
                       .read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def catalogue():
    catalogue, problems = load_catalogue(EXAMPLE, TODAY)
    assert catalogue is not None, [p.format() for p in problems.errors]
    return catalogue


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def test_relevance_suite_with_whoosh(catalogue, cache):
    """Every case of tests/search/relevance.yaml finds its services in the top 3."""
    engines: dict[str, WhooshSearch] = {}
    failures = []
    languages = set()
    for case in CASES:
        engine = engines.setdefault(case["lang"], WhooshSearch(catalogue, case["lang"], cache))
        _, hits = engine.search(case["q"], case.get("filters"), limit=3)
        top = [hit.id for hit in hits]
        languages.add(case["lang"])
        if not all(expected in top for expected in case["expect"]):
            failures.append(f"{case['lang']} {case['q']!r}: top 3 {top}, expected {case['expect']}")
    print(f"\nwhoosh relevance: {len(CASES) - len(failures)} of {len(CASES)} cases pass")
    assert len(CASES) >= 30 and len(languages) >= 4
    assert not failures, "\n".join(failures)


def test_analysis_folds_what_people_leave_out():
    assert fold("Opłata") == "oplata"
    assert fold("CAFÉ") == "cafe"
    assert fold("ديمنشيا") == fold("ڈیمنشیا".replace("ڈ", "د"))  # Arabic ي = Urdu ی
    assert [s for s, _ in analyse("Carers’ groups", "en")] == ["carers", "groups"]
    assert dict(analyse("groups", "en")) == {"groups": "group"}
    assert dict(analyse("কেয়ারারের", "bn")) == {"কেয়ারারের": "কেয়ারারের"}  # vowel signs kept


def _payload(text: str):
    return json.loads(text.split(",", 1)[1][:-3])


def test_browser_index_is_classic_scripts_with_a_small_vocabulary_apart(catalogue, monkeypatch):
    index = build_browser_index(catalogue, "en")
    for name, text in index.files.items():
        assert text.startswith(f'CCSearch.loaded("{name[:-3]}",'), name
        assert "fetch(" not in text and "import " not in text
    # the example's vocabulary is small: it comes with meta.js; a large one is split by letter
    assert not [name for name in index.files if name.startswith("v-")]
    inline = _payload(index.files["meta.js"])["forms"][f"{ord('r'):x}"]
    monkeypatch.setattr(browser_index, "VOCABULARY_INLINE", 0)
    index = build_browser_index(catalogue, "en")
    vocabulary = _payload(index.files[f"v-{ord('r'):x}.js"])
    assert vocabulary == inline
    forms = dict(zip(vocabulary[::2], vocabulary[1::2], strict=True))
    assert forms["respite"] == 6  # the stem is "respit", its first 6 letters
    assert all(form.startswith("r") for form in forms)
    meta = _payload(index.files["meta.js"])
    assert not meta["forms"] and f"{ord('r'):x}" in meta["vocabulary"]
    assert meta["quality"] == QUALITY  # one definition of the match weights, in Python
    number = meta["place"].get("respit", stem_hash("respit") % meta["buckets"])
    bucket = _payload(index.files[f"p-{number}.js"])
    numbers = unpack(bucket["p"]["respit"])
    documents = [sum(numbers[0:i + 1:2]) for i in range(0, len(numbers), 2)]
    ids = [json.loads(index.files[f"d-{n // meta['block']}.js"].split(",", 1)[1][:-3])
           [n % meta["block"]][0] for n in documents]
    assert "emergency-respite-service" in ids
    assert "break" in bucket["p"]  # a synonym's postings come in the same file
    # the stem's top document comes with its display data: the first result needs no block
    top = max(range(0, len(numbers), 2), key=lambda i: (numbers[i + 1], -i))
    assert bucket["d"][str(documents[top // 2])][0] == ids[top // 2] == "emergency-respite-service"


def test_numbers_pack_into_short_strings():
    numbers = [0, 1, 31, 32, 1023, 1024, 123456789]
    assert unpack(pack(numbers)) == numbers
    assert len(pack([5, 9, 1, 30])) == 4  # one character each below 32


def test_query_words_resolve_by_the_shared_rules():
    vocabulary = Vocabulary.build({"respite": "respit", "respites": "respit", "rest": "rest",
                                   "break": "break"}, Counter({"respit": 3, "rest": 1, "break": 1}),
                                  {"respite": ["break"]})
    assert vocabulary.candidates("respite") == {"respit": 1.0, "break": 0.9}
    assert vocabulary.candidates("re") == {"respit": 0.7, "rest": 0.7}
    assert vocabulary.candidates("respte") == {"respit": 0.6}  # one edit, five letters or more
    assert vocabulary.candidates("rst") == {}  # too short for a typo
    assert distance("councelling", "counselling", 2) == 1
    assert distance("wheelchiar", "wheelchair", 2) == 1  # a swap is one edit
    many = Vocabulary.build({f"re{c}": f"re{c}" for c in "abcdefghijkl"},
                            Counter({f"re{c}": ord("z") - ord(c) for c in "abcdefghijkl"}), {})
    assert list(many.candidates("re")) == [f"re{c}" for c in "abcdefgh"]  # 8, most frequent
    assert many.candidates("r") == {}  # one letter is not yet a prefix


def test_whoosh_index_is_reused_until_content_changes(catalogue, cache):
    first = build_whoosh_index(catalogue, "en", cache / "reuse")
    stamp = first.stat().st_mtime_ns
    assert build_whoosh_index(catalogue, "en", cache / "reuse") == first
    assert first.stat().st_mtime_ns == stamp


def test_search_command(cache):
    runner = CliRunner()
    result = runner.invoke(main, ["search", "respte", "--content", str(EXAMPLE), "--cache",
                                  str(cache), "--limit", "2"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].endswith("showing 2")
    assert "[emergency-respite-service]" in lines[1]
    result = runner.invoke(main, ["search", "--content", str(EXAMPLE), "--cache", str(cache),
                                  "--area", "kingsfield", "--free", "--format", "json"])
    data = json.loads(result.output)
    assert data["total"] > 0 and all("Kingsfield" in r["areas"] for r in data["results"])
    result = runner.invoke(main, ["search", "ڈیمنشیا", "--lang", "ur", "--content",
                                  str(EXAMPLE), "--cache", str(cache), "--format", "json"])
    assert json.loads(result.output)["results"][0]["id"] in (
        "eastbridge-dementia-cafe", "northmoor-dementia-carers-group")
    assert runner.invoke(main, ["search", "x", "--lang", "fr", "--content",
                                str(EXAMPLE)]).exit_code == 2


def test_server_answers_search_without_javascript(tmp_path, catalogue):
    from directory.pipeline import build
    from directory.serve import SiteApp, make_server

    out = tmp_path / "site"
    build(EXAMPLE, out, REPO / "templates", today=TODAY)
    app = SiteApp(catalogue, out, REPO / "templates", tmp_path / "cache", TODAY)
    server = make_server(app, "127.0.0.1", 0)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        base = f"http://127.0.0.1:{server.server_address[1]}"
        html = urllib.request.urlopen(f"{base}/en/search.html?q=respte&cost=free",
                                      timeout=30).read().decode("utf-8")
        assert 'services found</p>' in html
        assert '<a href="services/emergency-respite-service.html">' in html
        assert 'name="cost" value="free" checked' in html
        assert 'value="respte"' in html
        plain = urllib.request.urlopen(f"{base}/en/index.html", timeout=30).read()
        assert plain == (out / "en/index.html").read_bytes()
    finally:
        server.shutdown()
        server.server_close()
