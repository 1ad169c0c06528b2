"""The question sets of issue 10: checked against the corpus, split by a hash of the id."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from eval.split import is_validation, split

ROOT = Path(__file__).resolve().parents[2]
QUESTIONS = ROOT / "eval" / "questions"


def test_train_and_validation_pass_the_checker() -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "eval" / "check_questions.py")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout[-2000:]
    assert "0 errors" in result.stdout


def test_split_is_a_function_of_the_id(tmp_path: Path) -> None:
    sources = sorted((QUESTIONS / "sources").glob("*.jsonl"))
    n_train, n_validation = split(sources, tmp_path)
    assert n_train + n_validation >= 300
    assert 0.2 <= n_validation / (n_train + n_validation) <= 0.4
    for name in ("train.jsonl", "validation.jsonl"):
        assert (tmp_path / name).read_text("utf-8") == (QUESTIONS / name).read_text("utf-8")
    for line in (QUESTIONS / "validation.jsonl").read_text("utf-8").splitlines():
        assert is_validation(json.loads(line)["id"])
