"""Fast Markdown rendering gives exactly what a fresh Python-Markdown instance gives.

`markup.render_markdown` reuses one Markdown instance per configuration, skips inline patterns
that cannot match a text, groups glossary phrases by first letter and caches results: each of
these must be invisible in the output. The oracle here is the straightforward way: a new
Markdown instance for every text, every inline pattern, one alternation of all phrases.
The disk cache, between runs, must give what rendering gives, and never skip the sanitiser.
"""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import markdown
import nh3
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import markup
from directory.markup import GlossaryLink, render_markdown

GLOSSARY = (GlossaryLink("carers-assessment", ("carer's assessment", "carers assessment")),
            GlossaryLink("respite", ("respite", "respite care", "Respite breaks")),
            GlossaryLink("ehcp", ("EHCP",)),
            GlossaryLink("benefit", ("benefits", "Carer's Allowance")))
OPTIONS = ({}, {"heading_base": 3, "glossary": GLOSSARY, "glossary_href": "../glossary.html"},
           {"heading_base": 2, "glossary": GLOSSARY[:2]})


def fresh_render(text: str, heading_base: int = 2, glossary: tuple[GlossaryLink, ...] = (),
                 glossary_href: str = "glossary.html") -> markup.Rendered:
    """The renderer as first written: nothing reused, nothing skipped, nothing cached."""
    extension = markup._PageExtension({"heading_base": heading_base, "glossary": glossary,
                                       "glossary_href": glossary_href})
    md = markdown.Markdown(extensions=["tables", "sane_lists", extension], output_format="html")
    raw = md.convert(text)
    refused = list(extension.processor.refused)
    raw_href = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
    refused += [markup.html.unescape(href) for href in raw_href.findall(raw)
                if not markup.link_is_allowed(markup.html.unescape(href))]
    clean = nh3.clean(raw, tags=set(markup.ALLOWED_TAGS), attributes=markup.ALLOWED_ATTRIBUTES,
                      url_schemes=set(markup.ALLOWED_SCHEMES), link_rel=None)
    return markup.Rendered(markup.Markup(clean), tuple(refused))


def uncached(text: str, **options) -> markup.Rendered:
    return render_markdown.__wrapped__(text, **options)


TRICKY = [
    "Plain words only, no markup at all.",
    "Ask for a *carer's assessment* and **respite care**; carers assessment is free.",
    "Line one  \nline two\twith a tab\n\n    indented code with `ticks` and respite",
    "A [link](https://example.org \"title\") and ![img](javascript:x) and <https://a.example>",
    "<mailto:x@example.org> <b onclick=\"x()\">raw</b> &amp; &copy; &#169; &#xA9; & alone",
    "Escapes: \\*not em\\* \\[not a link\\] \\`no code\\` back\\\\slash",
    "[ref] and [text][ref] and ![alt][ref]\n\n[ref]: https://example.org/ref",
    "_under_ __strong__ *a **b** c* snake_case_word 2*3*4",
    "# Heading respite\n\n## Sub\n\n- item EHCP\n- item\n\n1. one\n2. two\n\n> quote benefits",
    "| a | b |\n|---|---|\n| respite | `code` |\n\n---\n\n<div>block html</div>",
    "<a href=\"javascript:alert(1)\">x</a> <img SRC='data:x'> ſrc=javascript:y",
    "Respite breaks, respite, RESPITE; carer’s assessment and Carer's Allowance.",
    "",
    "   \n\n  ",
]


def test_reused_instances_skipped_patterns_and_grouped_glossary_change_nothing():
    for text in TRICKY:
        for options in OPTIONS:
            assert uncached(text, **options) == fresh_render(text, **options), (text, options)


def test_nothing_carries_over_from_one_text_to_the_next():
    defines = "[ref]: https://example.org/ref\n\nSee [the page][ref]. Respite helps."
    uses = "See [the page][ref]. Respite helps."
    options = OPTIONS[1]
    first = uncached(defines, **options)
    second = uncached(uses, **options)
    assert 'href="https://example.org/ref"' in str(first.html)
    assert second == fresh_render(uses, **options)
    assert "example.org/ref" not in str(second.html)  # the reference was the other text's
    assert str(second.html).count("glossary-term") == 1  # each text links its first use again
    refused = uncached("[bad](javascript:alert(1)) respite", **options)
    assert refused.refused_links == ("javascript:alert(1)",)
    assert uncached("[good](https://example.org)", **options).refused_links == ()


def test_a_cache_hit_gives_identical_html():
    text = "Ask about **respite care** and a carer's assessment."
    first = render_markdown(text, **OPTIONS[1])
    again = render_markdown(text, **OPTIONS[1])
    assert again is first  # served from the cache
    render_markdown.cache_clear()
    assert render_markdown(text, **OPTIONS[1]) == first == fresh_render(text, **OPTIONS[1])


def test_different_options_do_not_share_cache_entries():
    text = "# Respite\n\nRespite and a carers assessment."
    results = [str(render_markdown(text, **options).html) for options in OPTIONS]
    assert len(set(results)) == len(results)
    for options, html in zip(OPTIONS, results, strict=True):
        assert html == str(fresh_render(text, **options).html)
    other_href = dict(OPTIONS[1], glossary_href="glossary.html")
    assert str(render_markdown(text, **other_href).html) != results[1]


