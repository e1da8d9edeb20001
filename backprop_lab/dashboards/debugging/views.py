"""What lesson 09's two dashboard modules share: its problem, the check's table and its heat maps.

:mod:`.debugging` (the bug dashboard, the lesson's tables) and :mod:`.bug_hunt` (the bug hunt, "check your
own backward pass") both build on these; keeping them here lets :mod:`.debugging` re-export the bug hunt
without an import cycle.

* :func:`demo_problem`: a network and examples whose targets come from a "teacher" network;
* :func:`check_table`: one row per parameter array of a :func:`backprop_core.bugs` check;
* :class:`ErrorMaps`: one heat map per layer, coloured by log10 of the relative error;
* :class:`ErrorDiagram`: the network drawn by the browser (:class:`~backprop_lab.views.NetworkView`), each
  connection coloured, sized and (when it fails) dashed by its relative error; a click says that weight's
  backprop and numerical gradients.

Left out: the checks themselves (:mod:`backprop_core.bugs`) and the dashboards.
"""
from __future__ import annotations

import html

import ipywidgets as W
import numpy as np
from matplotlib import colors
from matplotlib.patches import Rectangle

import backprop_core as bp
from backprop_core import bugs as B

from ... import theme
from ...tables import Table, fmt
from ...views import NetworkView

__all__ = ["DEMO_SIZES", "N_EXAMPLES", "LR", "EPOCHS", "LEVEL_SIZES", "METHOD_LABELS", "EXAMPLES", "LOSS_RANGE",
           "demo_problem", "check_table", "ErrorMaps", "ErrorDiagram"]

#: The lesson's network: two hidden layers of 4 (square W0 and W1), 2 outputs.
DEMO_SIZES = (4, 4, 4, 2)
N_EXAMPLES = 8
LR = 2.0
EPOCHS = 150
#: The networks of the bug hunt's levels.
LEVEL_SIZES = {"one layer": (3, 3, 2), "deep": (3, 3, 3, 2), "batch-only": (3, 3, 2)}
METHOD_LABELS = {"central": "central, eps = 1e-5", "one-sided": "one-sided, eps = 1e-4 (lecture 003)"}
EXAMPLES = {"8 examples": N_EXAMPLES, "1 example": 1}
#: The loss plot's y range (fixed, so changing the bug never redraws the axes).
LOSS_RANGE = (1e-6, 1.0)
#: The bar under a heat map: its layer fails / passes the check.
#: Vermillion and hatched for a failing layer, plain blue for a passing one (not a red/green pair).
FAIL_COLOR, PASS_COLOR = theme.PALETTE["vermillion"], theme.PALETTE["blue"]
FAIL_HATCH = "xxxx"
#: The heat maps' colours, from rounding-level errors (dark blue) through near-white (1e-5 .. 1e-4)
#: to vermillion (a wrong gradient): readable with every common colour-vision deficiency.
ERROR_COLORS = [(0.0, "#0b4f8a"), (0.45, "#56B4E9"), (0.6, "#f7f7f7"), (0.75, "#E69F00"), (1.0, "#b63c00")]
#: Colour scale of the heat maps: log10 of the relative error.
LOG_RANGE = (-12.0, 1.0)


