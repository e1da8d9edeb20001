"""Heat maps drawn by the browser (anywidget): a decision map, one small map per neuron, the points.

The kernel sends numbers, never pixels: the main map is a ``cells x cells``
grid of float32 values, every neuron's map a ``unit_cells x unit_cells``
grid (all neurons' grids in ONE bytes trait), the points as float32 rows
``(x1, x2, value, kind)``. The page (``heatmap_view.js``, no build step)
turns values into colours with :data:`PALETTE` and paints ``<canvas>``
elements with ``putImageData``, at most once per animation frame however
many changes arrive (``requestAnimationFrame``-coalesced). A new frame of
training costs the kernel one ``tobytes()`` per map and one message.

How a value looks (never colour alone)::

    map:    value lo .. middle .. hi  ->  orange .. pale grey .. blue
            (``discretize``: below the middle orange, else blue)
    points: value >= middle -> blue disc; below -> orange square
            training points have a white edge, test points a black one
            (hidden when ``show_test`` is off), points you added are bigger

Several classes (``classes = k > 2``, :meth:`HeatmapView.set_classes`): the
main map holds each cell's most likely class (0..k-1) and ``confidence`` its
probability; the page paints class ``c`` in ``class_palette[c]`` (Okabe-Ito:
orange, blue, bluish green, vermillion, safe for colour-blind eyes), pale where
the probability is ``1/k`` and full at 1. A point's value is its class and its
shape says it too (disc, square, triangle, diamond), and a legend names them.

Row 0 of every grid is the BOTTOM of the plane (``x2 = -domain``), as
``np.meshgrid`` and :meth:`PlaygroundModel.surfaces` make it; the page flips it.
A click on the main map sets :attr:`HeatmapView.click` to ``[x1, x2, n]``
(plane coordinates, ``n`` counts clicks so the same place twice is two changes).

Frames reported back: the kernel numbers each frame (``frame``, sent with the
grids) and, with ``ack_every = k > 0``, the page reports a frame it painted
(a custom message ``{"painted": n}``) once ``k`` frames have passed since its
last report; :meth:`HeatmapView.on_painted` callbacks receive ``n`` (the
playground's :class:`~backprop_lab.frame_loop.FrameLoop` keeps Play's frames
in step with the page so).

>>> import numpy as np
>>> v = HeatmapView(domain=6.0)
>>> v.set_map(np.array([[-1.0, 0.5], [0.25, 1.0]]))
>>> v.summary()
'HeatmapView output 2x2 in [-1, 1]: 75% of the map above 0 (blue), 0 neuron maps, 0 points'
>>> len(v.values)                 # 4 float32 values
16

Left out: any number a model computes (the caller sends values already
scaled to ``vrange``), the axes and the network's connections (the
playground's matplotlib diagram draws those).
"""
from __future__ import annotations

from pathlib import Path

import anywidget
import numpy as np
import traitlets as T

__all__ = ["HeatmapView", "PALETTE", "CLASS_PALETTE", "CLASS_SHAPES", "ESM", "KIND_TRAIN", "KIND_TEST", "KIND_ADDED"]

#: The ES module that paints the maps (loaded by anywidget as ``_esm``).
ESM = Path(__file__).with_name("heatmap_view.js")

#: The diverging colour map, value low -> high: the web playground's orange, a pale grey, its blue
#: (the course's playground palette, ``playground.views.CMAP``; blue and orange stay apart for
#: every common colour-vision deficiency, and the point shapes differ too).
PALETTE = ("#f59322", "#e8eaeb", "#0877bd")

#: One colour per class when there are more than two (Okabe-Ito: orange, blue, bluish green, vermillion).
CLASS_PALETTE = ("#E69F00", "#0072B2", "#009E73", "#D55E00")
#: ... and one marker shape per class (never colour alone), as the legend names them.
CLASS_SHAPES = ("disc", "square", "triangle", "diamond")

#: The ``kind`` column of :meth:`HeatmapView.set_points`.
KIND_TRAIN, KIND_TEST, KIND_ADDED = 0, 1, 2

