"""Lecture 001's 2-2-2 network: its tables, exercises and update-order maths (lesson 06).

Tables (importable; lesson 07 reuses them for the matrix form):

* :func:`forward_table`: the forward pass, every value to the lecture's 9 decimals
  (``net_h1 = 0.3775, ..., E_total = 0.298371109``);
* :func:`derivative_table`: ``dE_total/d<weight>`` factor by factor from the
  factor record :meth:`backprop_core.MazurNetwork.factors`: three factors for
  an output weight; for a hidden weight the sum over the two paths (through
  o1 and o2), then S' and the input; for a shared bias one product per neuron;
  then the update;
* :func:`updated_weights_table`: the weights before and after one update;
* :func:`update_order_table`: which update order, and which round count,
  gives which of the lecture's published numbers;
* :func:`translation_table`: lecture 001's names (``w1..w8``, ``b1``, ``net_h1``, ...) beside the
  course's one notation (``W0[0,0]``, ``b0``, ``z1[0]``, ...) and the code, each with its value
  computed both ways (the lesson's one translation table).

Exercises: :func:`home_task_exercise` (the lecture's home task, the updated
w8, factor by factor) and :func:`hidden_weight_exercise` (its twin for a
hidden weight); wrong answers that match a typical slip are named, with the
stable mistake names of the factor records (``'updated_output_weights'``,
``'one_path_only'``, ``'sprime_of_net'``, ...).

The dashboards are in :mod:`backprop_lab.dashboards.network.dashboard`, which also
re-exports everything here (the notebook imports from there).

Left out: the maths (every number comes from :class:`backprop_core.MazurNetwork`;
:func:`error_grid` evaluates the same formulas on a grid for the cost surface
and is checked against it in the tests), and networks of other sizes (lesson 07).
"""
from __future__ import annotations

import math
from functools import lru_cache

import numpy as np

import backprop_core as bp
from backprop_core import notation as N
from backprop_core.factors import MISTAKES

from ...diagram import NetworkDiagram
from ...exercise_widgets import ChainRuleExercise
from ...tables import Math, Table, fmt

__all__ = ["INPUTS", "TARGETS", "LR", "PARAMS", "WEIGHTS", "PUBLISHED", "forward_table", "derivative_table",
           "updated_weights_table", "update_order_runs", "update_order_table", "error_grid", "lecture_round",
           "home_task_exercise", "hidden_weight_exercise", "network_figure", "random_network", "translation_table"]

#: Lecture 001's inputs (i1, i2), targets (o1, o2) and learning rate eta.
INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
LR = 0.5
PARAMS = bp.MazurNetwork.PARAMS
WEIGHTS = PARAMS[:8]
#: The numbers lecture 001 prints, as printed (strings keep their digits).
PUBLISHED = {
    "net_h1": "0.3775", "out_h1": "0.593269992", "out_h2": "0.596884378", "net_o1": "1.105905967",
    "out_o1": "0.75136507", "out_o2": "0.772928465", "E_o1": "0.274811083", "E_o2": "0.023560026",
    "E_total": "0.298371109",
    "dE_total/dout_o1": "0.74136507", "dout_o1/dnet_o1": "0.186815602", "dnet_o1/dw5": "0.593269992",
    "dE_o1/dout_o1": "0.74136507", "dnet_o1/dout_h1": "0.40",
    "dE_total/dw5": "0.082167041",
    "dE_o1/dout_h1": "0.055399425", "dE_o2/dout_h1": "-0.019049119", "dE_total/dout_h1": "0.036350306",
    "dout_h1/dnet_h1": "0.241300709", "dnet_h1/dw1": "0.05", "dE_total/dw1": "0.000438568",
    "w5+": "0.35891648", "w6+": "0.408666186", "w7+": "0.511301270", "w8+": "0.561370121",
    "w1+": "0.149780716", "w2+": "0.19956143", "w3+": "0.24975114", "w4+": "0.29950229",
    "E_total after 1 round": "0.291027924", "E_total after 10,000 rounds": "0.0000351085",
    "out_o1 after 10,000 rounds": "0.015912196", "out_o2 after 10,000 rounds": "0.984065734",
}

#: Slider ranges (each stated once).
WEIGHT_RANGE = (-5.0, 5.0)
INPUT_RANGE = (-1.0, 1.0)
TARGET_RANGE = (0.0, 1.0)
LOG10_LR_RANGE = (-2.0, 2.0)
ROUNDS_RANGE = (1, 10_000)
SURFACE_MODES = ("contour", "3-D")
ORDERS = (("simultaneous", "simultaneous"), ("in place (blog code)", "in_place"))

