"""From paragraphs and tables of text to an ImportedPlan: sections, blocks, measures and problems.

Pure: no Qt, no database, no file formats. Rows are read by the header's columns; a row that cannot be
read is reported with where it is and why, never dropped in silence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import PurePath

from desktop_app.domain.numbers import format_number
from desktop_app.domain.text import collapse_spaces
from desktop_app.plan_import import front_matter as fm
from desktop_app.plan_import.approval import read_act
from desktop_app.plan_import.columns import (
    FIELD_LABELS,
    ColumnMap,
    detect_columns,
    is_column_numbers_row,
    read_fields,
    unmapped_text,
)
from desktop_app.plan_import.executors import split_executors
from desktop_app.plan_import.key_indicators import list_item, read_key_indicator
from desktop_app.plan_import.model import (
    OPTIONAL_FIELDS,
    ImportedBlock,
    ImportedKeyIndicator,
    ImportedMeasure,
    ImportedPlan,
    ImportedSection,
    ImportProblem,
)
from desktop_app.plan_import.raw import RawDocument, RawParagraph, RawRow, RawTable

HEADER_SEARCH_ROWS = 6
TITLE_MAX_LINES = 6
IMPLICIT_BLOCK_TITLE = "Мероприятия"
MAX_CELL_CHARS = 10_000  # the longest measure text of the seed plans is under 1 000; more is not a plan cell
_MEASURE_NUMBER = re.compile(r"^[\dIVXLC]+(?:\s*\.\s*[\dIVXLC]+)*\s*\.?$")


def _quote(text: str, limit: int = 60) -> str:
    text = collapse_spaces(text)
    return f"«{text[:limit]}…»" if len(text) > limit else f"«{text}»"


@dataclass
class _Block:
    number: str
    title: str
    expected_result: str
    location: str
    implicit: bool = False
    measures: list[ImportedMeasure] = field(default_factory=list)

    def freeze(self) -> ImportedBlock:
        return ImportedBlock(
            self.number, self.title, self.expected_result, tuple(self.measures), self.location, self.implicit
        )


@dataclass
class _Section:
    number: str
    title: str
    location: str
    goal: str = ""
    tasks: list[str] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)

    def freeze(self) -> ImportedSection:
        return ImportedSection(
            self.number,
            self.title,
            self.goal,
            tuple(self.tasks),
            tuple(block.freeze() for block in self.blocks),
            self.location,
        )


@dataclass
class _Parser:
    source: str
    title_lines: list[str] = field(default_factory=list)
    title_done: bool = False
    structure_seen: bool = False
    period_text: str = ""
    strategic_goal: str = ""
    sections: list[_Section] = field(default_factory=list)
    loose_blocks: list[_Block] = field(default_factory=list)
    abbreviations: list[tuple[str, str]] = field(default_factory=list)
    problems: list[ImportProblem] = field(default_factory=list)
    warnings: list[ImportProblem] = field(default_factory=list)
    preamble: list[tuple[str, str]] = field(default_factory=list)  # the lines above the title: the stamp
    key_indicators: list[ImportedKeyIndicator] = field(default_factory=list)
    mode: fm.Label | None = None
    section: _Section | None = None
    block: _Block | None = None
    columns: ColumnMap | None = None
    grid_width: int = 0

    # --- text: paragraphs and lines of rows that span the table -------------------------------------

    def text(self, text: str, location: str) -> None:
        text = text.strip()
        if self.title_lines and not self.title_done:
            if text and len(self.title_lines) < TITLE_MAX_LINES and not self._is_structure_text(text):
                self.title_lines.append(text)
                return
            self.title_done = True
        if not text:
            return
        if self.mode is fm.Label.KEY_INDICATORS:
            if self.key_indicator(text, location):
                return
            self.mode = None
        heading = fm.section_heading(text)
        if heading is not None:
            self.start_section(heading[0], heading[1], location)
            return
        labelled = fm.label(text)
        if labelled is not None:
            self.labelled(labelled[0], labelled[1], location)
            return
        if self.mode is fm.Label.GOAL and self.section is not None:
            self.set_goal(self.section, text, location)
            self.mode = None
        elif self.mode is fm.Label.STRATEGIC_GOAL:
            self.strategic_goal = collapse_spaces(text)
            self.mode = None
        elif self.mode is fm.Label.TASKS and self.section is not None:
            self.section.tasks.append(collapse_spaces(text))
        elif self.mode is fm.Label.ABBREVIATIONS:
            pair = fm.abbreviation(text)
            if pair is None:
                self.mode = None
            else:
                self.abbreviations.append(pair)
        elif not self.title_lines and not self.structure_seen and fm.starts_title(text):
            self.title_lines.append(text)
        elif not self.title_lines and not self.structure_seen:
            self.preamble.append((text, location))

    def key_indicator(self, text: str, location: str) -> bool:
        """Take a line of the «Ключевые целевые показатели:» list; False when the list has ended."""
        item = list_item(text)
        if item is None:
            return False
        indicator, warnings = read_key_indicator(item[0], item[1], len(self.key_indicators) + 1, location)
        self.key_indicators.append(indicator)
        self.warnings.extend(warnings)
        return True

    def set_goal(self, section: _Section, text: str, location: str) -> None:
        goal = collapse_spaces(text)
        if section.goal and goal != section.goal:
            # A second «Цель:» in one section is most often the goal of a heading the reader did not
            # recognise; keeping the first and saying so beats overwriting the section's own goal.
            self.warnings.append(
                ImportProblem(
                    location or section.location,
                    f"вторая «Цель:» в разделе {section.number} {_quote(section.title)}: {_quote(goal)} не "
                    "импортирована, у раздела осталась первая; проверьте, не пропущен ли заголовок подраздела",
                )
            )
            return
        section.goal = goal

    def _is_structure_text(self, text: str) -> bool:
        return fm.section_heading(text) is not None or fm.label(text) is not None or len(text) > 300

    def labelled(self, kind: fm.Label, rest: str, location: str) -> None:
        self.mode = None
        if kind is fm.Label.GOAL:
            if self.section is not None:
                if rest:
                    self.set_goal(self.section, rest, location)
                self.mode = None if rest else kind
        elif kind is fm.Label.TASKS:
            if self.section is not None:
                self.mode = kind
                self.section.tasks.extend(collapse_spaces(line) for line in rest.split("\n") if line.strip())
        elif kind is fm.Label.STRATEGIC_GOAL:
            self.strategic_goal = collapse_spaces(rest)
            self.mode = None if rest else kind
        elif kind is fm.Label.PERIOD:
            self.period_text = self.period_text or collapse_spaces(rest)
        elif kind is fm.Label.ABBREVIATIONS:
            self.mode = kind
            if rest:
                self.text(rest, "")
        elif kind is fm.Label.KEY_INDICATORS:
            self.mode = kind
            for line in rest.split("\n"):
                if line.strip():
                    self.text(line, location)

    def start_section(self, number: str, title: str, location: str) -> None:
        self.structure_seen = True
        self.mode = None
        self.section = _Section(number, title, location)
        self.sections.append(self.section)
        self.block = None

    def start_block(self, number: str, title: str, expected_result: str, location: str, implicit: bool) -> _Block:
        self.structure_seen = True
        self.mode = None
        block = _Block(number, title, expected_result, location, implicit)
        (self.section.blocks if self.section is not None else self.loose_blocks).append(block)
        self.block = block
        return block

    # --- tables -----------------------------------------------------------------------------------------

    def table(self, table: RawTable) -> None:
        # a sheet may open with the title and the goals; a Word table has its header at the top
        searched = table.rows if table.is_sheet else table.rows[:HEADER_SEARCH_ROWS]
        header_at = next((i for i, row in enumerate(searched) if detect_columns(row) is not None), None)
        width = max((cell.column + cell.span for row in table.rows for cell in row.cells), default=0)
        if header_at is None:
            if self.columns is not None and not table.is_sheet and width == self.grid_width:
                self.rows(table.rows, self.columns)  # a table continued after a page break, header not repeated
            elif any(row.filled for row in table.rows):
                self.problems.append(
                    ImportProblem(
                        table.name,
                        "не найдена строка заголовков таблицы мероприятий (столбцы «№», «Наименование мероприятия», "
                        "«Срок реализации», «Ответственные исполнители»); таблица пропущена",
                    )
                )
            return
        for row in table.rows[:header_at]:
            if not row.filled:
                self.text("", row.location)  # an empty row ends a title, as an empty paragraph does
            for cell in row.filled:
                for line in cell.text.split("\n"):
                    self.text(line, row.location)
        header = table.rows[header_at]
        columns = detect_columns(header)
        assert columns is not None
        self.columns, self.grid_width = columns, width
        unused = unmapped_text(header, columns)
        if unused:
            names = ", ".join(_quote(text) for text in unused)
            self.problems.append(
                ImportProblem(header.location, f"столбцы {names} не относятся к реестру мероприятий и не импортируются")
            )
        self.title_done = self.title_done or bool(self.title_lines)
        self.structure_seen = True
        self.rows(table.rows[header_at + 1 :], columns)

    def rows(self, rows: tuple[RawRow, ...], columns: ColumnMap) -> None:
        for row in rows:
            filled = row.filled
            if not filled or detect_columns(row) is not None or is_column_numbers_row(row):
                continue
            if self._is_text_row(row, columns):
                self.text_row(row)
            elif self._is_block_row(row):
                self.block_row(row)
            else:
                self.measure_row(row, columns)

    def _is_text_row(self, row: RawRow, columns: ColumnMap) -> bool:
        filled = row.filled
        if len(filled) != 1:
            return False
        cell = filled[0]
        if cell.span > 1 or len(row.cells) == 1:
            return True
        # a lone long text in the number column («Раздел 2. …» typed into column A of a sheet)
        return cell.covers(columns.get("number", -1)) and not _MEASURE_NUMBER.match(cell.text.strip())

    def _is_block_row(self, row: RawRow) -> bool:
        filled = row.filled
        return len(filled) <= 3 and fm.block_number(filled[0].text) is not None

    def text_row(self, row: RawRow) -> None:
        text = row.filled[0].text
        lines = [line.strip() for line in text.split("\n")]
        head = lines[0]
        if fm.section_heading(head) is not None:
            heading = [head]
            while len(lines) > 1 and lines[1] and fm.label(lines[1]) is None:
                heading.append(lines.pop(1))
            lines[0] = " ".join(heading)
        if (
            fm.section_heading(head) is not None
            or fm.label(head) is not None
            or (self.mode is not None and fm.block_number(head) is None)
        ):
            for line in lines:
                self.text(line, row.location)
            return
        self.block_row(row)

    def block_row(self, row: RawRow) -> None:
        texts = [cell.text for cell in row.filled]
        numbered = fm.block_number(texts[0])
        number, title = numbered if numbered is not None else ("", texts[0])
        rest = texts[1:]
        if not title and rest:
            title = rest.pop(0)
        expected = "\n".join(rest)
        if not title:
            self.problems.append(
                ImportProblem(
                    row.location, f"у блока {number} нет наименования; строка прочитана как блок без названия"
                )
            )
        self.start_block(number, title, expected, row.location, implicit=False)

    def measure_row(self, row: RawRow, columns: ColumnMap) -> None:
        self.mode = None
        values = read_fields(row, columns)
        number = collapse_spaces(values.get("number", ""))
        name = values.get("name", "")
        if not name:
            shown = f"№ {_quote(number)}" if number else _quote(row.filled[0].text)
            self.problems.append(
                ImportProblem(
                    row.location,
                    f"не заполнен столбец «{FIELD_LABELS['name']}» (строка {shown}); строка не импортирована",
                )
            )
            return
        too_long = next((key for key, text in values.items() if len(text) > MAX_CELL_CHARS), None)
        if too_long is not None:
            label = FIELD_LABELS.get(too_long, too_long)
            self.problems.append(
                ImportProblem(
                    row.location,
                    f"в столбце «{label}» больше {format_number(MAX_CELL_CHARS)} знаков; строка не импортирована",
                )
            )
            return
        lost = unmapped_text(row, columns)
        if lost:
            self.problems.append(
                ImportProblem(
                    row.location,
                    f"текст {', '.join(_quote(text) for text in lost)} стоит вне столбцов таблицы и не импортирован",
                )
            )
        block = self.block
        if block is None:
            title = self.section.title if self.section is not None else IMPLICIT_BLOCK_TITLE
            block = self.start_block("", title, "", row.location, implicit=True)
        executors_text = values.get("executors_text", "")
        block.measures.append(
            ImportedMeasure(
                number=number,
                name=name,
                deadline_text=values.get("deadline_text", ""),
                executors_text=executors_text,
                executor_names=split_executors(executors_text),
                document_type=values.get("document_type", ""),
                expected_result=values.get("expected_result", ""),
                location=row.location,
                absent_fields=frozenset(f for f in OPTIONAL_FIELDS if f not in columns),
            )
        )

    def result(self) -> ImportedPlan:
        if self.title_lines:
            title, found = fm.title_text(self.title_lines), True
        else:
            title, found = PurePath(self.source).stem, False
        act, act_warnings = read_act(self.preamble)
        period = fm.parse_period(self.period_text) if self.period_text else None
        if period is None:
            period = fm.parse_period(title) if found else None
        return ImportedPlan(
            source=self.source,
            title=title,
            title_found=found,
            period_text=self.period_text,
            period_start=period[0] if period else None,
            period_end=period[1] if period else None,
            strategic_goal=self.strategic_goal,
            sections=tuple(section.freeze() for section in self.sections),
            loose_blocks=tuple(block.freeze() for block in self.loose_blocks),
            abbreviations=tuple(self.abbreviations),
            problems=tuple(self.problems),
            act=act,
            key_indicators=tuple(self.key_indicators),
            warnings=tuple([*act_warnings, *self.warnings]),
        )


def parse_plan(document: RawDocument) -> ImportedPlan:
    """Read the plan's structure from ``document``; never raises for odd rows, it reports them."""
    parser = _Parser(document.source)
    for item in document.items:
        if isinstance(item, RawParagraph):
            parser.text(item.text, item.location)
        else:
            parser.mode = None
            parser.table(item)
    return parser.result()
