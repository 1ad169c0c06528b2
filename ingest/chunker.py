"""Cut sections into chunks sized by the embedder's own tokenizer, each with its coordinates."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from langchain_text_splitters import RecursiveCharacterTextSplitter

from ingest.structure import Section
from ingest.tables import Table, TableRow, render_row
from tanyarb.core.models import Chunk, TableRowRef

TokenCounter = Callable[[str], int]


@dataclass(frozen=True)
class ChunkBudget:
    """Token limits: ``max_tokens`` per chunk, leaving room for the section header."""

    max_tokens: int = 380

    @classmethod
    def for_window(cls, window: int) -> ChunkBudget:
        # Keep a margin for the role prefix ("passage: ") and the section path line.
        return cls(max_tokens=max(64, min(380, window - 48)))


def chunk_id(document: str, section: str, text: str, line_start: int) -> str:
    """Stable id from content and position: unchanged text keeps its id across re-ingests."""
    digest = hashlib.sha256(
        f"{document}\x1f{section}\x1f{line_start}\x1f{text}".encode()
    ).hexdigest()
    return digest[:24]


def chunk_sections(
    sections: list[Section],
    *,
    document: str,
    region: str,
    count_tokens: TokenCounter,
    budget: ChunkBudget,
    page_of: Callable[[int], int | None] = lambda _line: None,
) -> list[Chunk]:
    """All chunks of one document, in reading order."""
    chunks: list[Chunk] = []
    for section in sections:
        if section.table is not None:
            pieces = _table_pieces(section.table, count_tokens, budget, page_of)
            for rows, text in pieces:
                start = min(r.line for r in rows)
                end = max(r.line for r in rows)
                refs = tuple(
                    TableRowRef(
                        line=r.line,
                        cells=tuple(r.named),
                        responsible=r.responsible,
                        responsible_line=r.responsible_line,
                        parent_line=r.parent_line,
                        parent_text=r.parent_text,
                    )
                    for r in rows
                )
                chunks.append(
                    _make(document, region, section.path, text, start, end, page_of, "table", refs)
                )
        else:
            for start, end, text in _prose_pieces(section, count_tokens, budget, page_of):
                chunks.append(_make(document, region, section.path, text, start, end, page_of))
    return chunks


def _make(
    document: str,
    region: str,
    section: str,
    text: str,
    start: int,
    end: int,
    page_of: Callable[[int], int | None],
    kind: str = "prose",
    rows: tuple[TableRowRef, ...] = (),
) -> Chunk:
    return Chunk(
        id=chunk_id(document, section, text, start),
        document=document,
        region=region,
        section=section,
        text=text,
        line_start=start,
        line_end=end,
        page=page_of(start),
        kind=kind,
        rows=rows,
    )


def _table_pieces(
    table: Table,
    count_tokens: TokenCounter,
    budget: ChunkBudget,
    page_of: Callable[[int], int | None],
) -> Iterator[tuple[list[TableRow], str]]:
    """Group rows block by block (rows sharing their responsible heading), within the budget."""
    group: list[TableRow] = []
    texts: list[str] = []
    used = count_tokens(table.title)
    for row in table.rows:
        text = render_row(table, row)
        if not text:
            continue
        cost = count_tokens(text)
        new_block = row.own_responsible and group
        new_page = group and page_of(row.line) != page_of(group[0].line)
        if group and (used + cost > budget.max_tokens or new_block or new_page):
            yield group, _table_text(table, texts)
            group, texts, used = [], [], count_tokens(table.title)
        if cost > budget.max_tokens:
            text = _truncate(text, count_tokens, budget.max_tokens)
        group.append(row)
        texts.append(text)
        used += cost
    if group:
        yield group, _table_text(table, texts)


def _table_text(table: Table, rows: list[str]) -> str:
    return "\n".join([table.title, *rows])


def _truncate(text: str, count_tokens: TokenCounter, limit: int) -> str:
    words = text.split()
    while words and count_tokens(" ".join(words)) > limit:
        words = words[: max(1, int(len(words) * 0.85))]
        if len(words) == 1:
            break
    return " ".join(words)


def _prose_pieces(
    section: Section,
    count_tokens: TokenCounter,
    budget: ChunkBudget,
    page_of: Callable[[int], int | None],
) -> Iterator[tuple[int, int, str]]:
    """Consecutive lines of one page up to the budget; a longer line is split on its own."""
    splitter = RecursiveCharacterTextSplitter(
        chunk_size=budget.max_tokens,
        chunk_overlap=0,
        length_function=count_tokens,
        separators=["; ", ", ", " "],
    )
    current: list[tuple[int, str]] = []
    used = 0
    for number, text in section.lines:
        cost = count_tokens(text)
        if cost > budget.max_tokens:
            if current:
                yield current[0][0], current[-1][0], _join_lines(current)
                current, used = [], 0
            for piece in splitter.split_text(text):
                yield number, number, piece
            continue
        if current and (
            used + cost > budget.max_tokens or page_of(number) != page_of(current[0][0])
        ):
            yield current[0][0], current[-1][0], _join_lines(current)
            current, used = [], 0
        current.append((number, text))
        used += cost
    if current:
        yield current[0][0], current[-1][0], _join_lines(current)


def _join_lines(lines: list[tuple[int, str]]) -> str:
    """Join numbered lines, keeping an empty line for each gap so offsets map to line numbers."""
    out: list[str] = []
    previous = lines[0][0] - 1
    for number, text in lines:
        out.extend([""] * (number - previous - 1))
        out.append(text)
        previous = number
    return "\n".join(out)
