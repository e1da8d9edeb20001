"""Network diagrams drawn from layer sizes, updated in place.

:class:`NetworkDiagram` draws any small fully connected network (up to
:data:`MAX_LAYERS` layers of up to :data:`MAX_UNITS` units): one circle per
unit, one line per weight. Every number shown changes *in place*:

* :meth:`~NetworkDiagram.set_weights` sets each line's width (``|w|``) and
  colour (blue for ``w > 0``, orange for ``w < 0``);
* :meth:`~NetworkDiagram.set_edge_labels` / :meth:`~NetworkDiagram.set_node_labels`
  write text next to a weight or inside a unit;
* :meth:`~NetworkDiagram.highlight` lights up a path (with notes on its
  weights), :meth:`~NetworkDiagram.select` marks the selected weight;
* :meth:`~NetworkDiagram.connect_pick` makes a click on a weight select it,
  and :meth:`~NetworkDiagram.edge_pixel` says where to click (browser tests).

Two networks of the lectures are uses of it: :meth:`NetworkDiagram.lecture_001`
(the 2-2-2 network with ``i1, i2, h1, h2, o1, o2``, ``w1..w8`` and the shared
biases ``b1, b2``) and :class:`ChainDiagram` (lecture 000's chain, with the same
API and text as the chain diagram it replaced).

Names of a general network follow :class:`backprop_core.MLP`, which counts
layers from 0 like the code (the lectures' ``W^1`` is ``weights[0]``)::

    sizes = [2, 3, 1]       # activations[0] has 2 units, ...
    'a1[2]'                 # node: unit 2 of activations[1]
    'W0[2,1]'               # edge: mlp.weights[0][2, 1], from a0[1] to a1[2]
    'b0[2]'                 # edge: mlp.biases[0][2], from bias node 'b0' to a1[2]

Left out: the maths (every number shown is computed by :mod:`backprop_core`
and handed in), networks that are not layered (use
:mod:`backprop_core.graph`), arrowheads on general networks (data flows
left to right; only the chain draws them), placing long labels on dense
networks (labels there are made only for the weights given text), and anything
interactive beyond matplotlib's own pick events (that is
:mod:`backprop_lab.widgets`).
"""
from __future__ import annotations

import numpy as np
from matplotlib.collections import LineCollection

from .diagram_layout import (MAX_LAYERS, MAX_UNITS, Layout, chain_layout, check_sizes, lecture_001_layout,  # noqa: F401
                             mlp_layout, mlp_weights)
from . import theme
from .plotting import COLORS

__all__ = ["MAX_LAYERS", "MAX_UNITS", "EDGE_COLORS", "Layout", "check_sizes", "mlp_layout", "lecture_001_layout",
           "chain_layout", "mlp_weights", "NetworkDiagram", "ChainDiagram"]

#: Edge colours: by the sign of the weight; ``unset`` before any value, ``nan`` for a non-finite one.
EDGE_COLORS = {"positive": "#1f77b4", "negative": "#e6550d", "zero": "#9a9a9a", "unset": "#b8b8b8",
               "nan": "#c62828"}
HIGHLIGHT = "#ffd23f"        # the halo under a highlighted path
HIGHLIGHT_LABEL = "#fff1b8"  # a highlighted edge's label box
SELECTED = "#111111"         # outline of the selected weight
NODE_FACE = {"input": "#eef3fb", "hidden": "#eef3fb", "output": "#eef3fb", "bias": "#f4f4f4"}
NODE_EDGE = {"input": "#1f4e79", "hidden": "#1f4e79", "output": "#1f4e79", "bias": COLORS["muted"]}
LABEL_BOX = dict(boxstyle="round,pad=0.18", fc="white", ec="none", lw=1.0, alpha=0.9)


