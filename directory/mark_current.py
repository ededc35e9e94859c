"""Stamp a reviewed translation with the fingerprint of its source's current text."""

from __future__ import annotations

from pathlib import Path

from .catalogue import Catalogue
from .translations import rewrite_fingerprint


class MarkError(Exception):
    pass


def mark_current(catalogue: Catalogue, file: Path) -> str:
    """Write the current source fingerprint into `file`; returns the fingerprint."""
    target = file.resolve()
    for translation in catalogue.translations.items.values():
        if translation.source.resolve() == target:
            text = target.read_text(encoding="utf-8")
            target.write_text(rewrite_fingerprint(text, translation.current), encoding="utf-8")
            return translation.current
    raise MarkError(f"{file} is not a translation file of this catalogue "
                    "(e.g. services/<id>.<lang>.yaml or guidance/<lang>/<slug>.md)")
