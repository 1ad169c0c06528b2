"""Canonical spellings of unit names damaged by OCR or typing (see CORPUS_NOTES)."""

from __future__ import annotations

import re

# Damaged or variant spelling -> canonical spelling. Word-bounded, case-insensitive.
DAMAGED_UNITS: dict[str, str] = {
    "menyektorat": "Inspektorat",
    "insepektorat": "Inspektorat",
    "inspetorat": "Inspektorat",
    "bpksdm": "BKPSDM",
    "bkpspdm": "BKPSDM",
    "bkp psdm": "BKPSDM",
    "dpmpstsp": "DPMPTSP",
    "dmptsp": "DPMPTSP",
}
_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(DAMAGED_UNITS, key=len, reverse=True)) + r")\b",
    re.I,
)


def canonical_unit(name: str) -> str | None:
    """The repaired unit name when ``name`` holds a known damaged spelling, else None."""
    repaired = _PATTERN.sub(lambda m: DAMAGED_UNITS[m.group(1).lower()], name)
    return repaired if repaired != name else None


def describe_unit(name: str, english: bool = False) -> str:
    """The document's own wording, with the repaired name added when it was damaged."""
    repaired = canonical_unit(name)
    if not repaired:
        return name
    if english:
        return f"{name} (as printed; meaning {repaired})"
    return f"{name} (tertulis demikian; maksudnya {repaired})"
