"""Indonesian text normalisation shared by the lexical index and query understanding.

One function, :func:`lexical_tokens`, decides what BM25 sees, for chunks and questions alike,
so that a chat question ("yg ngurus SAKIP di bengkulu brp?") meets the regulation's wording.
"""

from __future__ import annotations

import html
import re
import unicodedata
from functools import lru_cache

_TAG = re.compile(r"<[^>]{0,200}>")
_MD = re.compile(r"\*\*|\*|__|`|\$")
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"[0-9]+(?:[.,][0-9]+)*%?|[^\W\d_]+(?:[-/][^\W\d_]+)*", re.UNICODE)

# Year cells mark "runs this year" with these; "-" means it does not.
TICK_MARKS: frozenset[str] = frozenset({"✓", "√", "✔", "v", "V", "/"})

# A year as regulations and questions write it ("2024"); group 1 is the year.
YEAR = re.compile(r"\b((?:19|20)\d\d)\b")

# Chat shorthand and typos seen in questions, and damaged spellings seen in the documents.
SPELLING: dict[str, str] = {
    "yg": "yang",
    "quickwins": "quick wins",
    "quickwin": "quick wins",
    "win": "wins",
    "sy": "saya",
    "jd": "jadi",
    "brp": "berapa",
    "thn": "tahun",
    "th": "tahun",
    "olh": "oleh",
    "tgl": "tanggal",
    "dgn": "dengan",
    "utk": "untuk",
    "sbg": "sebagai",
    "aja": "saja",
    "gak": "tidak",
    "ga": "tidak",
    "nggak": "tidak",
    "tdk": "tidak",
    "dr": "dari",
    "krn": "karena",
    "bgm": "bagaimana",
    "gmn": "bagaimana",
    "kpn": "kapan",
    "pd2": "pd",
    "kab": "kabupaten",
    "kabupatan": "kabupaten",
    "kot": "kota",
    "pemkot": "pemerintah kota",
    "pemkab": "pemerintah kabupaten",
    "pemda": "pemerintah daerah",
    "penangung": "penanggung",
    "tanggungjawab": "tanggung jawab",
    "pj": "penanggung jawab",
    "pemeriksan": "pemeriksaan",
    "repormasi": "reformasi",
    "reformsi": "reformasi",
    "birokasi": "birokrasi",
    "insepektorat": "inspektorat",
    "inspetorat": "inspektorat",
    "menyektorat": "inspektorat",
    "bpksdm": "bkpsdm",
    "bkpspdm": "bkpsdm",
    "dpmpstsp": "dpmptsp",
    "dmptsp": "dpmptsp",
    "kafabel": "kapabel",
    "karsipan": "kearsipan",
    "sistim": "sistem",
    "sistem": "sistem",
    "menirnbang": "menimbang",
    "tribulan": "triwulan",
    "employeeer": "employer",
    "pebruari": "februari",
    "opd": "pd",
    "skpd": "pd",
    "ngurus": "mengurus",
    "pegang": "penanggung jawab",
    "whistleblowing": "whistle blowing",
    "rb": "reformasi birokrasi",
}

# Acronyms of the domain and their expansions; both directions are indexed.
ACRONYMS: dict[str, str] = {
    "spip": "sistem pengendalian intern pemerintah",
    "sakip": "sistem akuntabilitas kinerja instansi pemerintah",
    "spbe": "sistem pemerintahan berbasis elektronik",
    "zi": "zona integritas",
    "wbk": "wilayah bebas dari korupsi",
    "wbbm": "wilayah birokrasi bersih dan melayani",
    "ikm": "indeks kepuasan masyarakat",
    "skm": "survei kepuasan masyarakat",
    "apip": "aparat pengawasan intern pemerintah",
    "asn": "aparatur sipil negara",
    "lkpd": "laporan keuangan pemerintah daerah",
    "pmprb": "penilaian mandiri pelaksanaan reformasi birokrasi",
    "wbs": "whistle blowing system",
    "tpp": "tambahan penghasilan pegawai",
    "mpp": "mal pelayanan publik",
    "ip": "indeks profesionalitas",
    "lhkpn": "laporan harta kekayaan penyelenggara negara",
    "jdih": "jaringan dokumentasi dan informasi hukum",
    "ppid": "pejabat pengelola informasi dan dokumentasi",
    "spi": "survei penilaian integritas",
    "mcp": "monitoring center for prevention",
}

# English words of questions mapped onto the regulations' Indonesian vocabulary.
ENGLISH: dict[str, str] = {
    "agency": "pd",
    "unit": "pd",
    "office": "pd",
    "department": "dinas",
    "responsible": "penanggung jawab",
    "charge": "penanggung jawab",
    "leads": "penanggung jawab",
    "lead": "penanggung jawab",
    "archive": "arsip",
    "archives": "arsip",
    "management": "manajemen",
    "guidance": "pembinaan",
    "welfare": "kesejahteraan",
    "improving": "peningkatan",
    "improvement": "peningkatan",
    "regulation": "peraturan",
    "signed": "ditetapkan",
    "enacted": "ditetapkan",
    "promulgated": "diundangkan",
    "period": "periode tahun",
    "year": "tahun",
    "years": "tahun",
    "target": "target",
    "targeting": "target",
    "change": "perubahan",
    "agents": "agen",
    "agent": "agen",
    "integrity": "integritas",
    "zone": "zona",
    "inspectorate": "inspektorat",
    "public": "publik",
    "service": "pelayanan",
    "services": "pelayanan",
    "complaint": "pengaduan",
    "complaints": "pengaduan",
    "scheduled": "rencana pelaksanaan",
    "schedule": "rencana pelaksanaan",
    "implement": "melaksanakan",
    "legal": "",
    "provision": "ketentuan",
    "city": "kota",
    "regency": "kabupaten",
    "road": "road",
    "map": "map",
    "index": "indeks",
    "score": "nilai",
    "value": "nilai",
    "members": "anggota",
    "team": "tim",
    "head": "ketua",
    "chair": "ketua",
    "amends": "perubahan",
    "revokes": "dicabut",
    "mayor": "walikota",
    "regent": "bupati",
    "budget": "anggaran",
    "indicator": "indikator",
    "baseline": "baseline",
    "quick": "quick",
    "wins": "wins",
    "win": "win",
    "definition": "pengertian",
    "meant": "dimaksud",
    "accountability": "akuntabilitas",
    "supervision": "pengawasan",
    "organization": "organisasi",
    "monitoring": "monitoring",
    "evaluation": "evaluasi",
    "training": "pelatihan",
    "online": "online",
    "licensing": "perizinan",
    "permit": "perizinan",
    "permits": "perizinan",
    "development": "pengembangan",
    "policy": "kebijakan",
    "system": "sistem",
    "action": "aksi",
    "plan": "rencana",
    "clause": "ketentuan",
    "often": "berkala",
    "frequently": "berkala",
    "responsibilities": "tugas",
    "duties": "tugas",
    "tasks": "tugas",
}

