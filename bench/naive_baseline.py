"""The yardstick: a naive static-site loop, single process, rendering a given number of pages.

    python bench/naive_baseline.py --content DIR --pages N --out DIR [--json]

Absolute times on a shared 2-core machine are noisy; a ratio to this loop, run on the same
machine at the same time on the same catalogue, is not. It is what anyone would write first,
with plain PyYAML (its libyaml loader when installed), Python-Markdown and Jinja2:

    for each page: read the service's YAML (and its translation's), render the description's
    Markdown, render one template (`naive_page.html`, about 60 lines, autoescaped), write a file.

It renders exactly `--pages` pages (the number of pages our build makes for that catalogue):
one per service and language (the translation over the source where there is one), going round
the catalogue again if more are needed, so listing pages cost the same as a service page here.
It does nothing else our build does (no validation, no listings, search index or feeds).
"""

from __future__ import annotations

import argparse
import json
import shutil
import sys
import time
from pathlib import Path

import jinja2
import markdown
import yaml

HERE = Path(__file__).resolve().parent
Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
MARKER = ".naive-baseline"


def work_list(content: Path) -> list[tuple[str, Path, Path | None]]:
    """(language, source file, translation file or None) for every service and language."""
    site = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader=Loader)
    languages = [entry["code"] for entry in site["languages"]]
    sources = sorted(p for p in (content / "services").glob("*.yaml") if p.stem.count(".") == 0)
    items = []
    for lang in languages:
        for source in sources:
            translation = source.with_name(f"{source.stem}.{lang}.yaml")
            items.append((lang, source, translation if translation.is_file() else None))
    return items


def render_pages(content: Path, out: Path, pages: int) -> dict:
    """Render `pages` pages into `out` (replaced); return what was done and how long it took."""
    started = time.perf_counter()
    if out.exists():
        if not (out / MARKER).is_file() and any(out.iterdir()):
            raise SystemExit(f"{out} exists, is not empty and was not made by this script")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("made by bench/naive_baseline.py\n")
    environment = jinja2.Environment(loader=jinja2.FileSystemLoader(HERE), autoescape=True)
    template = environment.get_template("naive_page.html")
    site = yaml.load((content / "site.yaml").read_text(encoding="utf-8"), Loader=Loader)
    directions = {entry["code"]: entry.get("direction", "ltr") for entry in site["languages"]}
    items = work_list(content)
    written = 0
    for index in range(pages):
        lang, source, translation = items[index % len(items)]
        data = yaml.load(source.read_text(encoding="utf-8"), Loader=Loader)
        if translation is not None:
            texts = yaml.load(translation.read_text(encoding="utf-8"), Loader=Loader) or {}
            for key in ("name", "summary", "description", "organization"):
                if key in texts:
                    data[key] = texts[key]
        contact = data.get("contact") or {}
        html = template.render(
            lang=lang, direction=directions[lang], site_title=site["title"],
            name=data["name"], organization=data.get("organization"), summary=data["summary"],
            description_html=markdown.markdown(data["description"]),
            phones=contact.get("phones", []), email=contact.get("email"),
            website=contact.get("website"), hours=data.get("opening_hours", []),
            cost=data.get("cost", {}), categories=data.get("categories", []),
            last_verified=data.get("last_verified"))
        round_ = index // len(items)
        name = data["id"] + (f"-{round_ + 1}" if round_ else "")
        path = out / lang / "services" / f"{name}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(html, encoding="utf-8")
        written += len(html.encode("utf-8"))
    seconds = time.perf_counter() - started
    return {"pages": pages, "seconds": seconds, "pages_per_second": pages / seconds,
            "bytes": written}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", type=Path, required=True)
    parser.add_argument("--pages", type=int, required=True, help="how many pages to render")
    parser.add_argument("--out", type=Path, required=True, help="folder to write (replaced)")
    parser.add_argument("--json", action="store_true", help="print the result as JSON")
    args = parser.parse_args(argv)
    result = render_pages(args.content, args.out, args.pages)
    if args.json:
        print(json.dumps(result))
    else:
        print(f"naive baseline: {result['pages']:,} pages in {result['seconds']:.2f} s "
              f"({result['pages_per_second']:,.0f} pages/s), {result['bytes'] / 1e6:.1f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
