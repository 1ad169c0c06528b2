"""Unit (perangkat daerah) names: damaged spellings, aliases, canonical names, and splitting a
cell that names several units.

The documents print the same unit in many ways (BKPSDM / BPKSDM / BKP PSDM; Setda Bagian
Organisasi / Bag. Organisasi / Bagor; Inspektorat / Inspektorat Daerah / Insepektorat). Answers
quote the document's own wording; the canonical name is what questions and comparisons match on.
The spellings are data (``data/units.json``); near misses of them are matched fuzzily, and the
OCR damage of one document is corrected in ``corpus/manifest.toml``.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Any

from tanyarb.core.datafiles import data_json
from tanyarb.core.textnorm import TICK_MARKS, alias_key, fold, names_by_alias


@lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    """The packaged unit vocabulary (``tanyarb/core/data/units.json``), read once."""
    data: dict[str, Any] = data_json("tanyarb.core", "units.json")
    return data


@lru_cache(maxsize=1)
def unit_aliases() -> dict[str, tuple[str, ...]]:
    """Canonical name -> the spellings that mean it (folded, region name removed)."""
    return {name: tuple(spellings) for name, spellings in _vocabulary()["aliases"].items()}


@lru_cache(maxsize=1)
def _alias_to_canonical() -> dict[str, str]:
    return {alias: name for name, aliases in unit_aliases().items() for alias in aliases}


@lru_cache(maxsize=1)
def _alias_words() -> tuple[str, ...]:
    """Single-word spellings long enough to be matched fuzzily ("insepektorat", "bpksdm")."""
    return tuple(a for a in _alias_to_canonical() if " " not in a and len(a) >= FUZZY_MIN_LENGTH)


_REGION_TAIL = re.compile(
    r"\s+(kota|kabupaten|kab|provinsi|pemerintah kota|pemkot|pemkab)(\s+\w+)?$"
)

FUZZY_MIN_LENGTH = 6
FUZZY_CUTOFF = 0.8


def _words(key: str) -> frozenset[str]:
    return frozenset(_vocabulary()[key])


_ENUMERATION = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z])[.)]\s+")
_SUPPORT_WORDS = re.compile(r"\b(didukung(?:\s+oleh)?|dibantu(?:\s+oleh)?)\b", re.I)
_CONNECTIVES = frozenset(["dan", "&", "/", "serta", "dengan", "pada"])


def canonical_unit(name: str) -> str | None:
    """The repaired unit name when a word of ``name`` is a near miss of a known unit word
    ("Insepektorat", "BPKSDM": difflib ratio >= 0.8, words of 6+ letters), else None."""
    changed = False
    words = name.split()
    for i, word in enumerate(words):
        low = fold(word).strip(".,;:()")
        if len(low) < FUZZY_MIN_LENGTH or low in _alias_to_canonical() or not low.isalpha():
            continue
        close = difflib.get_close_matches(low, _alias_words(), n=1, cutoff=FUZZY_CUTOFF)
        if close:
            canonical = _alias_to_canonical()[close[0]]
            words[i] = canonical if " " not in canonical else close[0].capitalize()
            changed = True
    return " ".join(words) if changed else None


def describe_unit(name: str, english: bool = False) -> str:
    """The document's own wording, with the repaired name added when it was damaged."""
    repaired = canonical_unit(name)
    if not repaired:
        return name
    if english:
        return f"{name} (as printed; meaning {repaired})"
    return f"{name} (tertulis demikian; maksudnya {repaired})"


def unit_key(name: str, region: str | None = None) -> str:
    """A unit name folded for matching: lower case, punctuation and the region name removed."""
    text = alias_key(name)
    if region:
        region_words = alias_key(region)
        bare = region_words.split(" ", 1)[-1]
        for tail in (region_words, bare):
            if text.endswith(" " + tail):
                text = text[: -len(tail) - 1].strip()
                break
    return _REGION_TAIL.sub("", text).strip()


def units_named(text: str) -> list[str]:
    """Canonical names of the units a question or sentence mentions by any known alias."""
    return names_by_alias(text, _alias_to_canonical(), _aliases_longest_first())


@lru_cache(maxsize=1)
def _aliases_longest_first() -> list[str]:
    return sorted(_alias_to_canonical(), key=len, reverse=True)


def canonical_name(name: str, region: str | None = None) -> str:
    """The canonical name of a unit ("Menyektorat Daerah Kota Blitar" -> "Inspektorat");
    a unit outside the alias table keeps its own wording without the region name."""
    key = unit_key(name, region)
    if key in _alias_to_canonical():
        return _alias_to_canonical()[key]
    repaired = canonical_unit(name)
    if repaired:
        return canonical_name(repaired, region)
    return name.strip(" ,;.") if not key else _restore_case(name, key)


def _restore_case(name: str, key: str) -> str:
    words = name.split()
    return " ".join(words[: len(key.split())]) if words else name


