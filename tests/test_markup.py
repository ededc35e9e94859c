"""Markdown: sanitised, headings nested under the page's own, glossary terms linked once."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from directory.markup import GlossaryLink, render_markdown

GLOSSARY = (GlossaryLink("carers-assessment", ("carer's assessment", "carers assessment")),
            GlossaryLink("respite", ("respite",)))


def render(text: str, **kw) -> str:
    return str(render_markdown(text, **kw).html)


def test_script_style_and_handlers_are_removed():
    html = render('<script>alert(1)</script><style>p{}</style><p onclick="x()">Hi</p>'
                  '<iframe src="https://example.org"></iframe><img src=x onerror=y>')
    assert "<script" not in html and "<style" not in html and "onclick" not in html
    assert "<iframe" not in html and "<img" not in html and "onerror" not in html
    assert "Hi" in html


def test_only_safe_link_schemes_survive_and_are_reported():
    result = render_markdown("[a](https://example.org) [b](mailto:x@example.org) [c](tel:0207946"
                             "0000) [d](javascript:alert(1)) [e](data:text/html,x) [f](other.html)")
    html = str(result.html)
    for kept in ('href="https://example.org"', 'href="mailto:x@example.org"',
                 'href="tel:02079460000"', 'href="other.html"'):
        assert kept in html
    assert "javascript" not in html and "data:" not in html
    assert result.refused_links == ("javascript:alert(1)", "data:text/html,x")


def test_a_link_that_is_not_a_url_is_refused_not_a_traceback():
    """`http://[x` (an unclosed IPv6 host) makes urlsplit raise; found by hypothesis."""
    result = render_markdown("[a](http://[x) [b](//[)")
    assert "href" not in str(result.html)
    assert result.refused_links == ("http://[x", "//[")


def test_headings_nest_under_the_page_heading():
    html = render("# Big\n\n## Smaller\n", heading_base=3)
    assert "<h3>Big</h3>" in html and "<h4>Smaller</h4>" in html
    assert "<h1>" not in html


def test_glossary_links_first_use_only_and_not_in_headings_or_links():
    text = ("## Respite\n\nAsk for a carer's assessment. A carers assessment is free. "
            "Respite helps. [respite](https://example.org) respite")
    html = render(text, glossary=GLOSSARY, glossary_href="../glossary.html")
    assert html.count('href="../glossary.html#carers-assessment"') == 1
    link = '<a class="glossary-term" href="../glossary.html#carers-assessment">'
    assert link + "carer's assessment</a>" in html
    assert html.count('href="../glossary.html#respite"') == 1
    assert "<h2>Respite</h2>" in html
    assert '<a class="glossary-term" href="../glossary.html#respite">Respite</a> helps' in html


def test_glossary_matches_whole_words_only():
    html = render("Respiteful is not a word.", glossary=GLOSSARY)
    assert "glossary" not in html


EVENT_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.IGNORECASE)


@given(st.text(max_size=200))
@settings(max_examples=200)
def test_any_markdown_renders_to_safe_html(text: str):
    html = render(text, glossary=GLOSSARY).lower()
    assert "<script" not in html
    assert "javascript:" not in html
    assert not EVENT_HANDLER.search(html)
