"""Feedback on answers (👍/👎 from the widget and the bot), kept durably in SQLite.

One file, ``feedback.sqlite`` in ``TANYARB_DATA_DIR``, apart from the index: rebuilding the
index never loses feedback. Every channel (``web``, ``telegram``, ``api``) writes here.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import threading
import time
from dataclasses import asdict, dataclass
from pathlib import Path

RATINGS = ("up", "down")
SCHEMA = """
CREATE TABLE IF NOT EXISTS feedback (
    id INTEGER PRIMARY KEY AUTOINCREMENT, created_at REAL NOT NULL, channel TEXT NOT NULL,
    rating TEXT NOT NULL, question TEXT NOT NULL, answer TEXT NOT NULL, comment TEXT,
    region TEXT);
"""
COLUMNS = ("id", "created_at", "channel", "rating", "question", "answer", "comment", "region")


@dataclass(frozen=True)
class Feedback:
    """One rating of one answer."""

    question: str
    answer: str
    rating: str  # "up" or "down"
    channel: str  # "web", "telegram", "api"
    comment: str | None = None
    region: str | None = None
    created_at: float = 0.0
    id: int | None = None


class FeedbackStore:
    """Append-only feedback in ``<data_dir>/feedback.sqlite``; safe to share between threads."""

    def __init__(self, data_dir: Path) -> None:
        data_dir.mkdir(parents=True, exist_ok=True)
        self.path = data_dir / "feedback.sqlite"
        self._db = sqlite3.connect(self.path, check_same_thread=False, timeout=30)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.executescript(SCHEMA)
        self._lock = threading.Lock()

    def add(self, item: Feedback) -> Feedback:
        """Store ``item`` (committed before returning) and return it with its id and time."""
        if item.rating not in RATINGS:
            raise ValueError(f"rating must be one of {RATINGS}, not {item.rating!r}")
        created = item.created_at or time.time()
        with self._lock, self._db:
            cursor = self._db.execute(
                "INSERT INTO feedback(created_at, channel, rating, question, answer, comment, "
                "region) VALUES (?,?,?,?,?,?,?)",
                (
                    created,
                    item.channel,
                    item.rating,
                    item.question,
                    item.answer,
                    item.comment,
                    item.region,
                ),
            )
        return Feedback(**(asdict(item) | {"id": cursor.lastrowid, "created_at": created}))

    def all(self) -> list[Feedback]:
        with self._lock:
            rows = self._db.execute(f"SELECT {', '.join(COLUMNS)} FROM feedback ORDER BY id")
            return [Feedback(**dict(zip(COLUMNS, row, strict=True))) for row in rows]

    def counts(self) -> dict[tuple[str, str], int]:
        """Ratings per (channel, rating)."""
        with self._lock:
            rows = self._db.execute(
                "SELECT channel, rating, COUNT(*) FROM feedback GROUP BY channel, rating"
            )
            return {(c, r): n for c, r, n in rows}

    def close(self) -> None:
        self._db.close()


def to_csv(items: list[Feedback]) -> str:
    """UTF-8 CSV with one header row, one rating a row, ISO times."""
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(COLUMNS)
    for item in items:
        row = asdict(item)
        row["created_at"] = time.strftime("%Y-%m-%dT%H:%M:%S%z", time.localtime(item.created_at))
        writer.writerow([row[c] if row[c] is not None else "" for c in COLUMNS])
    return out.getvalue()


def to_json(items: list[Feedback]) -> str:
    return json.dumps([asdict(i) for i in items], ensure_ascii=False, indent=2)
