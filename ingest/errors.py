"""Errors that tell a user what is wrong with one input file."""

from __future__ import annotations


class DocumentError(Exception):
    """A file cannot be ingested; the message says why, in plain words, for the user."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason
