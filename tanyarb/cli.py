"""The `tanyarb` command: the CLI composition root."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from ingest.errors import DocumentError
from retriever.answerer import QuestionError
from tanyarb.core.export import (
    UnknownFilterError,
    action_plan,
    filter_records,
    to_csv,
    to_json,
    to_table,
)
from tanyarb.core.models import Answer, lines_label
from tanyarb.core.settings import Settings
from tanyarb.core.store import IndexMismatchError
from tanyarb.services import EmptyIndexError, Services, threads_per_worker


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="tanyarb",
        description="Tanya jawab Road Map Reformasi Birokrasi, dengan kutipan baris dokumen.",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="index regulations (.txt, .md, .pdf)")
    ingest.add_argument(
        "paths", nargs="*", type=Path, help="files or folders (default: corpus dir)"
    )
    ingest.add_argument("--rebuild", action="store_true", help="drop the index and build it anew")
    ingest.add_argument(
        "--prune",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="remove indexed documents no longer present (default: on for the corpus folder)",
    )

    ask = sub.add_parser("ask", help="ask a question (no question: interactive prompt)")
    ask.add_argument("question", nargs="?", help="the question, or - to read one per stdin line")
    ask.add_argument("--region", help="limit to one region, e.g. 'Kota Blitar'")
    ask.add_argument("--json", action="store_true", help="print the JSON answer")

    search = sub.add_parser("search", help="ranked chunks for a query, with scores")
    search.add_argument("query")
    search.add_argument("-k", type=int, default=8)
    search.add_argument("--region")
    search.add_argument("--json", action="store_true")

    documents = sub.add_parser("documents", help="what is indexed, with metadata")
    documents.add_argument("--json", action="store_true")

    records = sub.add_parser("records", help="the action plan as one table (CSV, JSON, text)")
    records.add_argument("--region", help="e.g. 'Kota Blitar' or 'Blitar'")
    records.add_argument("--area", help="area perubahan, e.g. 'pengawasan'")
    records.add_argument("--format", choices=("table", "csv", "json"), default="table")

    serve = sub.add_parser("serve", help="serve the HTTP API, the widget and its demo page")
    serve.add_argument("--host", help="address to listen on (default 127.0.0.1)")
    serve.add_argument("--port", type=int, help="port (default 8000)")
    serve.add_argument("--workers", type=int, help="worker processes (default 1)")

    sub.add_parser("bot", help="run the Telegram bot (long polling)")

    feedback = sub.add_parser("feedback", help="ratings given to answers")
    feedback_sub = feedback.add_subparsers(dest="feedback_command", required=True)
    export = feedback_sub.add_parser("export", help="every rating, oldest first")
    export.add_argument("--format", choices=("csv", "json"), default="csv")

    evaluate = sub.add_parser("eval", help="score a gold set (shared/eval/README.md rules)")
    evaluate.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"))
    evaluate.add_argument("--out", type=Path, default=Path("eval/reports"))
    evaluate.add_argument(
        "--aggregate-only",
        action="store_true",
        help="figures only, no items (how the validation split is read)",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = Settings()
    services = Services(settings, for_ingest=args.command == "ingest")
    try:
        command = {
            "ingest": cmd_ingest,
            "ask": cmd_ask,
            "search": cmd_search,
            "documents": cmd_documents,
            "records": cmd_records,
            "serve": cmd_serve,
            "bot": cmd_bot,
            "feedback": cmd_feedback,
            "eval": cmd_eval,
        }[args.command]
        return command(services, args)
    except (EmptyIndexError, IndexMismatchError, DocumentError, UnknownFilterError) as exc:
        print(f"tanyarb: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(
            "\ntanyarb: dihentikan / interrupted; the index keeps its last complete state.",
            file=sys.stderr,
        )
        return 130


def cmd_ingest(services: Services, args: argparse.Namespace) -> int:
    paths = args.paths or [services.settings.corpus_dir]
    prune = args.prune if args.prune is not None else not args.paths
    report = services.ingest(paths, prune=prune, rebuild=args.rebuild)
    for outcome in report.outcomes:
        line = f"{outcome.status:9} {outcome.name}"
        if outcome.chunks:
            line += f" ({outcome.chunks} chunks)"
        if outcome.message:
            line += f": {outcome.message}"
        for warning in outcome.warnings:
            line += f" [warning: {warning}]"
        print(line, file=sys.stderr if outcome.status == "failed" else sys.stdout)
    print(
        f"done in {report.seconds:.1f} s; {report.chunks_written} chunks written; "
        f"{len(report.failed)} failed"
    )
    return 1 if report.failed else 0


def cmd_ask(services: Services, args: argparse.Namespace) -> int:
    if args.question == "-":
        return _ask_stream(services, args, sys.stdin, sys.stdout)
    if args.question is None:
        return _ask_interactive(services, args)
    try:
        answer = services.answerer.answer(args.question, region=args.region)
    except QuestionError as exc:
        if args.json:
            print(json.dumps({"question": args.question, "error": str(exc)}, ensure_ascii=False))
        else:
            print(f"tanyarb: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(answer.to_dict(), ensure_ascii=False) if args.json else format_answer(answer))
    return 0


def _ask_stream(services: Services, args: argparse.Namespace, stdin: TextIO, stdout: TextIO) -> int:
    """One JSON object per input line, in order; a bad line gets an error object, not a crash."""
    status = 0
    for line in stdin:
        question = line.rstrip("\n")
        try:
            payload = services.answerer.answer(question, region=args.region).to_dict()
        except QuestionError as exc:
            payload = {"question": question, "error": str(exc)}
            status = 2
        stdout.write(json.dumps(payload, ensure_ascii=False) + "\n")
        stdout.flush()
    return status


def _ask_interactive(services: Services, args: argparse.Namespace) -> int:
    answerer = services.answerer
    print("TanyaRB — tanya apa saja tentang Road Map Reformasi Birokrasi.")
    print(f"Wilayah: {answerer.catalog.describe()}")
    print(
        "Contoh: siapa PD yang pegang SPIP di Blitar?  (ketik 'keluar' atau Ctrl-D untuk selesai)"
    )
    while True:
        try:
            question = input("\ntanya> ").strip()
        except EOFError:
            print()
            return 0
        if question.lower() in {"keluar", "exit", "quit"}:
            return 0
        if not question:
            continue
        try:
            print(format_answer(answerer.answer(question, region=args.region)))
        except QuestionError as exc:
            print(f"! {exc}")


def format_answer(answer: Answer) -> str:
    """A readable answer: the fact first, then numbered citations."""
    lines = [answer.answer]
    if answer.citations:
        lines.append("")
        lines.append("Sumber:")
        for number, citation in enumerate(answer.citations, start=1):
            where = lines_label(citation.line_start, citation.line_end, citation.page)
            lines.append(f"  [{number}] {citation.document}, {where} — {citation.section}")
            lines.append(f"      «{citation.quote}»")
    return "\n".join(lines)


def cmd_search(services: Services, args: argparse.Namespace) -> int:
    hits = services.searcher.search(args.query, [args.region] if args.region else None, args.k)
    if args.json:
        for hit in hits:
            print(
                json.dumps(
                    {"id": hit.chunk.id, "score": round(hit.score, 5)}
                    | hit.chunk.coordinates()
                    | {"text": hit.chunk.text},
                    ensure_ascii=False,
                )
            )
        return 0
    for rank, hit in enumerate(hits, start=1):
        chunk = hit.chunk
        print(
            f"{rank:2}. {hit.score:.4f}  {chunk.document}:{chunk.line_start}-{chunk.line_end}"
            f"  [{chunk.section}]"
        )
        print("      " + " ".join(chunk.text.split())[:200])
    return 0


def cmd_documents(services: Services, args: argparse.Namespace) -> int:
    documents = services.store.documents()
    if args.json:
        print(
            json.dumps(
                [d.meta.to_dict() | {"chunks": d.chunk_count} for d in documents],
                ensure_ascii=False,
                indent=2,
            )
        )
        return 0
    if not documents:
        print("Belum ada dokumen: jalankan `tanyarb ingest`. / Nothing indexed yet.")
        return 0
    for doc in documents:
        meta = doc.meta
        print(f"{meta.name}")
        print(
            f"  {meta.region} ({meta.province or '-'}) — {meta.regulation_kind} Nomor {meta.number} "
            f"Tahun {meta.year}; periode {meta.period or '-'}; {doc.chunk_count} chunks"
        )
        print(
            f"  ditetapkan {meta.enacted or '-'}, diundangkan {meta.promulgated or '-'}"
            + (f"; mengubah {meta.amends}" if meta.amends else "")
            + (f"; mencabut {meta.revokes}" if meta.revokes else "")
        )
    return 0


def cmd_records(services: Services, args: argparse.Namespace) -> int:
    records = action_plan(services.store.records())
    if not records:
        raise EmptyIndexError("Belum ada rekaman: jalankan `tanyarb ingest`. / No records yet.")
    chosen = filter_records(records, args.region, args.area)
    render = {"csv": to_csv, "json": to_json, "table": to_table}[args.format]
    sys.stdout.write(render(chosen) + ("" if args.format == "csv" else "\n"))
    return 0


WORKER_HEALTHCHECK_S = 120


def fresh_metrics_dir(data_dir: Path) -> Path:
    """``<data dir>/metrics``, emptied: the workers' shared Prometheus files."""
    import shutil

    folder = data_dir.resolve() / "metrics"
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return folder


