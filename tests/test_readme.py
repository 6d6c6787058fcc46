"""README is for people: what the program is, the two commands (the test one exactly what CI runs), where to read
more, and links that lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from desktop_app.core import guide

ROOT = Path(__file__).resolve().parents[1]
README = ROOT / "README.md"


def _code_lines(text: str) -> list[str]:
    blocks = re.findall(r"```[^\n]*\n(.*?)```", text, re.DOTALL)
    return [line.split("#", 1)[0].strip() for block in blocks for line in block.splitlines() if line.strip()]


def _ci_commands() -> list[str]:
    lines = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip().startswith("python3 build/")]


def test_the_test_command_in_readme_is_the_one_ci_runs() -> None:
    ci_test = [command for command in _ci_commands() if " test" in command]
    assert ci_test == ["python3 build/dev.py test"]
    two_commands = README.read_text(encoding="utf-8").split("## Две команды", 1)[1].split("\n## ", 1)[0]
    assert _code_lines(two_commands) == ["python3 build/dev.py demo", ci_test[0]]


def test_the_build_commands_in_readme_are_the_ones_ci_runs() -> None:
    ci_build = [command for command in _ci_commands() if " test" not in command]
    assert ci_build and set(ci_build) <= set(_code_lines(README.read_text(encoding="utf-8")))


def test_readme_starts_with_what_the_program_is_then_the_commands() -> None:
    text = README.read_text(encoding="utf-8")
    sections = re.findall(r"^## (.+)$", text, re.MULTILINE)
    assert sections[:2] == ["Две команды", "Где читать дальше"]
    intro = text.split("\n## ", 1)[0]
    assert "органов опеки и попечительства" in intro and "без интернета" in intro
    assert len(intro) < 1200  # a few sentences, not the feature list


def test_readme_is_short() -> None:
    assert README.stat().st_size < 12 * 1024


def _headings_of(path: Path) -> set[str]:
    return {heading.anchor for heading in guide.headings(path.read_text(encoding="utf-8"))}


@pytest.mark.parametrize("document", ["README.md", "DEVELOPMENT.md"])
def test_every_link_in_the_document_resolves(document: str) -> None:
    path = ROOT / document
    broken = []
    for target in guide.links(path.read_text(encoding="utf-8")):
        if guide.is_external(target):
            continue
        file, anchor = guide.split_target(target, document)
        linked = (path.parent / file).resolve()
        if not linked.exists():
            broken.append(f"{target}: нет файла")
        elif anchor and anchor not in _headings_of(linked):
            broken.append(f"{target}: нет заголовка")
    assert broken == []


def test_readme_leads_to_the_user_guide_and_every_guide_link_resolves() -> None:
    targets = guide.links(README.read_text(encoding="utf-8"))
    assert "resources/guide/index.md" in targets
    assert guide.broken_links(ROOT / "resources" / "guide") == []


def test_the_feature_description_lives_in_the_guide_not_in_readme() -> None:
    features = (ROOT / "resources" / "guide" / "features.md").read_text(encoding="utf-8")
    assert "реестр мероприятий" in features and "реестр ресурсных семей" in features
    assert "реестр ресурсных семей** (семьи, готовые" not in README.read_text(encoding="utf-8")
