"""Telegram webhook mode: Telegram posts updates here; the bot's handlers answer them."""

from __future__ import annotations

import hmac
from typing import Any

from fastapi import APIRouter, Header, Request
from telegram import Update

from api.deps import RuntimeDep
from api.errors import ApiError

router = APIRouter(tags=["telegram"], include_in_schema=False)


@router.post("/telegram/webhook")
async def webhook(
    request: Request,
    runtime: RuntimeDep,
    secret: str | None = Header(default=None, alias="X-Telegram-Bot-Api-Secret-Token"),
) -> dict[str, Any]:
    """One update from Telegram, checked against the secret token set with setWebhook."""
    expected = runtime.settings.telegram_webhook_secret
    bot_app = runtime.telegram
    if bot_app is None or not expected:
        raise ApiError(
            404, "no_webhook", "Mode webhook Telegram tidak aktif.", "Telegram webhook is off."
        )
    if not secret or not hmac.compare_digest(secret, expected):
        raise ApiError(
            403, "bad_secret", "Token rahasia webhook salah.", "Wrong webhook secret token."
        )
    data = await request.json()
    update = Update.de_json(data, bot_app.bot)
    if update is None:
        raise ApiError(422, "invalid_update", "Update tidak valid.", "Invalid update.")
    await bot_app.update_queue.put(update)
    return {"ok": True}
