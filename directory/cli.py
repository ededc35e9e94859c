"""The `catalogue` command: parse options, call library code, map problems to exit codes.

Exit status: 0 success; 1 content errors (or warnings under --strict); 2 usage errors.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import timedelta
from pathlib import Path

import click

from . import linkcheck, pipeline
from .commands.common import (
    CONTENT_ERRORS,
    LINK_CACHE,
    MaxAge,
    cache_option,
    content_option,
    format_option,
    report,
    shown,
    strict_option,
    use_caches,
)
from .commands.export import export_group
from .commands.importing import import_group
from .commands.init import init
from .commands.new import new
from .commands.offline import offline, verify_copy_command
from .commands.pdf import pdf
from .commands.report import report as report_command
from .live_reload import LiveReload
from .mark_current import MarkError, mark_current
from .problems import summary
from .search.whoosh_index import WhooshSearch
from .serve import SiteApp, make_server
from .translation_report import format_report_text, report_as_dict, translation_report
from .translations import FINGERPRINT_KEY


@click.group(invoke_without_command=True,
             context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="community-catalogue")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Community Catalogue: build a carers' information directory from YAML and Markdown.

    With no command, builds content/ into site/.
    """
    if ctx.invoked_subcommand is None:
        ctx.invoke(build)


@main.command()
@content_option
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("templates"), show_default=True,
              help="Your own templates; any template here replaces ours of the same name.")
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True, help="Where to write the site.")
@strict_option
@format_option
@click.option("--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path(".cache"), show_default=True,
              help="Where the record of the last build (for incremental rebuilds) and rendered "
              "Markdown are kept between builds; never published.")
@click.option("--full", is_flag=True,
              help="Render every page again, ignoring what the last build left in the cache.")
def build(content_dir: Path, templates_dir: Path, out_dir: Path, strict: bool,
          output_format: str, cache_dir: Path, full: bool) -> None:
    """Check the content and build the site.

    The site is built in a temporary folder and swapped in only when the whole build succeeds,
    so a failed build leaves the previous site untouched. A rebuild redoes only the pages and
    files whose content, templates or translations changed (the record is kept in the cache);
    the result is the same, byte for byte, as a full build.
    """
    use_caches(cache_dir)
    try:
        result = pipeline.build(content_dir, out_dir, templates_dir, strict=strict,
                                state_dir=None if full else cache_dir / "build")
    except pipeline.BuildFailed as failure:
        report(failure.problems, output_format)
        if output_format == "text" and failure.problems:
            click.echo(summary(failure.problems), err=True)
        if not failure.problems:
            click.echo(f"error: {failure.reason}", err=True)
        click.echo(f"build failed: {failure.reason}; the previous site in {out_dir} was not "
                   "changed", err=True)
        sys.exit(CONTENT_ERRORS)
    report(result.problems, output_format)
    if output_format == "text":
        if result.problems:
            click.echo(summary(result.problems), err=True)
        where = shown(result.out)
        if result.unchanged:
            click.echo(f"Nothing changed since the last build: {result.pages} pages "
                       f"({result.files} files) in {where}/ are up to date "
                       f"({result.seconds:.1f} s).")
        else:
            again = ("" if result.rendered in (None, result.pages)
                     else f"; {result.rendered} pages rendered, the rest unchanged")
            click.echo(f"Built {result.pages} pages ({result.files} files) into {where}/ "
                       f"in {result.seconds:.1f} s{again}.")
        click.echo(f"Open {where}/index.html in a browser, or serve it with: "
                   f"python3 -m http.server --directory {where} 8000")


@main.command()
@content_option
@strict_option
@format_option
@click.option("--links", "links", is_flag=True,
              help="Also check every external http(s) link the site publishes (needs the internet).")
@click.option("--links-max-age", "links_max_age", type=MaxAge(), default="7d", show_default=True,
              metavar="AGE", help="Reuse link results younger than this (7d, 12h, 30m, or a number "
              "of days; 0 checks every link again). Broken links are always checked again.")
@cache_option
def check(content_dir: Path, strict: bool, output_format: str, links: bool,
          links_max_age: timedelta, cache_dir: Path) -> None:
    """Check the content and report every problem; write nothing (except caches)."""
    use_caches(cache_dir)
    catalogue, problems = pipeline.check(content_dir)
    link_check = None
    if links and catalogue is not None:
        link_check = linkcheck.check_links(catalogue, cache_dir / LINK_CACHE, links_max_age)
        problems.extend(link_check.problems())
    items = list(problems)
    report(items, output_format)
    if output_format == "text":
        if links and link_check is None:
            click.echo("Links not checked: fix the errors above first.", err=True)
        elif link_check is not None:
            click.echo(link_check.summary(), err=True)
        click.echo(summary(items) if items else
                   f"No problems found in {len(catalogue.services) if catalogue else 0} services.",
                   err=bool(items))
    failed = bool(problems.errors) or (strict and bool(problems.warnings))
    sys.exit(CONTENT_ERRORS if failed else 0)


@main.command()
@content_option
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only these languages (repeatable). Default: every translated language.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True, help="Report format.")
@click.option("--mark-current", "mark", type=click.Path(dir_okay=False, exists=True,
                                                        path_type=Path), multiple=True,
              metavar="FILE", help="After reviewing a translation, record that it matches the "
              "current source (repeatable).")
