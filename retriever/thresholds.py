"""The coverage thresholds of the exact look-ups and the passage search, fitted on train by
``python -m eval.fit_thresholds`` and stored beside the scorer in ``retriever/data``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from tanyarb.core.datafiles import data_text

DEFAULT_FILE = "thresholds.json"


@dataclass(frozen=True)
class Thresholds:
    """Minimum idf-weighted coverage of the question a record, stated list or passage must
    reach before it answers."""

    record_coverage: float = 0.6
    list_coverage: float = 0.6
    passage_coverage: float = 0.45

    @classmethod
    def load(cls, path: Path | None = None) -> Thresholds:
        """The fitted values shipped in the package (or ``path``)."""
        data = json.loads(data_text("retriever", DEFAULT_FILE, path))
        return cls(**{k: float(v) for k, v in data["thresholds"].items()})

    def to_json(self, figures: dict[str, float]) -> str:
        return json.dumps({"thresholds": asdict(self), "fit": figures}, indent=1)
