"""The PDF prints like an official form: every page has the header and «стр. N из M», Cyrillic text is real
text, numbers are spelt «1 234,5», long cells wrap inside their column, and a long report can be stopped."""

from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from pypdf import PdfReader

from desktop_app.reports.model import Column, HeaderCell, Report, Row, Section, Table
from desktop_app.reports.pdf import pdf_bytes, render_pdf
from desktop_app.reports.pdf_style import Page
from desktop_app.reports.pdf_table import TableChunk, build_table
from desktop_app.reports.progress import Cancelled, Steps
from tests.reports.sample import sample_report

LONG_TEXT = ("Семья проживает в частном доме с печным отоплением, " * 40)[:2000]
LONG_WORD = "Сверхдлинноеслово" * 30


def page_texts(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    # Extraction keeps the no-break space of «1 234,5» or not depending on the reader; compare with spaces.
    return [" ".join((page.extract_text() or "").replace("\xa0", " ").split()) for page in reader.pages]


@pytest.fixture(scope="module")
def sample_pdf() -> bytes:
    return pdf_bytes(sample_report(120))


def test_long_table_runs_over_pages_numbered_n_of_m(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    total = len(pages)
    assert total > 1
    assert "стр. 1 из" in pages[0] and f"стр. 1 из {total}" in pages[0]
    assert f"стр. {total} из {total}" in pages[-1]
    for number, text in enumerate(pages, start=1):
        assert f"стр. {number} из {total}" in text


def test_header_is_repeated_on_every_page_of_the_table(sample_pdf: bytes) -> None:
    table_pages = [text for text in page_texts(sample_pdf) if re.search(r"показатель № \d+", text)]
    assert len(table_pages) > 2
    for text in table_pages:
        assert "Наименование показателя" in text and "I полугодие 2026 г." in text and "Отклонение" in text


def test_cyrillic_title_blocks_and_russian_numbers(sample_pdf: bytes) -> None:
    pages = page_texts(sample_pdf)
    first, everything = pages[0], " ".join(pages)
    assert "Отчёт о достижении ключевых показателей программы «Дети в семье»" in first
    assert "УТВЕРЖДАЮ" in first and "А. А. Смирнов" in first
    assert "1 234,5" in everything and "123 456" in everything and "94,0 %" in everything
    assert "02.07.2026" in everything
    assert "Итого" in everything and "Примечание." in everything
    assert "(расшифровка подписи)" in pages[-1] and "Е. В. Петрова" in pages[-1]


def test_wide_table_is_printed_landscape(sample_pdf: bytes) -> None:
    box = PdfReader(io.BytesIO(sample_pdf)).pages[0].mediabox
    assert box.width > box.height


def test_narrow_table_is_printed_portrait(tmp_path: Path) -> None:
    table = Table((Column(), Column(3)), ((HeaderCell("№"), HeaderCell("Мероприятие")),), (Row.of("1.", "Сбор"),))
    target = tmp_path / "отчёт.pdf"
    render_pdf(Report("Реестр", (Section(table=table),)), target)
    box = PdfReader(target).pages[0].mediabox
    assert box.width < box.height


def test_long_cell_and_long_word_wrap_inside_their_column() -> None:
    report = sample_report(10, long_cell=LONG_TEXT + " " + LONG_WORD)
    table = report.sections[0].table
    assert table is not None
    page = Page(report.landscape)
    chunk = build_table(table, page.frame_width, page.top_height, Steps(100, None, None))[0]
    assert isinstance(chunk, TableChunk)
    chunk.wrap(page.frame_width, page.top_height)
    laid_out = chunk._table
    assert laid_out is not None
    heights = laid_out._rowHeights
    long_row = table.header_height + 3  # after the group heading and rows 1 and 2
    assert heights[long_row] > 10 * heights[long_row - 1], "the row grows to hold its text"
    (paragraph,) = laid_out._cellvalues[long_row][1]  # reportlab keeps a cell's flowables in a tuple
    available = laid_out._colWidths[1]
    paragraph.wrap(available - 6, 10_000)
    lines = paragraph.blPara.lines
    assert len(lines) > 20
    for line in lines:  # the slack left on every line is never negative: nothing sticks out of the cell
        slack = line[0] if isinstance(line, tuple) else line.extraSpace
        assert slack >= -0.01

    text = " ".join(page_texts(pdf_bytes(report)))
    assert "Сверхдлинноеслово" in text and "печным отоплением" in text


def test_cell_longer_than_a_page_is_split_across_pages_under_the_header() -> None:
    report = sample_report(5, long_cell=LONG_TEXT * 4)
    pages = page_texts(pdf_bytes(report))
    with_long_text = [text for text in pages if "печным отоплением" in text]
    assert len(with_long_text) >= 2
    for text in with_long_text:
        assert text.count("Наименование показателя") == 1, "the header once at the top, never mid-page"


def test_markup_characters_are_printed_as_text() -> None:
    table = Table((Column(),), (), (Row.of("<b>не жирный</b> & «кавычки» \x0b вертикальная табуляция"),))
    text = " ".join(page_texts(pdf_bytes(Report("Отчёт <1>", (Section(table=table),)))))
    assert "<b>не жирный</b> & «кавычки»" in text and "Отчёт <1>" in text


def test_progress_runs_to_the_end() -> None:
    calls: list[tuple[int, int]] = []
    pdf_bytes(sample_report(120), progress=lambda done, total: calls.append((done, total)))
    assert calls[-1][0] == calls[-1][1]
    assert len(calls) > 10
    assert [done for done, _total in calls] == sorted(done for done, _total in calls)


def test_cancelling_stops_the_report_and_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "отчёт.pdf"
    seen: list[int] = []

    def progress(done: int, total: int) -> None:
        seen.append(done)

    with pytest.raises(Cancelled) as stopped:
        render_pdf(sample_report(400), target, progress, cancelled=lambda: len(seen) > 3)
    assert stopped.value.message == "Формирование отчёта остановлено."
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_cancelling_while_pages_are_laid_out() -> None:
    """Rows are all prepared before layout begins; the check between pages must stop it too."""
    state = {"done": 0}

    def progress(done: int, total: int) -> None:
        state["done"] = done
        state["total"] = total

    with pytest.raises(Cancelled):
        pdf_bytes(sample_report(400), progress, cancelled=lambda: state["done"] > state.get("total", 10**9) * 0.6)


def test_renders_to_a_stream() -> None:
    stream = io.BytesIO()
    render_pdf(sample_report(3), stream)
    assert stream.getvalue().startswith(b"%PDF")


def test_split_report_starts_each_district_on_a_new_page() -> None:
    header = ((HeaderCell("Показатель"), HeaderCell("Значение")),)
    districts = ("Плесецкий муниципальный округ", "Онежский муниципальный район")
    sections = tuple(
        Section(title=name, table=Table((Column(3), Column()), header, (Row.of("Дети в семьях", 12),)))
        for name in districts
    )
    pages = page_texts(pdf_bytes(Report("Сводный отчёт", sections, split_sections=True)))
    assert len(pages) == 2
    for name, text in zip(districts, pages, strict=True):
        assert name in text and "Показатель" in text