# which neuron each weight feeds, the input it multiplies, and the output weights after a hidden neuron
FEEDS = {"w1": ("h1", "i1"), "w2": ("h1", "i2"), "w3": ("h2", "i1"), "w4": ("h2", "i2"),
         "w5": ("o1", "h1"), "w6": ("o1", "h2"), "w7": ("o2", "h1"), "w8": ("o2", "h2")}
PATH_WEIGHTS = {"h1": ("w5", "w7"), "h2": ("w6", "w8")}  # (through o1, through o2)


def _tex(name):
    return name[0] + "_" + name[1:] if name[0] in "wbi" else name


def _net(net):
    return bp.MazurNetwork() if net is None else net


def _published(published, key):
    return published.get(key, "") if published else ""


def lecture_round(x, decimals=9):
    """``x`` rounded as the lecture prints it: ``decimals`` places, more for small numbers
    so at least 6 significant digits stay (0.000438567734 -> 0.000438568, 3.51085481e-5 -> 3.51085e-5).

    >>> lecture_round(0.0821670406), lecture_round(1.1059059673), lecture_round(0.0)
    (0.082167041, 1.105905967, 0.0)
    """
    x = float(x)
    if x == 0 or not math.isfinite(x):
        return x
    return round(x, max(decimals, 5 - math.floor(math.log10(abs(x)))))


def _r(x, decimals=9):
    """A number as a table's numbers column quotes it (rounded as the lecture prints)."""
    return fmt(lecture_round(x, decimals), 12)


def _rounded_rows(rows, columns, decimals):
    for r in rows:
        for j in columns:
            if not isinstance(r[j], (str, Math)) and r[j] is not None:
                r[j] = lecture_round(r[j], decimals)
    return rows


# -- tables --------------------------------------------------------------------
def forward_table(net=None, inputs=INPUTS, targets=TARGETS, decimals=9, published=None):
    """The forward pass of the 2-2-2 network: quantity, formula, numbers, value.

    Parameters
    ----------
    net : backprop_core.MazurNetwork, optional
        Default: the lecture's weights.
    inputs, targets : pair of float
    decimals : int
        Decimal places of the values (9, as the lecture prints them; small
        numbers keep 6 significant digits, see :func:`lecture_round`).
    published : dict, optional
        ``{quantity: text}`` (e.g. :data:`PUBLISHED`): adds a column with
        what the lecture prints.

    Examples
    --------
    >>> forward_table().rows[-1][-1]        # E_total, as the lecture prints it
    0.298371109
    """
    net = _net(net)
    f = net.forward(inputs)
    w = net.weights
    t1, t2 = (float(t) for t in targets)
    g = lambda x: fmt(x, 4)  # noqa: E731  (the numbers column quotes its inputs short)
    E1, E2 = 0.5 * (t1 - f.out_o1) ** 2, 0.5 * (t2 - f.out_o2) ** 2

    def net_row(unit, wa, wb, xa, xb, bias, xa_name, xb_name, value):
        latex = rf"{_tex(wa)}\,{xa_name[1]} + {_tex(wb)}\,{xb_name[1]} + {_tex(bias)}"
        plain = f"{wa} {xa_name[0]} + {wb} {xb_name[0]} + {bias}"
        return [Math(f"net_{{{unit}}}", f"net_{unit}"), Math(latex, plain),
                f"{g(w[wa])} * {g(xa)} + {g(w[wb])} * {g(xb)} + {g(w[bias])}", value]

    def out_row(unit, net_value, value):
        return [Math(f"out_{{{unit}}}", f"out_{unit}"), Math(f"S(net_{{{unit}}})", f"S(net_{unit})"),
                f"S({_r(net_value, decimals)})", value]

    i1, i2 = ("i1", "i_1"), ("i2", "i_2")
    h1, h2 = ("out_h1", "out_{h1}"), ("out_h2", "out_{h2}")
    rows = [
        net_row("h1", "w1", "w2", f.i1, f.i2, "b1", i1, i2, f.net_h1), out_row("h1", f.net_h1, f.out_h1),
        net_row("h2", "w3", "w4", f.i1, f.i2, "b1", i1, i2, f.net_h2), out_row("h2", f.net_h2, f.out_h2),
        net_row("o1", "w5", "w6", f.out_h1, f.out_h2, "b2", h1, h2, f.net_o1), out_row("o1", f.net_o1, f.out_o1),
        net_row("o2", "w7", "w8", f.out_h1, f.out_h2, "b2", h1, h2, f.net_o2), out_row("o2", f.net_o2, f.out_o2),
        [Math("E_{o1}", "E_o1"), Math(r"\frac{1}{2}(target_{o1} - out_{o1})^2", "1/2 (target_o1 - out_o1)^2"),
         f"1/2 ({g(t1)} - {_r(f.out_o1, decimals)})^2", E1],
        [Math("E_{o2}", "E_o2"), Math(r"\frac{1}{2}(target_{o2} - out_{o2})^2", "1/2 (target_o2 - out_o2)^2"),
         f"1/2 ({g(t2)} - {_r(f.out_o2, decimals)})^2", E2],
        [Math("E_{total}", "E_total"), Math("E_{o1} + E_{o2}", "E_o1 + E_o2"),
         f"{_r(E1, decimals)} + {_r(E2, decimals)}", net.total_error(inputs, targets)],
    ]
    columns = ["quantity", "formula", "numbers", "value"]
    if published:
        columns.append("lecture")
        for r in rows:
            r.append(_published(published, r[0].text))
    return Table(columns, _rounded_rows(rows, [3], decimals),
                 title=f"Forward pass (i1 = {g(f.i1)}, i2 = {g(f.i2)}, targets {g(t1)}, {g(t2)})",
                 digits=12, numeric_columns={3}, groups=[2, 4, 6, 8])


