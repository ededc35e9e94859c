"""`catalogue offline` and `catalogue verify-copy`: copies for libraries, and checking them."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from .. import pipeline
from ..edition import DEFAULT_WARN_AFTER_DAYS, EditionError
from ..manifest import ManifestError, verify_copy
from ..offline_copy import CopyError, make_offline_copy
from ..problems import summary
from .common import CONTENT_ERRORS, content_option, report, shown


@click.command()
@content_option
@click.option("--templates", "templates_dir", type=click.Path(file_okay=False, path_type=Path),
              default=Path("templates"), show_default=True)
@click.option("--out", "target", type=click.Path(path_type=Path), default=None,
              help="A .zip file, or a folder to create. Default: <title>-<date>.zip here.")
@click.option("--lang", "languages", multiple=True, metavar="CODE",
              help="Only these languages (repeatable); the source language is always included.")
@click.option("--warn-after", "warn_after_days", type=click.IntRange(min=1),
              default=DEFAULT_WARN_AFTER_DAYS, show_default=True, metavar="DAYS",
              help="Pages warn readers once the copy is older than this.")
def offline(content_dir: Path, templates_dir: Path, target: Path | None,
            languages: tuple[str, ...], warn_after_days: int) -> None:
    """Make a copy of the whole site that works from disk, without the internet.

    For libraries and kiosks: unzip it anywhere and open index.html. Every page says when the
    copy was made; MANIFEST.sha256 lets anyone check it with `catalogue verify-copy`.
    """
    try:
        copy = make_offline_copy(content_dir, target, templates_dir, languages=languages,
                                 warn_after_days=warn_after_days)
    except EditionError as error:
        raise click.BadParameter(str(error), param_hint="--lang") from None
    except CopyError as error:
        raise click.BadParameter(str(error), param_hint="--out") from None
    except pipeline.BuildFailed as failure:
        report(failure.problems, "text")
        if failure.problems:
            click.echo(summary(failure.problems), err=True)
        click.echo(f"no copy made: {failure.reason}", err=True)
        sys.exit(CONTENT_ERRORS)
    kind = "zip" if copy.target.suffix.lower() == ".zip" else "folder"
    click.echo(f"Made {shown(copy.target.resolve())} ({kind}, {copy.files} files, "
               f"{copy.size / 1_048_576:.1f} MB; {copy.pages} pages in "
               f"{', '.join(copy.languages)}), dated {copy.made_on.isoformat()}.")
    click.echo("Open index.html in it with a browser; check it with: "
               f"catalogue verify-copy {shown(copy.target.resolve())}")


@click.command("verify-copy")
@click.argument("copy", type=click.Path(exists=True, path_type=Path))
def verify_copy_command(copy: Path) -> None:
    """Check an offline copy (folder or zip) against its manifest: missing, changed, extra files.

    Exit status 0 when the copy is exactly as made, 1 when any file differs.
    """
    try:
        check = verify_copy(copy)
    except ManifestError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(CONTENT_ERRORS)
    for label, paths in (("missing", check.missing), ("changed", check.changed),
                         ("extra", check.extra)):
        for path in paths:
            click.echo(f"{label}: {path}")
    if check.ok:
        click.echo(f"OK: all {check.files} files match the manifest.")
        return
    click.echo(f"{len(check.missing)} missing, {len(check.changed)} changed, {len(check.extra)} "
               f"extra of {check.files} files: this copy is not as it was made.", err=True)
    sys.exit(CONTENT_ERRORS)
