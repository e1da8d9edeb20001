"""What lesson 05's three dashboard modules share: the runs' colours and how a number or theta reads.

:mod:`.descent` (learning rates, 2-D descent), :mod:`.momentum` and :mod:`.batches` all import from
here; :mod:`.descent` re-exports the other two's dashboards, and neither imports it back (no cycle).

Left out: the runs themselves (:mod:`backprop_core.descent`) and which valley a start lies in
(:mod:`backprop_core.basins`).
"""
from __future__ import annotations

import numpy as np

from ..plotting import COLORS
from ..tables import fmt

__all__ = ["RUN_COLORS", "fmt4", "theta_text"]

#: Colours of the runs drawn side by side.
RUN_COLORS = {"simultaneous": COLORS["path"], "sequential": "#00d5ff", "plain": "#7f7f7f",
              "momentum": COLORS["path"], "full batch": "#1f77b4", "mini-batch": "#ff7f0e",
              "stochastic": "#2ca02c"}


def fmt4(v):
    """A number to 4 significant digits, as the lesson's sentences write it."""
    return fmt(v, 4)


def theta_text(theta):
    """``'theta = 1.5'`` for one parameter, ``'(theta0, theta1) = (1, -0.5)'`` for two."""
    theta = np.atleast_1d(theta)
    if theta.size == 1:
        return f"theta = {fmt(theta[0], 4)}"
    return "(theta0, theta1) = (" + ", ".join(fmt(t, 4) for t in theta) + ")"
