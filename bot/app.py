"""The Telegram bot: ``build_application(settings, answerer)`` wires handlers as small verbs.

Private chats: any text is a question. Groups: only a command, a mention of the bot, or a
reply to the bot. Retrieval runs off the event loop; answers are Telegram HTML, escaped, split
under 4096 characters at block boundaries. Chat state (default region, last answers,
onboarding step) is kept in SQLite in ``TANYARB_DATA_DIR`` (:mod:`bot.state`), pruned and bounded.
"""

from __future__ import annotations

import asyncio
import collections
import html
import logging
import secrets
from typing import Any, cast

from telegram import (
    BotCommand,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    Update,
)
from telegram.constants import ChatAction, ChatType, ParseMode
from telegram.ext import (
    AIORateLimiter,
    Application,
    ApplicationBuilder,
    ApplicationHandlerStop,
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    TypeHandler,
    filters,
)

from bot.onboarding import Tour, build_tour
from bot.render import answer_blocks, citation_line, pack
from bot.state import SqlitePersistence
from retriever.answerer import Answerer, QuestionError
from retriever.query import analyze
from tanyarb.core.feedback import Feedback, FeedbackStore
from tanyarb.core.models import Answer, Citation, view_path
from tanyarb.core.settings import Settings

log = logging.getLogger("tanyarb.bot")

EXAMPLES = (
    "siapa PD yang pegang SPIP di Kota Blitar?",
    "Quick win apa saja di Kabupaten Blora?",
    "bandingkan penanggung jawab SPIP di Blitar dan Pasuruan",
)
COMMANDS = (
    ("start", "Apa itu TanyaRB"),
    ("help", "Cara bertanya"),
    ("wilayah", "Pilih wilayah bawaan chat ini"),
    ("bandingkan", "Bandingkan antarwilayah"),
    ("sumber", "Sumber lengkap jawaban terakhir"),
    ("onboarding", "Tur road map untuk agen perubahan"),
)
SEEN_UPDATES = 2000

Context = ContextTypes.DEFAULT_TYPE


def build_application(
    settings: Settings,
    answerer: Answerer,
    feedback: FeedbackStore,
    *,
    persistence: bool = True,
) -> Application[Any, Any, Any, Any, Any, Any]:
    """The bot, ready for ``run_polling`` or for webhook updates fed by the API."""
    if not settings.telegram_token:
        raise ValueError("TANYARB_TELEGRAM_TOKEN is not set: create a bot with @BotFather first.")
    base = settings.telegram_api_base.rstrip("/")
    builder = (
        ApplicationBuilder()
        .token(settings.telegram_token)
        .base_url(f"{base}/bot")
        .base_file_url(f"{base}/file/bot")
        .rate_limiter(AIORateLimiter(max_retries=5))
        .concurrent_updates(True)
        .post_init(_set_commands)
    )
    if persistence:
        # Only chat state is kept: bot_data holds the answerer and stores, built anew per run.
        builder = builder.persistence(
            SqlitePersistence(
                settings.data_dir,
                keep_days=settings.telegram_state_days,
                max_answers=settings.telegram_kept_answers,
            )
        )
    application = builder.build()
    application.bot_data.update(
        answerer=answerer,
        feedback=feedback,
        settings=settings,
        seen=collections.deque(maxlen=SEEN_UPDATES),
    )
    application.add_handler(TypeHandler(Update, skip_duplicates), group=-2)
    application.add_handler(TypeHandler(Update, refuse_other_chats), group=-1)
    application.add_handler(CommandHandler("start", start))
    application.add_handler(CommandHandler("help", help_text))
    application.add_handler(CommandHandler("wilayah", choose_region))
    application.add_handler(CommandHandler("bandingkan", compare))
    application.add_handler(CommandHandler("sumber", sources))
    application.add_handler(CommandHandler("onboarding", onboarding))
    application.add_handler(CallbackQueryHandler(set_region, pattern=r"^wil:"))
    application.add_handler(CallbackQueryHandler(rate, pattern=r"^fb:"))
    application.add_handler(CallbackQueryHandler(ask_example, pattern=r"^ex:"))
    application.add_handler(CallbackQueryHandler(tour_step, pattern=r"^ob:"))
    application.add_handler(MessageHandler(filters.COMMAND, unknown_command))
    application.add_handler(
        MessageHandler(filters.TEXT & ~filters.COMMAND & ~filters.UpdateType.EDITED, question)
    )
    application.add_handler(
        MessageHandler(
            filters.ChatType.PRIVATE & ~filters.TEXT & ~filters.UpdateType.EDITED, not_text
        )
    )
    application.add_error_handler(report_error)
    return application


