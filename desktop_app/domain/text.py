"""Text normalisation shared by search, directories and imports."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def collapse_spaces(text: str) -> str:
    """Join line breaks and runs of spaces into single spaces, as a printed cell reads."""
    return _SPACES.sub(" ", text).strip()


def search_key(text: str) -> str:
    """Lower-case, ё→е, single spaces: the form under which Cyrillic text is compared and searched.

    SQLite's LIKE folds only ASCII case, so searchable columns store this key next to the text.
    """
    return collapse_spaces(unicodedata.normalize("NFC", text)).casefold().replace("ё", "е")


def quoted_name(name: str, width: int = 120) -> str:
    """A name that came from outside (a file chosen or received), as a message may quote it: printable, on one
    line and short, even when the name holds line breaks or a kilobyte of noise."""
    printable = "".join(char if char.isprintable() else "�" for char in name)
    return printable if len(printable) <= width else printable[: width - 1] + "…"
