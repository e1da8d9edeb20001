"""Lesson 02: the chain rule on computational graphs (lectures 002 and 003).

* :class:`GraphDashboard`: any expression built with ``bp.Value``, drawn by
  :class:`backprop_lab.graphview.GraphView`; a slider per input redraws values
  and gradients live; Backward step / Reset step / All steps reveal the
  backward pass one node at a time, writing ``upstream x local = downstream``
  on each edge.
* The lectures' graphs as builders (:data:`EXAMPLES`): lecture 003's
  ``(x + y) z`` and sigmoid neuron (primitive gates, or one sigmoid gate),
  lecture 002's neuron with ``C = (y~ - y)^2`` and its chain
  ``f(h(g(m(x))))``; the four gradient-flow patterns (:data:`PATTERNS`).
* Tables: the chain's partial products, the nudge x = 1 -> 1.1, lecture 003's
  staged forward/backward code next to ``Value``.
* Exercises: the gradient at each node of a small graph (each node checked on
  its own, typical slips named), the sigmoid gate's local gradient, the nudge.

Left out: the drawing and the layout (:mod:`backprop_lab.graphview`), the
engine (``backprop_core.graph``) and every gradient written out by hand: each gate's local gradient,
lecture 003's staged code and lecture 004's regression gradient are in :mod:`backprop_core.gate_gradients`
(imported here, so the lesson reads them as ``G.staged_sigmoid_neuron``).
"""
from __future__ import annotations


from backprop_core.gate_gradients import (linear_regression_gradients, staged_sigmoid_neuron,  # noqa: F401
                                          value_sigmoid_neuron)
from backprop_core.graph import Value
from backprop_core.sandbox import DEFAULT_TIMEOUT, run_student

from ..controls import check_setting, slider
from ..dashboard import Dashboard
from ..graphview import GraphModel, GraphView, best_layout
from ..tables import Math, Table, fmt
from ..widgets import ChainRuleExercise, NumberExercise

__all__ = ["GraphDashboard", "EXAMPLES", "PATTERNS", "example", "pattern", "add_mul", "sigmoid_neuron_primitive",
           "sigmoid_neuron_gate", "neuron_002", "nested_chain", "linear_regression_004",
           "linear_regression_gradients", "count_gates", "chain_nodes", "chain_rule_table", "nudge_table",
           "staged_sigmoid_neuron", "value_sigmoid_neuron", "staged_vs_value_table", "node_table",
           "graph_exercise", "graph_exercise_answers", "exercise_graph", "EXERCISE_INPUTS", "sigmoid_gate_exercise",
           "nudge_exercise", "GATE_EXERCISE_X", "NUDGE_EXERCISE_DX",
           "benchmark_scenarios", "big_graph", "INPUT_RANGE", "WEIGHT_RANGE"]

#: Slider ranges (each stated once).
INPUT_RANGE = (-5.0, 5.0)
WEIGHT_RANGE = (-12.0, 12.0)
CHAIN_X_RANGE = (-3.0, 3.0)
SLIDER_STEP = 0.1
LESSON = "02_chain_rule_and_graphs"


# ---------------------------------------------------------------------------
# The lectures' graphs
# ---------------------------------------------------------------------------
def _named(v, label):
    v.label = label
    return v


def add_mul(x=-2.0, y=5.0, z=-4.0):
    """Lecture 003: ``f = (x + y) z`` with ``q = x + y``."""
    x, y, z = Value(x, "x"), Value(y, "y"), Value(z, "z")
    q = _named(x + y, "q")
    return _named(q * z, "f")


def sigmoid_neuron_primitive(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0):
    """Lecture 003: ``f = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2)))`` from primitive gates
    (``*``, ``+``, ``*-1``, ``exp``, ``+1``, ``1/x``), as the lecture draws it."""
    w0, x0, w1, x1, w2 = Value(w0, "w0"), Value(x0, "x0"), Value(w1, "w1"), Value(x1, "x1"), Value(w2, "w2")
    s = w0 * x0 + w1 * x1 + w2
    return _named(1 / (1 + (s * -1).exp()), "f")


