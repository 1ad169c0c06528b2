"""Webhook mode inside the API process: the secret token decides, the bot answers."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api import create_app
from bot.fakeserver import FakeBotApi, serve, text_update

from ..api.conftest import api_settings

SECRET = "s3cret-token-for-tests"


def test_webhook_checks_the_secret_and_answers(real_index_dir: Path, tmp_path: Path) -> None:
    fake = FakeBotApi()
    with serve(fake) as base:
        settings = api_settings(
            real_index_dir,
            telegram_token="123:TEST",
            telegram_api_base=base,
            telegram_webhook_secret=SECRET,
            public_base_url="https://rb.example.go.id",
        )
        with TestClient(create_app(settings)) as client:
            (hook,) = fake.sent("setWebhook")
            assert hook["url"] == "https://rb.example.go.id/telegram/webhook"
            assert hook["secret_token"] == SECRET
            update = text_update(601, "siapa PD yang pegang SPIP di Blitar?")
            wrong = client.post(
                "/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": "nope"},
            )
            assert wrong.status_code == 403 and wrong.json()["error"] == "bad_secret"
            missing = client.post("/telegram/webhook", json=update)
            assert missing.status_code == 403
            right = client.post(
                "/telegram/webhook",
                json=update,
                headers={"X-Telegram-Bot-Api-Secret-Token": SECRET},
            )
            assert right.status_code == 200
            import time

            deadline = time.monotonic() + 60
            while not fake.sent(chat_id=601):
                assert time.monotonic() < deadline, "the bot did not answer"
                time.sleep(0.05)
    (answer,) = fake.sent(chat_id=601)
    assert str(answer["text"]).startswith("Penanggung jawab: Inspektorat")


def test_webhook_refuses_odd_secrets_and_bodies_without_a_server_error(
    small_index_dir: Path, caplog: pytest.LogCaptureFixture
) -> None:
    fake = FakeBotApi()
    with serve(fake) as base:
        settings = api_settings(
            small_index_dir,
            embedder="hashing",
            telegram_token="123:TEST",
            telegram_api_base=base,
            telegram_webhook_secret=SECRET,
        )
        app = create_app(settings)
        with TestClient(app, raise_server_exceptions=False) as client:
            for odd in ("s3cret-tökén".encode(), b"\xff\xfe", SECRET.encode() + b"\xe9"):
                refused = client.post(
                    "/telegram/webhook",
                    json=text_update(602, "halo"),
                    headers={"X-Telegram-Bot-Api-Secret-Token": odd},
                )
                assert refused.status_code == 403, odd
                assert refused.json()["error"] == "bad_secret"
            right = {"X-Telegram-Bot-Api-Secret-Token": SECRET}
            for body in (b"{not json", b"[1, 2]", b"{}", b'{"update_id": "x"}', b"\xff"):
                bad = client.post(
                    "/telegram/webhook",
                    content=body,
                    headers={**right, "Content-Type": "application/json"},
                )
                assert bad.status_code == 400, body
                assert bad.json()["error"] == "invalid_update"
                assert "Traceback" not in bad.text
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
