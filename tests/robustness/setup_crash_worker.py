"""The process the set-up crash cases kill (setup_crash.py): a zygote that imports the command line once, then for
each line on stdin (a JSON list of `opeka` arguments) forks a child that runs that command, announces it as
``child PID`` and, when the child has ended (killed or not), ``ended PID STATUS``.

Password hashing, the backup key's and the database key's Argon2id use the tests' small limits, so a run takes a
fraction of a second and a kill can land anywhere in it; the files written are the same as with the real limits.
"""

from __future__ import annotations

import json
import os
import sys

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import nacl.pwhash
from argon2 import PasswordHasher

import desktop_app.cli.commands
import desktop_app.services.backups
import desktop_app.services.demo
import desktop_app.sync.setup
from desktop_app.cli.main import main
from desktop_app.services import backup_crypto, passwords
from desktop_app.storage import key_store
from tests.robustness.setup_crash import DEMO_PASSWORD

passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
backup_crypto.OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MIN
backup_crypto.MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_MIN
key_store.OPSLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MIN  # the database key's wraps, likewise
key_store.MEMLIMIT = nacl.pwhash.argon2id.MEMLIMIT_MIN
# the demo's accounts get this password, so that the harness can sign in to the encrypted database it checks
desktop_app.services.demo.generate_demo_password = lambda: DEMO_PASSWORD


def say(word: str) -> None:
    sys.stdout.write(word + "\n")
    sys.stdout.flush()


def zygote() -> int:
    say("zygote")
    for line in sys.stdin:
        argv = json.loads(line)
        sys.stderr.flush()
        pid = os.fork()
        if pid == 0:
            quiet = os.open(os.devnull, os.O_WRONLY)
            os.dup2(quiet, 1)  # the command's own output would mix with this protocol
            try:
                code = main(argv)
            except BaseException:
                code = 70
            os._exit(code)
        say(f"child {pid}")
        _, status = os.waitpid(pid, 0)
        say(f"ended {pid} {status}")
    return 0


if __name__ == "__main__":
    sys.exit(zygote())
