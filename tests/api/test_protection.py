"""CORS allow-list, rate limit, security headers, JSON errors without stack traces."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient

from api import create_app
from api.limits import RateLimiter
from eval.load import wait_ready

from .conftest import ALLOWED_ORIGIN, LOOPBACK, api_settings


def test_cors_allows_only_listed_origins_without_credentials(client: TestClient) -> None:
    preflight = {
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    allowed = client.options("/ask/stream", headers={"Origin": ALLOWED_ORIGIN, **preflight})
    assert allowed.status_code == 200
    assert allowed.headers["access-control-allow-origin"] == ALLOWED_ORIGIN
    assert "access-control-allow-credentials" not in allowed.headers
    refused = client.options("/ask/stream", headers={"Origin": "http://evil.example", **preflight})
    assert "access-control-allow-origin" not in refused.headers
    simple = client.get("/health", headers={"Origin": ALLOWED_ORIGIN})
    assert simple.headers["access-control-allow-origin"] == ALLOWED_ORIGIN


def test_rate_limit_answers_429_with_retry_after(real_index_dir: Path) -> None:
    app = create_app(api_settings(real_index_dir, rate_limit_per_minute=3))
    with TestClient(app, client=LOOPBACK) as limited:
        codes = [limited.get("/regions").status_code for _ in range(4)]
        assert codes == [200, 200, 200, 429]
        refused = limited.get("/regions")
        assert refused.status_code == 429
        assert int(refused.headers["retry-after"]) >= 1
        assert refused.json()["error"] == "rate_limited"
        # Health and metrics stay reachable for monitoring.
        assert limited.get("/health").status_code == 200
        assert "tanyarb_rate_limited_total 2" in limited.get("/metrics").text


def test_token_bucket_refills_over_time() -> None:
    now = [0.0]
    limiter = RateLimiter(60, clock=lambda: now[0])
    assert all(limiter.check("a") == 0 for _ in range(60))
    assert limiter.check("a") > 0 and limiter.check("b") == 0
    now[0] += 1.0
    assert limiter.check("a") == 0  # one token back after a second


def test_html_has_security_headers_and_errors_are_json(client: TestClient) -> None:
    demo = client.get("/demo")
    for header in ("content-security-policy", "x-frame-options", "referrer-policy"):
        assert header in demo.headers
    assert demo.headers["x-content-type-options"] == "nosniff"
    missing = client.get("/tidak-ada")
    assert missing.status_code == 404
    assert missing.json() == {
        "error": "not_found",
        "message": {"id": "Alamat tidak ditemukan.", "en": "Not found."},
    }
    wrong_method = client.delete("/ask")
    assert wrong_method.status_code == 405 and wrong_method.json()["error"] == "method_not_allowed"
    assert "Traceback" not in missing.text + wrong_method.text


def test_widget_script_and_demo_page(client: TestClient) -> None:
    script = client.get("/widget.js")
    assert script.status_code == 200
    assert script.headers["content-type"].startswith("application/javascript")
    assert "attachShadow" in script.text and "innerHTML" not in script.text
    demo = client.get("/demo", params={"region": "Kota Madiun"}).text
    assert '<script src="/widget.js" data-region="Kota Madiun" defer></script>' in demo


def test_openapi_documents_every_endpoint_with_indonesian_examples(client: TestClient) -> None:
    spec = client.get("/openapi.json").json()
    paths = set(spec["paths"])
    assert {
        "/ask",
        "/ask/stream",
        "/search",
        "/regions",
        "/documents",
        "/documents/{name}",
        "/documents/{name}/view",
        "/records",
        "/feedback",
        "/health",
        "/metrics",
    } <= paths
    examples = spec["components"]["schemas"]["AskRequest"]["examples"]
    assert examples[0]["question"] == "siapa PD yang pegang SPIP di Blitar?"


@contextmanager
def served(data_dir: Path, tmp_path: Path, **env: str) -> Iterator[str]:
    """`tanyarb serve` in its own process on a free loopback port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = int(probe.getsockname()[1])
    environment = {
        key: value for key, value in os.environ.items() if not key.startswith("TANYARB_")
    }
    environment.pop("FORWARDED_ALLOW_IPS", None)
    environment |= {"TANYARB_DATA_DIR": str(data_dir), "TANYARB_EMBEDDER": "hashing", **env}
    command = [sys.executable, "-m", "tanyarb.cli", "serve", "--port", str(port)]
    with (tmp_path / "serve.log").open("ab") as log:
        server = subprocess.Popen(command, env=environment, stdout=subprocess.DEVNULL, stderr=log)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_ready(base, server, timeout=120)
        yield base
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_rate_limit_behind_a_proxy_keys_on_the_address_uvicorn_resolves(
    small_index_dir: Path, tmp_path: Path
) -> None:
    """An appending proxy on 127.0.0.1 turns a client-written ``X-Forwarded-For: 6.6.x.y`` into
    ``6.6.x.y, <real client>``: the real client is limited whatever it writes."""
    limits = {"TANYARB_RATE_LIMIT_PER_MINUTE": "3", "TANYARB_TRUST_FORWARDED_FOR": "true"}
    with served(
        small_index_dir, tmp_path, TANYARB_FORWARDED_ALLOW_IPS="127.0.0.1", **limits
    ) as base:

        def through_proxy(written: str, real: str) -> int:
            forwarded = {"X-Forwarded-For": f"{written}, {real}"}
            return httpx.get(f"{base}/regions", headers=forwarded, timeout=10).status_code

        spoofing = [through_proxy(f"6.6.{i}.{i}", "10.0.0.7") for i in range(6)]
        assert spoofing == [200, 200, 200, 429, 429, 429]
        assert through_proxy("6.6.9.9", "10.0.0.8") == 200  # another real client, own budget
    with served(small_index_dir, tmp_path, **limits) as base:
        # No proxy named: X-Forwarded-For is not believed at all; the client is the TCP peer.
        codes = [
            httpx.get(
                f"{base}/regions", headers={"X-Forwarded-For": f"10.0.0.{i}"}, timeout=10
            ).status_code
            for i in range(4)
        ]
        assert codes == [200, 200, 200, 429]


