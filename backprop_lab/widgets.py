"""The widget layer: a :class:`Dashboard` base class and exercise widgets.

A dashboard owns its model, its controls and its figure. Controls are plain
ipywidgets kept in ``self.controls`` (sliders, dropdowns) and
``self.buttons``; changing one calls :meth:`Dashboard.refresh`, which
recomputes, updates tables and artists in place and asks the canvas to
redraw. Everything can be driven from Python, so tests need no browser::

    dash.set(w0=1.5)          # exactly what dragging the slider does
    dash.press("Step")        # exactly what clicking does
    dash.table_text           # the derivative table as plain text
    dash.status_text          # the status line, in words

Errors inside a callback never reach the student as a traceback: they are
shown in the status line and the dashboard keeps working.

Left out: the maths (:mod:`backprop_core`) and the figure pieces
(:mod:`backprop_lab.plotting`).
"""
from __future__ import annotations

import contextlib
import html
import json
import math
import re

import numpy as np

import ipywidgets as W

from backprop_core._validate import check_choice, check_int, check_positive, check_real

from .plotting import BlitManager, is_widget_backend, new_figure
from .tables import Table, math_css

__all__ = ["Dashboard", "FigureView", "Feedback", "NumberExercise", "ChainRuleExercise", "parse_number",
           "slider", "log_slider", "int_slider", "dropdown", "check_setting", "slider_answer"]

#: The controls whose browser view can only show values on a grid (and so may answer with another value).
SLIDERS = (W.FloatSlider, W.IntSlider, W.FloatLogSlider)


def _js_round(x):
    """JavaScript's ``Math.round``: halves go up (Python's ``round`` goes to even)."""
    r = math.floor(x)
    return r + 1 if x - r >= 0.5 else r


def _nouislider(lo, hi, step, v):
    """The value noUiSlider 15 puts its handle at for ``v`` on a linear range ``[lo, hi]`` with ``step``.

    The same floating-point operations, in the same order, as noUiSlider's
    ``toStepping``, ``getStep`` and ``fromStepping`` (bundled with ipywidgets
    8.1): it works in percent of the range, which is why ``-2`` on
    ``[-12, 0]`` in steps of 0.5 comes back as ``-1.9999999999999982``.
    """
    if v >= hi:
        pct = 100.0
    else:
        pct = 100 * (v + abs(lo) if lo < 0 else v - lo) / (hi - lo) / (100 / (100 - 0))
    pct = min(max(pct, 0.0), 100.0)
    if pct != 100:
        xs = 100 * step / (hi - lo) / (100 / (100 - 0))
        pct = 0 + _js_round((pct - 0) / xs) * xs
    if pct >= 100:
        return float(hi)
    return (pct - 0) * (100 / (100 - 0)) * (hi - lo) / 100 + lo


def slider_answer(control, value):
    """The value a slider's browser view shows for ``value``, and sends back to the kernel if it differs.

    ipywidgets' slider view puts the handle where noUiSlider says and, with
    ``continuous_update``, reports the handle's value as the new value. This
    replays that arithmetic (checked against values a real browser sent:
    tests/test_dashboard_echoes.py). For a control that is not a slider, ``value``.
    """
    if isinstance(control, W.FloatLogSlider):
        e = math.log(value) / math.log(control.base) if value > 0 else control.min
        e = min(max(e, control.min), control.max)
        return math.pow(control.base, _nouislider(control.min, control.max, control.step, e))
    if isinstance(control, W.IntSlider):
        return int(_js_round(_nouislider(control.min, control.max, control.step, value)))
    if isinstance(control, W.FloatSlider):
        return _nouislider(control.min, control.max, control.step, value)
    return value


def _same_answer(control, a, b):
    """``a == b`` as the browser would compute it. Exact, but on a log slider Python's and the
    browser's ``log``/``pow`` may differ in the last bits (its grid places are 1e-6 or more apart)."""
    if isinstance(control, W.FloatLogSlider):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b

STATUS_STYLE = {
    "info": "color:#1f4e79",
    "ok": "color:#2e7d32",
    "warn": "color:#b26a00;font-weight:bold",
    "error": "color:#c62828;font-weight:bold",
}


