"""The shortlist page's service facts: per language, a few classic scripts (see shortlist.py)."""

from __future__ import annotations

from datetime import date

from ..catalogue import Catalogue
from ..plan import Paths
from ..shortlist import data_files
from ..views import ViewBuilder
from ..write import SiteWriter


def write_shortlist_data(catalogue: Catalogue, writer: SiteWriter, today: date) -> None:
    for lang in catalogue.languages:
        files = data_files(ViewBuilder(catalogue, lang, today))
        for name, text in sorted(files.items()):
            writer.write(f"{Paths.shortlist_data(lang)}{name}", text)
