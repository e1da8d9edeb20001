"""Code exercises: the student writes a backward pass in a code cell, the widget checks it.

A lesson shows the exercise (``code = value_rules()``), a template cell with the
function to write (``def backward_step(node): ...``), and a cell that checks it,
``code.check(backward_step)``. The widget's **Check** button re-runs the check on
the function bound to that name in the notebook now, so a student can edit the
cell, run it and press Check. **Hint** gives the hint for the mistake the last
check named, then the general hints one by one; **Show solution** opens after an
attempt (a check of a function that ran, not of the untouched template). Solved
and the last function checked (its source) are kept in the student's progress
(:mod:`backprop_lab.progress`), like every other exercise.

The checking maths (the sandboxed run, the reference, the mistake catalogue) is
:mod:`backprop_core.code_checks`; this module only shows it. Lesson 09's "check
your own backward pass" (:func:`backprop_core.bugs.check_backward`) fits the same
widget: :func:`two_layer_backward`.

Left out: grading and deadlines, and running anything but the one function named
(the notebook's other cells are the student's business).
"""
from __future__ import annotations

import html
import inspect

import ipywidgets as W

from backprop_core import bugs as _bugs
from backprop_core import code_checks as _cc
from backprop_core.sandbox import run_student as _bp_run_student

from . import progress as _progress
from .exercise_widgets import ExerciseWidget, _row, _solution_gate, clean_sentence

__all__ = ["CodeExercise", "on_graph", "value_rules", "chain_dout_dw0", "mazur_backward", "layer_backward",
           "two_layer_backward", "CODE_EXERCISES"]


def _user_function(name):
    """The object bound to ``name`` in the notebook (IPython's user namespace), or None."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython is always there with ipywidgets
        return None
    shell = get_ipython()
    return None if shell is None else shell.user_ns.get(name)


def _source(fn):
    """The source text of a student's function, or '' when it has none (a lambda typed elsewhere, a builtin)."""
    try:
        return inspect.getsource(fn)
    except (TypeError, OSError):
        return ""


class CodeExercise(ExerciseWidget):
    """A code exercise: question, Check, Hint, Show solution, and the verdict in words.

    Parameters
    ----------
    name : str
        The exercise's title (also its key in the progress record).
    function : str
        The name of the function the student writes (Check looks it up in the notebook).
    checker : callable
        ``checker(fn)`` returns a report with ``passed``, ``message`` and optionally
        ``mistake`` (a name) and ``attempt`` (False when nothing of the student's ran).
    hints : sequence of str
        General hints, first to last.
    mistake_hints : dict
        ``{mistake name: hint}``: after a check that named a mistake, Hint says this first.
    solution : str
        A correct function (source), shown after an attempt.
    lesson : str, optional
        The lesson for the progress record (default: the notebook's own).
    lookup : callable, optional
        ``lookup(function)`` finds the student's function (default: the notebook's namespace).
    """

    def __init__(self, name, function, checker, hints=(), mistake_hints=None, solution="", lesson=None,
                 lookup=None):
        self.name, self.function, self.checker = name, function, checker
        self.hints, self.mistake_hints = tuple(hints), dict(mistake_hints or {})
        self.solution = solution
        self.lookup = lookup or _user_function
        self.attempts, self.last, self._next_hint = 0, None, 0
        self.feedback = W.HTML()
        self.solution_box = W.HTML()
        check = W.Button(description="Check", button_style="primary", layout=W.Layout(width="auto"),
                         tooltip=f"Check the function {function} as it is defined in the notebook now")
        hint = W.Button(description="Hint", layout=W.Layout(width="auto"))
        sol = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        check.on_click(lambda _b: self.check())
        hint.on_click(lambda _b: self.hint())
        sol.on_click(lambda _b: self.show_solution())
        self.buttons = {"Check": check, "Hint": hint, "Show solution": sol}
        _solution_gate(sol, 1)
        question = W.HTMLMath(f"<b>Code exercise:</b> write <code>{html.escape(function)}</code>, {name}, in the "
                              "cell below, run it, then press <b>Check</b> (or run the check cell).")
        self.widget = W.VBox([question, _row([check, hint, sol]), self.feedback, self.solution_box],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))
        self.tracker = _progress.track(f"code: {name}", lesson)
        if self.tracker.notice:
            self._say(self.tracker.notice, "warn")
        elif self.tracker.solved:
            _solution_gate(sol, 0)
            self._say("Solved earlier; your function passed.", "ok")

    @property
    def solution_open(self):
        """True once Show solution shows the solution (after an attempt, or solved earlier)."""
        return not self.buttons["Show solution"].disabled

    def check(self, fn=None):
        """Check ``fn`` (default: the function named ``self.function`` in the notebook now).

        Shows the verdict in the widget, records it in the progress file and returns
        the report (whose ``repr`` is the message, so a cell ending in ``check(...)`` shows it).
        """
        if fn is None:
            fn = self.lookup(self.function)
            if fn is None:
                return self._show(_cc.CodeReport(False, "missing", f"There is no function {self.function} yet: "
                                                                   "run the cell with its def first."), None)
        return self._show(self.checker(fn), fn)

    def _show(self, report, fn):
        self.last = report
        if getattr(report, "attempt", report.problem not in ("blanks", "missing")):
            self.attempts += 1
            _solution_gate(self.buttons["Show solution"], 0)
            notice = self.tracker.save(bool(report.passed), _source(fn) if fn is not None else None)
        else:
            notice = ""
        text = clean_sentence(report.message) + (f" ({notice})" if notice else "")
        self._say(text, "ok" if report.passed else "warn")
        return report

    def hint(self):
        """The hint for the mistake the last check named, else the next general hint; returns its text."""
        mistake = getattr(self.last, "mistake", "") if self.last is not None else ""
        if mistake and mistake in self.mistake_hints:
            text = self.mistake_hints[mistake]
        elif self.hints:
            text = self.hints[self._next_hint % len(self.hints)]
            self._next_hint += 1
        else:
            text = "Compare each line with the formula of the lesson."
        text = clean_sentence(f"Hint: {text}")
        self._say(text, "info")
        return text

    def show_solution(self):
        """The solution's source, once there was an attempt; returns what is shown."""
        if not self.solution_open:
            self._say("Check a function of your own first; then the solution opens.", "info")
            return ""
        self.solution_box.value = f"<pre>{html.escape(self.solution)}</pre>"
        return self.solution



