"""Input checks used at the public doors of ``backprop_core``.

Every function raises ``ValueError`` or ``TypeError`` whose message names the
argument, the value received and what was expected, e.g.::

    lr must be a finite number > 0, got -0.5.

Internals may assert; only public entry points call these.

The size limit
--------------
Every number a model of the course *holds* (the weights of
:class:`~backprop_core.ChainNetwork`, :class:`~backprop_core.MazurNetwork` and
:class:`~backprop_core.MLP`, and the inputs and targets the two small networks
take) must be finite and at most :data:`LIMIT` = 1e12 in size, checked when
it is set. The lectures' numbers are below 10 and the two small networks'
training calls a run diverged once a weight passes 1e8, so the limit never
gets in a lesson's way; below it no forward or backward pass of the chain or
the 2-2-2 network can overflow a float (the largest product, lecture 000's
dC/dw0, stays below 1e50). A deep MLP can still overflow with legal weights
(each layer multiplies): its outputs are then ``inf``, and :meth:`MLP.fit`
reports a loss that stops being finite as a divergence (see
:mod:`backprop_core.mlp` for what it does not stop at).

:class:`WeightMap` is the ``weights`` mapping of the small networks: it
either writes an assignment through to the model (the model uses it) or
refuses it with a sentence; it never drops one silently.

Left out: checks of a student's code (the sandboxed runner does that) and
anything about widgets (``backprop_lab.controls`` builds on these checks).
"""
from __future__ import annotations

import numbers
from collections.abc import Mapping

import numpy as np

__all__ = [
    "LIMIT",
    "WeightMap",
    "check_real",
    "check_positive",
    "check_int",
    "check_array",
    "check_choice",
]


#: The largest size of a number a model holds (see the module docstring).
LIMIT = 1e12


def _size(limit):
    # the largest float is about 1.8e308; an int beyond it cannot become a float at all
    return "1.8e+308" if limit is None else f"{limit:g}"


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def check_real(name, value, *, finite=True, limit=None):
    """Return ``value`` as a Python float, or raise naming ``name``.

    With ``limit`` (e.g. :data:`LIMIT`) the size must be at most that:

    >>> check_real("w1", 1e308, limit=LIMIT)
    Traceback (most recent call last):
    ...
    ValueError: w1 must be a number of size at most 1e+12, got 1e+308.
    """
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, numbers.Real):
        raise TypeError(f"{name} must be a real number, got {_short(value)} ({type(value).__name__}).")
    try:
        value = float(value)
    except OverflowError:  # an int too large for a float
        raise ValueError(f"{name} must be a number of size at most {_size(limit)}, "
                         f"got {_short(value)}.") from None
    if finite and not np.isfinite(value):
        raise ValueError(f"{name} must be a finite number, got {value}.")
    if limit is not None and abs(value) > limit:
        raise ValueError(f"{name} must be a number of size at most {limit:g}, got {value:g}.")
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


def check_array(name, value, *, ndim=None, shape=None, finite=True, limit=None):
    """Return ``value`` as a float64 ndarray, checking dimensions and finiteness.

    ``shape`` may contain ``None`` for "any length" along that axis; with
    ``limit`` every entry's size must be at most that.
    """
    if isinstance(value, (str, bytes)):
        raise TypeError(f"{name} must be an array of real numbers, got {_short(value)}.")
    try:
        arr = np.asarray(value, dtype=float)
    except OverflowError:  # a Python int too large for a float
        raise ValueError(f"{name} must contain only numbers of size at most {_size(limit)}, "
                         f"got {_short(value)}.") from None
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
    if limit is not None and arr.size and np.max(np.abs(arr)) > limit:
        bad = arr[np.abs(arr) > limit].ravel()[0]
        raise ValueError(f"{name} must contain only numbers of size at most {limit:g}, found {bad:g}.")
    return arr


def check_choice(name, value, choices):
    """``value`` must be one of ``choices`` (strings)."""
    if value not in choices:
        options = ", ".join(repr(c) for c in choices)
        raise ValueError(f"{name} must be one of {options}; got {_short(value)}.")
    return value


class WeightMap(Mapping):
    """The ``weights`` of a small network: ``{'w0': ..., ...}`` read live.

    Reading works like a dict (``m['w1']``, ``dict(m)``, ``m == {...}``,
    ``{**m}``, ``m.copy()`` gives a plain dict). Assigning ``m['w1'] = 0.3``
    calls ``setter(name, value)``, which checks the value and changes the
    model; a model that cannot be changed passes ``setter=None`` and a
    ``refusal`` sentence (``{name}`` and ``{value}`` are filled in), and every
    assignment raises ``TypeError`` with it.
    Nothing is ever stored in the mapping itself, so nothing is dropped.

    >>> store = {"w0": 1.0}
    >>> m = WeightMap(store.__getitem__, ("w0",), setter=store.__setitem__)
    >>> m["w0"] = 2.0; store
    {'w0': 2.0}
    """

    __slots__ = ("_get", "_names", "_set", "_refusal", "_owner")

    def __init__(self, getter, names, *, setter=None, refusal="these weights cannot be assigned.",
                 owner="the network"):
        self._get, self._names, self._set = getter, tuple(names), setter
        self._refusal, self._owner = refusal, owner

    def __getitem__(self, name):
        if name not in self._names:
            raise KeyError(name)
        return self._get(name)

    def __iter__(self):
        return iter(self._names)

    def __len__(self):
        return len(self._names)

    def __repr__(self):
        return repr(dict(self))

    def copy(self):
        """A plain ``dict`` of the current values (a snapshot)."""
        return dict(self)

    def _check_name(self, name):
        if name not in self._names:
            names = ", ".join(self._names)
            raise ValueError(f"{_short(name)} is not a weight of {self._owner}; expected one of {names}.")

    def __setitem__(self, name, value):
        if self._set is None:
            raise TypeError(self._refusal.format(name=name, value=_short(value)))
        self._check_name(name)
        self._set(name, value)

    def __delitem__(self, name):
        raise TypeError(f"{self._owner} always has all of its weights ({', '.join(self._names)}); "
                        f"assign a new value instead of deleting {name!r}.")

    def update(self, *args, **kwargs):
        """Assign several weights at once (checked one by one, like ``m[k] = v``)."""
        for name, value in dict(*args, **kwargs).items():
            self[name] = value