def sigmoid_neuron_gate(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0):
    """The same neuron with one sigmoid gate, local gradient ``s (1 - s)``."""
    w0, x0, w1, x1, w2 = Value(w0, "w0"), Value(x0, "x0"), Value(w1, "w1"), Value(x1, "x1"), Value(w2, "w2")
    return _named((w0 * x0 + w1 * x1 + w2).sigmoid(), "f")


def neuron_002(b=-2.0, w1=-1.0, w2=0.5, w3=10.0, x0=4.0, x1=-2.0, x2=1.0, y=1.0):
    """Lecture 002's neuron: ``z = b + x0 w1 + x1 w2 + x2 w3``, ``a = sigma(z)``, ``C = (a - y)^2``.

    (The lecture writes the bias as ``w0`` in the model and as ``b`` in the weights.)
    """
    b, y = Value(b, "b"), Value(y, "y")
    ws = [Value(w, f"w{i + 1}") for i, w in enumerate((w1, w2, w3))]
    xs = [Value(x, f"x{i}") for i, x in enumerate((x0, x1, x2))]
    z = b
    for w, x in zip(ws, xs):
        z = z + x * w
    z.label = "z"
    a = _named(z.sigmoid(), "a")
    return _named(_named(a - y, "a - y") ** 2, "C")


def nested_chain(x=1.0):
    """Lecture 002: ``f(h(g(m(x))))`` with ``m = -z``, ``g = exp``, ``h = z + 1``, ``f = 1/z``."""
    x = Value(x, "x")
    m = _named(-x, "m")
    g = _named(m.exp(), "g")
    h = _named(g + 1, "h")
    return _named(1 / h, "f")


def linear_regression_004(x1=2.0, x2=-1.0, w1=0.5, w2=-0.3, b=0.1, y=1.0):
    """Lecture 004's linear regression ``z = x1 w1 + x2 w2 + b`` with the cost ``C = 1/2 (y - z)^2``.

    The lecture draws the model ``z = sum_i x_i w_i + b`` as its first computation
    graph and, for regression, takes the cost ``1/2 (y - a^L)^2`` (here ``a^L = z``:
    no activation). Its gradient, by the chain rule through ``z``:
    ``dC/dz = z - y``, ``dC/dw_i = (z - y) x_i``, ``dC/db = z - y``.
    The inputs and weights are the course's choice; the lecture gives no numbers.

    >>> C = linear_regression_004(); C.backward(); round(C.data, 6)
    0.08
    """
    x1, x2, w1, w2, b, y = (Value(v, k) for k, v in
                            (("x1", x1), ("x2", x2), ("w1", w1), ("w2", w2), ("b", b), ("y", y)))
    z = _named(x1 * w1 + x2 * w2 + b, "z")
    return _named(0.5 * _named(y - z, "y - z") ** 2, "C")


def count_gates(root):
    """How many gates (nodes computed from other nodes) a graph has, and how many inputs (leaves).

    Returns ``(gates, leaves)``. Lecture 003's sigmoid neuron drawn with primitive
    gates has 8 gates (2 mul, 2 add, and the 4 gates of the sigmoid: times -1, exp,
    +1, 1/x); with one sigmoid gate it has 5.
    """
    order = root.topological_order()
    gates = sum(1 for v in order if v.inputs)
    return gates, len(order) - gates


def _add_gate(x=3.0, y=-1.0, u=2.0):
    x, y, u = Value(x, "x"), Value(y, "y"), Value(u, "u")
    return _named(_named(x + y, "q") * u, "f")


def _mul_gate(x=3.0, y=-1.0, u=2.0):
    x, y, u = Value(x, "x"), Value(y, "y"), Value(u, "u")
    return _named(_named(x * y, "q") * u, "f")


