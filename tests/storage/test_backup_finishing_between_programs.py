"""Two programs on one backup folder (the window finishing the day's copy while someone runs ``opeka backup``):
copies are finished one after the other, because finishing one deletes the shared attachments no finished copy
lists yet, which would include those the other has just stored."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from desktop_app.core.paths import DataPaths
from desktop_app.domain.errors import DatabaseProblem
from desktop_app.storage import backups
from desktop_app.storage.backup_folder import existing_copies, sound_copy

HOLDER = """
import sys
from pathlib import Path
from desktop_app.core import process_lock
with process_lock.held(Path(sys.argv[1]), "занято"):
    print("held", flush=True)
    sys.stdin.readline()
"""


def _other_program_finishing(folder: Path) -> subprocess.Popen[str]:
    """Another process of the program in the middle of finishing its copy in ``folder``."""
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(folder / backups.FINISHING_LOCK)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_copy_waits_while_another_program_finishes_its_own_then_is_finished_whole(demo_paths: DataPaths) -> None:
    before = {copy.name for copy in existing_copies(demo_paths.backups)}
    holder = _other_program_finishing(demo_paths.backups)
    outcome: list[object] = []
    worker = threading.Thread(target=lambda: outcome.append(backups.write_backup(demo_paths, "manual")))
    try:
        worker.start()
        time.sleep(1.5)
        assert worker.is_alive(), "the copy was finished while another program was finishing its own"
        assert {copy.name for copy in existing_copies(demo_paths.backups)} == before
    finally:
        assert holder.stdin is not None
        holder.stdin.write("\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    worker.join(timeout=120)
    assert not worker.is_alive()
    [info] = outcome
    assert isinstance(info, backups.BackupInfo)
    assert info.path.name not in before and sound_copy(info.path)


def test_a_program_that_never_lets_go_gives_one_sentence_and_leaves_no_work_folder(
    demo_paths: DataPaths, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(backups, "FINISHING_WAIT", 0.5)
    before = sorted(path.name for path in demo_paths.backups.iterdir() if path.name != backups.FINISHING_LOCK)
    holder = _other_program_finishing(demo_paths.backups)
    try:
        with pytest.raises(DatabaseProblem) as refused:
            backups.write_backup(demo_paths, "manual")
    finally:
        assert holder.stdin is not None
        holder.stdin.close()
        holder.wait(timeout=30)
    assert "другая копия программы" in refused.value.message and "\n" not in refused.value.message
    after = sorted(path.name for path in demo_paths.backups.iterdir() if path.name != backups.FINISHING_LOCK)
    assert after == before
