"""`catalogue pdf`: the print edition laid out by WeasyPrint, in every language of the fixture.

"No boxes" is checked twice, independently:
1. WeasyPrint's own report: it warns for every character no font has (and draws .notdef, the
   box); `directory.pdf` collects those warnings into `missing_glyphs`.
2. The PDF itself, with fontTools: every glyph the text uses (each entry of each embedded font's
   ToUnicode map) must exist in the embedded font, and visible text must not use glyph 0
   (.notdef). WeasyPrint draws a missing character with a glyph id past the end of the font, so
   it fails here. (Empty outlines are not a sign of a box: Nastaliq draws many letters with
   empty placeholder glyphs, the shape being carried by its neighbour in the ligature.)
A catalogue with a private-use character, which no font has, shows both checks can fail.

Text extraction cannot prove glyphs for complex scripts (a Bengali or Urdu glyph may stand for a
reordered cluster, so extracted text is not the source text), so names are compared exactly for
the Latin-script edition and, for the others, per script: each script's own Noto font is
embedded and every name's characters are drawn by glyphs of the PDF's fonts.
"""

from __future__ import annotations

import collections
import io
import os
import re
import shutil
import socket
import unicodedata
from pathlib import Path

import pytest
from support import FIXTURE, REPO, TODAY, Content

from directory.localize import Localizer
from directory.pdf import PdfResult, render_pdf, static_file
from directory.validate import load_catalogue

try:
    import weasyprint  # noqa: F401 - only to know whether the pdf extra is installed
    from fontTools.ttLib import TTFont
    from pypdf import PdfReader
except ImportError as error:  # pragma: no cover - depends on the machine
    if os.environ.get("CI") == "true":
        raise ImportError(f"the pdf extra and pypdf must be installed under CI: {error}") from None
    pytest.skip(f"needs the pdf extra and pypdf (pip install -e '.[pdf,test]'): {error}",
                allow_module_level=True)

TEMPLATES = REPO / "templates"
SCRIPT_FONTS = {"bn": "Noto-Sans-Bengali", "ur": "Noto-Nastaliq-Urdu"}


@pytest.fixture(scope="module")
def catalogue():
    catalogue, problems = load_catalogue(FIXTURE, TODAY)
    assert catalogue is not None, problems
    return catalogue


@pytest.fixture(scope="module")
def pdfs(catalogue) -> dict[tuple[str, bool], PdfResult]:
    """Each fixture language, and large print in the script that needs the most room (Urdu's
    Nastaliq, right to left), rendered once for the module."""
    editions = [(lang, False) for lang in catalogue.languages] + [("ur", True)]
    return {(lang, large): render_pdf(catalogue, lang, large, TEMPLATES, TODAY)
            for lang, large in editions}


# --- reading a PDF back ----------------------------------------------------------------------


def _fonts(reader: PdfReader) -> dict[str, object]:
    fonts = {}
    for page in reader.pages:
        for ref in page["/Resources"].get("/Font", {}).values():
            font = ref.get_object()
            fonts[str(font["/BaseFont"])] = font
    return fonts


def _to_unicode(font) -> dict[int, str]:
    """A Type0 font's ToUnicode map: glyph id → the text it stands for."""
    data = font["/ToUnicode"].get_object().get_data().decode("latin-1")
    glyphs: dict[int, str] = {}
    for block in re.findall(r"beginbfchar(.*?)endbfchar", data, re.S):
        for code, text in re.findall(r"<([0-9a-fA-F]+)>\s*<([0-9a-fA-F]*)>", block):
            glyphs[int(code, 16)] = bytes.fromhex(text).decode("utf-16-be")
    for block in re.findall(r"beginbfrange(.*?)endbfrange", data, re.S):
        for low, high, start in re.findall(r"<(\w+)>\s*<(\w+)>\s*<(\w+)>", block):
            first = int.from_bytes(bytes.fromhex(start), "big")
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                glyphs[code] = chr(first + offset)
    return glyphs


