"""What a question asks for (a typed field) and what an answer to it must hold."""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from retriever.query import GENERIC_WORDS, Query
from retriever.question_types import QuestionTypes, question_types
from tanyarb.core.textnorm import lexical_tokens, respell, vocabulary, words


class AskedField(Enum):
    """The kind of value a question asks for; an answer must hold a value of this kind."""

    UNIT = "unit"  # which unit (OPD/PD) is responsible
    YEARS = "years"  # when an action is scheduled
    VALUE = "value"  # a target or baseline value
    INDICATOR = "indicator"
    LIST = "list"
    DEFINITION = "definition"
    LEGAL = "legal"
    FREQUENCY = "frequency"
    FACT = "fact"


# The field a question type (of the fitted model, see retriever.question_types) asks for.
_BY_TYPE: dict[str, AskedField] = {
    "responsible_pd": AskedField.UNIT,
    "schedule": AskedField.YEARS,
    "target": AskedField.VALUE,
    "indicator": AskedField.INDICATOR,
    "list": AskedField.LIST,
    "definition": AskedField.DEFINITION,
    "legal": AskedField.LEGAL,
    "fact": AskedField.FACT,
}

# Order matters: the first matching intent names the field.
_BY_INTENT: tuple[tuple[str, AskedField], ...] = (
    ("definition", AskedField.DEFINITION),
    ("frequency", AskedField.FREQUENCY),
    ("responsible", AskedField.UNIT),  # "siapa koordinator untuk indikator X" asks a unit
    ("indicator", AskedField.INDICATOR),
    ("schedule", AskedField.YEARS),
    ("list", AskedField.LIST),
    ("target", AskedField.VALUE),
)
_DEFINITION_EXTRA = re.compile(
    r"\b(apa itu|apaan|artinya|maksudnya|what is an?|what does .{1,40} mean|how does .{1,60} define|"
    r"meaning of|defined|itu apa|stands? for|singkatan|kepanjangan|abbreviation|acronym)\b"
)
_RUPIAH = re.compile(r"\b(rupiah|rp\.?|idr|berapa (?:juta|miliar|milyar))\b")
_BUDGET = re.compile(
    r"\b(anggaran|budget|biaya|dana|budgeted|cost|costs|funding|alokasi|dialokasikan|money|uang|"
    r"set aside|spend|spending)\b"
)
_HOW_MUCH = re.compile(r"\b(berapa|brp|how much|how many|besaran|jumlah)\b")
# A head count or number of things ("jumlah ASN", "berapa orang", "how many change agents");
# "berapa kali" / "how many times" ask a frequency instead, "how many years" a duration.
_COUNT = re.compile(
    r"\b(jumlah|berapa (?:orang|banyak)|how many (?!(?:[\w-]+ )?(?:times|years|months|weeks|days)\b)"
    r"|number of)"
)
# "apa saja", "sebutkan": a list of things is asked ("siapa saja" asks for units).
_THINGS_LISTED = re.compile(r"\b(apa saja|apa aja|apa2|sebutkan|list (?:of|all))\b")
# The thing a count question counts: the words after "jumlah", "how many", "number of".
_COUNTED = re.compile(r"\b(?:jumlah|berapa banyak|how many|number of)\s+((?:[\w-]+\s*){1,3})")
# "nama kepala ...", "the name of the head": a person. "units named as responsible" is not.
_NAME = re.compile(r"\b(nama|name of|names of|the name|what is the name)\b")
_PERSON = re.compile(r"\b(siapa (?:kepala|kabag|kadis)|who (?:is|was) the (?:head|chief))\b")


@dataclass(frozen=True)
class Asked:
    """A question's field plus the near-miss traps it may fall into."""

    field: AskedField
    rupiah: bool  # a budget in money
    count: bool  # a head count or number of things
    person: bool  # a person's name
    plural: bool = False  # "siapa saja", "which units", "members": every entry is wanted
    # What a count question counts, one tuple of alternatives per word ("jumlah ASN" ->
    # (("asn",),); "clean audit opinions" -> (("bersih",), ("audit", "periksa"), ("opini",))).
    counted: tuple[tuple[str, ...], ...] = ()
    amount: bool = False  # "berapa", "how much": a figure is wanted, whatever the field

    @property
    def needs_number(self) -> bool:
        return self.field is AskedField.VALUE or self.count

    @property
    def wants_figure(self) -> bool:
        """A figure answers it: a value, a count, or any question asking "how much"."""
        return self.needs_number or self.amount


