"""A network diagram drawn by the browser as SVG (anywidget): nodes, weights, values, gradients.

The kernel keeps a handful of small synced lists (where the units are, which
unit each connection joins, each connection's weight and gradient, the texts)
and the page draws them with one ES module, ``network_view.js`` (no build
step, nothing fetched from the network). A change of weights updates the
existing SVG elements in place; only new sizes rebuild the picture.

How a weight looks (never colour alone)::

    positive: blue  (#0072B2), solid line
    negative: orange (#D55E00), dashed line
    |weight|: line width, 1 px at 0 up to 7 px at ``max_weight`` and beyond

A dashboard may draw some edges its own way instead (:meth:`NetworkView.set_edge_styles`:
colour, dash, width and a tooltip line per edge), e.g. by a gradient check's error.

A click (or Enter on the keyboard: every connection is focusable) on a
connection sets the ``selected`` traitlet to its name; a dashboard observes it.
Hovering shows the weight and its gradient (an SVG ``<title>``, and with
``hover_readout=True`` a line of text over the diagram that the page writes).

An MLP's biases can be drawn on the units themselves (``unit_biases=True``): a
ring round unit ``a{l+1}[j]`` styled by ``b{l}[j]`` as a line is by its weight;
a click on the unit selects ``b{l}[j]``. The playground (lesson 08) draws its
network so, and :meth:`NetworkView.set_mlp` sends all its numbers in one go:

>>> import numpy as np
>>> p = NetworkView([2, 3, 1], unit_biases=True, input_labels=["x1", "x2"], cost_symbol="C")
>>> p.set_mlp([np.full((3, 2), 0.5), np.ones((1, 3))], [np.zeros(3), np.array([-0.25])])
>>> p.weight_of("W0[2,1]"), p.weight_of("b1[0]")
(0.5, -0.25)
>>> p.reshape([2, 1]); p.names
['W0[0,0]', 'W0[0,1]', 'b0[0]']

>>> v = NetworkView.lecture_001()
>>> v.set_weights({"w5": 0.4})
>>> v.weight_of("w5")
0.4
>>> v.selected = "w7"          # what a click on w7 does in the browser
>>> v.summary().splitlines()[0]
'NetworkView 2-2-2: selected w7'

Left out: the layout maths (:mod:`backprop_lab.diagram_layout`, shared with
the matplotlib diagram), any number a model computes (the caller sends them),
and pixels: nothing here renders, so nothing costs kernel time but a message.
"""
from __future__ import annotations

import math
from pathlib import Path

import anywidget
import ipywidgets as W
import traitlets as T

from ..diagram_layout import Layout, chain_layout, lecture_001_layout, mlp_layout

__all__ = ["NetworkView", "POSITIVE", "NEGATIVE", "VIEW_WIDTH", "ESM", "svg_layout", "js_number"]

#: The ES module that draws the diagram (loaded by anywidget as ``_esm``; no build step).
#: Read once as text: anywidget watches a ``Path`` for edits and holds every view made from it
#: (a dashboard could never give its memory back); a string is sent as it is.
ESM = Path(__file__).with_name("network_view.js").read_text(encoding="utf-8")

#: Colour of a positive weight (Okabe-Ito blue) and of a negative one (Okabe-Ito vermillion, dashed).
POSITIVE, NEGATIVE = "#0072B2", "#D55E00"
#: viewBox width: the SVG is at most this many CSS px wide (text 12 px there), narrower when its container is.
VIEW_WIDTH = 420.0
_PAD = 24.0
_ANCHOR = {"center": "middle", "left": "start", "right": "end"}

