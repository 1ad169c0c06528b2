"""Issue 11, defect 2: answers for clients that left are dropped, and one client cannot flood.

uvicorn serves the app on loopback in a thread; a comparison's per-region search is slowed
(and counted) so that what runs and what is dropped can be seen.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest

from api import create_app
from retriever.answerer import Answerer
from retriever.finding import Finding
from retriever.query import Query

from .conftest import api_settings, free_port, served_in_thread

COMPARISON = "bandingkan rencana kiwi di semua wilayah"
REGION_S = 0.4  # each region of a comparison takes this long here


@pytest.fixture
def searched(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[str]]:
    """The regions searched, in order; each search takes ``REGION_S``."""
    calls: list[str] = []
    lock = threading.Lock()
    original = Answerer._find

    def slow_find(self: Answerer, query: Query, region: str | None) -> Finding:
        with lock:
            calls.append(region or "")
        time.sleep(REGION_S)
        return original(self, query, region)

    monkeypatch.setattr(Answerer, "_find", slow_find)
    yield calls


def _post_and_hang_up(port: int, question: str) -> socket.socket:
    body = json.dumps({"question": question}).encode()
    connection = socket.create_connection(("127.0.0.1", port))
    connection.sendall(
        b"POST /ask HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        + f"Content-Length: {len(body)}\r\n\r\n".encode()
        + body
    )
    return connection


def test_answers_of_clients_that_left_stop_and_queued_ones_never_start(
    three_regions: Path, searched: list[str]
) -> None:
    settings = api_settings(three_regions, embedder="hashing", max_answers_per_client=0)
    port = free_port()
    with served_in_thread(create_app(settings), port) as base:
        assert (
            httpx.post(f"{base}/ask", json={"question": COMPARISON}, timeout=30).status_code == 200
        )
        assert len(searched) == 3  # a comparison searches each of the three regions
        searched.clear()
        # Three comparisons, then their clients leave: two run on the two answer threads, the
        # third waits for one.
        sockets = [_post_and_hang_up(port, COMPARISON) for _ in range(3)]
        time.sleep(REGION_S / 2)
        for connection in sockets:
            connection.close()
        time.sleep(REGION_S * 4)
        # Old code: 9 searches (every region of every comparison), 3.6 s of two threads.
        assert len(searched) <= 2, searched  # at most the first region of the two that ran
        began = time.perf_counter()
        simple = httpx.post(f"{base}/ask", json={"question": "kiwi di Kota Alfa?"}, timeout=30)
        assert simple.status_code == 200
        assert time.perf_counter() - began < REGION_S * 2
        metrics = httpx.get(f"{base}/metrics", timeout=10).text
        assert 'status="499"' in metrics


def test_one_client_is_capped_and_a_full_queue_answers_503_with_retry_after(
    three_regions: Path, searched: list[str]
) -> None:
    settings = api_settings(
        three_regions, embedder="hashing", max_answers_per_client=1, answer_queue=1
    )
    port = free_port()
    app = create_app(settings)

    async def scenario(base: str) -> list[httpx.Response]:
        gate = app.state.runtime.gate

        async def until(condition: Callable[[], bool]) -> None:
            while not condition():
                await asyncio.sleep(0.01)

        async def ask(address: str) -> httpx.Response:
            transport = httpx.AsyncHTTPTransport(local_address=address)
            async with httpx.AsyncClient(base_url=base, transport=transport, timeout=30) as http:
                return await http.post("/ask", json={"question": COMPARISON})

        # .2 and .3 run on the two answer threads, .4 waits in the queue of one...
        first = asyncio.create_task(ask("127.0.0.2"))
        await until(lambda: gate.threads.busy == 1)
        second = asyncio.create_task(ask("127.0.0.3"))
        await until(lambda: gate.threads.busy == 2)
        third = asyncio.create_task(ask("127.0.0.4"))
        await until(lambda: gate.waiting == 1)
        # ...so .5 finds the queue full, and .2 already has its one answer in flight.
        full = await ask("127.0.0.5")
        capped = await ask("127.0.0.2")
        return [*await asyncio.gather(first, second, third), full, capped]

    with served_in_thread(app, port) as base:
        responses = asyncio.run(scenario(base))
    codes = [r.status_code for r in responses]
    assert codes == [200, 200, 200, 503, 429], codes
    full = responses[3]
    assert full.json()["error"] == "busy" and int(full.headers["retry-after"]) >= 1
    capped = responses[4]
    assert capped.json()["error"] == "too_many_in_flight" and "retry-after" in capped.headers


def test_a_free_thread_goes_to_a_newcomer_before_a_heavy_client(
    three_regions: Path, searched: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A client that keeps both threads busy with comparisons does not queue a newcomer's
    question behind its own next comparison."""
    monkeypatch.setattr("api.work.HEAVY_CLIENT_S", 1.0)  # one slowed comparison makes heavy
    settings = api_settings(three_regions, embedder="hashing", max_answers_per_client=0)
    port = free_port()
    app = create_app(settings)
    finished: list[str] = []

    async def scenario(base: str) -> None:
        gate = app.state.runtime.gate

        async def until(condition: Callable[[], bool]) -> None:
            while not condition():
                await asyncio.sleep(0.01)

        async def ask(address: str, question: str, name: str) -> None:
            transport = httpx.AsyncHTTPTransport(local_address=address)
            async with httpx.AsyncClient(base_url=base, transport=transport, timeout=30) as http:
                response = await http.post("/ask", json={"question": question})
            assert response.status_code == 200
            finished.append(name)

        await ask("127.0.0.2", COMPARISON, "heavy-0")  # 1.2 s of thread time used
        tasks = [asyncio.create_task(ask("127.0.0.2", COMPARISON, "heavy-1"))]
        await until(lambda: gate.threads.busy == 1)
        await asyncio.sleep(REGION_S * 1.5)  # the two threads come free at different times
        tasks.append(asyncio.create_task(ask("127.0.0.2", COMPARISON, "heavy-2")))
        await until(lambda: gate.threads.busy == 2)
        tasks.append(asyncio.create_task(ask("127.0.0.2", COMPARISON, "heavy-3")))
        await until(lambda: gate.waiting == 1)
        tasks.append(asyncio.create_task(ask("127.0.0.3", COMPARISON, "newcomer")))
        await until(lambda: gate.waiting == 2)
        await asyncio.gather(*tasks)

    with served_in_thread(app, port) as base:
        asyncio.run(scenario(base))
    # First come, first served would give the first free thread to heavy-3, and the newcomer
    # would wait for the second.
    assert finished.index("newcomer") < finished.index("heavy-3"), finished
