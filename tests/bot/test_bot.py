"""The real python-telegram-bot Application against our fake Bot API server on loopback."""

from __future__ import annotations

import asyncio
import re
from collections.abc import Awaitable, Callable
from pathlib import Path

import pytest

from bot import build_application, render
from bot.fakeserver import (
    FakeBotApi,
    callback_update,
    photo_update,
    serve,
    sticker_update,
    text_update,
)
from tanyarb.core.feedback import FeedbackStore
from tanyarb.core.settings import Settings
from tanyarb.services import Services

from ..conftest import CORPUS

PRIVATE = 501
GROUP = -9001
Scenario = Callable[[FakeBotApi], Awaitable[None]]


def run_bot(
    services: Services, data_dir: Path, scenario: Scenario, **overrides: object
) -> FakeBotApi:
    fake = FakeBotApi()
    with serve(fake) as base:
        values: dict[str, object] = {
            "data_dir": data_dir,
            "corpus_dir": CORPUS,
            "telegram_token": "123:TEST",
            "telegram_api_base": base,
            "public_base_url": "https://rb.example.go.id",
        }
        values.update(overrides)
        settings = Settings(**values)  # type: ignore[arg-type]
        feedback = FeedbackStore(data_dir)

        async def main() -> None:
            application = build_application(settings, services.answerer, feedback)
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0.0, timeout=1)
                try:
                    await scenario(fake)
                finally:
                    await application.updater.stop()
                    await application.stop()

        try:
            asyncio.run(main())
        finally:
            feedback.close()
    return fake


def _texts(fake: FakeBotApi, chat_id: int) -> list[str]:
    return [str(p["text"]) for p in fake.sent(chat_id=chat_id)]


def test_private_question_gets_the_fact_then_linked_sources(
    real_services: Services, tmp_path: Path
) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "siapa PD yang pegang SPIP di Blitar?"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))

    fake = run_bot(real_services, tmp_path, scenario)
    (message,) = fake.sent(chat_id=PRIVATE)
    text = message["text"]
    assert message["parse_mode"] == "HTML"
    assert text.startswith("Penanggung jawab: Inspektorat")
    assert "<b>Sumber:</b>" in text
    assert re.search(
        r'1\. <a href="https://rb\.example\.go\.id/documents/kota-blitar-perwali-97-2022\.txt/'
        r'view\?lines=\d+-\d+#L\d+">Perwali Kota Blitar No\. 97/2022</a>, baris \d+',
        text,
    )
    assert fake.sent("sendChatAction", PRIVATE)  # typing while it worked
    buttons = message["reply_markup"]["inline_keyboard"][0]
    assert [b["text"] for b in buttons] == ["👍", "👎"]


def test_group_answers_only_when_addressed(real_services: Services, tmp_path: Path) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(GROUP, "siapa pegang SPIP di Blitar?", group=True))
        fake.push(text_update(GROUP, "@tanyarb_bot siapa pegang SPIP di Blitar?", group=True))
        fake.push(text_update(GROUP, "kalau SAKIP di Blora?", group=True, reply_to_bot=True))
        await fake.wait_for(lambda: len(fake.sent(chat_id=GROUP)) >= 2)
        await asyncio.sleep(1.0)  # room for a wrong third reply to show up

    fake = run_bot(real_services, tmp_path, scenario)
    replies = fake.sent(chat_id=GROUP)
    assert len(replies) == 2
    assert all("reply_to_message_id" in r or "reply_parameters" in r for r in replies)


