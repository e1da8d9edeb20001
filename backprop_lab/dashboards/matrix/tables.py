"""Backpropagation in matrix form (lesson 07, lectures 003 and 004): its tables, figures and exercises.

Every number comes from :mod:`backprop_core`: the column form and the lectures' networks from
:mod:`backprop_core.matrix_form`, the finite differences from :mod:`backprop_core.finite_differences`,
the batch, symmetry, L2, softmax and numpy-loop experiments from :mod:`backprop_core.training_experiments`.
This module lays them out:

Every table writes the course's one notation (:mod:`backprop_core.notation`: ``a0 = x``, ``W_l``
from layer ``l`` to ``l + 1``); lecture 003's and 004's own numbering appears only in lesson 07's
translation table.

* :func:`shapes_table`: the six formulas of lecture 004 with the shape of every
  factor, for any layer sizes; :func:`bias_column_table`: lecture 003's bias
  column (``[b_l W_l]`` of size ``n_(l+1) x (n_l + 1)``, input 1 first) beside the
  separate ``b``;
* :func:`mazur_matrix_table`: the 2-2-2 network of lesson 06 in matrix form;
* :func:`xnor_example_table`: lecture 003's Examples I and II (the XNOR
  network, input (1, 1): ``a2[0]`` and ``-delta1[0]``, lecture 003's sign), as matrix products
  and element by element;
* batches: :func:`per_example_table`, :func:`spread_figure`; gradient checking:
  :func:`difference_table`, :func:`difference_summary`, :func:`eps_figure`,
  :func:`convergence_table`; :func:`symmetry_table`; :func:`softmax_table`;
  :func:`architecture_table`.

The matrix stepper (:class:`~backprop_lab.dashboards.matrix.stepper.MatrixStepperDashboard`) lives in
:mod:`.stepper`, with :func:`~.stepper.mat_text`, which the tables here use.

Exercises: :func:`shapes_exercise`, :func:`xnor_delta_exercise`,
:func:`sum_average_exercise`.

Left out: the maths itself (:mod:`backprop_core`), and the stepper (:mod:`.stepper`).
"""
from __future__ import annotations

import numpy as np

from backprop_core import notation as N
from backprop_core.finite_differences import difference_rows
from backprop_core.finite_differences import difference_summary as _summary
from backprop_core.matrix_form import XNOR_W2, mazur_matrix, xnor_example
from backprop_core.training_experiments import per_example_gradients, softmax_example, symmetry_run

from ... import theme
from ...controls import check_setting
from ...exercise_widgets import ChainRuleExercise, NumberExercise
from ...tables import Math, Table, fmt
from .stepper import mat_text
from ..network.tables import INPUTS, LR, TARGETS

__all__ = ["shapes_table", "bias_column_table", "mazur_matrix_table", "xnor_example_table", "per_example_table",
           "difference_table", "difference_summary", "symmetry_table", "spread_figure", "eps_figure",
           "convergence_table", "softmax_table", "architecture_table",
           "shapes_exercise", "xnor_delta_exercise", "sum_average_exercise"]

# ---------------------------------------------------------------------------
# shapes
# ---------------------------------------------------------------------------
def _shape(r, c):
    return f"{r} x {c}"


def _m(text, tex):
    """A formula in both forms: plain text for checks, LaTeX for students."""
    return Math(tex, text)