def _copy_gate(x=2.0, u1=3.0, u2=-1.0):
    x, u1, u2 = Value(x, "x"), Value(u1, "u1"), Value(u2, "u2")
    return _named(_named(u1 * x, "p") + _named(u2 * x, "r"), "f")


def _max_gate(x=3.0, y=-1.0, u=2.0):
    x, y, u = Value(x, "x"), Value(y, "y"), Value(u, "u")
    return _named(_named(x.max(y), "q") * u, "f")


class _BuildFailed(Exception):
    """A build function (maybe a student's) exited, looped or raised: its sentence from the sandboxed runner."""


def _spec(build, ranges):
    """(builder, {input: (start, lo, hi)}) with the starts read from the builder's defaults."""
    import inspect

    defaults = {k: p.default for k, p in inspect.signature(build).parameters.items()}
    return build, {k: (defaults[k], *ranges.get(k, INPUT_RANGE)) for k in defaults}


#: name -> (builder, {input: (start, lo, hi)})
EXAMPLES = {
    "(x + y) z": _spec(add_mul, {}),
    "sigmoid neuron, primitive gates": _spec(sigmoid_neuron_primitive, {}),
    "sigmoid neuron, one sigmoid gate": _spec(sigmoid_neuron_gate, {}),
    "lecture 002 neuron": _spec(neuron_002, {"w3": WEIGHT_RANGE}),
    "f(h(g(m(x))))": _spec(nested_chain, {"x": CHAIN_X_RANGE}),
    "lecture 004 linear regression": _spec(linear_regression_004, {}),
}

#: gradient-flow pattern -> (builder, inputs, what it shows)
PATTERNS = {
    "add": (*_spec(_add_gate, {}), "add gate distributes: x and y both get the upstream gradient u."),
    "mul": (*_spec(_mul_gate, {}), "mul gate swaps: x gets u times y, y gets u times x."),
    "copy": (*_spec(_copy_gate, {}), "copy (fork) adds: x feeds two gates, so its gradient is u1 + u2."),
    "max": (*_spec(_max_gate, {}), "max gate routes: the larger input gets all of u, the other gets 0."),
}


# ---------------------------------------------------------------------------
# The dashboard
# ---------------------------------------------------------------------------
def node_table(model, revealed, title=""):
    """One row per node: its value, and its gradient once the backward pass has reached it.

    The last column shows where the gradient comes from: the downstream numbers
    written on the node's outgoing edges, added (a fork adds).
    """
    done = {s.node for s in model.steps[:revealed]}
    incoming = {i: [] for i in range(len(model.values))}
    for (c, _p, _pos), (_u, _l, d) in zip(model.edges, model.edge_numbers):
        incoming[c].append(d)
    rows = []
    for i, v in enumerate(model.values):
        if i not in done:
            rows.append([model.titles[i], v.data, "?", ""])
        elif v is model.root:
            rows.append([model.titles[i], v.data, v.grad, "1 (the start)"])
        else:
            rows.append([model.titles[i], v.data, v.grad, " + ".join(fmt(d, 4) for d in incoming[i])])
    return Table(["node", "value", "gradient", "sum of its edges"], rows, digits=4, numeric_columns={1, 2},
                 title=title or f"Nodes after {revealed} of {len(model.steps)} backward steps")