STOPWORDS: frozenset[str] = frozenset(
    [
        "yang",
        "di",
        "dan",
        "ke",
        "dari",
        "untuk",
        "dengan",
        "pada",
        "dalam",
        "atau",
        "ini",
        "itu",
        "adalah",
        "sebagai",
        "oleh",
        "akan",
        "apa",
        "siapa",
        "berapa",
        "kapan",
        "mana",
        "manakah",
        "bagaimana",
        "apakah",
        "saja",
        "aja",
        "ya",
        "kah",
        "dong",
        "sih",
        "nya",
        "lah",
        "tolong",
        "mohon",
        "saya",
        "kami",
        "kita",
        "anda",
        "the",
        "of",
        "in",
        "on",
        "for",
        "to",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "by",
        "a",
        "an",
        "which",
        "who",
        "what",
        "when",
        "how",
        "does",
        "do",
        "did",
        "many",
        "much",
        "its",
        "it",
        "this",
        "that",
        "with",
        "as",
        "at",
        "from",
        "according",
        "ada",
        "seperti",
        "tersebut",
        "bisa",
        "dapat",
        "juga",
        "serta",
        "para",
        "hal",
        "secara",
        "sudah",
        "telah",
        "masih",
        "tentang",
        "tahun",
        "menurut",
        "sama",
        "sama-sama",
        "seberapa",
        "sering",
        "ya",
        "jadi",
        "sama",
        "kalau",
        "kah",
        "berapakah",
        "siapakah",
    ]
)


def clean_text(text: str) -> str:
    """Strip HTML and Markdown remnants, unescape entities and collapse whitespace."""
    text = html.unescape(_TAG.sub(" ", text))
    text = _MD.sub("", text)
    text = text.replace("•", " ").replace("\u00a0", " ")
    return _SPACE.sub(" ", text).strip()


def fold(text: str) -> str:
    """Lower-case and strip accents; keeps digits, letters and separators."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return text.lower()


def words(text: str) -> list[str]:
    """Raw word tokens of cleaned, folded text (numbers kept with their decimal separators)."""
    return _WORD.findall(fold(clean_text(text)))


@lru_cache(maxsize=1)
def _stemmer() -> object:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Sastrawi stem of one lower-case word; acronyms, numbers and short words stay as they are."""
    if len(word) <= 3 or word in ACRONYMS or not word.isalpha():
        return word
    stemmed: str = _stemmer().stem(word)  # type: ignore[attr-defined]
    return stemmed or word


def _respell(tokens: list[str]) -> list[str]:
    out: list[str] = []
    for token in tokens:
        out.extend(SPELLING.get(token, token).split())
    return out


def _expand_acronyms(tokens: list[str]) -> list[str]:
    expanded = list(tokens)
    joined = " " + " ".join(tokens) + " "
    for acronym, expansion in ACRONYMS.items():
        if acronym in tokens:
            expanded.extend(expansion.split())
        elif f" {expansion} " in joined:
            expanded.append(acronym)
    return expanded


def lexical_tokens(text: str, *, english: bool = False) -> list[str]:
    """Tokens for BM25: cleaned, folded, respelled, acronym-expanded, stopword-free, stemmed."""
    tokens = _respell(words(text))
    if english:
        tokens = _respell([t for token in tokens for t in ENGLISH.get(token, token).split()])
    tokens = _expand_acronyms(tokens)
    return [stem(t) for t in tokens if (t not in STOPWORDS and len(t) > 1) or t.isdigit()]


def looks_english(text: str) -> bool:
    """A cheap language guess: English function words outnumber Indonesian ones."""
    tokens = words(text)
    english = sum(t in _EN_HINTS for t in tokens)
    indonesian = sum(t in _ID_HINTS for t in tokens)
    return english > indonesian


_EN_HINTS = frozenset(
    [
        "the",
        "which",
        "who",
        "what",
        "when",
        "how",
        "is",
        "are",
        "does",
        "do",
        "of",
        "in",
        "for",
        "to",
        "and",
        "by",
        "whose",
        "many",
        "much",
        "was",
        "were",
        "according",
        "its",
        "unit",
        "in",
        "charge",
    ]
)
_ID_HINTS = frozenset(
    [
        "yang",
        "di",
        "dan",
        "apa",
        "siapa",
        "berapa",
        "kapan",
        "mana",
        "untuk",
        "dari",
        "tahun",
        "ini",
        "itu",
        "saja",
        "yg",
        "ya",
        "dengan",
        "pada",
        "bagaimana",
        "apakah",
    ]
)
