"""Which regions the index covers, and which regions a question names."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from tanyarb.models import DocumentMeta
from tanyarb.textnorm import fold

_KIND_WORDS = {
    "Kota": ("kota", "pemkot", "pemerintah kota", "walikota", "wali kota", "city of"),
    "Kabupaten": (
        "kabupaten",
        "kab",
        "kab.",
        "pemkab",
        "pemerintah kabupaten",
        "bupati",
        "regency of",
    ),
    "Provinsi": ("provinsi", "prov", "prov.", "pemprov", "gubernur", "province of"),
}
_KIND_AFTER = {"Kota": ("city",), "Kabupaten": ("regency",), "Provinsi": ("province",)}
_PREFIXED = re.compile(
    r"\b(kota|kabupaten|kab\.?|pemkot|pemkab|pemprov|provinsi|prov\.?)\s+([a-z][a-z'-]+(?:\s[a-z][a-z'-]+)?)"
)
_NOT_NAMES = frozenset(
    [
        "dan",
        "atau",
        "yang",
        "di",
        "ini",
        "itu",
        "se",
        "seluruh",
        "lain",
        "kota",
        "kabupaten",
        "provinsi",
        "mana",
        "saja",
        "yg",
        "mana2",
        "tersebut",
        "dalam",
        "kecil",
        "besar",
        "administrasi",
    ]
)


@dataclass(frozen=True)
class RegionMention:
    region: str | None  # the covered region, or None when the named region is not covered
    text: str


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
        return fold(region.split(" ", 1)[1] if " " in region else region)

    def _kind(self, region: str) -> str:
        return region.split(" ", 1)[0] if " " in region else ""

    def detect(self, question: str) -> list[RegionMention]:
        """Regions named in ``question``, covered or not, in order of appearance."""
        text = " " + re.sub(r"[^\w.' -]+", " ", fold(question)) + " "
        found: list[tuple[int, RegionMention]] = []
        taken: list[tuple[int, int]] = []
        for match in _PREFIXED.finditer(text):
            kind = _kind_of(match.group(1))
            words = match.group(2).split()
            if not words or words[0] in _NOT_NAMES:
                continue
            region = self._covered(kind, words)
            span = (match.start(), match.end())
            if region is None:
                name = f"{kind} {words[0].title()}"
                found.append((match.start(), RegionMention(None, name)))
            else:
                found.append((match.start(), RegionMention(region, match.group(0))))
            taken.append(span)
        for region in self.regions:
            bare = self._bare(region)
            for match in re.finditer(rf"\b{re.escape(bare)}\b", text):
                if any(a <= match.start() < b for a, b in taken):
                    continue
                kind = self._kind_after(text, match.end()) or self._kind(region)
                # "Blitar regency" when only Kota Blitar is covered names an uncovered region.
                covered = self._covered(kind, bare.split()) if kind else region
                if covered is None:
                    found.append((match.start(), RegionMention(None, f"{kind} {bare.title()}")))
                else:
                    found.append((match.start(), RegionMention(covered, bare)))
                taken.append((match.start(), match.end()))
        found.sort(key=lambda item: item[0])
        unique: list[RegionMention] = []
        for _, mention in found:
            if mention not in unique:
                unique.append(mention)
        return unique

    def _kind_after(self, text: str, end: int) -> str | None:
        following = text[end : end + 12].strip()
        for kind, words in _KIND_AFTER.items():
            if following.startswith(words):
                return kind
        return None

    def _covered(self, kind: str, words: list[str]) -> str | None:
        for length in (2, 1):
            name = " ".join(words[:length])
            for region in self.regions:
                if self._bare(region) == name and (not kind or self._kind(region) == kind):
                    return region
        return None


def _kind_of(word: str) -> str:
    word = word.rstrip(".")
    for kind, words in _KIND_WORDS.items():
        if word in words:
            return kind
    return ""
