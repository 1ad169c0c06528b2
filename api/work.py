"""Answer work: admitted per client, queued within a bound, dropped when its client leaves.

Answering is CPU-bound and runs on a few threads. Without care, a client that posts many
comparisons and hangs up keeps those threads busy for nobody (issue 11, defect 2). Here:

- each client may have at most ``per_client`` answers queued or running (else 429);
- at most ``queue`` answers may wait for a thread (else 503 with ``Retry-After``);
- a watcher listens for the client's disconnect: an answer still waiting is dropped at once,
  one that runs stops at the next region of a comparison (:func:`raise_if_cancelled`);
- a free thread goes first to waiting answers of clients that are not heavy users, first come
  first served (:class:`FairThreads`), so a client of cheap questions is not queued behind
  one that keeps both threads busy with comparisons.
"""

from __future__ import annotations

import heapq
import itertools
import threading
import time
from collections import Counter, OrderedDict
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any, TypeVar

import anyio
from starlette.types import Receive

from api.errors import ApiError

T = TypeVar("T")

BUSY_RETRY_AFTER_S = 2
USAGE_HALF_LIFE_S = 10.0  # how fast a client's recent thread time is forgotten
# A client whose decayed thread time exceeds this is heavy: it held about a third of one
# thread for the last half-minute (a client of ordinary questions in a closed loop: ~2.6 s).
HEAVY_CLIENT_S = 5.0
MAX_TRACKED_CLIENTS = 10_000
# Set in the worker thread while an answer runs for a client that may leave.
_CANCEL: ContextVar[threading.Event | None] = ContextVar("tanyarb_answer_cancel", default=None)


class AnswerCancelled(Exception):
    """The client of the running answer disconnected: stop, nobody reads the result."""


def raise_if_cancelled() -> None:
    """Called between steps of long work (each region of a comparison)."""
    event = _CANCEL.get()
    if event is not None and event.is_set():
        raise AnswerCancelled


def cancellable(step: Callable[..., T]) -> Callable[..., T]:
    """``step`` preceded by a cancellation check (wraps a comparison's per-region search)."""

    def checked(*args: Any, **kwargs: Any) -> T:
        raise_if_cancelled()
        return step(*args, **kwargs)

    return checked


def client_gone() -> ApiError:
    # 499 (nginx's "client closed request"): nobody reads it, but /metrics counts it.
    return ApiError(
        499, "client_closed_request", "Klien menutup koneksi.", "The client closed the connection."
    )


def too_many_in_flight(limit: int) -> ApiError:
    return ApiError(
        429,
        "too_many_in_flight",
        f"Masih ada {limit} pertanyaan Anda yang sedang dijawab. Tunggu jawabannya dulu.",
        f"{limit} of your questions are still being answered. Wait for their answers first.",
        headers={"Retry-After": "1"},
    )


def busy() -> ApiError:
    return ApiError(
        503,
        "busy",
        f"Layanan sedang sibuk. Coba lagi dalam {BUSY_RETRY_AFTER_S} detik.",
        f"The service is busy. Try again in {BUSY_RETRY_AFTER_S} s.",
        headers={"Retry-After": str(BUSY_RETRY_AFTER_S)},
    )