def test_413_and_500_carry_nosniff_are_counted_and_a_stream_still_ends_with_error(
    small_index_dir: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    settings = api_settings(small_index_dir, embedder="hashing", max_body_bytes=1024)
    with TestClient(create_app(settings), raise_server_exceptions=False, client=LOOPBACK) as client:
        too_large = client.post(
            "/ask", content=b"x" * 2048, headers={"Content-Type": "application/json"}
        )
        assert too_large.status_code == 413
        assert too_large.headers["x-content-type-options"] == "nosniff"

        def broken(*_args: object, **_kwargs: object) -> object:
            raise RuntimeError("simulated failure deep in the answerer")

        monkeypatch.setattr(client.app.state.runtime.answerer, "answer", broken)  # type: ignore[attr-defined]
        question = {"question": "Siapa penanggung jawab agen perubahan di Kota Contoh?"}
        failed = client.post("/ask", json=question)
        assert failed.status_code == 500
        assert failed.headers["x-content-type-options"] == "nosniff"
        assert failed.json()["error"] == "internal_error"
        assert "simulated" not in failed.text and "Traceback" not in failed.text

        stream = client.post("/ask/stream", json=question)
        assert stream.status_code == 200
        events = [
            block.split("\n")[0].removeprefix("event: ")
            for block in stream.text.strip().split("\n\n")
        ]
        assert events == ["status", "error", "done"]
        assert '"internal_error"' in stream.text and '"ok": false' in stream.text
        assert "simulated" not in stream.text

        metrics = client.get("/metrics").text
        assert 'status="413"} 1' in metrics
        assert 'route="/ask",status="500"} 1' in metrics
    assert "simulated failure" in caplog.text  # logged for the operator, not sent to the client


def test_metrics_only_for_allowed_addresses_or_the_token(small_index_dir: Path) -> None:
    """/metrics tells an outsider how the service is used: loopback (or the listed networks)
    reads it, others need the bearer token."""
    settings = api_settings(small_index_dir, embedder="hashing", metrics_token="s3cret")
    app = create_app(settings)
    with TestClient(app, client=("203.0.113.7", 40000)) as outsider:
        refused = outsider.get("/metrics")
        assert refused.status_code == 403 and refused.json()["error"] == "forbidden"
        assert (
            outsider.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        )
        allowed = outsider.get("/metrics", headers={"Authorization": "Bearer s3cret"})
        assert allowed.status_code == 200 and "tanyarb_requests_total" in allowed.text
    with TestClient(app, client=LOOPBACK) as local:
        assert local.get("/metrics").status_code == 200
    office = api_settings(small_index_dir, embedder="hashing", metrics_allow_ips="10.0.0.0/8")
    with TestClient(create_app(office), client=("10.1.2.3", 40000)) as monitor:
        assert monitor.get("/metrics").status_code == 200
    with pytest.raises(ValueError, match="does not appear to be an IPv4 or IPv6"):
        api_settings(small_index_dir, metrics_allow_ips="prometheus.example")
