"""Starting the program again in a new process, as it was started: after a restore, nothing read before it
stays in memory, and the user signs in to the restored data."""

from __future__ import annotations

import os
import subprocess
import sys


def relaunch_command() -> list[str]:
    """The command that started this program: the frozen executable, or ``python -m desktop_app``; with the
    same arguments (``--data-dir`` among them)."""
    if getattr(sys, "frozen", False):
        return [sys.executable, *sys.argv[1:]]
    return [sys.executable, "-m", "desktop_app", *sys.argv[1:]]


def start_again() -> bool:
    """Start a new process of the program, detached from this one (which is about to end); False when the
    system refused to start it."""
    if sys.platform == "win32":
        detach = {"creationflags": subprocess.DETACHED_PROCESS | subprocess.CREATE_NEW_PROCESS_GROUP}
    else:
        detach = {"start_new_session": True}
    try:
        subprocess.Popen(
            relaunch_command(),
            cwd=os.getcwd(),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            close_fds=True,
            **detach,  # type: ignore[arg-type]
        )
    except OSError:
        return False
    return True