def _factor_row(step, f, published):
    row = [step, Math(f.latex_symbol, f.symbol), Math(f.latex_formula, f.formula), f.value]
    if published is not None:
        row.append(_published(published, f.symbol))
    return row


def _path_label(chain):
    """``'dE_o1/dout_h1'`` -> ``'via o1'``."""
    return "via " + chain.symbol.split("/")[0][3:]


def derivative_table(net=None, inputs=INPUTS, targets=TARGETS, weight="w5", lr=LR, decimals=9, published=None):
    """``dE_total/d<weight>`` factor by factor, then the update ``w+ = w - eta dE_total/dw``.

    Built from :meth:`backprop_core.MazurNetwork.factors`. Output weight
    (w5..w8): the three factors and their product. Hidden weight (w1..w4):
    each of the two paths through o1 and o2 with its own factors and product,
    their **sum** ``dE_total/dout_h``, then ``dout_h/dnet_h`` and the input.
    Shared bias (b1, b2): one product per neuron it feeds, then their sum.

    The first column says what a row is: ``factor``, ``via o1``/``via o2``
    (a path's factor; its last row is the path's product), ``sum of paths``,
    ``product``, ``update``; ``neuron h1`` ... for a bias. Rows of the
    product and the update are highlighted. ``published``: add the lecture's
    printed numbers (keys are the plain symbols, e.g. ``'dE_total/dw5'``).

    Examples
    --------
    >>> t = derivative_table(weight="w5")
    >>> [r[0] for r in t.rows]
    ['factor', 'factor', 'factor', 'product', 'update']
    """
    net = _net(net)
    rec = net.factors(inputs, targets, weight, lr=lr)
    pub = published if published else None
    rows, groups, marked = [], [], set()

    def chain_rows(chain, label_factor):
        for f in chain.factors:
            if f.kind == "sum":
                for path in chain.paths:
                    groups.append(len(rows))
                    for pf in path.factors:
                        rows.append(_factor_row(_path_label(path), pf, pub))
                    rows.append(_factor_row(_path_label(path), _as_factor(path), pub))
                    rows[-1][0] = _path_label(path) + ": product"
                groups.append(len(rows))
                rows.append(_factor_row("sum of paths", f, pub))
            else:
                rows.append(_factor_row(label_factor, f, pub))

    if rec.units:
        for unit in rec.units:
            groups.append(len(rows))
            name = unit.symbol.split("/d")[1].split(" ")[0].replace("net_", "")
            for f in unit.factors:
                label = f"neuron {name}"
                row = _factor_row(label, f, pub)
                rows.append(row)
            rows.append(_factor_row(f"neuron {name}: product", _as_factor(unit), pub))
    else:
        chain_rows(rec, "factor")
    groups.append(len(rows))
    marked.add(len(rows))
    rows.append(_factor_row("product", _as_factor(rec), pub))
    w = net.weights[weight]
    new = w - lr * rec.product
    wl = _tex(weight)
    marked.add(len(rows))
    row = ["update", Math(wl + r"^+ = " + wl + r" - \eta\,\frac{\partial E_{total}}{\partial " + wl + "}",
                          f"{weight}+ = {weight} - lr * dE_total/d{weight}"),
           f"{_r(w, decimals)} - {fmt(lr, 4)} * {_r(rec.product, decimals)}", new]
    if pub is not None:
        row.append(_published(pub, f"{weight}+"))
    rows.append(row)
    columns = ["step", "derivative", "formula", "value"] + (["lecture"] if pub is not None else [])
    return Table(columns, _rounded_rows(rows, [3], decimals), groups=groups, highlight=marked, digits=12,
                 numeric_columns={3},
                 title=f"dE_total/d{weight} by the chain rule (learning rate {fmt(lr, 4)})")


