"""Split question files into train and validation by a hash of each item's id.

The split is a pure function of the id, so an item never moves between splits when files are
merged again or reordered: ``python -m eval.split SRC.jsonl ... --out eval/questions``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
from pathlib import Path

VALIDATION_SHARE = 30  # percent


def id_hash(item_id: str) -> int:
    """A stable number for an item id (the first 32 bits of its SHA-1): what every split of
    the questions (train/validation, cross-fitting folds) is a function of."""
    return int(hashlib.sha1(item_id.encode("utf-8")).hexdigest()[:8], 16)


def is_validation(item_id: str) -> bool:
    """True for the ~30% of ids whose hash falls in the validation bucket."""
    return id_hash(item_id) % 100 < VALIDATION_SHARE


def split(sources: list[Path], out_dir: Path) -> tuple[int, int]:
    seen: set[str] = set()
    train: list[str] = []
    validation: list[str] = []
    for source in sources:
        for line in source.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            if item["id"] in seen:
                raise SystemExit(f"duplicate id {item['id']} in {source}")
            seen.add(item["id"])
            (validation if is_validation(item["id"]) else train).append(line)
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "train.jsonl").write_text("\n".join(train) + "\n", encoding="utf-8")
    (out_dir / "validation.jsonl").write_text("\n".join(validation) + "\n", encoding="utf-8")
    return len(train), len(validation)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("sources", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, default=Path("eval/questions"))
    args = parser.parse_args()
    n_train, n_val = split(args.sources, args.out)
    print(f"train {n_train}, validation {n_val}")


if __name__ == "__main__":
    main()