def test_region_chosen_for_the_chat_is_used_and_survives_a_restart(
    real_services: Services, tmp_path: Path
) -> None:
    regions = real_services.answerer.catalog.regions
    index = regions.index("Kota Pasuruan")

    async def choose(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "/wilayah"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))
        keyboard = fake.sent(chat_id=PRIVATE)[0]["reply_markup"]["inline_keyboard"]
        assert [row[0]["text"] for row in keyboard] == regions
        fake.push(callback_update(PRIVATE, f"wil:{index}"))
        await fake.wait_for(lambda: bool(fake.sent("editMessageText")))

    run_bot(real_services, tmp_path, choose)

    async def ask(fake: FakeBotApi) -> None:  # a new Application: state comes from disk
        fake.push(text_update(PRIVATE, "Target Indeks SPBE tahun 2024 berapa?"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))

    fake = run_bot(real_services, tmp_path, ask)
    text = fake.sent(chat_id=PRIVATE)[0]["text"]
    assert "Wilayah yang dipakai: Kota Pasuruan" in text
    assert "2,95" in text


def test_long_answer_is_split_into_valid_html_messages(
    real_services: Services, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A lower limit makes an ordinary comparison "long"; the split path is the same.
    monkeypatch.setattr(render, "MAX_MESSAGE", 700)

    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "/bandingkan quick win apa saja"))
        await fake.wait_for(lambda: len(fake.sent(chat_id=PRIVATE)) >= 3)
        await asyncio.sleep(0.5)

    fake = run_bot(real_services, tmp_path, scenario)
    messages = fake.sent(chat_id=PRIVATE)
    texts = [str(m["text"]) for m in messages]
    assert len(texts) >= 3
    for text in texts:
        assert len(text) <= 700
        for tag in ("a", "b", "i"):  # every message closes what it opens
            assert text.count(f"<{tag}") == text.count(f"</{tag}>"), text
    joined = "\n".join(texts)
    assert "Kota Bengkulu" in joined and "<b>Sumber:</b>" in joined
    # The rating buttons come once, under the last part.
    assert [("reply_markup" in m) for m in messages] == [False] * (len(messages) - 1) + [True]


def test_feedback_button_stores_a_rating(real_services: Services, tmp_path: Path) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "siapa PD yang pegang SPIP di Blitar?"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))
        data = fake.sent(chat_id=PRIVATE)[0]["reply_markup"]["inline_keyboard"][0][1][
            "callback_data"
        ]
        fake.push(callback_update(PRIVATE, data))
        await fake.wait_for(lambda: bool(fake.sent("answerCallbackQuery")))

    run_bot(real_services, tmp_path, scenario)
    store = FeedbackStore(tmp_path)
    try:
        (rating,) = store.all()
    finally:
        store.close()
    assert (rating.rating, rating.channel) == ("down", "telegram")
    assert rating.question == "siapa PD yang pegang SPIP di Blitar?"


def test_flood_control_is_waited_out(real_services: Services, tmp_path: Path) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.flood_sends = 1
        fake.push(text_update(PRIVATE, "/help"))
        await fake.wait_for(lambda: len(fake.sent(chat_id=PRIVATE)) >= 2)

    fake = run_bot(real_services, tmp_path, scenario)
    attempts = fake.sent(chat_id=PRIVATE)
    assert len(attempts) == 2 and attempts[0]["text"] == attempts[1]["text"]


def test_duplicate_update_is_answered_once(real_services: Services, tmp_path: Path) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        update = text_update(PRIVATE, "/help")
        fake.push(update)
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))
        fake.push(dict(update))  # delivered again
        fake.push(text_update(PRIVATE, "/start"))
        await fake.wait_for(lambda: len(fake.sent(chat_id=PRIVATE)) >= 2)
        await asyncio.sleep(0.5)

    fake = run_bot(real_services, tmp_path, scenario)
    texts = _texts(fake, PRIVATE)
    assert len(texts) == 2 and texts[1].startswith("<b>TanyaRB</b>")