def translations(content_dir: Path, languages: tuple[str, ...], output_format: str,
                 mark: tuple[Path, ...]) -> None:
    """Report missing and out-of-date translations, or mark reviewed ones as current."""
    catalogue, problems = pipeline.check(content_dir)
    if catalogue is None:
        report(list(problems), "text")
        click.echo(summary(list(problems)), err=True)
        sys.exit(CONTENT_ERRORS)
    if mark:
        for file in mark:
            try:
                value = mark_current(catalogue, file)
            except MarkError as error:
                raise click.UsageError(str(error)) from None
            click.echo(f"{file}: marked current ({FINGERPRINT_KEY}: {value})")
        return
    declared = {lang.code for lang in catalogue.site.languages}
    unknown = sorted(set(languages) - declared)
    if unknown:
        raise click.BadParameter(f"not declared in site.yaml: {', '.join(unknown)}",
                                 param_hint="--lang")
    reports = translation_report(catalogue, list(languages) or None)
    if output_format == "json":
        click.echo(json.dumps(report_as_dict(reports), indent=2, ensure_ascii=False))
    else:
        names = {lang.code: lang.name for lang in catalogue.site.languages}
        click.echo(format_report_text(reports, names) or "Only one language: nothing to translate.")


@main.command()
@click.argument("words", nargs=-1)
@content_option
@cache_option
@click.option("--lang", default=None, metavar="CODE", help="Language to search in "
              "(default: the catalogue's source language).")
@click.option("--category", "categories", multiple=True, metavar="ID", help="Only services in "
              "this category (repeatable: any of them).")
@click.option("--area", "areas", multiple=True, metavar="ID", help="Only services in this area.")
@click.option("--free", is_flag=True, help="Only free services.")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text",
              show_default=True)
@click.option("--limit", type=click.IntRange(min=1), default=10, show_default=True)
def search(words: tuple[str, ...], content_dir: Path, cache_dir: Path, lang: str | None,
           categories: tuple[str, ...], areas: tuple[str, ...], free: bool, output_format: str,
           limit: int) -> None:
    """Search the catalogue as carers do: ranked, typo-tolerant, in any of its languages."""
    catalogue, problems = pipeline.check(content_dir)
    if catalogue is None:
        report(list(problems), "text")
        click.echo(summary(list(problems)), err=True)
        sys.exit(CONTENT_ERRORS)
    lang = lang or catalogue.site.default_language
    if lang not in catalogue.languages:
        raise click.BadParameter(f"{lang!r} is not declared in site.yaml", param_hint="--lang")
    filters = {"category": list(categories), "area": list(areas),
               "cost": ["free"] if free else []}
    engine = WhooshSearch(catalogue, lang, cache_dir / "whoosh")
    total, hits = engine.search(" ".join(words), filters, limit=limit)
    if output_format == "json":
        click.echo(json.dumps({"query": " ".join(words), "lang": lang, "total": total,
                               "results": [asdict(hit) for hit in hits]},
                              indent=2, ensure_ascii=False))
        return
    click.echo(f"{total} service{'s' * (total != 1)} found" + (
        f", showing {len(hits)}" if len(hits) < total else ""))
    for rank, hit in enumerate(hits, 1):
        click.echo(f"{rank:3}. {hit.name}  [{hit.id}]")
        click.echo(f"     {hit.summary}")


@main.command()
@content_option
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("templates"), show_default=True)
@click.option("--out", "out_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("site"), show_default=True)
@cache_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (loopback: only this computer).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--verbose", is_flag=True, help="Log every request.")
@click.option("--reload/--no-reload", "live", default=True, show_default=True,
              help="Watch the content and templates, rebuild on every change and reload open "
              "pages (problems show in the terminal and over the page).")
def serve(content_dir: Path, templates_dir: Path, out_dir: Path, cache_dir: Path, host: str,
          port: int, verbose: bool, live: bool) -> None:
    """Build the site and serve it, answering searches on the server (works without JavaScript).

    With live reload (the default), each saved change rebuilds the site; while a change has
    errors, the last good site is still served and the errors show over the page.
    """
    use_caches(cache_dir)
    try:
        result = pipeline.build(content_dir, out_dir, templates_dir, search_cache=cache_dir,
                                state_dir=cache_dir / "build")
    except pipeline.BuildFailed as failure:
        report(failure.problems, "text")
        click.echo(f"build failed: {failure.reason}", err=True)
        sys.exit(CONTENT_ERRORS)
    catalogue = result.catalogue
    if catalogue is None:  # the site was up to date, so nothing was loaded: the server needs it
        catalogue, _ = pipeline.check(content_dir)
        assert catalogue is not None  # the same content built without errors
    app = SiteApp(catalogue, result.out, templates_dir, cache_dir, pipeline.build_date())
    if live:
        app.live = LiveReload(app, content_dir, templates_dir, cache_dir,
                              echo=lambda text, err: click.echo(text, err=err))
    server = make_server(app, host, port, verbose)
    address = f"http://{host}:{server.server_address[1]}/"
    click.echo(f"Serving {shown(result.out)}/ at {address}  (Ctrl+C to stop)")
    if app.live is not None:
        app.live.start()
        watched = ", ".join(f"{shown(path.resolve())}/" for path in app.live.watched())
        click.echo(f"Watching {watched}: pages reload when you save a change.")
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        click.echo("Stopped.")
    finally:
        if app.live is not None:
            app.live.stop()
        server.server_close()


main.add_command(new)
main.add_command(init)
main.add_command(report_command)
main.add_command(offline)
main.add_command(verify_copy_command)
main.add_command(import_group)
main.add_command(export_group)
main.add_command(pdf)


if __name__ == "__main__":  # pragma: no cover
    main()
