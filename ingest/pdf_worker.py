"""Child process that extracts PDF text page by page; prints JSON {"pages": [...]} or {"error"}.

Run by :mod:`ingest.loaders` under a time and memory limit, never imported by the main process.
"""

from __future__ import annotations

import json
import sys


def extract(path: str) -> dict[str, object]:
    from pypdf import PdfReader
    from pypdf.errors import DependencyError, FileNotDecryptedError, LimitReachedError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"error": _ENCRYPTED}
            except (FileNotDecryptedError, NotImplementedError):
                return {"error": _ENCRYPTED}
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        return {"error": _ENCRYPTED}
    except DependencyError:
        # AES encryption needs the optional 'cryptography' package, even without a user password.
        return {"error": _AES}
    except MemoryError:
        return {"error": _MEMORY}
    except LimitReachedError as exc:
        if "decompress" in str(exc).lower():
            return {"error": _DECOMPRESSED}
        return {"error": f"the PDF is damaged or truncated and cannot be read ({exc})"}
    except Exception as exc:  # the child is the isolation boundary
        name = type(exc).__name__
        return {"error": f"the PDF is damaged or truncated and cannot be read ({name})"}
    return {"pages": pages}


_MEMORY = "parsing the PDF needs more memory than its memory limit allows; skipped"
_DECOMPRESSED = (
    "the PDF is too large when decompressed (a compressed stream expands past the parser's "
    "limit, as a decompression bomb does); skipped"
)
_ENCRYPTED = "the PDF is encrypted (password protected): remove the password first"
_AES = (
    "the PDF is encrypted (AES) and cannot be decrypted here: remove the password first "
    "(or install the 'cryptography' package)"
)


def limit_memory(memory_mb: int) -> None:
    """Cap this process's address space, before pypdf is imported (Linux/macOS only)."""
    try:
        import resource
    except ImportError:  # Windows: no rlimits; the time limit still applies
        return
    limit = memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))


def main(argv: list[str] | None = None) -> int:
    """``python -m ingest.pdf_worker [--memory-mb N] PATH``."""
    args = list(sys.argv[1:] if argv is None else argv)
    if len(args) == 3 and args[0] == "--memory-mb":
        limit_memory(int(args[1]))
        args = args[2:]
    if len(args) != 1:
        sys.stderr.write("usage: python -m ingest.pdf_worker [--memory-mb N] PATH\n")
        return 2
    try:
        result = extract(args[0])
    except MemoryError:  # also while importing pypdf under a very low limit
        result = {"error": _MEMORY}
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
