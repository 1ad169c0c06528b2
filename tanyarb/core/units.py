"""Unit (perangkat daerah) names: damaged spellings, aliases, canonical names, and splitting a
cell that names several units.

The documents print the same unit in many ways (BKPSDM / BPKSDM / BKP PSDM; Setda Bagian
Organisasi / Bag. Organisasi / Bagor; Inspektorat / Inspektorat Daerah / Menyektorat). Answers
quote the document's own wording; the canonical name is what questions and comparisons match on.
"""

from __future__ import annotations

import re

from tanyarb.core.textnorm import TICK_MARKS, fold

# Damaged or variant spelling -> canonical spelling. Word-bounded, case-insensitive.
DAMAGED_UNITS: dict[str, str] = {
    "menyektorat": "Inspektorat",
    "insepektorat": "Inspektorat",
    "inspetorat": "Inspektorat",
    "bpksdm": "BKPSDM",
    "bkpspdm": "BKPSDM",
    "bkp psdm": "BKPSDM",
    "dpmpstsp": "DPMPTSP",
    "dmptsp": "DPMPTSP",
}
_PATTERN = re.compile(
    r"\b(" + "|".join(re.escape(k) for k in sorted(DAMAGED_UNITS, key=len, reverse=True)) + r")\b",
    re.I,
)

# Canonical name -> the spellings that mean it (folded, region name removed). Generic across
# regions: these are the standard names of regional government units in Indonesia.
UNIT_ALIASES: dict[str, tuple[str, ...]] = {
    "Bagian Organisasi Setda": (
        "bagian organisasi",
        "bag organisasi",
        "bagor",
        "setda bagian organisasi",
        "setda bag organisasi",
        "bagian organisasi setda",
        "bagian organisasi sekretariat daerah",
        "sekretariat daerah bagian organisasi",
    ),
    "BKPSDM": (
        "bkpsdm",
        "bpksdm",
        "bkpspdm",
        "bkp psdm",
        "badan kepegawaian dan pengembangan sumber daya manusia",
    ),
    "Inspektorat": (
        "inspektorat",
        "inspektorat daerah",
        "menyektorat",
        "menyektorat daerah",
        "insepektorat",
        "inspetorat",
        "inspektorat pemerintah daerah",
    ),
    "Diskominfo": (
        "diskominfo",
        "dinkominfo",
        "dinas kominfo",
        "diskominfotik",
        "dinas komunikasi dan informatika",
        "dinas komunikasi informatika dan statistik",
    ),
    "Disdukcapil": (
        "disdukcapil",
        "dispendukcapil",
        "dispenduk capil",
        "dukcapil",
        "dinas dukcapil",
        "dinas kependudukan dan pencatatan sipil",
    ),
    "DPMPTSP": (
        "dpmptsp",
        "dpmpstsp",
        "dmptsp",
        "dinas pm dan ptsp",
        "dinas penanaman modal dan ptsp",
        "dinas penanaman modal dan pelayanan terpadu satu pintu",
    ),
    "Bagian Hukum Setda": (
        "bagian hukum",
        "bag hukum",
        "bakum",
        "setda bagian hukum",
        "bagian hukum setda",
        "bagian hukum sekretariat daerah",
    ),
    "Bappeda": (
        "bappeda",
        "bapelitbangda",
        "bappelitbangda",
        "badan perencanaan pembangunan daerah",
    ),
    "BPKAD": (
        "bpkad",
        "bppkad",
        "bpka",
        "bpkpd",
        "badan pengelola keuangan dan aset daerah",
        "badan keuangan dan aset daerah",
    ),
    "Dinas Perpustakaan dan Kearsipan": (
        "dinperpusip",
        "dispersip",
        "dpk",
        "dinas perpustakaan dan kearsipan",
        "dinas kearsipan dan perpustakaan",
    ),
    "Bagian Pengadaan Barang/Jasa": (
        "blp",
        "ukpbj",
        "bagian pbj",
        "bagian pengadaan barang jasa",
        "bagian pengadaan barang dan jasa",
    ),
    "Sekretariat Daerah": ("setda", "sekda", "sekretariat daerah"),
    "Sekretariat DPRD": ("setwan", "sekretariat dprd"),
    "BKD": ("bkd", "badan kepegawaian daerah"),
    "BKPP": ("bkpp", "badan kepegawaian pendidikan dan pelatihan"),
    "Dinas Kesehatan": ("dinas kesehatan", "dinkes"),
    "Dinas Pendidikan": ("dinas pendidikan", "dispendik", "disdik"),
    "Seluruh Perangkat Daerah": (
        "seluruh pd",
        "semua pd",
        "seluruh opd",
        "semua opd",
        "seluruh skpd",
        "seluruh perangkat daerah",
        "semua perangkat daerah",
    ),
}
_ALIAS_TO_CANONICAL = {alias: name for name, aliases in UNIT_ALIASES.items() for alias in aliases}
_REGION_TAIL = re.compile(
    r"\s+(kota|kabupaten|kab|provinsi|pemerintah kota|pemkot|pemkab)(\s+\w+)?$"
)

