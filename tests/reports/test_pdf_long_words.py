"""A cell whose text has a word wider than its column is wrapped without a Paragraph (issue 26 §2: a family's
code with its district's name is such a cell in every row of the region's register), into exactly the lines a
Paragraph makes, so the printed register looks as before."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from reportlab.platypus import Paragraph  # type: ignore[import-untyped]

from desktop_app.reports.fonts import BOLD, REGULAR, register_fonts
from desktop_app.reports.model import Align
from desktop_app.reports.pdf_cells import paragraph_lines, wrapped_lines
from desktop_app.reports.pdf_style import markup, paragraph_style

LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюяАБВГДЕЖЗИКЛМНОПРСТУФХЦЧШЩЭЮЯ0123456789-·.,«»()№W"
SIZE = 9


def paragraph_wrapped(text: str, bold: bool, width: float) -> list[str] | None:
    paragraph = Paragraph(markup(text), paragraph_style(SIZE, Align.LEFT, bold))
    paragraph.wrap(width, 100_000)
    return paragraph_lines(paragraph)


words = st.text(alphabet=LETTERS, min_size=1, max_size=40)


@settings(max_examples=300, deadline=None)
@given(
    st.lists(words, min_size=1, max_size=8),
    st.sampled_from([20.0, 45.3, 65.4, 100.0, 150.2]),
    st.booleans(),
)
def test_a_text_with_long_words_wraps_as_a_paragraph_wraps_it(parts: list[str], width: float, bold: bool) -> None:
    register_fonts()
    text = " ".join(parts)
    lines = wrapped_lines(text, BOLD if bold else REGULAR, SIZE, width)
    if lines is not None:  # None: left to a Paragraph (a line fitted by narrowing its spaces)
        assert lines == paragraph_wrapped(text, bold, width)


def test_a_family_code_with_its_district_is_split_where_the_column_ends() -> None:
    register_fonts()
    text = "РС-25-1000 · Холмогорский м. о."
    lines = wrapped_lines(text, REGULAR, SIZE, 65.4)
    assert lines is not None and len(lines) > 2
    assert lines == paragraph_wrapped(text, False, 65.4)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")  # nothing cut off
