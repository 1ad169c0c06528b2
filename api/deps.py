"""Typed dependencies: what a route needs, taken from the runtime the lifespan built."""

from __future__ import annotations

import hmac
import ipaddress
from typing import Annotated

from fastapi import Depends, Request

from api.errors import ApiError
from api.limits import too_many_requests
from api.runtime import Runtime
from retriever.answerer import Answerer
from tanyarb.core.feedback import FeedbackStore
from tanyarb.core.store import IndexStore


def get_runtime(request: Request) -> Runtime:
    runtime: Runtime | None = getattr(request.app.state, "runtime", None)
    if runtime is None:
        raise ApiError(
            503,
            "not_ready",
            "Layanan belum siap: indeks sedang dimuat.",
            "The service is not ready: the index is still loading.",
        )
    return runtime


RuntimeDep = Annotated[Runtime, Depends(get_runtime)]


def get_answerer(runtime: RuntimeDep) -> Answerer:
    return runtime.answerer


def get_store(runtime: RuntimeDep) -> IndexStore:
    return runtime.services.store


def get_feedback(runtime: RuntimeDep) -> FeedbackStore:
    return runtime.feedback


def client_key(request: Request) -> str:
    """Who a request counts against: the client address the server resolved.

    Behind a proxy named in ``TANYARB_FORWARDED_ALLOW_IPS`` uvicorn has already replaced the
    peer with the address that proxy saw; a header the client wrote is never read here.
    """
    return request.client.host if request.client else "unknown"


def address_allowed(host: str, networks: list[str]) -> bool:
    """Whether ``host`` (an IP address) lies in one of ``networks`` (addresses or CIDR)."""
    try:
        address = ipaddress.ip_address(host)
    except ValueError:
        return False
    return any(address in ipaddress.ip_network(n, strict=False) for n in networks)


def header_bytes(request: Request, name: str) -> bytes | None:
    """A request header's bytes as sent (Starlette decodes them as Latin-1), or ``None``."""
    value = request.headers.get(name)
    return value.encode("latin-1") if value is not None else None


def secret_matches(sent: bytes | None, expected: str) -> bool:
    """Constant-time comparison of bytes: a header may hold any byte, not only ASCII."""
    return sent is not None and hmac.compare_digest(sent, expected.encode())


def metrics_allowed(request: Request, runtime: RuntimeDep) -> None:
    """/metrics for the addresses of ``TANYARB_METRICS_ALLOW_IPS`` (loopback by default), or
    from anywhere with ``Authorization: Bearer <TANYARB_METRICS_TOKEN>``; else 403."""
    settings = runtime.settings
    token = settings.metrics_token
    sent = header_bytes(request, "authorization")
    if token is not None and secret_matches(sent, f"Bearer {token.get_secret_value()}"):
        return
    if address_allowed(client_key(request), settings.metrics_allow_ips):
        return
    raise ApiError(
        403,
        "forbidden",
        "Metrik hanya untuk alamat yang diizinkan (TANYARB_METRICS_ALLOW_IPS) atau dengan token.",
        "Metrics are only for allowed addresses (TANYARB_METRICS_ALLOW_IPS) or with the token.",
    )


def rate_limited(request: Request, runtime: RuntimeDep) -> None:
    """Counts the request against its client; 429 with Retry-After past the limit."""
    wait = runtime.limiter.check(client_key(request))
    if wait > 0:
        runtime.metrics.observe_rate_limited()
        raise too_many_requests(wait)


AnswererDep = Annotated[Answerer, Depends(get_answerer)]
StoreDep = Annotated[IndexStore, Depends(get_store)]
FeedbackDep = Annotated[FeedbackStore, Depends(get_feedback)]
Limited = Depends(rate_limited)
