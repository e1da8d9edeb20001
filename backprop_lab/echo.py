"""The slider echo guard: telling a slider's own answers apart from a student's moves.

A slider's browser view can only *show* values on its grid. When the kernel
sends a value the handle cannot sit on (``0.123456`` on a slider in steps of
0.01, a trained weight ``2.00059``, even ``-2``, which noUiSlider computes
in percent as ``-1.9999999999999982``), the view moves the handle to the
nearest place it can show and reports that value back. Such an *echo* is not
a student's move: the model must keep the exact value. Echoes can come late:
during Run All they queue behind the remaining cells, after the kernel has
sent newer values.

The rule needs no recording of the browser's arithmetic, only the step:

* the kernel remembers, per slider, the values it sent (and when) that the
  view may still answer;
* a value from the browser *within half a step* of one of them, or of the
  model's value, is an echo (on a :class:`~ipywidgets.FloatLogSlider` half a
  step of the exponent; on an :class:`~ipywidgets.IntSlider` in steps of 1
  that is an exact match). The nearest place a view can show is never more
  than half a step away, while a student's move (a key press, a drag, a
  click on the track) lands one whole step or more from what the handle
  showed;
* an echo of the newest value sent, or of the model, is left as it is (the
  handle shows the nearest place it can); an echo of an older value (a late
  one: the view has since been sent newer values) makes the dashboard show
  the model's value again. A value stays owed after its answer: the view
  answers the value it holds again each time it redraws (a new range or
  step, a new view);
* anything else is a move, and ends the list: the browser's messages arrive
  in the order it sent them, so the answers to everything it showed before
  the student moved have arrived already. An answer arriving after a real
  move is judged against the moved-to value alone.

Where a change comes from: ipywidgets applies every ``update`` message from
the browser through the public :meth:`ipywidgets.Widget.set_state`, so the
guard wraps that method on each slider it watches (:meth:`EchoGuard.add`);
a value set by Python code never goes through it.

A whole number that an integer slider can show (in range, on its grid) is
never answered until the view redraws, so the browser's later report of it is
a move (a key press back onto an earlier step of a stepper), unless the
slider's range or step changed since that value was sent.

Limits: an older value sent more than :attr:`EchoGuard.LATE_SECONDS` ago is
forgotten (its late answer would then count as a move); right after a range
change, a student's very first jump onto an older value the kernel sent less
than that ago is taken for a late answer and undone (a move anywhere else is
taken, and then that one); a model value exactly between two grid places makes
both neighbours echoes.

Left out: the widgets themselves (:mod:`backprop_lab.controls`) and what a
dashboard does with a real move (:mod:`backprop_lab.dashboard`).
"""
from __future__ import annotations

import math
import time

import ipywidgets as W

__all__ = ["SLIDERS", "ECHO", "LATE", "MOVE", "within_half_step", "on_grid", "EchoGuard"]

#: The controls whose browser view can only show values on a grid (and so may answer with another value).
SLIDERS = (W.FloatSlider, W.IntSlider, W.FloatLogSlider)

#: What :meth:`EchoGuard.answer` says of a value from the browser.
ECHO, LATE, MOVE = "echo", "late", "move"

#: Room for the browser's rounding (``-1.9999999999999982`` for ``-2``), relative to half a step.
ROUNDING = 1e-9


def _position(control, value):
    """Where ``value`` sits along the slider's track: the exponent on a log slider, else the value."""
    if isinstance(control, W.FloatLogSlider):
        return math.log(value) / math.log(control.base) if value > 0 else None
    return value


def within_half_step(control, a, b):
    """True if ``a`` and ``b`` are at most half of ``control``'s step apart along its track.

    On a slider in steps of 0.01, ``0.12`` is within half a step of
    ``0.123456`` (0.0035 < 0.005), ``0.13`` is not (0.0065). On a log slider
    the step is in the exponent: ``10**-0.3`` (0.50119) is within half a step
    (0.025) of ``0.5`` = ``10**-0.30103``. On an IntSlider in steps of 1 only
    equal whole numbers are. A slider without a step shows every value:
    only equal values are.
    """
    pa, pb = _position(control, a), _position(control, b)
    if pa is None or pb is None or not (math.isfinite(pa) and math.isfinite(pb)):
        return False
    half = (control.step or 0) / 2
    if isinstance(control, W.IntSlider):
        return abs(pa - pb) <= half
    return abs(pa - pb) <= half * (1 + ROUNDING)


def on_grid(control, value):
    """True if ``control``'s view shows ``value`` exactly, so it has nothing to answer until it redraws
    (a new range or step). Only whole numbers on an :class:`~ipywidgets.IntSlider` qualify: a float
    slider's view computes its handle in percent and may answer even a value on its grid with
    rounding (``-2`` comes back as ``-1.9999999999999982``)."""
    if not isinstance(control, W.IntSlider):
        return False
    pos, lo, hi = _position(control, value), control.min, control.max
    if pos is None or not math.isfinite(pos) or not lo <= pos <= hi:
        return False
    step = control.step or 0
    if not step:
        return True
    k = (pos - lo) / step
    return abs(k - round(k)) <= ROUNDING * max(1.0, abs(k))


