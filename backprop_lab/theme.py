"""Sizes and colours every dashboard shares: one place to change them.

* :data:`CONTROL_WIDTH`: the width of one control (slider, dropdown); a
  column of controls is this wide.
* :data:`DESCRIPTION_WIDTH`: the width of a control's label.
* :data:`FIGURE_SIZES`: the named figure sizes (inches at :data:`DPI`) every
  dashboard takes its figures' sizes from (:func:`figure_size`); every one fits
  a 700 px notebook (the narrowest the course supports), so a figure that moves
  under the controls is never cut off.
* The type scale :data:`TEXT_PX`: every text of every figure and table is one
  of its sizes, in CSS pixels; :func:`font_pt` turns a size into matplotlib's
  points at :data:`DPI` (12 px at 90 dpi is 9.6 pt), so no figure text is
  under 12 px.
* :func:`set_projector`: one call that scales figures and text by 1.5 for a
  lecture hall (figures made after the call; ``set_projector(False)`` undoes it).
* The colour-blind-safe palette :data:`PALETTE` (Okabe & Ito 2008, "Color
  Universal Design") with :data:`CATEGORY_COLORS` in the order categories use
  them, a line style and a marker for each (:data:`LINESTYLES`, :data:`MARKERS`,
  :func:`category_style`) so no curve is told apart by colour alone, and the
  blue-orange diverging map for signed values (weights, gradients):
  :data:`DIVERGING_COLORS`, :func:`diverging_cmap`.
* :data:`WIDGET_CSS`: where an ipywidgets default does not fit a column of
  :data:`CONTROL_WIDTH`, the fix, applied by a class: a ``Tab`` with
  :data:`TABS_CLASS` shares the column among its titles (ipywidgets gives each
  title a 144 px basis and 20 px of padding, so six titles in 300 px cut
  "Probe" to "Prob") and pads its page less; a ``Button`` with
  :data:`WRAP_CLASS` wraps a long label onto a second line instead of cutting it.
* :data:`STATUS_COLORS` / :data:`STATUS_STYLE`: the status line's colour
  for each kind of message (``info``, ``ok``, ``warn``, ``error``), used by
  dashboards, exercises and the notes written on plots. ``ok`` and ``error``
  are blue-green and vermillion, never a red/green pair, and the text says it too.

Left out: which colour each plotted thing gets (:data:`backprop_lab.plotting.COLORS`
names them from this palette) and the colour-vision simulation that checks the
palette (``tests/test_readability.py``).
"""
from __future__ import annotations

__all__ = ["CONTROL_WIDTH", "DESCRIPTION_WIDTH", "DPI", "FIGURE_SIZES", "figure_size", "STATUS_COLORS", "STATUS_STYLE",
           "GAP", "figure_px", "TEXT_PX", "font_pt", "font_px", "rc_params", "set_projector", "projector_on",
           "scale", "PALETTE", "CATEGORY_COLORS", "LINESTYLES", "MARKERS", "category_style",
           "DIVERGING_COLORS", "diverging_cmap", "SEQUENTIAL_CMAP", "PROJECTOR_SCALE", "TABS_CLASS", "WRAP_CLASS",
           "TAB_PADDING_PX", "TAB_PAGE_PADDING_PX", "WIDGET_CSS", "FILL_WIDTH", "FILL_LAYOUT", "WIDGET_MARGIN_PX"]

#: One control's width (CSS); a column of controls is this wide.
CONTROL_WIDTH = "300px"
#: A control's label width (CSS).
DESCRIPTION_WIDTH = "90px"
#: Gap between the boxes of a dashboard (CSS).
GAP = "8px"
#: Figures are drawn at this many pixels per inch (CSS pixels in the notebook).
DPI = 90

