from eval.scoring import Scores, answer_correct, citation_correct, normalise

ITEM = {
    "type": "target",
    "must_contain": ["3,2"],
    "answer_aliases": ["level 3,20"],
    "evidence": [{"file": "a.txt", "line_start": 10, "line_end": 11, "quote": "x"}],
}


def test_normalise_reads_decimal_comma_as_point() -> None:
    assert normalise("Level  3,20\n") == "level 3.20"


def test_answer_must_contain_within_first_400_chars() -> None:
    assert answer_correct(ITEM, {"answer": "Target 2024: 3.20", "abstained": False})
    assert not answer_correct(ITEM, {"answer": "x" * 400 + " 3,2", "abstained": False})
    assert not answer_correct(ITEM, {"answer": "3,2", "abstained": True})
    listing = ITEM | {"type": "list"}
    assert answer_correct(listing, {"answer": "x" * 400 + " 3,2", "abstained": False})


def test_unanswerable_needs_abstention() -> None:
    item = {"type": "unanswerable", "must_contain": [], "evidence": []}
    assert answer_correct(item, {"answer": "tidak ada", "abstained": True})
    assert not answer_correct(item, {"answer": "Inspektorat", "abstained": False})


def test_citation_overlap_with_two_lines_of_slack() -> None:
    def cite(start: int, end: int, doc: str = "a.txt") -> dict[str, object]:
        return {"citations": [{"document": doc, "line_start": start, "line_end": end}]}

    assert citation_correct(ITEM, cite(13, 13))
    assert citation_correct(ITEM, cite(7, 8))
    assert not citation_correct(ITEM, cite(14, 20))
    assert not citation_correct(ITEM, cite(10, 10, "b.txt"))


def test_summary_counts_abstentions_and_types() -> None:
    scores = Scores()
    scores.add(
        ITEM, {"answer": "3,20", "abstained": False, "citations": [], "timing_ms": {"total": 5.0}}
    )
    scores.add(
        {"type": "unanswerable", "must_contain": [], "evidence": []},
        {"answer": "-", "abstained": False, "citations": [], "timing_ms": {"total": 7.0}},
    )
    summary = scores.summary()
    assert summary["answer_accuracy"] == 0.5
    assert summary["abstention"]["unanswerable_answered"] == 1
    assert summary["per_type"]["target"] == {"n": 1, "accuracy": 1.0}


def test_summary_says_which_strategy_answered() -> None:
    """Per basis (records, units, ...; "none" for an abstention): where the misses come from."""
    scores = Scores()
    scores.add(ITEM, {"answer": "3,20", "abstained": False, "basis": "records", "citations": []})
    scores.add(ITEM, {"answer": "4", "abstained": False, "basis": "units", "citations": []})
    scores.add(ITEM, {"answer": "-", "abstained": True, "basis": "none", "citations": []})
    per_basis = scores.summary()["per_basis"]
    assert per_basis == {
        "none": {"n": 1, "accuracy": 0.0},
        "records": {"n": 1, "accuracy": 1.0},
        "units": {"n": 1, "accuracy": 0.0},
    }
