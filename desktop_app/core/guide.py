"""The user guide shipped in resources/guide: Markdown files, their headings and the links between them.

The same files are read on GitHub and in the program's help window, so anchors follow GitHub's rule for headings
(lower case, punctuation dropped, spaces become hyphens) and a link written once works in both.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from desktop_app.core.paths import resource_path

INDEX = "index.md"
# F1 on a page of the main window opens the guide here (Page.KEY → file#anchor).
PAGE_SECTIONS: dict[str, str] = {
    "dashboard": "overview.md",
    "measures": "measures.md#отчёт-об-исполнении-за-полугодие",
    "families": "families.md#новая-ресурсная-семья",
    "cases": "cases.md#новый-случай",
    "indicators": "indicators.md#ввод-значений-за-период",
    "forms": "forms.md#заполнить-форму",
    "exchange": "exchange.md",
    "reports": "reports.md#напечатать-отчёт",
    "audit": "journal.md",
}

_LINK = re.compile(r"\[[^\]]*\]\(([^)\s]+)\)")
_ITEM = re.compile(r"^\d+\.\s+\[")
_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


@dataclass(frozen=True)
class Heading:
    level: int
    text: str
    anchor: str


def guide_folder() -> Path:
    """The guide's folder, in the source tree or in the frozen build."""
    return resource_path("guide")


def slug(heading: str) -> str:
    """GitHub's anchor for a heading: «Первый запуск, вход» → «первый-запуск-вход»."""
    kept = re.sub(r"[^\w\- ]", "", heading.strip().lower())
    return kept.replace(" ", "-")


def _lines_outside_code(text: str) -> list[str]:
    lines, fenced = [], False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
        elif not fenced:
            lines.append(line)
    return lines


def headings(text: str) -> list[Heading]:
    """The headings of a Markdown text, in order, with their anchors."""
    found = []
    for line in _lines_outside_code(text):
        match = _HEADING.match(line)
        if match:
            title = match.group(2).replace("**", "").replace("`", "")
            found.append(Heading(len(match.group(1)), title, slug(title)))
    return found


def links(text: str) -> list[str]:
    """The targets of the links in a Markdown text (outside code blocks), as written."""
    return [target for line in _lines_outside_code(text) for target in _LINK.findall(line)]


def is_external(target: str) -> bool:
    return bool(re.match(r"^[a-z][a-z0-9+.-]*:", target, re.IGNORECASE))


def split_target(target: str, current: str) -> tuple[str, str]:
    """A link inside the guide as (file, anchor): «#a» stays in ``current``, «file.md» opens at its top."""
    file, _, anchor = target.partition("#")
    return (file or current), anchor


def guide_files(folder: Path | None = None) -> list[str]:
    """The guide's files in reading order: the index, then the files of its numbered contents list."""
    folder = folder or guide_folder()
    order = [INDEX]
    contents = [line for line in (folder / INDEX).read_text(encoding="utf-8").splitlines() if _ITEM.match(line)]
    for target in links("\n".join(contents)):
        file, _anchor = split_target(target, INDEX)
        if not is_external(target) and file not in order and (folder / file).is_file():
            order.append(file)
    return order


def broken_links(folder: Path | None = None) -> list[str]:
    """Every link in the guide's files that names a missing file or an anchor no heading has, as «file: target»."""
    folder = folder or guide_folder()
    anchors: dict[str, set[str]] = {}
    problems = []
    for path in sorted(folder.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        for target in links(text):
            if is_external(target):
                continue
            file, anchor = split_target(target, path.name)
            if not (folder / file).is_file():
                problems.append(f"{path.name}: {target} — нет файла")
                continue
            if file not in anchors:
                anchors[file] = {h.anchor for h in headings((folder / file).read_text(encoding="utf-8"))}
            if anchor and anchor not in anchors[file]:
                problems.append(f"{path.name}: {target} — нет заголовка")
    return problems
