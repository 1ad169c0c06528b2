"""The API process entry point: ``uvicorn --factory api.main:app_from_environment``."""

from __future__ import annotations

from fastapi import FastAPI

from api.app import create_app
from tanyarb.core.settings import Settings


def app_from_environment() -> FastAPI:
    """Settings from ``TANYARB_*`` variables, read when the server starts a worker."""
    return create_app(Settings())
