"""Issue 11, defect 9: chat state in SQLite as JSON, pruned and bounded; an old pickle is never
read. The real PTB Application against the fake Bot API."""

from __future__ import annotations

import json
import logging
import pickle
import sqlite3
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.fakeserver import FakeBotApi, text_update
from bot.state import STATE_FILE
from tanyarb.core.settings import Settings
from tanyarb.services import Services

from .test_bot import PRIVATE, run_bot

OTHER = 502


class _RunsCode:
    """What an attacker who can write the data folder would leave: unpickling creates a file."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, (str(self.marker), "w"))


@pytest.fixture(scope="module")
def small_services(small_index_dir: Path) -> Iterator[Services]:
    services = Services(Settings(data_dir=small_index_dir, embedder="hashing"))
    yield services
    services.store.close()


def _chats(data_dir: Path) -> dict[int, tuple[dict[str, object], float]]:
    with sqlite3.connect(data_dir / STATE_FILE) as db:
        rows = db.execute("SELECT chat_id, data, seen FROM chats").fetchall()
    return {chat: (json.loads(data), seen) for chat, data, seen in rows}


def test_chat_state_is_json_in_sqlite_pruned_bounded_and_an_old_pickle_is_never_read(
    small_services: Services, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    marker = tmp_path / "pwned"
    (tmp_path / "telegram-state.pickle").write_bytes(pickle.dumps({"chat_data": _RunsCode(marker)}))

    async def ask_three(fake: FakeBotApi) -> None:
        for n in range(3):
            fake.push(text_update(PRIVATE, f"rencana kiwi ke-{n} di Kota Contoh?"))
            await fake.wait_for(lambda n=n: len(fake.sent(chat_id=PRIVATE)) > n)

    with caplog.at_level(logging.WARNING, logger="tanyarb.bot"):
        run_bot(small_services, tmp_path, ask_three, telegram_kept_answers=2)
    assert not marker.exists()  # the pickle was not unpickled...
    assert (tmp_path / "telegram-state.pickle.unused").exists()  # ...but set aside, and said so
    assert not (tmp_path / "telegram-state.pickle").exists()
    assert "was not read" in caplog.text

    chats = _chats(tmp_path)
    data, seen = chats[PRIVATE]
    answers = data["answers"]
    assert isinstance(answers, dict) and len(answers) == 2  # bounded per chat
    assert [a["question"] for a in answers.values()] == [
        "rencana kiwi ke-1 di Kota Contoh?",
        "rencana kiwi ke-2 di Kota Contoh?",
    ]
    assert abs(seen - time.time()) < 120

    # A chat last seen 100 days ago is dropped at the next start (kept: 30 days).
    stale = {"region": "Kota Contoh", "answers": {}}
    with sqlite3.connect(tmp_path / STATE_FILE) as db:
        db.execute(
            "INSERT INTO chats VALUES (?, ?, ?)",
            (OTHER, json.dumps(stale), time.time() - 100 * 86_400),
        )

    async def ask_once(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "rencana kiwi di Kota Contoh?"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))

    run_bot(small_services, tmp_path, ask_once, telegram_state_days=30, telegram_kept_answers=2)
    chats = _chats(tmp_path)
    assert set(chats) == {PRIVATE}
    assert len(chats[PRIVATE][0]["answers"]) == 2