def _point_segment_distance(p, a, b):
    """Distances from points ``p`` (n, 2) to segments ``a -> b`` (m, 2): shape (n, m)."""
    ab = b - a
    denom = np.maximum((ab ** 2).sum(axis=1), 1e-12)
    t = ((p[:, None, :] - a[None]) * ab[None]).sum(axis=2) / denom
    t = np.clip(t, 0.0, 1.0)
    closest = a[None] + t[..., None] * ab[None]
    return np.hypot(*(p[:, None, :] - closest).transpose(2, 0, 1))


def _point_box_distance(p, box):
    """Distances from points ``p`` (n, 2) to the rectangle ``(x0, y0, x1, y1)`` (0 inside)."""
    dx = np.maximum(np.maximum(box[0] - p[:, 0], p[:, 0] - box[2]), 0.0)
    dy = np.maximum(np.maximum(box[1] - p[:, 1], p[:, 1] - box[3]), 0.0)
    return np.hypot(dx, dy)


class NetworkDiagram:
    """A layered network: circles for units, lines for weights, live numbers.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        The axes to draw on (its frame and ticks are turned off).
    sizes : list of int
        Units per layer, input first: 2 to :data:`MAX_LAYERS` layers of 1 to
        :data:`MAX_UNITS` units. Names follow :func:`mlp_layout` (layers
        counted from 0, like ``MLP.weights[l]``).
    bias : bool
        Draw bias nodes and their edges ``b{l}[j]``.
    labels : bool or None
        Make an edge label for every weight now (True) or only when a
        weight first gets text (False). None: True up to 24 weights.
    blit : BlitManager, optional
        Register every artist that changes (see below) with it.
    max_weight : float
        ``|w|`` at which an edge reaches its full width.
    max_linewidth : float, optional
        Full width in points (default: 5, thinner for dense networks).
    pickradius : float
        How near (points) a click must be to pick an edge.

    Attributes
    ----------
    edges : dict
        ``{weight: [Line2D, ...]}`` (one line per segment), pickable, gid = name.
    edge_labels, node_labels : dict
        ``{name: Text}``, updated in place.
    nodes : dict
        ``{node: Line2D}`` (a circle marker each).
    weights : dict
        The last values given to :meth:`set_weights`.

    Notes
    -----
    With ``blit``, the highlight and selection lines, the edges, the nodes
    and all texts are animated and drawn in that order (nodes must cover the
    edge ends, and animated artists are drawn after the static ones); only the
    captions stay in the background.

    Examples
    --------
    >>> from backprop_lab.plotting import new_figure
    >>> fig = new_figure((5, 3)); ax = fig.add_axes([0, 0, 1, 1])
    >>> d = NetworkDiagram(ax, [2, 3, 1])
    >>> d.set_weights({"W0[2,1]": -0.8})
    >>> d.edges["W0[2,1]"][0].get_color()
    '#e6550d'
    """

    def __init__(self, ax, sizes, *, bias=False, labels=None, blit=None, max_weight=1.0, max_linewidth=None,
                 pickradius=5.0):
        layout = mlp_layout(sizes, bias=bias)
        n_edges = len(layout.edges)
        if max_linewidth is None:
            max_linewidth = 5.0 if n_edges <= 24 else 3.0 if n_edges <= 80 else 2.0
        self._build(ax, layout, labels=n_edges <= 24 if labels is None else labels, blit=blit,
                    max_weight=max_weight, max_linewidth=max_linewidth, pickradius=pickradius)
        self.sizes = check_sizes(sizes)

    @classmethod
    def from_layout(cls, ax, layout, *, labels=True, blit=None, max_weight=1.0, max_linewidth=5.0,
                    pickradius=5.0):
        """A diagram of any :class:`Layout` (same keywords as the constructor)."""
        self = cls.__new__(cls)
        self.sizes = None
        self._build(ax, layout, labels=labels, blit=blit, max_weight=max_weight, max_linewidth=max_linewidth,
                    pickradius=pickradius)
        return self

    @classmethod
    def lecture_001(cls, ax, *, labels=True, blit=None, max_weight=1.0, max_linewidth=5.0, pickradius=5.0):
        """Lecture 001's 2-2-2 network (:func:`lecture_001_layout`): weights
        ``w1..w8, b1, b2``, nodes ``i1, i2, h1, h2, o1, o2, b1, b2``.

        Reads well at about 5.5 x 3.2 inches (90 dpi) with two-line labels
        like ``"w5 = 0.40\\n∂E/∂w = 0.082"``.
        """
        self = cls.from_layout(ax, lecture_001_layout(), labels=labels, blit=blit, max_weight=max_weight,
                               max_linewidth=max_linewidth, pickradius=pickradius)
        self.sizes = [2, 2, 2]
        return self

    # -- construction ----------------------------------------------------
    def _build(self, ax, layout, *, labels, blit, max_weight, max_linewidth, pickradius):
        if not (isinstance(max_weight, (int, float, np.floating)) and np.isfinite(max_weight) and max_weight > 0):
            raise ValueError(f"max_weight must be a number > 0, got {max_weight!r}.")
        if not (isinstance(max_linewidth, (int, float, np.floating)) and 0.5 < max_linewidth <= 20):
            raise ValueError(f"max_linewidth must be a number of points from 0.5 to 20, got {max_linewidth!r}.")
        if not (isinstance(pickradius, (int, float, np.floating)) and 0 < pickradius <= 20):
            raise ValueError(f"pickradius must be a number of points from 0 to 20, got {pickradius!r}.")
        self.ax, self.layout, self.blit = ax, layout, blit
        self.max_weight, self.max_linewidth = float(max_weight), float(max_linewidth)
        self.pickradius = float(pickradius)
        self.min_linewidth = 0.7
        ax.set_xlim(*layout.xlim)
        ax.set_ylim(*layout.ylim)
        ax.axis("off")
        # sizes from the axes: circles about half the distance between neighbours, capped
        self.node_size = layout.node_size or self._auto_node_size()
        # never under the type scale's smallest size (12 px): a layout may ask for more, not less
        self.label_fontsize = max(layout.label_fontsize or 0.0, theme.font_pt("small"))
        self._names = layout.names
        self._segments = {n: [] for n in self._names}  # name -> [(source, target)]
        for name, a, b in layout.edges:
            self._segments[name].append((a, b))
        self._draw_edges()
        self._draw_nodes()
        for x, y, text in layout.captions:
            ax.text(x, y, text, ha="center", va="center", fontsize=self.label_fontsize, color=COLORS["muted"])
        self._label_at = dict(layout.label_at)
        self._place_labels()
        self.edge_labels = {}
        self._label_text = {}   # what set_edge_labels asked for
        self._notes = {}        # highlight notes, shown instead while highlighted
        self.weights = {}
        self.highlighted = ()
        self.selected = None
        self._pick_cids = []
        self._last_mouseevent = None
        if blit is not None:  # in drawing order: nodes over edge ends, texts on top
            heads = [h for hs in self.arrows.values() for h in hs]
            blit.add(self.halo, self.outline, *self.edge_lines, *heads, *self.nodes.values(),
                     *self.node_names.values(), *self.node_labels.values())
        if labels:
            for name in self._names:
                self._edge_label(name)

    def _draw_edges(self):
        """One line per segment (pickable, gid = weight), under them the highlight and selection."""
        ax, layout = self.ax, self.layout
        # one collection each for highlight and selection; their segments are set later
        self.halo = LineCollection([], colors=HIGHLIGHT, linewidths=self.max_linewidth + 7, alpha=0.85,
                                   capstyle="round", zorder=1)
        self.outline = LineCollection([], colors=SELECTED, linewidths=1, capstyle="butt", zorder=1.5)
        ax.add_collection(self.halo, autolim=False)
        ax.add_collection(self.outline, autolim=False)
        self.edges = {n: [] for n in self._names}
        for name, a, b in layout.edges:
            (xa, ya, _), (xb, yb, _) = layout.nodes[a], layout.nodes[b]
            (line,) = ax.plot([xa, xb], [ya, yb], "-", color=EDGE_COLORS["unset"], lw=self.min_linewidth,
                              solid_capstyle="butt", zorder=2)
            line.set_gid(name)
            line.set_picker(True)
            line.set_pickradius(self.pickradius)
            self.edges[name].append(line)
        self.arrows = {n: [] for n in self._names}
        if layout.arrows:
            self._draw_arrows()

    def _draw_nodes(self):
        """A circle per node, its name inside (if any) and an empty value label under the name."""
        fs = max(self.layout.node_fontsize or 0.0, theme.font_pt("small"))
        self.nodes, self.node_names, self.node_labels = {}, {}, {}
        for node, (x, y, kind) in self.layout.nodes.items():
            (circle,) = self.ax.plot([x], [y], "o", ms=self.node_size, mfc=NODE_FACE[kind], mec=NODE_EDGE[kind],
                                     mew=1.2, zorder=3)
            circle.set_gid(node)
            self.nodes[node] = circle
            name = self.layout.node_text.get(node, "")
            style = dict(textcoords="offset points", ha="center", fontsize=fs, color=COLORS["text"], zorder=4,
                         annotation_clip=False)
            if name:
                self.node_names[node] = self.ax.annotate(name, (x, y), xytext=(0, 0.5), va="bottom", **style)
            # the value goes under the name (centred in the circle when there is no name)
            self.node_labels[node] = self.ax.annotate("", (x, y), xytext=(0, -0.5 if name else 0),
                                                      va="top" if name else "center", **style)

    def _draw_arrows(self):
        """A triangle on each edge where it meets the target's circle (placed for the axes' size now)."""
        t = self.ax.transData
        r = self.node_size * self.ax.figure.dpi / 72 / 2
        for name, a, b in self.layout.edges:
            pa, pb = t.transform(self.layout.nodes[a][:2]), t.transform(self.layout.nodes[b][:2])
            u = (pb - pa) / max(float(np.hypot(*(pb - pa))), 1e-9)
            tip = t.inverted().transform(pb - u * (r + 4))
            angle = np.degrees(np.arctan2(u[1], u[0])) - 90  # the triangle marker points up
            (head,) = self.ax.plot([tip[0]], [tip[1]], marker=(3, 0, angle), ms=7, color=EDGE_COLORS["unset"],
                                   lw=0, zorder=2.5)
            self.arrows[name].append(head)

    def _auto_node_size(self):
        """Circle diameter in points: ~45% of the smallest distance between neighbours, 10 to 30 pt."""
        xy = np.array([(x, y) for x, y, _ in self.layout.nodes.values()])
        pix = self.ax.transData.transform(xy)
        d = np.hypot(*(pix[:, None, :] - pix[None]).transpose(2, 0, 1))
        d[d == 0] = np.inf
        nearest = float(d.min()) if np.isfinite(d.min()) else 60.0
        return float(np.clip(0.45 * nearest * 72 / self.ax.figure.dpi, 10.0, 30.0))

    def _place_labels(self):
        """Give every weight without a place in the layout one where its label
        (estimated: a short number) overlaps no other label and no node."""
        todo = [n for n in self._names if n not in self._label_at]
        if not todo:
            return
        px = self.ax.figure.dpi / 72
        w, h = 5.2 * self.label_fontsize * 0.6 * px / 2 + 2, self.label_fontsize * 1.3 * px / 2 + 1
        r = self.node_size * px / 2
        gap = 5.0
        node_pix = self.ax.transData.transform([(x, y) for x, y, _ in self.layout.nodes.values()])
        along = np.array([0.5, 0.35, 0.65, 0.25, 0.75, 0.42, 0.58, 0.3, 0.7, 0.2, 0.8, 0.46, 0.54, 0.38,
                              0.62, 0.15, 0.85])
        placed = np.empty((0, 2))
        # a bias node's edges all start at one point: label them nearer their targets
        near_target = np.array([0.72, 0.8, 0.64, 0.56, 0.86, 0.48, 0.4])
        for name in todo:
            a, b = self._segments[name][0]
            fractions = near_target if self.layout.nodes[a][2] == "bias" else along
            pa = self.ax.transData.transform(self.layout.nodes[a][:2])
            pb = self.ax.transData.transform(self.layout.nodes[b][:2])
            c = pa + fractions[:, None] * (pb - pa)                       # candidate centres (F, 2)
            # > 0: at least `gap` px of white between this label and every placed one, and clear of circles
            d = np.abs(c[:, None, :] - placed[None])                        # (F, P, 2)
            score = (np.maximum(d[..., 0] - 2 * w, d[..., 1] - 2 * h) - gap).min(axis=1, initial=np.inf)
            d = np.abs(c[:, None, :] - node_pix[None])
            score = np.minimum(score, np.maximum(d[..., 0] - w - r, d[..., 1] - h - r).min(axis=1))
            ok = np.flatnonzero(score >= 0)
            k = int(ok[0]) if len(ok) else int(np.argmax(score))
            placed = np.vstack([placed, c[k]])
            self._label_at[name] = (0, float(fractions[k]), 0, 0, "center", "center")

    def _edge_label(self, name):
        """The label Text of ``name``, made the first time it is needed."""
        text = self.edge_labels.get(name)
        if text is None:
            seg, f, dx, dy, ha, va = self._label_at[name]
            a, b = self._segments[name][seg]
            (xa, ya, _), (xb, yb, _) = self.layout.nodes[a], self.layout.nodes[b]
            box = dict(LABEL_BOX) if self.layout.label_box else None
            text = self.ax.annotate("", (xa + f * (xb - xa), ya + f * (yb - ya)), xytext=(dx, dy),
                                    textcoords="offset points", ha=ha, va=va, fontsize=self.label_fontsize,
                                    color=COLORS["text"], bbox=box, zorder=5, annotation_clip=False)
            text.set_gid(name)
            text.set_picker(True)
            self.edge_labels[name] = text
            self._label_text.setdefault(name, "")
            if self.blit is not None:
                self.blit.add(text)
        return text

    # -- names -------------------------------------------------------------
    @property
    def names(self):
        """The weight names, in drawing order."""
        return list(self._names)

    @property
    def edge_lines(self):
        """Every edge line (a weight with several segments has several)."""
        return [line for lines in self.edges.values() for line in lines]

    def _check_names(self, names, what="weight"):
        known = self.edges if what == "weight" else self.nodes
        unknown = [n for n in names if n not in known]
        if unknown:
            shown = list(known)[:12]
            more = ", ..." if len(known) > 12 else ""
            raise ValueError(f"unknown {what} name(s) {unknown}; this diagram has "
                             f"{', '.join(map(repr, shown))}{more}.")

    # -- updates in place --------------------------------------------------
    def edge_style(self, value):
        """``(colour, linewidth, linestyle)`` of an edge with weight ``value``."""
        v = float(value)
        if not np.isfinite(v):
            return EDGE_COLORS["nan"], self.max_linewidth, ":"
        colour = EDGE_COLORS["positive"] if v > 0 else EDGE_COLORS["negative"] if v < 0 else EDGE_COLORS["zero"]
        width = self.min_linewidth + (self.max_linewidth - self.min_linewidth) * min(abs(v) / self.max_weight, 1.0)
        return colour, width, "-"

    def set_weights(self, values):
        """Width and colour of the named edges from their weights (in place).

        Parameters
        ----------
        values : dict
            ``{weight: value}``; any subset of :attr:`names`. Width grows with
            ``|w|`` up to ``max_weight``; blue for ``w > 0``, orange for
            ``w < 0``, red dotted for a non-finite weight.
        """
        values = dict(values)
        self._check_names(values)
        for name, v in values.items():
            try:
                v = float(v)
            except (TypeError, ValueError):
                raise ValueError(f"weight {name!r} must be a number, got {v!r}.") from None
            colour, width, style = self.edge_style(v)
            for line in self.edges[name]:
                line.set_color(colour)
                line.set_linewidth(width)
                line.set_linestyle(style)
            for head in self.arrows[name]:
                head.set_color(colour)
            self.weights[name] = v
        if self.selected in values:
            self.outline.set_linewidths([self.edges[self.selected][0].get_linewidth() + 2.5])

    def set_edge_labels(self, texts):
        """Write ``{weight: text}`` next to the edges (in place; '' hides a label)."""
        texts = dict(texts)
        self._check_names(texts)
        for name, text in texts.items():
            self._label_text[name] = str(text)
            self._edge_label(name)
            self._show_label(name)

    def set_node_labels(self, texts):
        """Write ``{node: text}`` inside the nodes, under their names (in place)."""
        texts = dict(texts)
        self._check_names(texts, "node")
        for node, text in texts.items():
            self.node_labels[node].set_text(str(text))

    def _show_label(self, name):
        text = self.edge_labels.get(name)
        if text is None:
            return
        note = self._notes.get(name)
        text.set_text(note if note is not None else self._label_text.get(name, ""))
        patch = text.get_bbox_patch()
        if patch is not None:
            patch.set_facecolor(HIGHLIGHT_LABEL if name in self.highlighted else "white")
            patch.set_edgecolor(SELECTED if name == self.selected else "none")
        text.set_fontweight("bold" if name == self.selected else "normal")

    def _segment_xy(self, names):
        segs = []
        for name in names:
            for a, b in self._segments[name]:
                segs.append([self.layout.nodes[a][:2], self.layout.nodes[b][:2]])
        return segs

    def highlight(self, names, notes=None):
        """Light up the edges ``names`` (a path); ``highlight(())`` clears.

        Parameters
        ----------
        names : iterable of str
            Weights to highlight, e.g. ``("w5", "w7")``: the two ways from
            ``h1`` to the error (through ``o1`` and through ``o2``).
        notes : dict, optional
            ``{weight: text}`` shown in that weight's label place while it is
            highlighted (the label comes back when the highlight goes).
        """
        names = (names,) if isinstance(names, str) else tuple(dict.fromkeys(names))
        notes = dict(notes or {})
        self._check_names(names)
        self._check_names(notes)
        old = set(self.highlighted) | set(self._notes)
        self.highlighted = names
        self._notes = {k: str(v) for k, v in notes.items()}
        self.halo.set_segments(self._segment_xy(names))
        for name in self._notes:
            self._edge_label(name)
        for name in old | set(names) | set(self._notes):
            self._show_label(name)

    def select(self, name):
        """Mark the weight ``name`` as selected (``None``: no selection)."""
        if name is not None:
            self._check_names([name])
        old, self.selected = self.selected, name
        self.outline.set_segments(self._segment_xy([name] if name is not None else []))
        if name is not None:
            self.outline.set_linewidths([self.edges[name][0].get_linewidth() + 2.5])
        for n in {old, name} - {None}:
            self._show_label(n)

    # -- picking -----------------------------------------------------------
    def _display_segments(self):
        """``(names, a, b)``: every edge segment in display pixels."""
        names, a, b = [], [], []
        for name in self._names:
            for p, q in self._segments[name]:
                names.append(name)
                a.append(self.layout.nodes[p][:2])
                b.append(self.layout.nodes[q][:2])
        t = self.ax.transData
        return np.array(names), t.transform(np.array(a)), t.transform(np.array(b))

    def _label_boxes(self):
        """``{weight: (x0, y0, x1, y1)}`` of the labels that are showing, in display pixels."""
        boxes = {}
        get_renderer = getattr(self.ax.figure.canvas, "get_renderer", None)
        if get_renderer is None:  # a canvas that cannot measure text: edges only
            return boxes
        renderer = None
        for name, text in self.edge_labels.items():
            if not text.get_visible() or not text.get_text():
                continue
            if renderer is None:
                renderer = get_renderer()
            patch = text.get_bbox_patch()
            if patch is not None:
                text.update_bbox_position_size(renderer)
                # the box's corners: its path's vertices (the rounded corners' control points lie on the
                # square corners), without the curve extrema that patch.get_window_extent solves for
                xy = patch.get_transform().transform(patch.get_path().vertices)
                (x0, y0), (x1, y1) = xy.min(axis=0), xy.max(axis=0)
            else:
                box = text.get_window_extent(renderer)
                x0, y0, x1, y1 = box.x0, box.y0, box.x1, box.y1
            boxes[name] = (float(x0), float(y0), float(x1), float(y1))
        return boxes

    def edge_at(self, event):
        """The weight under a mouse event (anything with display ``x, y``), or None.

        A click on a label picks its weight; otherwise the nearest edge within
        ``pickradius`` points.
        """
        if event is None or event.x is None or event.y is None:
            return None
        p = np.array([[float(event.x), float(event.y)]])
        for name, box in self._label_boxes().items():
            if _point_box_distance(p, box)[0] == 0:
                return name
        names, a, b = self._display_segments()
        d = _point_segment_distance(p, a, b)[0]
        i = int(np.argmin(d))
        return str(names[i]) if d[i] <= self.pickradius * self.ax.figure.dpi / 72 else None

    def connect_pick(self, callback=None, select=True):
        """Call ``callback(name)`` when a weight is clicked (matplotlib ``pick_event``).

        Parameters
        ----------
        callback : callable, optional
            Called with the picked weight's name, once per click.
        select : bool
            Also :meth:`select` the picked weight.

        Returns
        -------
        int
            The connection id (``fig.canvas.mpl_disconnect(cid)`` undoes it).
        """
        mine = set(self.edge_lines)

        def on_pick(event):
            if event.artist not in mine and event.artist not in self.edge_labels.values():
                return
            if event.mouseevent is self._last_mouseevent:  # one click can pick several artists
                return
            self._last_mouseevent = event.mouseevent
            name = self.edge_at(event.mouseevent) or event.artist.get_gid()
            if select:
                self.select(name)
            if callback is not None:
                callback(name)

        cid = self.ax.figure.canvas.mpl_connect("pick_event", on_pick)
        self._pick_cids.append(cid)
        return cid

    def _ratio(self):
        return float(getattr(self.ax.figure.canvas, "device_pixel_ratio", 1) or 1)

    def css_from_display(self, x, y):
        """CSS px from the canvas's top-left of a display point (matplotlib's: px from bottom-left)."""
        r = self._ratio()
        return [float(x) / r, float(self.ax.figure.bbox.height - y) / r]

    def display_from_css(self, x, y):
        """The display point (px from bottom-left) of CSS px ``(x, y)`` from the canvas's top-left."""
        r = self._ratio()
        return float(x) * r, float(self.ax.figure.bbox.height - float(y) * r)

    def edge_pixel(self, name):
        """Where to click to pick ``name``: ``[x, y]`` in CSS px from the canvas's top-left.

        Matplotlib's display coordinates are pixels from the *bottom*-left at
        ``figure.dpi`` (which ipympl multiplies by the browser's device pixel
        ratio); this returns ``x / ratio, (figure height - y) / ratio``, the
        offset of the point inside the ``<canvas>`` element in CSS pixels. The
        point is on an edge of ``name``, outside every circle, and as far as
        possible from the other weights' edges and labels, so a click there
        picks ``name`` and no other weight.
        """
        self._check_names([name])
        return self._edge_pixels([name])[name]

    def edge_positions(self):
        """``{weight: [x, y]}`` of :meth:`edge_pixel` for every weight (for publishing)."""
        return self._edge_pixels(self._names)

    def _edge_pixels(self, wanted):
        names, a, b = self._display_segments()
        boxes = self._label_boxes()
        node_pix = self.ax.transData.transform([(x, y) for x, y, _ in self.layout.nodes.values()])
        r = self.node_size * self.ax.figure.dpi / 72 / 2 + 2
        lo, hi = np.minimum(a, b), np.maximum(a, b)  # bounding boxes of the segments
        far = 4 * self.pickradius * self.ax.figure.dpi / 72
        ts = np.linspace(0.05, 0.95, 37)
        out = {}
        for name in wanted:
            best, best_score = None, -np.inf
            for i in np.flatnonzero(names == name):
                pts = a[i] + ts[:, None] * (b[i] - a[i])
                # only segments whose box comes near this one can be closer than `far`
                near = (names != name) & np.all(lo <= hi[i] + far, axis=1) & np.all(hi >= lo[i] - far, axis=1)
                score = np.full(len(ts), far)
                if near.any():
                    score = np.minimum(score, _point_segment_distance(pts, a[near], b[near]).min(axis=1))
                for other, box in boxes.items():
                    if other != name:
                        score = np.minimum(score, _point_box_distance(pts, box))
                covered = _point_segment_distance(pts, node_pix, node_pix).min(axis=1) < r
                score = np.where(covered, score - 1e6, score)
                # the best point: far from the others; among equals, the middle of the edge
                score = score - 1e-3 * np.abs(ts - 0.5)
                k = int(np.argmax(score))
                if score[k] > best_score:
                    best, best_score = pts[k], score[k]
            out[name] = self.css_from_display(*best)
        return out

    def disconnect(self):
        """Undo every :meth:`connect_pick`."""
        for cid in self._pick_cids:
            self.ax.figure.canvas.mpl_disconnect(cid)
        self._pick_cids = []


