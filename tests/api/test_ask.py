"""POST /ask and POST /ask/stream: answers, citations with links, and every error path."""

from __future__ import annotations

import json

from fastapi.testclient import TestClient


def _events(body: str) -> list[tuple[str, object]]:
    events = []
    for block in body.strip().split("\n\n"):
        fields = dict(line.split(": ", 1) for line in block.split("\n"))
        events.append((fields["event"], json.loads(fields["data"])))
    return events


def test_ask_answers_with_cited_lines_and_view_links(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "siapa PD yang pegang SPIP di Blitar?"})
    assert response.status_code == 200
    data = response.json()
    assert data["answer"].startswith("Penanggung jawab: Inspektorat")
    assert data["basis"] == "records" and data["region"] == "Kota Blitar"
    first = data["citations"][0]
    assert first["document"] == "kota-blitar-perwali-97-2022.txt"
    line = first["line_start"]
    assert first["url"] == (
        f"/documents/kota-blitar-perwali-97-2022.txt/view?lines={line}-{first['line_end']}#L{line}"
    )


def test_ask_with_region_field_and_comparison_table(client: TestClient) -> None:
    scoped = client.post(
        "/ask", json={"question": "Target Indeks SPBE tahun 2024?", "region": "Kota Pasuruan"}
    ).json()
    assert "2,95" in scoped["answer"]
    compared = client.post(
        "/ask", json={"question": "bandingkan penanggung jawab SPIP di Blitar dan Pasuruan"}
    ).json()
    assert compared["table"]["columns"][0] == "Wilayah"
    assert len(compared["table"]["rows"]) == 2


def test_unknown_region_abstains_and_names_the_covered_regions(client: TestClient) -> None:
    data = client.post(
        "/ask", json={"question": "siapa penanggung jawab SPIP?", "region": "Kota Atlantis"}
    ).json()
    assert data["abstained"] and data["basis"] == "none"
    assert "Kota Blitar" in data["answer"]


def test_question_errors_are_422_with_both_languages(client: TestClient) -> None:
    for body, code in (
        ({"question": ""}, "invalid_request"),
        ({"question": "   "}, "empty_question"),
        ({"question": "SPIP " * 300}, "question_too_long"),
        ({"pertanyaan": "x"}, "invalid_request"),
    ):
        response = client.post("/ask", json=body)
        assert response.status_code == 422, body
        data = response.json()
        assert data["error"] == code
        assert data["message"]["id"] and data["message"]["en"]
    broken = client.post("/ask", content=b"{not json", headers={"Content-Type": "application/json"})
    assert broken.status_code == 422 and broken.json()["error"] == "invalid_request"


def test_huge_body_is_413_and_nothing_breaks(client: TestClient) -> None:
    response = client.post("/ask", json={"question": "x" * 40_000})
    assert response.status_code == 413
    assert response.json()["error"] == "body_too_large"
    assert client.get("/health").status_code == 200


def test_stream_sends_status_answer_citations_done(client: TestClient) -> None:
    with client.stream(
        "POST", "/ask/stream", json={"question": "Quick win apa saja di Kabupaten Blora?"}
    ) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        body = "".join(response.iter_text())
    events = _events(body)
    assert [name for name, _ in events] == ["status", "answer", "citations", "done"]
    answer = events[1][1]
    assert isinstance(answer, dict) and "Mall Pelayanan Publik" in answer["answer"]
    citations = events[2][1]
    assert isinstance(citations, list) and citations[0]["url"].startswith("/documents/")
    assert events[3][1] == {"ok": True, "timing_ms": events[3][1]["timing_ms"]}  # type: ignore[index]


def test_stream_refuses_a_bad_question_before_streaming(client: TestClient) -> None:
    response = client.post("/ask/stream", json={"question": "SPIP " * 300})
    assert response.status_code == 422
    assert response.json()["error"] == "question_too_long"