# Words that begin a unit name, and single words that are a whole unit name.
_STARTS = frozenset(["dinas", "badan", "bagian", "inspektorat", "kantor", "satpol", "rsud"])
_WHOLE = frozenset(
    [
        "inspektorat",
        "diskominfo",
        "dinkominfo",
        "diskominfotik",
        "bappeda",
        "setwan",
        "dispersip",
        "dinperpusip",
        "bakum",
        "bagor",
    ]
)
_OFFICES = frozenset(["setda", "sekretariat", "inspektorat"])
_ENUMERATION = re.compile(r"(?:^|\s)(?:\d{1,2}|[a-z])[.)]\s+")
_SUPPORT_WORDS = re.compile(r"\b(didukung(?:\s+oleh)?|dibantu(?:\s+oleh)?)\b", re.I)
_CONNECTIVES = frozenset(["dan", "&", "/", "serta", "dengan", "pada"])


def canonical_unit(name: str) -> str | None:
    """The repaired unit name when ``name`` holds a known damaged spelling, else None."""
    repaired = _PATTERN.sub(lambda m: DAMAGED_UNITS[m.group(1).lower()], name)
    return repaired if repaired != name else None


def describe_unit(name: str, english: bool = False) -> str:
    """The document's own wording, with the repaired name added when it was damaged."""
    repaired = canonical_unit(name)
    if not repaired:
        return name
    if english:
        return f"{name} (as printed; meaning {repaired})"
    return f"{name} (tertulis demikian; maksudnya {repaired})"


def unit_key(name: str, region: str | None = None) -> str:
    """A unit name folded for matching: lower case, punctuation and the region name removed."""
    text = " ".join(re.findall(r"[a-z0-9]+", fold(name)))
    if region:
        region_words = " ".join(re.findall(r"[a-z0-9]+", fold(region)))
        bare = region_words.split(" ", 1)[-1]
        for tail in (region_words, bare):
            if text.endswith(" " + tail):
                text = text[: -len(tail) - 1].strip()
                break
    return _REGION_TAIL.sub("", text).strip()


def units_named(text: str) -> list[str]:
    """Canonical names of the units a question or sentence mentions by any known alias."""
    padded = " " + " ".join(re.findall(r"[a-z0-9]+", fold(text))) + " "
    found: list[str] = []
    for alias in sorted(_ALIAS_TO_CANONICAL, key=len, reverse=True):
        if f" {alias} " in padded:
            name = _ALIAS_TO_CANONICAL[alias]
            if name not in found:
                found.append(name)
            padded = padded.replace(f" {alias} ", " ")
    return found


def canonical_name(name: str, region: str | None = None) -> str:
    """The canonical name of a unit ("Menyektorat Daerah Kota Blitar" -> "Inspektorat");
    a unit outside the alias table keeps its own wording without the region name."""
    key = unit_key(name, region)
    if key in _ALIAS_TO_CANONICAL:
        return _ALIAS_TO_CANONICAL[key]
    repaired = canonical_unit(name)
    if repaired:
        return canonical_name(repaired, region)
    return name.strip(" ,;.") if not key else _restore_case(name, key)


def _restore_case(name: str, key: str) -> str:
    words = name.split()
    return " ".join(words[: len(key.split())]) if words else name


def split_units(cell: str) -> tuple[list[str], list[str]]:
    """The units one cell names, as (main, supporting): "1. BPKSDM 2. Bagian Organisasi",
    "DPMPTSP; Dinkominfo", "Setda Bagian Hukum Dan Setwan", "Diskominfo didukung semua PD"."""
    text = " ".join(cell.split())
    supporting: list[str] = []
    match = _SUPPORT_WORDS.search(text)
    if match:
        supporting = _split_main(text[match.end() :])
        text = text[: match.start()]
    return _split_main(text), supporting


