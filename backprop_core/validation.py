"""Input checks used at the public doors of ``backprop_core``.

Every function raises ``ValueError`` or ``TypeError`` whose message names the
argument, the value received and what was expected, e.g.::

    lr must be a finite number > 0, got -0.5.

Internals may assert; only public entry points call these.
"""
from __future__ import annotations

import numbers

import numpy as np

__all__ = [
    "check_real",
    "check_positive",
    "check_int",
    "check_array",
    "check_choice",
]


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_real(name, value, *, finite=True):
    """Return ``value`` as a Python float, or raise naming ``name``."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_short(value)} ({type(value).__name__}).")
    value = float(value)
    if finite and not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}.")
    return value


def check_positive(name, value):
    """A finite real number > 0 (learning rates, step sizes)."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a finite number > 0, got {_short(value)} ({type(value).__name__}).")
    value = float(value)
    if not (np.isfinite(value) and value > 0):
        raise ValueError(f"{name} must be a finite number > 0, got {value}.")
    return value


def check_int(name, value, *, minimum=None, maximum=None):
    """An integer (not bool) within the given bounds."""
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Integral):
        raise TypeError(f"{name} must be an integer, got {_short(value)} ({type(value).__name__}).")
    value = int(value)
    if minimum is not None and value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value}.")
    if maximum is not None and value > maximum:
        raise ValueError(f"{name} must be an integer <= {maximum}, got {value}.")
    return value


def check_array(name, value, *, ndim=None, shape=None, finite=True):
    """Return ``value`` as a float64 ndarray, checking dimensions and finiteness.

    ``shape`` may contain ``None`` for "any length" along that axis.
    """
    try:
        arr = np.asarray(value, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be an array of real numbers, got {_short(value)}.") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}.")
    if shape is not None:
        ok = arr.ndim == len(shape) and all(s is None or s == a for s, a in zip(shape, arr.shape))
        if not ok:
            parts = ["any" if s is None else str(s) for s in shape]
            want = "(" + ", ".join(parts) + ("," if len(parts) == 1 else "") + ")"
            raise ValueError(f"{name} must have shape {want}, got shape {arr.shape}.")
    if finite and not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].ravel()[0]
        raise ValueError(f"{name} must contain only finite numbers, found {bad}.")
    return arr


def check_choice(name, value, choices):
    """``value`` must be one of ``choices`` (strings)."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {_short(value)}.")
    return value