def _as_factor(chain):
    """A chain's product as a row: symbol, the factors it multiplies, value."""
    from backprop_core.factors import Factor

    return Factor(chain.symbol, chain.formula, chain.product, chain.latex_symbol, chain.latex_formula, "product")


def updated_weights_table(net=None, inputs=INPUTS, targets=TARGETS, lr=LR, names=WEIGHTS, decimals=9,
                          update="simultaneous", published=None):
    """The weights before and after one update, with their gradients.

    ``update``: ``'simultaneous'`` (every gradient from the old weights; the
    lecture's w1+..w8+) or ``'in_place'`` (see :class:`backprop_core.MazurNetwork`).
    """
    net = _net(net)
    g = net.gradients(inputs, targets)
    new = net.step(inputs, targets, lr, update=update).weights
    rows = []
    for k in names:
        r = [k, net.weights[k], g[k], new[k]]
        if published:
            r.append(_published(published, f"{k}+"))
        rows.append(r)
    cols = ["weight", "before", "dE_total/dw", "after: w - lr * dE_total/dw"] + (["lecture"] if published else [])
    return Table(cols, _rounded_rows(rows, [1, 2, 3], decimals), digits=12, numeric_columns={1, 2, 3},
                 title=f"One update ({update.replace('_', ' ')}, learning rate {fmt(lr, 4)})")


@lru_cache(maxsize=8)
def update_order_runs(rounds=10_000, lr=LR, inputs=INPUTS, targets=TARGETS):
    """Both update orders from the lecture's weights: ``{order: (run of rounds - 1, network after rounds)}``.

    The run of ``rounds - 1`` rounds holds every error; one more step gives
    the network after ``rounds`` (so both 9,999 and 10,000 are at hand).
    """
    out = {}
    for order in ("simultaneous", "in_place"):
        run = bp.MazurNetwork().train(inputs, targets, lr, rounds - 1, update=order)
        last = run.network.step(inputs, targets, lr, update=order)
        out[order] = (run, last)
    return out


def _agrees(value, printed):
    """``value`` rounds to the lecture's ``printed`` number (to its decimals)."""
    decimals = len(printed.split(".")[1]) if "." in printed else 0
    return round(value, decimals) == round(float(printed), decimals)


def update_order_table(highlight=None):
    """Which update order, and which round count, gives which published number.

    Rows: E_total after 1, 9,999 and 10,000 rounds and both outputs after
    9,999 and 10,000 rounds; columns: what the lecture prints, both orders,
    and which of them agrees with the lecture to its printed digits.
    ``highlight``: ``'simultaneous'`` or ``'in_place'``: mark the rows that order matches.
    """
    runs = update_order_runs()
    vals = {}
    for order, (run, last) in runs.items():
        n9999 = run.network.forward(INPUTS)
        n10000 = last.forward(INPUTS)
        vals[order] = {"E_total after 1 round": run.errors[1],
                       "E_total after 9,999 rounds": run.errors[-1],
                       "E_total after 10,000 rounds": last.total_error(INPUTS, TARGETS),
                       "out_o1 after 9,999 rounds": n9999.out_o1, "out_o1 after 10,000 rounds": n10000.out_o1,
                       "out_o2 after 9,999 rounds": n9999.out_o2, "out_o2 after 10,000 rounds": n10000.out_o2}
    lecture = {"E_total after 1 round": PUBLISHED["E_total after 1 round"],
               "E_total after 9,999 rounds": PUBLISHED["E_total after 10,000 rounds"] + " (printed for 10,000)",
               "E_total after 10,000 rounds": PUBLISHED["E_total after 10,000 rounds"],
               "out_o1 after 9,999 rounds": "", "out_o1 after 10,000 rounds": PUBLISHED["out_o1 after 10,000 rounds"],
               "out_o2 after 9,999 rounds": "", "out_o2 after 10,000 rounds": PUBLISHED["out_o2 after 10,000 rounds"]}
    rows, marked = [], set()
    for i, (key, printed) in enumerate(lecture.items()):
        match = []
        if printed:
            p = printed.split(" ")[0]
            match = [name for order, name in (("simultaneous", "simultaneous"), ("in_place", "in place"))
                     if _agrees(vals[order][key], p)]
        if highlight is not None and highlight.replace("_", " ") in match:
            marked.add(i)
        rows.append([key, printed or "-", vals["simultaneous"][key], vals["in_place"][key],
                     " and ".join(match) if match else ("neither" if printed else "-")])
    return Table(["quantity", "lecture prints", "simultaneous", "in place (blog code)", "agrees with the lecture"],
                 _rounded_rows(rows, [2, 3], 9), digits=12, numeric_columns={2, 3}, highlight=marked,
                 title="The two update orders against the lecture's published numbers (learning rate 0.5)")


