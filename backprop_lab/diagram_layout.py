"""Where a network diagram puts its units, weights and labels: plain data, no drawing.

:func:`mlp_layout` (any MLP up to :data:`MAX_LAYERS` layers of :data:`MAX_UNITS`
units), :func:`lecture_001_layout` (the 2-2-2 network with its lecture names)
and :func:`chain_layout` (lecture 000's chain) return a :class:`Layout`, which
:class:`backprop_lab.diagram.NetworkDiagram` draws. Names follow
:class:`backprop_core.MLP` (layers counted from 0): node ``'a1[2]'``, edge
``'W0[2,1]'`` (``mlp.weights[0][2, 1]``), bias edge ``'b0[2]'``.

Left out: matplotlib (see :mod:`backprop_lab.diagram`).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from backprop_core import notation as N

__all__ = ["MAX_LAYERS", "MAX_UNITS", "Layout", "check_sizes", "mlp_layout", "lecture_001_layout", "chain_layout",
           "mlp_weights"]

#: Most layers (input and output included) a diagram draws.
MAX_LAYERS = 8
#: Most units per layer a diagram draws.
MAX_UNITS = 8


@dataclass
class Layout:
    """Where things go: plain data, no matplotlib.

    Attributes
    ----------
    nodes : dict
        ``{node: (x, y, kind)}`` in data coordinates; kind is ``'input'``,
        ``'hidden'``, ``'output'`` or ``'bias'``.
    edges : list of tuple
        ``(weight, source, target)``; one weight may have several segments
        (lecture 001's ``b1`` feeds ``h1`` and ``h2``).
    label_at : dict
        ``{weight: (segment, fraction, dx, dy, ha, va)}``: the label sits at
        ``fraction`` along that segment, moved by ``(dx, dy)`` points.
    node_text : dict
        ``{node: name drawn inside the circle}`` ('' for none).
    xlim, ylim : tuple
        The axes limits.
    captions : list of tuple
        ``(x, y, text)`` static captions (layer names).
    node_size, fontsize, label_fontsize, node_fontsize : float or None
        Circle diameter (points) and font sizes; None: from the axes size.
    label_box : bool
        Draw edge labels on a white box (False: plain text).
    arrows : bool
        Draw an arrowhead where each edge meets its target.
    """

    nodes: dict
    edges: list
    label_at: dict
    node_text: dict
    xlim: tuple
    ylim: tuple
    captions: list = field(default_factory=list)
    node_size: float | None = None
    label_fontsize: float | None = None
    node_fontsize: float | None = None
    label_box: bool = True
    arrows: bool = False

    @property
    def names(self):
        """The weight names in drawing order (each once)."""
        return list(dict.fromkeys(e[0] for e in self.edges))


# -- layouts -----------------------------------------------------------------
def check_sizes(sizes):
    """``sizes`` as a list of ints, or a ``ValueError`` naming the bad value.

    >>> check_sizes((2, 3, 1))
    [2, 3, 1]
    """
    if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
        raise TypeError(f"sizes must be a list of layer sizes like [2, 3, 1], got {sizes!r}.")
    sizes = list(sizes)
    if not 2 <= len(sizes) <= MAX_LAYERS:
        raise ValueError(f"sizes needs 2 to {MAX_LAYERS} layers (input and output included), "
                         f"got {len(sizes)}: {sizes!r}.")
    out = []
    for i, s in enumerate(sizes):
        ok = isinstance(s, (int, np.integer)) and not isinstance(s, (bool, np.bool_))
        if not ok or not 1 <= s <= MAX_UNITS:
            raise ValueError(f"sizes[{i}] must be a whole number of units from 1 to {MAX_UNITS}, got {s!r}.")
        out.append(int(s))
    return out


def _unit_y(n, j):
    # units of a layer are centred on y = 0, the first on top
    return (n - 1) / 2 - j


def mlp_layout(sizes, bias=False):
    """The layout of a fully connected network with ``sizes`` units per layer.

    Parameters
    ----------
    sizes : list of int
        Units per layer, input first, like :class:`backprop_core.MLP`:
        ``[2, 3, 1]`` has the weights ``W0[j,k]`` (3 x 2) and ``W1[j,k]`` (1 x 3).
    bias : bool
        Draw a bias node ``b{l}`` under each layer but the last, with an
        edge ``b{l}[j]`` to each unit ``j`` of layer ``l + 1``.

    Returns
    -------
    Layout
        Nodes ``a{l}[j]`` at ``x = l``; edge labels placed where they do not
        overlap (for short labels, a number each). Every name is the course's
        notation, built by :mod:`backprop_core.notation` (layer 0 is the input).
    """
    sizes = check_sizes(sizes)
    nodes, edges = {}, []
    last = len(sizes) - 1
    for l, n in enumerate(sizes):
        kind = "input" if l == 0 else "output" if l == last else "hidden"
        for j in range(n):
            nodes[N.a(l, j)] = (float(l), _unit_y(n, j), kind)
    for l, (n_in, n_out) in enumerate(zip(sizes[:-1], sizes[1:])):
        for j in range(n_out):
            for k in range(n_in):
                edges.append((N.W(l, j, k), N.a(l, k), N.a(l + 1, j)))
    top = (max(sizes) - 1) / 2
    bottom = -top
    if bias:
        bottom -= 1.0
        for l, n_out in enumerate(sizes[1:]):
            nodes[N.b(l)] = (l + 0.55, bottom, "bias")
            for j in range(n_out):
                edges.append((N.b(l, j), N.b(l), N.a(l + 1, j)))
    captions = [(float(l), top + 0.62, ("input" if l == 0 else "output" if l == last else "hidden") + " " + N.a(l))
                for l in range(len(sizes))]
    node_text = {name: ("+1" if kind == "bias" else "") for name, (_, _, kind) in nodes.items()}
    return Layout(nodes=nodes, edges=edges, label_at={}, node_text=node_text,
                  xlim=(-0.35, last + 0.35), ylim=(bottom - 0.5, top + 0.85), captions=captions)


def lecture_001_layout():
    """Lecture 001's 2-2-2 network with its names.

    ``w1: i1->h1, w2: i2->h1, w3: i1->h2, w4: i2->h2, w5: h1->o1,
    w6: h2->o1, w7: h1->o2, w8: h2->o2``; the bias ``b1`` feeds ``h1`` and
    ``h2``, ``b2`` feeds ``o1`` and ``o2`` (one node each, two edges).
    The labels of the crossing weights (``w2``/``w3``, ``w6``/``w7``) sit at
    different fractions along their edges, away from the crossing.
    """
    nodes = {"i1": (0.0, 0.5, "input"), "i2": (0.0, -0.5, "input"),
             "h1": (1.0, 0.5, "hidden"), "h2": (1.0, -0.5, "hidden"),
             "o1": (2.0, 0.5, "output"), "o2": (2.0, -0.5, "output"),
             "b1": (0.74, -1.22, "bias"), "b2": (1.74, -1.22, "bias")}
    edges = [("w1", "i1", "h1"), ("w2", "i2", "h1"), ("w3", "i1", "h2"), ("w4", "i2", "h2"),
             ("w5", "h1", "o1"), ("w6", "h2", "o1"), ("w7", "h1", "o2"), ("w8", "h2", "o2"),
             ("b1", "b1", "h1"), ("b1", "b1", "h2"), ("b2", "b2", "o1"), ("b2", "b2", "o2")]
    # straight weights halfway-ish, crossing ones near their own end of the gap:
    # w2/w3 near the inputs, w6/w7 near the outputs; biases left of their node
    label_at = {"w1": (0, 0.55, 0, 0, "center", "center"), "w4": (0, 0.5, 0, 0, "center", "center"),
                "w3": (0, 0.3, 0, 0, "center", "center"), "w2": (0, 0.3, 0, 0, "center", "center"),
                "w5": (0, 0.45, 0, 0, "center", "center"), "w8": (0, 0.4, 0, 0, "center", "center"),
                "w6": (0, 0.66, 0, 0, "center", "center"), "w7": (0, 0.66, 0, 0, "center", "center"),
                "b1": (1, 0.0, -16, 0, "right", "center"), "b2": (1, 0.0, -16, 0, "right", "center")}
    return Layout(nodes=nodes, edges=edges, label_at=label_at, node_text={n: n for n in nodes},
                  xlim=(-0.2, 2.2), ylim=(-1.52, 0.8))


def chain_layout():
    """Lecture 000's chain ``s0 -w0-> n1 -w1-> n2 -w2-> out``, drawn like
    :class:`backprop_lab.plotting.ChainDiagram` (axes 0..10 x 0..3)."""
    xs = {"s0": 0.7, "n1": 3.3, "n2": 6.1, "out": 9.2}
    kinds = {"s0": "input", "n1": "hidden", "n2": "hidden", "out": "output"}
    nodes = {k: (x, 1.5, kinds[k]) for k, x in xs.items()}
    edges = [("w0", "s0", "n1"), ("w1", "n1", "n2"), ("w2", "n2", "out")]
    label_at = {w: (0, 0.5, 0, 5, "center", "bottom") for w in ("w0", "w1", "w2")}
    captions = [(xs[k], 0.55, c) for k, c in (("s0", "input"), ("n1", "neuron 1"), ("n2", "neuron 2"),
                                               ("out", "output"))]
    return Layout(nodes=nodes, edges=edges, label_at=label_at, node_text={k: "" for k in nodes},
                  xlim=(0, 10), ylim=(0, 3), captions=captions, node_size=62, label_fontsize=9,
                  node_fontsize=9, label_box=False, arrows=True)


def mlp_weights(weights, biases=None):
    """``{edge name: value}`` of a :class:`backprop_core.MLP`'s arrays, for
    :meth:`NetworkDiagram.set_weights`.

    Parameters
    ----------
    weights : list of array
        ``weights[l]`` of shape ``(sizes[l+1], sizes[l])``: ``W{l}[j,k]``.
    biases : list of array, optional
        ``biases[l]`` of shape ``(sizes[l+1],)``: ``b{l}[j]``.

    >>> mlp_weights([np.array([[0.5, -1.0]])], [np.array([0.25])])
    {'W0[0,0]': 0.5, 'W0[0,1]': -1.0, 'b0[0]': 0.25}
    """
    out = {}
    for l, W in enumerate(weights):
        W = np.asarray(W, float)
        if W.ndim != 2:
            raise ValueError(f"weights[{l}] must be a 2-D array (units out, units in), got shape {W.shape}.")
        for (j, k), v in np.ndenumerate(W):
            out[N.W(l, j, k)] = float(v)
    for l, b in enumerate(biases or ()):
        for j, v in enumerate(np.asarray(b, float).ravel()):
            out[N.b(l, j)] = float(v)
    return out


# -- geometry helpers (display pixels) ----------------------------------------