def _visible(text: str) -> bool:
    return any(not c.isspace() and unicodedata.category(c) not in ("Cf", "Cc") for c in text)


def glyph_problems(data: bytes) -> list[str]:
    """Glyphs drawn as boxes: not in their embedded font, or .notdef for visible text."""
    problems = []
    for name, font in _fonts(PdfReader(io.BytesIO(data))).items():
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        embedded = descriptor.get("/FontFile2") or descriptor.get("/FontFile3")
        if embedded is None:
            problems.append(f"{name}: not embedded")
            continue
        face = TTFont(io.BytesIO(embedded.get_object().get_data()))
        glyphs = len(face.getGlyphOrder())
        problems += [f"{name}: {text!r} has no glyph (id {gid} of {glyphs})"
                     for gid, text in sorted(_to_unicode(font).items())
                     if gid >= glyphs or (gid == 0 and _visible(text))]
    return problems


def drawn_characters(data: bytes) -> set[str]:
    return {c for font in _fonts(PdfReader(io.BytesIO(data))).values()
            for text in _to_unicode(font).values() for c in text}


def page_texts(data: bytes) -> list[str]:
    return [page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages]


# --- the tests -----------------------------------------------------------------------------


def test_every_language_renders_in_normal_and_large_print(pdfs):
    counts = {f"{lang}{' large' if large else ''}": result.pages
              for (lang, large), result in pdfs.items()}
    print("\nPDF pages:", counts)
    for (lang, large), result in pdfs.items():
        assert result.data.startswith(b"%PDF-"), lang
        assert result.pages == len(PdfReader(io.BytesIO(result.data)).pages) > 2, (lang, large)
        assert result.refused == [] and result.warnings == [], (lang, result)
    assert pdfs[("ur", True)].pages > pdfs[("ur", False)].pages  # bigger type, more pages


def test_no_glyph_is_a_box_in_any_language(pdfs):
    for (lang, large), result in pdfs.items():
        assert result.missing_glyphs == [], (lang, large, result.missing_glyphs)
        assert glyph_problems(result.data) == [], (lang, large)


def test_each_script_is_set_in_its_own_noto_font(pdfs):
    for lang, family in SCRIPT_FONTS.items():
        fonts = _fonts(PdfReader(io.BytesIO(pdfs[(lang, False)].data)))
        assert any(family in name for name in fonts), (lang, sorted(fonts))


def test_service_names_are_in_the_pdf(pdfs, catalogue):
    english = re.sub(r"\s+", " ", " ".join(page_texts(pdfs[("en", False)].data)))
    for entry in catalogue.services:
        assert entry.service.name.replace("'", "’") in english.replace("'", "’"), entry.id
    for lang in ("bn", "ur"):
        localizer, drawn = Localizer(catalogue, lang), drawn_characters(pdfs[(lang, False)].data)
        for entry in catalogue.services:
            name = str(localizer.service(entry, ("name",), entry.service.name))
            assert {c for c in name if _visible(c)} <= drawn, (lang, name)


def body_text_size(data: bytes) -> float:
    """The size, in points, in which most characters of the service pages are set."""
    sizes: collections.Counter = collections.Counter()

    def visit(text, cm, tm, font, size) -> None:  # noqa: ANN001 - pypdf's visitor
        sizes[round(size * abs(tm[0] * cm[0]), 1)] += len(text.strip())

    for page in PdfReader(io.BytesIO(data)).pages[2:-1]:
        page.extract_text(visitor_text=visit)
    return sizes.most_common(1)[0][0]


def test_large_print_is_set_at_16_points_or_more(pdfs):
    assert body_text_size(pdfs[("ur", False)].data) == pytest.approx(11, abs=0.2)
    assert body_text_size(pdfs[("ur", True)].data) >= 16


