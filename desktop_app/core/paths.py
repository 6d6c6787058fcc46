"""Where the program keeps its data and finds its shipped resources.

The data directory comes from ``--data-dir``, else ``OPEKA_DATA_DIR``, else platformdirs' user data
directory. Resources are looked up next to the source tree, or inside PyInstaller's bundle.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import platformdirs

APP_DIR_NAME = "OpekaOffline"
APP_AUTHOR = "Opeka"
DATA_DIR_ENV = "OPEKA_DATA_DIR"
DATABASE_FILE = "opeka.sqlite3"


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir(APP_DIR_NAME, APP_AUTHOR))


def resolve_data_dir(cli_value: str | os.PathLike[str] | None = None) -> Path:
    """The data directory chosen by the command line, the environment or the platform, in that order."""
    if cli_value:
        return Path(cli_value).expanduser().resolve()
    env_value = os.environ.get(DATA_DIR_ENV)
    if env_value:
        return Path(env_value).expanduser().resolve()
    return default_data_dir()


@dataclass(frozen=True)
class DataPaths:
    """Every file the program writes lives under ``root``."""

    root: Path

    @property
    def database(self) -> Path:
        return self.root / DATABASE_FILE

    @property
    def backups(self) -> Path:
        return self.root / "backups"

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    @property
    def log_file(self) -> Path:
        return self.logs / "opeka.log"

    @property
    def attachments(self) -> Path:
        return self.root / "attachments"

    @property
    def settings_file(self) -> Path:
        return self.root / "settings.json"

    def ensure(self) -> None:
        for folder in (self.root, self.backups, self.logs, self.attachments):
            folder.mkdir(parents=True, exist_ok=True)


def _bundle_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root:
        return Path(frozen_root)
    return Path(__file__).resolve().parents[2]


def resource_path(*parts: str) -> Path:
    """A file under resources/, in the source tree or in the frozen build."""
    return _bundle_root().joinpath("resources", *parts)


def forms_path(*parts: str) -> Path:
    """A file under forms/, in the source tree or in the frozen build."""
    return _bundle_root().joinpath("forms", *parts)