_CSS = """
.bplab-netview { width: 100%; }
.bplab-netview svg { width: 100%; height: auto; display: block; font-family: sans-serif; font-size: 12px; }
.bplab-netview-title { font-size: 12px; min-height: 1.3em; text-align: center; }
.bplab-netview-hover { font-size: 12px; min-height: 1.3em; text-align: center; color: #333333; }
.bplab-netview .bplab-unit-hit { cursor: pointer; }
.bplab-netview .bplab-caption { fill: #555555; }
.bplab-netview .bplab-hit { stroke: transparent; stroke-width: 14px; cursor: pointer; fill: none; }
.bplab-netview .bplab-hit:hover, .bplab-netview .bplab-hit:focus { stroke: rgba(0, 0, 0, 0.12); outline: none; }
.bplab-netview .bplab-label { cursor: pointer; paint-order: stroke; stroke: white; stroke-width: 4px;
  stroke-linejoin: round; }
.bplab-netview .bplab-label.bplab-selected { font-weight: bold; }
.bplab-netview .bplab-value { paint-order: stroke; stroke: white; stroke-width: 3px; stroke-linejoin: round; }
"""


def svg_layout(layout: Layout, width=VIEW_WIDTH, unit_height=None, left=0.0):
    """A :class:`Layout` in viewBox pixels: ``(size, node_xy, label_xy)``.

    ``size`` is ``[width, height]``; ``node_xy[i]`` the centre of the i-th
    node of ``layout.nodes``; ``label_xy[e]`` is ``[x, y, text-anchor]`` for
    the edge whose label the layout places (``label_at``), ``[]`` for the
    others. y grows downwards (SVG), so the layout's y is flipped. The height
    keeps the layout's aspect unless ``unit_height`` (px per layout unit) is given.
    ``left``: extra px on the left (room for the inputs' names).

    >>> size, xy, _ = svg_layout(chain_layout())
    >>> size[0], xy[0][1] == xy[1][1]
    (420.0, True)
    """
    (x0, x1), (y0, y1) = layout.xlim, layout.ylim
    sx = (width - 2 * _PAD - left) / (x1 - x0)
    sy = sx if unit_height is None else float(unit_height)
    height = round((y1 - y0) * sy + 2 * _PAD, 1)
    names = list(layout.nodes)

    def px(x, y):
        return [round(_PAD + left + (x - x0) * sx, 1), round(_PAD + (y1 - y) * sy, 1)]

    node_xy = [px(*layout.nodes[n][:2]) for n in names]
    label_xy, seen = [], {}
    for name, a, b in layout.edges:
        segment = seen.get(name, 0)
        seen[name] = segment + 1
        at = layout.label_at.get(name)
        if at is None or at[0] != segment:
            label_xy.append([])
            continue
        _, t, dx, dy, ha, _va = at
        (xa, ya), (xb, yb) = px(*layout.nodes[a][:2]), px(*layout.nodes[b][:2])
        label_xy.append([round(xa + t * (xb - xa) + dx, 1), round(ya + t * (yb - ya) - dy, 1), _ANCHOR[ha]])
    return [float(width), height], node_xy, label_xy


def js_number(x):
    """``x`` as the page writes it (``String(Number(x.toPrecision(3)))`` in JavaScript).

    >>> js_number(0.123456), js_number(-2.0), js_number(1.234e-5), js_number(1.5e-7)
    ('0.123', '-2', '0.0000123', '1.5e-7')
    """
    import numpy as np

    v = float(f"{float(x):.3g}")
    if not math.isfinite(v):
        return "NaN" if math.isnan(v) else ("Infinity" if v > 0 else "-Infinity")
    if v == 0:
        return "0"
    if 1e-6 <= abs(v) < 1e21:
        return np.format_float_positional(v, trim="-")
    return np.format_float_scientific(v, trim="-", exp_digits=1).replace("e+", "e+")


def _finite(values, cap=1e300):
    """Plain floats for JSON: NaN -> 0, +-inf -> +-``cap`` (a diverged network's weights)."""
    import numpy as np

    return np.nan_to_num(np.asarray(values, float), nan=0.0, posinf=cap, neginf=-cap).tolist()


