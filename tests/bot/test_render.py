"""Telegram HTML: escaped, split at block boundaries, never inside a tag."""

from __future__ import annotations

from bot.render import answer_blocks, pack
from tanyarb.core.models import Answer, Citation


def _citation(line: int) -> Citation:
    return Citation("kota-x.txt", "Kota X", "LAMPIRAN > Tabel", line, line, None, "kutipan")


def test_text_is_escaped_and_sources_are_linked() -> None:
    answer = Answer("q", "Nilai <b>palsu</b> & <img src=x>", False, "Kota X", [_citation(7)])
    blocks = answer_blocks(answer, lambda _d: "Perwali Kota X", lambda _c: "https://h/v?a=1&b=2")
    assert blocks[0] == "Nilai &lt;b&gt;palsu&lt;/b&gt; &amp; &lt;img src=x&gt;"
    assert blocks[-1] == (
        '1. <a href="https://h/v?a=1&amp;b=2">Perwali Kota X</a>, baris 7 — Tabel'
    )


def test_long_answers_split_under_the_limit_between_blocks() -> None:
    text = "\n".join(f"Butir {i}: " + "&<>" * 300 for i in range(40))
    answer = Answer("q", text, False, None, [_citation(i) for i in range(1, 30)])
    messages = pack(answer_blocks(answer, lambda d: d, lambda _c: "https://h/x"))
    assert len(messages) > 3
    for message in messages:
        assert len(message) <= 4096
        assert message.count("<a ") == message.count("</a>")
        assert "&am" not in message.replace("&amp;", "")  # no entity cut in half
