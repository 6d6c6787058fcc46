"""Shared fixtures: a demo database built once per session and copied fresh for every test."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import nacl.pwhash
from argon2 import PasswordHasher

from desktop_app.core.paths import DataPaths
from desktop_app.domain.actor import Actor
from desktop_app.domain.roles import Role
from desktop_app.services import passwords
from desktop_app.services.demo import DemoResult, create_demo
from desktop_app.storage import key_store
from desktop_app.storage.background_backup import daily_backup_started
from desktop_app.storage.database import Database, open_database

# Real argon2id, with parameters small enough that hundreds of logins stay fast in tests.
passwords.use_hasher(PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1))
# The same for the database key's wraps (storage/key_store.py): real Argon2id, the smallest limits.
key_store.OPSLIMIT, key_store.MEMLIMIT = nacl.pwhash.argon2id.OPSLIMIT_MIN, nacl.pwhash.argon2id.MEMLIMIT_MIN


# The demo is built around the day it is made; the tests' copy is made on the day its data file was written for,
# so the II half-year 2025 is approved and the I half-year 2026 partly filled, whatever the real date.
DEMO_TODAY = date(2026, 6, 10)


@dataclass(frozen=True)
class DemoTemplate:
    root: Path
    result: DemoResult


@pytest.fixture(scope="session")
def demo_template(tmp_path_factory: pytest.TempPathFactory) -> DemoTemplate:
    root = tmp_path_factory.mktemp("demo-template")
    db, result = create_demo(DataPaths(root), DEMO_TODAY)
    with db.engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    db.close()
    daily = daily_backup_started(DataPaths(root))
    if daily is not None:
        daily.wait()  # today's copy is there: opening a test's copy makes no other
    return DemoTemplate(root, result)


@pytest.fixture
def demo_paths(demo_template: DemoTemplate, tmp_path: Path) -> DataPaths:
    """A private copy of the demo data directory."""
    target = tmp_path / "data"
    shutil.copytree(demo_template.root, target)
    return DataPaths(target)


@pytest.fixture
def demo_password(demo_template: DemoTemplate) -> str:
    return demo_template.result.password


@pytest.fixture
def cli_credentials(demo_password: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`opeka` commands sign in as the demo's administrator, the way a script gives them credentials."""
    monkeypatch.setenv("OPEKA_USER", "demo")
    monkeypatch.setenv("OPEKA_PASSWORD", demo_password)


@pytest.fixture
def demo_db(demo_paths: DataPaths) -> Iterator[Database]:
    db = open_database(demo_paths)
    yield db
    db.close()


@pytest.fixture
def empty_paths(tmp_path: Path) -> DataPaths:
    return DataPaths(tmp_path / "empty")


def make_actor(role: Role, login: str = "tester") -> Actor:
    return Actor(user_id=None, login=login, full_name=f"Тест {role.label}", role=role)


@pytest.fixture
def demo_actor(demo_db: Database, demo_password: str) -> Actor:
    """The demo user, signed in through the real login service."""
    from desktop_app.services.auth import AuthService

    return AuthService(demo_db).login("demo", demo_password)
