"""Small helpers every answer strategy words its answers with."""

from __future__ import annotations

import re

from retriever.query import Query
from tanyarb.core.textnorm import lexical_tokens

ENTRY_CHARS = 220
SENTENCE_CHARS = 320
SENTENCE_END = re.compile(r"(?<=[.;:])\s+")  # where a quoted passage may be cut


def say(query: Query, indonesian: str, english: str) -> str:
    """The text in the question's language."""
    return english if query.english else indonesian


def shorten(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, cut at a word boundary to ``limit`` characters.
    No other cleaning: quoted texts are cleaned once where they are built."""
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def shorten_tail(text: str, limit: int) -> str:
    """``text`` with whitespace collapsed, its end kept: the end of a lead-in ("... tersebut
    60% yaitu:") says what the list after it holds."""
    text = " ".join(text.split())
    return text if len(text) <= limit else "…" + text[-(limit - 1) :].split(" ", 1)[-1]


def markdown_table(
    columns: tuple[str, ...], rows: list[tuple[str, ...]] | tuple[tuple[str, ...], ...]
) -> list[str]:
    """A table as Markdown lines, for text-only interfaces."""
    return [
        _pipe_row(columns),
        _pipe_row(tuple("---" for _ in columns)),
        *(_pipe_row(row) for row in rows),
    ]


def _pipe_row(cells: tuple[str, ...]) -> str:
    return "| " + " | ".join(shorten(c, 200).replace("|", "/") for c in cells) + " |"


def relevant_part(query: Query, text: str, limit: int = ENTRY_CHARS) -> str:
    """A long list entry shown from the sentence that holds clearly more of the question's
    words than its opening does ("… ASN harus menginternalisasikan lima mantap …, yaitu
    Mantap kejujuran, …"), that sentence whole up to ``SENTENCE_CHARS``; otherwise its opening
    cut to ``limit``."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    sentences = SENTENCE_END.split(text)
    wanted = {t for t in query.tokens if not t.isdigit()}
    held = [len(wanted & set(lexical_tokens(s))) for s in sentences]
    best = max(range(len(sentences)), key=lambda i: held[i])
    if best == 0 or held[best] < held[0] + 2:
        return shorten(text, limit)
    rest = "…" if best + 1 < len(sentences) else ""
    return "…" + shorten(sentences[best], SENTENCE_CHARS) + rest
