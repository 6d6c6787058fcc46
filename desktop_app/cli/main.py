"""Entry point of `opeka` and `python -m desktop_app`: parse the command, run it, report errors in one line.

A start that only opens the window (``opeka``, ``opeka --data-dir ПАПКА``) goes straight to it (cli/window.py):
the full command line and its commands are imported only for the other commands. The command line itself is
built from light modules (cli/parser.py): ``opeka --help`` and a mistyped command answer before the commands,
the logging set-up or the data folder are loaded; each command's implementation is imported when it runs.
"""

from __future__ import annotations

import sys
from collections.abc import Callable, Sequence

from desktop_app.cli.window import start_window, window_start
from desktop_app.domain.errors import UserError

TYPE_CHECKING = False  # not `typing`'s: see cli/window.py
if TYPE_CHECKING:
    from pathlib import Path

    from desktop_app.core.paths import DataPaths

LOGGER_NAME = "desktop_app.cli"

INTERNAL_ERROR_EXIT = 70


def main(argv: Sequence[str] | None = None) -> int:
    arguments = list(sys.argv[1:] if argv is None else argv)
    window = window_start(arguments)
    if window is not None:
        return _run(window.data_dir, start_window)
    from desktop_app.cli.parser import build_parser

    args = build_parser().parse_args(arguments)  # --help, --version and usage errors end here
    if getattr(args, "data_dir", None) == "":
        print("Ошибка: параметр --data-dir указан пустым; укажите папку данных.", file=sys.stderr)
        return 2
    from desktop_app.cli import commands

    return _run(getattr(args, "data_dir", None), lambda paths: commands.run(args, paths))


def _run(data_dir: str | None, command: Callable[[DataPaths], int]) -> int:
    from desktop_app.core.calendar_cache import use_cached_calendar
    from desktop_app.core.logs import configure_logging
    from desktop_app.core.paths import DataPaths, owner_only_files, resolve_data_dir

    owner_only_files()  # before the first log line or file: nothing of the data folder is readable by others
    use_cached_calendar()  # deadlines counted without importing the holidays package, once its years are cached
    paths = DataPaths(resolve_data_dir(data_dir))
    configure_logging(paths.log_file if paths.root.exists() else None)
    try:
        return command(paths)
    except UserError as exc:
        print(f"Ошибка: {exc.message}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("Прервано пользователем.", file=sys.stderr)
        return 130
    except BrokenPipeError:
        # the reader went away (e.g. `opeka info | head`): nothing more to say
        sys.stderr.close()
        return 0
    except Exception:
        log_file = _log_internal_error(paths)
        print(
            f"Внутренняя ошибка программы; подробности записаны в {log_file}.",
            file=sys.stderr,
        )
        return INTERNAL_ERROR_EXIT


def _log_internal_error(paths: DataPaths) -> Path:
    import logging
    import tempfile
    from pathlib import Path

    from desktop_app.core.logs import configure_logging

    target = paths.log_file if paths.root.exists() else Path(tempfile.gettempdir()) / "opeka-error.log"
    configure_logging(target)
    logging.getLogger(LOGGER_NAME).exception("Unexpected error")
    return target