_CSS = """
.bplab-heat { display: flex; flex-flow: row wrap; align-items: flex-start; gap: 10px; font-family: sans-serif;
  font-size: 12px; color: #333; max-width: 100%; }
.bplab-heat-units { display: flex; flex-flow: row nowrap; gap: 6px; align-items: center; }
.bplab-heat-layer { display: flex; flex-flow: column nowrap; gap: 3px; align-items: center; }
.bplab-heat-unit { display: flex; flex-flow: row nowrap; align-items: center; gap: 2px; }
.bplab-heat canvas { image-rendering: auto; display: block; }
.bplab-heat-unit canvas { border: 1px solid #5a5a5a; }
.bplab-heat-main { position: relative; }
.bplab-heat-main canvas { position: absolute; left: 0; top: 0; }
.bplab-heat-title { text-align: center; font-size: 12px; }
.bplab-heat-legend { display: flex; flex-flow: row wrap; gap: 8px; margin-top: 4px; }
.bplab-heat-legend span { display: inline-flex; align-items: center; gap: 3px; }
"""


def _grid(values, what):
    """``values`` as a finite, square, 2-D float32 array, or a ValueError that names it."""
    a = np.asarray(values, dtype=float)
    if a.ndim != 2 or a.shape[0] != a.shape[1] or a.shape[0] < 1:
        raise ValueError(f"{what} must be a square 2-D grid of numbers, got shape {a.shape}.")
    if not np.all(np.isfinite(a)):
        raise ValueError(f"{what} must hold finite numbers, got {int((~np.isfinite(a)).sum())} non-finite value(s).")
    return a.astype(np.float32)


