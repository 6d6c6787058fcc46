"""The form screen's parts: one input per question kind (answers in the shapes of formkit/answers.py) and the
scrolling view of a whole form that holds them."""

from desktop_app.gui.formview.question import QuestionWidget
from desktop_app.gui.formview.view import FormView

__all__ = ["FormView", "QuestionWidget"]
