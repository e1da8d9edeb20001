"""The slider echo guard: telling a slider's own answers apart from a student's moves.

A slider's browser view can only *show* values on its grid. Whenever its
handle moves to show a value the kernel sent, it reports the handle's value
back: ``0.5`` on a log slider comes back as ``0.50119``, a trained weight
``2.00059`` as ``2.0``, even ``-2`` as ``-1.9999999999999982`` (noUiSlider
computes in percent). Those answers can come late: during Run All they queue
behind the remaining cells. Such an *echo* is not a student's move.

:class:`EchoGuard` predicts every answer exactly (:func:`slider_answer`
replays noUiSlider 15's arithmetic as bundled with ipywidgets 8.1) and
expects it when the handle moves and the answer differs from the value; an
expected answer, or the view redrawing the current value, is an echo.
``tests/test_dashboard_echoes.py`` replays values a real browser sent.

Left out: the widgets themselves (:mod:`backprop_lab.controls`) and what a
dashboard does with a real move (:mod:`backprop_lab.dashboard`).
"""
from __future__ import annotations

import math

import ipywidgets as W

__all__ = ["SLIDERS", "slider_answer", "same_answer", "EchoGuard"]

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
    ``continuous_update``, reports the handle's value as the new value. For a
    control that is not a slider, or a value that is not a finite number, ``value``
    (the dashboard refuses those before they reach the guard).
    """
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
        return value
    if isinstance(control, W.FloatLogSlider):
        e = math.log(value) / math.log(control.base) if value > 0 else control.min
        e = min(max(e, control.min), control.max)
        return math.pow(control.base, _nouislider(control.min, control.max, control.step, e))
    if isinstance(control, W.IntSlider):
        return int(_js_round(_nouislider(control.min, control.max, control.step, value)))
    if isinstance(control, W.FloatSlider):
        return _nouislider(control.min, control.max, control.step, value)
    return value


def same_answer(control, a, b):
    """``a == b`` as the browser would compute it. Exact, but on a log slider Python's and the
    browser's ``log``/``pow`` may differ in the last bits (its grid places are 1e-6 or more apart)."""
    if isinstance(control, W.FloatLogSlider):
        return math.isclose(a, b, rel_tol=1e-12, abs_tol=0.0)
    return a == b


class EchoGuard:
    """What each slider's view still owes the kernel, and what its handle shows.

    ``sent(name, control, value)`` after the kernel set a value;
    ``is_echo(name, control, new, model)`` when the browser sent one;
    ``moved(name, new)`` after a real move from the browser.
    """

    #: at most this many answers are remembered per slider
    MAX_OWED = 50

    def __init__(self):
        self._expected = {}  # name -> answers the slider's view still owes, in order
        self._shown = {}     # name -> the value the slider's handle shows (as the browser computes it)

    def add(self, name, control):
        self._expected[name], self._shown[name] = [], None
        self.sent(name, control, control.value)  # the view's first drawing may answer it

    def sent(self, name, control, value):
        """The kernel sent ``value``: expect an answer if the handle moves and shows another value."""
        if not isinstance(control, SLIDERS) or name not in self._shown:
            return
        shown = slider_answer(control, value)
        if self._shown[name] is None or not same_answer(control, shown, self._shown[name]):
            if shown != value:  # exactly: the view answers any difference
                self._expected[name].append(shown)
                del self._expected[name][:-self.MAX_OWED]
        self._shown[name] = shown

    def regrid(self, name, control):
        """A new range or step redraws the view: it may answer again."""
        self._shown[name] = None
        self.sent(name, control, control.value)

    def moved(self, name, new):
        """The handle now shows ``new`` (a value the browser sent)."""
        self._shown[name] = new

    def is_echo(self, name, control, new, model):
        """True if ``new`` from the browser is only the slider showing a value the kernel sent.

        Either an answer still owed (answers come in the order the values
        were sent, so older ones are dropped with it), or the view drawing
        the model's current value ``model`` again. A real move ends the list.
        """
        if not isinstance(control, SLIDERS):
            return False  # dropdowns and text boxes show every value as it is: they never echo
        expected = self._expected[name]
        for i, answer in enumerate(expected):
            if same_answer(control, new, answer):
                del expected[: i + 1]
                return True
        if same_answer(control, new, slider_answer(control, model)):
            return True
        expected.clear()
        return False