# -- the cost surface ----------------------------------------------------------
def _sigmoid(z):
    return bp.activations.sigmoid(z)


def error_grid(weights, inputs, targets, x_name, xs, y_name, ys):
    """E_total with ``x_name`` over ``xs`` and ``y_name`` over ``ys``, the rest of ``weights`` fixed.

    The formulas of :class:`backprop_core.MazurNetwork`, evaluated on a grid
    with numpy: ``grid[i, j]`` is E_total at ``x = xs[j], y = ys[i]``.
    """
    X, Y = np.meshgrid(np.asarray(xs, float), np.asarray(ys, float))
    p = {k: float(v) for k, v in weights.items()}
    p[x_name], p[y_name] = X, Y
    i1, i2 = inputs
    t1, t2 = targets
    out_h1 = _sigmoid(p["w1"] * i1 + p["w2"] * i2 + p["b1"])
    out_h2 = _sigmoid(p["w3"] * i1 + p["w4"] * i2 + p["b1"])
    out_o1 = _sigmoid(p["w5"] * out_h1 + p["w6"] * out_h2 + p["b2"])
    out_o2 = _sigmoid(p["w7"] * out_h1 + p["w8"] * out_h2 + p["b2"])
    return np.broadcast_to(0.5 * (t1 - out_o1) ** 2 + 0.5 * (t2 - out_o2) ** 2, X.shape)


# -- a static picture ------------------------------------------------------------
def network_figure(net=None, inputs=INPUTS, targets=TARGETS, select=None, figsize="diagram short"):
    """The 2-2-2 network with every weight and bias on its connection; returns ``(figure, diagram)``.

    ``select``: a weight whose gradient is shown; for a hidden weight the
    two paths from its neuron to the error are highlighted, each labelled
    with its contribution ("when several gradients come into a neuron, add
    them"). Put ``figure.canvas`` in a box to show it (see the notebook).
    """
    from ...plotting import new_figure

    net = _net(net)
    fig = new_figure(figsize)
    ax = fig.add_axes([0.0, 0.0, 1.0, 0.9])
    d = NetworkDiagram.lecture_001(ax, max_weight=1.0)
    w = net.weights
    d.set_weights(w)
    d.set_edge_labels({k: f"{k} = {w[k]:g}" for k in PARAMS})
    f = net.forward(inputs)
    for node, v in {"i1": f.i1, "i2": f.i2, "h1": f.out_h1, "h2": f.out_h2, "o1": f.out_o1, "o2": f.out_o2}.items():
        d.node_names[node].set_text(f"{node}\n{fmt(v, 3)}")
        d.node_names[node].set_verticalalignment("center")
    title = "lecture 001's 2-2-2 network (circles: out of each unit)"
    if select is not None:
        rec = net.factors(inputs, targets, select)
        d.select(select)
        if select in FEEDS and FEEDS[select][0].startswith("h"):
            h = FEEDS[select][0]
            (a, b), (p1, p2) = PATH_WEIGHTS[h], (q.product for q in rec.paths)
            d.highlight((select, a, b), notes={a: f"via o1\n{_r(p1)}", b: f"via o2\n{_r(p2)}"})
            title = (f"dE_total/dout_{h} = {_r(p1)} (via o1) + {_r(p2)} (via o2) = {_r(p1 + p2)}")
        else:
            d.highlight((select,))
            title = f"dE_total/d{select} = {_r(rec.product)}"
    fig.text(0.5, 0.96, title, ha="center", va="center", fontsize=9)
    return fig, d


