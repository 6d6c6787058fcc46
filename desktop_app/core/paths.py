"""Where the program keeps its data and finds its shipped resources.

The data directory comes from ``--data-dir``, else ``OPEKA_DATA_DIR``, else platformdirs' user data
directory. Resources are looked up next to the source tree, or inside PyInstaller's bundle.
"""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path

APP_DIR_NAME = "OpekaOffline"
APP_AUTHOR = "Opeka"
DATA_DIR_ENV = "OPEKA_DATA_DIR"
DATABASE_FILE = "opeka.sqlite3"
# Families' personal data: nothing the program writes is readable by another local account (152-ФЗ).
OWNER_ONLY_UMASK = 0o077
_GROUP_OTHER = stat.S_IRWXG | stat.S_IRWXO


def owner_only_files() -> None:
    """From now on every file and folder this process creates is the owner's alone (0600 / 0700): the
    database and its -wal/-shm (SQLite gives those the database's mode), backups, logs, keys, attachments.
    Called once at start-up, before anything is written. On Windows the umask only governs the read-only
    bit: there the data folder lives in the per-user profile (platformdirs' user data folder), whose ACL
    already admits only its owner and the administrators."""
    os.umask(OWNER_ONLY_UMASK)


def restrict_existing(root: Path) -> None:
    """Take the group and other bits off what an earlier version left in ``root`` (created under the usual
    umask, 0644/0755). Quick when already done: only a folder that still has such bits is walked again."""
    if sys.platform == "win32":
        return  # the profile folder's ACL, not mode bits, keeps other accounts out (``owner_only_files``)
    try:
        if not root.is_dir() or root.is_symlink() or not root.stat().st_mode & _GROUP_OTHER:
            return
    except OSError:
        return
    for folder, folders, files in os.walk(root):
        for name in (folder, *(os.path.join(folder, entry) for entry in (*folders, *files))):
            try:
                mode = os.lstat(name).st_mode
                if stat.S_ISLNK(mode) or not mode & _GROUP_OTHER:
                    continue
                os.chmod(name, stat.S_IMODE(mode) & ~_GROUP_OTHER)
            except OSError as exc:  # another account's file in the folder: told in the log, never fatal
                import logging  # only here: `opeka --help` loads this module without the logging package

                logging.getLogger(__name__).warning("Could not make %s readable by its owner only: %s", name, exc)


def default_data_dir() -> Path:
    import platformdirs  # only when no folder was given: the command line's help does not load it

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

    @property
    def keys(self) -> Path:
        return self.root / "keys"

    def ensure(self) -> None:
        owner_only_files()  # whoever calls this first (set-up, a test) gets owner-only files too
        for folder in (self.root, self.backups, self.logs, self.attachments):
            folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        restrict_existing(self.root)


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