class GraphDashboard(Dashboard):
    """A ``Value`` expression as a live computational graph with a backward-pass stepper.

    Parameters
    ----------
    build : callable
        ``build(**inputs) -> Value``: the expression, built afresh for each setting.
    inputs : dict
        ``{name: (start, lo, hi)}``: one slider per input (a keyword of ``build``).
    revealed : int or 'all'
        How many backward steps are shown at the start.
    note : str
        A sentence put before the status (e.g. the pattern a graph shows).

    Drive it from Python: ``dash.set(x=1.0)``, ``dash.press("Backward step")``,
    ``dash.node_values()``, ``dash.edge_texts``, ``dash.table_text``.
    """

    BUTTONS = ("Backward step", "Reset step", "All steps")

    #: seconds a build function may run before it is stopped (it may be a student's)
    timeout = DEFAULT_TIMEOUT

    def __init__(self, build, inputs, revealed=0, note=""):
        super().__init__()
        if not callable(build):
            raise TypeError(f"build must be a function returning a Value, got {type(build).__name__}.")
        if not inputs:
            raise ValueError("inputs must name at least one input: {name: (start, lo, hi)}.")
        self.build = build
        self.note = note
        sliders = {}
        for name, (start, lo, hi) in inputs.items():
            check_setting(name, start, lo, hi)
            sliders[name] = slider(name, start, lo, hi, step=SLIDER_STEP, fmt=".2f", name=name)
        self._watch(**sliders)
        self._button("Backward step", self.step_backward, "reveal the next node of the backward pass", "primary")
        self._button("Reset step", self.reset_steps, "hide the backward pass (forward values only)")
        self._button("All steps", self.all_steps, "show the whole backward pass")
        model = self.model()
        scale, layout = best_layout(model)
        self.graph = GraphView(model, scale, layout)  # SVG in an HTML widget: no FigureView (see GraphView)
        self._model = model
        n = len(model.steps)
        if revealed == "all":
            revealed = n
        self.revealed = int(check_setting("revealed", revealed, 0, n, kind="int"))
        self.arrange(figures=[self.graph.widget])
        self.refresh()

    # -- the model ----------------------------------------------------------
    def model(self):
        """The graph for the current slider values (forward and backward done)."""
        run = run_student(self.build, timeout=self.timeout, **{k: float(v) for k, v in self.values.items()})
        if run.ok:
            return GraphModel(run.value)
        if run.error in ("ValueError", "OverflowError", "ZeroDivisionError"):
            raise ValueError(run.message)   # an extreme setting: said as "cannot be computed"
        raise _BuildFailed(run.message)     # the build function itself exited, looped or broke

    @property
    def steps(self):
        return len(self._model.steps)

    def node_values(self):
        """``{node title: (value, gradient or None if not yet revealed)}``."""
        done = {s.node for s in self._model.steps[:self.revealed]}
        return {t: (v.data, v.grad if i in done else None)
                for i, (t, v) in enumerate(zip(self._model.titles, self._model.values))}

    @property
    def edge_texts(self):
        """The edge labels as drawn, in edge order (``''`` for an edge not yet reached)."""
        return self.graph.texts()[1]

    def edge_names(self):
        """``'input -> gate'`` for each edge, in edge order."""
        t = self._model.titles
        return [f"{t[c]} -> {t[p]}" for c, p, _pos in self._model.edges]

    # -- buttons --------------------------------------------------------------
    def step_backward(self):
        if self.revealed < self.steps:
            self.revealed += 1
        self.refresh()

    def reset_steps(self):
        self.revealed = 0
        self.refresh()

    def all_steps(self):
        self.revealed = self.steps
        self.refresh()

    # -- drawing ----------------------------------------------------------------
    def update(self):
        try:
            model = self.model()
        except _BuildFailed as exc:
            self.set_status(f"The graph's build function did not return a graph. {exc}", "error")
            return
        except ValueError as exc:  # an overflow or a division by zero at an extreme setting
            self.set_status(f"{self.note + ' ' if self.note else ''}These inputs cannot be computed: {exc} "
                            "Move a slider back.", "warn")
            return
        if model.signature != self.graph.signature:  # the expression took another shape (an `if` in build)
            self.graph.relayout(model)
            self.revealed = min(self.revealed, len(model.steps))
        self._model = model
        self.graph.show(model, self.revealed)
        self.set_table(node_table(model, self.revealed))
        self.set_status(self.describe(), "ok" if self.revealed == self.steps else "info")

    def describe(self):
        """The status line: what the last backward step did, in words."""
        m, k, n = self._model, self.revealed, self.steps
        root = m.titles[-1]
        head = f"{self.note} " if self.note else ""
        out = f"{root.split(' ')[0]} = {fmt(m.root.data, 4)}"
        if k == 0:
            return f"{head}Forward pass: {out}. Press Backward step to start at the output (its gradient is 1)."
        step = m.steps[k - 1]
        name = m.titles[step.node]
        parts = [f"Step {k} of {n}: {name} has gradient {fmt(step.grad, 4)}"]
        sources = [d for (c, _p, _pos), (_u, _l, d) in zip(m.edges, m.edge_numbers) if c == step.node]
        if len(sources) > 1:
            parts[0] += " (" + " + ".join(fmt(d, 4) for d in sources) + ": a fork adds)"
        if step.edges:
            written = ", ".join(f"{m.titles[m.edges[e][0]]}: {fmt(u, 3)} \u00d7 {fmt(l, 3)} = {fmt(d, 3)}"
                                for e, u, l, d in step.edges)
            parts.append(f"upstream \u00d7 local on its inputs: {written}")
        text = "; ".join(parts) + "."
        if k == n:
            leaves = [(t, v.grad) for t, v in zip(m.titles, m.values) if not v.inputs]
            text += " Backward pass done: " + ", ".join(f"{t} gets {fmt(gr, 4)}" for t, gr in leaves) + "."
        return head + text

    def plot_values(self):
        """What the figure shows (read from the texts) and the step counter."""
        nodes, edges = self.graph.texts()
        return {"revealed": self.revealed, "steps": self.steps, "nodes": nodes, "edges": edges,
                "edge_names": self.edge_names()}