def _split_main(text: str) -> list[str]:
    parts: list[str] = []
    for piece in re.split(r"[;,]", _ENUMERATION.sub(" ; ", " " + text)):
        parts.extend(_split_words(piece))
    out: list[str] = []
    seen: set[str] = set()
    for part in parts:
        part = part.strip(" .-:")
        key = unit_key(part)
        if part and key and key not in seen:
            seen.add(key)
            out.append(part)
    return out


def _split_words(piece: str) -> list[str]:
    """Split a run of words where a new unit name begins."""
    if unit_key(piece) in _ALIAS_TO_CANONICAL:
        return [piece]
    words = piece.split()
    parts: list[list[str]] = [[]]
    for word in words:
        current = parts[-1]
        low = fold(word).strip(".,")
        previous = fold(current[-1]).strip(".,") if current else ""
        if current and _begins_unit(word, low, previous, current):
            if previous in _CONNECTIVES:
                current.pop()
            parts.append([])
        parts[-1].append(word)
    return [" ".join(p) for p in parts if p]


def _begins_unit(word: str, low: str, previous: str, current: list[str]) -> bool:
    if previous in {"dinas", "bagian", "badan", "setda", "kantor", "sekretariat"}:
        return False
    if low in _WHOLE:
        return True
    first = fold(current[0]).strip(".,")
    if low == first and len(current) >= 2:  # the same name printed twice in one cell
        return True
    if low in _STARTS and (
        _is_acronym(current[-1]) or low == first or previous in {"dan", "serta"}
    ):
        return True
    if low in _STARTS and len(current) == 1 and unit_key(current[0]) in _ALIAS_TO_CANONICAL:
        # "Inspektorat Bagian Organisasi ...": a one-word unit, then the next name begins.
        return True
    if low in _STARTS and len(current) >= 2 and (first in _STARTS or first in _OFFICES):
        # "Bagian Organisasi Sekretariat Daerah Dinas Kominfo": a second name begins.
        return True
    if _is_acronym(word) and len(word) >= 4 and previous not in _CONNECTIVES:
        # "... Sekretariat Daerah BKPSDM": an acronym after a spelled-out name starts a new unit.
        return not _is_acronym(current[-1])
    return False


def _is_acronym(word: str) -> bool:
    letters = re.sub(r"[^A-Za-z]", "", word)
    return len(letters) >= 3 and letters.isupper()


_UNIT_NAME = re.compile(
    r"\b(\w*ektorat|dinas|badan|bagian|bag|inspektorat|inspektorat daerah|sekretariat|setda|setwan|kantor|"
    r"satpol|rsud|puskesmas|kecamatan|kelurahan|seluruh|semua|bappeda|bapelitbangda|kominfo|"
    r"dinkominfo|diskominfo|diskominfotik|bkpsdm|bkpp|bkd|bpkad|bppkad|bpkpd|bpka|dpmptsp|"
    r"dukcapil|disdukcapil|dispendukcapil|dinperpusip|dpk|dispersip|bakum|bagor|blp|sekda|"
    r"inspektur|walikota|bupati|perangkat daerah|pd|opd|skpd|upt|tim)\b",
    re.I,
)
_NOT_UNIT = re.compile(
    r"^\s*(\d+[.)]?\s*)?(indeks|jumlah|persentase|nilai|terlaksana|tersusun|tersedia|meningkat|"
    r"menyesuaikan|terselenggara|tingkat|rp|apbd)",
    re.I,
)
_ACTIVITY_WORD = re.compile(
    r"^(pe\w+an|monitoring|monev|evaluasi|sosialisasi|implementasi|koordinasi|fasilitasi|"
    r"asistensi|review|rapat|menyusun|melaksanakan|membangun)$"
)
_ACRONYM = re.compile(r"\b[A-Z]{3,}[a-z]*\b")


def looks_like_unit(text: str) -> bool:
    """Whether a cell reads like a responsible unit rather than an indicator or budget note."""
    text = text.strip()
    if not text or text in TICK_MARKS or _NOT_UNIT.match(text) or len(text) > 160:
        return False
    first = fold(text.lstrip("-–•*. ").split()[0]) if text.lstrip("-–•*. ") else ""
    if _ACTIVITY_WORD.match(first) and first not in ("perpustakaan", "pemerintahan"):
        return False  # "Pelaksanaan rencana kerja ... Perangkat Daerah" is an action
    return bool(_UNIT_NAME.search(text) or _ACRONYM.search(text))
