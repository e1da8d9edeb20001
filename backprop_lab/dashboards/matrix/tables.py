"""Backpropagation in matrix form (lesson 07, lectures 003 and 004): its tables, figures and exercises.

Every number comes from :mod:`backprop_core`: the column form and the lectures' networks from
:mod:`backprop_core.matrix_form`, the finite differences from :mod:`backprop_core.finite_differences`,
the batch, symmetry, L2, softmax and numpy-loop experiments from :mod:`backprop_core.training_experiments`.
This module lays them out:

* :func:`shapes_table`: the six formulas of lecture 004 with the shape of every
  factor, for any layer sizes; :func:`bias_column_table`: lecture 003's bias
  column (``W`` of size ``s_(j+1) x (s_j + 1)``, ``x_0 = 1``) beside the
  separate ``b``;
* :func:`mazur_matrix_table`: the 2-2-2 network of lesson 06 in matrix form;
* :func:`xnor_example_table`: lecture 003's Examples I and II (the XNOR
  network, input (1, 1): ``a_1^(3)`` and ``delta_1^(2)``), as matrix products
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


def shapes_table(sizes=(3, 4, 2), layer=None):
    """The six formulas of lecture 004 with the shape of every factor, layer by layer.

    ``sizes``: units per layer, input first (lecture 004 numbers them 1..L, so
    ``W^l`` is ``n_l x n_(l-1)``; in code ``weights[l - 2]``). One example, column vectors.
    """
    sizes = [check_setting(f"sizes[{i}]", s, 1, None, kind="int") for i, s in enumerate(sizes)]
    if len(sizes) < 2:
        raise ValueError(f"sizes needs an input and an output layer, got {sizes!r}.")
    L = len(sizes)
    rows = []
    for l in range(2, L + 1):
        if layer is not None and l != layer:
            continue
        n, m = sizes[l - 1], sizes[l - 2]
        rows.append([Math(rf"z^{l} = W^{l} a^{{{l - 1}}} + b^{l}", f"z^{l} = W^{l} a^{l - 1} + b^{l}"),
                     f"({_shape(n, m)}) ({_shape(m, 1)}) + ({_shape(n, 1)})", _shape(n, 1), "matrix product, sum"])
        rows.append([Math(rf"a^{l} = \phi(z^{l})", f"a^{l} = phi(z^{l})"), f"phi of each of {n} numbers",
                     _shape(n, 1), "element by element"])
    for l in range(L, 1, -1):
        if layer is not None and l != layer:
            continue
        n, m = sizes[l - 1], sizes[l - 2]
        if l == L:
            rows.append([Math(rf"\delta^{L} = \nabla_a C \odot \phi'(z^{L})", f"delta^{L} = grad_a C (.) phi'(z^{L})"),
                         f"({_shape(n, 1)}) (.) ({_shape(n, 1)})", _shape(n, 1), "Hadamard product"])
        else:
            k = sizes[l]
            rows.append([Math(rf"\delta^{l} = ((W^{{{l + 1}}})^T \delta^{{{l + 1}}}) \odot \phi'(z^{l})",
                              f"delta^{l} = ((W^{l + 1})^T delta^{l + 1}) (.) phi'(z^{l})"),
                         f"({_shape(n, k)}) ({_shape(k, 1)}) (.) ({_shape(n, 1)})", _shape(n, 1),
                         "transpose, matrix product, Hadamard"])
        rows.append([Math(rf"\partial C/\partial W^{l} = \delta^{l} (a^{{{l - 1}}})^T",
                          f"dC/dW^{l} = delta^{l} (a^{l - 1})^T"),
                     f"({_shape(n, 1)}) ({_shape(1, m)})", _shape(n, m) + " = shape of W^" + str(l),
                     "outer product"])
        rows.append([Math(rf"\partial C/\partial b^{l} = \delta^{l}", f"dC/db^{l} = delta^{l}"), "-",
                     _shape(n, 1) + " = shape of b^" + str(l), "copy"])
    return Table(["formula", "shapes of the factors", "shape of the result", "operation"], rows,
                 title=f"Shapes for layer sizes {sizes} (lecture 004's numbering: layer 1 is the input)")


def bias_column_table(sizes=(2, 2, 1)):
    """Lecture 003's bias column beside lecture 004's separate bias vector, for each layer of weights."""
    sizes = [int(s) for s in sizes]
    rows = []
    for j in range(1, len(sizes)):
        n_in, n_out = sizes[j - 1], sizes[j]
        rows.append([f"W^({j}) -> layer {j + 1}",
                     Math(rf"W^{{({j})}}\,[1;\ a^{{({j})}}]", f"W^({j}) [1; a^({j})]"),
                     f"({_shape(n_out, n_in + 1)}) ({_shape(n_in + 1, 1)})",
                     Math(rf"W^{{{j + 1}}} a^{{{j}}} + b^{{{j + 1}}}", f"W^{j + 1} a^{j} + b^{j + 1}"),
                     f"({_shape(n_out, n_in)}) ({_shape(n_in, 1)}) + ({_shape(n_out, 1)})", _shape(n_out, 1)])
    return Table(["weights", "lecture 003 (bias column, x_0 = 1)", "shapes", "lecture 004 (separate b)", "shapes",
                  "z"], rows, title=f"Two ways to write the bias, sizes {sizes}: column 0 of lecture 003's W is b")


# ---------------------------------------------------------------------------
# the 2-2-2 network in matrix form
# ---------------------------------------------------------------------------
def mazur_matrix_table(net=None, inputs=INPUTS, targets=TARGETS, lr=LR):
    """The 2-2-2 network's forward pass, deltas, gradients and update as matrix products (9 decimals).

    ``W^2 = [[w1, w2], [w3, w4]]``, ``W^3 = [[w5, w6], [w7, w8]]``, ``b^2 = [b1; b1]``, ``b^3 = [b2; b2]``.
    """
    r = mazur_matrix(net, inputs, targets, lr)
    a, z, d = r["a"], r["z"], r["delta"]
    rows = [
        ["a^1 = x", "[i1; i2]", "2 x 1", mat_text(a[0])],
        ["z^2 = W^2 a^1 + b^2", "[net_h1; net_h2]", "2 x 1", mat_text(z[0])],
        ["a^2 = S(z^2)", "[out_h1; out_h2]", "2 x 1", mat_text(a[1])],
        ["z^3 = W^3 a^2 + b^3", "[net_o1; net_o2]", "2 x 1", mat_text(z[1])],
        ["a^3 = S(z^3)", "[out_o1; out_o2]", "2 x 1", mat_text(a[2])],
        ["C = 1/2 |y - a^3|^2", "E_total", "1 x 1", mat_text(r["cost"])],
        ["delta^3 = (a^3 - y) (.) a^3 (.) (1 - a^3)", "[delta_o1; delta_o2]", "2 x 1", mat_text(d[1])],
        ["dC/dW^3 = delta^3 (a^2)^T", "[dE/dw5 dE/dw6; dE/dw7 dE/dw8]", "2 x 2", mat_text(r["gW"][1])],
        ["(W^3)^T delta^3", "[dE/dout_h1; dE/dout_h2]", "2 x 1", mat_text(r["back"][0])],
        ["delta^2 = ((W^3)^T delta^3) (.) a^2 (.) (1 - a^2)", "[delta_h1; delta_h2]", "2 x 1", mat_text(d[0])],
        ["dC/dW^2 = delta^2 (a^1)^T", "[dE/dw1 dE/dw2; dE/dw3 dE/dw4]", "2 x 2", mat_text(r["gW"][0])],
        [f"W^3 - {lr:g} dC/dW^3", "[w5+ w6+; w7+ w8+]", "2 x 2", mat_text(r["W_new"][1])],
        [f"W^2 - {lr:g} dC/dW^2", "[w1+ w2+; w3+ w4+]", "2 x 2", mat_text(r["W_new"][0])],
    ]
    return Table(["matrix form", "lecture 001's names", "shape", "value"], rows, groups=[6, 11],
                 title="Lecture 001's 2-2-2 network in matrix form (9 decimals)")


# ---------------------------------------------------------------------------
# lecture 003's Examples I and II: the XNOR network, input (1, 1)
# ---------------------------------------------------------------------------
def xnor_example_table(activation="sigmoid", digits=4):
    """Example I (sigmoid units) or II (linear units) for input (1, 1): matrix form, then element by element.

    With sigmoid units the second entry of ``delta^(2)`` is shown as ``?``: it is the answer of
    :func:`xnor_delta_exercise`, and no answer appears above its exercise.
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
        ["X^(1) = [x0; x1; x2]", "(s1 + 1) x 1 = 3 x 1", "x0 = 1 (bias input), x1 = 1, x2 = 1",
         mat_text(e["X1"], digits=digits)],
        ["z^(2) = W^(1) X^(1)", "(2 x 3)(3 x 1) = 2 x 1",
         f"z1 = 1*{v(W1[0, 0])} + 1*{v(W1[0, 1])} + 1*{v(W1[0, 2])} = {u(z2[0])}; "
         f"z2 = 1*{v(W1[1, 0])} + 1*{v(W1[1, 1])} + 1*{v(W1[1, 2])} = {u(z2[1])}",
         mat_text(z2[:, None], digits=digits)],
        [f"a^(2) = {g}(z^(2))", "2 x 1", f"a1 = {g}({u(z2[0])}) = {u(a2[0])}; a2 = {g}({u(z2[1])}) = {u(a2[1])}",
         mat_text(a2[:, None], digits=digits)],
        ["z^(3) = W^(2) [1; a^(2)]", "(1 x 3)(3 x 1) = 1 x 1",
         f"1*{v(W2[0, 0])} + {v(W2[0, 1])}*{v(a2[0])} + {v(W2[0, 2])}*{v(a2[1])} = {u(z3)}", u(z3)],
        [f"a^(3) = {g}(z^(3))", "1 x 1", f"a1(3) = {g}({u(z3)}) = {u(a3)}", u(a3)],
        ["delta^(3) = (y - a^(3)) .* g'(z^(3))", "1 x 1",
         f"(1 - {v(a3)}) * {gp} = {v(1 - a3)} * {v(e['gprime3'][0, 0])} = {u(d3)}", u(d3)],
        ["delta^(2) = (W^(2) without column 0)^T delta^(3) .* g'(z^(2))", "(2 x 1)(1 x 1) .* (2 x 1) = 2 x 1",
         f"delta1(2) = w11(2) * delta1(3) * g'(z1(2)) = {v(W2[0, 1])} * {v(d3)} * {v(e['gprime2'][0, 0])} = {u(d2[0])}",
         # with sigmoid units delta2(2) is Exercise 2's answer, so the table leaves it to the student
         f"[{u(d2[0])}; ?]" if activation == "sigmoid" else mat_text(d2[:, None], digits=digits)],
    ]
    title = ("Lecture 003, Example I: XNOR network, sigmoid units, input (1, 1), target 1" if activation == "sigmoid"
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
    fig = new_figure((5.6, 2.9))
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

    fig = new_figure((5.6, 2.9))
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
    """Shapes of ``W^3``, ``delta^2``, ``(W^3)^T delta^3`` and ``dC/dW^2`` for ``sizes`` (lecture 004's numbering)."""
    n1, n2, n3 = sizes
    rows = [
        {"symbol": Math(r"\mathrm{rows\ of\ } W^3", "rows of W^3"), "answer": n3,
         "hint": "W^3 takes a^2 to z^3: it has one row per unit of layer 3.",
         "mistakes": [(n2, "That is the number of columns: W^3 has one row per unit it feeds (layer 3).")]},
        {"symbol": Math(r"\mathrm{columns\ of\ } W^3", "columns of W^3"), "answer": n2,
         "hint": "One column per unit of layer 2 (the input of W^3).",
         "mistakes": [(n3, "That is the number of rows; the columns match a^2, one per unit of layer 2.")]},
        {"symbol": Math(r"\mathrm{length\ of\ } (W^3)^T \delta^3", "length of (W^3)^T delta^3"), "answer": n2,
         "hint": f"(W^3)^T is {n2} x {n3}; times the {n3} x 1 vector delta^3.",
         "mistakes": [(n3, "Forgot the transpose: (W^3)^T delta^3 has one number per unit of layer 2.")]},
        {"symbol": Math(r"\mathrm{numbers\ in\ } \partial C/\partial W^2", "numbers in dC/dW^2"), "answer": n2 * n1,
         "hint": "dC/dW^2 = delta^2 (a^1)^T has the shape of W^2.",
         "mistakes": [(n2 + n1, "Added: the outer product delta^2 (a^1)^T is a whole matrix, rows x columns."),
                      (n3 * n2, "That is W^3; W^2 takes layer 1 to layer 2.")]},
    ]
    return ChainRuleExercise(f"A network with layer sizes {list(sizes)} (layer 1 is the input, lecture 004). Fill in:",
                             rows, rtol=0, atol=0, lesson=lesson,
                             solution=f"W^3 is {n3} x {n2}; (W^3)^T delta^3 has {n2} entries; dC/dW^2 is {n2} x {n1}.")


def xnor_delta_exercise(lesson=None):
    """Example I's twin: ``delta_2^(2)`` of the XNOR network for input (1, 1), lecture 003's sign."""
    e = xnor_example()
    d3 = float(e["delta3"][0, 0])
    answer = float(e["delta2"][1, 0])
    a2 = float(e["a2"][1, 0])
    w12 = float(XNOR_W2[0, 2])
    other = float(e["delta2"][0, 0])        # delta_1^(2), 0.8 % away: the tolerance must tell them apart
    tol = abs(answer - other) / 4
    return NumberExercise(
        r"Lecture 003's XNOR network, sigmoid units, input $(1, 1)$, target 1. The table gives "
        rf"$\delta_1^{{(3)}} = {d3:.4f}$. What is $\delta_2^{{(2)}}$ (lecture 003's sign, $y - a$)?",
        answer, rtol=0, atol=tol, lesson=lesson,
        hint="delta_2^(2) = w_12^(2) * delta_1^(3) * a_2^(2) (1 - a_2^(2)): "
             "the weight from hidden unit 2 to the output.",
        solution=f"a_2^(2) = S(-0.2) = {a2:.4f}; "
                 f"delta_2^(2) = {w12:g} * {d3:.4f} * {a2:.4f} * {1 - a2:.4f} = {answer:.6f}",
        mistakes=[(other, "That is delta_1^(2), the first hidden unit (from the table): use unit 2's own slope "
                          "a_2^(2) (1 - a_2^(2)) with a_2^(2) = S(-0.2), and its weight w_12^(2) to the output."),
                  (w12 * d3, "Forgot g'(z_2^(2)) = a_2^(2) (1 - a_2^(2)): the hidden unit is a sigmoid."),
                  (float(XNOR_W2[0, 0]) * d3 * a2 * (1 - a2),
                   "Used w_10^(2), the bias weight; the bias unit has no delta."),
                  (-answer, "Lecture 004's sign (dC/dz = a - y); lecture 003's delta uses y - a."),
                  (w12 * d3 * (-0.2) * 1.2, "Used z in a(1 - a): take the unit's output a_2^(2) = S(z), not z.")])


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