def example(name, revealed=0):
    """A :class:`GraphDashboard` for one of :data:`EXAMPLES`."""
    if name not in EXAMPLES:
        raise ValueError(f"example must be one of {sorted(EXAMPLES)}, got {name!r}.")
    build, inputs = EXAMPLES[name]
    return GraphDashboard(build, inputs, revealed=revealed)


def pattern(kind, revealed="all"):
    """A small live :class:`GraphDashboard` for one gradient-flow pattern (add, mul, copy, max)."""
    if kind not in PATTERNS:
        raise ValueError(f"pattern must be one of {sorted(PATTERNS)}, got {kind!r}.")
    build, inputs, note = PATTERNS[kind]
    return GraphDashboard(build, inputs, revealed=revealed, note=note)


# ---------------------------------------------------------------------------
# Tables: the chain rule for f(h(g(m(x)))), the nudge, the staged code
# ---------------------------------------------------------------------------
def chain_nodes(x):
    f = nested_chain(x)
    f.backward()
    h = f.inputs[1]
    g = h.inputs[0]
    m = g.inputs[0]
    xv = m.inputs[0]
    return xv, m, g, h, f


def chain_rule_table(x=1.0):
    """Lecture 002's backward pass through ``f(h(g(m(x))))``: each partial product in a row.

    Values come from ``Value.backward()``; the "numbers" column shows the
    product built by hand from the model derivatives, so the table checks itself.
    """
    x = check_setting("x", x)
    xv, m, g, h, f = chain_nodes(x)
    rows = [
        [Math(r"\frac{df}{dh}", "df/dh"), Math(r"f'(h) = -1/h^2", "f'(h) = -1/h^2"),
         f"-1 / {fmt(h.data, 3)}^2", h.grad, "-.53"],
        [Math(r"\frac{df}{dg}", "df/dg"), Math(r"\frac{df}{dh}\,h'(g)", "df/dh * h'(g)"),
         f"{fmt(h.grad, 3)} * 1", g.grad, "-0.53"],
        [Math(r"\frac{df}{dm}", "df/dm"), Math(r"\frac{df}{dg}\,g'(m)", "df/dg * g'(m)"),
         f"{fmt(g.grad, 3)} * e^{fmt(m.data, 3)}", m.grad, "-.20"],
        [Math(r"\frac{df}{dx}", "df/dx"), Math(r"\frac{df}{dm}\,m'(x)", "df/dm * m'(x)"),
         f"{fmt(m.grad, 3)} * (-1)", xv.grad, ".20"],
    ]
    return Table(["derivative", "chain rule", "numbers", "value", "lecture (x = 1)"], rows, digits=4,
                 numeric_columns={3},
                 title=f"f(h(g(m(x)))) at x = {fmt(x, 4)}: m = {fmt(m.data, 4)}, g = {fmt(g.data, 4)}, "
                       f"h = {fmt(h.data, 4)}, f = {fmt(f.data, 4)}")


