"""An answer as Telegram HTML: the fact first, then numbered sources; split under the limit."""

from __future__ import annotations

import html
from collections.abc import Callable

from tanyarb.core.models import Answer, Citation, lines_label

MAX_MESSAGE = 4096
_BLOCK = 800  # raw characters per block: escaped (at most 5 chars each) it stays under 4096


def citation_line(
    number: int, citation: Citation, label: str, link: str | None, with_quote: bool = False
) -> str:
    """ "1. <a href=…>Perwali Kota Blitar No. 97/2022</a>, baris 906 — section"."""
    where = lines_label(citation.line_start, citation.line_end, citation.page)
    name = html.escape(label)
    if link:
        name = f'<a href="{html.escape(link, quote=True)}">{name}</a>'
    section = citation.section.split(" > ")[-1] if citation.section else ""
    line = f"{number}. {name}, {html.escape(where)}"
    if section:
        line += f" — {html.escape(section[:120])}"
    if with_quote and citation.quote:
        line += f"\n<i>«{html.escape(citation.quote[:600])}»</i>"
    return line


def answer_blocks(
    answer: Answer,
    label: Callable[[str], str],
    link: Callable[[Citation], str | None],
    *,
    assumed_region: str | None = None,
    english: bool = False,
) -> list[str]:
    """HTML blocks, each safe to send alone: no tag spans two blocks."""
    blocks: list[str] = []
    if assumed_region:
        note = (
            f"Region assumed: {assumed_region} (change it with /wilayah)."
            if english
            else f"Wilayah yang dipakai: {assumed_region} (ganti dengan /wilayah)."
        )
        blocks.append(f"<i>{html.escape(note)}</i>")
    text = _table_text(answer) if answer.table else answer.answer
    for paragraph in text.split("\n"):
        for start in range(0, max(len(paragraph), 1), _BLOCK):
            piece = paragraph[start : start + _BLOCK]
            if piece.strip():
                blocks.append(html.escape(piece, quote=False))
    if answer.citations:
        blocks.append("<b>Sources:</b>" if english else "<b>Sumber:</b>")
        for number, citation in enumerate(answer.citations, 1):
            blocks.append(citation_line(number, citation, label(citation.document), link(citation)))
    return blocks


def _table_text(answer: Answer) -> str:
    """A comparison as lines (Telegram has no tables): region — value — about [sources]."""
    assert answer.table is not None
    head = answer.answer.split("\n", 1)[0]
    lines = [head]
    for row, sources in zip(answer.table.rows, answer.table.sources, strict=True):
        region, value, about = row[0], row[1], row[2]
        refs = "".join(f"[{n}]" for n in sources)
        line = f"• {region}: {value}"
        if about:
            line += f" — {about}"
        if refs:
            line += f" {refs}"
        lines.append(line)
    lines.append(answer.table.summary)
    return "\n".join(lines)


def pack(blocks: list[str], limit: int | None = None) -> list[str]:
    """Messages of whole blocks, each under ``limit`` (Telegram's 4096), joined by newlines."""
    limit = limit or MAX_MESSAGE
    messages: list[str] = []
    current = ""
    for block in blocks:
        candidate = f"{current}\n{block}" if current else block
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            messages.append(current)
        current = block
    if current:
        messages.append(current)
    return messages
