"""Reading the data files a package ships in its ``data/`` folder (vocabularies, fitted
weights, gazetteers): one way for every package, from the installed package, not a path."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any


def data_text(package: str, name: str, path: Path | None = None) -> str:
    """``<package>/data/<name>`` as UTF-8 text, or the file at ``path`` when one is given (a
    refit written elsewhere)."""
    if path is not None:
        return path.read_text(encoding="utf-8")
    return resources.files(package).joinpath("data", name).read_text(encoding="utf-8")


def data_json(package: str, name: str) -> Any:
    """``<package>/data/<name>`` parsed as JSON."""
    return json.loads(data_text(package, name))
