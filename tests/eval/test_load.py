"""Smoke test of the load benchmark: a real `tanyarb serve` process, two clients, one second."""

from __future__ import annotations

import json
from pathlib import Path

from eval.load import main

from ..conftest import DEV_SET


def test_load_benchmark_reports_every_run(real_index_dir: Path, tmp_path: Path) -> None:
    code = main(
        [
            "--data-dir",
            str(real_index_dir),
            "--gold",
            str(DEV_SET),
            "--seconds",
            "1",
            "--clients",
            "2",
            "--workers",
            "1",
            "--out",
            str(tmp_path),
        ]
    )
    assert code == 0
    report = json.loads(next(tmp_path.glob("load-*.json")).read_text(encoding="utf-8"))
    (run,) = report["runs"]
    assert run["workers"] == 1 and run["clients"] == 2
    assert run["requests"] > 0 and run["errors"] == 0
    assert run["p95_ms"] >= run["p50_ms"] > 0


def test_abuse_run_reports_worst_kinds_and_honest_clients_beside_abusers(
    real_index_dir: Path, tmp_path: Path
) -> None:
    code = main(
        [
            "--abuse",
            "--data-dir",
            str(real_index_dir),
            "--gold",
            str(DEV_SET),
            "--seconds",
            "2",
            "--out",
            str(tmp_path),
        ]
    )
    assert code in (0, 1)  # 1: the p95 target was missed, as a busy test machine may
    report = json.loads(next(tmp_path.glob("load-abuse-*.json")).read_text(encoding="utf-8"))
    kinds = {k["kind"]: k for k in report["worst_kinds"]}
    assert kinds["comparison of every region"]["regions"] == 5
    assert any(k["chars"] >= 750 for k in kinds.values())
    honest_alone, paced, flood = report["runs"]
    assert honest_alone["abusers"] == 0 and paced["abusers"] == flood["abusers"] == 20
    assert all(r["requests"] > 0 and r["errors"] == 0 for r in report["runs"])
    assert paced["abusive_posts"] > 0 and paced["ask_statuses"].get("499", 0) > 0
