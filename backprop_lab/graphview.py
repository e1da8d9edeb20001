"""A computational graph drawn live: any expression built with ``bp.Value``.

Each node is a box with its forward value (``x = -2``) and, once the backward
pass has reached it, its gradient (``grad -4``, in red). A stepper reveals
the backward pass one node at a time: the node's gradient appears, and every
edge into it from its inputs gets ``upstream x local = downstream`` written
on it (lecture 003: "[upstream gradient] x [local gradient]"). Where an input
feeds several gates, its gradient is the sum of the numbers written on its
outgoing edges (lecture 002: "when multiple gradients come into a neuron you
add them").

Layout: Graphviz's ``dot`` (Debian package ``graphviz``) places the nodes in
layers, inputs on the left (or on top when the graph is too deep to fit the
width). It is run once per graph *shape*; every label is given a fixed box
sized for its widest possible text, and each edge label is a box of its own
in the layout, so no label can overlap another whatever the numbers.
Drawing is SVG in an HTML widget (see :class:`GraphView` for why): a
slider change rewrites the texts and costs about a millisecond.

Readable at any size (issue 19): the drawing is never shrunk, so its text is
the type scale's 12 px (18 px with the projector on). A graph too deep for the
width is laid out top-down and grows taller; one still wider than
:data:`MAX_WIDTH_IN` (lesson 02's 25-node graph, top-down) scrolls sideways
in its own box instead of shrinking its text.

Constants (unlabelled leaves such as the ``1`` of ``1 + exp(-x)``) are folded
into the gate that uses them, as the lecture draws them: ``+1``, ``x(-1)``,
``1/x``.

What this module leaves out: the dashboard (sliders, buttons:
:mod:`backprop_lab.dashboards.graphs`) and the maths (``backprop_core.graph``;
this module only reads ``data``, ``grad``, ``op``, ``inputs`` and ``label``).
"""
from __future__ import annotations

import html
import math
import shutil
import subprocess
from dataclasses import dataclass, field

from backprop_core.gate_gradients import local_gradients
from backprop_core.graph import Value

from . import theme
from .tables import fmt
from .theme import PALETTE

__all__ = ["BackwardStep", "GraphModel", "GraphLayout", "GraphView", "dot_available",
           "OP_SYMBOLS", "MAX_NODES", "edge_text"]

#: The graphs the view is meant for (a larger one is drawn too, in a box that scrolls).
MAX_NODES = 25
#: The width a graph is laid out to fit, inches at the default scale: 691 px at 90 dpi, with the
#: dashboard's 8 px margin a 700 px notebook (the narrowest the course supports); a wider drawing
#: keeps its size and scrolls sideways.
MAX_WIDTH_IN = 7.68
#: Font sizes in points at :data:`PX` px per inch: the type scale's smallest (12 px) at scale 1.
NODE_FONT = EDGE_FONT = theme.font_pt("small")
#: The widest number a label reserves room for (``fmt(v, 4)`` and ``fmt(v, 3)`` never print more).
WIDEST_NODE_NUMBER, WIDEST_EDGE_NUMBER = "-0.008888", "-0.00888"
#: Gradients in vermillion, the current step in blue and bold (told apart by weight and colour, not red/orange).
GRAD_COLOR, PENDING_COLOR, CURRENT_COLOR, EDGE_COLOR = "#b63c00", "#767676", PALETTE["blue"], "#555555"

OP_SYMBOLS = {"+": "+", "-": "\u2212", "*": "\u00d7", "/": "/", "neg": "\u2212x", "exp": "exp", "log": "log",
              "sigmoid": "\u03c3", "tanh": "tanh", "relu": "relu", "max": "max"}


def dot_available():
    """True if Graphviz's ``dot`` is on the PATH."""
    return shutil.which("dot") is not None


def edge_text(upstream, local, downstream):
    """What an edge shows: ``upstream x local`` over ``= downstream`` (3 significant digits)."""
    return f"{fmt(upstream, 3)} \u00d7 {fmt(local, 3)}\n= {fmt(downstream, 3)}"


def _is_constant(v):
    return not v.inputs and not v.label


def _const_text(c):
    return fmt(c, 3) if c >= 0 else f"({fmt(c, 3)})"