class FairThreads:
    """``threads`` slots, first come first served, except that waiters of heavy clients (recent
    thread time, decayed with half-life ``USAGE_HALF_LIFE_S``, over ``HEAVY_CLIENT_S``) come
    after everyone else's. Ordering every waiter by usage was measured worse: clients of
    ordinary questions starved each other (honest p95 410 ms against 279 ms first come, first
    served, on the same busy machine)."""

    def __init__(self, threads: int, clock: Callable[[], float] = time.monotonic) -> None:
        self.threads = threads
        self.busy = 0
        self._clock = clock
        self._waiters: list[tuple[float, int, anyio.Event]] = []
        self._order = itertools.count()
        self._usage: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @property
    def free(self) -> int:
        return self.threads - self.busy

    def usage(self, client: str) -> float:
        value, since = self._usage.get(client, (0.0, 0.0))
        return value * 0.5 ** ((self._clock() - since) / USAGE_HALF_LIFE_S)

    def charge(self, client: str, seconds: float) -> None:
        self._usage[client] = (self.usage(client) + seconds, self._clock())
        self._usage.move_to_end(client)
        while len(self._usage) > MAX_TRACKED_CLIENTS:
            self._usage.popitem(last=False)

    async def acquire(self, client: str) -> None:
        if self.busy < self.threads and not self._waiters:
            self.busy += 1
            return
        heavy = 1.0 if self.usage(client) > HEAVY_CLIENT_S else 0.0
        entry = (heavy, next(self._order), anyio.Event())
        heapq.heappush(self._waiters, entry)
        try:
            await entry[2].wait()  # release() counted this waiter as busy before waking it
        except BaseException:
            if entry[2].is_set():  # woken and cancelled at once: hand the slot on
                self.release()
            else:
                self._waiters.remove(entry)
                heapq.heapify(self._waiters)
            raise

    def release(self) -> None:
        if self._waiters:
            _usage, _order, event = heapq.heappop(self._waiters)
            event.set()  # the slot passes to it directly: busy stays as it is
        else:
            self.busy -= 1


class AnswerGate:
    """``threads`` answers at a time; a bounded queue; a cap of answers per client.

    Used from the event loop only (no lock needed): admission is decided synchronously.
    """

    def __init__(self, threads: int, per_client: int, queue: int) -> None:
        self.threads = FairThreads(threads)
        self.per_client = per_client
        self.queue = queue
        self.in_flight: Counter[str] = Counter()
        self.waiting = 0
        self.cancelled = 0  # answers dropped or stopped because their client left

    def admit(self, client: str) -> None:
        """Raise 429 when ``client`` has its cap in flight, 503 when the queue is full."""
        if self.per_client and self.in_flight[client] >= self.per_client:
            raise too_many_in_flight(self.per_client)
        if self.waiting >= self.queue and self.threads.free < 1:
            raise busy()

    async def run(self, client: str, receive: Receive, work: Callable[[], T]) -> T:
        """``work`` on a thread for ``client``, unless it leaves first (then 499)."""
        self.admit(client)
        cancel = threading.Event()
        outcome: list[tuple[bool, Any]] = []
        self.in_flight[client] += 1
        try:
            async with anyio.create_task_group() as group:

                async def watch() -> None:
                    while (await receive())["type"] != "http.disconnect":
                        pass
                    cancel.set()
                    group.cancel_scope.cancel()  # a waiting answer leaves the queue now

                async def answer() -> None:
                    try:
                        outcome.append((True, await self._on_thread(client, cancel, work)))
                    except Exception as exc:
                        outcome.append((False, exc))
                    finally:
                        group.cancel_scope.cancel()  # the watcher is done too

                group.start_soon(watch)
                group.start_soon(answer)
        finally:
            self.in_flight[client] -= 1
            if self.in_flight[client] <= 0:
                del self.in_flight[client]
        if not outcome or isinstance(outcome[0][1], AnswerCancelled):
            self.cancelled += 1
            raise client_gone()
        ok, value = outcome[0]
        if not ok:
            raise value
        return value

    async def _on_thread(self, client: str, cancel: threading.Event, work: Callable[[], T]) -> T:
        self.waiting += 1
        try:
            await self.threads.acquire(client)
        finally:
            self.waiting -= 1
        started = time.perf_counter()
        try:
            return await anyio.to_thread.run_sync(_in_thread, cancel, work)
        finally:
            self.threads.charge(client, time.perf_counter() - started)
            self.threads.release()


def _in_thread(cancel: threading.Event, work: Callable[[], T]) -> T:
    if cancel.is_set():  # the client left while the answer waited
        raise AnswerCancelled
    token = _CANCEL.set(cancel)
    try:
        return work()
    finally:
        _CANCEL.reset(token)