#: Named figure sizes in inches at the default scale; at :data:`DPI` the widest is 675 px, under a
#: 700 px notebook. :func:`set_projector` multiplies them (in place) by :data:`PROJECTOR_SCALE`.
FIGURE_SIZES = {
    "two panels": (7.0, 3.0),        # e.g. a cost surface beside a cost curve (lessons 05, 06, 09)
    "two panels tall": (7.0, 3.1),   # two panels with a second line of axis text (lessons 04, 05)
    "two panels short": (7.0, 2.9),  # a diagram beside a plot, or two log-log curves (lessons 01, 06)
    "two panels wide": (7.5, 2.8),   # a curve beside a log-log error plot (lesson 03's wiggle)
    "strip": (7.5, 1.9),             # a diagram in one row
    "panel": (4.6, 3.4),             # one plot beside the controls
    "beside": (5.0, 2.7),            # two small panels beside the controls in an 850 px notebook (lesson 01)
    "beside short": (5.0, 2.6),      # the same with one line of axis text less (lesson 01's units)
    "beside strip": (5.8, 2.1),      # one low plot beside the controls (lesson 09's bug hunt)
    "diagram": (6.2, 3.4),           # a network diagram
    "diagram short": (6.2, 3.1),     # lesson 06's static 2-2-2 diagram with every weight written on it
    "plot": (5.6, 2.9),              # one static plot in the notebook's flow (lesson 07's difference plots)
    "row": (6.4, 2.7),               # a row of small maps with colour bars, drawn once (lesson 01's sweep)
    "grid": (6.6, 4.3),              # two rows of small maps, drawn once (lesson 01's sub-problems)
    "square": (4.2, 4.2),
}
_BASE_SIZES = dict(FIGURE_SIZES)

#: The type scale in CSS pixels at the default scale: tick labels, legends and notes are ``small``,
#: axis labels and table text ``body``, titles ``title``. 12 px is the smallest text a student at the
#: back of a room (or with low vision) is asked to read.
TEXT_PX = {"small": 12.0, "body": 13.0, "title": 14.0}

#: How much :func:`set_projector` enlarges figures and text.
PROJECTOR_SCALE = 1.5
_state = {"scale": 1.0}


def figure_size(name):
    """The size in inches of the figure size called ``name`` (a key of :data:`FIGURE_SIZES`), at the current
    scale: every dashboard takes its figure sizes from here, so one call of :func:`set_projector` enlarges them all.

    >>> figure_size("two panels")   # 630 x 270 px at 90 dpi
    (7.0, 3.0)
    """
    if name not in FIGURE_SIZES:
        raise ValueError(f"name must be one of the figure sizes {sorted(FIGURE_SIZES)}, got {name!r}.")
    return FIGURE_SIZES[name]


def scale():
    """The current scale of figures and text: 1.0, or :data:`PROJECTOR_SCALE` after ``set_projector()``."""
    return _state["scale"]


def projector_on():
    """True while the projector setting is on."""
    return _state["scale"] != 1.0


def font_px(role="body"):
    """The size in CSS pixels of text of ``role`` (a key of :data:`TEXT_PX`) at the current scale."""
    if role not in TEXT_PX:
        raise ValueError(f"role must be one of {sorted(TEXT_PX)}, got {role!r}.")
    return TEXT_PX[role] * _state["scale"]


def font_pt(role="body", dpi=DPI):
    """The size in points (what matplotlib's ``fontsize`` takes) of text of ``role``.

    A figure drawn at ``dpi`` pixels per inch shows ``pt * dpi / 72`` pixels, so
    ``font_pt('small')`` at 90 dpi is 12 * 72 / 90 = 9.6 pt.
    """
    return round(font_px(role) * 72 / dpi, 2)


def rc_params():
    """Matplotlib settings for the type scale at the current scale (ticks, labels, titles, legends)."""
    small, body, title = font_pt("small"), font_pt("body"), font_pt("title")
    return {"font.size": body, "axes.titlesize": title, "axes.labelsize": body, "xtick.labelsize": small,
            "ytick.labelsize": small, "legend.fontsize": small, "legend.title_fontsize": small,
            "figure.titlesize": title, "axes.prop_cycle": _cycler()}


def set_projector(on=True):
    """Scale every figure made from now on, and its text, by 1.5 for a lecture hall (``on=False``: back).

    Figure sizes (:data:`FIGURE_SIZES`, changed in place), the type scale and
    matplotlib's defaults all follow; dashboards built before the call keep
    their size, so re-run their cells. Returns the scale now in use.

    >>> _ = set_projector(); FIGURE_SIZES["panel"], font_px("small")
    ((6.9, 5.1), 18.0)
    >>> set_projector(False)
    1.0
    """
    if not isinstance(on, bool):
        raise TypeError(f"on must be True or False, got {on!r}.")
    _state["scale"] = PROJECTOR_SCALE if on else 1.0
    for name, (w, h) in _BASE_SIZES.items():
        FIGURE_SIZES[name] = (round(w * _state["scale"], 3), round(h * _state["scale"], 3))
    import matplotlib

    matplotlib.rcParams.update(rc_params())
    return _state["scale"]


