"""Options and helpers shared by every `catalogue` command."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

import click

from .. import linkcheck, markup, parse_cache
from ..problems import FORMATTERS, Problem

CONTENT_ERRORS = 1

content_option = click.option(
    "--content", "content_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path("content"), show_default=True, help="Folder holding site.yaml and services/.")
strict_option = click.option(
    "--strict", is_flag=True, help="Treat warnings (review due, expiring awards) as errors.")
format_option = click.option(
    "--format", "output_format", type=click.Choice(sorted(FORMATTERS)), default="text",
    show_default=True, help="How to print problems: text, json, or GitHub annotations.")


def report(problems: list[Problem], output_format: str) -> None:
    """Problems go to standard error as `path:line:column: severity: message`."""
    if output_format == "text":
        if problems:
            click.echo(FORMATTERS["text"](problems), err=True)
        return
    text = FORMATTERS[output_format](problems)
    if text:
        click.echo(text)


cache_option = click.option(
    "--cache", "cache_dir", type=click.Path(file_okay=False, path_type=Path),
    default=Path(".cache"), show_default=True,
    help="Where caches (parsed content, search indexes, link checks) are kept; never published.")


def use_caches(cache_dir: Path) -> None:
    """Keep rendered Markdown and parsed YAML in the cache folder between runs: a command run
    again and again (build, check, serve) then reads only what changed."""
    markup.use_disk_cache(cache_dir / "markdown")
    parse_cache.use_disk_cache(cache_dir / "parsed")


def shown(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


LINK_CACHE = "links.json"  # in the cache folder: the last link check, for `check` and `report`


class MaxAge(click.ParamType):
    """`--links-max-age 7d`: days, hours or minutes (see `linkcheck.parse_max_age`)."""

    name = "age"

    def convert(self, value, param, ctx):  # noqa: ANN001, ANN201 - click's signature
        if isinstance(value, timedelta):
            return value
        try:
            return linkcheck.parse_max_age(str(value))
        except ValueError as error:
            self.fail(str(error), param, ctx)
