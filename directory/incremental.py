"""Incremental builds: redo only what the changed inputs reach, and give the same bytes as a full build.

After each successful build the state is saved in the cache folder (never in `site/`): the
fingerprint of every input file (`inputs.py`), a signature per page, and per group of derived
files (sitemap, feeds, search index, open data) the signature it was made from and the files it
wrote. The next build of the same content into the same folder then:

- stops at once when no input changed (a no-op rebuild reads no content at all; the last build's
  warnings are reported again, so an editor sees the same report);
- otherwise loads and checks the whole catalogue (cross-file checks need it), plans the site,
  and renders only the pages whose signature changed: a page's signature covers the files it
  reads (`Page.inputs` from the plan), the templates its template reaches through
  extends/include/import, the interface translations of its language, our code and library
  versions, and the build settings (date, edition). A page listing every service (A to Z,
  print editions, figures) reads `SERVICE_LISTS`: every service file and its translation into
  the page's language; a term page, a month's bulletin or a guidance article names the files of
  the services it shows, so editing one service re-renders the few lists that show it;
- rebuilds a group of derived files only when its signature changed;
- carries every unchanged file over from the previous site by hard link (a copy where links are
  not possible) into the new build folder, which is swapped in as in a full build, so a failed
  build still leaves the previous site as it was.

Anything unexpected (no state, a state from another version, a file missing from the previous
site) means a full build: the state only ever saves work, it never decides what a page says.
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import jinja2
import jinja2.meta

from .builders.site import Carried
from .i18n import LOCALE_DIR
from .inputs import Fingerprints, code_version, digest, scan
from .plan import SERVICE_LISTS, VALUE, Page
from .problems import Problem, Severity
from .render import make_environment, template_folders
from .translations import translation_file_language
from .write import MARKER, write_atomically

STATE_VERSION = 1
CONTENT, LOCALE = "content", "locale"


def template_root(index: int) -> str:
    return f"templates/{index}"


@dataclass
class BuildState:
    """What the last successful build of one content folder into one output folder did.

    Kept in two files: the summary (settings, input fingerprints, what to report), which is all a
    no-op rebuild reads, and the details (page signatures, groups, files written), read only
    when something changed. Both carry the same `token`, so halves of different builds never
    pair up."""

    settings: str = ""  # digest of code version and build settings: any change, full build
    inputs: Fingerprints = field(default_factory=Fingerprints)
    problems: list[Problem] = field(default_factory=list)  # warnings the build reported
    page_count: int = 0
    file_count: int = 0
    token: str = ""
    pages: dict[str, str] = field(default_factory=dict)  # page path -> signature
    groups: dict[str, tuple[str, list[str]]] = field(default_factory=dict)  # name -> sig, files
    outputs: dict[str, str] = field(default_factory=dict)  # file -> sha256 (SiteWriter.written)
    complete: bool = True  # False until the details are read

    def summary_json(self) -> dict:
        return {"version": STATE_VERSION, "token": self.token, "settings": self.settings,
                "inputs": self.inputs.to_json(), "page_count": self.page_count,
                "file_count": self.file_count,
                "problems": [[p.path, p.line, p.column, p.severity.value, p.message]
                             for p in self.problems]}

    def details_json(self) -> dict:
        return {"version": STATE_VERSION, "token": self.token, "pages": self.pages,
                "groups": {name: [sig, files] for name, (sig, files) in self.groups.items()},
                "outputs": self.outputs}

    @classmethod
    def from_summary(cls, data: dict) -> BuildState | None:
        if data.get("version") != STATE_VERSION:
            return None
        return cls(settings=data["settings"], inputs=Fingerprints.from_json(data["inputs"]),
                   problems=[Problem(p[0], p[1], p[2], Severity(p[3]), p[4])
                             for p in data["problems"]],
                   page_count=int(data["page_count"]), file_count=int(data["file_count"]),
                   token=str(data["token"]), complete=False)

    def add_details(self, data: dict) -> bool:
        if data.get("version") != STATE_VERSION or data.get("token") != self.token:
            return False
        self.pages = dict(data["pages"])
        self.groups = {name: (sig, list(files)) for name, (sig, files) in data["groups"].items()}
        self.outputs = dict(data["outputs"])
        self.complete = True
        return True


class StateStore:
    """The state of each (content, templates, output, edition) in the cache folder."""

    ERRORS = (OSError, ValueError, KeyError, TypeError, IndexError)

    def __init__(self, folder: Path, content_dir: Path, templates: Path | None, out: Path,
                 edition_key: str):
        self.folder = folder
        key = digest(content_dir.resolve(), templates.resolve() if templates else "-",
                     out.resolve(), edition_key)
        self.path = folder / f"build-{key}.json"
        self.details_path = folder / f"build-{key}.pages.json"

    def load(self) -> BuildState | None:
        """The summary only (see `BuildState`); None if missing or unreadable: a full build,
        which writes a good one."""
        try:
            return BuildState.from_summary(json.loads(self.path.read_text(encoding="utf-8")))
        except self.ERRORS:
            return None

    def load_details(self, state: BuildState) -> BuildState | None:
        try:
            data = json.loads(self.details_path.read_text(encoding="utf-8"))
            return state if state.add_details(data) else None
        except self.ERRORS:
            return None

    def save(self, state: BuildState, summary_only: bool = False) -> None:
        try:
            if not summary_only:
                write_atomically(self.details_path, _compact(state.details_json()))
            write_atomically(self.path, _compact(state.summary_json()))
        except OSError:
            pass  # a cache: the next build is a full one

    def forget(self) -> None:
        self.path.unlink(missing_ok=True)
        self.details_path.unlink(missing_ok=True)


def _compact(data: dict) -> str:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def input_roots(content_dir: Path, templates: Path | None) -> dict[str, Path]:
    roots = {CONTENT: content_dir, LOCALE: LOCALE_DIR}
    for index, folder in enumerate(template_folders(templates)):
        roots[template_root(index)] = folder
    return roots


def settings_key(content_dir: Path, templates: Path | None, today: date, edition_key: str,
                 strict: bool) -> str:
    """Everything besides input files that decides the output (and the report)."""
    return digest(STATE_VERSION, code_version(), content_dir, templates, today.isoformat(),
                  edition_key, strict)


def scan_inputs(content_dir: Path, templates: Path | None,
                previous: BuildState | None) -> Fingerprints:
    return scan(input_roots(content_dir, templates), previous.inputs if previous else None)


def up_to_date(state: BuildState | None, settings: str, inputs: Fingerprints, out: Path) -> bool:
    """True when the last build had exactly these settings and inputs, and its site is there."""
    return (state is not None and state.settings == settings
            and state.inputs.hashes == inputs.hashes and (out / MARKER).is_file())


# --- signatures --------------------------------------------------------------------------------

class TemplateDigests:
    """For each template, one hash of it and of every template it reaches (extends, include,
    import), so editing `service.html` re-renders service pages only, and `base.html` all."""

    def __init__(self, templates: Path | None, inputs: Fingerprints):
        self.env = make_environment(templates)
        self.folders = template_folders(templates)
        self.inputs = inputs
        self.memo: dict[str, str] = {}

    def _file_hash(self, name: str) -> str:
        for index, _folder in enumerate(self.folders):
            known = self.inputs.hashes.get(f"{template_root(index)}/{name}")
            if known is not None:
                return known
        return "missing"

    def _reached(self, name: str) -> set[str] | None:
        """`name` and every template it reaches; None if one is named by an expression."""
        seen: set[str] = set()
        stack = [name]
        while stack:
            current = stack.pop()
            if current in seen:
                continue
            seen.add(current)
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
                tree = self.env.parse(source)
            except (jinja2.TemplateNotFound, jinja2.TemplateSyntaxError):
                continue  # rendering reports it; the hash of "missing" still changes
            for reference in jinja2.meta.find_referenced_templates(tree):
                if reference is None:
                    return None
                stack.append(reference)
        return seen

    def of(self, name: str) -> str:
        if name not in self.memo:
            reached = self._reached(name)
            if reached is None:  # dynamic: depend on every template
                names = sorted(key for key in self.inputs.hashes if key.startswith("templates/"))
                self.memo[name] = digest(*(f"{k}={self.inputs.hashes[k]}" for k in names))
            else:
                self.memo[name] = digest(*(f"{n}={self._file_hash(n)}" for n in sorted(reached)))
        return self.memo[name]


def is_service_file(name: str) -> bool:
    return name.startswith("services/")


def _language_of(name: str) -> str | None:
    """The language of a translation file (`services/x.bn.yaml`: bn); None for a source file."""
    found = translation_file_language(Path(name))
    return found[1] if found else None


class Signatures:
    """The signature of each page: a hash of everything its bytes can depend on."""

    def __init__(self, settings: str, inputs: Fingerprints, templates: Path | None):
        self.settings = settings
        self.inputs = inputs
        self.templates = TemplateDigests(templates, inputs)
        prefix = f"{CONTENT}/"
        self.content = {name[len(prefix):]: value for name, value in inputs.hashes.items()
                        if name.startswith(prefix)}
        self.lists: dict[str | None, str] = {}
        self.locales: dict[str | None, str] = {}
        self.all_content: str | None = None

    def _service_lists(self, lang: str | None) -> str:
        """The service files and their translations in `lang`: what listing pages read."""
        if lang not in self.lists:
            names = sorted(name for name in self.content
                           if is_service_file(name) and _language_of(name) in (None, lang))
            self.lists[lang] = digest(*(f"{n}={self.content[n]}" for n in names))
        return self.lists[lang]

    def _input(self, name: str, lang: str | None) -> str:
        if name == SERVICE_LISTS:
            return self._service_lists(lang)
        if name.startswith(VALUE):  # a value the plan wrote in, not a file
            return ""
        return self.content.get(name, "-")

    def locale(self, lang: str | None) -> str:
        if lang not in self.locales:
            prefix = f"{LOCALE}/{lang}/"
            self.locales[lang] = digest(*sorted(f"{k}={v}" for k, v in self.inputs.hashes.items()
                                                if k.startswith(prefix)))
        return self.locales[lang]

    def page(self, page: Page) -> str:
        read = [f"{name}={self._input(name, page.language)}" for name in page.inputs]
        return digest(self.settings, page.path, page.kind, page.language, page.subject,
                      page.facet, self.templates.of(f"{page.kind}.html"),
                      self.locale(page.language), *read)

    def everything(self) -> str:
        """For derived files that read the whole catalogue (sitemap, feeds, search, open data)."""
        if self.all_content is None:
            self.all_content = digest(self.settings, *sorted(
                f"{k}={v}" for k, v in self.inputs.hashes.items() if not k.startswith("templates/")))
        return self.all_content


def pages_to_render(pages: Iterable[Page], signatures: dict[str, str],
                    state: BuildState | None) -> list[Page]:
    """The pages whose signature differs from the last build's (all of them without a state)."""
    if state is None:
        return list(pages)
    return [page for page in pages
            if state.pages.get(page.path) != signatures[page.path] or page.path not in state.outputs]


