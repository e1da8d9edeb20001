"""Exercise widgets: a number to type, or a chain-rule table to fill in, with instant feedback.

:class:`NumberExercise` (box, Check, Hint, Show solution) and
:class:`ChainRuleExercise` (one box per factor, each checked on its own).
:func:`judge` reads a student's answer and names a typical mistake when the
answer matches one. Both can be driven from Python (``check``, ``fill``,
``buttons[...].click()``), so tests need no browser; ``close()`` gives
their widgets back.

Left out: which questions to ask (:mod:`backprop_lab.exercises`).
"""
from __future__ import annotations

import html
import math
import re

import ipywidgets as W

from . import progress as _progress
from .theme import STATUS_STYLE

__all__ = ["parse_number", "Feedback", "judge", "NumberExercise", "ChainRuleExercise"]


def _row(children):
    """A row of widgets that wraps when the notebook is narrow (CSS class ``bplab-row``)."""
    row = W.Box(children, layout=W.Layout(display="flex", flex_flow="row wrap", align_items="center",
                                          max_width="100%"))
    row.add_class("bplab-row")
    return row

_NUMBER = re.compile(r"^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$")


def parse_number(text):
    """Read a student's answer: ``'0.25'``, ``'-1e-3'``, ``'1/4'``. Returns a float or None."""
    text = str(text).strip().replace("\u2212", "-")
    if _NUMBER.match(text):
        return float(text)
    parts = text.split("/")
    if len(parts) == 2 and all(_NUMBER.match(p) for p in parts) and float(parts[1]) != 0:
        return float(parts[0]) / float(parts[1])
    return None


class Feedback:
    """The verdict on one answer: ``correct`` and a message in words."""

    def __init__(self, correct, message, mistake=None):
        self.correct = correct
        self.message = message
        self.mistake = mistake

    def __repr__(self):
        return f"Feedback(correct={self.correct}, message={self.message!r})"


def _close(x, answer, rtol, atol):
    return abs(x - answer) <= max(rtol * abs(answer), atol)


def judge(text, answer, mistakes=(), rtol=5e-3, atol=5e-4):
    """Check ``text`` against ``answer``; name the likely mistake if it matches one.

    ``mistakes`` is a list of ``(wrong_value, explanation)``: the values a
    typical error produces.
    """
    x = parse_number(text)
    if x is None:
        if not str(text).strip():
            return Feedback(False, "Type a number first.")
        return Feedback(False, f"Could not read {str(text).strip()!r} as a number; write e.g. 0.25 or -1.2e-3.")
    if _close(x, answer, rtol, atol):
        return Feedback(True, "Correct.")
    for wrong, why in mistakes:
        if wrong is not None and math.isfinite(wrong) and _close(x, wrong, rtol, atol) \
                and not _close(wrong, answer, rtol, atol):
            return Feedback(False, f"Not quite: {why}", mistake=why)
    if answer != 0 and _close(-x, answer, rtol, atol):
        return Feedback(False, "Right size, wrong sign: check the sign of each factor.", mistake="sign")
    return Feedback(False, "Not yet. Check each factor, or take a hint.")


