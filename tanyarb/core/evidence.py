"""Evidence units: the rows and sentences of retrieved chunks, scored against a question."""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

from tanyarb.core.models import Chunk, TableRowRef
from tanyarb.core.textnorm import TICK_MARKS, YEAR, clean_text, lexical_tokens

_SENTENCE = re.compile(r"(?<=[.;:])\s+(?=[A-Z0-9(\-])")
_VALUE = re.compile(r"\d|^[A-E][A-B+]?\b|WTP|WDP")


@dataclass(frozen=True)
class Unit:
    """One row of a table or one sentence of prose, with where it stands."""

    chunk: Chunk
    line_start: int
    line_end: int
    text: str
    tokens: frozenset[str]
    row: TableRowRef | None = None
    context: frozenset[str] = frozenset()  # tokens of the parent row of a continuation row

    def year_cells(self) -> list[tuple[int, str]]:
        """(year, value) for cells whose column header names a year."""
        if not self.row:
            return []
        found: list[tuple[int, str]] = []
        for header, value in self.row.cells:
            match = YEAR.search(header)
            if match and value.strip():
                found.append((int(match.group(1)), value.strip()))
        return found

    def year_values(self) -> list[tuple[int, str]]:
        """Year cells that hold a value (a number or a grade), not a tick or a dash."""
        return [(y, v) for y, v in self.year_cells() if v not in TICK_MARKS and _VALUE.search(v)]

    def ticked_years(self) -> list[int]:
        return [year for year, value in self.year_cells() if value in TICK_MARKS]

    def cell(self, *words: str) -> str | None:
        """First cell whose header contains any of ``words`` (lower case)."""
        if not self.row:
            return None
        for header, value in self.row.cells:
            low = header.lower()
            if any(w in low for w in words) and value.strip():
                return value.strip()
        return None


class Idf:
    """Inverse document frequency of lexical tokens over all chunks."""

    def __init__(self, token_lists: list[list[str]]) -> None:
        self._df: Counter[str] = Counter()
        for tokens in token_lists:
            self._df.update(set(tokens))
        self._n = max(1, len(token_lists))

    def known(self, token: str) -> bool:
        """Whether any chunk holds the token."""
        return token in self._df

    def __call__(self, token: str) -> float:
        df = self._df.get(token, 0)
        return math.log(1.0 + (self._n - df + 0.5) / (df + 0.5))


def units_of(chunk: Chunk) -> list[Unit]:
    """Split a chunk into evidence units (table rows, or prose sentences with their line)."""
    if chunk.rows:
        units = []
        texts = {row.line: "; ".join(f"{h}: {v}" for h, v in row.cells) for row in chunk.rows}
        for row in chunk.rows:
            text = texts[row.line]
            parent = row.parent_text or texts.get(row.parent_line or -1, "")
            units.append(
                Unit(
                    chunk,
                    row.line,
                    row.line,
                    text,
                    frozenset(lexical_tokens(text)),
                    row,
                    frozenset(lexical_tokens(parent)) if parent else frozenset(),
                )
            )
        return units
    units = []
    line = chunk.line_start
    for raw in chunk.text.split("\n"):
        text = clean_text(raw)
        for sentence in _sentences(text) if text else ():
            units.append(Unit(chunk, line, line, sentence, frozenset(lexical_tokens(sentence))))
        line += 1
    return units


def _sentences(text: str) -> list[str]:
    if len(text) < 320:
        return [text] if text else []
    parts = _SENTENCE.split(text)
    merged: list[str] = []
    for part in parts:
        if merged and len(merged[-1]) < 80:
            merged[-1] = f"{merged[-1]} {part}"
        else:
            merged.append(part)
    return merged


def following_lines(unit: Unit, limit: int = 500) -> list[tuple[int, str]]:
    """(line, text) of the prose after ``unit`` in its chunk (an enumeration), up to ``limit``."""
    lines = unit.chunk.text.split("\n")
    start = unit.line_end - unit.chunk.line_start + 1
    out: list[tuple[int, str]] = []
    used = 0
    for offset, raw in enumerate(lines[start:], start=start):
        text = clean_text(raw)
        if not text:
            continue
        if used + len(text) > limit:
            break
        out.append((unit.chunk.line_start + offset, text))
        used += len(text)
    return out
