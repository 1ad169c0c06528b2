"""Regions, documents, the line view that citations open, search and records."""

from __future__ import annotations

from fastapi.testclient import TestClient

BLITAR = "kota-blitar-perwali-97-2022.txt"


def test_regions_list_documents_periods_and_counts(client: TestClient) -> None:
    regions = {r["region"]: r for r in client.get("/regions").json()}
    assert set(regions) == {
        "Kabupaten Blora",
        "Kota Bengkulu",
        "Kota Blitar",
        "Kota Madiun",
        "Kota Pasuruan",
    }
    blitar = regions["Kota Blitar"]
    assert blitar["periods"] == ["2022-2026"]
    assert blitar["chunks"] > 100 and blitar["records"] > 100
    assert blitar["documents"][0]["name"] == BLITAR


def test_documents_and_one_document(client: TestClient) -> None:
    names = [d["name"] for d in client.get("/documents").json()]
    assert len(names) == 5 and BLITAR in names
    one = client.get(f"/documents/{BLITAR}").json()
    assert one["label"] == "Perwali Kota Blitar No. 97/2022"
    assert one["source_url"] is None  # a text source: no PDF to open
    missing = client.get("/documents/tidak-ada.txt")
    assert missing.status_code == 404 and missing.json()["error"] == "unknown_document"


def test_view_has_one_anchor_per_line_and_highlights_the_cited_span(client: TestClient) -> None:
    response = client.get(f"/documents/{BLITAR}/view", params={"lines": "906-907"})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    page = response.text
    assert '<div class="l hl" id="L906">' in page and '<div class="l hl" id="L907">' in page
    assert '<div class="l" id="L905">' in page and '<div class="l" id="L908">' in page
    assert "Baris 906–907 disorot." in page
    bad = client.get(f"/documents/{BLITAR}/view", params={"lines": "abc"})
    assert bad.status_code == 422 and bad.json()["error"] == "invalid_lines"
    assert client.get(f"/documents/{BLITAR}/source").status_code == 404


def test_search_ranks_chunks_within_a_region(client: TestClient) -> None:
    hits = client.get("/search", params={"q": "SPIP", "region": "Kota Blitar", "k": 3}).json()
    assert len(hits) == 3 and all(h["region"] == "Kota Blitar" for h in hits)
    assert hits[0]["score"] >= hits[-1]["score"]
    assert hits[0]["url"].startswith(f"/documents/{BLITAR}/view?lines=")
    unknown = client.get("/search", params={"q": "SPIP", "region": "Kota Atlantis"})
    assert unknown.status_code == 404 and unknown.json()["error"] == "unknown_region"
    assert client.get("/search", params={"q": "SPIP", "k": 500}).status_code == 422
    assert client.get("/search").status_code == 422


def test_records_with_the_filters_of_the_cli(client: TestClient) -> None:
    data = client.get("/records", params={"region": "Madiun", "area": "pengawasan"}).json()
    assert data["total"] > 0
    assert all(r["region"] == "Kota Madiun" for r in data["records"])
    assert any("Inspektorat" in " ".join(r["lead"]) for r in data["records"])
    assert {r["kind"] for r in data["records"]} <= {"action", "target", "responsibility"}
    paged = client.get("/records", params={"limit": 2, "offset": 1}).json()
    assert len(paged["records"]) == 2 and paged["offset"] == 1
    unknown = client.get("/records", params={"region": "Kota Atlantis"})
    assert unknown.status_code == 404 and "Tersedia" in unknown.json()["message"]["id"]