class NumberExercise:
    """A question with a number for an answer: box, Check, Hint, Show solution.

    ``check(text)`` returns a :class:`Feedback` (also what the Check button shows).
    """

    def __init__(self, question, answer, hint="", solution="", mistakes=(), rtol=5e-3, atol=5e-4, lesson=None):
        self.answer = float(answer)
        self.mistakes = list(mistakes)
        self.rtol, self.atol = rtol, atol
        self.hint_text, self.solution_text = hint, solution
        self.box = W.Text(placeholder="your answer", layout=W.Layout(width="160px"))
        self.feedback = W.HTML()
        check = W.Button(description="Check", button_style="primary", layout=W.Layout(width="auto"))
        hint_b = W.Button(description="Hint", layout=W.Layout(width="auto"))
        sol_b = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        check.on_click(lambda _b: self._show(self.check(self.box.value)))
        hint_b.on_click(lambda _b: self._say(f"Hint: {self.hint_text}", "info"))
        sol_b.on_click(lambda _b: self._say(f"Solution: {self.solution_text}", "info"))
        self.buttons = {"Check": check, "Hint": hint_b, "Show solution": sol_b}
        self.widget = W.VBox([W.HTMLMath(question), _row([self.box, check, hint_b, sol_b]), self.feedback],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        # progress kept across restarts (inside a lesson only): the last answer and whether it was solved
        self.tracker = _progress.track(question, lesson)
        if self.tracker.answer:
            self.box.value = str(self.tracker.answer)
        if self.tracker.notice:
            self._say(self.tracker.notice, "warn")
        elif self.tracker.solved:
            self._say("Solved earlier (your answer is in the box).", "ok")

    def check(self, text):
        return judge(text, self.answer, self.mistakes, self.rtol, self.atol)

    def _show(self, fb):
        notice = self.tracker.save(fb.correct, self.box.value)
        self._say(fb.message + (f" ({notice})" if notice else ""), "ok" if fb.correct else "warn")

    def _say(self, text, kind):
        self.feedback.value = f'<div style="{STATUS_STYLE[kind]}">{html.escape(text)}</div>'

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def close(self):
        """Close the exercise's widgets with their layouts and styles (the saved progress stays)."""
        # imported here: the dashboard module brings matplotlib, which an exercise does not need
        from .dashboard import close_widget

        close_widget(self.widget)


class ChainRuleExercise:
    """A chain-rule table the student fills in factor by factor.

    Parameters
    ----------
    title : str
        The question (may contain LaTeX).
    rows : list of dict
        One per factor: ``symbol`` (a :class:`~backprop_lab.tables.Math`),
        ``answer`` (float), ``hint`` (str) and ``mistakes``
        (list of ``(wrong_value, explanation)``).

    Each cell is checked on its own; ``check({i: text})`` returns
    ``{i: Feedback}`` and the Check button shows them next to the cells.
    """

    def __init__(self, title, rows, rtol=5e-3, atol=5e-4, solution="", lesson=None):
        from .tables import latex_image

        self.rows = rows
        self.rtol, self.atol = rtol, atol
        self.boxes, self.marks = [], []
        grid = []
        for row in rows:
            uri, w, h = latex_image(row["symbol"].latex, fontsize=17)  # fractions readable on a projector
            label = W.HTML(f'<img src="{uri}" alt="{html.escape(row["symbol"].text)}" '
                           f'style="width:{w}px;height:{h}px;vertical-align:middle">',
                           layout=W.Layout(width="190px", flex="0 0 auto"))  # a long message must not squeeze it
            box = W.Text(placeholder="value", layout=W.Layout(width="130px", flex="0 0 auto"))
            mark = W.HTML(layout=W.Layout(flex="1 1 200px", min_width="0"))
            self.boxes.append(box)
            self.marks.append(mark)
            grid.append(_row([label, box, mark]))
        check = W.Button(description="Check", button_style="primary", layout=W.Layout(width="auto"))
        hints = W.Button(description="Hint", layout=W.Layout(width="auto"))
        sol = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        self.summary = W.HTML()
        check.on_click(lambda _b: self._show_all())
        hints.on_click(lambda _b: self._hint())
        sol.on_click(lambda _b: self._solution())
        self.solution_text = solution
        self.buttons = {"Check": check, "Hint": hints, "Show solution": sol}
        self.widget = W.VBox([W.HTMLMath(title), *grid, _row([check, hints, sol]), self.summary],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        self.tracker = _progress.track(title, lesson)
        if isinstance(self.tracker.answer, list):
            for box, text in zip(self.boxes, self.tracker.answer):
                box.value = str(text or "")
        if self.tracker.notice:
            self.summary.value = f'<span style="{STATUS_STYLE["warn"]}">{html.escape(self.tracker.notice)}</span>'
        elif self.tracker.solved:
            self.summary.value = f'<span style="{STATUS_STYLE["ok"]}">Solved earlier (your answers are in the boxes).</span>'

    def check(self, answers):
        """``answers``: ``{row index: text}``; returns ``{row index: Feedback}``."""
        return {i: judge(text, self.rows[i]["answer"], self.rows[i].get("mistakes", ()), self.rtol, self.atol)
                for i, text in answers.items()}

    def fill(self, answers):
        """Type answers into the boxes (as a student would) — for tests and demos."""
        for i, text in answers.items():
            self.boxes[i].value = str(text)

    def _show_all(self):
        results = self.check({i: b.value for i, b in enumerate(self.boxes) if b.value.strip()})
        for i, mark in enumerate(self.marks):
            fb = results.get(i)
            if fb is None:
                mark.value = ""
            else:
                sym = "&#10004;" if fb.correct else "&#10008;"
                kind = "ok" if fb.correct else "warn"
                mark.value = f'<span style="{STATUS_STYLE[kind]}">{sym} {html.escape(fb.message)}</span>'
        done = sum(fb.correct for fb in results.values())
        notice = self.tracker.save(done == len(self.rows), [b.value for b in self.boxes])
        self.summary.value = f"{done} of {len(self.rows)} cells correct." + (f" ({html.escape(notice)})" if notice else "")
        return results

    def _hint(self):
        for i, box in enumerate(self.boxes):
            if not box.value.strip() or not self.check({i: box.value})[i].correct:
                self.marks[i].value = f'<span style="{STATUS_STYLE["info"]}">Hint: {html.escape(self.rows[i]["hint"])}</span>'
                return
        self.summary.value = "Every cell is already correct."

    def _solution(self):
        for i, row in enumerate(self.rows):
            self.marks[i].value = f'<span style="{STATUS_STYLE["info"]}">= {row["answer"]:.6g}</span>'
        if self.solution_text:
            self.summary.value = html.escape(self.solution_text)

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def close(self):
        """Close the exercise's widgets with their layouts and styles (the saved progress stays)."""
        # imported here: the dashboard module brings matplotlib, which an exercise does not need
        from .dashboard import close_widget

        close_widget(self.widget)
