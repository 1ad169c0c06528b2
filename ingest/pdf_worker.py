"""Child process that extracts PDF text page by page; prints JSON {"pages": [...]} or {"error"}.

Run by :mod:`ingest.loaders` under a time and memory limit, never imported by the main process.
"""

from __future__ import annotations

import json
import sys


def extract(path: str) -> dict[str, object]:
    from pypdf import PdfReader
    from pypdf.errors import FileNotDecryptedError, PdfReadError

    try:
        reader = PdfReader(path, strict=False)
        if reader.is_encrypted:
            try:
                if not reader.decrypt(""):
                    return {"error": "the PDF is encrypted (password protected): remove the password first"}
            except (FileNotDecryptedError, NotImplementedError):
                return {"error": "the PDF is encrypted (password protected): remove the password first"}
        pages = [page.extract_text() or "" for page in reader.pages]
    except FileNotDecryptedError:
        return {"error": "the PDF is encrypted (password protected): remove the password first"}
    except (PdfReadError, Exception) as exc:  # the child is the isolation boundary
        return {"error": f"the PDF is damaged or truncated and cannot be read ({type(exc).__name__})"}
    return {"pages": pages}


def main() -> int:
    result = extract(sys.argv[1])
    sys.stdout.write(json.dumps(result))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
