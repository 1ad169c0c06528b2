"""Named measures (Indeks RB, IKM, Nilai SAKIP, Opini BPK, ...): which ones a text names.

A question that asks for the target of one measure is not answered by a row about another,
however close its words and years are ("target Indeks RB Kota Blitar 2026" is not answered by
the 2026 target of the Indeks Profesionalitas ASN). The measures and their Indonesian and
English names live in ``data/measures.json``.
"""

from __future__ import annotations

from functools import lru_cache

from tanyarb.core.datafiles import data_json
from tanyarb.core.textnorm import alias_key, names_by_alias


@lru_cache(maxsize=1)
def _alias_to_measure() -> dict[str, str]:
    table: dict[str, list[str]] = data_json("tanyarb.core", "measures.json")["measures"]
    return {
        alias_key(alias): measure
        for measure, aliases in table.items()
        for alias in [measure, *aliases]
    }


@lru_cache(maxsize=1)
def _aliases_longest_first() -> list[str]:
    return sorted(_alias_to_measure(), key=len, reverse=True)


@lru_cache(maxsize=50_000)
def measures_named(text: str) -> frozenset[str]:
    """The measures ``text`` names by any known alias (longest alias first, so "indeks
    reformasi hukum" is not read as "reformasi" of another measure)."""
    return frozenset(names_by_alias(text, _alias_to_measure(), _aliases_longest_first()))


def other_measure(asked: str, held: str) -> frozenset[str]:
    """The measures of question text ``asked`` when text ``held`` (a row, a passage) names
    measures and none of them: empty when the texts agree or either names none."""
    wanted, named = measures_named(asked), measures_named(held)
    if wanted and named and not wanted & named:
        return wanted
    return frozenset()