class EchoGuard:
    """The values each slider's view may still answer, and where its changes come from.

    ``add(name, control)`` once per control; ``sent(name, value)`` whenever
    the kernel set a value; ``from_browser(name)`` inside the control's
    observer; ``answer(name, control, new, model)`` for a value from the
    browser: :data:`ECHO`, :data:`LATE` or :data:`MOVE` (module docstring).
    ``clock()`` gives seconds (a test may set its own).
    """

    #: at most this many values are remembered per slider
    MAX_OWED = 50
    #: seconds after which a value sent is forgotten once a newer one was sent (the newest never is)
    LATE_SECONDS = 120.0

    def __init__(self, clock=time.monotonic):
        self.clock = clock
        self._owed = {}     # name -> [(value sent, when, the view could show it exactly)], oldest first
        self._applying = {}  # name -> how many browser messages for it are being applied right now
        self._redrawn = {}   # name -> when the control's range or step last changed (its view redraws)

    def add(self, name, control):
        """Watch ``control``: learn when a value comes from its browser view, and owe its first value."""
        self._owed[name], self._applying[name], self._redrawn[name] = [], 0, self.clock()
        if isinstance(control, SLIDERS):
            self._listen(name, control)
            self._control = getattr(self, "_control", {})
            self._control[name] = control
            control.observe(lambda _change, name=name: self._redraw(name), names=["min", "max", "step"])
            self.sent(name, control.value)  # the view's first drawing may answer it

    def _redraw(self, name):
        """Control ``name``'s range or step changed: its view redraws and may answer the value it holds.

        An integer slider holds the newest value sent (it shows every whole number exactly), so only
        that one stays owed, now answerable; a float slider keeps them all (older answers may still
        be on their way)."""
        self._redrawn[name] = self.clock()
        owed = self._owed.get(name)
        if owed and isinstance(self._control.get(name), W.IntSlider):
            value, when, _exact = owed[-1]
            owed[:] = [(value, when, False)]

    def _listen(self, name, control):
        """Wrap the public ``set_state``, the door of every state message from the browser."""
        apply_state = control.set_state
        applying = self._applying

        def set_state(sync_data):
            applying[name] += 1
            try:
                return apply_state(sync_data)
            finally:
                applying[name] -= 1

        set_state.__doc__ = apply_state.__doc__
        control.set_state = set_state

    def from_browser(self, name):
        """True while the value of control ``name`` is being set by a message from its browser view."""
        return self._applying.get(name, 0) > 0

    def sent(self, name, value):
        """The kernel set control ``name`` to ``value``: its view may answer it."""
        owed = self._owed.get(name)
        if owed is None:
            return
        now = self.clock()
        control = getattr(self, "_control", {}).get(name)
        exact = control is not None and on_grid(control, value)
        if owed and owed[-1][0] == value:
            owed[-1] = (value, now, exact)
        else:
            owed.append((value, now, exact))
            del owed[:-self.MAX_OWED]

    def _forget_old(self, owed):
        """Drop values sent more than :attr:`LATE_SECONDS` ago, except the newest."""
        cutoff = self.clock() - self.LATE_SECONDS
        keep = [entry for entry in owed[:-1] if entry[1] >= cutoff]
        owed[:-1] = keep

    def answer(self, name, control, new, model):
        """What ``new``, a value from control ``name``'s browser view, is, with ``model`` the model's value.

        :data:`ECHO`: the view showing the newest value sent (or the model's)
        at its nearest grid place; leave it. :data:`LATE`: a late answer to
        an older value; show the model again. :data:`MOVE`: a student's move;
        take it. Values sent before the one answered are forgotten (answers
        come in the order the values were sent); the one answered stays, as
        the view answers the value it holds again whenever it redraws (each
        change of ``min``, ``max`` or ``step`` redraws it); a move forgets them all.
        Dropdowns and text boxes show every value as it is: never echoes.
        """
        owed = self._owed.get(name)
        if owed is None or not isinstance(control, SLIDERS):
            return MOVE
        self._forget_old(owed)
        near_model = within_half_step(control, new, model)
        for i in range(len(owed) - 1, -1, -1):  # the newest it answers: older answers may never come
            value, when, exact = owed[i]
            if within_half_step(control, new, value):
                newest = i == len(owed) - 1
                if not (newest or near_model) and exact and self._redrawn[name] < when:
                    break  # the view showed that value exactly and has not redrawn since: nothing to answer
                del owed[:i]  # it stays owed: every redraw (a new range, a new view) may answer it again
                return ECHO if newest or near_model else LATE
        if near_model:
            return ECHO
        owed.clear()
        return MOVE
