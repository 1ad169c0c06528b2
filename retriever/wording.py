"""Small helpers every answer strategy words its answers with."""

from __future__ import annotations

from retriever.query import Query


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