def _from_spec(key, lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    spec = _cc.CHECKS[key]
    hints = {m.name: f"{m.title}: {m.hint}" for m in spec.mistakes}
    return CodeExercise(spec.title, spec.function, lambda fn: _cc.check(key, fn, timeout=timeout), spec.hints,
                        hints, spec.solution, lesson)


def value_rules(lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    """Lesson 02: ``backward_step(node)``, the backward rules of ``+``, ``*``, ``**`` and ``tanh``."""
    return _from_spec("value_rules", lesson, timeout)


def chain_dout_dw0(lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    """Lesson 03: ``dout_dw0(s0, w1, w2, x1, s1, x2, s2)`` of lecture 000's chain."""
    return _from_spec("chain_dout_dw0", lesson, timeout)


def mazur_backward(lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    """Lesson 06: ``backward_222(i1, i2, t1, t2, w, f)``, one backward pass of lecture 001's network."""
    return _from_spec("mazur_backward", lesson, timeout)


def layer_backward(lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    """Lesson 07: ``layer_backward(delta, A_prev, W, dphi_prev)``, one layer's batch formulas."""
    return _from_spec("layer_backward", lesson, timeout)


_TWO_LAYER_SOLUTION = '''def my_backward(W0, b0, W1, b1, X, Y):
    n = X.shape[0]
    A1 = 1 / (1 + np.exp(-(X @ W0.T + b0)))
    A2 = 1 / (1 + np.exp(-(A1 @ W1.T + b1)))
    delta2 = (A2 - Y) / n * A2 * (1 - A2)
    delta1 = (delta2 @ W1) * A1 * (1 - A1)
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)
'''


def two_layer_backward(function="my_backward", lesson=None, timeout=_cc.DEFAULT_TIMEOUT):
    """Lesson 09's "check your own backward pass" in this widget: :func:`backprop_core.bugs.check_backward`."""
    hints = {name: f"{b.title}: {b.description}" for name, b in _bugs.BUGS.items()}

    def checker(fn):
        if not callable(fn):  # the name bound to something else (my_backward = 3): a sentence, as code_checks says it
            return _cc.CodeReport(False, "missing", f"Give the check your function {function} itself (a def), "
                                                    f"got {type(fn).__name__}.")
        report = _bugs.check_backward(fn, timeout=timeout)
        report.mistake = report.looks_like[0] if report.looks_like else ""
        report.attempt = report.problem != "blanks"
        return report

    return CodeExercise("a two-layer backward pass, checked by central differences", function, checker,
                        ("delta2 = (A2 - Y) / n * A2 * (1 - A2) for the mean cost 1/(2n) sum (A2 - Y)^2.",
                         "delta1 = (delta2 @ W1) * A1 * (1 - A1); dW = delta.T @ (the layer's input)."),
                        hints, _TWO_LAYER_SOLUTION, lesson)


def on_graph(step, root, timeout=_cc.DEFAULT_TIMEOUT):
    """Your ``step(node)`` run over the graph ending at ``root`` (a ``Value``), next to ``Value.backward()``.

    Returns a :class:`~backprop_lab.tables.Table` with one row per labelled node (yours, Value's,
    the difference), or, when your step does not run, the one-sentence
    :class:`~backprop_core.code_checks.CodeReport` saying why (it runs through the sandboxed runner).
    """
    from .tables import Table

    run = _bp_run_student(_cc.run_backward, root, step, timeout=timeout)
    if not run.ok:
        blanks = run.error == "NotImplementedError" or "ellipsis" in run.message
        return _cc.CodeReport(False, "blanks" if blanks else "raised", _cc.NOT_WRITTEN if blanks else run.message)
    root.backward()
    nodes = {v.label: v for v in root.topological_order()[:-1] if v.label}
    rows = [[f"d{root.label or 'f'}/d{k}", float(g), nodes[k].grad, abs(float(g) - nodes[k].grad)]
            for k, g in run.value.items()]
    return Table(["gradient", "your backward_step", "Value.backward()", "difference"], rows, digits=6,
                 numeric_columns={1, 2, 3}, title="Your rules on the graph, next to Value's own")


#: The code exercises of the course: ``(lesson, the call its notebook makes, builder)``.
CODE_EXERCISES = (
    ("02", "CE.value_rules()", value_rules),
    ("03", "CE.chain_dout_dw0()", chain_dout_dw0),
    ("06", "CE.mazur_backward()", mazur_backward),
    ("07", "CE.layer_backward()", layer_backward),
)