class NetworkView(anywidget.AnyWidget):
    """A layered network drawn in the browser; its traitlets are what it shows.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first (2 to 8 layers of 1 to 8 units), as
        :class:`backprop_core.MLP`: edges ``W{l}[j,k]`` (``mlp.weights[l][j, k]``).
    bias : bool
        Also draw a bias node under each layer but the last (edges ``b{l}[j]``).
    max_weight : float
        A weight of this size (or more) is drawn at the widest line.
    geometry : diagram_layout.Layout, optional
        Another layout (see :meth:`lecture_001`, :meth:`chain`); ``sizes`` and
        ``bias`` are then ignored. (``layout`` is the widget's CSS layout, as
        for every ipywidget.)

    unit_biases : bool
        (MLP only) draw each unit's bias ``b{l}[j]`` as a ring on unit ``a{l+1}[j]``
        (no bias nodes); a click on the unit selects the bias.
    input_labels : list of str, optional
        (MLP only) names written left of the inputs (the features ``x1``, ...).
    captions : bool
        (MLP only) a caption over each column: ``a0 (input)``, ``a1``, ..., ``aL (output)``.

    Everything synced is a small list of numbers or strings, one entry per node
    or per edge (an edge is one segment: lecture 001's ``b1`` has two).
    """

    _esm = ESM
    _css = _CSS

    sizes = T.List(T.Int()).tag(sync=True)
    view_size = T.List(T.Float()).tag(sync=True)
    node_names = T.List(T.Unicode()).tag(sync=True)
    node_kinds = T.List(T.Unicode()).tag(sync=True)
    node_text = T.List(T.Unicode()).tag(sync=True)
    node_xy = T.List(T.List(T.Float())).tag(sync=True)
    node_values = T.List(T.Unicode()).tag(sync=True)
    edges = T.List(T.List()).tag(sync=True)  # [source index, target index, name]
    label_xy = T.List(T.List()).tag(sync=True)  # [x, y, text-anchor] or []
    edge_texts = T.List(T.Unicode()).tag(sync=True)
    weights = T.List(T.Float()).tag(sync=True)
    gradients = T.List(T.Float()).tag(sync=True)  # [] when none are shown
    selected = T.Unicode("").tag(sync=True)
    highlighted = T.List(T.Unicode()).tag(sync=True)
    title = T.Unicode("").tag(sync=True)
    max_weight = T.Float(1.0).tag(sync=True)
    radius = T.Float(15.0).tag(sync=True)
    node_labels = T.List(T.Unicode()).tag(sync=True)  # left of the node ('' for none)
    bias_names = T.List(T.Unicode()).tag(sync=True)  # per node: the bias drawn on it ('' for none)
    biases = T.List(T.Float()).tag(sync=True)  # per node (0 where bias_names is '')
    bias_gradients = T.List(T.Float()).tag(sync=True)  # per node, [] when none are shown
    captions = T.List(T.List()).tag(sync=True)  # [x, y, text]
    hover_readout = T.Bool(False).tag(sync=True)  # write the hovered weight and gradient over the diagram
    cost_symbol = T.Unicode("E").tag(sync=True)  # the gradient is d<cost>/d<weight>
    #: {weight name: slider}: the page restyles that weight's line as soon as the slider moves there,
    #: before the kernel's numbers arrive (see :meth:`follow`)
    follows = T.Dict(T.Instance(W.Widget)).tag(sync=True, **W.widget_serialization)
    #: an integer slider, and the weights to mark for each of its values: the page marks them as soon as the
    #: slider moves, before the kernel's ``highlighted`` arrives (see :meth:`follow_highlight`)
    highlight_follow = T.Instance(W.Widget, allow_none=True).tag(sync=True, **W.widget_serialization)
    #: per edge ``{'colour', 'dash', 'width', 'note'}`` (each optional) drawn instead of the weight's own
    #: style, ``note`` a line added to the tooltip; ``[]``: every edge by its weight (see :meth:`set_edge_styles`)
    edge_styles = T.List(T.Dict()).tag(sync=True)
    highlight_table = T.List(T.List(T.Unicode())).tag(sync=True)

    def __init__(self, sizes=(2, 2), *, bias=False, max_weight=1.0, geometry=None, unit_height=None,
                 unit_biases=False, input_labels=None, captions=False, **kwargs):
        if not (isinstance(max_weight, (int, float)) and math.isfinite(max_weight) and max_weight > 0):
            raise ValueError(f"max_weight must be a positive number, got {max_weight!r}.")
        self._shape = dict(bias=bias, unit_height=unit_height, unit_biases=unit_biases, captions=captions)
        defaults = self._geometry(sizes, geometry, input_labels)
        defaults["max_weight"] = float(max_weight)
        defaults.update(kwargs)
        super().__init__(**defaults)

    def _geometry(self, sizes, geometry=None, input_labels=None):
        """The synced traits that say where everything is (and zero numbers), for ``sizes`` or ``geometry``."""
        opts = self._shape
        if geometry is None:
            layout = mlp_layout(sizes, bias=opts["bias"])  # checks sizes: 2..8 layers of 1..8 units
            layer_sizes = [int(n) for n in sizes]
        else:
            layout = geometry
            layer_sizes = _layer_sizes(layout)
        labels = [str(t) for t in (input_labels or ())]
        if labels and len(labels) != layer_sizes[0]:
            raise ValueError(f"input_labels needs one name per input ({layer_sizes[0]}), got {labels!r}.")
        left = 7.0 * max(map(len, labels)) if labels else 0.0  # 12 px text: about 7 px a character
        size, node_xy, label_xy = svg_layout(layout, unit_height=opts["unit_height"], left=left)
        names = list(layout.nodes)
        index = {n: i for i, n in enumerate(names)}
        edges = [[index[a], index[b], name] for name, a, b in layout.edges]
        bias_names = [""] * len(names)
        if opts["unit_biases"] and geometry is None:
            bias_names = [f"b{int(n[1:n.index('[')]) - 1}[{n[n.index('[') + 1:-1]}]"
                          if kind in ("hidden", "output") else "" for n, kind in
                          ((n, layout.nodes[n][2]) for n in names)]
        node_labels = (labels + [""] * (len(names) - len(labels))) if labels else []
        caption_list = []
        if opts["captions"] and geometry is None:
            top = min((xy[1] for xy in node_xy), default=0.0)
            xs = sorted({xy[0] for xy, n in zip(node_xy, names) if layout.nodes[n][2] != "bias"})
            last = len(xs) - 1
            caption_list = [[x, round(max(top - 24.0, 12.0), 1),
                             f"a{l}" + (" (input)" if l == 0 else " (output)" if l == last else "")]
                            for l, x in enumerate(xs)]
        self._names = list(dict.fromkeys(e[2] for e in edges))
        self._bias_index = {b: i for i, b in enumerate(bias_names) if b}
        return dict(sizes=layer_sizes, view_size=size, node_names=names,
                    node_kinds=[layout.nodes[n][2] for n in names],
                    node_text=[layout.node_text.get(n, "") for n in names], node_xy=node_xy,
                    node_values=[""] * len(names), edges=edges, label_xy=label_xy,
                    edge_texts=[e[2] if xy else "" for e, xy in zip(edges, label_xy)],
                    weights=[0.0] * len(edges), gradients=[], node_labels=node_labels,
                    bias_names=bias_names, biases=[0.0] * len(names), bias_gradients=[], captions=caption_list,
                    selected="", highlighted=[])

    def reshape(self, sizes, input_labels=None, *, bias=None, unit_height=None):
        """Draw another architecture (an MLP's ``sizes``; the options given at construction stay, except
        ``bias`` and ``unit_height`` when given). Weights, gradients, edge styles, the selection and the
        highlight start empty; one message to the page."""
        if bias is not None:
            self._shape["bias"] = bool(bias)
        if unit_height is not None:
            self._shape["unit_height"] = unit_height
        traits = self._geometry(sizes, None, input_labels)
        with self.hold_sync():
            self.selected, self.edge_styles = "", []
            for name, value in traits.items():
                setattr(self, name, value)

    # -- constructors --------------------------------------------------------------
    @classmethod
    def lecture_001(cls, max_weight=1.0, **kwargs):
        """Lecture 001's 2-2-2 network: ``w1: i1->h1, w2: i2->h1, w3: i1->h2,
        w4: i2->h2, w5: h1->o1, w6: h2->o1, w7: h1->o2, w8: h2->o2``, biases
        ``b1`` (to h1, h2) and ``b2`` (to o1, o2); 420 x 361 px at most."""
        return cls(geometry=lecture_001_layout(), max_weight=max_weight, unit_height=135, **kwargs)

    @classmethod
    def chain(cls, max_weight=2.0, **kwargs):
        """Lecture 000's chain ``s0 -w0-> n1 -w1-> n2 -w2-> out``."""
        return cls(geometry=chain_layout(), max_weight=max_weight, **kwargs)

    # -- what it shows -------------------------------------------------------------
    @property
    def names(self):
        """The weight names, each once, in drawing order (then the biases drawn on units)."""
        return list(self._names) + list(self._bias_index)

    def _per_edge(self, values, what):
        """``{name: value}`` checked: every name is a weight (or a bias drawn on a unit)."""
        unknown = sorted(set(values) - set(self._names) - set(self._bias_index))
        if unknown:
            raise ValueError(f"unknown {what} name(s) {unknown}; this diagram has {self.names}.")
        return {k: v for k, v in values.items()}

    def _numbers(self, values, what, current, current_bias):
        values = self._per_edge(dict(values), what)
        for k, v in values.items():
            if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
                raise ValueError(f"{what} {k} must be a finite number, got {v!r}.")
        per_edge = [float(values.get(e[2], old)) for e, old in zip(self.edges, current)]
        per_node = list(current_bias)
        for name, i in self._bias_index.items():
            if name in values:
                per_node[i] = float(values[name])
        return per_edge, per_node

    def set_weights(self, values):
        """Give some or all weights (and biases drawn on units) new values (``{'w5': 0.4}``); the others stay."""
        weights, biases = self._numbers(values, "weight", self.weights, self.biases)
        with self.hold_sync():
            self.weights = weights
            self.biases = biases

    #: The keys an edge's style may have (:meth:`set_edge_styles`).
    STYLE_KEYS = ("colour", "dash", "width", "note")

    def set_edge_styles(self, styles):
        """Draw some edges otherwise than by their weight: ``{'W0[1,2]': {'colour': '#D55E00',
        'dash': '5 3', 'width': 4.0, 'note': 'relative error 0.2: FAIL'}}``, every key optional
        (``dash``: an SVG dash array, ``'none'`` for solid; ``note``: one more tooltip line).
        Edges not named are drawn by their weight; ``None`` or ``{}`` draws every edge so again.
        Meaning never rests on colour alone: give a failing edge a dash too."""
        styles = dict(styles or {})
        self._per_edge(styles, "styled weight")
        for name, st in styles.items():
            bad = sorted(set(st) - set(self.STYLE_KEYS)) if isinstance(st, dict) else None
            if bad is None or bad:
                raise ValueError(f"the style of {name} must be a dict with keys among {list(self.STYLE_KEYS)}, "
                                 f"got {st!r}.")
            width = st.get("width", 1.0)
            if isinstance(width, bool) or not isinstance(width, (int, float)) or not 0 < width < 50:
                raise ValueError(f"the width of {name} must be a number of px between 0 and 50, got {width!r}.")
        self.edge_styles = ([{k: (float(v) if k == "width" else str(v)) for k, v in styles.get(e[2], {}).items()}
                             for e in self.edges] if styles else [])

    def set_gradients(self, values):
        """Show each weight's gradient in its tooltip (``None``: show none)."""
        if values is None:
            with self.hold_sync():
                self.gradients = []
                self.bias_gradients = []
            return
        missing = sorted(set(self.names) - set(values))
        if missing:
            raise ValueError(f"gradients needs every weight; missing {missing}.")
        grads, bias_grads = self._numbers(values, "gradient", [0.0] * len(self.edges), [0.0] * len(self.node_names))
        with self.hold_sync():
            self.gradients = grads
            self.bias_gradients = bias_grads if self._bias_index else []

    def set_mlp(self, weights, biases, grad_weights=None, grad_biases=None):
        """All numbers of an MLP at once, as :class:`backprop_core.MLP` keeps them (``weights[l]`` of shape
        ``(sizes[l+1], sizes[l])``, ``biases[l]`` of ``sizes[l+1]``), and their gradients (or None).

        One message to the page. Non-finite numbers (a diverged network) are sent as 0 (NaN) or
        +-1e300 (JSON has no NaN); the diagram then draws the widest lines.
        """
        import numpy as np

        shapes = [(b, a) for a, b in zip(self.sizes[:-1], self.sizes[1:])]
        got = [np.shape(w) for w in weights]
        if got != shapes or [np.shape(b) for b in biases] != [(s[0],) for s in shapes]:
            raise ValueError(f"set_mlp needs weights of shapes {shapes} and biases of {[s[0] for s in shapes]}; "
                             f"got {got} and {[np.shape(b) for b in biases]}.")
        if self._shape["bias"] or (not self._bias_index and self.node_kinds.count("bias")):
            raise ValueError("set_mlp draws biases on the units: build the view with unit_biases=True, bias=False.")
        n_in = self.sizes[0]
        flat_w = _finite(np.concatenate([np.ravel(w) for w in weights]))
        flat_b = [0.0] * n_in + _finite(np.concatenate([np.ravel(b) for b in biases]))
        with self.hold_sync():
            self.weights = flat_w
            self.biases = flat_b if self._bias_index else [0.0] * len(self.node_names)
            if grad_weights is None:
                self.gradients, self.bias_gradients = [], []
            else:
                self.gradients = _finite(np.concatenate([np.ravel(g) for g in grad_weights]))
                self.bias_gradients = ([0.0] * n_in + _finite(np.concatenate([np.ravel(g) for g in grad_biases]))
                                       if self._bias_index else [])

    def set_edge_texts(self, texts):
        """The label of some weights (``{'w5': 'w5 = 0.4'}``, ``'\\n'`` for two lines); the others stay.
        Only edges the layout gives a label place show one."""
        texts = self._per_edge(dict(texts), "label")
        self.edge_texts = [str(texts.get(e[2], old)) for e, old in zip(self.edges, self.edge_texts)]

    def set_node_values(self, values):
        """The value written under some units (``{'h1': '0.593'}``); the others stay."""
        unknown = sorted(set(values) - set(self.node_names))
        if unknown:
            raise ValueError(f"unknown unit name(s) {unknown}; this diagram has {self.node_names}.")
        self.node_values = [str(values.get(n, old)) for n, old in zip(self.node_names, self.node_values)]

    def select(self, name):
        """Select one weight (``''``: none), as a click on it does."""
        self.selected = name

    def highlight(self, names):
        """Mark these weights (e.g. both paths of a hidden weight); ``()`` for none."""
        names = list(names)
        self._per_edge({n: None for n in names}, "highlighted weight")
        self.highlighted = names

    def follow(self, controls):
        """Let the page restyle weights straight from their sliders: ``{'w1': slider, ...}``.

        A key press on a slider then changes that weight's line (width, colour, dashes) in
        the same browser frame; the kernel's numbers (labels, gradients, the exact weight)
        arrive one round trip later and are what stays drawn. ``{}`` stops it.
        """
        controls = dict(controls)
        self._per_edge({k: None for k in controls}, "followed weight")
        for k, c in controls.items():
            if not isinstance(c, W.Widget) or not isinstance(getattr(c, "value", None), (int, float)):
                raise TypeError(f"follow needs a numeric slider for {k}, got {type(c).__name__}.")
        self.follows = controls

    def follow_highlight(self, control, table):
        """Let the page mark weights straight from an integer slider: ``table[v]`` lists the names to mark
        when the slider shows ``v`` (lesson 08's pass stage marks one layer of weights per stage).

        The kernel's :meth:`highlight` still decides what stays marked; this only spares the key press
        its round trip. ``control=None`` stops it.
        """
        if control is None:
            with self.hold_sync():
                self.highlight_follow, self.highlight_table = None, []
            return
        if not isinstance(control, W.Widget) or not isinstance(getattr(control, "value", None), int):
            raise TypeError(f"follow_highlight needs an integer slider, got {type(control).__name__}.")
        table = [list(names) for names in table]
        for names in table:
            self._per_edge({n: None for n in names}, "highlighted weight")
        with self.hold_sync():
            self.highlight_follow, self.highlight_table = control, table

    @T.validate("selected")
    def _check_selected(self, proposal):
        name = proposal["value"]
        if name and name not in self._names and name not in self._bias_index:
            raise ValueError(f"selected must be one of {self.names} or '', got {name!r}.")
        return name

    def weight_of(self, name):
        """The value drawn for weight ``name`` (or for a bias drawn on a unit)."""
        self._per_edge({name: None}, "weight")
        if name in self._bias_index:
            return self.biases[self._bias_index[name]]
        return next(w for e, w in zip(self.edges, self.weights) if e[2] == name)

    def gradient_of(self, name):
        """The gradient shown for weight ``name`` (None when none are shown)."""
        self._per_edge({name: None}, "weight")
        if name in self._bias_index:
            return self.bias_gradients[self._bias_index[name]] if self.bias_gradients else None
        if not self.gradients:
            return None
        return next(g for e, g in zip(self.edges, self.gradients) if e[2] == name)

    def tip_of(self, name):
        """What the page writes when the pointer is on ``name`` (its ``<title>``, and the hover readout):
        ``'W1[2,3] = 0.123, ∂C/∂W1[2,3] = -0.00456'`` (numbers as :func:`js_number` writes them)."""
        g = self.gradient_of(name)
        tip = f"{name} = {js_number(self.weight_of(name))}"
        return tip if g is None else f"{tip}, \u2202{self.cost_symbol}/\u2202{name} = {js_number(g)}"

    def style_of(self, name):
        """``(colour, dashed, line width px)`` the page draws weight ``name`` with (the JS does the same sums).
        A bias on a unit is a ring: the same colour and dashes, ``1.5 + 3 * min(|b| / max_weight, 1)`` px.
        Its :meth:`set_edge_styles` entry, where it has one, comes first."""
        w = self.weight_of(name)
        share = min(abs(w) / self.max_weight, 1.0)
        width = 1.5 + 3.0 * share if name in self._bias_index else 1.0 + 6.0 * share
        colour, dashed = POSITIVE if w >= 0 else NEGATIVE, w < 0
        own = next((st for e, st in zip(self.edges, self.edge_styles) if e[2] == name), {})
        return (own.get("colour", colour), own["dash"] != "none" if "dash" in own else dashed,
                round(own.get("width", width), 3))

    # -- where a click lands (the page's hit test, in Python) ----------------------------
    #: A connection takes clicks this many px either side of its line (the JS's 14 px transparent stroke).
    HIT_HALF_WIDTH = 7.0

    def click_event(self, x, y, button=1):
        """A click at CSS px ``(x, y)`` from the diagram's top left, as the browser sends it (the same
        interface as a figure's :meth:`~backprop_lab.dashboard.FigureView.click_event`, so
        :meth:`Dashboard.click <backprop_lab.dashboard.Dashboard.click>` serves both): the connection (or a
        unit's bias) there is selected; a click on empty space changes nothing."""
        name = self.edge_at(x, y)
        if name is not None:
            self.selected = name

    def edge_at(self, x, y):
        """The weight a click at ``(x, y)`` selects (viewBox px from the SVG's top left, which are
        CSS px at full width), or None: what the page does, for tests and notebooks without a browser.

        Inside a circle: the bias drawn on that unit, or none (units sit on top). Else the connection drawn last within
        :attr:`HIT_HALF_WIDTH` px, as in the page, where later connections lie on top.
        (Labels take clicks too in the page; this leaves them out.)
        """
        for (cx, cy), bias in zip(self.node_xy, self.bias_names or [""] * len(self.node_xy)):
            if math.hypot(x - cx, y - cy) <= self.radius:
                return bias or None
        for a, b, name in reversed(self.edges):
            if _distance_to_segment((x, y), self.node_xy[a], self.node_xy[b]) <= self.HIT_HALF_WIDTH:
                return name
        return None

    def edge_pixel(self, name):
        """``[x, y]`` where a click selects ``name`` (see :meth:`edge_at`): a point on its line, outside
        the circles, as far as possible from every other connection."""
        self._per_edge({name: None}, "weight")
        if name in self._bias_index:
            return [round(v, 1) for v in self.node_xy[self._bias_index[name]]]
        best, far = None, -1.0
        for a, b, n in self.edges:
            if n != name:
                continue
            (xa, ya), (xb, yb) = self.node_xy[a], self.node_xy[b]
            for i in range(5, 96):
                t = i / 100
                p = (xa + t * (xb - xa), ya + t * (yb - ya))
                if self.edge_at(*p) != name:
                    continue
                d = min((_distance_to_segment(p, self.node_xy[c], self.node_xy[e])
                         for c, e, m in self.edges if m != name), default=math.inf)
                if d > far:
                    best, far = [round(p[0], 1), round(p[1], 1)], d
        return best

    # -- text forms ------------------------------------------------------------------
    def summary(self):
        """What the diagram shows, in plain text: title, selection, each weight (and gradient).

        nbval and tests compare this; the browser draws the same numbers.
        """
        shape = "-".join(str(s) for s in self.sizes)
        lines = [f"NetworkView {shape}: selected {self.selected or 'none'}"
                 + (f"; highlighted {', '.join(self.highlighted)}" if self.highlighted else "")]
        if self.title:
            lines.append(self.title)
        parts = []
        for name in self.names:
            g = self.gradient_of(name)
            parts.append(f"{name} = {self.weight_of(name):.4g}" + ("" if g is None else f" (grad {g:.4g})"))
        lines.extend("  ".join(parts[i:i + 4]) for i in range(0, len(parts), 4))
        return "\n".join(lines)

    def __repr__(self):
        # short and stable: nbval compares a widget's text/plain
        return f"NetworkView({'-'.join(str(s) for s in self.sizes)}, selected={self.selected!r})"


def _layer_sizes(layout):
    """Units per column of a layout (bias nodes not counted)."""
    columns = {}
    for x, _y, kind in layout.nodes.values():
        if kind != "bias":
            columns[x] = columns.get(x, 0) + 1
    return [columns[x] for x in sorted(columns)]


def _distance_to_segment(p, a, b):
    """Distance (px) from point ``p`` to the segment ``a``-``b``."""
    (px, py), (ax, ay), (bx, by) = p, a, b
    dx, dy = bx - ax, by - ay
    t = 0.0 if dx == dy == 0 else max(0.0, min(1.0, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)))
    return math.hypot(px - (ax + t * dx), py - (ay + t * dy))
