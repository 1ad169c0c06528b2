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
