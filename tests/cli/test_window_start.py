"""`opeka`, `opeka gui` and `opeka --data-dir ПАПКА` open the window without building the whole command line;
everything else, mistakes included, still goes to the full parser and gets its Russian messages."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop_app.cli.main import main
from desktop_app.cli.window import WindowStart, window_start


@pytest.mark.parametrize(
    ("arguments", "data_dir"),
    [
        ([], None),
        (["gui"], None),
        (["--data-dir", "D:\\Опека"], "D:\\Опека"),
        (["--data-dir=/srv/opeka"], "/srv/opeka"),
        (["--data-dir", "gui"], "gui"),
        (["--data-dir", "/srv/opeka", "gui"], "/srv/opeka"),
        (["gui", "--data-dir", "/srv/opeka"], "/srv/opeka"),
    ],
)
def test_a_start_that_only_opens_the_window_is_recognised(arguments: list[str], data_dir: str | None) -> None:
    assert window_start(arguments) == WindowStart(data_dir)


@pytest.mark.parametrize(
    "arguments",
    [
        ["--help"],
        ["--version"],
        ["info"],
        ["gui", "--help"],
        ["gui", "gui"],
        ["--data-dir"],
        ["--data-dir", ""],
        ["--data-dir="],
        ["--data-dir", "--help"],
        ["--data-dir", "a", "--data-dir", "b"],
        ["--data", "/srv/opeka"],
    ],
)
def test_anything_else_goes_to_the_full_command_line(arguments: list[str]) -> None:
    assert window_start(arguments) is None


def test_the_window_start_opens_the_window_on_the_folder_given(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    started: list[Path] = []
    monkeypatch.setattr("desktop_app.cli.main.start_window", lambda paths: started.append(paths.root) or 0)
    assert main(["--data-dir", str(tmp_path / "данные")]) == 0
    assert started == [tmp_path / "данные"]


def test_a_window_start_without_a_screen_is_refused_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr("sys.platform", "linux")
    assert main(["--data-dir", str(tmp_path)]) == 1
    assert (
        capsys.readouterr().err.strip()
        == "Ошибка: Нет графического экрана (не задан DISPLAY): окно программы открыть нельзя."
    )


def test_a_mistake_in_the_folder_option_gets_the_full_parsers_russian_message(
    capsys: pytest.CaptureFixture[str],
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(["--data-dir"])
    assert exit_info.value.code == 2
    assert "параметр --data-dir: ожидается одно значение" in capsys.readouterr().err
    assert main(["--data-dir", ""]) == 2
    assert "--data-dir указан пустым" in capsys.readouterr().err