def node_title(v):
    """The name a node is drawn with: its label, the gate with its constant folded in, or its op."""
    op, ins = v.op, v.inputs
    if not ins:
        return v.label or fmt(v.data, 3)
    sym = OP_SYMBOLS.get(op, op)
    if op.startswith("**"):
        sym = "x\u00b2" if op == "**2" else "x^" + op[2:]
    if len(ins) == 2 and _is_constant(ins[0]) != _is_constant(ins[1]):
        c = ins[0].data if _is_constant(ins[0]) else ins[1].data
        if op == "/" and _is_constant(ins[0]):
            sym = f"{fmt(c, 3)}/x"
        elif op == "-" and _is_constant(ins[0]):
            sym = f"{_const_text(c)}\u2212x"
        else:
            sym = f"{sym}{_const_text(c)}"
    return f"{v.label} ({sym})" if v.label else sym


# ---------------------------------------------------------------------------
# The model: nodes, edges and the backward pass as steps
# ---------------------------------------------------------------------------
@dataclass
class BackwardStep:
    """One step of the backward pass: ``node`` gets its gradient and writes on its input edges.

    ``edges``: ``[(edge index, upstream, local, downstream)]``, one per drawn input edge.
    """

    node: int
    grad: float
    edges: list = field(default_factory=list)


class GraphModel:
    """The drawable part of the graph ending at ``root``, with its backward steps.

    ``nodes``: the shown nodes in forward order (constants folded away);
    ``edges``: ``(child index, parent index, input position)``. Calls
    ``root.backward()``. ``steps[k]`` is the k-th node the backward pass
    finishes (the root first); each edge's downstream number is checked to add
    up to the engine's gradient (:meth:`check`).
    """

    def __init__(self, root):
        if not isinstance(root, Value):
            raise TypeError(f"root must be a backprop_core Value, got {type(root).__name__}.")
        root.backward()
        order = [v for v in root.topological_order() if not _is_constant(v) or v is root]
        index = {id(v): i for i, v in enumerate(order)}
        self.root = root
        self.values = order
        self.titles = [node_title(v) for v in order]
        self.edges = []
        self.edge_numbers = []  # (upstream, local, downstream) per edge
        edges_of = {i: [] for i in range(len(order))}
        for p, v in enumerate(order):
            if not v.inputs:
                continue
            locals_ = local_gradients(v)
            for pos, (child, local) in enumerate(zip(v.inputs, locals_)):
                if id(child) not in index:
                    continue  # a folded constant
                e = len(self.edges)
                self.edges.append((index[id(child)], p, pos))
                self.edge_numbers.append((v.grad, local, v.grad * local))
                edges_of[p].append(e)
        self.steps = [BackwardStep(i, order[i].grad, [(e, *self.edge_numbers[e]) for e in edges_of[i]])
                      for i in reversed(range(len(order)))]

    @property
    def signature(self):
        """The graph's shape (titles without numbers, ops, edges): equal shapes share one layout."""
        return (tuple(v.op or ("const" if _is_constant(v) else v.label) for v in self.values), tuple(self.edges))

    def check(self, rtol=1e-9):
        """Each node's gradient equals the sum of the downstream numbers on its outgoing edges."""
        sums = [0.0] * len(self.values)
        for (c, _p, _pos), (_u, _l, d) in zip(self.edges, self.edge_numbers):
            sums[c] += d
        for i, v in enumerate(self.values):
            if v is self.root:
                continue
            if not math.isclose(sums[i], v.grad, rel_tol=rtol, abs_tol=1e-12):
                raise AssertionError(f"edge sums {sums[i]} != grad {v.grad} at {self.titles[i]}")
        return True


# ---------------------------------------------------------------------------
# Layout with Graphviz
# ---------------------------------------------------------------------------
_RENDERER = None


def text_size(text, size):
    """Width and height of ``text`` in inches at font ``size`` (measured by matplotlib)."""
    global _RENDERER
    from matplotlib.backends.backend_agg import RendererAgg
    from matplotlib.font_manager import FontProperties

    if _RENDERER is None:
        _RENDERER = RendererAgg(10, 10, 72)
    lines = text.split("\n")
    prop = FontProperties(size=size)
    widths = [_RENDERER.get_text_width_height_descent(line or " ", prop, ismath=False)[0] for line in lines]
    return max(widths) / 72.0, len(lines) * size * 1.25 / 72.0


