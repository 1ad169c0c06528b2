"""The onboarding tour for agen perubahan: a region's road map in steps, every fact cited."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from retriever.answerer import Answerer
from tanyarb.core.models import Answer, Citation

QUIZ_QUESTIONS = 3


@dataclass
class Tour:
    region: str
    steps: list[dict[str, Any]]  # title, text, citations (dicts), answer (quiz only)


def _step(title: str, answer: Answer, limit: int = 3) -> dict[str, Any]:
    return {
        "title": title,
        "text": answer.answer,
        "citations": [c.to_dict() for c in answer.citations[:limit]],
    }


def build_tour(answerer: Answerer, region: str) -> Tour:
    """Steps built from the region's own document: what the road map is, its areas and units,
    its quick wins, what it asks of agen perubahan, then a short quiz from the records."""
    ask = answerer.answer
    steps = [
        _step("Road map Anda", ask(f"Apa periode road map reformasi birokrasi {region}?", region)),
        _areas_step(answerer, region),
        _step("Quick wins", ask(f"quick win apa saja di {region}?", region)),
        _step(
            "Tugas agen perubahan",
            ask(f"apa saja tugas agen perubahan di {region}?", region),
        ),
    ]
    steps += _quiz(answerer, region)
    return Tour(region, steps)


def _areas_step(answerer: Answerer, region: str) -> dict[str, Any]:
    """Each area perubahan of the action plan with its lead units, each area cited at its first
    row; falls back to the areas answer when the region has no action-plan records."""
    assert answerer.records is not None
    areas = answerer.records.areas(region)
    if not areas:
        return _step(
            "Area perubahan dan penanggung jawabnya",
            answerer.answer(f"apa saja area perubahan RB di {region}?", region),
            limit=8,
        )
    lines = []
    citations = []
    for number, (area, first) in enumerate(areas, 1):
        units = [u for u, _r in answerer.records.area_units(region, area)][:4]
        lines.append(f"{number}. {area}: {', '.join(units) or '-'} [{number}]")
        citations.append(
            Citation(
                first.document,
                first.region,
                first.section or first.table,
                first.line_start,
                first.line_end,
                first.page,
                first.subject()[:300],
            ).to_dict()
        )
    return {
        "title": "Area perubahan dan penanggung jawabnya",
        "text": "Area perubahan dalam rencana aksi, dengan unit penanggung jawab utamanya:\n"
        + "\n".join(lines),
        "citations": citations,
    }


def _quiz(answerer: Answerer, region: str) -> list[dict[str, Any]]:
    """Who-is-responsible questions on rows of different areas, answered from the records."""
    assert answerer.records is not None
    chosen = []
    seen_areas: set[str] = set()
    for record in answerer.records.records(region):
        if (
            record.kind == "action"
            and record.lead
            and record.activity
            and record.area not in seen_areas
            and 3 <= len(record.activity.split()) <= 14
        ):
            seen_areas.add(record.area or "")
            chosen.append(record)
        if len(chosen) == QUIZ_QUESTIONS:
            break
    steps = []
    for number, record in enumerate(chosen, 1):
        question = f"Siapa penanggung jawab «{record.activity}» di {region}?"
        answer = answerer.answer(question, region)
        steps.append(
            {
                "title": f"Kuis {number}",
                "text": question,
                "answer": answer.answer,
                "citations": [c.to_dict() for c in answer.citations[:2]],
            }
        )
    return steps
