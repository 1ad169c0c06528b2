"""Leave-one-document-out: the five regulations plus a sixth, never studied, and its questions.

    python -m eval.heldout [--data-dir var/heldout] [--out eval/reports]

``eval/heldout/`` holds a synthetic Peraturan Gubernur with table shapes none of the corpus has
(merged area cells, "Target Kinerja / OPD Penanggung Jawab" columns, wrapped unit cells) and
questions written from it alone. It is ingested beside ``corpus/`` into its own index (kept
between runs, so a second run only re-reads what changed) and scored; the scorer was fitted
without it. Only figures are printed.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from eval.runner import run_eval
from tanyarb.core.settings import Settings
from tanyarb.services import Services

ROOT = Path(__file__).resolve().parents[1]
HELDOUT = ROOT / "eval" / "heldout"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var/heldout"))
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports")
    args = parser.parse_args()
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    settings = Settings(data_dir=args.data_dir, corpus_dir=args.corpus)
    documents = sorted(HELDOUT.glob("*.txt"))
    report = Services(settings, for_ingest=True).ingest(
        [args.corpus, *documents], prune=True, progress=False
    )
    if report.failed:
        raise SystemExit(f"ingest failed: {report.failed}")
    services = Services(settings)
    summary, paths = run_eval(
        services.answerer, HELDOUT / "questions.jsonl", args.out, aggregate_only=True
    )
    print(f"held-out answer accuracy   {summary['answer_accuracy']:.3f}")
    print(f"held-out citation accuracy {summary['citation_accuracy']:.3f}")
    for name, value in summary["per_type"].items():
        print(f"  {name:15} {value['accuracy']:.2f}  (n={value['n']})")
    print("reports: " + ", ".join(str(p) for p in paths))


if __name__ == "__main__":
    main()
