"""Bot benchmark: many chats asking at once through the real Application and a fake Bot API.

Run it with ``python -m eval.bot_load`` (``make bot-load``). 20 chats each ask 10 dev questions,
one after another (the next once the previous is answered), all chats at the same time. It
reports answers per second, the p50/p95 time from an update being served to the bot until
its answer's sendMessage reaches the server, and whether every question got exactly one answer.
It is a measurement, not a test; the bot's HTTP goes over loopback to ``bot.fakeserver``.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bot.fakeserver import FakeBotApi
from eval.benchmark import percentile


def _more_than(fake: FakeBotApi, chat_id: int, count: int) -> Callable[[], bool]:
    return lambda: len(fake.sent(chat_id=chat_id)) > count


async def _chat(fake: FakeBotApi, chat_id: int, questions: list[str], out: list[float]) -> int:
    from bot.fakeserver import text_update

    answered = 0
    for question in questions:
        before = len(fake.sent(chat_id=chat_id))
        pushed = time.monotonic()
        fake.push(text_update(chat_id, question))
        await fake.wait_for(_more_than(fake, chat_id, before), timeout=120)
        with fake._lock:  # the time the answer's sendMessage arrived
            stamps = [
                t
                for (m, p), t in zip(fake.calls, fake.stamps, strict=True)
                if m == "sendMessage" and int(p.get("chat_id", 0)) == chat_id
            ]
        out.append((stamps[before] - pushed) * 1000)
        answered += 1
    return answered


def run(data_dir: Path, questions: list[str], chats: int, per_chat: int) -> dict[str, object]:
    from bot import build_application
    from bot.fakeserver import serve
    from tanyarb.core.feedback import FeedbackStore
    from tanyarb.core.settings import Settings
    from tanyarb.services import Services

    services = Services(Settings(data_dir=data_dir))
    answerer = services.answerer
    answerer.searcher.warm_up()
    fake = FakeBotApi()
    latencies: list[float] = []
    with tempfile.TemporaryDirectory() as state, serve(fake) as base:
        settings = Settings(
            data_dir=Path(state), telegram_token="123:BENCH", telegram_api_base=base
        )
        feedback = FeedbackStore(Path(state))

        async def main() -> float:
            application = build_application(settings, answerer, feedback)
            async with application:
                await application.start()
                assert application.updater is not None
                await application.updater.start_polling(poll_interval=0.0, timeout=1)
                started = time.monotonic()
                await asyncio.gather(
                    *(
                        _chat(
                            fake,
                            1000 + c,
                            [
                                questions[(c * per_chat + i) % len(questions)]
                                for i in range(per_chat)
                            ],
                            latencies,
                        )
                        for c in range(chats)
                    )
                )
                elapsed = time.monotonic() - started
                await asyncio.sleep(1.0)  # any duplicate answer would arrive now
                await application.updater.stop()
                await application.stop()
                return elapsed

        elapsed = asyncio.run(main())
        feedback.close()
    counts = [len(fake.sent(chat_id=1000 + c)) for c in range(chats)]
    return {
        "chats": chats,
        "questions": chats * per_chat,
        "seconds": elapsed,
        "answers_per_second": len(latencies) / elapsed if elapsed else 0.0,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "max_ms": max(latencies, default=0.0),
        "messages_per_chat": counts,
        "exactly_one_answer_each": all(n == per_chat for n in counts),
    }


def main(argv: Sequence[str] | None = None) -> int:
    from eval.scoring import load_gold

    parser = argparse.ArgumentParser(prog="python -m eval.bot_load", description=__doc__)
    parser.add_argument("--data-dir", type=Path, default=Path("var"), help="an ingested index")
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    parser.add_argument("--chats", type=int, default=20)
    parser.add_argument("--per-chat", type=int, default=10)
    parser.add_argument("--out", type=Path, default=Path("eval/reports"))
    args = parser.parse_args(argv)
    # Answers that split over several messages would count twice: keep the dev questions,
    # whose answers fit in one message.
    questions = [str(item["question"]) for item in load_gold(args.gold)]
    report = run(args.data_dir, questions, args.chats, args.per_chat)
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"bot-load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, indent=2) + "\n", encoding="utf-8")
    print("| chats | questions | answers/s | p50 (ms) | p95 (ms) | max (ms) | one answer each |")
    print("|---:|---:|---:|---:|---:|---:|---|")
    print(
        f"| {report['chats']} | {report['questions']} | {report['answers_per_second']:.1f} | "
        f"{report['p50_ms']:.0f} | {report['p95_ms']:.0f} | {report['max_ms']:.0f} | "
        f"{'yes' if report['exactly_one_answer_each'] else 'NO'} |"
    )
    print(f"report: {path}", file=sys.stderr)
    return 0 if report["exactly_one_answer_each"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
