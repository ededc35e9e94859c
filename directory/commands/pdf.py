"""`catalogue pdf`: the print edition as a PDF, for a library to print or hand out.

Thin: checks the content and renders through `directory.pdf`; WeasyPrint is optional, and
without it the command says how to install it and exits 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pdf import PdfFailed, PdfUnavailable, UnknownLanguage, make_pdf
from ..problems import summary
from ..write import write_atomically
from .common import CONTENT_ERRORS, content_option, report, shown


@click.command()
@content_option
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("templates"), show_default=True,
              help="Your own templates; any template here replaces ours of the same name.")
@click.option("--lang", "lang", default=None, metavar="CODE",
              help="Language of the edition (a code from site.yaml).  [default: the site's]")
@click.option("--large", is_flag=True, help="Large print (16 pt text).")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="Where to write the PDF.  [default: directory-LANG.pdf, or "
                   "directory-LANG-large.pdf]")
def pdf(content_dir: Path, templates_dir: Path, lang: str | None, large: bool,
        out_file: Path | None) -> None:
    """Write the printable directory as a PDF: cover, contents by type of help, every service
    with its key facts, an A to Z index, and page numbers.

    Needs the pdf extra: pip install 'community-catalogue[pdf]'.
    """
    try:
        result = make_pdf(content_dir, lang, large, templates_dir)
    except PdfUnavailable as error:
        click.echo(f"catalogue pdf: {error}", err=True)
        sys.exit(1)
    except UnknownLanguage as error:
        raise click.BadParameter(str(error), param_hint="'--lang'") from None
    except PdfFailed as error:
        if error.problems:
            report(error.problems, "text")
            click.echo(summary(error.problems), err=True)
        click.echo(f"PDF not written: {error.reason}", err=True)
        sys.exit(CONTENT_ERRORS)
    for address in result.refused:
        click.echo(f"warning: not included (only the templates' own files are): {address}",
                   err=True)
    if result.missing_glyphs:
        click.echo("warning: no installed font has these characters, printed as boxes: "
                   + " ".join(f"{c} (U+{ord(c):04X})" for c in result.missing_glyphs)
                   + "; install Noto fonts (Debian: apt-get install fonts-noto-core)", err=True)
    target = out_file or Path(f"directory-{result.language}{'-large' if large else ''}.pdf")
    write_atomically(target, result.data)
    click.echo(f"Wrote {shown(target.resolve())}: {result.pages} pages"
               f"{', large print' if large else ''}, {len(result.data) // 1024} KiB.")
