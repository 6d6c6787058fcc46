"""Per-user settings, declared once with their defaults and stored as JSON in the data directory."""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field, fields
from pathlib import Path

log = logging.getLogger(__name__)


@dataclass
class Settings:
    last_login: str = ""
    window_geometry: str = ""  # the last geometry on any screen: the start on a screen not met before
    # the window's geometry by screen («name WxH»): an office laptop docked to a large monitor keeps both sizes
    window_geometries: dict[str, str] = field(default_factory=dict)
    measures_splitter: str = ""  # before splitters: read once into splitters["measures"]
    # each splitter's place by its name («measures», «measures.card», «families», «journal»): QSplitter.saveState
    splitters: dict[str, str] = field(default_factory=dict)
    last_page: str = "dashboard"
    last_folder: str = ""
    # The session locks after this many minutes without keyboard or mouse input (1–240; see gui/session_lock.py).
    lock_after_minutes: int = 15
    # the day (ISO) the user asked not to see the reminders after sign-in again; "" — show them
    reminders_hidden_on: str = ""

    @classmethod
    def load(cls, path: Path) -> Settings:
        """Read the settings; a missing or unreadable file gives the defaults (settings are never worth a crash)."""
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return cls()
        except (OSError, ValueError) as exc:
            log.warning("Settings file %s ignored: %s", path, exc)
            return cls()
        if not isinstance(data, dict):
            log.warning("Settings file %s ignored: not a JSON object", path)
            return cls()
        defaults = cls()
        kinds = {f.name: type(getattr(defaults, f.name)) for f in fields(cls)}
        # bool is an int to Python, and JSON true must not become a number of minutes
        settings = cls(**{k: v for k, v in data.items() if k in kinds and type(v) is kinds[k]})
        settings.window_geometries = {
            k: v for k, v in settings.window_geometries.items() if isinstance(k, str) and isinstance(v, str)
        }
        settings.splitters = {k: v for k, v in settings.splitters.items() if isinstance(k, str) and isinstance(v, str)}
        if settings.measures_splitter and "measures" not in settings.splitters:
            settings.splitters["measures"] = settings.measures_splitter
        return settings

    def save(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            temporary = path.with_suffix(".tmp")
            temporary.write_text(json.dumps(asdict(self), ensure_ascii=False, indent=2), encoding="utf-8")
            temporary.replace(path)
        except OSError as exc:
            log.warning("Settings not saved to %s: %s", path, exc)
