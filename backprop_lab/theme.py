"""Sizes and colours every dashboard shares: one place to change them.

* :data:`CONTROL_WIDTH`: the width of one control (slider, dropdown); a
  column of controls is this wide.
* :data:`DESCRIPTION_WIDTH`: the width of a control's label.
* :data:`FIGURE_SIZES`: the figure sizes (inches at :data:`DPI`) the layout
  helper knows; every one fits a 700 px notebook (the narrowest the course
  supports), so a figure that moves under the controls is never cut off.
* :data:`STATUS_COLORS` / :data:`STATUS_STYLE`: the status line's colour
  for each kind of message (``info``, ``ok``, ``warn``, ``error``), used by
  dashboards, exercises and the notes written on plots.

Left out: the plotted data's own colours (:data:`backprop_lab.plotting.COLORS`).
"""
from __future__ import annotations

__all__ = ["CONTROL_WIDTH", "DESCRIPTION_WIDTH", "DPI", "FIGURE_SIZES", "STATUS_COLORS", "STATUS_STYLE",
           "GAP", "figure_px"]

#: One control's width (CSS); a column of controls is this wide.
CONTROL_WIDTH = "300px"
#: A control's label width (CSS).
DESCRIPTION_WIDTH = "90px"
#: Gap between the boxes of a dashboard (CSS).
GAP = "8px"
#: Figures are drawn at this many pixels per inch (CSS pixels in the notebook).
DPI = 90

#: Named figure sizes in inches; at :data:`DPI` the widest is 675 px, under a 700 px notebook.
FIGURE_SIZES = {
    "two panels": (7.0, 3.0),     # e.g. a cost surface beside a cost curve
    "two panels tall": (7.0, 3.1),
    "strip": (7.5, 1.9),          # a diagram in one row
    "panel": (4.6, 3.4),          # one plot beside the controls
    "diagram": (6.2, 3.4),        # a network diagram
    "square": (4.2, 4.2),
}

STATUS_COLORS = {
    "info": "#1f4e79",
    "ok": "#2e7d32",
    "warn": "#b26a00",
    "error": "#c62828",
}

#: Inline CSS for a status line of each kind (warnings and errors in bold).
STATUS_STYLE = {kind: f"color:{c}" + (";font-weight:bold" if kind in ("warn", "error") else "")
                for kind, c in STATUS_COLORS.items()}


def figure_px(figsize, dpi=DPI):
    """The CSS size ``(width, height)`` in px of a figure of ``figsize`` inches."""
    return round(figsize[0] * dpi), round(figsize[1] * dpi)
