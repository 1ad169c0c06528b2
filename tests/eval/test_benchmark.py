"""Smoke test of the benchmark script on one document with the fake embedder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from eval.benchmark import main, percentile
from tests.conftest import CORPUS

DOCUMENT = "kota-pasuruan-perwali-18-2023.txt"
QUESTIONS = [
    ("S-001", "Target Indeks SPBE Kota Pasuruan 2023 dan 2024?", "target"),
    ("S-002", "Koordinator Indeks BerAKHLAK di Pasuruan siapa?", "responsible_pd"),
    (
        "S-003",
        "Siapa yang mengoordinasikan Pembangunan Zona Integritas di Kota Pasuruan?",
        "responsible_pd",
    ),
]


def _write_gold(path: Path) -> None:
    lines = [
        json.dumps(
            {
                "id": qid,
                "question": question,
                "region": "Kota Pasuruan",
                "type": kind,
                "answer": "-",
                "answer_aliases": [],
                "must_contain": [],
                "evidence": [{"file": DOCUMENT, "line_start": 1, "line_end": 2, "quote": "-"}],
            },
            ensure_ascii=False,
        )
        for qid, question, kind in QUESTIONS
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_benchmark_writes_a_report_with_every_figure(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    shutil.copy(CORPUS / DOCUMENT, corpus / DOCUMENT)
    gold = tmp_path / "gold.jsonl"
    _write_gold(gold)
    out = tmp_path / "reports"

    argv = ["--corpus", str(corpus), "--gold", str(gold), "--embedder", "hashing"]
    assert main([*argv, "--out", str(out)]) == 0

    [path] = out.glob("benchmark-*.json")
    report = json.loads(path.read_text(encoding="utf-8"))
    assert report["ingest"]["cold"] is True
    assert report["ingest"]["chunks"] > 0
    assert report["ingest"]["seconds"] > 0
    assert report["ingest"]["chunks_per_second"] > 0
    assert report["reingest"]["seconds"] >= 0
    assert report["reingest"]["chunks"] == 0
    assert report["reingest"]["statuses"] == {"unchanged": 1}
    query = report["query"]
    assert query["questions"] == 3 and query["errors"] == 0
    assert query["max_ms"] >= query["p95_ms"] >= query["p50_ms"] > 0
    assert report["memory"]["peak_rss_mib"] > 0
    assert report["machine"]["embedder"] == "hashing/64"
    assert report["machine"]["query_threads"] >= 1

    printed = capsys.readouterr().out
    assert "| re-ingest unchanged (s) |" in printed
    assert "Machine:" in printed


def test_quick_needs_a_data_dir(tmp_path: Path) -> None:
    with pytest.raises(SystemExit):
        main(["--quick", "--out", str(tmp_path)])


def test_percentile_interpolates() -> None:
    assert percentile([], 50) == 0.0
    assert percentile([3.0, 1.0, 2.0], 50) == 2.0
    assert percentile([0.0, 10.0], 95) == pytest.approx(9.5)
