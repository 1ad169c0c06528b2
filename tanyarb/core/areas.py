"""The eight areas of change (area perubahan) of the national road map, and how texts name them."""

from __future__ import annotations

import re
from functools import lru_cache

from tanyarb.core.datafiles import data_json
from tanyarb.core.textnorm import fold

# "Bagian Organisasi" is a unit, not the area Penataan Organisasi.
_UNIT_NAMED_LIKE_AN_AREA = re.compile(r"bagian organisasi")


@lru_cache(maxsize=1)
def _areas() -> tuple[tuple[str, re.Pattern[str], tuple[str, ...]], ...]:
    """(name, how documents name it, how users name it) from ``data/areas.json``."""
    data = data_json("tanyarb.core", "areas.json")["areas"]
    return tuple(
        (
            name,
            re.compile("|".join(spec["document"])),
            tuple(sorted((_spaced(p) for p in spec["asked"]), key=len, reverse=True)),
        )
        for name, spec in data.items()
    )


MARKER = re.compile(r"^\s*(?:([A-Z]|[IVX]{1,4})[.)]?|(\d{1,2})[.)]?|([a-z])[.)])\s+(?=\S)")


def strip_marker(text: str) -> str:
    """The text without its leading list marker ("7. ", "A ", "b) ")."""
    return MARKER.sub("", text, count=1).strip()


def area_of(text: str) -> str | None:
    """The area perubahan a short text names ("7. Penguatan Pengawasan" -> Penguatan Pengawasan)."""
    if re.match(r"^\s*[a-z][.)]\s", text):
        return None  # "a. ..." is a sub-heading inside an area, never an area
    low = fold(strip_marker(text))
    if not low or len(low) > 70:
        return None
    head = low[:40]
    for name, pattern, _asked in _areas():
        if pattern.search(head):
            return name
    return None


def area_in(text: str) -> str | None:
    """The area perubahan named anywhere in a title or section path."""
    low = _UNIT_NAMED_LIKE_AN_AREA.sub(" ", fold(text))
    for name, pattern, _asked in _areas():
        if pattern.search(low):
            return name
    return None


def asked_area(question: str, translated: str = "") -> str | None:
    """The area a question is about: named as the documents name it (in the question or its
    glossary translation), else in a user's own words ("budaya kerja", "mindset")."""
    named = area_in(question) or (area_in(translated) if translated else None)
    if named:
        return named
    low = _spaced(question)
    for name, _pattern, phrases in _areas():
        if any(phrase in low for phrase in phrases):
            return name
    return None


def _spaced(text: str) -> str:
    """Folded words between single spaces, padded: phrases match on whole words."""
    return f" {' '.join(re.findall(r'[a-z0-9]+', fold(text)))} "
