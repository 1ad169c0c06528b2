"""A Bot API server of our own on loopback, for the tests and the bot benchmark: it serves
updates through getUpdates and records what the bot sends.

Only the edge is fake: the bot under test is the real python-telegram-bot Application, making
real HTTP requests through PTB's request layer.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse

BOT = {"id": 4242, "is_bot": True, "first_name": "TanyaRB", "username": "tanyarb_bot"}


class FakeBotApi:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict[str, Any]]] = []
        self.stamps: list[float] = []  # time.monotonic() of each call, as calls
        self.updates: list[dict[str, Any]] = []
        self.flood_sends = 0  # the next N sendMessage calls get 429 retry_after
        self._lock = threading.Lock()
        self._message_id = 1000
        self.app = FastAPI()
        self.app.post("/bot{token}/{method}")(self._call)
        self.port = 0

    # ---- what tests use --------------------------------------------------------------------
    def push(self, update: dict[str, Any]) -> None:
        with self._lock:
            self.updates.append(update)

    def sent(self, method: str = "sendMessage", chat_id: int | None = None) -> list[dict[str, Any]]:
        with self._lock:
            return [
                p
                for m, p in self.calls
                if m == method and (chat_id is None or int(p.get("chat_id", 0)) == chat_id)
            ]

    async def wait_for(self, check: Callable[[], bool], timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out; calls so far: {[m for m, _ in self.calls]}")
            await asyncio.sleep(0.05)

    # ---- the Bot API -----------------------------------------------------------------------
    async def _call(self, token: str, method: str, request: Request) -> JSONResponse:
        params = await _params(request)
        with self._lock:
            self.calls.append((method, params))
            self.stamps.append(time.monotonic())
        if method == "getMe":
            return _ok(BOT)
        if method == "getUpdates":
            return _ok(await self._updates(params))
        if method == "sendMessage":
            with self._lock:
                if self.flood_sends > 0:
                    self.flood_sends -= 1
                    return JSONResponse(
                        {
                            "ok": False,
                            "error_code": 429,
                            "description": "Too Many Requests: retry after 1",
                            "parameters": {"retry_after": 1},
                        },
                        status_code=429,
                    )
            return _ok(self._message(params))
        if method == "editMessageText":
            return _ok(self._message(params))
        return _ok(True)

    async def _updates(self, params: dict[str, Any]) -> list[dict[str, Any]]:
        offset = int(params.get("offset") or 0)
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), 1.0)
        while True:
            with self._lock:
                ready = [u for u in self.updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            await asyncio.sleep(0.02)

    def _message(self, params: dict[str, Any]) -> dict[str, Any]:
        with self._lock:
            self._message_id += 1
            number = self._message_id
        chat_id = int(params.get("chat_id", 0))
        return {
            "message_id": number,
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "group"},
            "from": BOT,
            "text": params.get("text", ""),
        }


async def _params(request: Request) -> dict[str, Any]:
    if request.headers.get("content-type", "").startswith("application/json"):
        body = await request.body()
        return dict(json.loads(body)) if body else {}
    # PTB posts urlencoded fields; objects (reply_markup) arrive as JSON strings.
    form = (await request.body()).decode()
    params: dict[str, Any] = {}
    for key, text in parse_qsl(form, keep_blank_values=True):
        try:
            params[key] = json.loads(text) if text[:1] in "[{" else text
        except json.JSONDecodeError:
            params[key] = text
    return params


def _ok(result: object) -> JSONResponse:
    return JSONResponse({"ok": True, "result": result})


@contextmanager
def serve(fake: FakeBotApi) -> Iterator[str]:
    """Run ``fake`` on a free loopback port; yields its base URL."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        fake.port = int(probe.getsockname()[1])
    server = uvicorn.Server(
        uvicorn.Config(fake.app, host="127.0.0.1", port=fake.port, log_level="warning")
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{fake.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


# ---- updates as Telegram sends them --------------------------------------------------------
_ids = iter(range(1, 1_000_000))


def user(user_id: int) -> dict[str, Any]:
    return {"id": user_id, "is_bot": False, "first_name": f"ASN{user_id}"}


def text_update(
    chat_id: int,
    text: str,
    *,
    group: bool = False,
    reply_to_bot: bool = False,
    update_id: int | None = None,
) -> dict[str, Any]:
    message: dict[str, Any] = {
        "message_id": next(_ids),
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "group" if group else "private", "title": "Grup"},
        "from": user(abs(chat_id) % 100_000 + 1),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if reply_to_bot:
        message["reply_to_message"] = {
            "message_id": 1,
            "date": int(time.time()),
            "chat": message["chat"],
            "from": BOT,
            "text": "jawaban sebelumnya",
        }
    return {"update_id": update_id or next(_ids), "message": message}


def callback_update(chat_id: int, data: str) -> dict[str, Any]:
    return {
        "update_id": next(_ids),
        "callback_query": {
            "id": str(next(_ids)),
            "from": user(abs(chat_id) % 100_000 + 1),
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": next(_ids),
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": "private"},
                "from": BOT,
                "text": "pilihan",
            },
        },
    }


def sticker_update(chat_id: int) -> dict[str, Any]:
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": user(chat_id),
            "sticker": {
                "file_id": "s",
                "file_unique_id": "s",
                "width": 1,
                "height": 1,
                "is_animated": False,
                "is_video": False,
                "type": "regular",
            },
        },
    }


def photo_update(chat_id: int) -> dict[str, Any]:
    size = {"file_id": "p", "file_unique_id": "p", "width": 1, "height": 1}
    return {
        "update_id": next(_ids),
        "message": {
            "message_id": next(_ids),
            "date": int(time.time()),
            "chat": {"id": chat_id, "type": "private"},
            "from": user(chat_id),
            "photo": [size],
        },
    }