def split_units(cell: str) -> tuple[list[str], list[str]]:
    """The units one cell names, as (main, supporting): "1. BPKSDM 2. Bagian Organisasi",
    "DPMPTSP; Dinkominfo", "Setda Bagian Hukum Dan Setwan", "Diskominfo didukung semua PD"."""
    text = " ".join(cell.split())
    supporting: list[str] = []
    match = _SUPPORT_WORDS.search(text)
    if match:
        supporting = _split_main(text[match.end() :])
        text = text[: match.start()]
    return _split_main(text), supporting


def _split_main(text: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"[;,]", _ENUMERATION.sub(" ; ", " " + text)):
        parts.extend(_split_words(piece))
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        part = part.strip(" .-:")
        key = unit_key(part)
        if part and key and key not in seen:
            seen.add(key)
            out.append(part)
    return out


def _split_words(piece: str) -> list[str]:
    """Split a run of words where a new unit name begins."""
    if unit_key(piece) in _alias_to_canonical():
        return [piece]
    words = piece.split()
    parts: list[list[str]] = [[]]
    for word in words:
        current = parts[-1]
        low = fold(word).strip(".,")
        previous = fold(current[-1]).strip(".,") if current else ""
        if current and _begins_unit(word, low, previous, current):
            if previous in _CONNECTIVES:
                current.pop()
            parts.append([])
        parts[-1].append(word)
    return [" ".join(p) for p in parts if p]


def _begins_unit(word: str, low: str, previous: str, current: list[str]) -> bool:
    if previous in {"dinas", "bagian", "badan", "setda", "kantor", "sekretariat"}:
        return False
    if low in _words("whole"):
        return True
    first = fold(current[0]).strip(".,")
    if low == first and len(current) >= 2:  # the same name printed twice in one cell
        return True
    if low in _words("starts") and (
        _is_acronym(current[-1]) or low == first or previous in {"dan", "serta"}
    ):
        return True
    if (
        low in _words("starts")
        and len(current) == 1
        and unit_key(current[0]) in _alias_to_canonical()
    ):
        # "Inspektorat Bagian Organisasi ...": a one-word unit, then the next name begins.
        return True
    if (
        low in _words("starts")
        and len(current) >= 2
        and (first in _words("starts") or first in _words("offices"))
    ):
        # "Bagian Organisasi Sekretariat Daerah Dinas Kominfo": a second name begins.
        return True
    if _is_acronym(word) and len(word) >= 4 and previous not in _CONNECTIVES:
        # "... Sekretariat Daerah BKPSDM": an acronym after a spelled-out name starts a new unit.
        return not _is_acronym(current[-1])
    return False


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 3 and letters.isupper()


_UNIT_NAME = re.compile(
    r"\b(\w*ektorat|dinas|badan|bagian|bag|inspektorat|inspektorat daerah|sekretariat|setda|setwan|kantor|"
    r"satpol|rsud|puskesmas|kecamatan|kelurahan|seluruh|semua|bappeda|bapelitbangda|kominfo|"
    r"dinkominfo|diskominfo|diskominfotik|bkpsdm|bkpp|bkd|bpkad|bppkad|bpkpd|bpka|dpmptsp|"
    r"dukcapil|disdukcapil|dispendukcapil|dinperpusip|dpk|dispersip|bakum|bagor|blp|sekda|"
    r"inspektur|walikota|bupati|perangkat daerah|pd|opd|skpd|upt|tim)\b",
    re.I,
)
_NOT_UNIT = re.compile(
    r"^\s*(\d+[.)]?\s*)?(indeks|jumlah|persentase|nilai|terlaksana|tersusun|tersedia|meningkat|"
    r"menyesuaikan|terselenggara|tingkat|rp|apbd)",
    re.I,
)
_ACTIVITY_WORD = re.compile(
    r"^(pe\w+an|monitoring|monev|evaluasi|sosialisasi|implementasi|koordinasi|fasilitasi|"
    r"asistensi|review|rapat|menyusun|melaksanakan|membangun)$"
)
_ACRONYM = re.compile(r"\b[A-Z]{3,}[a-z]*\b")


def looks_like_unit(text: str) -> bool:
    """Whether a cell reads like a responsible unit rather than an indicator or budget note."""
    text = text.strip()
    if not text or text in TICK_MARKS or _NOT_UNIT.match(text) or len(text) > 160:
        return False
    first = fold(text.lstrip("-–•*. ").split()[0]) if text.lstrip("-–•*. ") else ""
    if _ACTIVITY_WORD.match(first) and first not in ("perpustakaan", "pemerintahan"):
        return False  # "Pelaksanaan rencana kerja ... Perangkat Daerah" is an action
    if _UNIT_NAME.search(text) or _ACRONYM.search(text):
        return True
    # Any name of the unit gazetteer (units.json), or a misprint of one ("Insepektorat").
    return unit_key(text) in _alias_to_canonical() or canonical_unit(text) is not None