class HeatmapView(anywidget.AnyWidget):
    """A decision map with its points, and a small map for every neuron, painted in the browser.

    Parameters
    ----------
    domain : float
        The plane drawn is ``[-domain, domain]^2`` (points outside are not drawn).
    vrange : (float, float)
        Values ``lo, hi``: ``lo`` is full orange, ``hi`` full blue, the middle pale.
    size, unit_size : int
        CSS pixels of the main map's side and of a neuron map's side.
    title : str
        The line above the main map.
    """

    # The module's text, not its Path: anywidget connects every instance to a Path's change signal
    # (a closure over ``self`` kept by the class), so no view given as a Path is ever freed.
    _esm = ESM.read_text(encoding="utf-8")
    _css = _CSS

    cells = T.Int(0).tag(sync=True)
    values = T.Bytes(b"").tag(sync=True)  # float32, cells * cells, row 0 at x2 = -domain
    vrange = T.List(T.Float(), default_value=[-1.0, 1.0], minlen=2, maxlen=2).tag(sync=True)
    unit_cells = T.Int(0).tag(sync=True)
    units = T.Bytes(b"").tag(sync=True)  # float32, n_units * unit_cells^2, the neurons one after another
    layers = T.List(T.Int()).tag(sync=True)  # neurons per column (layer), their sum = n_units
    unit_labels = T.List(T.Unicode()).tag(sync=True)
    points = T.Bytes(b"").tag(sync=True)  # float32 rows (x1, x2, value, kind)
    show_test = T.Bool(True).tag(sync=True)
    discretize = T.Bool(False).tag(sync=True)
    domain = T.Float(6.0).tag(sync=True)
    size = T.Int(260).tag(sync=True)
    unit_size = T.Int(34).tag(sync=True)
    palette = T.List(T.Unicode(), default_value=list(PALETTE)).tag(sync=True)
    title = T.Unicode("output").tag(sync=True)
    click = T.List(T.Float()).tag(sync=True)  # [x1, x2, n], set by the page
    classes = T.Int(0).tag(sync=True)  # 0: the diverging two-class map; k > 2: values are class numbers
    confidence = T.Bytes(b"").tag(sync=True)  # float32, cells * cells: the probability of each cell's class
    class_palette = T.List(T.Unicode(), default_value=list(CLASS_PALETTE)).tag(sync=True)
    frame = T.Int(0).tag(sync=True)  # the number of the frame the grids belong to (set by the kernel)
    ack_every = T.Int(0).tag(sync=True)  # k > 0: the page reports a painted frame every k frames

    def __init__(self, domain=6.0, vrange=(-1.0, 1.0), size=260, unit_size=34, title="output", **kwargs):
        lo, hi = (float(v) for v in vrange)
        if not (np.isfinite(lo) and np.isfinite(hi) and lo < hi):
            raise ValueError(f"vrange must be two finite numbers lo < hi, got {tuple(vrange)!r}.")
        if not (np.isfinite(domain) and domain > 0):
            raise ValueError(f"domain must be a positive number, got {domain!r}.")
        super().__init__(domain=float(domain), vrange=[lo, hi], size=int(size), unit_size=int(unit_size),
                         title=title, **kwargs)
        self.painted = 0  # the last frame the page reported painted
        self._painted_callbacks = []
        self.on_msg(self._on_page_message)

    def on_painted(self, callback):
        """Call ``callback(n)`` whenever the page reports it painted frame ``n``."""
        self._painted_callbacks.append(callback)

    def _on_page_message(self, widget, content, buffers):
        n = content.get("painted") if isinstance(content, dict) else None
        if isinstance(n, int) and not isinstance(n, bool) and n >= 0:  # anything else is not ours: ignored
            self.painted = n
            for callback in list(self._painted_callbacks):
                callback(n)

    def __repr__(self):
        return f"HeatmapView({self.cells}x{self.cells}, {self.n_units} neuron maps, {self.n_points} points)"

    # -- what the kernel sends ------------------------------------------------------------------
    def set_map(self, values):
        """The main map: a square grid, row 0 at the bottom of the plane. Sends only its bytes."""
        a = _grid(values, "the map")
        self.cells = a.shape[0]
        self.values = a.tobytes()

    def set_classes(self, probabilities):
        """The main map of ``k > 2`` classes from ``probabilities`` ``(k, cells, cells)`` (each cell's class
        probabilities, row 0 at the bottom): sends each cell's most likely class and its probability."""
        p = np.asarray(probabilities, dtype=float)
        if p.ndim != 3 or not 3 <= p.shape[0] <= len(CLASS_PALETTE):
            raise ValueError(f"probabilities must have shape (k, cells, cells) with k from 3 to "
                             f"{len(CLASS_PALETTE)}, got shape {p.shape}.")
        best = p.argmax(axis=0)
        with self.hold_sync():
            self.set_map(best)
            self.confidence = _grid(p.max(axis=0), "the confidence").tobytes()
            if self.classes != p.shape[0]:
                self.classes = p.shape[0]

    def set_two_classes(self, values):
        """The main map of two classes (or a regression): :meth:`set_map`, and the diverging colours back."""
        with self.hold_sync():
            self.set_map(values)
            if self.classes:
                self.classes = 0
                self.confidence = b""

    def set_units(self, maps, layers=None, labels=None):
        """One square grid per neuron, all the same size (``maps``: a list, or an array ``(n, c, c)``).

        ``layers`` says how many neurons each column shows (default: one column
        of all); ``labels`` names them (default none). Unchanged ``layers`` and
        ``labels`` are not sent again, so a frame of Play sends the grids only.
        """
        grids = [_grid(m, f"neuron map {k}") for k, m in enumerate(maps)]
        if len({g.shape for g in grids}) > 1:
            raise ValueError(f"every neuron map must have the same size, got {sorted({g.shape for g in grids})}.")
        layers = [len(grids)] if layers is None else [int(n) for n in layers]
        if sum(layers) != len(grids) or min(layers, default=1) < 0:
            raise ValueError(f"layers {layers} must add up to the {len(grids)} neuron maps.")
        labels = [""] * len(grids) if labels is None else [str(t) for t in labels]
        if len(labels) != len(grids):
            raise ValueError(f"{len(labels)} labels for {len(grids)} neuron maps.")
        with self.hold_sync():
            self.unit_cells = grids[0].shape[0] if grids else 0
            if self.layers != layers:
                self.layers = layers
            if self.unit_labels != labels:
                self.unit_labels = labels
            self.units = np.concatenate([g.ravel() for g in grids]).tobytes() if grids else b""

    def set_points(self, xy, values, kinds):
        """The points: ``xy`` of shape ``(n, 2)``, their ``values`` (classes scaled to ``vrange``) and
        ``kinds`` (:data:`KIND_TRAIN`, :data:`KIND_TEST`, :data:`KIND_ADDED`)."""
        xy = np.asarray(xy, dtype=float).reshape(-1, 2)
        values = np.asarray(values, dtype=float).ravel()
        kinds = np.asarray(kinds).ravel()
        if not len(xy) == len(values) == len(kinds):
            raise ValueError(f"xy, values and kinds must have one row per point, got {len(xy)}, {len(values)} "
                             f"and {len(kinds)}.")
        if not np.all(np.isin(kinds, (KIND_TRAIN, KIND_TEST, KIND_ADDED))):
            raise ValueError(f"kinds must be 0 (train), 1 (test) or 2 (added), got {sorted(set(kinds.tolist()))}.")
        rows = np.column_stack([xy, values, kinds.astype(float)]).astype(np.float32)
        self.points = rows.tobytes()

    # -- what it shows, read back from the bytes (tests, plot_values, summary) ---------------------
    @property
    def main(self):
        """The main map as sent: ``(cells, cells)`` float32, row 0 at the bottom of the plane."""
        return np.frombuffer(self.values, np.float32).reshape(self.cells, self.cells)

    @property
    def n_units(self):
        c = self.unit_cells
        return len(self.units) // (4 * c * c) if c else 0

    def unit_maps(self):
        """The neuron maps as sent: ``(n_units, unit_cells, unit_cells)`` float32."""
        c = self.unit_cells
        return np.frombuffer(self.units, np.float32).reshape(self.n_units, c, c)

    def point_rows(self):
        """The points as sent: ``(n, 4)`` float32 rows ``(x1, x2, value, kind)``."""
        return np.frombuffer(self.points, np.float32).reshape(-1, 4)

    @property
    def n_points(self):
        return len(self.points) // 16

    def shown_map(self):
        """The main map as the page colours it (``discretize``: every value at ``lo`` or ``hi``)."""
        lo, hi = self.vrange
        m = self.main
        return np.where(m >= (lo + hi) / 2, hi, lo).astype(np.float32) if self.discretize else m

    def counts(self):
        """How many points of each kind the page draws (test points only while ``show_test``)."""
        kinds = self.point_rows()[:, 3]
        return {"train": int((kinds == KIND_TRAIN).sum()), "added": int((kinds == KIND_ADDED).sum()),
                "test": int((kinds == KIND_TEST).sum()) if self.show_test else 0}

    def share_above(self):
        """The share of the shown map at or above the middle of ``vrange`` (the blue side)."""
        if self.classes:
            return float((self.main >= 1).mean()) if self.cells else 0.0  # every class but class 0
        lo, hi = self.vrange
        return float((self.shown_map() >= (lo + hi) / 2).mean()) if self.cells else 0.0

    def class_shares(self):
        """The share of the map each class covers (``classes > 2``), class 0 first; [] for two classes."""
        if not self.classes or not self.cells:
            return []
        return [float(v) for v in np.bincount(self.main.astype(int).ravel(), minlength=self.classes)
                / self.main.size]

    def summary(self):
        """One line saying what the view shows (nbval compares it where a notebook prints it)."""
        lo, hi = self.vrange
        mid = (lo + hi) / 2
        n = self.counts()
        pts = sum(n.values())
        if n["test"] or n["added"]:
            pts = f"{pts} points ({n['train'] + n['added']} train, {n['test']} test)"
        else:
            pts = f"{pts} points"
        unit = f", {self.n_units} neuron maps of {self.unit_cells}x{self.unit_cells}" if self.n_units else \
            ", 0 neuron maps"
        if self.classes:
            shares = ", ".join(f"{100 * v:.0f}%" for v in self.class_shares())
            return (f"HeatmapView {self.title} {self.cells}x{self.cells}, {self.classes} classes covering "
                    f"{shares} of the map{unit}, {pts}")
        return (f"HeatmapView {self.title} {self.cells}x{self.cells} in [{lo:g}, {hi:g}]"
                f"{' (discretized)' if self.discretize else ''}: {100 * self.share_above():.0f}% of the map "
                f"above {mid:g} (blue){unit}, {pts}")

    def click_at(self, x1, x2):
        """What a click on the main map at plane point ``(x1, x2)`` does in the page."""
        n = self.click[2] + 1 if len(self.click) == 3 else 1
        self.click = [float(x1), float(x2), float(n)]
