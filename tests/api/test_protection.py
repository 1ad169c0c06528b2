"""CORS allow-list, rate limit, security headers, JSON errors without stack traces."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from api import create_app
from api.limits import RateLimiter

from .conftest import ALLOWED_ORIGIN, api_settings


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
    with TestClient(app) as limited:
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
