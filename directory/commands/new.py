"""`catalogue new service` and `catalogue new guidance`: start an entry by answering questions.

Every question is also an option, so scripts can pass all the answers with `--no-input`; then a
missing answer is a usage error (exit 2) and a wrong one a content error (exit 1), never a
traceback. Interactively, a wrong answer is explained and asked again.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NoReturn

import click

from ..model import CostType, Referral
from ..pipeline import build_date
from ..problems import summary
from ..scaffold.choices import CatalogueInfo, Options, read_catalogue_info, unknown_id_message
from ..scaffold.guidance import (
    GuidanceAnswers,
    guidance_markdown,
    guidance_path,
    source_pages,
    translation_markdown,
)
from ..scaffold.ids import suggest_id
from ..scaffold.service import (
    AnswerError,
    ScaffoldError,
    ServiceAnswers,
    check_answer,
    service_path,
    service_yaml,
    write_new,
)
from .common import CONTENT_ERRORS, content_option, report, shown

no_input_option = click.option(
    "--no-input", is_flag=True,
    help="Never ask: take every answer from the options, and fail if one is missing.")

_OPTION_OF = {"service_areas": "--area", "categories": "--category", "audiences": "--audience",
              "journey_stages": "--stage", "contact": "--phone, --email or --website"}


def option_name(answer: str) -> str:
    return _OPTION_OF.get(answer, "--" + answer.replace("_", "-"))


class Asker:
    """Takes each answer from its option, or asks for it; without input, collects what is wrong."""

    def __init__(self, interactive: bool):
        self.interactive = interactive
        self.missing: list[str] = []
        self.invalid: list[str] = []

    def ask(self, option: str, given: Any, question: str, convert: Callable[[Any], Any], *,
            required: bool = True, default: str | None = None) -> Any:
        if given is not None and given != ():
            try:
                return convert(given)
            except ValueError as error:
                if not self.interactive:
                    self.invalid.append(f"{option}: {error}")
                    return None
                click.echo(f"Error: {option}: {error}", err=True)
        if not self.interactive:
            if default is not None:
                return convert(default)
            if required:
                self.missing.append(option)
            return None

        def proc(text: str) -> Any:
            if not text.strip() and not required:
                return None
            try:
                return convert(text)
            except ValueError as error:
                raise click.BadParameter(str(error)) from None

        return click.prompt(question, default=default if default is not None else
                            (None if required else ""), show_default=bool(default),
                            value_proc=proc)

    def finish(self) -> None:
        """Stop with every wrong answer (exit 1), or else every missing one (exit 2)."""
        if self.invalid:
            for message in self.invalid:
                click.echo(f"error: {message}", err=True)
            click.echo("Nothing was written.", err=True)
            sys.exit(CONTENT_ERRORS)
        if self.missing:
            raise click.UsageError(f"missing {', '.join(self.missing)}: with --no-input, give "
                                   "every required answer as an option")


def show_options(title: str, options: Options) -> None:
    click.echo(title)
    for number, (item_id, label) in enumerate(options, 1):
        click.echo(f"  {number:2}. {label} ({item_id})")


def pick(options: Options, what: str, source: str, required: bool) -> Callable[[Any], list[str]]:
    """Converts `2, 5` or `respite, 5` (or a tuple of ids from repeated options) to ids."""
    ids = [item_id for item_id, _ in options]

    def convert(value: str | Sequence[str]) -> list[str]:
        items = value if not isinstance(value, str) else value.replace(",", " ").split()
        chosen: list[str] = []
        for item in (str(i).strip() for i in items):
            if item.isdigit() and 1 <= int(item) <= len(ids):
                item = ids[int(item) - 1]
            elif item not in ids:
                raise ValueError(unknown_id_message(item, options, what, source)
                                 if not item.isdigit() else
                                 f"{item} is not one of the numbers 1 to {len(ids)}")
            if item not in chosen:
                chosen.append(item)
        if required and not chosen:
            raise ValueError(f"choose at least one {what}")
        return chosen
    return convert


def checked(answer: str) -> Callable[[Any], Any]:
    return lambda value: check_answer(answer, value)


def load_info(content_dir: Path) -> CatalogueInfo:
    info, problems = read_catalogue_info(content_dir)
    if info is None:
        report(list(problems), "text")
        click.echo(summary(list(problems)) + ": fix these first, so that the new file can use "
                   "the catalogue's categories and areas", err=True)
        sys.exit(CONTENT_ERRORS)
    return info


def write_or_fail(path: Path, text: str) -> None:
    """Exit 1 with the reason when the file exists or cannot be written."""
    try:
        write_new(path, text)
    except ScaffoldError as error:
        click.echo(f"error: {error}", err=True)
        sys.exit(CONTENT_ERRORS)


def report_answer_errors(error: AnswerError) -> NoReturn:
    for answer, message in error.errors:
        click.echo(f"error: {option_name(answer)}: {message}", err=True)
    click.echo("Nothing was written.", err=True)
    sys.exit(CONTENT_ERRORS)


@click.group("new")
def new() -> None:
    """Start a new service entry or guidance page by answering a few questions."""


@new.command("service")
@content_option
@click.option("--id", "service_id", help="The file name and id (default: made from the name).")
@click.option("--name", help="The service's name, as carers will recognise it.")
@click.option("--organization", help="Who runs the service.")
@click.option("--summary", "summary_text", help="One sentence saying what it offers.")
@click.option("--description", help="What happens, who it is for (Markdown).")
@click.option("--category", "categories", multiple=True, metavar="ID",
              help="A category id from taxonomy.yaml (repeatable).")
@click.option("--area", "areas", multiple=True, metavar="ID",
              help="An area id from site.yaml (repeatable).")
@click.option("--audience", "audiences", multiple=True, metavar="ID",
              help="An audience id from taxonomy.yaml (repeatable, optional).")
@click.option("--phone", help="A UK phone number.")
@click.option("--email", help="An email address.")
@click.option("--website", help="A web address (https://...).")
@click.option("--cost", type=click.Choice([c.value for c in CostType]), help="Default: free.")
@click.option("--cost-details", help="What it costs (needed unless it is free).")
@click.option("--referral", type=click.Choice([r.value for r in Referral]),
              help="Who can refer: self, professional, or both. Default: self.")
@click.option("--how-to", help="How to start using it (optional).")
@click.option("--eligibility", help="Who can use it (optional).")
@no_input_option
def service(content_dir: Path, service_id: str | None, name: str | None,
            organization: str | None, summary_text: str | None, description: str | None,
            categories: tuple[str, ...], areas: tuple[str, ...], audiences: tuple[str, ...],
            phone: str | None, email: str | None, website: str | None, cost: str | None,
            cost_details: str | None, referral: str | None, how_to: str | None,
            eligibility: str | None, no_input: bool) -> None:
    """Write a new service entry, content/services/<id>.yaml, with today as added and verified.

    Asks for what is not given as an option. Never replaces an existing file.
    """
    info = load_info(content_dir)
    choices, taken = info.choices, info.service_ids
    ask = Asker(not no_input)

    def new_id(value: str) -> str:
        value = check_answer("id", value.strip())
        if value in taken:
            raise ValueError(f"services/{value}.yaml already exists: choose another id")
        return value

    name = ask.ask("--name", name, "Name of the service", checked("name"))
    suggested = suggest_id(name, taken) if name else None
    service_id = ask.ask("--id", service_id, "Id (the file name)", new_id, default=suggested)
    organization = ask.ask("--organization", organization, "Organisation that runs it",
                           checked("organization"))
    summary_text = ask.ask("--summary", summary_text, "Summary (one sentence)", checked("summary"))
    description = ask.ask("--description", description, "Description (one paragraph; add "
                          "more in the file later)", checked("description"))
    if ask.interactive and not categories:
        show_options("Categories:", choices.categories)
    chosen_categories = ask.ask("--category", categories, "Categories (numbers or ids, "
                                "separated by commas)", pick(choices.categories, "category",
                                                             "taxonomy.yaml", True))
    only_area = choices.areas[0][0] if len(choices.areas) == 1 else None
    if ask.interactive and not areas and not only_area:
        show_options("Areas:", choices.areas)
    chosen_areas = ask.ask("--area", areas, "Areas served (numbers or ids)",
                           pick(choices.areas, "area", "site.yaml areas", True),
                           default=only_area)
    chosen_audiences: list[str] = []
    if choices.audiences:
        if ask.interactive and not audiences:
            show_options("Audiences (optional; press Enter for none):", choices.audiences)
        chosen_audiences = ask.ask("--audience", audiences, "Audiences (numbers or ids)",
                                   pick(choices.audiences, "audience", "taxonomy.yaml", False),
                                   required=False) or []
    while True:
        phone = ask.ask("--phone", phone, "Phone (optional)", checked("phone"), required=False)
        email = ask.ask("--email", email, "Email (optional)", checked("email"), required=False)
        website = ask.ask("--website", website, "Website (optional)", checked("website"),
                          required=False)
        if phone or email or website or not ask.interactive:
            break
        click.echo("Error: give at least one way to get in touch: a phone number, an email "
                   "or a website.", err=True)
    if ask.interactive and not cost:
        cost = click.prompt("Cost", type=click.Choice([c.value for c in CostType]), default="free")
    cost = cost or CostType.FREE.value
    if cost != CostType.FREE.value:
        cost_details = ask.ask("--cost-details", cost_details, "What does it cost?",
                               checked("cost_details"))
    if ask.interactive and not referral:
        referral = click.prompt("Referral",
                                type=click.Choice([r.value for r in Referral]), default="self")
    how_to = ask.ask("--how-to", how_to, "How to start using it (optional)", checked("how_to"),
                     required=False)
    eligibility = ask.ask("--eligibility", eligibility, "Who can use it (optional)",
                          checked("eligibility"), required=False)
    ask.finish()

    answers = ServiceAnswers(
        id=service_id, name=name, organization=organization, summary=summary_text,
        description=description, categories=chosen_categories, service_areas=chosen_areas,
        audiences=chosen_audiences, phone=phone, email=email, website=website,
        cost=cost, cost_details=cost_details,
        referral=referral or Referral.SELF.value, how_to=how_to, eligibility=eligibility)
    try:
        text = service_yaml(answers, choices, build_date())
    except AnswerError as error:
        report_answer_errors(error)
    path = service_path(content_dir, service_id)
    write_or_fail(path, text)
    click.echo(f"Wrote {shown(path)}")
    click.echo("Next: open it to add opening hours, a location or languages (each field is "
               "explained in it),")
    click.echo(f"check it with `catalogue check --content {shown(content_dir)}` and preview "
               "the page with `catalogue serve`.")


@new.command("guidance")
@content_option
@click.option("--lang", "language", metavar="CODE",
              help="Language: the source language (default) starts a new page; another "
                   "language starts a translation of an existing page.")
@click.option("--slug", help="The file name (default: made from the title); for a "
                             "translation, the page to translate.")
@click.option("--title", help="The page's title.")
@click.option("--summary", "summary_text", help="One sentence saying what the page answers.")
@click.option("--category", "categories", multiple=True, metavar="ID",
              help="A category id from taxonomy.yaml (repeatable, optional).")
@click.option("--stage", "stages", multiple=True, metavar="ID",
              help="A journey stage id from taxonomy.yaml (repeatable, optional).")
@no_input_option
def guidance(content_dir: Path, language: str | None, slug: str | None, title: str | None,
             summary_text: str | None, categories: tuple[str, ...], stages: tuple[str, ...],
             no_input: bool) -> None:
    """Write a new guidance page, content/guidance/<lang>/<slug>.md, or a translation of one."""
    info = load_info(content_dir)
    site = info.site
    source_language = site.default_language
    language = language or source_language
    declared = {lang.code: lang for lang in site.languages}
    if language not in declared:
        raise click.BadParameter(f"{language!r} is not declared in site.yaml "
                                 f"({', '.join(declared)})", param_hint="--lang")
    ask = Asker(not no_input)
    if language != source_language:
        _translation(info, ask, language, slug, title, summary_text, content_dir)
        return
    existing = {page.slug for page in source_pages(content_dir, source_language)}

    def new_slug(value: str) -> str:
        value = check_answer("id", value.strip())
        if value in existing:
            raise ValueError(f"guidance/{source_language}/{value}.md already exists")
        return value

    title = ask.ask("--title", title, "Title", checked("name"))
    suggested = suggest_id(title, existing, fallback="guidance") if title else None
    slug = ask.ask("--slug", slug, "Slug (the file name)", new_slug, default=suggested)
    summary_text = ask.ask("--summary", summary_text, "Summary (one sentence)", checked("summary"))
    chosen: dict[str, list[str]] = {}
    for facet, given, what, option in (("categories", categories, "category", "--category"),
                                       ("journey_stages", stages, "journey stage", "--stage")):
        options = getattr(info.choices, facet)
        if ask.interactive and not given and options:
            show_options(f"{facet.replace('_', ' ').capitalize()} (optional; press Enter for "
                         "none):", options)
        chosen[facet] = (ask.ask(option, given, f"{what.capitalize()} (numbers or ids)",
                                 pick(options, what, "taxonomy.yaml", False), required=False)
                         if options or given else []) or []
    ask.finish()
    answers = GuidanceAnswers(slug, title, summary_text, chosen["categories"],
                              chosen["journey_stages"])
    try:
        text = guidance_markdown(answers, info.choices, build_date())
    except AnswerError as error:
        report_answer_errors(error)
    path = guidance_path(content_dir, source_language, slug)
    write_or_fail(path, text)
    click.echo(f"Wrote {shown(path)}")
    click.echo("Next: write the page below its front matter, check it with `catalogue check`, "
               "and preview it with `catalogue serve`.")


def _translation(info: CatalogueInfo, ask: Asker, language: str, slug: str | None,
                 title: str | None, summary_text: str | None, content_dir: Path) -> None:
    source_language = info.site.default_language
    pages = source_pages(content_dir, source_language)
    if not pages:
        click.echo(f"error: there is no guidance in guidance/{source_language}/ to translate: "
                   "write the page first (catalogue new guidance)", err=True)
        sys.exit(CONTENT_ERRORS)
    target_language = next(lang for lang in info.site.languages if lang.code == language)
    if slug and guidance_path(content_dir, language, slug).exists():
        click.echo(f"error: {shown(guidance_path(content_dir, language, slug))} already exists: "
                   "nothing was written", err=True)
        sys.exit(CONTENT_ERRORS)
    options = tuple((page.slug, page.title or page.slug) for page in pages
                    if not guidance_path(content_dir, language, page.slug).exists())
    if not options:
        click.echo(f"error: every page in guidance/{source_language}/ already has a "
                   f"{target_language.name} translation", err=True)
        sys.exit(CONTENT_ERRORS)
    if ask.interactive and not slug:
        show_options(f"Which page do you want to translate into {target_language.name}?", options)

    def existing_page(value: Any) -> str:
        chosen = pick(options, "guidance page", f"guidance/{source_language}/", True)(value)
        if len(chosen) != 1:
            raise ValueError("choose one page")
        return chosen[0]

    slug = ask.ask("--slug", slug, "Page (number or slug)", existing_page)
    ask.finish()
    source = next(page for page in pages if page.slug == slug)
    target = guidance_path(content_dir, language, slug)
    if ask.interactive:
        click.echo(f"Source title: {source.title}")
    title = ask.ask("--title", title, "Translated title (Enter: translate later)", checked("name"),
                    required=False)
    if ask.interactive:
        click.echo(f"Source summary: {source.summary}")
    summary_text = ask.ask("--summary", summary_text, "Translated summary (Enter: translate "
                           "later)", checked("summary"), required=False)
    ask.finish()
    write_or_fail(target, translation_markdown(source, source_language, target_language,
                                               title, summary_text))
    click.echo(f"Wrote {shown(target)}")
    click.echo("Next: translate the page's text below its front matter; until then readers see "
               "the source text, marked as such.")
    click.echo(f"After review, run `catalogue translations --content {shown(content_dir)} "
               f"--mark-current {shown(target)}`.")
