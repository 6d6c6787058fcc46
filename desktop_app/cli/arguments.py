"""Argument types shared by several commands."""

from __future__ import annotations

import argparse

from desktop_app.domain.errors import ValidationError
from desktop_app.domain.periods import Period


def period_argument(text: str) -> Period:
    """`--period 2025-07 | 2025-Q3 | 2025-H2 | 2025`; a wrong code is argparse's one-line error in Russian."""
    try:
        return Period.parse(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError(exc.message) from None
