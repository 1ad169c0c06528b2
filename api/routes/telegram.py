"""Telegram webhook mode: Telegram posts updates here; the bot's handlers answer them."""

from __future__ import annotations

import json
from typing import Any

from fastapi import APIRouter, Request
from telegram import Bot, Update

from api.deps import RuntimeDep, header_bytes, secret_matches
from api.errors import ApiError

router = APIRouter(tags=["telegram"], include_in_schema=False)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


def _invalid_update() -> ApiError:
    return ApiError(
        400,
        "invalid_update",
        "Update tidak valid: harus objek JSON dengan update_id.",
        "Invalid update: it must be a JSON object with an update_id.",
    )


def parse_update(body: bytes, bot: Bot) -> Update:
    """One Telegram update from a request body; anything else is a 400."""
    try:
        data = json.loads(body)
    except ValueError as exc:  # also bytes that are not UTF-8
        raise _invalid_update() from exc
    if not isinstance(data, dict) or type(data.get("update_id")) is not int:
        raise _invalid_update()
    try:
        update = Update.de_json(data, bot)
    except (KeyError, TypeError, ValueError) as exc:
        raise _invalid_update() from exc
    if update is None:
        raise _invalid_update()
    return update


@router.post("/telegram/webhook")
async def webhook(request: Request, runtime: RuntimeDep) -> dict[str, Any]:
    """One update from Telegram, checked against the secret token set with setWebhook."""
    expected = runtime.settings.telegram_webhook_secret
    bot_app = runtime.telegram
    if bot_app is None or not expected:
        raise ApiError(
            404, "no_webhook", "Mode webhook Telegram tidak aktif.", "Telegram webhook is off."
        )
    if not secret_matches(header_bytes(request, SECRET_HEADER), expected):
        raise ApiError(
            403, "bad_secret", "Token rahasia webhook salah.", "Wrong webhook secret token."
        )
    update = parse_update(await request.body(), bot_app.bot)
    await bot_app.update_queue.put(update)
    return {"ok": True}
