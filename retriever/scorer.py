"""One scoring function for evidence units: features and fitted weights.

The weights are fitted on the train split by ``python -m eval.fit_scorer`` (logistic
regression) and stored in ``retriever/data/scorer.json``, beside the abstention threshold that
fit proposes; the threshold the answerer uses is fitted end to end with the others
(``retriever/data/thresholds.json``). Nothing here is tuned by hand. The lexical coverage
formula lives here and nowhere else.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from retriever.adapter import QueryAdapter
from retriever.fields import Asked, AskedField
from retriever.query import Query
from retriever.unit_index import RegionUnits
from tanyarb.core.areas import area_in
from tanyarb.core.datafiles import data_text
from tanyarb.core.evidence import Idf
from tanyarb.core.evidence_units import (
    EvidenceUnit,
    UnitKind,
    defined_terms,
    indicator_of,
    year_values,
)
from tanyarb.core.textnorm import lexical_tokens, vocabulary, vocabulary_tokens, words
from tanyarb.core.units import units_named

CONTEXT_WEIGHT = 0.5  # a word found only in the unit's heading counts half
KINDS = list(UnitKind)
FEATURES: tuple[str, ...] = (
    "dense",
    "dense_glossary",
    "dense_gap",
    "dense_rank",
    "adapted",
    "adapted_gap",
    "adapted_rank",
    "lexical",
    "lexical_gap",
    "lexical_rank",
    "bm25",
    "bm25_rank",
    "context_lexical",
    "holds_field",
    "year_match",
    "english_dense",
    "english_lexical",
    "defined_term",
    "area_match",
    "area_mismatch",
    "unit_precision",
    "log_length",
    "legal_basis_clause",
    "team_question_team_unit",
    "team_unit_other_question",
    "team_role_match",
    "office_question_office_unit",
    "office_question_no_office",
    *(f"kind_{k.value}" for k in KINDS),
    *(f"field_{f.value}_holds" for f in AskedField),
    # Which kind of unit answers which kind of question (a team row rarely names the unit
    # responsible for an action; a target row answers value questions).
    *(f"{f.value}_from_{k.value}" for f in AskedField for k in KINDS),
)
DEFAULT_MODEL = "scorer.json"


def coverages(query: Query, idf: Idf, region: RegionUnits) -> np.ndarray:
    """:func:`coverage` of every unit of ``region`` at once (the same formula, vectorised)."""
    found = np.zeros(len(region.units), dtype=np.float64)
    total = 0.0
    for token in query.tokens:
        weight = idf(token) * query.weight(token)
        total += weight
        own, context = region.postings(token)
        found += weight * own + CONTEXT_WEIGHT * weight * (context & ~own)
    if total <= 0:
        return np.zeros(len(region.units), dtype=np.float32)
    return (found / total).astype(np.float32)


def coverage(
    query: Query, idf: Idf, own: frozenset[str], context: frozenset[str] = frozenset()
) -> float:
    """The idf-weighted share of the question's content words a unit holds (context: half)."""
    total = sum(idf(t) * query.weight(t) for t in query.tokens)
    if total <= 0:
        return 0.0
    found = 0.0
    for token in query.tokens:
        if token in own:
            found += idf(token) * query.weight(token)
        elif token in context:
            found += CONTEXT_WEIGHT * idf(token) * query.weight(token)
    return found / total