def demo_problem(sizes=DEMO_SIZES, n=N_EXAMPLES, seed=0):
    """``(net, X, Y)``: a network with random weights and ``n`` examples whose
    targets come from another ("teacher") network of the same shape, so the
    problem can be learned."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-1, 1, (n, sizes[0]))
    Y = bp.MLP(list(sizes), seed=seed + 100, init="xavier").forward(X)
    return bp.MLP(list(sizes), seed=seed + 1, init="xavier"), X, Y


# -- tables ------------------------------------------------------------------------
def check_table(check, threshold=None, title=None):
    """One row per parameter array: shape, worst relative error, backprop/numerical there, verdict."""
    t = B.THRESHOLDS[check.method] if threshold is None else threshold
    rows = []
    for k, err in check.errors.items():
        idx = np.unravel_index(int(np.argmax(check.rel[k])), check.rel[k].shape)
        a, n = float(check.analytic[k][idx]), float(check.numeric[k][idx])
        ratio = a / n if abs(n) > check.floor else None
        rows.append([k, "x".join(map(str, check.rel[k].shape)), err, fmt(ratio, 3),
                     "FAIL" if err > t else "pass"])
    title = title or (f"Gradient check ({check.method}, eps = {check.eps:g}, {check.n_examples} "
                      f"example{'s' if check.n_examples > 1 else ''}, threshold {t:g})")
    return Table(["parameter", "shape", "worst relative error", "backprop / numerical", "verdict"], rows,
                 title=title, digits=3, numeric_columns={2, 3})


class ErrorMaps:
    """One heat map per layer: ``[W | b]`` coloured by log10 of the relative error.

    The colours are on one fixed scale, from green (rounding level, 1e-12)
    to vermillion (errors of order 1); the black bar on the colour bar marks the
    method's threshold, and the bar under each map is vermillion and hatched when one of the
    layer's parameters is above it, plain blue when all are below. ``set_sizes``
    reshapes the maps for another network (up to ``slots`` layers),
    ``show(check)`` fills them in place (``None``: grey, not checked).
    """

    def __init__(self, fig, rect, sizes, blit, slots=None, threshold=1e-5):
        self.fig, self.blit = fig, blit
        left, bottom, width, height = rect
        self.slots = slots or len(sizes) - 1
        # blue (rounding-level errors) through white (1e-5 .. 1e-4) to vermillion (a wrong gradient)
        # bad: the gap before b; under: not checked
        self.cmap = colors.LinearSegmentedColormap.from_list("bplab_err", ERROR_COLORS).with_extremes(
            bad=(1, 1, 1, 0), under="#e8e8e8")
        self.norm = colors.Normalize(*LOG_RANGE)
        gap = 0.012
        w = (width - 0.13 - gap * self.slots) / self.slots  # room for the colour bar and its 12 px label
        self.axes, self.images, self.names, self.notes = [], [], [], []
        for s in range(self.slots):
            ax = fig.add_axes([left + s * (w + gap), bottom, w, height * 0.78])
            ax.set_xticks([])
            ax.set_yticks([])
            ax.set_frame_on(False)
            im = ax.imshow(np.full((2, 3), np.nan), cmap=self.cmap, norm=self.norm, interpolation="nearest",
                           aspect="auto")
            name = ax.text(0.5, 1.02, "", transform=ax.transAxes, ha="center", va="bottom",
                           fontsize=theme.font_pt("body"))
            # the layer's verdict: a bar under the map, hatched vermillion (fails) or blue (passes); a bar, not a text,
            # because text is the slowest thing to draw on every change
            note = Rectangle((0.0, -0.09), 1.0, 0.05, transform=ax.transAxes, clip_on=False, lw=0,
                             facecolor="none")
            ax.add_patch(note)
            self.axes.append(ax)
            self.images.append(im)
            self.names.append(name)
            self.notes.append(note)
            blit.add(im, note)
        self.cax = fig.add_axes([left + width - 0.12, bottom + 0.05, 0.014, height * 0.7])
        self.cbar = fig.colorbar(self.images[0], cax=self.cax)
        self.cbar.set_ticks([-12, -9, -6, -3, 0])
        self.cbar.set_label("log10 rel. error", fontsize=theme.font_pt("small"))
        self.cax.tick_params(labelsize=theme.font_pt("small"))
        # the threshold: a black bar across the colour scale (blitted: it moves with the method)
        (self.tline,) = self.cax.plot([0, 1], [0, 0], color="black", lw=2.5, transform=self.cax.get_yaxis_transform(),
                                      clip_on=False)
        blit.add(self.tline)
        self.set_threshold(threshold)
        self.sizes = None
        self.set_sizes(sizes)

    def set_threshold(self, threshold):
        """Move the threshold mark on the colour bar (the colours themselves never change scale)."""
        self.threshold = threshold
        self.tline.set_ydata([np.log10(threshold)] * 2)

    def set_sizes(self, sizes):
        sizes = tuple(sizes)
        if sizes == self.sizes:
            return
        if len(sizes) - 1 > self.slots:
            raise ValueError(f"these maps hold {self.slots} layers, got a network {list(sizes)}.")
        self.sizes = sizes
        for s, (ax, im, name, note) in enumerate(zip(self.axes, self.images, self.names, self.notes)):
            # a slot the network does not use stays drawn, empty (an invisible axes would stay stale)
            on = s < len(sizes) - 1
            rows, cols = (sizes[s + 1], sizes[s] + 2) if on else (1, 1)
            im.set_data(np.full((rows, cols), np.nan))
            im.set_extent((-0.5, cols - 0.5, rows - 0.5, -0.5))
            ax.set_xlim(-0.5, cols - 0.5)
            ax.set_ylim(rows - 0.5, -0.5)
            name.set_text(f"W{s} | b{s}" if on else "")
            note.set_facecolor("none")
            note.set_hatch(None)
        self.blit.invalidate()

    def show(self, check=None):
        """Fill the maps from a :class:`~backprop_core.bugs.LayerCheck` (``None``: blank, 'not checked')."""
        for s in range(len(self.sizes) - 1):
            rows, cols = self.sizes[s + 1], self.sizes[s] + 2
            data = np.full((rows, cols), np.nan)
            if check is None:
                data[:, :cols - 2] = data[:, -1] = LOG_RANGE[0] - 1   # drawn light grey
                self.notes[s].set_facecolor("none")
                self.notes[s].set_hatch(None)
            else:
                lo, hi = LOG_RANGE
                with np.errstate(divide="ignore"):
                    data[:, :cols - 2] = np.clip(np.log10(check.rel[f"W{s}"]), lo, hi)
                    if f"b{s}" in check.rel:
                        data[:, -1] = np.clip(np.log10(check.rel[f"b{s}"]), lo, hi)
                worst = max(check.errors[f"W{s}"], check.errors.get(f"b{s}", 0.0))
                bad = worst > self.threshold
                self.notes[s].set_facecolor(FAIL_COLOR if bad else PASS_COLOR)
                self.notes[s].set_hatch(FAIL_HATCH if bad else None)
                self.notes[s].set_hatchcolor("white")
            self.images[s].set_data(data)

    def verdicts(self):
        """Per layer, ``'fail'`` or ``'pass'`` as the bar under its map shows, or None (not checked)."""
        names = {colors.to_hex(FAIL_COLOR): "fail", colors.to_hex(PASS_COLOR): "pass"}
        return [names.get(colors.to_hex(self.notes[s].get_facecolor(), keep_alpha=False))
                if self.notes[s].get_facecolor()[3] > 0 else None for s in range(len(self.sizes) - 1)]

    def values(self):
        """Per layer, the largest relative error the map shows (read back from the images), or None."""
        out = []
        for s in range(len(self.sizes) - 1):
            d = np.asarray(self.images[s].get_array(), float)
            out.append(None if np.nanmax(d) < LOG_RANGE[0] else float(10 ** np.nanmax(d)))
        return out


# -- the network, connection by connection ---------------------------------------------
#: A failing connection's dash (SVG dash array): failing is never told by colour alone.
FAIL_DASH = "6 3"
#: Line width (px) at the smallest and the largest relative error of :data:`LOG_RANGE`.
ERROR_WIDTHS = (1.5, 6.0)


def error_style(rel, threshold, cmap=None):
    """How a connection with relative error ``rel`` is drawn: ``{'colour', 'dash', 'width', 'note'}``.

    The colour and the width follow log10 of the error on the heat maps' scale (:data:`LOG_RANGE`,
    :data:`ERROR_COLORS`); above ``threshold`` the line is dashed and the note says FAIL.

    >>> error_style(0.5, 1e-5)["dash"], error_style(1e-9, 1e-5)["dash"]
    ('6 3', 'none')
    """
    lo, hi = LOG_RANGE
    with np.errstate(divide="ignore"):
        t = (min(max(float(np.log10(rel)), lo), hi) - lo) / (hi - lo) if rel > 0 else 0.0
    cmap = cmap or colors.LinearSegmentedColormap.from_list("bplab_err", ERROR_COLORS)
    fails = rel > threshold
    return {"colour": colors.to_hex(cmap(t)), "dash": FAIL_DASH if fails else "none",
            "width": round(ERROR_WIDTHS[0] + t * (ERROR_WIDTHS[1] - ERROR_WIDTHS[0]), 2),
            "note": f"relative error {rel:.2g}: {'FAIL' if fails else 'pass'}"}


class ErrorDiagram:
    """The checked network, drawn by the browser: one connection per weight and bias, each showing the
    gradient check's relative error for that parameter (colour and width; dashed when it fails).

    ``view`` is the :class:`~backprop_lab.views.NetworkView` (bias nodes included), ``picked`` an HTML
    line under it: a click (or Enter) on a connection selects that parameter and :meth:`pick_text`
    says its backprop and numerical gradients. :meth:`show` sends a check's numbers;
    :meth:`summary` says how many connections fail (also the view's title).
    """

    #: px between two units of a layer (the network of 4-4-4-2 and its bias nodes: 305 px high)
    UNIT_HEIGHT = 48

    def __init__(self, sizes, width="420px"):
        self.view = NetworkView(list(sizes), bias=True, unit_height=self.UNIT_HEIGHT,
                                layout=W.Layout(width=width, max_width="100%"))
        self.picked = W.HTML(layout=W.Layout(max_width="100%"))
        self.widget = W.VBox([self.view, self.picked], layout=W.Layout(max_width="100%"))
        self.cmap = colors.LinearSegmentedColormap.from_list("bplab_err", ERROR_COLORS)
        self.check, self.threshold = None, None
        self.view.observe(lambda _change: self._say_pick(), names="selected")
        self._say_pick()

    @staticmethod
    def parameter(name):
        """``('W1', (2, 0))`` for the connection ``'W1[2,0]'``, ``('b0', (3,))`` for ``'b0[3]'``."""
        array, rest = name.split("[")
        return array, tuple(int(i) for i in rest.rstrip("]").split(","))

    def show(self, check, net, threshold):
        """Draw ``check`` (a :class:`~backprop_core.bugs.LayerCheck`) on ``net``'s weights and biases (the
        network that was checked), failing above ``threshold``."""
        self.check, self.threshold = check, threshold
        v = self.view
        weights, styles = {}, {}
        for name in v.names:
            array, idx = self.parameter(name)
            l = int(array[1:])
            weights[name] = float((net.weights if array[0] == "W" else net.biases)[l][idx])
            rel = check.rel.get(array)
            styles[name] = ({"note": "not checked"} if rel is None else
                            error_style(float(rel[idx]), threshold, self.cmap))
        with v.hold_sync():
            v.max_weight = max(max(abs(w) for w in weights.values()), 1e-9)
            v.set_weights(weights)
            v.set_edge_styles(styles)
            v.title = self.summary()
        self._say_pick()

    def failing(self):
        """The connections above the threshold, in drawing order."""
        return [n for n, st in zip((e[2] for e in self.view.edges), self.view.edge_styles)
                if st.get("dash") == FAIL_DASH]

    def summary(self):
        """How many connections fail, in one line (the view's title; nbval checks it)."""
        if self.check is None:
            return "Not checked yet."
        n, bad = len(self.view.names), len(self.failing())
        if not bad:
            return f"Every one of the {n} connections passes the check (threshold {self.threshold:g})."
        return f"{bad} of {n} connections fail the check (dashed; threshold {self.threshold:g})."

    def pick_text(self):
        """The selected connection's backprop and numerical gradients and their relative error."""
        name = self.view.selected
        if not name:
            return "Click a connection to see its backprop and numerical gradients."
        if self.check is None:
            return f"{name}: not checked yet."
        array, idx = self.parameter(name)
        if array not in self.check.rel:
            return f"{name}: not checked."
        a, n, r = (float(self.check.analytic[array][idx]), float(self.check.numeric[array][idx]),
                   float(self.check.rel[array][idx]))
        verdict = "FAIL" if r > self.threshold else "pass"
        return (f"{name}: backprop {fmt(a, 4)}, numerical {fmt(n, 4)}, relative error {r:.2g}: {verdict} "
                f"(threshold {self.threshold:g}).")

    def _say_pick(self):
        self.picked.value = f'<div class="bplab-picked" style="font-size:12px">{html.escape(self.pick_text())}</div>'


# -- bugs on purpose -------------------------------------------------------------------
