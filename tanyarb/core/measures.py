"""Named measures (Indeks RB, IKM, Nilai SAKIP, Opini BPK, ...): which ones a text names.

A question that asks for the target of one measure is not answered by a row about another,
however close its words and years are ("target Indeks RB Kota Blitar 2026" is not answered by
the 2026 target of the Indeks Profesionalitas ASN). The measures and their Indonesian and
English names live in ``data/measures.json``.
"""

from __future__ import annotations

import re
from functools import lru_cache

from tanyarb.core.datafiles import data_json
from tanyarb.core.textnorm import fold


@lru_cache(maxsize=1)
def _alias_to_measure() -> dict[str, str]:
    table: dict[str, list[str]] = data_json("tanyarb.core", "measures.json")["measures"]
    found: dict[str, str] = {}
    for measure, aliases in table.items():
        for alias in [measure, *aliases]:
            found[_padded(alias).strip()] = measure
    return found


@lru_cache(maxsize=1)
def _aliases_longest_first() -> list[str]:
    return sorted(_alias_to_measure(), key=len, reverse=True)


def _padded(text: str) -> str:
    return " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "


@lru_cache(maxsize=50_000)
def measures_named(text: str) -> frozenset[str]:
    """The measures ``text`` names by any known alias (longest alias first, so "indeks
    reformasi hukum" is not read as "reformasi" of another measure)."""
    padded = _padded(text)
    found: set[str] = set()
    for alias in _aliases_longest_first():
        if f" {alias} " in padded:
            found.add(_alias_to_measure()[alias])
            padded = padded.replace(f" {alias} ", " ")
    return frozenset(found)


def other_measure(asked: str, held: str) -> frozenset[str]:
    """The measures of question text ``asked`` when text ``held`` (a row, a passage) names
    measures and none of them: empty when the texts agree or either names none."""
    wanted, named = measures_named(asked), measures_named(held)
    if wanted and named and not wanted & named:
        return wanted
    return frozenset()