def asked(query: Query, types: QuestionTypes | None = None) -> Asked:
    """Type the question once; every strategy reads the same value. ``types`` is the fitted
    question-type model (default: the one shipped in the package)."""
    folded = respell(query.text)
    if {"basis", "article"} & query.legal:
        # "merujuk Pergub nomor berapa?", "pasal berapa yang mengatur X?": a regulation or a
        # Pasal is asked for, whatever else the question looks like.
        field = AskedField.LEGAL
    else:
        field = _fitted_field(query, types or question_types()) or _keyword_field(query, folded)
    rupiah = bool(_RUPIAH.search(folded)) or bool(
        _BUDGET.search(folded) and _HOW_MUCH.search(folded)
    )
    noun = _COUNTED.search(folded) if _COUNT.search(folded) else None
    counted = _counted_words(query, noun.group(1)) if noun else ()
    return Asked(
        field=field,
        counted=counted,
        rupiah=rupiah,
        # "the number of the Peraturan Bupati" asks for a regulation, not a count.
        count=bool(_COUNT.search(folded)) and field is not AskedField.LEGAL,
        plural="list" in query.intents,
        amount=bool(set(words(folded)) & _figure_words() or _HOW_MUCH.search(folded)),
        person=bool(_NAME.search(folded))
        or (bool(_PERSON.search(folded)) and "responsible" not in query.intents),
    )


@lru_cache(maxsize=1)
def _figure_words() -> frozenset[str]:
    return frozenset(vocabulary()["figure_words"])


def _counted_words(query: Query, phrase: str) -> tuple[tuple[str, ...], ...]:
    """The tokens of each word of what a count question counts, a word's glossary
    alternatives together: "civil-servant misconduct cases" -> ((sipil,), (langgar, ...));
    "ASN" is one word, not its three-word expansion."""
    # "how many PDs": the question's tokens hold the acronym without its plural "s"; a
    # generic word ("PD") is what is counted when no content word is.
    known = set(query.tokens) | (set(query.all_tokens) & GENERIC_WORDS)
    per_word = []
    for word in phrase.split():
        said = lexical_tokens(word, english=query.english)
        per_word.append([t if t in known else t[:-1] for t in said])
    for pool in (set(query.tokens), known):
        chosen = [
            tuple(dict.fromkeys(t for t in tokens if t in pool))
            for tokens in per_word
            if set(tokens) & pool
        ]
        if chosen:
            return tuple(dict.fromkeys(chosen))
    return ()


def _fitted_field(query: Query, model: QuestionTypes | None) -> AskedField | None:
    """The field of the type the fitted model gives the question; a frequency when a fact or
    a schedule is asked "how often". None when no model is shipped."""
    if model is None:
        return None
    kind, _probability = model.predict(query.text)
    field = _BY_TYPE[kind]
    if field in (AskedField.FACT, AskedField.YEARS) and "frequency" in query.intents:
        return AskedField.FREQUENCY
    return field


def _keyword_field(query: Query, folded: str) -> AskedField:
    """The field named by the question's keywords (intents.json), first match wins."""
    field = AskedField.FACT
    if query.legal:
        field = AskedField.LEGAL
    things_listed = bool(_THINGS_LISTED.search(folded))
    for intent, candidate in _BY_INTENT:
        if things_listed and intent == "responsible":
            # "apa saja quick wins ... beserta penanggung jawabnya": a list of things (with
            # their units), not one unit.
            continue
        if intent in query.intents:
            field = candidate
            break
    if field is AskedField.FACT and _DEFINITION_EXTRA.search(folded):
        field = AskedField.DEFINITION
    return field