#: Lecture 001's symbols in the course's notation (backprop_core.notation: a0 = x, W_l from layer l to l + 1):
#: (lecture symbol, course symbol, code name, what).
TRANSLATION = [
    ("i1, i2", "a0[0], a0[1]", "x = activations[0]", "the inputs"),
    *[(f"w{1 + 2 * j + k}", N.W(0, j, k), f"mlp.weights[0][{j}, {k}]",
       f"{('i1', 'i2')[k]} -> {('h1', 'h2')[j]}") for j in range(2) for k in range(2)],
    *[(f"w{5 + 2 * j + k}", N.W(1, j, k), f"mlp.weights[1][{j}, {k}]",
       f"{('h1', 'h2')[k]} -> {('o1', 'o2')[j]}") for j in range(2) for k in range(2)],
    ("b1 (shared)", "b0[0] = b0[1]", "mlp.biases[0]", "the hidden layer's bias, one number for both"),
    ("b2 (shared)", "b1[0] = b1[1]", "mlp.biases[1]", "the output layer's bias, one number for both"),
    ("net_h1, net_h2", "z1[0], z1[1]", "zs[0]", "hidden neurons' net input"),
    ("out_h1, out_h2", "a1[0], a1[1]", "activations[1]", "hidden neurons' output"),
    ("net_o1, net_o2", "z2[0], z2[1]", "zs[1]", "output neurons' net input"),
    ("out_o1, out_o2", "a2[0], a2[1]", "activations[2]", "the outputs"),
    ("E_total", "C", "mlp.loss(x, y)", "the error (half the sum of squares, one example)"),
    ("delta_o1, delta_o2", "delta2[0], delta2[1]", "dC/db1 = gradients(x, y)[1][1]", "dE_total/dnet_o"),
    ("delta_h1, delta_h2", "delta1[0], delta1[1]", "dC/db0 = gradients(x, y)[1][0]", "dE_total/dnet_h"),
]


def translation_table(net=None, inputs=INPUTS, targets=TARGETS):
    """Lecture 001's symbols -> the course's -> the code, with each value from the lecture's network
    (:class:`~backprop_core.MazurNetwork`) and from the same network as an MLP (:meth:`MLP.from_mazur`).

    The two value columns agree row by row: that is the proof the translation is right.
    """
    net = net or bp.MazurNetwork()
    mlp = bp.MLP.from_mazur(net)
    f, back = net.forward(inputs), net.backward(inputs, targets)
    zs, acts = mlp.forward_pass(inputs)
    _, gb = mlp.gradients(inputs, targets)
    w = net.weights
    lecture = [(f"{inputs[0]:g}, {inputs[1]:g}"), *[w[f"w{n}"] for n in range(1, 9)], w["b1"], w["b2"],
               (f.net_h1, f.net_h2), (f.out_h1, f.out_h2), (f.net_o1, f.net_o2), (f.out_o1, f.out_o2),
               net.total_error(inputs, targets), (back.delta_o1, back.delta_o2), (back.delta_h1, back.delta_h2)]
    course = [(f"{acts[0][0, 0]:g}, {acts[0][0, 1]:g}"), *[mlp.weights[0][j, k] for j in range(2) for k in range(2)],
              *[mlp.weights[1][j, k] for j in range(2) for k in range(2)], mlp.biases[0][0], mlp.biases[1][0],
              tuple(zs[0][0]), tuple(acts[1][0]), tuple(zs[1][0]), tuple(acts[2][0]), mlp.loss(inputs, targets),
              tuple(gb[1]), tuple(gb[0])]

    def show(v):
        if isinstance(v, str):
            return v
        return ", ".join(fmt(lecture_round(float(x)), 12) for x in np.atleast_1d(v))
    rows = [[lec, cou, code, show(lv), show(cv), what]
            for (lec, cou, code, what), lv, cv in zip(TRANSLATION, lecture, course)]
    return Table(["lecture 001", "course", "code (MLP.from_mazur)", "lecture's network", "as an MLP", "what"], rows,
                 groups=[1, 9, 11, 15], title="Lecture 001's names in the course's notation (9 decimals)")


def random_network(seed):
    """A 2-2-2 network for a fresh exercise: w1..w8 uniform in [-1, 1] to 2 decimals (biases as in the lecture)."""
    rng = np.random.default_rng(seed)
    w = np.round(rng.uniform(-1, 1, size=8), 2)
    w[w == 0] = 0.5
    return bp.MazurNetwork(dict(zip(WEIGHTS, map(float, w))))


