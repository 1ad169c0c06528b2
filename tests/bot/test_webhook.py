"""Webhook mode inside the API process: the secret token decides, the bot answers."""

from __future__ import annotations

from pathlib import Path

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
