"""`catalogue report`: the editors' dashboard, written where the public site is not.

Thin: loads the catalogue, reads the last link check's results from the cache, and hands
everything to `editor_report`. The page goes to `.cache/report/index.html` by default, a folder
the build never publishes; `--out` puts it anywhere else (a shared drive, a CI artefact).
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import pipeline
from ..catalogue import Catalogue
from ..editor_report import editor_report, render_report, report_as_dict
from ..linkcheck import LinkResult, collect_links, last_results
from ..linkcheck_collect import Links
from ..problems import summary
from ..write import write_atomically
from .common import CONTENT_ERRORS, cache_option, content_option, shown
from .common import report as report_problems

LINK_RESULTS = "links.json"  # written by `catalogue check --links` in the cache folder


def _last_link_check(catalogue: Catalogue, cache_dir: Path
                     ) -> tuple[list[LinkResult] | None, Links | None]:
    """Results of the last `check --links` and where each address is written (None: never ran)."""
    results = last_results(cache_dir / LINK_RESULTS)
    return (results, collect_links(catalogue)) if results else (None, None)


@click.command()
@content_option
@cache_option
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=None, help="Where to write index.html.  [default: CACHE/report]")
@click.option("--format", "output_format", type=click.Choice(["html", "json"]), default="html",
              show_default=True, help="html writes the page; json prints the report for scripts.")
def report(content_dir: Path, cache_dir: Path, out_dir: Path | None, output_format: str) -> None:
    """Write the editors' dashboard: reviews due, awards expiring, translations to do, broken
    links from the last `check --links`, likely duplicates, and counts by category and area.

    It is not published with the site.
    """
    catalogue, problems = pipeline.check(content_dir)
    if catalogue is None:
        report_problems(list(problems), "text")
        click.echo(summary(list(problems)), err=True)
        click.echo("report not written: fix the content errors first", err=True)
        sys.exit(CONTENT_ERRORS)
    links, uses = _last_link_check(catalogue, cache_dir)
    data = editor_report(catalogue, pipeline.build_date(), links, uses)
    if output_format == "json":
        click.echo(json.dumps(report_as_dict(data), indent=2, ensure_ascii=False))
        return
    out_dir = out_dir if out_dir is not None else cache_dir / "report"
    page = out_dir / "index.html"
    write_atomically(page, render_report(data, out_dir))
    totals = data.totals
    click.echo(f"{totals['reviews_overdue']} reviews overdue, {totals['reviews_due_soon']} due "
               f"soon; {totals['awards_expired'] + totals['awards_expiring']} quality marks "
               f"expired or expiring; {totals['likely_duplicates']} likely duplicates; "
               + (f"{totals['links_broken']} broken links." if data.links else
                  "links not checked yet (catalogue check --links)."))
    click.echo(f"Wrote {shown(page.resolve())}: open it in a browser.")