async def _set_commands(application: Application[Any, Any, Any, Any, Any, Any]) -> None:
    await application.bot.set_my_commands([BotCommand(c, d) for c, d in COMMANDS])


def _answerer(context: Context) -> Answerer:
    return cast(Answerer, context.bot_data["answerer"])


def _settings(context: Context) -> Settings:
    return cast(Settings, context.bot_data["settings"])


# ---- gatekeeping ------------------------------------------------------------------------------
async def skip_duplicates(update: Update, context: Context) -> None:
    """An update delivered twice (a webhook retry) is handled once."""
    seen: collections.deque[int] = context.bot_data["seen"]
    if update.update_id in seen:
        raise ApplicationHandlerStop
    seen.append(update.update_id)


async def refuse_other_chats(update: Update, context: Context) -> None:
    allowed = _settings(context).telegram_allowed_chats
    chat = update.effective_chat
    if not allowed or chat is None or chat.id in allowed:
        return
    if update.effective_message and not update.callback_query:
        await update.effective_message.reply_text(
            "Maaf, TanyaRB belum dibuka untuk chat ini. Hubungi Bagian Organisasi untuk akses."
        )
    raise ApplicationHandlerStop


# ---- commands ---------------------------------------------------------------------------------
async def start(update: Update, context: Context) -> None:
    answerer = _answerer(context)
    message = cast(Message, update.effective_message)
    text = (
        "<b>TanyaRB</b> menjawab pertanyaan tentang <i>Road Map Reformasi Birokrasi</i> "
        "pemerintah daerah, dengan kutipan baris dokumennya. Bila dokumen tidak memuatnya, "
        "TanyaRB mengatakannya.\n\n"
        f"Wilayah: {html.escape(answerer.catalog.describe())}.\n\n"
        "Tulis pertanyaan Anda, mis. siapa penanggung jawab, kapan dijadwalkan, berapa "
        "targetnya. Di grup, sebut @bot ini atau balas pesannya. Coba salah satu:"
    )
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(q, callback_data=f"ex:{i}")] for i, q in enumerate(EXAMPLES)]
    )
    await message.reply_text(text, parse_mode=ParseMode.HTML, reply_markup=keyboard)