def holds_field(unit: EvidenceUnit, asked: Asked, years: list[int]) -> bool:
    """Whether the unit holds a value of the asked kind (and, for values, of the asked year)."""
    field = asked.field
    if field is AskedField.UNIT:
        return bool(unit.lead or unit.support)
    if field is AskedField.VALUE:
        values = year_values(unit)
        if years:
            return any(y in values for y in years)
        return bool(values) or (unit.holds_number() and unit.kind is not UnitKind.ACTION)
    if field is AskedField.YEARS:
        return bool(unit.years) or bool(year_values(unit))
    if field is AskedField.INDICATOR:
        return bool(indicator_of(unit)) or unit.kind is UnitKind.TARGET
    if field is AskedField.DEFINITION:
        return unit.kind is UnitKind.DEFINITION
    if field is AskedField.LIST:
        return unit.kind in (UnitKind.ITEM, UnitKind.QUICK_WIN, UnitKind.TEAM)
    if field is AskedField.FREQUENCY:
        low = unit.text.lower()
        return any(w in low for w in vocabulary()["frequency_words"])
    return unit.kind is UnitKind.SENTENCE


def defined_term(unit: EvidenceUnit, query: Query) -> float:
    """For a definition ("X adalah ..."), the share of the term X's words the question holds,
    the best of the term and the short name it introduces (generic words count here:
    "Reformasi Birokrasi" is a term to define)."""
    if unit.kind is not UnitKind.DEFINITION:
        return 0.0
    asked = query.term_words
    best = 0.0
    for term in defined_terms(unit.text):
        words = set(lexical_tokens(term))
        if words and len(words) <= 8:
            best = max(best, len(words & asked) / len(words))
    return best


_PREAMBLE = re.compile(r"\b(menimbang|mengingat)\b", re.I)


def in_preamble(unit: EvidenceUnit) -> bool:
    """A Menimbang or Mengingat clause: the regulations a document rests on or carries out."""
    return bool(_PREAMBLE.search(unit.section))


def asks_legal_basis(query: Query, asked: Asked) -> bool:
    return asked.field is AskedField.LEGAL and bool({"basis", "reason"} & query.legal)


def unit_area(unit: EvidenceUnit) -> str | None:
    """The area perubahan a unit belongs to: its record's area, else its table or section."""
    if unit.record and unit.record.area:
        return area_in(unit.record.area)
    if unit.record:
        # A row of a stated table ("Area Perubahan: Penataan organisasi; Indikator: ...").
        for header, value in unit.record.fields:
            named = area_in(value) if "area" in header.lower() else None
            if named:
                return named
    return area_in(unit.record.table if unit.record else "") or area_in(unit.section)


@lru_cache(maxsize=1)
def _team_vocabulary() -> tuple[frozenset[str], frozenset[str], frozenset[str]]:
    """Stems of the team words, the team roles and the role column's header words."""
    return (
        vocabulary_tokens("team_words"),
        vocabulary_tokens("team_roles"),
        vocabulary_tokens("team_role_headers"),
    )


def asks_team(query: Query) -> bool:
    """Whether the question is about a team's make-up (a team, a chair, members)."""
    return bool(set(query.tokens) & _team_vocabulary()[0])


def asks_role(query: Query) -> bool:
    """A question for who holds a team's office ("who chairs the RB team", "sekretaris tim");
    members are also named by lists of offices ("anggota Pokja: DPMPTSP, BKD ...")."""
    roles = _team_vocabulary()[1] - vocabulary_tokens("team_member_roles")
    return asks_team(query) and bool(set(query.tokens) & roles)


def holds_role(unit: EvidenceUnit) -> bool:
    """A team row, or a passage that names a team role ("Tim Pengarah diketuai Bupati")."""
    if unit.kind is UnitKind.TEAM:
        return True
    return bool(set(lexical_tokens(unit.text)) & _team_vocabulary()[1])


def role_match(query: Query, unit: EvidenceUnit) -> bool:
    """A team row whose role column holds a role the question asks for ("who chairs":
    the Ketua row, not the row whose office is "Sekretaris Daerah")."""
    if unit.kind is not UnitKind.TEAM or unit.record is None:
        return False
    _words, roles, headers = _team_vocabulary()
    asked = set(query.tokens) & roles
    if not asked:
        return False
    return any(
        asked & set(lexical_tokens(value))
        for header, value in unit.record.fields
        if set(lexical_tokens(header)) & headers
    )


