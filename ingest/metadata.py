"""Document metadata read from the regulation's own heading and closing, with manifest overrides."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ingest.errors import DocumentError
from ingest.loaders import LoadedDocument
from tanyarb.core.models import DocumentMeta
from tanyarb.core.textnorm import clean_text

_HEAD_LINES = 60
_KIND = re.compile(r"\bPERATURAN\s+(WALI\s?KOTA|BUPATI|GUBERNUR)\s+([A-Z][A-Z .'-]+?)\s*$", re.I)
_NUMBER = re.compile(r"\bNOMOR\s+([0-9A-Z./-]+)\s+TAHUN\s+(\d{4})", re.I)
_REGION = re.compile(
    r"\bPEMERINTAH(?:AN)?\s+(KOTA|KABUPATEN|PROVINSI)\s+([A-Z][A-Za-z .'-]+?)(?=\s+TAHUN\b|\s*$|\s*\d)",
    re.I,
)
_PERIOD = re.compile(r"\b(20\d\d|19\d\d)\s*[-–—]\s*(20\d\d|19\d\d)\b")
_PROVINCE = re.compile(r"^\s*PROVINSI\s+([A-Z][A-Z .'-]+?)\s*$", re.I)
_DATE = r"(\d{1,2}\s+[A-Za-z]+\s+\d{4})"
_ENACTED = re.compile(r"Ditetapkan\s+di\s*:?\s*([A-Za-z .'-]+)", re.I)
_ON_DATE = re.compile(r"pada\s+tanggal\s*:?\s*" + _DATE, re.I)
_PROMULGATED = re.compile(r"Diundangkan\s+di\s*:?\s*([A-Za-z .'-]+)", re.I)
_REVOKES = re.compile(
    r"(Peraturan\s+(?:Walikota|Wali\s+Kota|Bupati|Gubernur)\s+(?:[A-Z][a-z]+\s+){0,3}Nomor\s+\d+\s+Tahun\s+\d{4}"
    r"[^.;]*?)(?:\s*\([^)]*\))?,?\s*(?:dicabut|tidak berlaku)",
    re.I,
)
_AMENDS = re.compile(
    r"PERUBAHAN\s+ATAS\s+(PERATURAN\s+(?:WALI\s?KOTA|BUPATI|GUBERNUR)\s+[A-Z ]*?NOMOR\s+\d+\s+TAHUN\s+\d{4})",
    re.I,
)
_KIND_NAMES = {
    "WALIKOTA": "Peraturan Walikota",
    "WALI KOTA": "Peraturan Walikota",
    "BUPATI": "Peraturan Bupati",
    "GUBERNUR": "Peraturan Gubernur",
}
_REGION_KINDS = {
    "WALIKOTA": "Kota",
    "WALI KOTA": "Kota",
    "BUPATI": "Kabupaten",
    "GUBERNUR": "Provinsi",
}
_SIGNATURE_MARK = re.compile(r"^(cap|ttd|dto|tertanda|ditandatangani)\b[\s./a-z]*$", re.I)
_SIGNATORY_ROLE = re.compile(r"^\s*(WALI\s?KOTA|BUPATI|GUBERNUR)\s+[A-Z .'-]+,?\s*$")
_PROMULGATOR_ROLE = re.compile(r"^\s*SEKRETARIS\s+DAERAH\b[A-Z .'-]*,?\s*$")
# A signer's name as printed: capitals, dots and commas of titles ("H. HELMI HASAN, S.E.").
_NAME_LINE = re.compile(r"^[A-Z][A-Za-z .,'-]{2,80}$")


def extract_metadata(
    name: str, lines: tuple[str, ...] | list[str], source_format: str = "txt"
) -> DocumentMeta:
    """Read region, regulation kind/number/year, title, period, dates and amendments from text."""
    head = [clean_text(line) for line in lines[:_HEAD_LINES]]
    head_text = " ".join(line for line in head if line)
    kind, region_name = _regulation_kind(head)
    number, year = _number_year(head_text)
    region_kind = _REGION_KINDS.get(kind or "")
    region = None
    match = _REGION.search(head_text)
    if match:
        region_kind = match.group(1).title()
        region = f"{region_kind} {_titlecase(match.group(2))}"
    elif region_name and region_kind:
        region = f"{region_kind} {_titlecase(region_name)}"
    title = _title(head)
    period = _period(title or "") or _period(head_text)
    closing = _closing(lines)
    return DocumentMeta(
        name=name,
        region=region,
        region_kind=region_kind,
        province=_province(head),
        regulation_kind=_KIND_NAMES.get(kind or ""),
        number=number,
        year=year,
        title=title,
        period_start=period[0] if period else None,
        period_end=period[1] if period else None,
        enacted=closing.get("enacted"),
        enacted_place=closing.get("enacted_place"),
        promulgated=closing.get("promulgated"),
        signatory=closing.get("signatory"),
        promulgator=closing.get("promulgator"),
        amends=_amends(head_text),
        revokes=_revokes(lines),
        source_format=source_format,
    )


def _titlecase(text: str) -> str:
    return " ".join(word.capitalize() for word in text.strip().split())


def _regulation_kind(head: list[str]) -> tuple[str | None, str | None]:
    for line in head:
        match = _KIND.search(line)
        if match:
            return match.group(1).upper().replace("WALI KOTA", "WALIKOTA"), match.group(2)
    return None, None


def _number_year(head_text: str) -> tuple[str | None, int | None]:
    match = _NUMBER.search(head_text)
    if not match:
        return None, None
    return match.group(1), int(match.group(2))


def _title(head: list[str]) -> str | None:
    for index, line in enumerate(head):
        if line.upper() == "TENTANG":
            parts: list[str] = []
            for follower in head[index + 1 :]:
                if not follower:
                    continue
                if follower.upper().startswith(("DENGAN RAHMAT", "WALIKOTA", "BUPATI", "GUBERNUR")):
                    break
                if follower.upper() == "TENTANG":
                    parts.append("tentang")
                    continue
                parts.append(follower)
            return " ".join(parts) or None
    return None


def _period(text: str) -> tuple[int, int] | None:
    matches = [(int(a), int(b)) for a, b in _PERIOD.findall(text) if 0 < int(b) - int(a) <= 10]
    return matches[-1] if matches else None


def _province(head: list[str]) -> str | None:
    for line in head[:8]:
        match = _PROVINCE.match(line)
        if match:
            return _titlecase(match.group(1))
    return None


def _closing(lines: tuple[str, ...] | list[str]) -> dict[str, str]:
    """Enactment and promulgation: the first 'Ditetapkan di' and 'Diundangkan di' blocks."""
    found: dict[str, str] = {}
    for index, raw in enumerate(lines):
        line = clean_text(raw)
        for key, pattern in (("enacted", _ENACTED), ("promulgated", _PROMULGATED)):
            if key in found:
                continue
            match = pattern.match(line)
            if not match:
                continue
            window = " ".join(clean_text(x) for x in lines[index : index + 4])
            date = _ON_DATE.search(window)
            if date:
                found[key] = date.group(1)
                if key == "enacted":
                    found["enacted_place"] = match.group(1).strip()
                    found.update(_signatory(lines, index))
                else:
                    found.update(_signatory(lines, index, _PROMULGATOR_ROLE, "promulgator"))
        if "enacted" in found and "promulgated" in found:
            break
    return found


def _signatory(
    lines: tuple[str, ...] | list[str],
    index: int,
    role: re.Pattern[str] | None = None,
    key: str = "signatory",
) -> dict[str, str]:
    """The name under the signer's title after 'Ditetapkan di' (the head of region) or
    'Diundangkan di' (the Sekretaris Daerah), skipping 'ttd'."""
    role = role or _SIGNATORY_ROLE
    seen_role = False
    for raw in lines[index + 1 : index + 12]:
        line = clean_text(raw).strip(" ,")
        if not line:
            continue
        if role.match(line + ","):
            seen_role = True
            continue
        if seen_role and not _SIGNATURE_MARK.match(line):
            if line.lower().startswith(("diundangkan", "pada tanggal", "berita daerah")):
                return {}
            if not _NAME_LINE.match(line):
                return {}
            return {key: line}
    return {}


def _amends(head_text: str) -> str | None:
    match = _AMENDS.search(head_text)
    return clean_text(match.group(1)) if match else None


def _revokes(lines: tuple[str, ...] | list[str]) -> str | None:
    for raw in lines[:400]:
        line = clean_text(raw)
        if "dicabut" not in line.lower() and "tidak berlaku" not in line.lower():
            continue
        match = _REVOKES.search(line)
        if match:
            return match.group(1).strip(" ,")
    return None


def load_manifest(corpus_dir: Path) -> dict[str, dict[str, Any]]:
    """Read ``corpus/manifest.toml``: one table per file name, with fields of DocumentMeta."""
    path = corpus_dir / "manifest.toml"
    if not path.exists():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise DocumentError(str(path), f"manifest.toml is not valid TOML ({exc})") from exc
    return {str(key): dict(value) for key, value in data.items() if isinstance(value, dict)}


CORRECTIONS = "corrections"


def apply_corrections(loaded: LoadedDocument, corrections: object) -> LoadedDocument:
    """The document with the OCR damage its manifest entry corrects (``corrections =
    { "Menyektorat" = "Inspektorat" }``): whole words, case as written, line numbers kept."""
    if corrections is None:
        return loaded
    if not isinstance(corrections, dict) or not all(
        isinstance(k, str) and isinstance(v, str) and k.strip() for k, v in corrections.items()
    ):
        raise DocumentError(
            str(loaded.path),
            "manifest.toml: `corrections` must be a table of damaged word = correct word",
        )
    correct = corrector(corrections)
    return dataclasses.replace(loaded, lines=tuple(correct(line) for line in loaded.lines))


def corrector(corrections: dict[str, str]) -> Callable[[str], str]:
    """What a line becomes with each damaged word of ``corrections`` (whole words, case as
    written) replaced by its correct word; the pattern is built once for all lines."""
    if not corrections:
        return lambda line: line
    pattern = re.compile(
        r"\b(" + "|".join(re.escape(k) for k in sorted(corrections, key=len, reverse=True)) + r")\b"
    )
    return lambda line: pattern.sub(lambda m: corrections[m.group(1)], line)


def apply_manifest(meta: DocumentMeta, overrides: dict[str, Any]) -> DocumentMeta:
    """Return ``meta`` with fields corrected or added from the manifest; unknown keys are refused
    (``corrections`` is the manifest's text correction, applied by :func:`apply_corrections`)."""
    overrides = {k: v for k, v in overrides.items() if k != CORRECTIONS}
    if not overrides:
        return meta
    known = {f.name for f in dataclasses.fields(DocumentMeta)} - {"name"}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise DocumentError(meta.name, f"manifest.toml has unknown fields: {', '.join(unknown)}")
    return dataclasses.replace(meta, **overrides)
