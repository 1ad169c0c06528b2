"""Indonesian text normalisation shared by the lexical index and query understanding.

One function, :func:`lexical_tokens`, decides what BM25 sees, for chunks and questions alike,
so that a chat question ("yg ngurus SAKIP di bengkulu brp?") meets the regulation's wording.
"""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from tanyarb.core.datafiles import data_json, data_text

_TAG = re.compile(r"<[^>]{0,200}>")
_MD = re.compile(r"\*\*|\*|__|`|\$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:[-/][^\W\d_]+)*", re.UNICODE)

# Year cells mark "runs this year" with these; "-" means it does not.
TICK_MARKS: frozenset[str] = frozenset({"✓", "√", "✔", "v", "V", "/"})

# A year as regulations and questions write it ("2024"); group 1 is the year.
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, Any]:
    """The packaged word lists (``tanyarb/core/data/vocabulary.json``), read once."""
    data: dict[str, Any] = data_json("tanyarb.core", "vocabulary.json")
    return data


@lru_cache(maxsize=1)
def _spelling() -> dict[str, str]:
    return dict(vocabulary()["spelling"])


@lru_cache(maxsize=1)
def acronyms() -> dict[str, str]:
    """Acronyms of the domain (lower case) and their expansions."""
    return dict(vocabulary()["acronyms"])


@lru_cache(maxsize=1)
def english_glossary() -> dict[str, str]:
    """English words of questions mapped onto the regulations' Indonesian vocabulary."""
    return dict(vocabulary()["english"])


@dataclass(frozen=True)
class Thesaurus:
    """Same-meaning words users write for the documents' words
    (``tanyarb/core/data/thesaurus.jsonl``: one line per document word, most frequent first,
    written from the documents' vocabulary, not from questions).

    ``same`` maps a user's word ("keluhan", "warga", "duit") onto the document's word
    ("pengaduan", "masyarakat", "anggaran"); :func:`term` applies it to documents and questions
    alike, before stemming, so both share one index term. Whole words, not stems: "petunjuk"
    (guidance) is "pedoman", but its stem "tunjuk" is also that of "ditunjuk" (appointed).
    """

    same: dict[str, str]

    @classmethod
    def from_lines(cls, lines: list[str]) -> Thesaurus:
        same: dict[str, str] = {}
        targets: set[str] = set()
        for line in lines:
            if not line.strip():
                continue
            entry = json.loads(line)
            if entry.get("borrowed"):
                # A borrowed English word ("quick", "map") keeps its sense: its Indonesian
                # renderings ("cepat", "peta") have senses of their own in the documents.
                continue
            target = entry["word"]
            if target in same:
                # A word that is itself another word's synonym keeps that meaning: one level,
                # so that no chain of near-synonyms merges unrelated words.
                continue
            targets.add(target)
            for synonym in entry.get("same", []):
                if synonym != target and synonym not in same and synonym not in targets:
                    same[synonym] = target
        return cls(same=same)


@lru_cache(maxsize=1)
def thesaurus() -> Thesaurus:
    """The packaged thesaurus, read once."""
    return Thesaurus.from_lines(data_text("tanyarb.core", THESAURUS).splitlines())


THESAURUS = "thesaurus.jsonl"


@lru_cache(maxsize=32)
def vocabulary_tokens(key: str) -> frozenset[str]:
    """The lexical tokens of one word list of ``vocabulary.json`` ("count_words",
    "team_roles"...), as questions and units are tokenised; computed once per list."""
    return frozenset(lexical_tokens(" ".join(vocabulary()[key])))


@lru_cache(maxsize=1)
def stopwords() -> frozenset[str]:
    return frozenset(vocabulary()["stopwords"])


@lru_cache(maxsize=1)
def _hints() -> tuple[frozenset[str], frozenset[str]]:
    data = vocabulary()
    return frozenset(data["english_hints"]), frozenset(data["indonesian_hints"])


def clean_text(text: str) -> str:
    """Strip HTML and Markdown remnants, unescape entities and collapse whitespace."""
    text = html.unescape(_TAG.sub(" ", text))
    text = _MD.sub("", text)
    text = text.replace("•", " ").replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case and strip accents; keeps digits, letters and separators."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def words(text: str) -> list[str]:
    """Raw word tokens of cleaned, folded text (numbers kept with their decimal separators)."""
    return _WORD.findall(fold(clean_text(text)))


def alias_key(text: str) -> str:
    """Folded letters and digits, single-spaced: the form aliases are written and matched in."""
    return " ".join(re.findall(r"[a-z0-9]+", fold(text)))