@dataclass
class GraphLayout:
    """Positions in inches (origin bottom left): node centres and sizes, label centres, edge paths."""

    width: float
    height: float
    nodes: list      # (x, y, w, h)
    labels: list     # (x, y, w, h) of each edge's label box
    paths: list      # per edge: list of (x, y) spline control points, child -> parent
    rankdir: str


def _run_dot(src):
    if not dot_available():
        raise RuntimeError("Graphviz's 'dot' program is needed to lay out the graph: install the Debian/Ubuntu "
                           "package 'graphviz' (sudo apt-get install graphviz); scripts/start.sh and Binder "
                           "(binder/apt.txt) do it for you.")
    res = subprocess.run(["dot", "-Tplain"], input=src, capture_output=True, text=True, timeout=30)
    if res.returncode != 0:
        raise RuntimeError(f"dot failed: {res.stderr.strip()}")
    return res.stdout


def layout_graph(model, rankdir="LR"):
    """Ask ``dot`` for a layered layout of ``model``; each edge label is a node of its own."""
    node_box = []
    for t in model.titles:
        w1, _ = text_size(f"{t} = {WIDEST_NODE_NUMBER}", NODE_FONT)
        w2, _ = text_size(f"grad {WIDEST_NODE_NUMBER}", NODE_FONT)
        node_box.append((max(w1, w2) + 0.12, 2 * NODE_FONT * 1.25 / 72 + 0.1))
    wide = WIDEST_EDGE_NUMBER
    lw, lh = text_size(f"{wide} \u00d7 {wide}\n= {wide}", EDGE_FONT)
    label_box = (lw + 0.06, lh + 0.04)
    lines = [f'digraph G {{ rankdir={rankdir}; nodesep=0.08; ranksep=0.12; splines=true;',
             'node [shape=box, fixedsize=true, label=""]; edge [dir=none];']
    for i, (w, h) in enumerate(node_box):
        lines.append(f"n{i} [width={w:.3f}, height={h:.3f}];")
    for e, (c, p, _pos) in enumerate(model.edges):
        lines.append(f"l{e} [width={label_box[0]:.3f}, height={label_box[1]:.3f}];")
        lines.append(f"n{c} -> l{e}; l{e} -> n{p};")
    lines.append("}")
    out = _run_dot("\n".join(lines))
    nodes, labels = {}, {}
    halves = {}
    width = height = 0.0
    for line in out.splitlines():
        f = line.split()
        if not f:
            continue
        if f[0] == "graph":
            width, height = float(f[2]), float(f[3])
        elif f[0] == "node":
            box = (float(f[2]), float(f[3]), float(f[4]), float(f[5]))
            (nodes if f[1][0] == "n" else labels)[int(f[1][1:])] = box
        elif f[0] == "edge":
            n = int(f[3])
            pts = [(float(f[4 + 2 * k]), float(f[5 + 2 * k])) for k in range(n)]
            halves[(f[1], f[2])] = pts
    paths = []
    for e, (c, p, _pos) in enumerate(model.edges):
        paths.append((halves[(f"n{c}", f"l{e}")], halves[(f"l{e}", f"n{p}")]))
    return GraphLayout(width, height, [nodes[i] for i in range(len(model.values))],
                       [labels[e] for e in range(len(model.edges))], paths, rankdir)


_LAYOUTS = {}


def best_layout(model):
    """``(scale, layout)``: left-to-right if it fits :data:`MAX_WIDTH_IN`, else top-down (taller) if
    that fits, else the narrower of the two (it scrolls sideways). The scale is never below the
    theme's (:func:`backprop_lab.theme.scale`: 1, or 1.5 with the projector on): the text stays
    12 px (18 px) whatever the graph's size."""
    scale = theme.scale()
    key = (model.signature, scale)
    if key in _LAYOUTS:
        return _LAYOUTS[key]
    choices = [layout_graph(model, "LR")]
    if choices[0].width + 0.1 > MAX_WIDTH_IN:
        choices.append(layout_graph(model, "TB"))
    lay = min(choices, key=lambda g: max(g.width + 0.1, MAX_WIDTH_IN))  # the first that fits, else the narrower
    _LAYOUTS[key] = (scale, lay)
    return scale, lay