# -- colours ------------------------------------------------------------------------------------
#: Okabe & Ito's eight colours, distinguishable with every common colour-vision deficiency.
PALETTE = {
    "blue": "#0072B2",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "vermillion": "#D55E00",
    "bluish green": "#009E73",
    "reddish purple": "#CC79A7",
    "yellow": "#F0E442",
    "black": "#000000",
}
#: Colours for categories (curves, classes), in the order they are handed out.
CATEGORY_COLORS = [PALETTE[k] for k in ("blue", "orange", "bluish green", "vermillion", "reddish purple",
                                        "sky blue", "black")]
#: A line style for each category colour (same order): a curve is told apart without colour too.
LINESTYLES = ["-", "--", "-.", ":", (0, (5, 1, 1, 1, 1, 1)), (0, (1, 3)), (0, (8, 3))]
#: A marker for each category colour (same order).
MARKERS = ["o", "s", "^", "D", "v", "P", "X"]
#: Signed values (weights, gradients): blue for negative, near-white for 0, orange for positive.
DIVERGING_COLORS = ["#0b4f8a", PALETTE["blue"], "#9ecae1", "#f7f7f7", "#fdd49e", PALETTE["orange"], "#b35806"]
#: Values from low to high (costs, errors): perceptually uniform and colour-blind safe.
SEQUENTIAL_CMAP = "viridis"


def category_style(k):
    """Colour, line style and marker of category ``k`` (0, 1, ...) as ``plot`` keywords."""
    k = int(k) % len(CATEGORY_COLORS)
    return {"color": CATEGORY_COLORS[k], "linestyle": LINESTYLES[k], "marker": MARKERS[k]}


def diverging_cmap(name="bplab_blue_orange"):
    """The course's blue-orange diverging colour map (a matplotlib ``Colormap``)."""
    from matplotlib.colors import LinearSegmentedColormap

    return LinearSegmentedColormap.from_list(name, DIVERGING_COLORS)


def _cycler():
    from cycler import cycler

    return cycler(color=CATEGORY_COLORS)


STATUS_COLORS = {
    "info": "#1f4e79",
    "ok": "#00664f",      # a darker bluish green: 4.5:1 on white, reads apart from ``error`` without colour vision
    "warn": "#8a5300",
    "error": "#b63c00",   # a darker vermillion
}

#: Inline CSS for a status line of each kind (warnings and errors in bold).
STATUS_STYLE = {kind: f"color:{c}" + (";font-weight:bold" if kind in ("warn", "error") else "")
                for kind, c in STATUS_COLORS.items()}


#: The class of a ``Tab`` whose titles share the column (see :data:`WIDGET_CSS`).
TABS_CLASS = "bplab-tabs"
#: The class of a ``Button`` whose label may wrap onto a second line.
WRAP_CLASS = "bplab-wrap"
#: Padding left and right of a tab's title, and around a tab's page (CSS px; ipywidgets: 10 and 15).
TAB_PADDING_PX = 6
TAB_PAGE_PADDING_PX = 4
#: The width of a box of controls that fills its page: the page less the 2 px margins ipywidgets puts on each
#: side of a widget. A control at ``max_width`` 100% of the box still pushes its right margin 2 px past the
#: box, so the box also needs ``overflow="visible"`` (:data:`FILL_LAYOUT`); else a dropdown's border is cut.
WIDGET_MARGIN_PX = 2
FILL_WIDTH = f"calc(100% - {2 * WIDGET_MARGIN_PX}px)"
#: The keyword arguments of such a box's ``Layout``.
FILL_LAYOUT = {"width": FILL_WIDTH, "overflow": "visible"}
#: The style sheet for :data:`TABS_CLASS` and :data:`WRAP_CLASS` (a dashboard puts it on the page in an
#: ``HTML`` widget's ``<style>``). The selectors repeat ipywidgets' own classes so that they win over its rules.
WIDGET_CSS = f"""
.jupyter-widgets.jupyter-widget-tab.{TABS_CLASS} > .lm-TabBar .lm-TabBar-tab {{
  flex: 1 1 auto; min-width: 0; padding: 0 {TAB_PADDING_PX}px; }}
.jupyter-widgets.jupyter-widget-tab.{TABS_CLASS} > .widget-tab-contents {{
  padding: {TAB_PAGE_PADDING_PX + 4}px {TAB_PAGE_PADDING_PX}px; }}
button.jupyter-button.widget-button.{WRAP_CLASS} {{
  white-space: normal; height: auto; min-height: var(--jp-widgets-inline-height); line-height: 1.25; }}
"""


def figure_px(figsize, dpi=DPI):
    """The CSS size ``(width, height)`` in px of a figure of ``figsize`` inches."""
    return round(figsize[0] * dpi), round(figsize[1] * dpi)