def names_by_alias(
    text: str, canonical: Mapping[str, str], longest_first: Sequence[str]
) -> list[str]:
    """The canonical names (``canonical``: alias key -> name) of every alias ``text`` holds as
    whole words, in the order of ``longest_first``: a matched alias is taken out of the text,
    so "indeks reformasi hukum" is not read again as a shorter alias inside it."""
    padded = f" {alias_key(text)} "
    found: list[str] = []
    for alias in longest_first:
        if f" {alias} " in padded:
            name = canonical[alias]
            if name not in found:
                found.append(name)
            padded = padded.replace(f" {alias} ", " ")
    return found


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-case word; acronyms, numbers and short words stay as they are."""
    if len(word) <= 3 or word in acronyms() or not word.isalpha():
        return word
    stemmed: str = _stemmer().stem(word)  # type: ignore[attr-defined]
    return stemmed or word


def term(word: str) -> str:
    """The index term of one lower-case word: its stem, or the stem of the document word the
    thesaurus gives for it ("keluhan" -> "adu", as for "pengaduan")."""
    return stem(thesaurus().same.get(word, word))


_WORD_CHARS = re.compile(r"[^\W\d_]+", re.UNICODE)


def respell(text: str) -> str:
    """Folded ``text`` with chat shorthand and known misspellings written out ("brp" ->
    "berapa", "yg" -> "yang"), punctuation kept: what question patterns are matched on."""
    spelling = _spelling()
    return _WORD_CHARS.sub(lambda m: spelling.get(m.group(0), m.group(0)), fold(text))


_VOWELS = "aeiou"


def colloquial_bases(word: str) -> list[str]:
    """Standard words a colloquial (Jakarta-style) verb may stand for, most likely first:
    "ngukur" -> ukur, kukur; "dijadwalin" -> jadwal; "nyabut" -> cabut, sabut; "netapin" ->
    tetap; "mimpin" -> pimpin. Which of them is meant is for the caller to tell (a word the
    documents hold); the word itself is not among them."""
    forms = [word]
    if word.endswith("in") and len(word) >= 6:
        forms.append(word[:-2])  # -in stands for -kan / -i
    out: list[str] = []
    for form in forms:
        if form.startswith("di") and len(form) >= 6:
            out.append(form[2:])
        if form.startswith("nge") and len(form) >= 6:
            out.append(form[3:])
        if form.startswith("ng") and len(form) >= 5 and form[2] in _VOWELS:
            out += [form[2:], "k" + form[2:]]
        elif form.startswith("ny") and len(form) >= 5 and form[2] in _VOWELS:
            out += ["c" + form[2:], "s" + form[2:]]
        elif form[:1] == "n" and len(form) >= 5 and form[1] in _VOWELS:
            out.append("t" + form[1:])
        elif form[:1] == "m" and len(form) >= 5 and form[1] in _VOWELS:
            out.append("p" + form[1:])
        if form != word:
            out.append(form)
    return [w for w in dict.fromkeys(out) if w != word]


def _respell(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(_spelling().get(token, token).split())
    return out


def _expand_acronyms(tokens: list[str]) -> list[str]:
    expanded = list(tokens)
    joined = " " + " ".join(tokens) + " "
    for acronym, expansion in acronyms().items():
        if acronym in tokens:
            expanded.extend(expansion.split())
        elif f" {expansion} " in joined:
            expanded.append(acronym)
    return expanded


_INFLECTIONS: tuple[tuple[str, str], ...] = (
    ("ies", "y"),
    ("ied", "y"),
    ("ying", "y"),
    ("es", ""),
    ("s", ""),
    ("ed", ""),
    ("ed", "e"),
    ("ing", ""),
    ("ing", "e"),
)


def english_lemma(word: str, known: dict[str, str]) -> str:
    """``word`` as the glossary knows it: itself, or the base form an English inflection
    came from ("monitored" -> "monitor", "teams" -> "team", "planned" -> "plan"); else itself."""
    if word in known:
        return word
    for suffix, base in _INFLECTIONS:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            stem = word[: -len(suffix)]
            for candidate in (stem + base, stem[:-1] if stem[-1:] == stem[-2:-1] else ""):
                if candidate in known:
                    return candidate
    return word


def _translated(token: str, glossary: dict[str, str]) -> list[str]:
    """A token's glossary words; a hyphenated loanword ("e-government") stays beside them, for
    the documents print it too ("Indeks e-government Nasional")."""
    meaning = glossary.get(token)
    if meaning is None:
        return [token]
    return [token, *meaning.split()] if "-" in token else meaning.split()


def _english_parts(token: str, glossary: dict[str, str]) -> list[str]:
    token = english_lemma(token, glossary)
    if token in glossary or "-" not in token:
        return [token]
    parts = token.split("-")
    return [token, *parts] if len(parts[0]) == 1 else parts


# An English plural of an acronym ("PDs", "OPDs", "SOPs"): the acronym is what is meant.
_ACRONYM_PLURAL = re.compile(r"\b([A-Z]{2,})s\b")


def lexical_tokens(text: str, *, english: bool = False) -> list[str]:
    """Tokens for BM25: cleaned, folded, respelled, acronym-expanded, stopword-free, stemmed."""
    if english:
        text = _ACRONYM_PLURAL.sub(r"\1", text)
    tokens = _respell(words(text))
    if english:
        glossary = english_glossary()
        # "change-management" is looked up as "change" and "management"; an e-/m- word the
        # regulations use as it is ("e-government", "e-sakip") is kept whole beside its parts.
        parts = [p for token in tokens for p in _english_parts(token, glossary)]
        tokens = _respell([t for token in parts for t in _translated(token, glossary)])
    tokens = _expand_acronyms(tokens)
    return [term(t) for t in tokens if (t not in stopwords() and len(t) > 1) or t.isdigit()]


def to_indonesian(text: str) -> str:
    """An English question with its glossary words replaced by the regulations' Indonesian
    vocabulary (word for word; the rest kept), a second view for the dense side."""
    glossary = english_glossary()
    text = _ACRONYM_PLURAL.sub(r"\1", text)
    parts = [p for w in words(text) for p in _english_parts(w, glossary)]
    return " ".join(glossary.get(english_lemma(word, glossary), word) for word in parts)


def looks_english(text: str) -> bool:
    """A cheap language guess: English function words outnumber Indonesian ones."""
    tokens = words(text)
    english_hints, indonesian_hints = _hints()
    english = sum(t in english_hints for t in tokens)
    indonesian = sum(t in indonesian_hints for t in tokens)
    return english > indonesian