# -- exercises -----------------------------------------------------------------
def _m(name, rec):
    """``[(value, explanation)]`` of mistake ``name`` of a factor record (if it applies)."""
    v = rec.mistakes().get(name)
    return [] if v is None else [(v, MISTAKES[name])]


def home_task_exercise(net=None, inputs=INPUTS, targets=TARGETS, lr=LR, weight="w8"):
    """The lecture's home task: the updated ``w8`` after the first forward pass, factor by factor.

    Rows: ``dE_total/dout_o2``, ``dout_o2/dnet_o2``, ``dnet_o2/dw8``, their
    product, and ``w8+``. Each cell names the slip its wrong value matches
    (wrong sign, S' of net, forgot S', wrong input, the weight for the input,
    a plus instead of a minus, the learning rate left out).
    """
    net = _net(net)
    if weight not in ("w5", "w6", "w7", "w8"):
        raise ValueError(f"weight must be an output weight 'w5'..'w8', got {weight!r}.")
    rec = net.factors(inputs, targets, weight, lr=lr)
    f = net.forward(inputs)
    o, src = FEEDS[weight]
    out_o, net_o = getattr(f, f"out_{o}"), getattr(f, f"net_{o}")
    other = {"h1": f.out_h2, "h2": f.out_h1}[src]
    c, s, x = (q.value for q in rec.factors)
    w = net.weights[weight]
    rows = [
        {"symbol": Math(rec.factors[0].latex_symbol, rec.factors[0].symbol), "answer": c,
         "hint": f"E_total = 1/2 (target_{o} - out_{o})^2 + ...; differentiate with respect to out_{o}.",
         "mistakes": [(-c, MISTAKES["sign"])]},
        {"symbol": Math(rec.factors[1].latex_symbol, rec.factors[1].symbol), "answer": s,
         "hint": f"out_{o} = S(net_{o}) and S' = out (1 - out).",
         "mistakes": [(net_o * (1 - net_o), MISTAKES["sprime_of_net"]),
                      (out_o, "Forgot the (1 - out): S'(net) = out (1 - out).")]},
        {"symbol": Math(rec.factors[2].latex_symbol, rec.factors[2].symbol), "answer": x,
         "hint": f"net_{o} = ... + {weight} out_{src} + ...: what multiplies {weight}?",
         "mistakes": [(other, MISTAKES["wrong_input"]), (w, MISTAKES["weight_for_input"])]},
        {"symbol": Math(rec.latex_symbol, rec.symbol), "answer": rec.product,
         "hint": "Multiply the three factors above.", "mistakes": rec.mistake_list()},
        {"symbol": Math(_tex(weight) + "^+", f"{weight}+"), "answer": w - lr * rec.product, "step": lr * rec.product,
         "hint": f"{weight}+ = {weight} - eta * dE_total/d{weight}, with eta = {fmt(lr, 4)}.",
         "mistakes": [(w + lr * rec.product, "Added the step: gradient descent SUBTRACTS eta times the gradient."),
                      (w, f"That is {weight} before the step; subtract eta times the gradient from it."),
                      (w - rec.product, f"Left out the learning rate eta = {fmt(lr, 4)}.")]
                     + [(w - lr * v, "The gradient in it is off: " + MISTAKES[k])
                        for k, v in rec.mistakes().items()]},
    ]
    title = (rf"Home task (lecture 001): the updated ${_tex(weight)}$ after the first forward pass, with "
             rf"$\eta = {lr:g}$. Fill in each factor of $\partial E_{{total}}/\partial {_tex(weight)}$, "
             "their product, then the new weight.")
    return ChainRuleExercise(title, rows, atol=1e-7, results=(3, 4),
                             solution=f"{weight}+ = {fmt(w, 9)} - {fmt(lr, 4)} * ("
                             + " * ".join(fmt(q.value, 6) for q in rec.factors) + f") = {fmt(w - lr * rec.product, 9)}")