def check_setting(name, value, lo=None, hi=None, *, kind="real", choices=None):
    """Check a dashboard's starting setting; raise ``ValueError``/``TypeError`` naming it.

    ``kind``: ``'real'`` (a finite number), ``'positive'`` (> 0) or ``'int'``;
    ``lo``/``hi``: the slider's range (a value outside it could not be shown);
    ``choices``: the allowed options of a drop-down. Returns the value (a float for numbers).
    """
    if choices is not None:
        return check_choice(name, value, list(choices))
    if kind == "int":
        value = check_int(name, value)
    elif kind == "positive":
        value = check_positive(name, value)
    else:
        value = check_real(name, value)
    if lo is not None and hi is not None and not lo <= value <= hi:
        raise ValueError(f"{name} must be between {lo:g} and {hi:g} (the range of its slider), got {value:g}.")
    if lo is not None and value < lo:
        raise ValueError(f"{name} must be >= {lo:g}, got {value:g}.")
    if hi is not None and value > hi:
        raise ValueError(f"{name} must be <= {hi:g}, got {value:g}.")
    return value


# The control builders check the starting value against the control's own range or options, so a
# dashboard states each range once; ``name`` is the dashboard's argument, named in the error.
def slider(description, value, lo, hi, step=0.01, fmt=".3f", width="340px", name=None):
    """A FloatSlider with the house layout (description wide enough for LaTeX-free labels)."""
    value = check_setting(name or description, value, lo, hi)
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         readout_format=fmt, continuous_update=True,
                         style={"description_width": "90px"}, layout=W.Layout(width=width))


def log_slider(description, value, lo_exp, hi_exp, width="340px", name=None):
    """A FloatLogSlider from ``10**lo_exp`` to ``10**hi_exp`` (learning rates)."""
    value = check_setting(name or description, value, 10.0 ** lo_exp, 10.0 ** hi_exp, kind="positive")
    return W.FloatLogSlider(value=value, base=10, min=lo_exp, max=hi_exp, step=0.05, description=description,
                            readout_format=".3", continuous_update=True,
                            style={"description_width": "90px"}, layout=W.Layout(width=width))


def int_slider(description, value, lo, hi, step=1, width="300px", name=None):
    """An IntSlider with the house layout (steps, epochs, batch sizes)."""
    value = check_setting(name or description, value, lo, hi, kind="int")
    return W.IntSlider(value=value, min=lo, max=hi, step=step, description=description, continuous_update=True,
                       style={"description_width": "90px"}, layout=W.Layout(width=width))


def dropdown(description, options, value, width="300px", name=None):
    """A Dropdown; ``options`` are values or ``(label, value)`` pairs."""
    check_setting(name or description, value, choices=[o[1] if isinstance(o, tuple) else o for o in options])
    return W.Dropdown(options=options, value=value, description=description,
                      style={"description_width": "90px"}, layout=W.Layout(width=width))


class FigureView:
    """A figure plus the widget that shows it.

    Under ipympl the widget is the live canvas (redraws send only the new
    pixels). Without ipympl (tests, static exports) it is an ``Image`` widget
    refreshed with a PNG on each redraw.
    """

    def __init__(self, figsize, dpi=90):
        self.figure = new_figure(figsize, dpi)
        self.live = is_widget_backend()
        self.widget = self.figure.canvas if self.live else W.Image(format="png")
        self.blit = BlitManager(self.figure)
        self._png_dirty = True

    def redraw(self):
        """Update the canvas now: a blit of the moving artists, or a full draw if needed."""
        self.blit.update()
        self._png_dirty = True

    def render(self):
        """Draw everything now and refresh the PNG of the non-ipympl fallback."""
        self.blit.invalidate()
        self.blit.update()
        if not self.live and self._png_dirty:
            import io

            buf = io.BytesIO()
            self.figure.savefig(buf, format="png")
            self.widget.value = buf.getvalue()
            self._png_dirty = False

    def close(self):
        if self.live:
            import matplotlib.pyplot as plt

            plt.close(self.figure)


