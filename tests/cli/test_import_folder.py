"""`opeka import ПАПКА` at the region: every district bundle of the folder, as the window's «Загрузить папку…»."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import select

from desktop_app.cli.main import main
from desktop_app.domain.actor import SYSTEM_ACTOR
from desktop_app.storage.models import ImportLogEntry, IndicatorValue
from desktop_app.sync.batch import import_folder
from tests.exchange.test_end_to_end import PERIOD, REGION, RETURNED
from tests.exchange.test_end_to_end import world as world
from tests.exchange.test_folder_transaction import bundles


@pytest.fixture(autouse=True)
def region_credentials(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPEKA_USER", REGION.admin_login)
    monkeypatch.setenv("OPEKA_PASSWORD", REGION.admin_password)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_a_folder_of_two_district_bundles_goes_in_as_the_window_takes_it(  # type: ignore[no-untyped-def]
    world, capsys: pytest.CaptureFixture[str]
) -> None:
    region, districts, folder = world
    inbox = folder / "входящие"
    first, second = bundles(districts[:2], inbox)

    code, out, err = run(capsys, "--data-dir", str(region.paths.root), "import", str(inbox), "--json")

    assert code == 0, err
    files = json.loads(out)["files"]
    assert [(Path(item["file"]), item["result"]) for item in files] == [(first, "applied"), (second, "applied")]
    with region.db.reading() as session:
        returned = {
            value.territory: (value.numerator, value.denominator)
            for value in session.scalars(select(IndicatorValue).where(IndicatorValue.period == PERIOD.code))
            if value.numerator is not None
        }
        logged = sorted(session.scalars(select(ImportLogEntry.file_name)))
    assert returned == {district.name: RETURNED[district.name] for district in districts[:2]}
    assert logged == sorted([first.name, second.name])
    # the window's path (sync.batch.import_folder) finds nothing left to take
    rows = import_folder(region.load, SYSTEM_ACTOR, inbox)
    assert [row.result for row in rows] == ["unchanged", "unchanged"]


def test_a_folder_checked_with_dry_run_writes_nothing(world, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    region, districts, folder = world
    inbox = folder / "входящие"
    bundles(districts[:2], inbox)
    code, out, _ = run(capsys, "--data-dir", str(region.paths.root), "import", str(inbox), "--dry-run")
    assert code == 0 and out.count("проверен (без записи)") == 2
    with region.db.reading() as session:
        assert not session.scalars(select(ImportLogEntry)).all()


def test_an_empty_folder_is_a_russian_sentence_and_a_non_zero_exit(  # type: ignore[no-untyped-def]
    world, capsys: pytest.CaptureFixture[str]
) -> None:
    region, _, folder = world
    empty = folder / "пусто"
    empty.mkdir()
    code, out, _ = run(capsys, "--data-dir", str(region.paths.root), "import", str(empty))
    assert code == 2
    assert f"{empty}: не загружен — В папке «{empty}» нет файлов обмена (.opeka)." in out
