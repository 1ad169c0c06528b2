"""Likely misprints of a document, for a maintainer to read and correct in ``manifest.toml``.

A word a document prints once that is one letter away (a letter missing, extra, changed or two
swapped) from a word the same document prints often is most likely damage ("INFLANSI" beside
41 "inflasi"): a question names the thing the way the rest of the document does, so the damaged
row never matches. Many candidates are real words ("tingkah" beside "tingkat"), which is why
this only lists them: a maintainer reads each in context and writes the true misprints into the
document's ``corrections`` (see ``corpus/manifest.toml``).

    python -m ingest.misprints corpus/
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from ingest.metadata import CORRECTIONS, corrector, load_manifest

MIN_LETTERS = 6  # shorter words have too many real neighbours
MIN_COMMON = 3  # how often the document must print the word a misprint is taken for
_WORD = re.compile(r"[^\W\d_]+")


@dataclass(frozen=True)
class Misprint:
    """A rare word of a document and the common word of the same document it is one letter
    away from."""

    word: str
    likely: str
    likely_count: int
    line: int


def one_letter_apart(first: str, second: str) -> bool:
    """One letter missing, extra or changed, or two neighbouring letters swapped."""
    if first == second or abs(len(first) - len(second)) > 1:
        return False
    if len(first) == len(second):
        diff = [i for i, (a, b) in enumerate(zip(first, second, strict=True)) if a != b]
        return len(diff) == 1 or (
            len(diff) == 2
            and diff[1] == diff[0] + 1
            and first[diff[0]] == second[diff[1]]
            and first[diff[1]] == second[diff[0]]
        )
    short, long = sorted((first, second), key=len)
    return any(long[:i] + long[i + 1 :] == short for i in range(len(long)))


def misprints(lines: list[str]) -> list[Misprint]:
    """Candidate misprints of one document's lines, in line order."""
    counts: Counter[str] = Counter()
    first_line: dict[str, int] = {}
    for number, line in enumerate(lines, start=1):
        for word in _WORD.findall(line.lower()):
            counts[word] += 1
            first_line.setdefault(word, number)
    common: dict[str, list[str]] = {}
    for word, count in counts.items():
        if count >= MIN_COMMON and len(word) >= MIN_LETTERS - 1:
            common.setdefault(word[:2], []).append(word)
    found = []
    for word, count in counts.items():
        if count > 1 or len(word) < MIN_LETTERS:
            continue
        near = [w for w in common.get(word[:2], []) if one_letter_apart(word, w)]
        if near:
            likely = max(near, key=lambda w: counts[w])
            found.append(Misprint(word, likely, counts[likely], first_line[word]))
    return sorted(found, key=lambda m: m.line)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", type=Path, help="a folder of .txt or .md regulations")
    args = parser.parse_args(argv)
    files = sorted(p for p in args.folder.iterdir() if p.suffix in (".txt", ".md"))
    if not files:
        print(f"{args.folder}: no .txt or .md documents", file=sys.stderr)
        return 1
    manifest = load_manifest(args.folder)
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines()
        # What the manifest already corrects is not listed again.
        correct = corrector(manifest.get(path.name, {}).get(CORRECTIONS) or {})
        lines = [correct(line) for line in lines]
        for found in misprints(lines):
            print(
                f"{path.name}:{found.line}: {found.word!r} "
                f"(the document prints {found.likely!r} {found.likely_count} times)"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