def hidden_weight_exercise(net=None, inputs=INPUTS, targets=TARGETS, lr=LR, weight="w3"):
    """The hidden-weight twin of the home task: ``dE_total/d<weight>`` and the new weight.

    Rows: the two paths ``dE_o1/dout_h`` and ``dE_o2/dout_h``, their sum,
    ``dout_h/dnet_h``, ``dnet_h/d<weight>``, the product and the new weight.
    Named slips: the already-updated w5..w8 in a path (``'updated_output_weights'``),
    one path only (``'one_path_only'``), S' taken of net (``'sprime_of_net'``),
    a forgotten S', the wrong input, the sign.
    """
    net = _net(net)
    if weight not in ("w1", "w2", "w3", "w4"):
        raise ValueError(f"weight must be a hidden weight 'w1'..'w4', got {weight!r}.")
    rec = net.factors(inputs, targets, weight, lr=lr)
    f = net.forward(inputs)
    h, src = FEEDS[weight]
    sum_f, sp_f, x_f = rec.factors
    out_h, net_h = getattr(f, f"out_{h}"), getattr(f, f"net_{h}")
    new_w = net.step(inputs, targets, lr).weights
    rows = []
    for path, wname in zip(rec.paths, PATH_WEIGHTS[h]):
        delta = path.factors[0].value * path.factors[1].value
        rows.append({"symbol": Math(path.latex_symbol, path.symbol), "answer": path.product,
                     "hint": f"dE_o/dnet_o (as for the output weights) times dnet_o/dout_{h} = {wname}.",
                     "mistakes": [(delta * new_w[wname], MISTAKES["updated_output_weights"]),
                                  (-path.product, MISTAKES["sign"])]})
    p1, p2 = (p.product for p in rec.paths)
    updated_sum = sum(p.factors[0].value * p.factors[1].value * new_w[wn] for p, wn in zip(rec.paths, PATH_WEIGHTS[h]))
    rows.append({"symbol": Math(sum_f.latex_symbol, sum_f.symbol), "answer": sum_f.value,
                 "hint": f"out_{h} feeds both o1 and o2: add the two paths above.",
                 "mistakes": [(p1, MISTAKES["one_path_only"]), (p2, MISTAKES["one_path_only"]),
                              (updated_sum, MISTAKES["updated_output_weights"])]})
    rows.append({"symbol": Math(sp_f.latex_symbol, sp_f.symbol), "answer": sp_f.value,
                 "hint": f"out_{h} = S(net_{h}); S' = out (1 - out).",
                 "mistakes": [(net_h * (1 - net_h), MISTAKES["sprime_of_net"]),
                              (out_h, "Forgot the (1 - out): S'(net) = out (1 - out).")]})
    other_input = {"i1": f.i2, "i2": f.i1}[src]
    rows.append({"symbol": Math(x_f.latex_symbol, x_f.symbol), "answer": x_f.value,
                 "hint": f"net_{h} = ... + {weight} {src} + ...: what multiplies {weight}?",
                 "mistakes": [(other_input, MISTAKES["wrong_input"]),
                              (net.weights[weight], MISTAKES["weight_for_input"])]})
    rows.append({"symbol": Math(rec.latex_symbol, rec.symbol), "answer": rec.product,
                 "hint": "Multiply the sum, S' and the input.", "mistakes": rec.mistake_list()})
    w = net.weights[weight]
    rows.append({"symbol": Math(_tex(weight) + "^+", f"{weight}+"), "answer": w - lr * rec.product,
                 "step": lr * rec.product,  # judged against the step (0.00049 for the twin), not the weight
                 "hint": f"{weight}+ = {weight} - eta * dE_total/d{weight}.",
                 "mistakes": [(w + lr * rec.product,
                               "Added the step: gradient descent SUBTRACTS eta times the gradient."),
                      (w, f"That is {weight} before the step; subtract eta times the gradient from it."),
                              (w - rec.product, f"Left out the learning rate eta = {fmt(lr, 4)}.")]
                             + [(w - lr * v, "The gradient in it is off: " + MISTAKES[k])
                                for k, v in rec.mistakes().items()]})
    title = (rf"The twin for a hidden weight: $\partial E_{{total}}/\partial {_tex(weight)}$ through both paths, "
             rf"then the new ${_tex(weight)}$ ($\eta = {lr:g}$). Use the weights from BEFORE the update everywhere.")
    return ChainRuleExercise(title, rows, atol=1e-7, results=(5, 6), solution=(
        f"dE_total/dout_{h} = {fmt(p1, 6)} + {fmt(p2, 6)} = {fmt(sum_f.value, 6)}; dE_total/d{weight} = "
        f"{fmt(sum_f.value, 6)} * {fmt(sp_f.value, 6)} * {fmt(x_f.value, 6)} = {fmt(rec.product, 6)}; "
        f"{weight}+ = {fmt(w - lr * rec.product, 9)}"))