# --- one build's use of the state ------------------------------------------------------------

class Tracker:
    """Ties one build to its state: is it up to date, what can it keep, and what to save."""

    def __init__(self, state_dir: Path, content_dir: Path, templates: Path | None, out: Path,
                 today: date, edition_key: str, strict: bool):
        self.store = StateStore(state_dir, content_dir, templates, out, edition_key)
        self.out = out
        self.templates = templates
        self.previous = self.store.load()
        self.settings = settings_key(content_dir, templates, today, edition_key, strict)
        self.inputs = scan_inputs(content_dir, templates, self.previous)
        self.signatures = Signatures(self.settings, self.inputs, templates)
        self.page_signatures: dict[str, str] = {}

    def up_to_date(self) -> bool:
        return up_to_date(self.previous, self.settings, self.inputs, self.out)

    def save_inputs(self) -> None:
        """After a no-op: remember new file times (a `touch`, a checkout) and this scan's time,
        so the next scan can trust the files this one had to read, rather than read them again."""
        state = self.previous
        if state is not None and (self.inputs.read or state.inputs.stats != self.inputs.stats):
            state.inputs = self.inputs
            self.store.save(state, summary_only=True)

    def forget(self) -> None:
        self.previous = None
        self.store.forget()

    def _usable(self) -> BuildState | None:
        state = self.previous
        if state is None or state.settings != self.settings or not (self.out / MARKER).is_file():
            return None
        if not state.complete:
            state = self.previous = self.store.load_details(state)
        return state

    def previous_outputs(self) -> dict[str, str] | None:
        state = self._usable()
        return state.outputs if state else None

    def carried(self, pages: list[Page]) -> Carried | None:
        """What the previous site can give this build unchanged (None: build everything)."""
        self.page_signatures = {page.path: self.signatures.page(page) for page in pages}
        state = self._usable()
        if state is None:
            return None
        render = {page.path for page in pages_to_render(pages, self.page_signatures, state)}
        everything = self.signatures.everything()
        return Carried(pages={page.path for page in pages if page.path not in render},
                       groups={name: files for name, (sig, files) in state.groups.items()
                               if sig == everything})

    def save(self, pages: list[Page], groups: dict[str, list[str]], written: dict[str, str],
             problems: list[Problem]) -> None:
        everything = self.signatures.everything()
        self.store.save(BuildState(
            settings=self.settings, inputs=self.inputs, problems=problems,
            page_count=len(pages), file_count=len(written),
            token=digest(self.settings, time.time_ns()),
            pages={page.path: self.page_signatures[page.path] for page in pages},
            groups={name: (everything, files) for name, files in groups.items()},
            outputs=dict(written)))
