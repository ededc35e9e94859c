"""`catalogue export csv`: the catalogue as a spreadsheet. Other formats may join this group."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline import check
from ..problems import summary
from ..tabular import export_csv
from .common import CONTENT_ERRORS, content_option, format_option, report


@click.group(name="export")
def export_group() -> None:
    """Write the catalogue's services in formats other tools read."""


@export_group.command(name="csv")
@content_option
@click.option("--lang", help="Language of the text fields (translations where they exist); "
                             "default: the catalogue's source language.")
@click.option("--out", "out_file", type=click.Path(dir_okay=False, path_type=Path),
              help="File to write; default: standard output.")
@format_option
def csv_command(content_dir: Path, lang: str | None, out_file: Path | None,
                output_format: str) -> None:
    """One row per service, one column per field, UTF-8 with a BOM (opens in spreadsheets)."""
    catalogue, problems = check(content_dir)
    if catalogue is None:
        report(problems.sorted(), output_format)
        click.echo(summary(problems.sorted()), err=True)
        raise SystemExit(CONTENT_ERRORS)
    if lang and lang not in catalogue.languages:
        raise click.BadParameter(f"{lang!r} is not one of the catalogue's languages "
                                 f"({', '.join(catalogue.languages)})", param_hint="--lang")
    data = export_csv(catalogue, lang).encode("utf-8")
    if out_file is None:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
    else:
        out_file.write_bytes(data)
        click.echo(f"{len(catalogue.services)} services written to {out_file}", err=True)
