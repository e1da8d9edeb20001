"""Which valley of a 1-D cost a starting point lies in (lesson 05: local minima, momentum).

Gradient descent with a small learning rate rolls downhill: from ``theta`` it ends in the minimum whose
valley (basin) holds ``theta``. With two minima the valleys meet at the hump between them, where
``dJ/dtheta = 0`` again (a maximum).

:func:`hump`: that maximum, found by bisection on the gradient; :func:`basin`: which minimum's valley.

Left out: more than two minima, more than one dimension, and momentum's way of rolling over the hump
(that is a run, :func:`backprop_core.descent.gradient_descent`).
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np

__all__ = ["hump", "basin"]


@lru_cache(maxsize=16)
def hump(objective):
    """The highest point between the two lowest-lying minima of a 1-D objective: where dJ/dtheta = 0
    between them (found by bisection on the gradient, which is > 0 just right of the left minimum)."""
    if len(objective.minima) < 2:
        raise ValueError(f"hump needs an objective with two minima, got {objective.name!r} with "
                         f"{len(objective.minima)}.")
    lo, hi = sorted(float(m[0]) for m in objective.minima[:2])
    grad = lambda t: float(objective.grad(np.array([t]))[0])  # noqa: E731
    a, b = lo + 1e-9 * (hi - lo), hi - 1e-9 * (hi - lo)
    for _ in range(100):
        mid = 0.5 * (a + b)
        a, b = (mid, b) if grad(mid) > 0 else (a, mid)
    return 0.5 * (a + b)


def basin(objective, theta):
    """Which minimum's valley ``theta`` lies in (1-D): ``(index, minimum)``.

    Index 0 is the global minimum (``objective.minima`` lists it first). With
    two minima the valleys meet at the hump between them.
    """
    mins = [float(m[0]) for m in objective.minima]
    if len(mins) == 1:
        return 0, mins[0]
    left = int(np.argmin(mins[:2]))
    i = left if float(np.atleast_1d(theta)[0]) < hump(objective) else 1 - left
    return i, mins[i]
