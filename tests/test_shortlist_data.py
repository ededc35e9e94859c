"""The shortlist page's service facts: every service once per language, safe script text, stable."""

from __future__ import annotations

import json
import re

import pytest
from support import FIXTURE, TODAY

from directory.shortlist import data_files, shard_count, shard_of
from directory.validate import load_catalogue
from directory.views import ViewBuilder

SCRIPT = re.compile(r"\A/\*[^\n]*\*/\nCCShortlist\.loaded\((\d+),(\{.*\})\);\n\Z", re.S)


@pytest.fixture(scope="module")
def catalogue():
    loaded, problems = load_catalogue(FIXTURE, TODAY)
    assert loaded is not None, problems
    return loaded


def _parse(files: dict[str, str]) -> dict[int, dict]:
    shards = {}
    for name, text in files.items():
        match = SCRIPT.match(text)
        assert match, f"{name} is not one CCShortlist.loaded(shard, {{...}}) call: {text[:120]!r}"
        assert name == f"{match[1]}.js"
        shards[int(match[1])] = json.loads(match[2])
    return shards


@pytest.mark.parametrize("lang", ["en", "bn", "ur"])
def test_every_service_is_in_exactly_one_shard(catalogue, lang):
    shards = _parse(data_files(ViewBuilder(catalogue, lang, TODAY)))
    ids = [service_id for shard in shards.values() for service_id in shard]
    assert sorted(ids) == sorted(entry.id for entry in catalogue.services)
    total = shard_count(len(catalogue.services))
    for number, shard in shards.items():
        assert all(shard_of(service_id, total) == number for service_id in shard)


def test_facts_are_in_the_page_language_with_fallback_named(catalogue):
    english = _parse(data_files(ViewBuilder(catalogue, "en", TODAY)))[0]
    bengali = _parse(data_files(ViewBuilder(catalogue, "bn", TODAY)))[0]
    assert english["dementia-cafe"]["href"] == "services/dementia-cafe.html"
    assert english["dementia-cafe"]["email"] == "cafe@example.org"
    assert "fallback" not in english["dementia-cafe"]
    assert "name" in bengali["dementia-cafe"]["fallback"], "an untranslated name is not marked"
    assert "name" not in bengali["northmoor-assessment"].get("fallback", []), \
        "a translated name is marked as fallback"
    assert bengali["northmoor-assessment"]["name"] != english["northmoor-assessment"]["name"]


def test_the_scripts_are_ascii_and_cannot_close_a_tag(content):
    content.replace("services/dementia-cafe.yaml",
                    "summary: A monthly café where carers of people with dementia meet and talk.",
                    'summary: "</script><b>A & B\\u2028café, where carers meet and talk."')
    catalogue, problems = load_catalogue(content.root, TODAY)
    assert catalogue is not None, problems
    text = data_files(ViewBuilder(catalogue, "en", TODAY))["0.js"]
    assert text.isascii()
    assert "<" not in text.split("*/", 1)[1] and "&" not in text
    assert _parse({"0.js": text})[0]["dementia-cafe"]["summary"].startswith("</script><b>A & B")


def test_the_files_are_deterministic(catalogue):
    first = data_files(ViewBuilder(catalogue, "en", TODAY))
    assert first == data_files(ViewBuilder(catalogue, "en", TODAY))


def test_shards_stay_small_and_bounded():
    assert shard_count(0) == shard_count(3) == shard_count(150) == 1
    assert shard_count(151) == 2
    assert shard_count(10_000) == 128  # about 80 services per file
    assert shard_count(10_000_000) == 256


def test_shard_of_is_fnv1a_as_in_the_script():
    # FNV-1a 32-bit reference values (http://www.isthe.com/chongo/tech/comp/fnv/).
    assert shard_of("a", 2**32) == 0xE40C292C
    assert shard_of("foobar", 2**32) == 0xBF9CF968
    assert shard_of("", 2**32) == 0x811C9DC5
