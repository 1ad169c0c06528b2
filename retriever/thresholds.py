"""The thresholds of the answerer in one place: the coverage the exact look-ups need, and the
unit scorer's abstention probability; fitted end to end on train by
``python -m eval.fit_thresholds`` and stored beside the scorer in ``retriever/data``."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, fields
from pathlib import Path

from tanyarb.core.datafiles import data_text

DEFAULT_FILE = "thresholds.json"


@dataclass(frozen=True)
class Thresholds:
    """Minimum idf-weighted coverage of the question a record or stated list must reach
    before it answers; the least probability the unit scorer must give its best unit (below
    it, the unit strategy abstains); and the share of the best unit's probability a
    runner-up must reach to be shown beside it (the scorer cannot tell the two apart)."""

    record_coverage: float = 0.6
    list_coverage: float = 0.6
    unit_probability: float = 0.15
    runner_up_share: float = 0.85

    @classmethod
    def load(cls, path: Path | None = None) -> Thresholds:
        """The fitted values shipped in the package (or ``path``)."""
        data = json.loads(data_text("retriever", DEFAULT_FILE, path))
        known = {f.name for f in fields(cls)}
        return cls(**{k: float(v) for k, v in data["thresholds"].items() if k in known})

    def to_json(self, figures: dict[str, float]) -> str:
        return json.dumps({"thresholds": asdict(self), "fit": figures}, indent=1)