class Dashboard:
    """Base class of every dashboard.

    Subclasses build their controls with :meth:`_watch` (sliders, dropdowns)
    and :meth:`_button`, a :class:`FigureView` and ``self.layout`` (the
    widget shown), and implement :meth:`update`, which reads the model
    values, recomputes and updates tables and artists in place.

    The model values live in ``self.values`` (name -> value), not in the
    sliders. A slider's browser view can only *show* values on its grid, and
    whenever its handle moves to show a value the kernel sent, it reports the
    handle's value back: ``0.5`` on a log slider comes back as ``0.50119``,
    a trained weight ``2.00059`` as ``2.0``, even ``-2`` as
    ``-1.9999999999999982`` (noUiSlider computes in percent). Those answers
    can come late: during Run All they queue behind the remaining cells. Such
    an *echo* is not a student's move. For every value sent, the dashboard
    predicts the answer exactly (:func:`slider_answer`) and expects it when
    the handle moves and the answer differs from the value; an expected
    answer, or the view redrawing the current value, is ignored (the model
    keeps the exact value, and a late echo that moved the slider away from
    the model is undone). Anything else from the browser is a student's move.
    :meth:`set` from Python is always taken exactly.
    """

    def __init__(self):
        self.controls = {}
        self.buttons = {}
        self.values = {}
        self._expected = {}      # name -> answers the slider's view still owes, in order
        self._shown = {}         # name -> the value the slider's handle shows (as the browser computes it)
        self._restoring = False  # True while the kernel only corrects what a slider shows
        self._holding = 0
        self.status = W.HTML(layout=W.Layout(min_height="24px"))
        self._css = W.HTML()
        self._css_formulas = set()
        self._table_html = W.HTML()
        self.table = W.VBox([self._css, self._table_html])
        self._table = None
        self._status_plain = ""
        self._status_kind = "info"
        self._plot_json = ""
        self.view = None
        self.layout = None

    # -- wiring ------------------------------------------------------------
    def _watch(self, **controls):
        """Register controls by name: their values become model values, changes call :meth:`on_control_change`."""
        for name, control in controls.items():
            self.controls[name] = control
            self.values[name] = control.value
            self._expected[name], self._shown[name] = [], None
            self._note_sent(name, control.value)  # the view's first drawing may answer it
            control.observe(self._on_control, names="value")
            if isinstance(control, SLIDERS):  # a new range or step redraws the view: it may answer again
                control.observe(lambda change, name=name: self._regrid(name), names=["min", "max", "step"])

    def _button(self, description, callback, tooltip="", style=""):
        b = W.Button(description=description, tooltip=tooltip or description, button_style=style,
                     layout=W.Layout(width="auto"))
        b.on_click(lambda _b: self._safely(callback))
        self.buttons[description] = b
        return b

    def _name(self, control):
        return next(k for k, v in self.controls.items() if v is control)

    @staticmethod
    def _from_browser(control):
        """True while ipywidgets applies a value that came from the browser."""
        return "value" in getattr(control, "_property_lock", {})

    def _note_sent(self, name, value):
        """The kernel sent ``value``: expect an answer if the handle moves and shows another value."""
        control = self.controls[name]
        if not isinstance(control, SLIDERS):
            return
        shown = slider_answer(control, value)
        if self._shown[name] is None or not _same_answer(control, shown, self._shown[name]):
            if shown != value:  # exactly: the view answers any difference
                self._expected[name].append(shown)
                del self._expected[name][:-50]
        self._shown[name] = shown

    def _regrid(self, name):
        self._shown[name] = None
        self._note_sent(name, self.controls[name].value)

    def _is_echo(self, name, change):
        """True if a change from the browser is only the slider showing a value the kernel sent.

        Either an answer still owed (answers come in the order the values
        were sent, so older ones are dropped with it), or the view drawing
        the model's current value again. A real move ends the list.
        """
        control, new = change["owner"], change["new"]
        if not isinstance(control, SLIDERS):
            return False  # dropdowns and text boxes show every value as it is: they never echo
        expected = self._expected[name]
        for i, answer in enumerate(expected):
            if _same_answer(control, new, answer):
                del expected[: i + 1]
                return True
        if _same_answer(control, new, slider_answer(control, self.values[name])):
            return True
        expected.clear()
        return False

    def _on_control(self, change):
        control, new = change["owner"], change["new"]
        name = self._name(control)
        if self._restoring:  # the kernel correcting what the slider shows: it may be answered again
            self._note_sent(name, new)
            return
        if self._from_browser(control):
            if self._is_echo(name, change):
                self._shown[name] = new
                if not _same_answer(control, new, slider_answer(control, self.values[name])):
                    self._show(name, self.values[name])  # a late echo moved the slider: show the model again
                return
            self._shown[name] = new
        else:
            self._note_sent(name, new)
        self.values[name] = new
        if not self._holding:
            self._safely(self.on_control_change, change)

    def on_control_change(self, change):
        """Called when a control's model value changed (subclasses may override)."""
        self.refresh()

    def _safely(self, fn, *args):
        try:
            fn(*args)
        except Exception as exc:  # shown in words, never a traceback in the notebook
            self.set_status(f"Something went wrong: {type(exc).__name__}: {exc}. "
                            "The dashboard still works; try another value or press Reset.", "error")

    @contextlib.contextmanager
    def hold(self):
        """Set controls (and so the model values) without calling :meth:`on_control_change`;
        the caller refreshes once at the end."""
        self._holding += 1
        try:
            yield
        finally:
            self._holding -= 1

    def _show(self, name, value):
        """Make a control show ``value`` (clipped to its range) without touching the model."""
        control = self.controls[name]
        if isinstance(control, (W.FloatSlider, W.IntSlider)):
            value = min(max(value, control.min), control.max)
        self._restoring = True
        try:
            control.value = value
        finally:
            self._restoring = False

    def _sync_control(self, name, value):
        """Set a model value the dashboard computed (a trained weight) and show it on its control."""
        self.values[name] = value
        self._show(name, value)

    # -- driving from Python ---------------------------------------------------
    def set(self, **values):
        """Set controls by name, exactly like moving them in the browser
        (each change fires the same callback a drag does)."""
        unknown = sorted(set(values) - set(self.controls))
        if unknown:
            raise KeyError(f"no control named {unknown}; controls are {sorted(self.controls)}.")
        for name, value in values.items():
            self.controls[name].value = value

    def press(self, description):
        """Click the button with this description."""
        if description not in self.buttons:
            raise KeyError(f"no button {description!r}; buttons are {sorted(self.buttons)}.")
        self.buttons[description].click()

    # -- outputs -------------------------------------------------------------------
    def refresh(self):
        self.update()
        if self.view is not None:
            self.view.redraw()
        self._publish_plot()

    def plot_values(self):
        """Numbers read back from the plotted artists (subclasses say which).

        They are published with the status line (``data-plot`` attribute, JSON)
        so a browser test can check what the figure shows without reading pixels.
        """
        return {}

    def _publish_plot(self):
        values = self.plot_values()
        if values:
            self._plot_json = json.dumps(values, sort_keys=True,
                                         default=lambda v: float(v) if np.ndim(v) == 0 else np.asarray(v).tolist())
            self._render_status()

    def update(self):  # pragma: no cover - abstract
        raise NotImplementedError

    def set_table(self, table: Table):
        self._table = table
        formulas = table.formulas()
        if not formulas <= self._css_formulas:
            self._css_formulas |= formulas
            self._css.value = f"<style>{math_css(self._css_formulas)}</style>"
        self._table_html.value = table.to_html(embed_css=False)

    def set_status(self, text, kind="info"):
        self._status_plain = text
        self._status_kind = kind
        self._render_status()

    def _render_status(self):
        data = f" data-plot='{html.escape(self._plot_json)}'" if self._plot_json else ""
        self.status.value = (f'<div class="bplab-status"{data} style="{STATUS_STYLE[self._status_kind]}">'
                             f"{html.escape(self._status_plain)}</div>")

    @property
    def table_text(self):
        """The current table as plain text (what nbval and tests compare)."""
        return self._table.to_text() if self._table is not None else ""

    @property
    def status_text(self):
        return self._status_plain

    def render(self):
        """Redraw the figure now (used by tests and benchmarks)."""
        if self.view is not None:
            self.view.render()

    def _ipython_display_(self):
        from IPython.display import display

        if self.view is not None and not self.view.live:
            self.view.render()
        display(self.layout)

    def close(self):
        if self.view is not None:
            self.view.close()
        self.layout.close()


