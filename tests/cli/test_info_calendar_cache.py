"""`opeka info --json` prints the same document whether the production calendar comes from the holidays package, is
computed into the cache, or is read back from it without the package — on a plain and on an encrypted installation,
where ``info`` signs in first and reads this year's calendar while the key is derived."""

from __future__ import annotations

import io
import json
import shutil
from collections.abc import Iterator
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import Any

import holidays
import pytest

from desktop_app.cli.main import main
from desktop_app.core import calendar_cache
from desktop_app.core.paths import DataPaths
from desktop_app.domain.workdays import use_year_source
from desktop_app.services.demo import create_demo
from tests.conftest import DEMO_TODAY, DemoTemplate


@pytest.fixture(scope="module")
def encrypted_demo(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """An encrypted demo (its key wrapped for every account) and the administrator's password."""
    root = tmp_path_factory.mktemp("encrypted-demo") / "data"
    db, result = create_demo(DataPaths(root), DEMO_TODAY, encrypted=True)
    db.close()
    return root, result.password


@pytest.fixture(autouse=True)
def package_calendar_after() -> Iterator[None]:
    yield
    use_year_source(None)  # the next tests count with the package, not with this test's cache file


def _info(root: Path) -> dict[str, Any]:
    out, err = io.StringIO(), io.StringIO()
    with redirect_stdout(out), redirect_stderr(err):
        code = main(["--data-dir", str(root), "info", "--json"])
    assert (code, err.getvalue()) == (0, ""), err.getvalue()
    return json.loads(out.getvalue())  # type: ignore[no-any-return]


def _without_journal_count(info: dict[str, Any]) -> dict[str, Any]:
    """The document without the journal's length: an encrypted installation's ``info`` signs in, and every
    sign-in is journalled, so that one count grows from run to run."""
    counts = {key: value for key, value in info["counts"].items() if key != "audit_entries"}
    return {**info, "counts": counts}


def _three_runs(root: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    runs = []
    # 1: the calendar straight from the package, as before the cache
    with monkeypatch.context() as patch:
        patch.setattr(calendar_cache, "use_cached_calendar", lambda file=None: use_year_source(None))
        runs.append(_info(root))
    monkeypatch.setattr(calendar_cache, "cache_file", lambda: cache)
    # 2: the cache is empty: the years are computed from the package and written
    runs.append(_info(root))
    assert cache.is_file()

    # 3: a new process would read them from the file; the package is not asked (it would fail)
    def no_package(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the holidays package was asked although the cache holds the year")

    with monkeypatch.context() as patch:
        patch.setattr(holidays, "country_holidays", no_package)
        runs.append(_info(root))
    return runs


def test_info_json_is_the_same_with_the_calendar_cached_on_a_plain_installation(
    demo_template: DemoTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = tmp_path / "data"
    shutil.copytree(demo_template.root, root)
    package, computed, cached = _three_runs(root, tmp_path / "cache" / "production-calendar.json", monkeypatch)
    assert package == computed == cached
    assert package["current_period"]["code"] and package["current_period"]["label"]


def test_info_json_is_the_same_with_the_calendar_cached_on_an_encrypted_installation(
    encrypted_demo: tuple[Path, str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source, password = encrypted_demo
    root = tmp_path / "data"
    shutil.copytree(source, root)
    monkeypatch.setenv("OPEKA_PASSWORD", password)
    package, computed, cached = _three_runs(root, tmp_path / "cache" / "production-calendar.json", monkeypatch)
    assert set(package) == set(computed) == set(cached)
    assert _without_journal_count(package) == _without_journal_count(computed) == _without_journal_count(cached)
    # each sign-in is journalled as before: the journal grows by the same number of entries each time
    journal = [run["counts"]["audit_entries"] for run in (package, computed, cached)]
    assert journal[1] - journal[0] == journal[2] - journal[1] > 0