def asks_offices(query: Query) -> bool:
    """Whether the question asks which offices (units) do something ("OPD mana saja",
    "siapa", "which agencies"): words of ``office_question_words`` in ``vocabulary.json``."""
    return bool(set(words(query.text)) & _office_question_words())


@lru_cache(maxsize=1)
def _office_question_words() -> frozenset[str]:
    return frozenset(vocabulary()["office_question_words"])


@lru_cache(maxsize=50_000)
def _names_offices(text: str) -> bool:
    return bool(units_named(text))


def holds_offices(unit: EvidenceUnit) -> bool:
    """Whether a unit names offices: its responsible units, or known unit names in its text."""
    return bool(unit.lead or unit.support) or _names_offices(unit.text)


def precision(query: Query, idf: Idf, own: frozenset[str]) -> float:
    """The idf-weighted share of a unit's words that the question holds: long passages that
    hold every word of a question by sheer length score low."""
    total = sum(idf(t) for t in own)
    if total <= 0:
        return 0.0
    asked = set(query.tokens)
    return sum(idf(t) for t in own if t in asked) / total


def _unit(vector: np.ndarray) -> np.ndarray:
    return vector / max(float(np.linalg.norm(vector)), 1e-9)


def _ranks(values: np.ndarray) -> np.ndarray:
    order = np.argsort(-values, kind="stable")
    ranks = np.empty(len(values), dtype=np.float32)
    ranks[order] = np.arange(len(values), dtype=np.float32)
    return ranks


@dataclass(frozen=True)
class Candidates:
    """The best-scoring units of one region for one question, with their features."""

    units: list[EvidenceUnit]
    features: np.ndarray  # (n, len(FEATURES))


def candidates(
    query: Query,
    asked: Asked,
    qvec: np.ndarray,
    region: RegionUnits,
    idf: Idf,
    pool: int = 40,
    glossary_vec: np.ndarray | None = None,
    adapter: QueryAdapter | None = None,
) -> Candidates:
    """Score every unit of the region, keep the ``pool`` best by dense (as embedded and as
    adapted), lexical and BM25 score."""
    n = len(region.units)
    if n == 0:
        return Candidates([], np.zeros((0, len(FEATURES)), dtype=np.float32))
    dense = region.vectors @ _unit(qvec)
    glossary = dense if glossary_vec is None else region.vectors @ _unit(glossary_vec)
    adapter = adapter or QueryAdapter.identity()
    adapted = region.vectors @ adapter.apply(qvec)
    if glossary_vec is not None:
        adapted = np.maximum(adapted, region.vectors @ adapter.apply(glossary_vec))
    adapted_rank = _ranks(adapted)
    lexical = coverages(query, idf, region)
    dense_rank = _ranks(np.maximum(dense, glossary))
    lexical_rank = _ranks(lexical)
    bm25 = region.bm25_scores(query.tokens)
    bm25 = bm25 / max(float(bm25.max()), 1e-9)
    bm25_rank = _ranks(bm25)
    near = (dense_rank < pool) | (adapted_rank < pool) | (lexical_rank < pool) | (bm25_rank < pool)
    if asked.field is AskedField.DEFINITION:
        # A term to define is often made of words too common to rank ("Reformasi Birokrasi"):
        # every definition of the region competes (a document has a few dozen).
        near |= np.array([u.kind is UnitKind.DEFINITION for u in region.units])
    basis = asks_legal_basis(query, asked)
    if basis:
        near |= np.array([in_preamble(u) for u in region.units])
    keep = np.flatnonzero(near)
    english = 1.0 if query.english else 0.0
    team_question = asks_team(query)
    office_question = asks_offices(query)
    asked_area = query.area
    rows = []
    units = []
    best_dense, best_lexical = float(dense.max()), float(lexical.max())
    best_adapted = float(adapted.max())
    for i in keep:
        unit = region.units[i]
        holds = holds_field(unit, asked, query.years)
        context_only = coverage(query, idf, region.context_tokens[i])
        offices = office_question and holds_offices(unit)
        years_in = bool(query.years) and any(
            y in unit.years or y in year_values(unit) or str(y) in unit.text for y in query.years
        )
        row = [
            float(dense[i]),
            float(glossary[i]),
            float(dense[i]) - best_dense,
            float(np.log1p(dense_rank[i])),
            float(adapted[i]),
            float(adapted[i]) - best_adapted,
            float(np.log1p(adapted_rank[i])),
            float(lexical[i]),
            float(lexical[i]) - best_lexical,
            float(np.log1p(lexical_rank[i])),
            float(bm25[i]),
            float(np.log1p(bm25_rank[i])),
            context_only,
            1.0 if holds else 0.0,
            1.0 if years_in else 0.0,
            english * float(dense[i]),
            english * float(lexical[i]),
            defined_term(unit, query),
            1.0 if asked_area and unit_area(unit) == asked_area else 0.0,
            1.0 if asked_area and unit_area(unit) not in (None, asked_area) else 0.0,
            precision(query, idf, region.tokens[i]),
            float(np.log1p(len(region.tokens[i]))),
            1.0 if basis and in_preamble(unit) else 0.0,
            1.0 if team_question and unit.kind is UnitKind.TEAM else 0.0,
            1.0 if not team_question and unit.kind is UnitKind.TEAM else 0.0,
            1.0 if role_match(query, unit) else 0.0,
            1.0 if office_question and offices else 0.0,
            1.0 if office_question and not offices else 0.0,
            *(1.0 if unit.kind is k else 0.0 for k in KINDS),
            *(1.0 if (holds and asked.field is f) else 0.0 for f in AskedField),
            *(
                1.0 if (asked.field is f and unit.kind is k) else 0.0
                for f in AskedField
                for k in KINDS
            ),
        ]
        rows.append(row)
        units.append(unit)
    return Candidates(units, np.asarray(rows, dtype=np.float32))


