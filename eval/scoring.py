"""Score answers against a gold set (rules of shared/eval/README.md)."""

from __future__ import annotations

import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tanyarb.core.textnorm import looks_english

FIRST_CHARS = 400
LONG_TYPES = frozenset({"list", "compare"})
LINE_SLACK = 2


def normalise(text: str) -> str:
    """Lower-case, collapse whitespace, and read a decimal comma as a decimal point."""
    text = re.sub(r"\s+", " ", text.lower()).strip()
    return re.sub(r"(?<=\d),(?=\d)", ".", text)


def load_gold(path: Path) -> list[dict[str, Any]]:
    items = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip():
            try:
                items.append(json.loads(line))
            except json.JSONDecodeError as exc:
                raise ValueError(f"{path}:{number}: not valid JSON ({exc.msg})") from exc
    return items


def answer_correct(item: dict[str, Any], answer: dict[str, Any]) -> bool:
    if item.get("type") == "unanswerable":
        return bool(answer.get("abstained"))
    if answer.get("abstained"):
        return False
    text = answer.get("answer") or ""
    if item.get("type") not in LONG_TYPES:
        text = text[:FIRST_CHARS]
    haystack = normalise(text)
    must = [normalise(m) for m in item.get("must_contain") or []]
    if must and all(m in haystack for m in must):
        return True
    return any(normalise(a) in haystack for a in item.get("answer_aliases") or [] if a)


def citation_correct(item: dict[str, Any], answer: dict[str, Any]) -> bool:
    evidence = item.get("evidence") or []
    for citation in answer.get("citations") or []:
        start, end = citation.get("line_start"), citation.get("line_end")
        if start is None or end is None:
            continue
        for ev in evidence:
            if citation.get("document") != ev["file"]:
                continue
            if start <= ev["line_end"] + LINE_SLACK and ev["line_start"] - LINE_SLACK <= end:
                return True
    return False


@dataclass
class Scores:
    """Aggregates of one run over a gold set."""

    rows: list[dict[str, Any]] = field(default_factory=list)

    def add(self, item: dict[str, Any], answer: dict[str, Any]) -> None:
        answerable = item.get("type") != "unanswerable"
        self.rows.append(
            {
                "id": item.get("id"),
                "type": item.get("type"),
                "question": item.get("question"),
                "correct": answer_correct(item, answer),
                "citation": citation_correct(item, answer) if answerable else None,
                "abstained": bool(answer.get("abstained")),
                "answerable": answerable,
                "language": "en" if looks_english(str(item.get("question") or "")) else "id",
                "basis": str(answer.get("basis") or ""),
                "total_ms": float((answer.get("timing_ms") or {}).get("total", 0.0)),
                "answer": answer.get("answer"),
                "expected": item.get("answer"),
                "citations": [
                    f"{c.get('document')}:{c.get('line_start')}-{c.get('line_end')}"
                    for c in answer.get("citations") or []
                ],
            }
        )

    def summary(self) -> dict[str, Any]:
        rows = self.rows
        answerable = [r for r in rows if r["answerable"]]
        unanswerable = [r for r in rows if not r["answerable"]]
        per_type: dict[str, list[bool]] = defaultdict(list)
        per_language: dict[str, list[bool]] = defaultdict(list)
        per_basis: dict[str, list[bool]] = defaultdict(list)
        for row in rows:
            per_type[row["type"]].append(row["correct"])
            per_language[row.get("language", "id")].append(row["correct"])
            per_basis[row.get("basis") or "none"].append(row["correct"])
        latencies = sorted(r["total_ms"] for r in rows)
        return {
            "items": len(rows),
            "answer_accuracy": _ratio(sum(r["correct"] for r in rows), len(rows)),
            "citation_accuracy": _ratio(
                sum(bool(r["citation"]) for r in answerable), len(answerable)
            ),
            "abstention": {
                "unanswerable": len(unanswerable),
                "correctly_abstained": sum(r["abstained"] for r in unanswerable),
                "unanswerable_answered": sum(not r["abstained"] for r in unanswerable),
                "answerable_abstained": sum(r["abstained"] for r in answerable),
            },
            "per_type": {
                t: {"n": len(v), "accuracy": _ratio(sum(v), len(v))}
                for t, v in sorted(per_type.items())
            },
            "per_language": {
                lang: {"n": len(v), "accuracy": _ratio(sum(v), len(v))}
                for lang, v in sorted(per_language.items())
            },
            # Which strategy answered (records, list, units, metadata, comparison; "none" for
            # abstentions): where the misses come from.
            "per_basis": {
                b: {"n": len(v), "accuracy": _ratio(sum(v), len(v))}
                for b, v in sorted(per_basis.items())
            },
            "latency_ms": {"p50": _percentile(latencies, 50), "p95": _percentile(latencies, 95)},
        }


def _ratio(a: int, b: int) -> float:
    return round(a / b, 4) if b else 0.0


def _percentile(values: list[float], pct: float) -> float:
    if not values:
        return 0.0
    index = min(len(values) - 1, max(0, round(pct / 100 * (len(values) - 1))))
    return round(values[index], 2)


def markdown_report(
    summary: dict[str, Any], rows: list[dict[str, Any]], title: str, *, misses: bool = True
) -> str:
    """The report; ``misses=False`` keeps it to aggregates (for the validation split)."""
    lines = [
        f"# {title}",
        "",
        f"- items: {summary['items']}",
        f"- answer accuracy: {summary['answer_accuracy']:.2f}",
        f"- citation accuracy: {summary['citation_accuracy']:.2f}",
        f"- unanswerable answered: {summary['abstention']['unanswerable_answered']} "
        f"of {summary['abstention']['unanswerable']}; answerable abstained: "
        f"{summary['abstention']['answerable_abstained']}",
        f"- latency p50 {summary['latency_ms']['p50']} ms, p95 {summary['latency_ms']['p95']} ms",
        "",
        "| type | n | accuracy |",
        "|---|---|---|",
    ]
    for name, value in summary["per_type"].items():
        lines.append(f"| {name} | {value['n']} | {value['accuracy']:.2f} |")
    for name, value in summary.get("per_language", {}).items():
        lines.append(f"| language {name} | {value['n']} | {value['accuracy']:.2f} |")
    for name, value in summary.get("per_basis", {}).items():
        lines.append(f"| answered by {name} | {value['n']} | {value['accuracy']:.2f} |")
    if not misses:
        return "\n".join(lines) + "\n"
    lines += ["", "## Misses", ""]
    for row in rows:
        if not row["correct"] or row["citation"] is False:
            answer = (row["answer"] or "").replace("\n", " ")[:300]
            lines.append(
                f"- **{row['id']}** ({row['type']}; answer {'ok' if row['correct'] else 'MISS'}, "
                f"citation {'ok' if row['citation'] else 'MISS' if row['citation'] is False else 'n/a'}) "
                f"{row['question']}\n  - expected: {row['expected']}\n  - got: {answer}\n"
                f"  - cited: {', '.join(row['citations'])}"
            )
    return "\n".join(lines) + "\n"
