"""The exchange between installations by file: the format (FORMAT.md), keys, the container, export,
import and merge. ``container`` and ``keys`` are pure Python over zipfile and PyNaCl; the rest uses the
database."""