def nudge_table(x0=1.0, x1=1.1):
    """The nudge from ``x0`` to ``x1``: the change of f against the derivative's prediction."""
    x0, x1 = check_setting("x0", x0), check_setting("x1", x1)
    _xv, _m, _g, _h, f0 = chain_nodes(x0)
    slope = _xv.grad
    f1 = nested_chain(x1).data
    dx = x1 - x0
    rows = [["f(x0)", fmt(x0, 4), f0.data], ["f(x1)", fmt(x1, 4), f1],
            ["actual change f(x1) - f(x0)", "", f1 - f0.data],
            ["predicted change (df/dx)(x0) * (x1 - x0)", f"{fmt(slope, 4)} * {fmt(dx, 4)}", slope * dx],
            ["prediction error", "", slope * dx - (f1 - f0.data)]]
    return Table(["quantity", "numbers", "value"], rows, digits=4, numeric_columns={2},
                 title=f"A nudge from x = {fmt(x0, 4)} to x = {fmt(x1, 4)}")


def staged_vs_value_table(w0=2.0, x0=-1.0, w1=-3.0, x1=-2.0, w2=-3.0):
    """Lecture 003's staged code next to ``Value``: output and every gradient, and their difference."""
    a = staged_sigmoid_neuron(w0, x0, w1, x1, w2)
    b = value_sigmoid_neuron(w0, x0, w1, x1, w2)
    # the numbers the lecture prints in words; the others were on its figure, which did not survive
    lecture = {"L": "0.73", "w0": "-0.2", "x0": "0.4", "w1": "-", "x1": "-", "w2": "0.2"}
    rows = [["L" if k == "L" else f"grad_{k}", a[k], b[k], abs(a[k] - b[k]), lecture[k]] for k in a]
    return Table(["quantity", "staged code", "Value", "difference", "lecture"], rows, digits=4,
                 numeric_columns={1, 2, 3}, title="Lecture 003's staged code and Value agree")


# ---------------------------------------------------------------------------
# Exercises
# ---------------------------------------------------------------------------
#: The exercise graph: q = x * y, r = q + x (x forks), f = r * z; at these inputs every answer and every
#: slip below is a different number (and no slip is just the answer with the wrong sign).
EXERCISE_INPUTS = {"x": -3.0, "y": 4.0, "z": 2.0}


def exercise_graph(x=-3.0, y=4.0, z=2.0):
    """The exercise's graph as a ``Value`` expression: ``q = x y``, ``r = q + x``, ``f = r z``."""
    x, y, z = Value(x, "x"), Value(y, "y"), Value(z, "z")
    q = _named(x * y, "q")
    r = _named(q + x, "r")
    return _named(r * z, "f")


def graph_exercise_answers(x=-3.0, y=4.0, z=2.0):
    """The exercise graph's gradients from ``Value``, and each node's typical slips.

    Returns ``{node: (answer, [(wrong value, why), ...])}`` for r, z, q, y, x
    (the order of the backward pass). A slip is the number a student gets by
    making it: e.g. "not swapping" at ``f = r z`` gives ``df/dr = r``.
    """
    f = exercise_graph(x, y, z)
    f.backward()
    r, zv = f.inputs
    q, xv = r.inputs
    yv = q.inputs[1]
    g = {"r": r.grad, "z": zv.grad, "q": q.grad, "y": yv.grad, "x": xv.grad}
    no_swap = "Not swapped at the mul gate: its local gradient for one input is the OTHER input's value."
    down = ("You multiplied the local gradient by a downstream gradient (one on the input side of the gate) "
            "instead of the upstream gradient, the gradient of the gate's output.")
    return {
        "r": (g["r"], [(r.data, no_swap), (z * g["z"], down)]),
        "z": (g["z"], [(z, no_swap), (r.data * g["r"], down)]),
        "q": (g["q"], [(1.0, "You wrote the local gradient (1) alone: multiply it by the upstream gradient "
                             "df/dr.")]),
        "y": (g["y"], [(g["q"] * y, no_swap), (g["x"] * x, down)]),
        "x": (g["x"], [(g["q"] * y, "Forgot to add at the fork: x feeds two gates; add the gradient from "
                                    "r = q + x as well."),
                       (g["r"], "Forgot to add at the fork: x also feeds q = x * y; add that gradient too."),
                       (g["q"] * x + g["r"], no_swap + " Through q = x * y, x gets df/dq times y."),
                       (g["y"] * y + g["r"], down)]),
    }


