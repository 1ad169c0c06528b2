"""The eight areas of change (area perubahan) of the national road map, and how texts name them."""

from __future__ import annotations

import re

from tanyarb.core.textnorm import fold

AREAS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (name, re.compile(pattern))
    for name, pattern in (
        ("Manajemen Perubahan", r"manajemen perubahan|revolusi mental"),
        (
            "Penataan Peraturan Perundang-undangan",
            r"deregulasi|perundang|penataan peraturan|tata kelola kebijakan",
        ),
        ("Penataan dan Penguatan Organisasi", r"\borganisasi|kelembagaan"),
        ("Penataan Tatalaksana", r"tata ?laksana"),
        ("Penataan Sistem Manajemen SDM", r"\bsdm\b|sumber daya manusia|manajemen asn"),
        ("Penguatan Akuntabilitas", r"akuntabilitas"),
        ("Penguatan Pengawasan", r"pengawasan"),
        ("Peningkatan Kualitas Pelayanan Publik", r"pelayanan publik"),
    )
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
    for name, pattern in AREAS:
        if pattern.search(head):
            return name
    return None


def area_in(text: str) -> str | None:
    """The area perubahan named anywhere in a title or section path."""
    low = fold(text)
    for name, pattern in AREAS:
        if pattern.search(low) and not re.search(r"bagian organisasi", low):
            return name
    return None
