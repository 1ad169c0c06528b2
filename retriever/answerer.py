"""Grounded, extractive answers with citations; abstains when the documents do not say it.

No generative model is involved: every sentence of an answer is either a fixed template or
text taken from the cited lines, so nothing is invented.

The :class:`Answerer` is the router: it analyses a question once (:func:`analyze`), settles
the region (asking back or saying "not covered" when needed) and hands the question to one
strategy module:

- :mod:`retriever.legal_strategy`: facts about the regulation itself;
- :mod:`retriever.lookup_strategy`: exact look-ups over records and stated lists;
- :mod:`retriever.unit_strategy`: evidence units ranked by the fitted scorer;
- :mod:`retriever.compare_strategy`: several regions at once.
"""

from __future__ import annotations

import re
import time
from dataclasses import dataclass
from functools import cached_property

from retriever.adapter import QueryAdapter
from retriever.compare_strategy import CompareStrategy
from retriever.fields import AskedField
from retriever.finding import Finding, Sources, abstention
from retriever.hybrid import HybridSearcher
from retriever.known_words import with_known_words
from retriever.legal_strategy import REGULATION_WORDS, LegalStrategy
from retriever.lists import ListIndex
from retriever.lookup_strategy import LookupStrategy
from retriever.query import Query, analyze
from retriever.records import RecordIndex
from retriever.regions import RegionCatalog
from retriever.scorer import Scorer
from retriever.thresholds import Thresholds
from retriever.unit_index import UnitIndex
from retriever.unit_strategy import UnitOutcome, UnitStrategy
from retriever.wording import say as _t
from retriever.wording import shorten as _short
from tanyarb.core.evidence import Idf
from tanyarb.core.evidence_units import build_units
from tanyarb.core.models import Answer
from tanyarb.core.textnorm import fold, respell

_ALL_REGIONS = re.compile(
    r"\b(daerah|wilayah|kota|kabupaten|pemda|pemkot|pemkab)(?:\s*/\s*(?:kota|kabupaten))?"
    r" mana( saja)?\b|"
    r"\b(?:in )?which (?:of the )?(regions?|cities|city|regency|regencies|local governments?)\b|"
    r"\b(semua|setiap|seluruh|masing-masing) (daerah|wilayah)\b|\b(every|each|all) regions?\b"
)


class QuestionError(ValueError):
    """The question itself cannot be answered as asked (empty, too long); ``str()`` gives
    both languages, "Indonesian / English"."""

    def __init__(self, code: str, indonesian: str, english: str) -> None:
        super().__init__(f"{indonesian} / {english}")
        self.code = code
        self.indonesian = indonesian
        self.english = english


