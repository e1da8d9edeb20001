"""Exercise widgets: a number to type, or a chain-rule table to fill in, with instant feedback.

:class:`NumberExercise` (box, Check, Hint, Show solution) and
:class:`ChainRuleExercise` (one box per factor, each checked on its own).
:func:`judge` reads a student's answer and names a typical mistake when the
answer matches one. What every exercise promises: an updated value is judged
against the size of its step (``step=``), a count exactly; an exercise whose
answer is NaN or infinite is refused when it is built; a decimal comma is
named ("type a dot: 0.5"); every message is one clean sentence; **Show
solution** opens only after an attempt. Both can be driven from Python (``check``, ``fill``,
``buttons[...].click()``), so tests need no browser; ``close()`` gives
their widgets back.

Left out: which questions to ask (:mod:`backprop_lab.exercises`).
"""
from __future__ import annotations

import html
import math
import numbers
import re

import ipywidgets as W

from backprop_core.messages import sentence

from . import progress as _progress
from .theme import STATUS_STYLE

__all__ = ["ExerciseWidget", "parse_number", "Feedback", "judge", "tolerance", "clean_sentence", "require_finite",
           "is_count", "distinct_mistakes",
           "NumberExercise", "ChainRuleExercise"]


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
        self.message = clean_sentence(message)
        self.mistake = mistake

    def __repr__(self):
        return f"Feedback(correct={self.correct}, message={self.message!r})"


def clean_sentence(text):
    """One tidy sentence: single spaces, no ``..``, ``: .`` or space before a stop, and a closing stop.

    >>> clean_sentence("Not quite: off by one..")
    'Not quite: off by one.'
    """
    text = re.sub(r"\s+", " ", str(text)).strip()
    text = re.sub(r"\s+([.,;:!?])", r"\1", text)
    text = re.sub(r"[:;,]\s*\.", ".", text)
    text = re.sub(r"\.{2,}", ".", text)
    return sentence(text)   # the course's one builder ends it with exactly one mark


def require_finite(answer, what="the answer"):
    """``float(answer)``, refusing NaN and infinity with one sentence (an exercise must have a real answer)."""
    try:
        value = float(answer)
    except (TypeError, ValueError):
        raise TypeError(f"{what} must be a number, got {answer!r}.") from None
    if not math.isfinite(value):
        raise ValueError(f"{what} must be a finite number, got {value!r}; an exercise cannot ask for it.")
    return value


def is_count(answer):
    """True for an integer answer (a count), which is checked exactly, with no tolerance."""
    return isinstance(answer, numbers.Integral) and not isinstance(answer, bool)


STEP_RTOL = 0.02  # an updated value may be off by 2 % of its step (the step typed to 2 significant digits)


def tolerance(answer, rtol=5e-3, atol=5e-4, step=None, exact=False):
    """How far a typed number may be from ``answer`` and still be right.

    * ``exact``: 0 (a count is a count: 6001 is not 6000);
    * ``step`` given: ``STEP_RTOL * |step|`` (2 %). An updated weight ``w - eta * g``
      is checked against the size of its step ``eta * g``, not of the weight: for
      lecture 001's ``w8+ = 0.55 + 0.011370121``, 0.5614 passes, while 0.559 (21 % of
      the step off), the unchanged weight and the step taken backwards all fail;
    * otherwise ``max(rtol * |answer|, atol)``.
    """
    if exact:
        return 0.0
    if step is not None:
        step = require_finite(step, "the step")
        if step == 0:
            raise ValueError("the step must not be 0, got 0; without a step there is nothing to check against.")
        return STEP_RTOL * abs(step)
    return max(rtol * abs(answer), atol)


def _close(x, answer, rtol, atol):
    return abs(x - answer) <= max(rtol * abs(answer), atol)


_DECIMAL_COMMA = re.compile(r"^\s*[-+\u2212]?\d*,\d+\s*$")


