"""Lists a regulation states (quick wins, Zona Integritas units, duties, team members), found by
what their introducing sentence or table title says."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from retriever.query import Query
from tanyarb.core.evidence import Idf
from tanyarb.core.models import Record
from tanyarb.core.textnorm import fold, lexical_tokens, vocabulary
from tanyarb.core.units import looks_like_unit

_NUMBER = re.compile(r"^\s*\d{1,3}[.)]?\s*$")
LIST_KINDS = frozenset({"item", "quick_win", "team"})
ITEM_WEIGHT = 0.5
SECTION_TITLE_WEIGHT = 0.75
UNITS_BONUS = 0.15
# "3 prioritas area apa saja?": a list of as many entries as the question counts.
COUNT_BONUS = 0.15
# "Sasaran menurut Pasal 2 apa saja?": a list stated in that article.
ARTICLE_BONUS = 0.3
_SMALL_NUMBER = re.compile(
    r"(?<!pasal )(?<!ayat )(?<!ayat \()(?<!nomor )(?<!no )(?<!no\. )(?<!bab )(?<!tabel )"
    r"(?<![\d.,/])\b(\d{1,2})\b(?![.,/]\d)"
)
# Words that ask for a list rather than say which one.
_LIST_WORDS = frozenset(
    lexical_tokens("tugas daftar sebutkan jenis macam isi apa saja sama sama-sama keduanya")
)
# Words naming what the entries are: covered by any list whose entries are units.
_UNIT_WORDS = frozenset(lexical_tokens("unit kerja opd skpd perangkat instansi satuan units"))
# Ways to say "chosen for": one covers the others.
_CHOSEN_WORDS = frozenset(
    lexical_tokens("tetap tentu jadi dijadikan pilih lokus tunjuk kembang designated chosen")
)
# A list of reasons, aims or criteria is not the list of things themselves.
_ABOUT_THE_LIST = frozenset(
    lexical_tokens("pertimbangan alasan tujuan manfaat kriteria syarat prinsip hal-hal perlu")
)


@dataclass(frozen=True)
class StatedList:
    """One enumeration: its title (lead-in sentence or table title) and its entries."""

    title: str
    items: tuple[Record, ...]
    units_share: float  # share of entries that name a unit

    @property
    def document(self) -> str:
        return self.items[0].document

    @property
    def section(self) -> str:
        return self.items[0].section

    @property
    def line_start(self) -> int:
        first = self.items[0]
        return min(first.list_line or first.line_start, first.line_start)

    @property
    def line_end(self) -> int:
        return max(r.line_end for r in self.items)


@dataclass(frozen=True)
class ListHit:
    stated: StatedList
    score: float  # coverage plus ranking bonuses
    coverage: float  # the idf-weighted share of the question's words the list holds


@dataclass(frozen=True)
class _Entry:
    stated: StatedList
    head: frozenset[str]
    body: frozenset[str]
    head_weight: float  # 1, or less for a title borrowed from the section heading


@lru_cache(maxsize=1)
def member_words() -> frozenset[str]:
    """Words naming what a team table's entries are (its roles, "susunan", "members")."""
    words = vocabulary()
    return frozenset(
        lexical_tokens(
            " ".join(words["team_words"] + words["team_roles"] + words["team_list_words"])
        )
    )


def counted_entries(query: Query) -> int | None:
    """How many entries the question says the list has ("3 prioritas", "the five themes")."""
    text = fold(query.text)
    numbers = [int(n) for n in _SMALL_NUMBER.findall(text) if 2 <= int(n) <= 60]
    words = vocabulary()["number_words"]
    numbers += [words[w] for w in re.findall(r"[a-z]+", text) if w in words]
    return numbers[0] if len(set(numbers)) == 1 else None


def item_text(record: Record) -> str:
    """An entry as the document prints it: its cells joined (numbers left out), or its text."""
    cells = [v for _h, v in record.fields if not _NUMBER.match(v)]
    return " — ".join(cells) if cells else record.activity or record.subject()


def item_name(record: Record) -> str:
    """What the entry is (its first cell), for matching entries across regions."""
    return (record.activity or item_text(record)).rstrip(" ;,.")


class ListIndex:
    """The stated lists of every region, scored by the idf-weighted share of the question's
    words that their titles (full weight), section headings and entries (half weight) hold."""

    def __init__(self, records: list[Record], idf: Idf) -> None:
        self.idf = idf
        self._by_region: dict[str, list[_Entry]] = {}
        groups: dict[tuple[str, str, str, int | None], list[Record]] = {}
        for record in records:
            if record.kind in LIST_KINDS:
                key = (record.document, record.section, record.table, record.list_line)
                groups.setdefault(key, []).append(record)
        for (_doc, section, title, _line), items in groups.items():
            if len(items) < 2:
                continue
            share = sum(looks_like_unit(item_name(r)) for r in items) / len(items)
            stated = StatedList(title, tuple(items), share)
            path = [p for p in section.split(" > ") if p not in ("Tabel", title)]
            heading = path[-1] if path else ""
            # The section heading is context, as the entries are: it covers every list in it.
            # A bare table named after its section weighs between the two.
            own_title = title not in section.split(" > ")
            head = frozenset(lexical_tokens(title))
            body = frozenset(lexical_tokens(heading)) | frozenset(
                t for r in items for t in lexical_tokens(item_text(r))
            )
            weight = 1.0 if own_title else SECTION_TITLE_WEIGHT
            self._by_region.setdefault(items[0].region, []).append(
                _Entry(stated, head, body, weight)
            )

    def search(self, query: Query, region: str, limit: int = 5) -> list[ListHit]:
        weights = {
            t: self.idf(t) * query.weight(t)
            for t in set(query.tokens)
            if t not in _LIST_WORDS and not t.isdigit()
        }
        total = sum(weights.values())
        if not total:
            return []
        wants_units = "responsible" in query.intents or "designation" in query.intents
        counted = counted_entries(query)
        asked = set(query.all_tokens)
        hits: list[ListHit] = []
        for entry in self._by_region.get(region, []):
            covered = set(entry.head)
            if entry.head & _CHOSEN_WORDS:
                covered |= _CHOSEN_WORDS
            if entry.stated.units_share >= 0.5:
                covered |= _UNIT_WORDS
            if entry.stated.items[0].kind == "team":
                covered |= member_words()
            own = sum(w for t, w in weights.items() if t in covered)
            near = sum(w for t, w in weights.items() if t in entry.body and t not in covered)
            coverage = (entry.head_weight * own + ITEM_WEIGHT * near) / total
            if not coverage:
                continue
            # Between lists that hold the same words, prefer the title mostly about them.
            score = coverage + 0.05 * len(entry.head & weights.keys()) / max(len(entry.head), 1)
            if (entry.head & _ABOUT_THE_LIST) - asked:
                score *= 0.75
            if wants_units and entry.stated.units_share >= 0.5:
                score += UNITS_BONUS
            if counted is not None and len(entry.stated.items) == counted:
                score += COUNT_BONUS
            if query.article and query.article in entry.stated.section.split(" > "):
                score += ARTICLE_BONUS
            hits.append(ListHit(entry.stated, score, coverage))
        hits.sort(key=lambda h: (-h.score, h.stated.line_start))
        return hits[:limit]
