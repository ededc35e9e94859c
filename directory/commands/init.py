"""`catalogue init DIR`: start a catalogue repository for another council."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..pipeline import build_date
from ..scaffold.repository import InitAnswers, default_area, default_title, init_repository
from ..scaffold.service import ScaffoldError, check_answer
from .common import CONTENT_ERRORS, shown
from .new import Asker, no_input_option


def _area_names(value: str | tuple[str, ...]) -> list[str]:
    names = value.split(",") if isinstance(value, str) else list(value)
    areas = [" ".join(check_answer("name", name).split()) for name in names if name.strip()]
    if not areas:
        raise ValueError("name at least one area")
    return areas


@click.command("init")
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--name", "council", help="The council or organisation that publishes it.")
@click.option("--area", "areas", multiple=True, metavar="NAME",
              help="A place services serve, e.g. a borough (repeatable; default: from --name).")
@click.option("--title", help="The directory's title (default: '<area> Carers' Directory').")
@click.option("--base-url", help="Where the site will be published (can be changed later).")
@click.option("--email", help="Where visitors' feedback goes (can be changed later).")
@no_input_option
def init(directory: Path, council: str | None, areas: tuple[str, ...], title: str | None,
         base_url: str | None, email: str | None, no_input: bool) -> None:
    """Start a new catalogue in DIRECTORY (new or empty): content to start from, a README for
    editors and a GitHub Actions workflow that checks pull requests and publishes the site."""
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        click.echo(f"error: {directory} is not empty: choose a new or empty folder", err=True)
        sys.exit(CONTENT_ERRORS)
    ask = Asker(not no_input)
    council = ask.ask("--name", council, "Council or organisation publishing the directory",
                      lambda value: check_answer("organization", value))
    area_list = ask.ask("--area", areas, "Areas served, separated by commas", _area_names,
                        default=default_area(" ".join(council.split())) if council else None)
    title = ask.ask("--title", title, "Title of the directory",
                    lambda value: check_answer("name", value),
                    default=default_title(council, area_list) if area_list else None)
    base_url = ask.ask("--base-url", base_url, "Web address it will be published at",
                       lambda value: check_answer("website", value), default=InitAnswers.base_url)
    email = ask.ask("--email", email, "Email address for feedback",
                    lambda value: check_answer("email", value),
                    default=InitAnswers.email)
    ask.finish()
    try:
        written = init_repository(directory, InitAnswers(council, area_list, title, base_url, email),
                                  build_date())
    except (ScaffoldError, ValueError) as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(CONTENT_ERRORS)
    where = shown(directory.resolve()) if directory.is_absolute() else str(directory)
    click.echo(f"Started a catalogue in {where}/ ({len(written)} files).")
    click.echo("Next:")
    click.echo(f"  cd {where}")
    click.echo("  search the files for CHANGE ME and replace each placeholder;")
    click.echo("  catalogue check, then catalogue serve to preview the site;")
    click.echo("  git init, commit, push to GitHub, and set Settings > Pages > Source to "
               "GitHub Actions.")
    click.echo("README.md explains how to add, verify and retire services.")