def cmd_serve(services: Services, args: argparse.Namespace) -> int:
    import os

    import uvicorn

    settings = services.settings
    host = args.host or settings.host
    port = args.port or settings.port
    workers = args.workers or settings.workers
    if not services.store.document_names():
        raise EmptyIndexError(
            f"Index di {settings.data_dir} masih kosong: jalankan `tanyarb ingest` dulu. "
            "/ The index is empty: run `tanyarb ingest` first."
        )
    services.store.close()
    # Worker processes read their settings from the environment, as this process did.
    os.environ["TANYARB_DATA_DIR"] = str(settings.data_dir.resolve())
    if workers > 1:
        threads = threads_per_worker(settings.threads, workers, os.cpu_count())
        os.environ["TANYARB_THREADS"] = str(threads)
        # /metrics sums every worker's samples from files here; emptied so that counts start
        # at zero and no dead worker of an earlier run is counted.
        os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(fresh_metrics_dir(settings.data_dir))
    else:
        os.environ.pop("PROMETHEUS_MULTIPROC_DIR", None)
    base = f"http://{'127.0.0.1' if host in ('0.0.0.0', '::') else host}:{port}"
    print(f"TanyaRB API    {base}/docs")
    print(f"widget demo    {base}/demo")
    print(f"health check   {base}/health")
    sys.stdout.flush()
    uvicorn.run(
        "api.main:app_from_environment",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
        # X-Forwarded-For is believed only from the proxies named in settings; uvicorn then
        # takes the nearest address no trusted proxy wrote, never the client-written leftmost.
        proxy_headers=bool(settings.forwarded_allow_ips),
        forwarded_allow_ips=settings.forwarded_allow_ips or None,
        # A spawned worker imports this CLI and loads the index before it answers the
        # supervisor's ping; uvicorn's 5 s default killed every worker of `--workers 2` on two
        # busy cores ("Child process died", over and over).
        timeout_worker_healthcheck=WORKER_HEALTHCHECK_S,
    )
    return 0