@dataclass(frozen=True)
class Scorer:
    """A fitted logistic scorer: P(unit answers the question), and the abstention threshold its
    own fit proposes (where ``eval.fit_thresholds`` starts)."""

    weights: np.ndarray
    bias: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if features.shape[0] == 0:
            return np.zeros(0, dtype=np.float32)
        z = ((features - self.mean) / self.scale) @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-z))

    @classmethod
    def neutral(cls) -> Scorer:
        """All weights zero: what the fit starts from, when only the candidates matter."""
        n = len(FEATURES)
        zeros = np.zeros(n, dtype=np.float32)
        return cls(zeros, 0.0, zeros, np.ones(n, dtype=np.float32), 0.0)

    @classmethod
    def load(cls, path: Path | None = None) -> Scorer:
        """The fitted model shipped in the package (or ``path``)."""
        data = json.loads(data_text("retriever", DEFAULT_MODEL, path))
        names = tuple(data["features"])
        if names != FEATURES:
            raise ValueError(
                "the scorer file was fitted on other features: run `python -m eval.fit_scorer`"
            )
        return cls(
            weights=np.asarray(data["weights"], dtype=np.float32),
            bias=float(data["bias"]),
            mean=np.asarray(data["mean"], dtype=np.float32),
            scale=np.asarray(data["scale"], dtype=np.float32),
            threshold=float(data["threshold"]),
        )

    def to_json(self, figures: dict[str, float]) -> str:
        return json.dumps(
            {
                "features": list(FEATURES),
                "weights": [round(float(w), 6) for w in self.weights],
                "bias": round(self.bias, 6),
                "mean": [round(float(m), 6) for m in self.mean],
                "scale": [round(float(s), 6) for s in self.scale],
                "threshold": round(self.threshold, 4),
                "fit": figures,
            },
            indent=1,
        )
