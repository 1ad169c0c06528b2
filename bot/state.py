"""Chat state in SQLite: PTB persistence with JSON values, pruned and bounded.

Only chat data is kept (default region, the last answers for their buttons, the onboarding
tour). One row per chat, written when that chat changed, never the whole state at once. Chats
not seen for ``keep_days`` are dropped, and each keeps at most ``max_answers`` answers. Values
are JSON: reading the state can never run code, as unpickling a file could (issue 11, defect 9).
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from telegram.ext import BasePersistence, PersistenceInput
from telegram.ext._utils.types import CDCData, ConversationDict, ConversationKey

log = logging.getLogger("tanyarb.bot")

STATE_FILE = "telegram-state.sqlite"
OLD_PICKLE = "telegram-state.pickle"
PRUNE_EVERY_S = 3600.0
DAY_S = 86_400.0

ChatData = dict[str, Any]


def set_aside_old_pickle(data_dir: Path) -> None:
    """The pickle of earlier versions is never read (unpickling runs code): renamed, logged."""
    old = data_dir / OLD_PICKLE
    if old.exists():
        unused = old.with_name(OLD_PICKLE + ".unused")
        old.replace(unused)
        log.warning(
            "%s was not read (a pickle can run code); chat state starts anew in %s. "
            "The old file is now %s: delete it.",
            old,
            data_dir / STATE_FILE,
            unused.name,
        )


def trim_answers(data: ChatData, max_answers: int) -> None:
    """Keep the newest ``max_answers`` of a chat's answers (insertion order), in place."""
    kept = data.get("answers")
    if isinstance(kept, dict):
        for old in list(kept)[: max(0, len(kept) - max_answers)]:
            del kept[old]


class SqlitePersistence(BasePersistence[dict[str, Any], ChatData, dict[str, Any]]):
    """PTB persistence of chat data only, one JSON row per chat in ``<data dir>``."""

    def __init__(
        self,
        data_dir: Path,
        *,
        keep_days: int,
        max_answers: int,
        update_interval: float = 60,
        clock: Any = time.time,
    ) -> None:
        super().__init__(
            store_data=PersistenceInput(bot_data=False, user_data=False, callback_data=False),
            update_interval=update_interval,
        )
        data_dir.mkdir(parents=True, exist_ok=True)
        set_aside_old_pickle(data_dir)
        self.keep_s = keep_days * DAY_S
        self.max_answers = max_answers
        self._clock = clock
        self._lock = threading.Lock()
        self._db = sqlite3.connect(data_dir / STATE_FILE, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute(
            "CREATE TABLE IF NOT EXISTS chats ("
            " chat_id INTEGER PRIMARY KEY, data TEXT NOT NULL, seen REAL NOT NULL)"
        )
        self._db.commit()
        self._pruned_at = 0.0

    def prune(self) -> int:
        """Drop chats not seen for ``keep_days``; returns how many."""
        now = float(self._clock())
        with self._lock:
            dropped = self._db.execute(
                "DELETE FROM chats WHERE seen < ?", (now - self.keep_s,)
            ).rowcount
            self._db.commit()
        self._pruned_at = now
        if dropped:
            log.info(
                "chat state: %d chats not seen for %d days dropped", dropped, self.keep_s // DAY_S
            )
        return int(dropped)

    # ---- chat data ------------------------------------------------------------------------
    async def get_chat_data(self) -> dict[int, ChatData]:
        self.prune()
        with self._lock:
            rows = self._db.execute("SELECT chat_id, data FROM chats").fetchall()
        chats: dict[int, ChatData] = {}
        for chat_id, data in rows:
            try:
                value = json.loads(data)
            except ValueError:
                log.warning("chat state of %s is not JSON; started anew", chat_id)
                continue
            if isinstance(value, dict):
                trim_answers(value, self.max_answers)
                chats[int(chat_id)] = value
        return chats

    async def update_chat_data(self, chat_id: int, data: ChatData) -> None:
        trim_answers(data, self.max_answers)  # the live dict too: memory stays bounded
        text = json.dumps(data, ensure_ascii=False, default=str)
        with self._lock:
            self._db.execute(
                "INSERT INTO chats (chat_id, data, seen) VALUES (?, ?, ?) "
                "ON CONFLICT(chat_id) DO UPDATE SET data = excluded.data, seen = excluded.seen",
                (chat_id, text, float(self._clock())),
            )
            self._db.commit()
        if float(self._clock()) - self._pruned_at > PRUNE_EVERY_S:
            self.prune()

    async def drop_chat_data(self, chat_id: int) -> None:
        with self._lock:
            self._db.execute("DELETE FROM chats WHERE chat_id = ?", (chat_id,))
            self._db.commit()

    async def refresh_chat_data(self, chat_id: int, chat_data: ChatData) -> None:
        return None

    async def flush(self) -> None:
        with self._lock:
            self._db.commit()

    def close(self) -> None:
        with self._lock:
            self._db.close()

    # ---- what is not kept -----------------------------------------------------------------
    async def get_user_data(self) -> dict[int, dict[str, Any]]:
        return {}

    async def get_bot_data(self) -> dict[str, Any]:
        return {}

    async def get_callback_data(self) -> CDCData | None:
        return None

    async def get_conversations(self, name: str) -> ConversationDict:
        return {}

    async def update_conversation(
        self, name: str, key: ConversationKey, new_state: object | None
    ) -> None:
        return None

    async def update_user_data(self, user_id: int, data: dict[str, Any]) -> None:
        return None

    async def update_bot_data(self, data: dict[str, Any]) -> None:
        return None

    async def update_callback_data(self, data: CDCData) -> None:
        return None

    async def drop_user_data(self, user_id: int) -> None:
        return None

    async def refresh_user_data(self, user_id: int, user_data: dict[str, Any]) -> None:
        return None

    async def refresh_bot_data(self, bot_data: dict[str, Any]) -> None:
        return None