@dataclass
class Answerer:
    """Turns a question into an :class:`Answer`: routes it to the strategy that answers it."""

    searcher: HybridSearcher
    catalog: RegionCatalog
    sources: Sources
    legal: LegalStrategy
    lookups: LookupStrategy
    unit_strategy: UnitStrategy
    max_question_chars: int = 1000

    @classmethod
    def build(
        cls,
        searcher: HybridSearcher,
        max_question_chars: int = 1000,
        scorer: Scorer | None = None,
        thresholds: Thresholds | None = None,
        adapter: QueryAdapter | None = None,
    ) -> Answerer:
        metas = [d.meta for d in searcher.store.documents()]
        _ids, tokens = searcher.store.lexical_corpus()
        idf = Idf(tokens)
        stored = searcher.store.records()
        units = UnitIndex.build(
            build_units(searcher.chunks.values(), stored), searcher.store.embeddings.vectors
        )
        catalog = RegionCatalog.from_documents(metas)
        sources = Sources(catalog)
        limits = thresholds or Thresholds.load()
        return cls(
            searcher=searcher,
            catalog=catalog,
            sources=sources,
            legal=LegalStrategy(catalog, sources, searcher.chunks),
            lookups=LookupStrategy(
                RecordIndex(stored, idf), ListIndex(stored, idf), sources, limits
            ),
            unit_strategy=UnitStrategy(
                units,
                scorer or Scorer.load(),
                idf,
                searcher.query_vector,
                adapter=(adapter or QueryAdapter.load()).for_embedder(searcher.store.embedder.name),
                min_probability=limits.unit_probability,
                runner_up_share=limits.runner_up_share,
            ),
            max_question_chars=max_question_chars,
        )

    @cached_property
    def comparison(self) -> CompareStrategy:
        """Comparisons answer each region through this router's single-region search."""
        return CompareStrategy(self.catalog, self.sources, self._find, self.analyze)

    @property
    def records(self) -> RecordIndex:
        """The action-plan records (for the records API and onboarding)."""
        return self.lookups.records

    def document_label(self, document: str) -> str:
        """ "Perwali Kota Blitar No. 97/2022" for a document name, or the name itself."""
        return self.sources.document_label(document)

    # ---- public ---------------------------------------------------------------------------
    def answer(self, question: str, region: str | None = None) -> Answer:
        started = time.perf_counter()
        question = self.check_question(question)
        query = self.analyze(question)
        result = self._answer(query, region)
        result.timing_ms["total"] = (time.perf_counter() - started) * 1000
        result.timing_ms.setdefault("retrieve", 0.0)
        return result

    def analyze(self, question: str) -> Query:
        """The question analysed (:func:`analyze`), its words met with the documents'
        vocabulary (:mod:`retriever.known_words`): what every strategy and the scorer fit see."""
        return with_known_words(analyze(question, self.catalog), self.unit_strategy.idf)

    def check_question(self, question: str) -> str:
        """The question stripped; :class:`QuestionError` when it is empty or too long."""
        question = (question or "").strip()
        if not question:
            raise QuestionError("empty_question", "Pertanyaan kosong.", "The question is empty.")
        if len(question) > self.max_question_chars:
            limit = self.max_question_chars
            raise QuestionError(
                "question_too_long",
                f"Pertanyaan terlalu panjang ({len(question)} karakter, maksimal {limit}).",
                f"The question is too long ({len(question)} characters, at most {limit}).",
            )
        return question

    def compare(self, question: str, regions: list[str] | None = None) -> Answer:
        """The question answered for several regions (all, when none are given) as a table."""
        question = self.check_question(question)
        query = self.analyze(question)
        chosen = regions or query.regions
        if len(chosen) < 2:
            chosen = list(self.catalog.regions)
        return self.comparison.answer(query, chosen)

    # ---- routing --------------------------------------------------------------------------
    def _answer(self, query: Query, region: str | None) -> Answer:
        if region and region not in self.catalog.regions:
            return self._unknown_region(query, [region])
        ambiguous = [m for m in query.mentions if m.choices]
        if ambiguous and not query.regions and not region:
            return self._ask_region(query, list(ambiguous[0].choices))
        if query.unknown_regions and not query.regions:
            return self._unknown_region(query, query.unknown_regions)
        regions = query.regions or ([region] if region else [])
        # "... by the end of its road map" beside a named indicator, or in a question typed as
        # one for a value or a definition ("target IKM di akhir periode road map", "apa
        # maksud road map RB, berapa tahun?"), qualifies what is asked: not a question for the
        # period.
        period_only = query.legal == {"period"} and (
            bool(query.named) or query.asked.field in (AskedField.VALUE, AskedField.DEFINITION)
        )
        # "Which article covers X" asks where the body says X, not a fact of the metadata; so
        # does a question for the content of a named article ("menurut Pasal 3 ... yang diubah").
        about_body = "article" in query.legal or (
            query.article is not None and query.asked.field is not AskedField.LEGAL
        )
        # Why a regulation was made or changed, or only its legal basis (beside its period or
        # number), is stated in the Menimbang and Mengingat clauses, which the unit strategy
        # reads; the metadata would answer only the question's other facts.
        asks_basis = "reason" in query.legal or (
            "basis" in query.legal and not query.legal - {"basis", "period", "identity"}
        )
        if (
            query.legal
            and not period_only
            and not about_body
            and not asks_basis
            and REGULATION_WORDS.search(fold(query.text))
        ):
            legal = self.legal.answer(query, regions)
            if legal:
                return legal
        if query.asked.person:
            return self._abstain(
                query,
                regions[0] if len(regions) == 1 else None,
                _t(
                    query,
                    "Dokumen road map tidak menyebut nama pejabat untuk itu; yang disebut hanya unit "
                    "kerjanya (perangkat daerah).",
                    "The road map does not name the official; it names only the responsible unit.",
                ),
            )
        if not regions and _ALL_REGIONS.search(respell(query.text)):
            regions = list(self.catalog.regions)
        if len(regions) > 1:
            return self.comparison.answer(query, regions)
        if not regions:
            if len(self.catalog.regions) == 1:
                return self._single(query, self.catalog.regions[0])
            return self._ask_region(query, self.catalog.regions)
        return self._single(query, regions[0])

    def _ask_region(self, query: Query, choices: list[str]) -> Answer:
        """Ask back which region is meant rather than answer from an arbitrary document."""
        listed = ", ".join(choices)
        text = _t(
            query,
            f"Pertanyaan ini perlu wilayah: daerah mana yang Anda maksud? Pilihan: {listed}.",
            f"Which region do you mean? This question needs one. Choices: {listed}.",
        )
        return Answer(query.text, text, True, None, basis="clarify", clarify=list(choices))

    def _unknown_region(self, query: Query, names: list[str]) -> Answer:
        text = _t(
            query,
            f"Dokumen untuk {', '.join(names)} tidak ada di TanyaRB, jadi pertanyaan ini tidak bisa "
            f"dijawab. Wilayah yang tersedia: {self.catalog.describe()}.",
            f"TanyaRB has no document for {', '.join(names)}, so it cannot answer this. "
            f"Regions covered: {self.catalog.describe()}.",
        )
        return Answer(query.text, text, True, None, basis="none")

    def _abstain(self, query: Query, region: str | None, reason: str | None = None) -> Answer:
        return abstention(self.catalog, query, region, reason)

    # ---- single region --------------------------------------------------------------------
    def _single(self, query: Query, region: str | None) -> Answer:
        return self._find(query, region).answer

    def _find(self, query: Query, region: str | None) -> Finding:
        started = time.perf_counter()
        if region:
            # Exact record and list look-ups first (they answer whole blocks and lists), then
            # the fitted unit scorer; the passage search only when both find nothing.
            # A plan row's years are no frequency, a list is no definition and an area's
            # indicators are not any list that mentions indicators: for those the look-ups
            # come only after the scorer.
            # A count question goes to the scorer first too: it checks that a count is stated.
            # So do budgets: a rupiah amount is checked there, which a plan row rarely holds.
            # A free fact too ("dana monev ditanggung siapa?"): a "siapa" in it is no question
            # for a plan row's unit.
            late = (
                query.asked.count
                or query.asked.rupiah
                or query.asked.field
                in (
                    AskedField.FREQUENCY,
                    AskedField.DEFINITION,
                    AskedField.INDICATOR,
                    AskedField.FACT,
                )
            )
            structured = None if late else self.lookups.find(query, region)
            if structured is None:
                outcome = self.unit_strategy.answer(query, query.asked, region)
                if outcome.answered or outcome.reason:
                    return self._unit_finding(query, region, outcome, started)
                if late:
                    structured = self.lookups.find(query, region)
            if structured is not None:
                structured.answer.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
                return structured
        # Nothing the scorer accepts and no look-up: the documents do not say it. (A passage
        # search as a last resort answered 3 of 855 train questions, none of them right.)
        answer = self._abstain(query, region)
        answer.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
        return Finding(answer)

    def _unit_finding(
        self, query: Query, region: str, outcome: UnitOutcome, started: float
    ) -> Finding:
        if not outcome.answered:
            answer = self._abstain(query, region, outcome.reason)
            answer.citations = outcome.citations[:1]
        else:
            best = outcome.best
            assert best is not None
            source = self.sources.source(best.document, best.line_start, best.line_end, best.page)
            answer = Answer(
                query.text,
                f"{outcome.text} ({source})",
                False,
                region,
                outcome.citations,
                basis="units",
            )
        answer.timing_ms["retrieve"] = (time.perf_counter() - started) * 1000
        subject = outcome.best.record.subject() if outcome.best and outcome.best.record else ""
        return Finding(
            answer, value=outcome.value, subject=_short(subject, 120), units=outcome.units
        )
