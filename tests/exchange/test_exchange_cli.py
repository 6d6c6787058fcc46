"""`opeka export` and `opeka import` as a coordinator and a district run them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.core.paths import DataPaths
from desktop_app.core.resources import demo_program
from desktop_app.services.program_store import store_program
from desktop_app.services.setup import create_installation
from tests.exchange.test_end_to_end import DISTRICTS, REGION


@pytest.fixture(autouse=True)
def isolated_environment(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPEKA_DATA_DIR", str(tmp_path / "not-to-be-used"))
    # the commands sign in as the administrator these installations were set up with
    monkeypatch.setenv("OPEKA_USER", REGION.admin_login)
    monkeypatch.setenv("OPEKA_PASSWORD", REGION.admin_password)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_region_package_then_district_bundle_then_region_import(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from desktop_app.domain.roles import InstallationKind

    region_dir, district_dir = tmp_path / "region", tmp_path / "district"
    db = create_installation(DataPaths(region_dir), REGION)
    with db.transaction() as session:
        store_program(session, demo_program())
    db.close()
    create_installation(
        DataPaths(district_dir),
        replace(REGION, kind=InstallationKind.DISTRICT, district_name=DISTRICTS[0], organisation_name="Отдел"),
    ).close()

    package = tmp_path / "регион.opeka"
    code, out, _ = run(capsys, "--data-dir", str(region_dir), "export", "--out", str(package), "--json")
    assert code == 0 and json.loads(out)["kind"] == "region-package" and json.loads(out)["sequence"] == 1

    bundle = tmp_path / "плесецк.opeka"
    code, _, err = run(capsys, "--data-dir", str(district_dir), "export", "--out", str(bundle))
    assert code == 1 and "сначала загрузите пакет региона" in err

    code, out, _ = run(capsys, "--data-dir", str(district_dir), "import", str(package), "--json")
    report = json.loads(out)["files"][0]
    assert code == 0 and report["result"] == "applied" and report["counts"]["measures"]["new"] == 31

    code, out, _ = run(capsys, "--data-dir", str(district_dir), "export", "--out", str(bundle), "--json")
    assert code == 0 and json.loads(out)["kind"] == "district-bundle"

    broken = tmp_path / "обрезан.opeka"
    broken.write_bytes(bundle.read_bytes()[:500])
    code, out, _ = run(capsys, "--data-dir", str(region_dir), "import", str(broken), str(bundle), "--json")
    files = json.loads(out)["files"]
    assert code == 2, "one file was refused"
    assert files[0]["result"] == "refused" and files[0]["message"]
    assert files[1]["result"] == "applied"
    # the region's own reference data comes back unchanged; new is only the district office itself
    assert files[1]["counts"]["organisations"] == {"unchanged": 13, "new": 1}
    assert files[1]["counts"]["measures"] == {"unchanged": 31}

    code, out, _ = run(capsys, "--data-dir", str(region_dir), "import", str(bundle), "--dry-run")
    assert code == 0 and "изменений нет" in out


def test_keys_are_made_at_setup_backed_up_and_restored(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    data = tmp_path / "district"
    secret = tmp_path / "пароль.txt"
    secret.write_text("admin-2025\n", encoding="utf-8")
    monkeypatch.setenv("OPEKA_USER", "admin")
    monkeypatch.setenv("OPEKA_PASSWORD", "admin-2025")
    code, _, _ = run(
        capsys,
        "--data-dir",
        str(data),
        "init",
        "--role",
        "district",
        "--region",
        "29",
        "--district",
        DISTRICTS[0],
        "--org",
        "Отдел опеки",
        "--admin",
        "admin",
        "--password-file",
        str(secret),
    )
    assert code == 0 and (data / "keys" / "signing.key").exists()
    code, out, _ = run(capsys, "--data-dir", str(data), "keys", "show", "--json")
    shown = json.loads(out)
    assert code == 0 and len(shown["signing_fingerprint"]) == 19
    backup = tmp_path / "ключи.json"
    phrase = tmp_path / "фраза.txt"
    phrase.write_text("длинная парольная фраза\n", encoding="utf-8")
    code, _, _ = run(capsys, "--data-dir", str(data), "keys", "export", str(backup), "--password-file", str(phrase))
    assert code == 0 and backup.exists()
    for key_file in (data / "keys").iterdir():
        key_file.unlink()
    code, out, _ = run(
        capsys, "--data-dir", str(data), "keys", "restore", str(backup), "--password-file", str(phrase), "--json"
    )
    assert code == 0 and json.loads(out)["signing_fingerprint"] == shown["signing_fingerprint"]
    code, _, err = run(capsys, "--data-dir", str(data), "keys", "restore", str(backup), "--password-file", str(secret))
    assert code != 0 and err.startswith("Ошибка: ")


def test_a_second_workstation_connects_to_the_main_pc_by_its_card(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from dataclasses import replace

    from desktop_app.domain.roles import InstallationKind

    office = replace(REGION, kind=InstallationKind.DISTRICT, district_name=DISTRICTS[0], organisation_name="Отдел")
    main_dir, workstation_dir = tmp_path / "main", tmp_path / "workstation"
    for folder in (main_dir, workstation_dir):
        create_installation(DataPaths(folder), office).close()
    card = tmp_path / "основной.opeka-card"
    code, out, _ = run(capsys, "--data-dir", str(main_dir), "office", "card", str(card), "--json")
    main_pc = json.loads(out)
    assert code == 0 and main_pc["role"] == "main" and card.is_file()

    code, out, _ = run(capsys, "--data-dir", str(workstation_dir), "office", "connect", str(card))
    assert code == 0 and f"отпечаток {main_pc['own_fingerprint']}" in out

    code, out, _ = run(capsys, "--data-dir", str(workstation_dir), "office", "show", "--json")
    assert json.loads(out)["main_pc"]["fingerprint"] == main_pc["own_fingerprint"]
    # no region package yet, but the workstation's bundle goes to the main PC: it can be written now
    bundle = tmp_path / "рабочее-место.opeka"
    code, _, _ = run(capsys, "--data-dir", str(workstation_dir), "export", "--out", str(bundle))
    assert code == 0
    code, out, _ = run(capsys, "--data-dir", str(main_dir), "import", str(bundle), "--json")
    assert code == 0 and json.loads(out)["files"][0]["result"] in ("applied", "unchanged")

    code, _, err = run(capsys, "--data-dir", str(workstation_dir), "office", "connect")
    assert code == 1 and "Укажите файл карточки" in err
    code, out, _ = run(capsys, "--data-dir", str(workstation_dir), "office", "disconnect", "--json")
    assert code == 0 and json.loads(out)["role"] == "main"