def graph_exercise(x=-3.0, y=4.0, z=2.0):
    """The graded graph exercise: fill in df/dnode for each node of ``f = (x y + x) z``."""
    answers = graph_exercise_answers(x, y, z)
    hints = {
        "r": "f = r * z: the mul gate's local gradient for r is z.",
        "z": "f = r * z: the local gradient for z is r = x y + x (its forward value).",
        "q": "r = q + x: an add gate passes the upstream df/dr on unchanged.",
        "y": "q = x * y: upstream df/dq times the other input, x.",
        "x": "x feeds two gates (a fork): df/dq * y from q = x y, plus df/dr * 1 from r = q + x.",
    }
    rows = [{"symbol": Math(rf"\partial f/\partial {n}", f"df/d{n}"), "answer": float(a), "hint": hints[n],
             "mistakes": m} for n, (a, m) in answers.items()]
    title = (rf"The graph $q = x\,y$, $r = q + x$, $f = r\,z$ at $x = {x:g},\ y = {y:g},\ z = {z:g}$ "
             "(x feeds two gates). Fill in the gradient of f at each node, from the output back; "
             "each box is checked on its own.")
    return ChainRuleExercise(title, rows, lesson=LESSON, solution=", ".join(
        f"df/d{n} = {fmt(a, 4)}" for n, (a, _m) in answers.items()))


#: The sigmoid-gate exercise's input: lecture 003's weights, a new input x = (1, -1), so z = 2
#: (the lesson shows every number at the lecture's input x = (-1, -2), z = 1).
GATE_EXERCISE_X = (1.0, -1.0)
#: The nudge exercise: from x = 1 to x = 0.8 (the lesson's table shows the lecture's nudge to 1.1).
NUDGE_EXERCISE_DX = -0.2


def sigmoid_gate_exercise(x0=GATE_EXERCISE_X[0], x1=GATE_EXERCISE_X[1]):
    """The sigmoid gate's local gradient in lecture 003's neuron, at an input the lesson does not show."""
    s = value_sigmoid_neuron(2.0, x0, -3.0, x1, -3.0)["L"]
    at_lecture = value_sigmoid_neuron(2.0, -1.0, -3.0, -2.0, -3.0)["L"]
    return NumberExercise(
        rf"Lecture 003's neuron, weights $w = [2, -3, -3]$ as in section 4, gets a new input $x = [{x0:g}, {x1:g}]$. "
        rf"Its sigmoid gate now outputs $s = {s:.4f}$. What is the gate's local gradient $d\sigma/dz$?",
        s * (1 - s),
        hint="The sigmoid's derivative is written with its output: s (1 - s).",
        solution=f"s (1 - s) = {s:.4f} * {1 - s:.4f} = {s * (1 - s):.4f}",
        mistakes=[(s, "That is s itself; the local gradient is s (1 - s)."),
                  (1 - s, "That is 1 - s; multiply by s as well: s (1 - s)."),
                  (-s * (1 - s), "The sigmoid rises everywhere: its slope is positive."),
                  (at_lecture * (1 - at_lecture), "That is the local gradient at the lecture's input (s = 0.73); "
                                                  "use this gate's output s.")], lesson=LESSON)