def _nearness(answer, rtol, atol, step, exact):
    """``near(a, b)``: are ``a`` and ``b`` the same number for a checker of ``answer``?"""
    if exact or step is not None:
        tol = tolerance(answer, rtol, atol, step, exact)
        return lambda a, b: abs(a - b) <= tol
    return lambda a, b: _close(a, b, rtol, atol)


def distinct_mistakes(mistakes, answer, rtol=5e-3, atol=5e-4, step=None, exact=False):
    """The listed mistakes a checker can tell apart: each ``(value, why)`` whose value is
    neither (within the tolerance) the answer nor the value of an earlier mistake.

    A mistake that lands on the answer cannot be named, and two explanations of one
    number cannot both be given; the first listed wins. A NaN or infinite mistake
    (nobody can type it) is left out.
    """
    near = _nearness(answer, rtol, atol, step, exact)
    kept = []
    for value, why in mistakes:
        if value is None or not math.isfinite(float(value)):  # no one can type it
            continue
        value = float(value)
        if not near(value, answer) and not any(near(value, v) for v, _ in kept):
            kept.append((value, why))
    return kept


def judge(text, answer, mistakes=(), rtol=5e-3, atol=5e-4, *, step=None, exact=False):
    """Check ``text`` against ``answer``; name the likely mistake if it matches one.

    ``mistakes`` is a list of ``(wrong_value, explanation)``: the values a
    typical error produces. ``step`` and ``exact`` set the tolerance (see
    :func:`tolerance`); a mistake is recognised within the same tolerance.
    """
    x = parse_number(text)
    if x is None:
        raw = str(text).strip()
        if not raw:
            return Feedback(False, "Type a number first.")
        if _DECIMAL_COMMA.match(raw):
            return Feedback(False, f"{raw!r} has a decimal comma; type a dot: {raw.replace(',', '.')}.")
        return Feedback(False, f"Could not read {raw!r} as a number; write e.g. 0.25 or -1.2e-3.")
    near = _nearness(answer, rtol, atol, step, exact)
    if near(x, answer):
        return Feedback(True, "Correct.")
    for wrong, why in mistakes:
        if wrong is not None and math.isfinite(wrong) and near(x, wrong) and not near(wrong, answer):
            return Feedback(False, f"Not quite: {why}", mistake=why)
    if answer != 0 and near(-x, answer):
        return Feedback(False, "Right size, wrong sign: check the sign of each factor.", mistake="sign")
    return Feedback(False, "Not yet. Check each factor, or take a hint.")


def _solution_gate(button, needed):
    """Disable ``button`` (Show solution) until ``needed`` attempts were checked."""
    button.disabled = needed > 0
    button.tooltip = ("Check an answer first" if needed == 1 else f"Check {needed} answers first") if needed else ""


class ExerciseWidget:
    """What every exercise widget shares (number, chain-rule and code exercises, lesson 09's checker):
    ``self.widget`` is shown, ``_say`` writes the feedback line, and ``close()`` gives back its widgets
    with their layouts and styles (the saved progress stays)."""

    def _say(self, text, kind):
        self.feedback.value = f'<div style="{STATUS_STYLE[kind]}">{html.escape(text)}</div>'

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)

    def close(self):
        """Close the widgets; closing twice is harmless."""
        # imported here: the dashboard module brings matplotlib, which an exercise does not need
        from .dashboard import close_widget

        close_widget(self.widget)


