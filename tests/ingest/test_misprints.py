from pathlib import Path

import pytest

from ingest.misprints import main, misprints, one_letter_apart


@pytest.mark.parametrize(
    ("first", "second", "apart"),
    [
        ("inflansi", "inflasi", True),  # a letter extra
        ("refomasi", "reformasi", True),  # a letter missing
        ("repormasi", "reformasi", True),  # a letter changed
        ("indoensia", "indonesia", True),  # two letters swapped
        ("inflasi", "inflasi", False),
        ("tingkatan", "tingkat", False),  # two letters apart
    ],
)
def test_one_letter_apart(first: str, second: str, apart: bool) -> None:
    assert one_letter_apart(first, second) is apart


def test_a_word_printed_once_beside_a_common_neighbour_is_listed() -> None:
    lines = [
        "Pengendalian inflasi daerah.",
        "Tim penanganan inflasi dan inflasi pangan.",
        "PENANGANAN INFLANSI: Bagian Perekonomian",
    ]
    found = misprints(lines)
    assert [(m.word, m.likely, m.likely_count, m.line) for m in found] == [
        ("inflansi", "inflasi", 3, 3)
    ]


def test_the_scan_skips_what_the_manifest_corrects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = "inflasi naik, inflasi turun, inflasi tetap: Tim INFLANSI.\n" + (
        "Refomasi birokrasi; reformasi, reformasi dan reformasi.\n"
    )
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "manifest.toml").write_text(
        '["a.txt".corrections]\nINFLANSI = "INFLASI"\n', encoding="utf-8"
    )
    assert main([str(tmp_path)]) == 0
    listed = capsys.readouterr().out
    assert "inflansi" not in listed and "a.txt:2: 'refomasi'" in listed