def nudge_exercise(dx=NUDGE_EXERCISE_DX):
    """Predict f(1 + dx) from f(1) and df/dx alone (lecture 002's chain): the linear prediction.

    The exact value f(1 + dx) is a different number, and it is not accepted:
    the tolerance is a quarter of the gap between the two, and typing it is named
    as "the exact value".
    """
    _xv, _m, _g, _h, f = chain_nodes(1.0)
    slope = _xv.grad
    answer = f.data + dx * slope
    exact = nested_chain(1.0 + dx).data
    tol = abs(exact - answer) / 4
    x1 = 1.0 + dx
    return NumberExercise(
        rf"For lecture 002's chain, $f(1) = {f.data:.4f}$ and $df/dx = {slope:.4f}$ at $x = 1$. "
        rf"Predict $f({x1:g})$ from these two numbers alone: the linear prediction "
        rf"$f(1) + \frac{{df}}{{dx}}\,\Delta x$ (4 decimals).", answer, rtol=0.0, atol=tol,
        hint=f"f(x + dx) is about f(x) + (df/dx) dx, with dx = {dx:g}.",
        solution=f"{f.data:.4f} + {slope:.4f} * ({dx:g}) = {answer:.4f}. (The exact f({x1:g}) is {exact:.4f}: "
                 "the sigmoid bends, so the straight line misses by a little.)",
        mistakes=[(exact, f"That is the exact value f({x1:g}), computed from the formula; the question asks for "
                          "the linear prediction f(1) + (df/dx) dx from the two numbers given."),
                  (f.data + slope, f"You added the whole derivative; multiply it by the nudge dx = {dx:g} first."),
                  (f.data - dx * slope, "Wrong sign: the change is (df/dx) dx, and here dx is negative."),
                  (dx * slope, "That is the predicted change; add it to f(1).")], lesson=LESSON)


# ---------------------------------------------------------------------------
# Benchmarks
# ---------------------------------------------------------------------------
def big_graph(x0=0.5, x1=-1.0, w1=0.8, w2=-0.4, w3=0.3, w4=0.9, v1=1.2, v2=-0.7, b=0.1, y=1.0):
    """A 25-node graph (two sigmoid hidden units, a sigmoid output, squared error) for benchmarks."""
    x0, x1, y = Value(x0, "x0"), Value(x1, "x1"), Value(y, "y")
    w = [Value(v, f"w{i + 1}") for i, v in enumerate((w1, w2, w3, w4))]
    v1, v2, b = Value(v1, "v1"), Value(v2, "v2"), Value(b, "b")
    h1 = _named((x0 * w[0] + x1 * w[1]).sigmoid(), "h1")
    h2 = _named((x0 * w[2] + x1 * w[3]).sigmoid(), "h2")
    o = _named((h1 * v1 + h2 * v2 + b).sigmoid(), "o")
    return _named((o - y) ** 2, "C")


def benchmark_scenarios():
    """(name, factory, actions) for the graph dashboards; actions mimic a student's drags and steps."""
    import numpy as np

    def sweep(name, values):
        return [(f"{name}={v:.3g}", (lambda d, v=v: d.set(**{name: float(round(v, 1))}))) for v in values]

    steps = ([("Backward step", lambda d: d.press("Backward step"))] * 8
             + [("Reset step", lambda d: d.press("Reset step"))])
    big_inputs = _spec(big_graph, {})[1]
    yield "GraphDashboard 25 nodes", lambda: GraphDashboard(big_graph, big_inputs, revealed="all"), (
        sweep("w1", np.arange(-2, 2.01, 0.2)) + sweep("x0", np.arange(-2, 2.01, 0.2)) + steps * 2)
    yield "GraphDashboard lecture 002", lambda: example("lecture 002 neuron", revealed="all"), (
        sweep("w3", np.arange(6, 12.01, 0.3)) + sweep("x0", np.arange(-2, 4.01, 0.3)) + steps * 2)