class NumberExercise(ExerciseWidget):
    """A question with a number for an answer: box, Check, Hint, Show solution.

    ``check(text)`` returns a :class:`Feedback` (also what the Check button shows).

    Tolerance (see :func:`tolerance`): ``step=`` (alias ``relative_to=``) gives the
    scale an updated value is judged against, e.g. ``step=eta * dE/dw`` for a new
    weight; an integer ``answer`` (a count) is checked exactly, as is
    ``exact=True``. An answer that is NaN or infinite is refused here, with a
    ValueError. **Show solution** opens after ``solution_after`` checked attempts
    (default 1), or at once for an exercise solved earlier.
    """

    def __init__(self, question, answer, hint="", solution="", mistakes=(), rtol=5e-3, atol=5e-4, lesson=None,
                 step=None, relative_to=None, exact=None, solution_after=1):
        self.exact = is_count(answer) if exact is None else bool(exact)
        self.answer = require_finite(answer, "the answer")
        self.step = step if step is not None else relative_to
        self.rtol, self.atol = rtol, atol
        self.mistakes = distinct_mistakes(mistakes, self.answer, rtol, atol, self.step, self.exact)
        self.tolerance = tolerance(self.answer, rtol, atol, self.step, self.exact)
        self.solution_after, self.attempts = int(solution_after), 0
        self.hint_text, self.solution_text = hint, solution
        self.box = W.Text(placeholder="your answer", layout=W.Layout(width="160px"))
        self.feedback = W.HTML()
        check = W.Button(description="Check", button_style="primary", layout=W.Layout(width="auto"))
        hint_b = W.Button(description="Hint", layout=W.Layout(width="auto"))
        sol_b = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        check.on_click(lambda _b: self._show(self.check(self.box.value)))
        hint_b.on_click(lambda _b: self._say(f"Hint: {self.hint_text}", "info"))
        sol_b.on_click(lambda _b: self._solution())
        self.buttons = {"Check": check, "Hint": hint_b, "Show solution": sol_b}
        _solution_gate(sol_b, self.solution_after)
        self.widget = W.VBox([W.HTMLMath(question), _row([self.box, check, hint_b, sol_b]), self.feedback],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        # progress kept across restarts (inside a lesson only): the last answer and whether it was solved
        self.tracker = _progress.track(question, lesson)
        if self.tracker.answer:
            self.box.value = str(self.tracker.answer)
        if self.tracker.notice:
            self._say(self.tracker.notice, "warn")
        elif self.tracker.solved:
            _solution_gate(sol_b, 0)
            self._say("Solved earlier (your answer is in the box).", "ok")

    @property
    def solution_open(self):
        """True once Show solution may show the solution (enough attempts, or solved earlier)."""
        return not self.buttons["Show solution"].disabled

    def cells(self):
        """The one answer as ``[{answer, mistakes, tolerance, exact}]`` (the same shape for every exercise)."""
        return [{"answer": self.answer, "mistakes": self.mistakes, "tolerance": self.tolerance, "exact": self.exact,
                 "result": True}]

    def check_cell(self, i, text):
        """``check(text)`` for cell ``i == 0`` (the same call for every exercise)."""
        return self.check(text)

    def check(self, text):
        return judge(text, self.answer, self.mistakes, self.rtol, self.atol, step=self.step, exact=self.exact)

    def _show(self, fb):
        if parse_number(self.box.value) is not None:
            self.attempts += 1
            if self.attempts >= self.solution_after:
                _solution_gate(self.buttons["Show solution"], 0)
        notice = self.tracker.save(fb.correct, self.box.value)
        self._say(fb.message + (f" ({notice})" if notice else ""), "ok" if fb.correct else "warn")

    def _solution(self):
        if not self.solution_open:
            self._say("Check an answer of your own first; then the solution opens.", "info")
            return
        self._say(f"Solution: {self.solution_text}", "info")



class ChainRuleExercise(ExerciseWidget):
    """A chain-rule table the student fills in factor by factor.

    Parameters
    ----------
    title : str
        The question (may contain LaTeX).
    rows : list of dict
        One per factor: ``symbol`` (a :class:`~backprop_lab.tables.Math`),
        ``answer`` (float), ``hint`` (str) and ``mistakes``
        (list of ``(wrong_value, explanation)``); optional ``step`` (the scale
        an updated value is judged against, see :func:`tolerance`) and ``exact``
        (a count; automatic for an integer answer). Mistakes a checker cannot tell
        apart (see :func:`distinct_mistakes`) are left out.
    results : tuple of int, optional
        The rows that are the exercise's results (default: the last row); the
        other rows are steps on the way, which a lesson may have shown already.

    Each cell is checked on its own; ``check({i: text})`` returns
    ``{i: Feedback}`` and the Check button shows them next to the cells.
    A NaN or infinite answer is refused here (ValueError). **Show solution**
    opens after ``solution_after`` checks with at least one box filled.
    """

    def __init__(self, title, rows, rtol=5e-3, atol=5e-4, solution="", lesson=None, solution_after=1, results=None):
        from .tables import latex_image

        for i, row in enumerate(rows):
            row.setdefault("exact", is_count(row["answer"]))
            row["answer"] = require_finite(row["answer"], f"the answer of row {i}")
            row["mistakes"] = distinct_mistakes(row.get("mistakes", ()), row["answer"], rtol, atol, row.get("step"),
                                                row["exact"])
        self.rows = rows
        # the rows that are the exercise's results (the others are steps on the way, often shown in the lesson)
        self.results = tuple(range(len(rows)))[-1:] if results is None else tuple(results)
        self.rtol, self.atol = rtol, atol
        self.solution_after, self.attempts = int(solution_after), 0
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
        _solution_gate(sol, self.solution_after)
        self.widget = W.VBox([W.HTMLMath(title), *grid, _row([check, hints, sol]), self.summary],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        self.tracker = _progress.track(title, lesson)
        if isinstance(self.tracker.answer, list):
            for box, text in zip(self.boxes, self.tracker.answer):
                box.value = str(text or "")
        if self.tracker.notice:
            self.summary.value = f'<span style="{STATUS_STYLE["warn"]}">{html.escape(self.tracker.notice)}</span>'
        elif self.tracker.solved:
            _solution_gate(sol, 0)
            self.summary.value = (f'<span style="{STATUS_STYLE["ok"]}">'
                                  'Solved earlier (your answers are in the boxes).</span>')

    @property
    def solution_open(self):
        """True once Show solution may show the solution (enough attempts, or solved earlier)."""
        return not self.buttons["Show solution"].disabled

    def _tolerance(self, row):
        return tolerance(row["answer"], self.rtol, self.atol, row.get("step"), row["exact"])

    def cells(self):
        """Every row as ``{answer, mistakes, tolerance, exact}`` (the same shape for every exercise)."""
        return [{"answer": r["answer"], "mistakes": r["mistakes"], "tolerance": self._tolerance(r),
                 "exact": r["exact"], "result": i in self.results} for i, r in enumerate(self.rows)]

    def check_cell(self, i, text):
        """The verdict on ``text`` typed into row ``i``."""
        return self.check({i: text})[i]

    def check(self, answers):
        """``answers``: ``{row index: text}``; returns ``{row index: Feedback}``."""
        return {i: judge(text, self.rows[i]["answer"], self.rows[i]["mistakes"], self.rtol, self.atol,
                         step=self.rows[i].get("step"), exact=self.rows[i]["exact"])
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
        if results:
            self.attempts += 1
            if self.attempts >= self.solution_after:
                _solution_gate(self.buttons["Show solution"], 0)
        notice = self.tracker.save(done == len(self.rows), [b.value for b in self.boxes])
        self.summary.value = (f"{done} of {len(self.rows)} cells correct."
                              + (f" ({html.escape(notice)})" if notice else ""))
        return results

    def _hint(self):
        for i, box in enumerate(self.boxes):
            if not box.value.strip() or not self.check({i: box.value})[i].correct:
                self.marks[i].value = (f'<span style="{STATUS_STYLE["info"]}">'
                                       f'Hint: {html.escape(self.rows[i]["hint"])}</span>')
                return
        self.summary.value = "Every cell is already correct."

    def _solution(self):
        if not self.solution_open:
            self.summary.value = "Check an answer of your own first; then the solution opens."
            return
        for i, row in enumerate(self.rows):
            self.marks[i].value = f'<span style="{STATUS_STYLE["info"]}">= {row["answer"]:.6g}</span>'
        if self.solution_text:
            self.summary.value = html.escape(self.solution_text)