# ---------------------------------------------------------------------------
# exercises
# ---------------------------------------------------------------------------
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

    def __init__(self, question, answer, hint="", solution="", mistakes=(), rtol=5e-3, atol=5e-4):
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
        self.widget = W.VBox([W.HTMLMath(question), W.HBox([self.box, check, hint_b, sol_b]), self.feedback],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))

    def check(self, text):
        return judge(text, self.answer, self.mistakes, self.rtol, self.atol)

    def _show(self, fb):
        self._say(fb.message, "ok" if fb.correct else "warn")

    def _say(self, text, kind):
        self.feedback.value = f'<div style="{STATUS_STYLE[kind]}">{html.escape(text)}</div>'

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)


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

    def __init__(self, title, rows, rtol=5e-3, atol=5e-4, solution=""):
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
            mark = W.HTML(layout=W.Layout(width="auto"))
            self.boxes.append(box)
            self.marks.append(mark)
            grid.append(W.HBox([label, box, mark]))
        check = W.Button(description="Check", button_style="primary", layout=W.Layout(width="auto"))
        hints = W.Button(description="Hint", layout=W.Layout(width="auto"))
        sol = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        self.summary = W.HTML()
        check.on_click(lambda _b: self._show_all())
        hints.on_click(lambda _b: self._hint())
        sol.on_click(lambda _b: self._solution())
        self.solution_text = solution
        self.buttons = {"Check": check, "Hint": hints, "Show solution": sol}
        self.widget = W.VBox([W.HTMLMath(title), *grid, W.HBox([check, hints, sol]), self.summary],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0"))

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
        self.summary.value = f"{done} of {len(self.rows)} cells correct."
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