def cmd_bot(services: Services, args: argparse.Namespace) -> int:
    from bot import build_application
    from tanyarb.core.feedback import FeedbackStore

    settings = services.settings
    if not settings.telegram_token:
        print(
            "tanyarb: TANYARB_TELEGRAM_TOKEN is not set. Create a bot with @BotFather and set "
            "its token (see README, Telegram bot).",
            file=sys.stderr,
        )
        return 2
    feedback = FeedbackStore(settings.data_dir)
    application = build_application(settings, services.answerer, feedback)
    print(f"TanyaRB bot: polling {settings.telegram_api_base} (Ctrl+C to stop)")
    sys.stdout.flush()
    try:
        application.run_polling(allowed_updates=["message", "callback_query", "edited_message"])
    finally:
        feedback.close()
    return 0


def cmd_feedback(services: Services, args: argparse.Namespace) -> int:
    from tanyarb.core.feedback import FeedbackStore
    from tanyarb.core.feedback import to_csv as feedback_csv
    from tanyarb.core.feedback import to_json as feedback_json

    store = FeedbackStore(services.settings.data_dir)
    try:
        items = store.all()
    finally:
        store.close()
    render = feedback_csv if args.format == "csv" else feedback_json
    sys.stdout.write(render(items) + ("" if args.format == "csv" else "\n"))
    return 0


def cmd_eval(services: Services, args: argparse.Namespace) -> int:
    from eval.runner import run_eval

    summary, paths = run_eval(
        services.answerer, args.gold, args.out, aggregate_only=args.aggregate_only
    )
    print(f"answer accuracy   {summary['answer_accuracy']:.3f}")
    print(f"citation accuracy {summary['citation_accuracy']:.3f}")
    abst = summary["abstention"]
    print(
        f"abstention        {abst['correctly_abstained']}/{abst['unanswerable']} unanswerable "
        f"abstained; {abst['answerable_abstained']} answerable abstained"
    )
    for name, value in summary["per_type"].items():
        print(f"  {name:15} {value['accuracy']:.2f}  (n={value['n']})")
    for name, value in summary["per_language"].items():
        print(f"  language {name:6} {value['accuracy']:.2f}  (n={value['n']})")
    for name, value in summary.get("per_basis", {}).items():
        print(f"  answered by {name:10} {value['accuracy']:.2f}  (n={value['n']})")
    print(f"latency p50 {summary['latency_ms']['p50']} ms, p95 {summary['latency_ms']['p95']} ms")
    print("reports: " + ", ".join(str(p) for p in paths))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
