"""What lesson 05's three dashboard modules share: the runs' colours and how a number or theta reads.

:mod:`.descent` (learning rates, 2-D descent), :mod:`.momentum` and :mod:`.batches` all import from
here; :mod:`.descent` re-exports the other two's dashboards, and neither imports it back (no cycle).

Left out: the runs themselves (:mod:`backprop_core.descent`) and which valley a start lies in
(:mod:`backprop_core.basins`).
"""
from __future__ import annotations

import numpy as np

from ...plotting import COLORS, off_plot_note
from ...tables import fmt

from ... import theme

__all__ = ["RUN_COLORS", "fmt4", "note", "theta_text"]

#: Colours of the runs drawn side by side (the course's palette; each run also has its own line style).
RUN_COLORS = {"simultaneous": COLORS["path"], "sequential": theme.PALETTE["sky blue"], "plain": "#6e6e6e",
              "momentum": COLORS["path"], "full batch": theme.PALETTE["blue"], "mini-batch": theme.PALETTE["orange"],
              "stochastic": theme.PALETTE["bluish green"]}


def note(ax, blit):
    """An empty warning text at the top of ``ax`` ("off the plot from step 3"), in ``blit``'s words layer.

    Its words change only when the path leaves the plot at another step, so a slider step redraws
    it only then (rendering a text's glyphs cost 3-4 ms a frame, a quarter of the frame). Its box is
    made opaque: the words layer keeps the box's pixels and puts them back over the moving paths.
    """
    text = off_plot_note(ax)
    text.get_bbox_patch().set_alpha(1.0)
    return blit.add(text, layer="words")


def fmt4(v):
    """A number to 4 significant digits, as the lesson's sentences write it."""
    return fmt(v, 4)


def theta_text(theta):
    """``'theta = 1.5'`` for one parameter, ``'(theta0, theta1) = (1, -0.5)'`` for two."""
    theta = np.atleast_1d(theta)
    if theta.size == 1:
        return f"theta = {fmt(theta[0], 4)}"
    return "(theta0, theta1) = (" + ", ".join(fmt(t, 4) for t in theta) + ")"