class ChainDiagram:
    """Lecture 000's chain ``s0 -w0-> [x1|s1] -w1-> [x2|s2] -w2-> out`` with live numbers.

    The same API and text as the chain diagram it replaced (notebook 03's stored outputs),
    drawn by a :class:`NetworkDiagram` (so the weights also set the edges'
    width and colour, and the weights can be picked).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on (limits 0..10 x 0..3, no frame).
    blit : BlitManager, optional
        Register the moving artists with it.
    max_weight : float
        ``|w|`` at which an edge reaches its full width.

    Attributes
    ----------
    labels : dict
        ``{'s0', 'n1', 'n2', 'out', 'w0', 'w1', 'w2': Text}``.
    network : NetworkDiagram
        The diagram underneath.
    """

    def __init__(self, ax, blit=None, max_weight=4.0):
        self.ax = ax
        self.network = NetworkDiagram.from_layout(ax, chain_layout(), labels=True, blit=blit,
                                                  max_weight=max_weight, max_linewidth=4.0)
        self.labels = {**{k: self.network.node_labels[k] for k in ("s0", "n1", "n2", "out")},
                       **{k: self.network.edge_labels[k] for k in ("w0", "w1", "w2")}}
        for k in ("w0", "w1", "w2"):
            self.labels[k].set_color("#a0522d")

    def update(self, weights, forward, digits=4):
        """Write the forward pass ``forward`` and ``weights`` (``{'w0', 'w1', 'w2'}``) into the diagram."""
        f = forward
        g = f"{{:.{digits}g}}".format
        self.network.set_node_labels({"s0": f"s0\n{g(f.s0)}", "n1": f"x1={g(f.x1)}\ns1={g(f.s1)}",
                                      "n2": f"x2={g(f.x2)}\ns2={g(f.s2)}", "out": f"out\n{g(f.out)}"})
        self.network.set_weights({k: weights[k] for k in ("w0", "w1", "w2")})
        self.network.set_edge_labels({k: f"{k} = {g(weights[k])}" for k in ("w0", "w1", "w2")})