def test_odd_messages_get_a_sensible_reply_and_do_not_crash(
    real_services: Services, tmp_path: Path
) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        edited = text_update(PRIVATE, "siapa PD yang pegang SPIP di Blitar?")
        edited["edited_message"] = edited.pop("message")  # edits are not new questions
        fake.push(edited)
        fake.push(sticker_update(PRIVATE))
        fake.push(text_update(PRIVATE, "SPIP " * 2000))
        fake.push(text_update(PRIVATE, "/tidakada"))
        fake.push(text_update(PRIVATE, "/help"))
        await fake.wait_for(lambda: len(fake.sent(chat_id=PRIVATE)) >= 4)
        await asyncio.sleep(1.0)

    fake = run_bot(real_services, tmp_path, scenario)
    texts = _texts(fake, PRIVATE)
    assert any("hanya membaca pertanyaan berupa teks" in t for t in texts)
    assert any("terlalu panjang" in t for t in texts)
    assert any("tidak dikenal" in t for t in texts)
    assert any(t.startswith("Cara bertanya") for t in texts)
    assert len(texts) == 4 and not any("Penanggung jawab" in t for t in texts)


def test_empty_mention_and_photo_get_a_prompt(real_services: Services, tmp_path: Path) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(GROUP, "@tanyarb_bot", group=True))
        fake.push(photo_update(PRIVATE))
        await fake.wait_for(
            lambda: bool(fake.sent(chat_id=GROUP)) and bool(fake.sent(chat_id=PRIVATE))
        )

    fake = run_bot(real_services, tmp_path, scenario)
    (prompt,) = _texts(fake, GROUP)
    assert prompt.startswith("Pertanyaannya kosong")
    (photo,) = _texts(fake, PRIVATE)
    assert "hanya membaca pertanyaan berupa teks" in photo


def test_chat_outside_the_allow_list_is_refused_politely(
    real_services: Services, tmp_path: Path
) -> None:
    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(777, "siapa PD yang pegang SPIP di Blitar?"))
        fake.push(text_update(PRIVATE, "/help"))
        await fake.wait_for(
            lambda: bool(fake.sent(chat_id=777)) and bool(fake.sent(chat_id=PRIVATE))
        )

    fake = run_bot(real_services, tmp_path, scenario, telegram_allowed_chats=[PRIVATE])
    (refusal,) = _texts(fake, 777)
    assert refusal.startswith("Maaf, TanyaRB belum dibuka untuk chat ini")


def test_onboarding_tour_forwards_and_back(real_services: Services, tmp_path: Path) -> None:
    regions = real_services.answerer.catalog.regions

    async def scenario(fake: FakeBotApi) -> None:
        fake.push(text_update(PRIVATE, "/onboarding"))
        await fake.wait_for(lambda: bool(fake.sent(chat_id=PRIVATE)))
        fake.push(callback_update(PRIVATE, f"wil:{regions.index('Kabupaten Blora')}"))
        await fake.wait_for(lambda: bool(fake.sent("editMessageText")))
        fake.push(text_update(PRIVATE, "/onboarding"))
        await fake.wait_for(lambda: len(fake.sent(chat_id=PRIVATE)) >= 2)
        first = fake.sent(chat_id=PRIVATE)[1]
        steps = int(re.search(r"\(1/(\d+)\)", first["text"]).group(1))  # type: ignore[union-attr]
        for step in range(1, steps):
            fake.push(callback_update(PRIVATE, f"ob:{step}"))
            await fake.wait_for(lambda s=step: len(fake.sent("editMessageText")) >= 1 + s)
        fake.push(callback_update(PRIVATE, f"ob:{steps - 2}"))
        await fake.wait_for(lambda: len(fake.sent("editMessageText")) >= steps + 1)

    fake = run_bot(real_services, tmp_path, scenario)
    first = fake.sent(chat_id=PRIVATE)[1]
    assert "Road map Anda" in first["text"] and "2022-2026" in first["text"]
    pages = [p["text"] for p in fake.sent("editMessageText")[1:]]
    assert any("Mall Pelayanan Publik" in p for p in pages)  # the quick wins step
    assert any("Penguatan Pengawasan: " in p and "Inspektorat" in p for p in pages)
    assert sum("Kuis" in p for p in pages) >= 3
    assert all("<a href=" in p for p in pages)  # every step cites its source
    back = fake.sent("editMessageText")[-1]
    assert [b["text"] for b in back["reply_markup"]["inline_keyboard"][0]] == [
        "◀ Kembali",
        "Lanjut ▶",
    ]