async def help_text(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    await message.reply_text(
        "Cara bertanya:\n"
        "• Tulis pertanyaan biasa: «siapa PD yang pegang SAKIP di Blora?», «target indeks RB "
        "Kota Madiun 2024?», «quick win apa saja di Bengkulu?».\n"
        "• /wilayah — pilih wilayah bawaan untuk chat ini.\n"
        "• /bandingkan pertanyaan — jawaban untuk semua wilayah, berdampingan.\n"
        "• /sumber — kutipan lengkap jawaban terakhir.\n"
        "• /onboarding — tur road map untuk agen perubahan.\n"
        "Di grup: sebut bot ini, balas pesannya, atau pakai perintah."
    )


async def choose_region(update: Update, context: Context) -> None:
    regions = _answerer(context).catalog.regions
    message = cast(Message, update.effective_message)
    current = (context.chat_data or {}).get("region")
    keyboard = InlineKeyboardMarkup(
        [[InlineKeyboardButton(r, callback_data=f"wil:{i}")] for i, r in enumerate(regions)]
    )
    note = f" (sekarang: {current})" if current else ""
    await message.reply_text(f"Pilih wilayah bawaan chat ini{note}:", reply_markup=keyboard)


async def set_region(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    regions = _answerer(context).catalog.regions
    index = int(query.data.split(":", 1)[1])
    if not 0 <= index < len(regions):
        await query.answer("Wilayah tidak dikenal.")
        return
    region = regions[index]
    cast(dict[str, Any], context.chat_data)["region"] = region
    await query.answer(f"Wilayah: {region}")
    await query.edit_message_text(
        f"Wilayah bawaan chat ini: {region}. Pertanyaan tanpa nama wilayah memakai wilayah ini."
    )


async def compare(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    text = " ".join(context.args or []).strip()
    if not text:
        await message.reply_text(
            "Tulis pertanyaannya setelah perintah, mis. /bandingkan penanggung jawab SPIP"
        )
        return
    await _send_answer(update, context, text, comparison=True)


async def sources(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    last = (context.chat_data or {}).get("last")
    if not last:
        await message.reply_text("Belum ada jawaban di chat ini. Ajukan pertanyaan dulu.")
        return
    lines = [f"<b>Sumber untuk:</b> {html.escape(last['question'])}"]
    lines += _source_lines(context, last["citations"], with_quote=True)
    for part in pack(lines):
        await message.reply_text(part, parse_mode=ParseMode.HTML)


async def onboarding(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    chat_data = cast(dict[str, Any], context.chat_data)
    region = chat_data.get("region")
    if not region:
        await message.reply_text(
            "Pilih wilayah Anda dulu dengan /wilayah, lalu jalankan /onboarding lagi."
        )
        return
    tour = await asyncio.to_thread(build_tour, _answerer(context), region)
    chat_data["tour"] = {"region": region, "steps": tour.steps}
    chat_data["tour_step"] = 0
    await message.reply_text(
        _tour_text(context, tour, 0), parse_mode=ParseMode.HTML, reply_markup=_tour_keys(tour, 0)
    )


async def tour_step(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    chat_data = cast(dict[str, Any], context.chat_data)
    saved = chat_data.get("tour")
    if not saved:
        await query.answer("Mulai lagi dengan /onboarding.")
        return
    tour = Tour(saved["region"], saved["steps"])
    step = max(0, min(int(query.data.split(":", 1)[1]), len(tour.steps) - 1))
    chat_data["tour_step"] = step
    await query.answer()
    await query.edit_message_text(
        _tour_text(context, tour, step),
        parse_mode=ParseMode.HTML,
        reply_markup=_tour_keys(tour, step),
        disable_web_page_preview=True,
    )


def _tour_text(context: Context, tour: Tour, step: int) -> str:
    page = tour.steps[step]
    lines = [f"<b>{html.escape(page['title'])}</b> ({step + 1}/{len(tour.steps)})", ""]
    lines.append(html.escape(page["text"], quote=False))
    if page.get("answer"):
        lines.append(
            f"Jawaban: <tg-spoiler>{html.escape(page['answer'], quote=False)}</tg-spoiler>"
        )
    lines += _source_lines(context, page["citations"])
    return pack(lines)[0]


def _tour_keys(tour: Tour, step: int) -> InlineKeyboardMarkup:
    row = []
    if step > 0:
        row.append(InlineKeyboardButton("◀ Kembali", callback_data=f"ob:{step - 1}"))
    if step < len(tour.steps) - 1:
        row.append(InlineKeyboardButton("Lanjut ▶", callback_data=f"ob:{step + 1}"))
    return InlineKeyboardMarkup([row])


async def unknown_command(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    if message.chat.type != ChatType.PRIVATE and not _addressed_to_me(message, context):
        return
    await message.reply_text("Perintah itu tidak dikenal. Lihat /help untuk perintah yang ada.")


async def not_text(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    await message.reply_text(
        "TanyaRB hanya membaca pertanyaan berupa teks. Silakan ketik pertanyaan Anda."
    )


# ---- questions --------------------------------------------------------------------------------
def _addressed_to_me(message: Message, context: Context) -> bool:
    username = (context.bot.username or "").lower()
    text = (message.text or "").lower()
    replied = message.reply_to_message
    return bool(
        (username and f"@{username}" in text)
        or (replied and replied.from_user and replied.from_user.id == context.bot.id)
    )


async def question(update: Update, context: Context) -> None:
    message = cast(Message, update.effective_message)
    text = message.text or ""
    if message.chat.type != ChatType.PRIVATE:
        if not _addressed_to_me(message, context):
            return
        username = context.bot.username or ""
        text = text.replace(f"@{username}", " ").strip()
    if not text.strip():
        await message.reply_text("Pertanyaannya kosong. Tulis pertanyaan Anda, mis. /help.")
        return
    await _send_answer(update, context, text)


async def ask_example(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    index = int(query.data.split(":", 1)[1])
    if 0 <= index < len(EXAMPLES):
        await _send_answer(update, context, EXAMPLES[index])


async def _send_answer(
    update: Update, context: Context, text: str, *, comparison: bool = False
) -> None:
    chat = update.effective_chat
    assert chat is not None
    answerer = _answerer(context)
    chat_data = cast(dict[str, Any], context.chat_data)
    try:
        text = answerer.check_question(text)
    except QuestionError as exc:
        await context.bot.send_message(chat.id, exc.indonesian)
        return
    asked = analyze(text, answerer.catalog)
    region = chat_data.get("region")
    assumed = region if region and not asked.regions and not comparison else None
    await context.bot.send_chat_action(chat.id, ChatAction.TYPING)
    if comparison:
        answer = await asyncio.to_thread(answerer.compare, text)
    else:
        answer = await asyncio.to_thread(answerer.answer, text, assumed)
    blocks = answer_blocks(
        answer,
        answerer.document_label,
        lambda c: _link(context, c),
        assumed_region=assumed if not answer.abstained else None,
        english=asked.english,
    )
    answer_id = _remember(chat_data, context, text, answer)
    parts = pack(blocks)
    keyboard = InlineKeyboardMarkup(
        [
            [
                InlineKeyboardButton("👍", callback_data=f"fb:up:{answer_id}"),
                InlineKeyboardButton("👎", callback_data=f"fb:down:{answer_id}"),
            ]
        ]
    )
    reply_to = update.effective_message.message_id if update.effective_message else None
    for index, part in enumerate(parts):
        last = index == len(parts) - 1
        await context.bot.send_message(
            chat.id,
            part,
            parse_mode=ParseMode.HTML,
            reply_markup=keyboard if last and not answer.abstained else None,
            reply_to_message_id=reply_to if index == 0 and chat.type != ChatType.PRIVATE else None,
            disable_web_page_preview=True,
        )


def _remember(chat_data: dict[str, Any], context: Context, text: str, answer: Answer) -> str:
    """Keep the answer for its 👍/👎 buttons (the last few per chat) and for /sumber."""
    answer_id = secrets.token_hex(4)
    kept: dict[str, Any] = chat_data.setdefault("answers", {})
    kept[answer_id] = {"question": text, "answer": answer.answer, "region": answer.region}
    for old in list(kept)[: max(0, len(kept) - _settings(context).telegram_kept_answers)]:
        del kept[old]
    chat_data["last"] = {
        "question": text,
        "citations": [c.to_dict() for c in answer.citations],
    }
    return answer_id


async def rate(update: Update, context: Context) -> None:
    query = update.callback_query
    assert query is not None and query.data is not None
    _, rating, raw_id = query.data.split(":", 2)
    kept = (context.chat_data or {}).get("answers", {})
    item = kept.get(raw_id)
    if item is None or rating not in ("up", "down"):
        await query.answer("Jawaban itu sudah tidak tersimpan.")
        return
    store = cast(FeedbackStore, context.bot_data["feedback"])
    await asyncio.to_thread(
        store.add,
        Feedback(
            question=item["question"],
            answer=item["answer"],
            rating=rating,
            channel="telegram",
            region=item["region"],
        ),
    )
    await query.answer("Terima kasih atas penilaian Anda.")
    await query.edit_message_reply_markup(reply_markup=None)


def _source_lines(
    context: Context, citations: list[dict[str, Any]], *, with_quote: bool = False
) -> list[str]:
    """Numbered source lines for citations kept in chat state (as plain dicts)."""
    answerer = _answerer(context)
    lines = []
    for number, raw in enumerate(citations, 1):
        citation = Citation(**raw)
        label = answerer.document_label(citation.document)
        lines.append(
            citation_line(number, citation, label, _link(context, citation), with_quote=with_quote)
        )
    return lines


def _link(context: Context, citation: Citation) -> str | None:
    """The API's view of the cited lines, when the API has a public address."""
    base = _settings(context).public_base_url
    if not base:
        return None
    return base.rstrip("/") + view_path(citation.document, citation.line_start, citation.line_end)


async def report_error(update: object, context: Context) -> None:
    log.error("update failed", exc_info=context.error)
    if isinstance(update, Update) and update.effective_chat:
        try:
            await context.bot.send_message(
                update.effective_chat.id, "Maaf, terjadi kesalahan. Silakan coba lagi."
            )
        except Exception:  # the error report itself must never raise
            log.exception("could not report the error")