def shapes_table(sizes=(3, 4, 2), layer=None):
    """The six formulas of lecture 004 with the shape of every factor, layer by layer, in the course's notation.

    ``sizes``: units per layer, input first: layer 0 is the input (``a0 = x``), ``W_l`` (code ``weights[l]``)
    leads from layer ``l`` to layer ``l + 1`` and is ``n_(l+1) x n_l``. ``layer``: show only the rows of
    ``W_layer`` (``None``: every layer). One example, column vectors.
    """
    sizes = [check_setting(f"sizes[{i}]", s, 1, None, kind="int") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs an input and an output layer, got {sizes!r}.")
    L = len(sizes) - 1  # layers of weights; the output is layer L
    show = [l for l in range(L) if layer is None or l == layer]
    rows = []
    for l in show:
        n, m = sizes[l + 1], sizes[l]
        z1, W, a0, b, a1 = N.z(l + 1), N.W(l), N.a(l), N.b(l), N.a(l + 1)
        rows.append([_m(f"{z1} = {W} {a0} + {b}",
                        f"{N.z(l + 1, form='tex')} = {N.W(l, form='tex')} {N.a(l, form='tex')} + {N.b(l, form='tex')}"),
                     f"({_shape(n, m)}) ({_shape(m, 1)}) + ({_shape(n, 1)})", _shape(n, 1), "matrix product, sum"])
        rows.append([_m(f"{a1} = phi({z1})", rf"{N.a(l + 1, form='tex')} = \phi({N.z(l + 1, form='tex')})"),
                     f"phi of each of {n} numbers", _shape(n, 1), "element by element"])
    for l in reversed(show):
        n, m = sizes[l + 1], sizes[l]
        d, dt = N.delta(l + 1), N.delta(l + 1, form="tex")
        zt = N.z(l + 1, form="tex")
        if l == L - 1:
            rows.append([_m(f"{d} = grad_a C (.) phi'({N.z(l + 1)})", rf"{dt} = \nabla_a C \odot \phi'({zt})"),
                         f"({_shape(n, 1)}) (.) ({_shape(n, 1)})", _shape(n, 1), "Hadamard product"])
        else:
            k = sizes[l + 2]
            Wn, dn = N.W(l + 1), N.delta(l + 2)
            rows.append([_m(f"{d} = ({Wn}^T {dn}) (.) phi'({N.z(l + 1)})",
                            rf"{dt} = ({N.W(l + 1, form='tex')}^T {N.delta(l + 2, form='tex')}) \odot \phi'({zt})"),
                         f"({_shape(n, k)}) ({_shape(k, 1)}) (.) ({_shape(n, 1)})", _shape(n, 1),
                         "transpose, matrix product, Hadamard"])
        rows.append([_m(f"dC/d{N.W(l)} = {d} {N.a(l)}^T",
                        rf"\partial C/\partial {N.W(l, form='tex')} = {dt}\, {N.a(l, form='tex')}^T"),
                     f"({_shape(n, 1)}) ({_shape(1, m)})", _shape(n, m) + " = shape of " + N.W(l), "outer product"])
        rows.append([_m(f"dC/d{N.b(l)} = {d}", rf"\partial C/\partial {N.b(l, form='tex')} = {dt}"), "-",
                     _shape(n, 1) + " = shape of " + N.b(l), "copy"])
    return Table(["formula", "shapes of the factors", "shape of the result", "operation"], rows,
                 title=f"Shapes for layer sizes {sizes} (layer 0 is the input, a0 = x; W_l is weights[l])")


def bias_column_table(sizes=(2, 2, 1)):
    """Lecture 003's bias column beside lecture 004's separate bias vector, for each layer of weights
    (both in the course's notation: column 0 of ``[b_l W_l]`` is ``b_l``)."""
    sizes = [int(s) for s in sizes]
    rows = []
    for l in range(len(sizes) - 1):
        n_in, n_out = sizes[l], sizes[l + 1]
        W, a, b, Wt, at, bt = N.W(l), N.a(l), N.b(l), N.W(l, form="tex"), N.a(l, form="tex"), N.b(l, form="tex")
        rows.append([f"{W}: layer {l} -> layer {l + 1}",
                     _m(f"[{b} {W}] [1; {a}]", rf"[{bt}\ \ {Wt}]\,[1;\ {at}]"),
                     f"({_shape(n_out, n_in + 1)}) ({_shape(n_in + 1, 1)})",
                     _m(f"{W} {a} + {b}", f"{Wt} {at} + {bt}"),
                     f"({_shape(n_out, n_in)}) ({_shape(n_in, 1)}) + ({_shape(n_out, 1)})", _shape(n_out, 1)])
    return Table(["weights", "bias column (lecture 003's form, input 1 first)", "shapes",
                  "separate b (lecture 004's form)", "shapes", "z"], rows,
                 title=f"Two ways to write the bias, sizes {sizes}: column 0 of [b_l W_l] is b_l")


# ---------------------------------------------------------------------------
# the 2-2-2 network in matrix form
# ---------------------------------------------------------------------------
def mazur_matrix_table(net=None, inputs=INPUTS, targets=TARGETS, lr=LR):
    """The 2-2-2 network's forward pass, deltas, gradients and update as matrix products (9 decimals).

    In the course's notation: ``W0 = [[w1, w2], [w3, w4]]``, ``W1 = [[w5, w6], [w7, w8]]``,
    ``b0 = [b1; b1]``, ``b1 = [b2; b2]`` (lecture 001's names in the second column).
    """
    r = mazur_matrix(net, inputs, targets, lr)
    a, z, d = r["a"], r["z"], r["delta"]
    rows = [
        ["a0 = x", "[i1; i2]", "2 x 1", mat_text(a[0])],
        ["z1 = W0 a0 + b0", "[net_h1; net_h2]", "2 x 1", mat_text(z[0])],
        ["a1 = S(z1)", "[out_h1; out_h2]", "2 x 1", mat_text(a[1])],
        ["z2 = W1 a1 + b1", "[net_o1; net_o2]", "2 x 1", mat_text(z[1])],
        ["a2 = S(z2)", "[out_o1; out_o2]", "2 x 1", mat_text(a[2])],
        ["C = 1/2 |y - a2|^2", "E_total", "1 x 1", mat_text(r["cost"])],
        ["delta2 = (a2 - y) (.) a2 (.) (1 - a2)", "[delta_o1; delta_o2]", "2 x 1", mat_text(d[1])],
        ["dC/dW1 = delta2 a1^T", "[dE/dw5 dE/dw6; dE/dw7 dE/dw8]", "2 x 2", mat_text(r["gW"][1])],
        ["W1^T delta2", "[dE/dout_h1; dE/dout_h2]", "2 x 1", mat_text(r["back"][0])],
        ["delta1 = (W1^T delta2) (.) a1 (.) (1 - a1)", "[delta_h1; delta_h2]", "2 x 1", mat_text(d[0])],
        ["dC/dW0 = delta1 a0^T", "[dE/dw1 dE/dw2; dE/dw3 dE/dw4]", "2 x 2", mat_text(r["gW"][0])],
        [f"W1 - {lr:g} dC/dW1", "[w5+ w6+; w7+ w8+]", "2 x 2", mat_text(r["W_new"][1])],
        [f"W0 - {lr:g} dC/dW0", "[w1+ w2+; w3+ w4+]", "2 x 2", mat_text(r["W_new"][0])],
    ]
    return Table(["matrix form (course)", "lecture 001's names", "shape", "value"], rows, groups=[6, 11],
                 title="Lecture 001's 2-2-2 network in matrix form (9 decimals)")


# ---------------------------------------------------------------------------
# lecture 003's Examples I and II: the XNOR network, input (1, 1)
# ---------------------------------------------------------------------------
def xnor_example_table(activation="sigmoid", digits=4):
    """Example I (sigmoid units) or II (linear units) for input (1, 1): matrix form, then element by element.

    In the course's notation (``a0 = x``, ``[b_l W_l]`` the bias-column form of lecture 003's weights),
    with lecture 003's sign of delta (``y - a``), written ``-delta``. With sigmoid units the second
    entry of ``-delta1`` is shown as ``?``: it is the answer of :func:`xnor_delta_exercise`, and no
    answer appears above its exercise.
    """
    e = xnor_example(activation=activation)
    g = "g"
    W1, W2 = e["W1"], e["W2"]
    z2, a2, z3, a3 = e["z2"][:, 0], e["a2"][:, 0], float(e["z3"][0, 0]), float(e["a3"][0, 0])
    d3, d2 = float(e["delta3"][0, 0]), e["delta2"][:, 0]

    def v(x):  # a number as the element-by-element column writes it; negatives in brackets
        t = fmt(x, digits)
        return f"({t})" if t.startswith("-") else t

    def u(x):  # the same number on its own
        return fmt(x, digits)
    gp = ("a(1 - a)" if activation == "sigmoid" else "1")
    rows = [
        ["[1; a0] = [1; x]", "(n0 + 1) x 1 = 3 x 1", "1 (the bias input), a0[0] = 1, a0[1] = 1",
         mat_text(e["X1"], digits=digits)],
        ["z1 = [b0 W0] [1; a0]", "(2 x 3)(3 x 1) = 2 x 1",
         f"z1[0] = 1*{v(W1[0, 0])} + 1*{v(W1[0, 1])} + 1*{v(W1[0, 2])} = {u(z2[0])}; "
         f"z1[1] = 1*{v(W1[1, 0])} + 1*{v(W1[1, 1])} + 1*{v(W1[1, 2])} = {u(z2[1])}",
         mat_text(z2[:, None], digits=digits)],
        [f"a1 = {g}(z1)", "2 x 1", f"a1[0] = {g}({u(z2[0])}) = {u(a2[0])}; a1[1] = {g}({u(z2[1])}) = {u(a2[1])}",
         mat_text(a2[:, None], digits=digits)],
        ["z2 = [b1 W1] [1; a1]", "(1 x 3)(3 x 1) = 1 x 1",
         f"1*{v(W2[0, 0])} + {v(W2[0, 1])}*{v(a2[0])} + {v(W2[0, 2])}*{v(a2[1])} = {u(z3)}", u(z3)],
        [f"a2 = {g}(z2)", "1 x 1", f"a2[0] = {g}({u(z3)}) = {u(a3)}", u(a3)],
        ["-delta2 = (y - a2) .* g'(z2)", "1 x 1",
         f"(1 - {v(a3)}) * {gp} = {v(1 - a3)} * {v(e['gprime3'][0, 0])} = {u(d3)}", u(d3)],
        ["-delta1 = (W1^T (-delta2)) .* g'(z1)", "(2 x 1)(1 x 1) .* (2 x 1) = 2 x 1",
         f"-delta1[0] = W1[0,0] * (-delta2[0]) * g'(z1[0]) = {v(W2[0, 1])} * {v(d3)} * {v(e['gprime2'][0, 0])}"
         f" = {u(d2[0])}",
         # with sigmoid units -delta1[1] is Exercise 2's answer, so the table leaves it to the student
         f"[{u(d2[0])}; ?]" if activation == "sigmoid" else mat_text(d2[:, None], digits=digits)],
    ]
    title = ("Lecture 003, Example I: XNOR network, sigmoid units, input (1, 1), target 1 "
             "(-delta: lecture 003's sign y - a)" if activation == "sigmoid"
             else "Lecture 003, Example II's simplification on the same network: no activation function, g(z) = z")
    return Table(["step", "shapes", "element by element", "value"], rows, groups=[5], title=title)


# ---------------------------------------------------------------------------
# batches
# ---------------------------------------------------------------------------
def per_example_table(mlp, X, Y, params=(("W", 0, 0, 0), ("W", 1, 0, 1), ("b", 0, 1, None))):
    """Per-example gradients of a few parameters, their mean, and the full-batch gradient (lecture 004).

    ``params``: ``(kind, layer, i, j)`` with code layers (``W0[i,j]`` is ``weights[0][i, j]``).
    """
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    names = [f"{k}{l}[{i},{j}]" if k == "W" else f"{k}{l}[{i}]" for k, l, i, j in params]
    costs, per, full_cost, full = per_example_gradients(mlp, X, Y, params)
    rows = [[f"example {n + 1}: x = ({', '.join(fmt(v, 3) for v in x)}), y = {fmt(y[0], 3)}", c, *vals]
            for n, (x, y, c, vals) in enumerate(zip(X, Y, costs, per))]
    mean = np.mean(per, axis=0)
    rows.append(["mean of the rows above", float(np.mean([r[1] for r in rows])), *mean])
    rows.append(["full batch: MLP.gradients(X, Y)", full_cost, *full])
    return Table(["", "C^(i) (last two rows: C)", *[f"dC/d{n}" for n in names]], rows, groups=[len(X)],
                 highlight={len(X), len(X) + 1}, title="Per-example gradients and their mean = the full-batch gradient")


# ---------------------------------------------------------------------------
# gradient checking (lecture 003: one-sided, eps = 1e-4)
# ---------------------------------------------------------------------------
def difference_table(mlp, X, Y, eps=1e-4, l2=0.0):
    """Every weight: exact (backprop), one-sided and central differences, and their relative errors."""
    rows = [list(r) for r in difference_rows(mlp, X, Y, eps, l2)]
    return Table(["weight", "backprop (exact)", "one-sided", "central", "rel. error one-sided", "rel. error central"],
                 rows, digits=4, title=f"Gradient check with eps = {eps:g}")


def spread_figure(spread):
    """Mini-batch error against batch size (log-log): mean relative error with a band of one std.

    Returns ``(figure, line)``; ``line`` holds the plotted means (read back in checks).
    """
    from ...plotting import COLORS, new_figure

    b = np.array(sorted(spread), float)
    mean = np.array([spread[k][0] for k in sorted(spread)])
    std = np.array([spread[k][1] for k in sorted(spread)])
    fig = new_figure("plot")
    ax = fig.add_axes([0.16, 0.17, 0.8, 0.72])  # room for 12 px tick labels and the y label
    ax.fill_between(b, np.maximum(mean - std, mean * 0.05), mean + std, color=COLORS.get("muted", "#999"), alpha=0.25,
                    label="mean +- one std over the draws")
    (line,) = ax.loglog(b, mean, "o-", color=theme.PALETTE["blue"], label="mean |g_b - g| / |g|")
    ref = mean[0] / np.sqrt(b)
    ax.loglog(b, ref, ":", color="black", label="1 / sqrt(b) from b = 1")
    ax.set_xlabel("mini-batch size b")
    ax.set_ylabel("relative error")
    ax.set_title("How well a mini-batch estimates the full gradient", fontsize=theme.font_pt("title"))
    ax.legend(fontsize=theme.font_pt("small"), loc="lower left")
    ax.grid(True, which="major", alpha=0.3)
    return fig, line


def eps_figure(eps, one, central, lecture_eps=1e-4):
    """Relative error of the one-sided and central differences against eps (log-log). Returns ``(figure, lines)``."""
    from ...plotting import new_figure

    fig = new_figure("plot")
    ax = fig.add_axes([0.13, 0.17, 0.83, 0.72])
    floor = 1e-17
    (l1,) = ax.loglog(eps, np.maximum(one, floor), "o-", ms=3, color=theme.PALETTE["vermillion"],
                      label="one-sided (lecture 003)")
    (l2,) = ax.loglog(eps, np.maximum(central, floor), "s--", ms=3, color=theme.PALETTE["blue"], label="central")
    ax.axvline(lecture_eps, color="black", ls=":", lw=1)
    ax.text(lecture_eps, 1e-1, " eps = 1e-4", fontsize=theme.font_pt("small"), va="top")
    ax.set_xlabel("eps")
    ax.set_ylabel("relative error vs backprop")
    ax.set_title("Finite differences: truncation (right) vs rounding (left)", fontsize=theme.font_pt("title"))
    ax.legend(fontsize=theme.font_pt("small"), loc="lower right")
    ax.grid(True, which="major", alpha=0.3)
    return fig, (l1, l2)


# ---------------------------------------------------------------------------
# lecture 003's convergence test: "if for all W, dJ/dW ~ 0, the system has converged"
# ---------------------------------------------------------------------------
def convergence_table(rows, thresholds=(1e-3, 1e-4, 1e-5)):
    """The run of :func:`convergence_run` with the test's verdict for each threshold ``tau``."""
    head = ["epoch", "J(W)", "max |dJ/dW| (one-sided, eps 1e-4)", "accuracy"] + [f"converged? tau = {t:g}"
                                                                               for t in thresholds]
    body = [[e, J, s, a] + ["yes" if s < t else "no" for t in thresholds] for e, J, s, a in rows]
    return Table(head, body, digits=4, title="Lecture 003's convergence test on XOR, 2-2-1 sigmoid network, lr 2")


def difference_summary(table):
    """Smallest, median and largest relative error of each difference in :func:`difference_table`
    (:func:`backprop_core.finite_differences.difference_summary` on the table's rows)."""
    return _summary(table.rows)


# ---------------------------------------------------------------------------
# softmax and one-hot outputs (lecture 003's multi-class output layer)
# ---------------------------------------------------------------------------
def softmax_table(x=(0.5, -1.0), label=2, seed=0):
    """:func:`softmax_example` as a table, one row per output unit."""
    e = softmax_example(x, label, seed)
    rows = [[k + 1, e["z"][k], e["a"][k], e["y"][k], e["a_minus_y"][k], e["delta"][k], e["numeric"][k]]
            for k in range(3)]
    return Table(["output k", "z_k", "a_k = softmax(z)_k", "y_k (one-hot)", "a_k - y_k", "delta_k (backprop_core)",
                  "dC/dz_k (central differences)"], rows, digits=6,
                 title=f"Softmax + cross-entropy, 3 classes, one example of class {label + 1}")


# ---------------------------------------------------------------------------
# lecture 003's architectures and practical rules, on a small run
# ---------------------------------------------------------------------------
def architecture_table(runs, seeds=3, epochs=1000):
    """:func:`architecture_runs` as a table."""
    rows = [[str(list(s)), len(s) - 2, "-" if len(s) == 2 else ", ".join(str(u) for u in s[1:-1]), loss, acc,
             f"{k} of {seeds}"] for s, (loss, acc, k) in runs.items()]
    return Table(["layer sizes", "hidden layers", "units per hidden layer", "mean final loss", "mean accuracy",
                  "seeds reaching 95 %"], rows, digits=3,
                 title=f"XOR clusters, 200 points, {epochs} epochs, {seeds} seeds each")


# ---------------------------------------------------------------------------
# initialisation: symmetry
# ---------------------------------------------------------------------------
def symmetry_table(epochs=2000):
    """Hidden units' incoming weights after training, from equal and from random weights."""
    rows = []
    for init in ("equal", "random"):
        mlp, hist, X, Y = symmetry_run(init, epochs=epochs)
        W = mlp.weights[0]
        spread = float(np.max(np.ptp(W, axis=0)))
        for u in range(W.shape[0]):
            rows.append([init if u == 0 else "", f"h{u + 1}", W[u, 0], W[u, 1], mlp.biases[0][u],
                         mlp.weights[1][0, u], spread if u == 0 else "",
                         float(hist.final_loss) if u == 0 else ""])
    return Table(["start", "hidden unit", "w from x1", "w from x2", "bias", "w to output",
                  "max difference between units", "final loss"], rows, digits=4, groups=[3],
                 title=f"XOR, 2-3-1 sigmoid network, {epochs} epochs of full-batch descent")


# ---------------------------------------------------------------------------
# exercises
# ---------------------------------------------------------------------------
def shapes_exercise(sizes=(3, 5, 2), lesson=None):
    """Shapes of ``W1``, ``W1^T delta2`` and ``dC/dW0`` for ``sizes`` (the course's notation: layer 0 is the input)."""
    n0, n1, n2 = sizes
    rows = [
        {"symbol": Math(r"\mathrm{rows\ of\ } W_{1}", "rows of W1"), "answer": n2,
         "hint": "W1 takes a1 to z2: it has one row per unit of layer 2.",
         "mistakes": [(n1, "That is the number of columns: W1 has one row per unit it feeds (layer 2).")]},
        {"symbol": Math(r"\mathrm{columns\ of\ } W_{1}", "columns of W1"), "answer": n1,
         "hint": "One column per unit of layer 1 (the input of W1).",
         "mistakes": [(n2, "That is the number of rows; the columns match a1, one per unit of layer 1.")]},
        {"symbol": Math(r"\mathrm{length\ of\ } W_{1}^T \delta_{2}", "length of W1^T delta2"), "answer": n1,
         "hint": f"W1^T is {n1} x {n2}; times the {n2} x 1 vector delta2.",
         "mistakes": [(n2, "Forgot the transpose: W1^T delta2 has one number per unit of layer 1.")]},
        {"symbol": Math(r"\mathrm{numbers\ in\ } \partial C/\partial W_{0}", "numbers in dC/dW0"), "answer": n1 * n0,
         "hint": "dC/dW0 = delta1 a0^T has the shape of W0.",
         "mistakes": [(n1 + n0, "Added: the outer product delta1 a0^T is a whole matrix, rows x columns."),
                      (n2 * n1, "That is W1; W0 takes layer 0 to layer 1.")]},
    ]
    return ChainRuleExercise(f"A network with layer sizes {list(sizes)} (layer 0 is the input, a0 = x). Fill in:",
                             rows, rtol=0, atol=0, lesson=lesson,
                             solution=f"W1 is {n2} x {n1}; W1^T delta2 has {n1} entries; dC/dW0 is {n1} x {n0}.")


def xnor_delta_exercise(lesson=None):
    """Example I's twin: ``-delta1[1]`` (lecture 003's sign) of the XNOR network for input (1, 1)."""
    e = xnor_example()
    d3 = float(e["delta3"][0, 0])
    answer = float(e["delta2"][1, 0])
    a2 = float(e["a2"][1, 0])
    w12 = float(XNOR_W2[0, 2])
    other = float(e["delta2"][0, 0])        # -delta1[0], 0.8 % away: the tolerance must tell them apart
    tol = abs(answer - other) / 4
    return NumberExercise(
        r"Lecture 003's XNOR network, sigmoid units, input $(1, 1)$, target 1. The table gives "
        rf"$-\delta_{{2}}[0] = {d3:.4f}$ (lecture 003's sign, $y - a$). What is $-\delta_{{1}}[1]$, the second "
        "hidden unit's, with the same sign?",
        answer, rtol=0, atol=tol, lesson=lesson,
        hint="-delta1[1] = W1[0,1] * (-delta2[0]) * a1[1] (1 - a1[1]): "
             "the weight from hidden unit 1 to the output.",
        solution=f"a1[1] = S(-0.2) = {a2:.4f}; "
                 f"-delta1[1] = {w12:g} * {d3:.4f} * {a2:.4f} * {1 - a2:.4f} = {answer:.6f}",
        mistakes=[(other, "That is -delta1[0], the first hidden unit (from the table): use unit 1's own slope "
                          "a1[1] (1 - a1[1]) with a1[1] = S(-0.2), and its weight W1[0,1] to the output."),
                  (w12 * d3, "Forgot g'(z1[1]) = a1[1] (1 - a1[1]): the hidden unit is a sigmoid."),
                  (float(XNOR_W2[0, 0]) * d3 * a2 * (1 - a2),
                   "Used b1[0], the bias weight; the bias unit has no delta."),
                  (-answer, "The course's sign (delta = dC/dz, a - y); lecture 003's delta uses y - a."),
                  (w12 * d3 * (-0.2) * 1.2, "Used z in a(1 - a): take the unit's output a1[1] = S(z), not z.")])


def sum_average_exercise(batch=32, lr=0.01, lesson=None):
    """Lecture 003 sums a batch's updates, lecture 004 averages: the learning rate that makes them equal."""
    return NumberExercise(
        rf"Lecture 003's batch mode sums the updates of a batch of {batch} examples with learning rate "
        rf"$\alpha = {lr:g}$. Which learning rate gives exactly the same steps when you average the gradients "
        "(lecture 004)?",
        batch * lr, lesson=lesson,
        hint="The sum is b times the mean.",
        solution=f"sum = {batch} x mean, so alpha * sum = ({batch} alpha) * mean: "
                 f"learning rate {batch} x {lr:g} = {batch * lr:g}.",
        mistakes=[(lr / batch, "Upside down: the average is smaller than the sum, so it needs the larger rate."),
                  (lr, "The same rate gives steps b times shorter when averaging.")],
        rtol=1e-3, atol=1e-5)  # an exact product: 0.3194 is not 0.32
