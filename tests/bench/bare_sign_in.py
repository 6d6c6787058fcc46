"""The baseline of the start-up rows: what any program signing in to the same encrypted installation must do, bare.

The login's copy of the database key is unwrapped as the key file describes it (Argon2id with the file's limits,
SecretBox), the database opened through SQLCipher with that key, and the account's password hash read and checked
with argon2-cffi: the program's sign-in does this work and more (journal, lock-out, migrations check). Nothing
of the program is imported.

``python -m tests.bench.bare_sign_in DATA_DIR`` (login and password in OPEKA_USER and OPEKA_PASSWORD) signs in
so and prints, as JSON, the number of rows of the tables ``opeka info`` counts: the baseline of ``opeka info``.
"""

from __future__ import annotations

import base64
import json
import os
import sys
from pathlib import Path
from typing import Any

COUNTED = ("program", "measure", "organisation", "indicator", "resource_family", "user_account", "audit_entry")


def sign_in(data_dir: Path, login: str, password: str) -> Any:
    """The open SQLCipher connection to ``data_dir``'s database after the sign-in's cryptography."""
    import nacl.pwhash
    import sqlcipher3.dbapi2 as sqlcipher
    from argon2 import PasswordHasher
    from nacl.secret import SecretBox

    access = json.loads((data_dir / "database-access.json").read_text(encoding="utf-8"))
    entry = access["logins"][login][0]
    secret = nacl.pwhash.argon2id.kdf(
        SecretBox.KEY_SIZE,
        password.encode("utf-8"),
        base64.b64decode(entry["salt"]),
        opslimit=entry["opslimit"],
        memlimit=entry["memlimit"],
    )
    key = SecretBox(secret).decrypt(base64.b64decode(entry["box"]))
    connection = sqlcipher.connect(str(data_dir / "opeka.sqlite3"))
    connection.execute("PRAGMA cipher_log_level = NONE")
    connection.execute(f"PRAGMA key = \"x'{key.hex()}'\"")
    (stored,) = connection.execute("SELECT password_hash FROM user_account WHERE login = ?", (login,)).fetchone()
    PasswordHasher().verify(stored, password)
    return connection


def counts(connection: Any) -> dict[str, int]:
    return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COUNTED}


if __name__ == "__main__":
    opened = sign_in(Path(sys.argv[1]), os.environ["OPEKA_USER"], os.environ["OPEKA_PASSWORD"])
    json.dump(counts(opened), sys.stdout)
    sys.stdout.write("\n")
