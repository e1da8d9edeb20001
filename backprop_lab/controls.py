"""Control builders: sliders, log sliders, integer sliders, drop-downs.

Each builder checks the starting value against the control's own range or
options, so a dashboard states each range once (in a named constant) and a
bad setting raises an error naming it::

    slider("w0", 9, -6, 6)   # ValueError: w0 must be between -6 and 6 (the range of its slider), got 9.

:func:`check_value` is the one door for a value set from Python on a
control that already exists (``Dashboard.set`` calls it before touching the
widget): it reads the range or options off the control itself, so the
message names the control and its range::

    check_value("lr", lr_slider, float("nan"))
    # ValueError: lr must be a number between 0.001 and 10 (the range of its slider), got nan.

Every control has the house width (:data:`~backprop_lab.theme.CONTROL_WIDTH`)
and label width, so a column of controls lines up and wraps as one.

Left out: what a control does when it changes (:mod:`backprop_lab.dashboard`).
"""
from __future__ import annotations

import math
import numbers

import ipywidgets as W

from backprop_core.validation import check_choice, check_int, check_positive, check_real

from backprop_core.messages import Refused, WrongType, problem
from .theme import CONTROL_WIDTH, DESCRIPTION_WIDTH, FILL_WIDTH

__all__ = ["PlayButton", "check_setting", "check_value", "control_range", "slider", "log_slider", "int_slider",
           "dropdown", "int_box", "control_layout", "set_range"]


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


def control_range(control):
    """What a control accepts, in words: ``'a number between -6 and 6 (the range of its slider)'``."""
    if isinstance(control, W.FloatLogSlider):
        lo, hi = control.base ** control.min, control.base ** control.max
        return f"a number between {lo:g} and {hi:g} (the range of its slider)"
    if isinstance(control, (W.FloatSlider, W.BoundedFloatText)):
        return f"a number between {control.min:g} and {control.max:g} (the range of its slider)"
    if isinstance(control, (W.IntSlider, W.BoundedIntText)):
        return f"a whole number from {control.min} to {control.max}"
    if isinstance(control, W.IntText):
        return "a whole number"
    if isinstance(control, W.FloatText):
        return "a finite number"
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        shown = ", ".join(repr(v) for v in values[:12]) + (", ..." if len(values) > 12 else "")
        return f"one of {shown}"
    if isinstance(control, W.Checkbox):
        return "True or False"
    if isinstance(control, (W.Text, W.Textarea)):
        return "a string"
    return "a value the control accepts"


def _number(value, integral):
    if isinstance(value, (bool, str)) or not isinstance(value, numbers.Real):
        return None
    try:
        value = float(value)
    except OverflowError:  # an int too large for a float (10**400): no slider holds it
        return None
    if not math.isfinite(value) or (integral and value != int(value)):
        return None
    return int(value) if integral else value


def check_value(name, control, value):
    """Check ``value`` for the existing ``control`` registered as ``name``; return it (as the control's type).

    Raises :class:`~backprop_lab.messages.Refused` (a ``ValueError``: out of
    range, NaN, inf, not an option) or :class:`~backprop_lab.messages.WrongType`
    (a ``TypeError``: a string for a slider, a number for a text box), with one
    sentence naming the control and what it accepts. Nothing is changed.
    """
    def refuse(kind=Refused):
        return kind(problem(name, value, control_range(control)))

    if isinstance(control, (W.FloatSlider, W.FloatLogSlider, W.BoundedFloatText, W.FloatText,
                            W.IntSlider, W.BoundedIntText, W.IntText)):
        integral = isinstance(control, (W.IntSlider, W.BoundedIntText, W.IntText))
        number = _number(value, integral)
        if number is None:
            wrong = isinstance(value, (bool, str)) or not isinstance(value, numbers.Real)
            raise refuse(WrongType if wrong else Refused)
        lo, hi = getattr(control, "min", None), getattr(control, "max", None)
        if isinstance(control, W.FloatLogSlider):  # base ** exponent may be off in the last bit
            lo, hi = control.base ** lo * (1 - 1e-12), control.base ** hi * (1 + 1e-12)
        if lo is not None and not lo <= number <= hi:
            raise refuse()
        return number
    if hasattr(control, "options"):
        values = [o[1] if isinstance(o, tuple) else o for o in control.options]
        if not any(type(v) is type(value) and v == value or _same_number(v, value) for v in values):
            raise refuse()
        return value
    if isinstance(control, W.Checkbox):
        if not isinstance(value, bool):
            raise refuse(WrongType)
        return value
    if isinstance(control, (W.Text, W.Textarea)) and not isinstance(value, str):
        raise refuse(WrongType)
    return value


