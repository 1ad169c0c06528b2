"""Property test of the OpenAPI schema: schemathesis-generated requests never get a 5xx."""

from __future__ import annotations

from pathlib import Path

import schemathesis
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings

from api import create_app

from .conftest import api_settings

EXAMPLES_PER_OPERATION = 25


def test_no_generated_request_gets_a_server_error(real_index_dir: Path) -> None:
    app = create_app(api_settings(real_index_dir))
    with TestClient(app):  # runs the lifespan: the index is loaded for the generated calls
        schema = schemathesis.openapi.from_asgi("/openapi.json", app)
        operations = [result.ok() for result in schema.get_all_operations()]
        assert len(operations) >= 12
        failures: list[str] = []
        for operation in operations:
            _fuzz(operation, failures)
        assert not failures, "\n".join(failures[:10])


def _fuzz(operation: object, failures: list[str]) -> None:
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        suppress_health_check=list(HealthCheck),
    )
    @given(case=operation.as_strategy())  # type: ignore[attr-defined]
    def check(case: object) -> None:
        response = case.call()  # type: ignore[attr-defined]
        if response.status_code >= 500:
            failures.append(
                f"{case.method} {case.formatted_path} -> {response.status_code}: "  # type: ignore[attr-defined]
                f"{response.text[:200]}"
            )

    check()