def test_pages_are_numbered(pdfs):
    for (lang, large), result in pdfs.items():
        texts = page_texts(result.data)
        total = len(texts)
        for number, text in enumerate(texts, start=1):
            # Right to left, the two numbers of "1 / 6" may come out of the PDF in either order.
            assert re.search(rf"(?<!\d){number} / {total}(?!\d)|(?<!\d){total} / {number}(?!\d)",
                             text), (lang, large, number, text[-80:])


def test_contents_and_references_give_the_right_page_numbers(pdfs):
    texts = page_texts(pdfs[("en", False)].data)
    contents, index = texts[1], texts[-1]

    def page_of(heading: str) -> int:
        return next(number for number, text in enumerate(texts, start=1)
                    if number > 2 and heading in text)

    for title in ("Respite and breaks", "Carer's assessment", "Peer support"):
        assert re.search(rf"{re.escape(title)} \(1 service\) \.+ +{page_of(title)}\n",
                         contents), (title, contents)
    assert f"Evening sitting service (page {page_of('Evening sitting service')}), number 1" \
        in index, index


def test_the_same_content_gives_the_same_bytes(pdfs, catalogue):
    again = render_pdf(catalogue, "ur", False, TEMPLATES, TODAY)
    assert again.data == pdfs[("ur", False)].data
    metadata = PdfReader(io.BytesIO(again.data)).metadata
    assert (metadata["/CreationDate"], metadata["/ModDate"]) == ("D:20261123", "D:20261123")


def test_a_character_no_font_has_is_caught(tmp_path: Path):
    """The checks above can fail: a private-use character has no glyph in any font."""
    root = tmp_path / "catalogue"
    shutil.copytree(FIXTURE, root)
    Content(root).replace("services/dementia-cafe.yaml", "name: Dementia carers' café",
                          "name: Dementia carers' café \ue000")
    catalogue, _ = load_catalogue(root, TODAY)
    assert catalogue is not None
    result = render_pdf(catalogue, "en", False, TEMPLATES, TODAY)
    assert result.missing_glyphs == ["\ue000"]
    assert any("'\\ue000' has no glyph" in problem for problem in glyph_problems(result.data))


def test_nothing_is_fetched_but_the_templates_own_files(tmp_path: Path, catalogue, monkeypatch):
    templates = tmp_path / "templates"
    templates.mkdir()
    ours = (TEMPLATES / "print.html").read_text(encoding="utf-8")
    (templates / "print.html").write_text(ours.replace(
        "</main>", '<img src="https://example.org/tracker.png" alt="">\n'
                   '<img src="file:///etc/hostname" alt="">\n</main>'), encoding="utf-8")

    def no_network(*args, **kwargs):
        raise AssertionError("the PDF tried to open a network connection")

    monkeypatch.setattr(socket, "create_connection", no_network)
    monkeypatch.setattr(socket.socket, "connect", no_network)
    result = render_pdf(catalogue, "en", False, templates, TODAY)
    assert result.refused == ["https://example.org/tracker.png", "file:///etc/hostname"]
    assert result.pages > 2  # the stylesheet still came from the templates' static folder


def test_static_files_are_served_only_from_the_static_folders(tmp_path: Path):
    ours, theirs = tmp_path / "ours", tmp_path / "theirs"
    ours.mkdir()
    theirs.mkdir()
    (ours / "print.css").write_text("ours")
    (theirs / "print.css").write_text("theirs")
    (tmp_path / "secret.txt").write_text("secret")
    root = "https://print.invalid/static/"
    assert static_file([ours, theirs], root + "print.css") == b"theirs"  # the catalogue's wins
    assert static_file([ours], root + "print.css?v=1") == b"ours"
    assert static_file([ours], root + "../secret.txt") is None
    assert static_file([ours], root + "sub/../../secret.txt") is None
    assert static_file([ours], "https://example.org/static/print.css") is None
    assert static_file([ours], "file://" + str(ours / "print.css")) is None