def test_a_renderer_that_failed_is_not_reused(monkeypatch):
    options = OPTIONS[1]
    broken = markup._renderer(options["heading_base"], options["glossary"],
                              options["glossary_href"])
    monkeypatch.setattr(broken.md, "convert", lambda text: 1 / 0)
    try:
        uncached("Respite.", **options)
    except ZeroDivisionError:
        pass
    text = "Respite, *again*."
    assert uncached(text, **options) == fresh_render(text, **options)


MARKDOWNISH = st.lists(
    st.sampled_from(list("ab respiteEHCP*_`[]()<>&#!\\\n-|:'’/.=\"") +
                    ["https://x.org", "javascript:y", "  \n", "\n\n", "- ", "1. ",
                     "respite care", "carer's assessment", "&amp;", "<b>", "**"]),
    max_size=40).map("".join)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(MARKDOWNISH, st.sampled_from(OPTIONS))
def test_any_text_renders_as_a_fresh_instance_renders_it(text, options):
    assert uncached(text, **options) == fresh_render(text, **options)


PHRASE = st.text(alphabet=st.sampled_from(list("abkKsSſiİıσΣς -'’é") + ["\u212a", "ক", "\u09be"]),
                 min_size=1, max_size=4)


@settings(max_examples=200, deadline=None)
@given(st.lists(st.lists(PHRASE, min_size=1, max_size=3), min_size=1, max_size=5),
       st.lists(st.one_of(PHRASE, st.sampled_from([" ", "x", "'", "’"])), max_size=12))
def test_grouped_glossary_pattern_finds_what_one_alternation_finds(entries, pieces):
    glossary = tuple(GlossaryLink(f"t{i}", tuple(p)) for i, p in enumerate(entries))
    phrases = sorted((p for e in glossary for p in e.phrases), key=lambda p: -len(p))
    boundary = rf"[\w'’{markup._MARKS}]"
    simple = re.compile(rf"(?<!{boundary})("
                        + "|".join(re.escape(p).replace("'", "['’]") for p in phrases)
                        + rf")(?!{boundary})", re.IGNORECASE)
    text = "".join(pieces + [p.swapcase() for p in pieces[:3]])
    grouped = markup._glossary_matcher(glossary).pattern
    assert ([m.span(1) for m in grouped.finditer(text)]
            == [m.span(1) for m in simple.finditer(text)])


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(list("hrefsrcHREFSRCſ =\"'<>a_1\n\t.:/İK")
                                + ["href", "src", "HrEf"]), max_size=30).map("".join))
def test_raw_link_pattern_matches_as_the_ignorecase_pattern(text):
    original = re.compile(r"""\b(?:href|src)\s*=\s*["']?([^"'\s>]+)""", re.IGNORECASE)
    assert markup._RAW_HREF.findall(text) == original.findall(text)


# --- the disk cache (`markup.use_disk_cache`): between runs ---------------------------------------

@pytest.fixture
def disk(tmp_path: Path):
    """A disk cache in a fresh folder, and a fresh in-memory cache, as a new run would have."""
    render_markdown.cache_clear()
    markup.use_disk_cache(tmp_path)
    yield tmp_path
    markup.use_disk_cache(None)
    render_markdown.cache_clear()


def next_run(folder: Path) -> None:
    markup.flush_disk_cache()
    render_markdown.cache_clear()
    markup.use_disk_cache(folder)


def test_a_disk_cache_hit_gives_identical_html_without_rendering(disk, monkeypatch):
    texts = TRICKY[:12]
    first = {(t, i): render_markdown(t, **o) for t in texts for i, o in enumerate(OPTIONS)}
    next_run(disk)
    monkeypatch.setattr(markup._Renderer, "convert", lambda self, text: 1 / 0)  # must not render
    again = {(t, i): render_markdown(t, **o) for t in texts for i, o in enumerate(OPTIONS)}
    assert again == first
    assert all(first[(t, i)] == fresh_render(t, **o) for t in texts for i, o in enumerate(OPTIONS))


def test_the_disk_cache_keeps_options_apart(disk):
    text = "# Respite\n\nRespite and a carers assessment."
    expected = [fresh_render(text, **options) for options in OPTIONS]
    for options in OPTIONS:
        render_markdown(text, **options)
    next_run(disk)
    assert [render_markdown(text, **options) for options in OPTIONS] == expected
    assert len({str(r.html) for r in expected}) == len(OPTIONS)


def test_what_the_disk_cache_returns_is_sanitised_again(disk):
    text = "Respite."
    render_markdown(text)
    markup.flush_disk_cache()
    with sqlite3.connect(disk / "markdown.sqlite3") as db:
        changed = db.execute(
            """UPDATE cached SET value = '["<p>Respite.</p><script>alert(1)</script>", []]'""")
        assert changed.rowcount == 1, "the test must tamper with the stored entry"
    next_run(disk)
    assert str(render_markdown(text).html) == "<p>Respite.</p>"


def test_a_broken_disk_cache_is_ignored(disk):
    text = "Ask about *respite*."
    markup.use_disk_cache(None)
    (disk / "markdown.sqlite3").write_bytes(b"not a database" * 100)
    for name in ("markdown.sqlite3-wal", "markdown.sqlite3-shm"):
        (disk / name).unlink(missing_ok=True)
    markup.use_disk_cache(disk)
    assert render_markdown(text) == fresh_render(text)