def _same_number(a, b):
    """1 and 1.0 are the same option; True is not 1 (a checkbox's value is not a number)."""
    numeric = (numbers.Real,)
    return (isinstance(a, numeric) and isinstance(b, numeric) and not isinstance(a, bool)
            and not isinstance(b, bool) and a == b)


def control_layout(width=None):
    """The house layout of one control: :data:`CONTROL_WIDTH` wide, never wider than its box less its own
    margins (:data:`~backprop_lab.theme.FILL_WIDTH`; at ``100%`` a control in a column just its width
    overflowed by its 2 px margins, and a drop-down lost its right border)."""
    return W.Layout(width=width or CONTROL_WIDTH, max_width=FILL_WIDTH)


_STYLE = {"description_width": DESCRIPTION_WIDTH}


# ``name`` is the dashboard's argument, named in the error (the description may differ).
def slider(description, value, lo, hi, step=0.01, fmt=".3f", name=None):
    """A FloatSlider on ``[lo, hi]`` in steps of ``step``."""
    value = check_setting(name or description, value, lo, hi)
    return W.FloatSlider(value=value, min=lo, max=hi, step=step, description=description,
                         readout_format=fmt, continuous_update=True, style=_STYLE, layout=control_layout())


def log_slider(description, value, lo_exp, hi_exp, step=0.05, fmt=".3", name=None):
    """A FloatLogSlider from ``10**lo_exp`` to ``10**hi_exp`` (learning rates)."""
    value = check_setting(name or description, value, 10.0 ** lo_exp, 10.0 ** hi_exp, kind="positive")
    return W.FloatLogSlider(value=value, base=10, min=lo_exp, max=hi_exp, step=step, description=description,
                            readout_format=fmt, continuous_update=True, style=_STYLE, layout=control_layout())


def int_slider(description, value, lo, hi, step=1, name=None):
    """An IntSlider (steps, epochs, batch sizes)."""
    value = check_setting(name or description, value, lo, hi, kind="int")
    return W.IntSlider(value=value, min=lo, max=hi, step=step, description=description, continuous_update=True,
                       style=_STYLE, layout=control_layout())


def int_box(description, value, lo, hi, name=None):
    """A box to type a whole number in ``[lo, hi]`` (a number of steps to run)."""
    value = check_setting(name or description, value, lo, hi, kind="int")
    return W.BoundedIntText(value=value, min=lo, max=hi, description=description, style=_STYLE,
                            layout=control_layout())


def dropdown(description, options, value, name=None):
    """A Dropdown; ``options`` are values or ``(label, value)`` pairs."""
    check_setting(name or description, value, choices=[o[1] if isinstance(o, tuple) else o for o in options])
    return W.Dropdown(options=options, value=value, description=description, style=_STYLE,
                      layout=control_layout())


def set_range(control, lo, hi, value):
    """Give a slider a new range and value (in an order the range checks accept)."""
    if lo > control.max:
        control.max = hi
        control.min = lo
    else:
        control.min = lo
        control.max = hi
    control.value = min(max(value, lo), hi)


class PlayButton(W.ToggleButton):
    """Play / Pause in one button: pressed it says *Pause* (and plays), released it says *Play*.

    Its ``playing`` is its ``value`` (the name ``ipywidgets.Play`` uses, so a cell writes
    ``dash.play.playing = True`` as a student presses it). The button is a fixed width, so the
    row it sits in never moves when its word changes.
    """

    def __init__(self, tooltip="Play / Pause", width="92px"):
        super().__init__(value=False, description="Play", icon="play", tooltip=tooltip, button_style="success",
                         layout=W.Layout(width=width))
        self.add_class("bplab-play")
        self.observe(self._relabel, names="value")

    @property
    def playing(self):
        return bool(self.value)

    @playing.setter
    def playing(self, on):
        self.value = bool(on)

    def _relabel(self, change):
        on = bool(change["new"])
        with self.hold_sync():
            self.description, self.icon = ("Pause", "pause") if on else ("Play", "play")
