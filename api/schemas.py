"""Request and response bodies, with examples in Indonesian for the OpenAPI page."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_QUESTION_FIELD = 10_000  # the answerer's own limit (TANYARB_MAX_QUESTION_CHARS) is lower


class AskRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {"question": "siapa PD yang pegang SPIP di Blitar?"},
                {"question": "Target Indeks SPBE tahun 2024?", "region": "Kota Pasuruan"},
                {"question": "bandingkan penanggung jawab SPIP di Blitar dan Pasuruan"},
            ]
        }
    )

    question: str = Field(
        min_length=1,
        max_length=MAX_QUESTION_FIELD,
        description="Pertanyaan, dalam bahasa Indonesia atau Inggris.",
    )
    region: str | None = Field(
        default=None,
        max_length=200,
        description="Wilayah, mis. 'Kota Blitar'; kosong: dari pertanyaan atau semua wilayah.",
    )


class CitationModel(BaseModel):
    document: str
    region: str
    section: str
    line_start: int | None
    line_end: int | None
    page: int | None
    quote: str
    url: str = Field(description="Tampilan dokumen dengan baris yang dikutip disorot.")


class TableModel(BaseModel):
    columns: list[str]
    rows: list[list[str]]
    sources: list[list[int]]
    summary: str


class AnswerModel(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": "siapa PD yang pegang SPIP di Blitar?",
                    "answer": "Penanggung jawab: Inspektorat Daerah Kota Blitar — untuk «…». "
                    "(Perwali Kota Blitar No. 97/2022, baris 906)",
                    "abstained": False,
                    "region": "Kota Blitar",
                    "citations": [
                        {
                            "document": "kota-blitar-perwali-97-2022.txt",
                            "region": "Kota Blitar",
                            "section": "LAMPIRAN > BAB IV …",
                            "line_start": 906,
                            "line_end": 906,
                            "page": None,
                            "quote": "…",
                            "url": "/documents/kota-blitar-perwali-97-2022.txt/view"
                            "?lines=906-906#L906",
                        }
                    ],
                    "table": None,
                    "basis": "records",
                    "clarify": None,
                    "timing_ms": {"retrieve": 1.2, "total": 1.9},
                }
            ]
        }
    )

    question: str
    answer: str
    abstained: bool
    region: str | None
    citations: list[CitationModel]
    table: TableModel | None
    basis: str
    clarify: list[str] | None = Field(
        default=None,
        description="When the question was asked back (basis `clarify`): the choices, "
        "e.g. the covered regions.",
    )
    timing_ms: dict[str, float]


class SearchHit(BaseModel):
    id: str
    document: str
    region: str
    section: str
    line_start: int
    line_end: int
    page: int | None
    kind: str
    score: float
    lexical_rank: int | None
    dense_rank: int | None
    text: str
    url: str


class DocumentSummary(BaseModel):
    name: str
    label: str
    region: str | None
    regulation_kind: str | None
    number: str | None
    year: int | None
    title: str | None
    period: str | None
    enacted: str | None
    promulgated: str | None
    signatory: str | None
    promulgator: str | None
    amends: str | None
    revokes: str | None
    source_format: str
    chunks: int
    records: int
    view_url: str
    source_url: str | None = Field(
        description="Berkas PDF asli (untuk membuka halaman yang dikutip), bila sumbernya PDF."
    )


class RegionSummary(BaseModel):
    region: str
    documents: list[DocumentSummary]
    periods: list[str]
    chunks: int
    records: int


class FeedbackRequest(BaseModel):
    model_config = ConfigDict(
        json_schema_extra={
            "examples": [
                {
                    "question": "siapa PD yang pegang SPIP di Blitar?",
                    "answer": "Penanggung jawab: Inspektorat Daerah Kota Blitar …",
                    "rating": "up",
                    "channel": "web",
                },
                {
                    "question": "Target Indeks SPBE Kota Pasuruan 2024?",
                    "answer": "2024: 2,95 …",
                    "rating": "down",
                    "comment": "Yang saya cari target 2023.",
                    "channel": "web",
                },
            ]
        }
    )

    question: str = Field(min_length=1, max_length=2_000)
    answer: str = Field(min_length=1, max_length=8_000)
    rating: Literal["up", "down"]
    comment: str | None = Field(default=None, max_length=2_000)
    channel: Literal["web", "telegram", "api"] = "web"
    region: str | None = Field(default=None, max_length=200)


class FeedbackReceipt(BaseModel):
    id: int
    stored: bool = True


class Health(BaseModel):
    status: Literal["ok", "empty"]
    index_loaded: bool
    documents: int
    chunks: int
    records: int
    regions: list[str]
    embedder: str


class ErrorModel(BaseModel):
    error: str
    message: dict[str, str]


def answer_payload(data: dict[str, Any], view_url: Any) -> dict[str, Any]:
    """The answer's JSON with a document-view link on each citation."""
    for citation in data["citations"]:
        citation["url"] = view_url(citation)
    return data