# ---------------------------------------------------------------------------
# Drawing: SVG in an HTML widget
# ---------------------------------------------------------------------------
#: SVG user units per inch (the CSS pixels of a 90-dpi figure, like the course's matplotlib figures).
PX = 90.0
FONT_FAMILY = "DejaVu Sans, Verdana, Arial, sans-serif"
_DEFS = ('<defs><marker id="bplab-arrow" viewBox="0 0 8 6" refX="8" refY="3" markerWidth="8" markerHeight="6" '
         f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L8,3 L0,6 z" fill="{EDGE_COLOR}"/></marker>'
         '<marker id="bplab-arrow-now" viewBox="0 0 8 6" refX="8" refY="3" markerWidth="8" markerHeight="6" '
         f'markerUnits="userSpaceOnUse" orient="auto"><path d="M0,0 L8,3 L0,6 z" fill="{CURRENT_COLOR}"/>'
         '</marker></defs>')


def _esc(text):
    return html.escape(text, quote=True)


class GraphView:
    """The graph of a :class:`GraphModel` drawn as SVG in an ``ipywidgets.HTML``; :meth:`show` updates it.

    Why SVG and not a matplotlib canvas: a graph of 25 nodes has about 130
    texts, boxes and arrows; redrawing them with matplotlib (even blitted)
    took 90 ms of kernel time per slider change, while writing the SVG takes
    about 1 ms and the browser draws it natively (sharp at any zoom, text
    selectable, and the numbers readable by browser tests). The layout is
    fixed per graph shape, so only texts and two colours change.

    ``scale``, ``layout``: from :func:`best_layout`. The drawing keeps its
    size (``scale`` times the layout's inches): its text is never under 12 px.
    Its box is at most as wide as the notebook and scrolls sideways when the
    drawing is wider (:attr:`scrolls`), as lesson 02's 25-node graph is.
    """

    def __init__(self, model, scale, layout):
        import ipywidgets as W

        self.widget = W.HTML(layout=W.Layout(max_width="100%", flex="0 1 auto", overflow="auto"))
        self.widget.add_class("bplab-graph")
        self.relayout(model, scale, layout)

    def relayout(self, model, scale=None, layout=None):
        """Take a new graph shape (same widget): its layout from :func:`best_layout` unless given."""
        if layout is None:
            scale, layout = best_layout(model)
        self.scale, self.layout = scale, layout
        self.signature = model.signature
        H = layout.height

        def pt(x, y):
            return f"{x * PX:.1f},{(H - y) * PX:.1f}"

        self._edge_d = []
        for first, second in layout.paths:
            d = f"M{pt(*first[0])} C" + " ".join(pt(*p) for p in first[1:]) + f" L{pt(*second[0])} C" \
                + " ".join(pt(*p) for p in second[1:])
            self._edge_d.append(d)
        self._label_boxes = [((x - w / 2) * PX, (H - y - h / 2) * PX, w * PX, h * PX) for x, y, w, h in layout.labels]
        self._node_boxes = [((x - w / 2) * PX, (H - y - h / 2) * PX, w * PX, h * PX) for x, y, w, h in layout.nodes]
        w_px, h_px = (layout.width + 0.1) * PX, (layout.height + 0.1) * PX
        self.size_px = (round(w_px * scale), round(h_px * scale))
        self._head = (f'<svg xmlns="http://www.w3.org/2000/svg" class="bplab-graph-svg" '
                      f'viewBox="{-0.05 * PX:.1f} {-0.05 * PX:.1f} {w_px:.1f} {h_px:.1f}" '
                      f'width="{self.size_px[0]}" height="{self.size_px[1]}" '
                      f'style="display:block;flex:none" font-family="{FONT_FAMILY}">{_DEFS}')
        self._node_texts, self._edge_texts = [], []

    def show(self, model, revealed):
        """Draw ``model``'s numbers with the first ``revealed`` backward steps done.

        Returns ``(node_texts, edge_texts)``: what is now written.
        """
        if model.signature != self.signature:
            raise ValueError("the graph changed shape; build a new GraphView for it.")
        revealed = max(0, min(int(revealed), len(model.steps)))
        done = {s.node for s in model.steps[:revealed]}
        current = model.steps[revealed - 1] if revealed else None
        written = {}
        for s in model.steps[:revealed]:
            for (e, u, l, d) in s.edges:
                written[e] = (edge_text(u, l, d), s is current)
        nf, ef = NODE_FONT * PX / 72, EDGE_FONT * PX / 72
        parts = [self._head]
        edge_texts = []
        for e, d in enumerate(self._edge_d):
            text, now = written.get(e, ("", False))
            edge_texts.append(text)
            color, marker = (CURRENT_COLOR, "bplab-arrow-now") if now else (EDGE_COLOR, "bplab-arrow")
            parts.append(f'<path class="bplab-edge" d="{d}" fill="none" stroke="{color}" '
                         f'stroke-width="{1.8 if now else 1}" marker-end="url(#{marker})"/>')
        for e, text in enumerate(edge_texts):
            if not text:
                continue
            x, y, w, h = self._label_boxes[e]
            now = written[e][1]
            l1, l2 = text.split("\n")
            weight = ' font-weight="bold"' if now else ""
            cx = x + w / 2
            parts.append(f'<rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}" rx="3" fill="white" '
                         f'fill-opacity="0.92"/><text class="bplab-edge-label" data-edge="{e}" x="{cx:.1f}" '
                         f'y="{y + h / 2 - ef * 0.15:.1f}" font-size="{ef:.2f}" fill="{GRAD_COLOR}" '
                         f'text-anchor="middle"{weight}>'
                         f'<tspan x="{cx:.1f}">{_esc(l1)}</tspan><tspan x="{cx:.1f}" dy="{ef * 1.15:.1f}">{_esc(l2)}'
                         '</tspan></text>')
        node_texts = []
        for i, v in enumerate(model.values):
            x, y, w, h = self._node_boxes[i]
            top = f"{model.titles[i]} = {fmt(v.data, 4)}"
            bottom = f"grad {fmt(v.grad, 4)}" if i in done else "grad ?"
            node_texts.append(f"{top}\n{bottom}")
            now = current is not None and current.node == i
            stroke, sw = (CURRENT_COLOR, 2.2) if now else ("#1f4e79", 1)
            cx = x + w / 2
            parts.append(f'<g class="bplab-node" data-node="{i}"><rect x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" '
                         f'height="{h:.1f}" rx="4" fill="#f5f9ff" stroke="{stroke}" stroke-width="{sw}"/>'
                         f'<text x="{cx:.1f}" y="{y + h * 0.42:.1f}" font-size="{nf:.2f}" fill="#222222" '
                         f'text-anchor="middle">{_esc(top)}</text>'
                         f'<text class="bplab-grad" x="{cx:.1f}" y="{y + h * 0.42 + nf * 1.25:.1f}" '
                         f'font-size="{nf:.2f}" '
                         f'fill="{GRAD_COLOR if i in done else PENDING_COLOR}" text-anchor="middle">{_esc(bottom)}'
                         '</text></g>')
        parts.append("</svg>")
        self._node_texts, self._edge_texts = node_texts, edge_texts
        self.widget.value = "".join(parts)
        return self.texts()

    @property
    def scrolls(self):
        """True when the drawing is wider than :data:`MAX_WIDTH_IN` at the current scale: its box
        (as wide as the notebook at most) then scrolls sideways instead of shrinking the text."""
        return self.size_px[0] > round(MAX_WIDTH_IN * PX * self.scale)

    def text_px(self):
        """The CSS pixel size of every text as drawn (font size in SVG units times the drawing's
        scale): what a student reads, and what ``tests/test_readability.py`` checks."""
        import re

        sizes = [float(v) for v in re.findall(r'font-size="([0-9.]+)"', self.widget.value)]
        return [v * self.scale for v in sizes]

    def texts(self):
        """``(node texts, edge texts)`` as drawn: a node's text is ``'value line\\ngrad line'``."""
        return list(self._node_texts), list(self._edge_texts)

    def boxes(self):
        """Every drawn box in SVG units ``(x, y, w, h)``: nodes, then edge labels (for overlap checks)."""
        return list(self._node_boxes), list(self._label_boxes)


def figure_size(scale, layout):
    """The drawing's size in inches."""
    return ((layout.width + 0.1) * scale, (layout.height + 0.1) * scale)
