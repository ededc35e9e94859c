"""`catalogue import oruk` and `catalogue import csv`: bring services in from open data files.

Thin commands: the work is in `openreferral/import_oruk.py` and `tabular.py`. Both write every
entry or none, never overwrite an entry (unless `import csv --update`), and report problems as
`file:line:column: error: message` with exit status 1.
"""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..openreferral.import_mapping import Mapping, load_mapping
from ..openreferral.import_oruk import Options, import_oruk
from ..openreferral.import_rules import format_report
from ..openreferral.import_write import ImportFailed, load_target, write_services
from ..pipeline import build_date
from ..problems import ProblemList, summary
from ..tabular import import_csv
from .common import CONTENT_ERRORS, format_option, report, shown

out_option = click.option(
    "--out", "content_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"), show_default=True,
    help="The catalogue to import into: entries go to its services/ folder.")
dry_run_option = click.option("--dry-run", is_flag=True,
                              help="Check and report only; write nothing.")


def _fail(problems: ProblemList, output_format: str) -> None:
    report(problems.sorted(), output_format)
    if output_format == "text":
        click.echo(summary(problems.sorted()) + ": nothing was written", err=True)
    raise SystemExit(CONTENT_ERRORS)


@click.group(name="import")
def import_group() -> None:
    """Add services from an Open Referral (ORUK/HSDS) dump or a spreadsheet (CSV)."""


@import_group.command()
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@out_option
@click.option("--map", "mapping_file", type=click.Path(dir_okay=False, exists=True, path_type=Path),
              help="YAML file mapping ORUK taxonomy terms ('terms:') and service area names "
                   "('areas:') to this catalogue's ids.")
@click.option("--default-area", help="Area id for services whose areas match none of ours.")
@click.option("--default-category",
              help="Category id for services whose taxonomy terms match none of ours.")
@click.option("--report", "report_file", type=click.Path(dir_okay=False, path_type=Path),
              help="Also write the mapping report as JSON to this file.")
@dry_run_option
@format_option
def oruk(file: Path, content_dir: Path, mapping_file: Path | None, default_area: str | None,
         default_category: str | None, report_file: Path | None, dry_run: bool,
         output_format: str) -> None:
    """Import services from an Open Referral UK JSON file (ORUK 1.0 or 3.0, or HSDS 3.0).

    FILE may hold one service, a list of services, or a /services page. Prints a report of what
    did not map (taxonomy terms, areas, languages), the fields dropped and the personal data
    withheld (named staff contacts are never imported).
    """
    problems = ProblemList()
    target = load_target(content_dir, problems)
    if target is None:
        _fail(problems, output_format)
    mapping = load_mapping(mapping_file, target, problems) if mapping_file else Mapping()
    areas = {area.id for area in target.site.areas}
    categories = {term.id for term in target.taxonomy.categories}
    if default_area and default_area not in areas:
        raise click.BadParameter(f"{default_area!r} is not an area in site.yaml "
                                 f"({', '.join(sorted(areas))})", param_hint="--default-area")
    if default_category and default_category not in categories:
        raise click.BadParameter(f"{default_category!r} is not a category in taxonomy.yaml",
                                 param_hint="--default-category")
    if problems.errors:
        _fail(problems, output_format)
    options = Options(build_date(), mapping, default_area, default_category)
    try:
        result = import_oruk(file, target, options)
        if result.problems.errors:
            raise ImportFailed(result.problems)
        if not dry_run:
            write_services(result.services, target, result.problems,
                           header=(f"Imported from {file.name} (Open Referral) on "
                                   f"{options.today.isoformat()}.",))
    except ImportFailed as failure:
        _fail(failure.problems, output_format)
    report([p for p in result.problems.sorted()], output_format)
    click.echo(format_report(result.report, written=not dry_run))
    if report_file:
        report_file.write_text(json.dumps(result.report.as_dict(), indent=2, ensure_ascii=False)
                               + "\n", encoding="utf-8")


@import_group.command(name="csv")
@click.argument("file", type=click.Path(dir_okay=False, exists=True, path_type=Path))
@out_option
@click.option("--update", is_flag=True,
              help="Replace existing entries whose id is in the file (their comments and "
                   "layout are lost); without it an existing id is an error.")
@dry_run_option
@format_option
def csv_command(file: Path, content_dir: Path, update: bool, dry_run: bool,
                output_format: str) -> None:
    """Import services from a spreadsheet saved as CSV (as `catalogue export csv` writes it)."""
    problems = ProblemList()
    target = load_target(content_dir, problems)
    if target is None:
        _fail(problems, output_format)
    services, replacing = import_csv(file, target, problems, update=update)
    if problems.errors:
        _fail(problems, output_format)
    written: list[Path] = []
    if not dry_run:
        try:
            written = write_services(services, target, problems, replace=frozenset(replacing))
        except ImportFailed as failure:
            _fail(failure.problems, output_format)
    verb = "would be" if dry_run else "were"
    click.echo(f"{len(services)} service(s) {verb} imported from {shown(file)} "
               f"({len(replacing)} replacing existing entries)")
    for path in written:
        click.echo(f"  {shown(path)}")
