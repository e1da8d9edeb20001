"""Backpropagation in matrix form (lesson 07, lectures 003 and 004).

Tables and small computations (every number from :mod:`backprop_core`):

* :func:`shapes_table`: the six formulas of lecture 004 with the shape of every
  factor, for any layer sizes; :func:`bias_column_table`: lecture 003's bias
  column (``W`` of size ``s_(j+1) x (s_j + 1)``, ``x_0 = 1``) beside the
  separate ``b``;
* :func:`column_backprop`: one example's forward and backward pass written as
  the lecture's column-vector matrix products (cross-checked against
  :meth:`backprop_core.MLP.gradients` in the tests);
* :func:`mazur_matrix_table`: the 2-2-2 network of lesson 06 in matrix form;
* :func:`xnor_example_table`: lecture 003's Examples I and II (the XNOR
  network, input (1, 1): ``a_1^(3)`` and ``delta_1^(2)``), as matrix products
  and element by element;
* batches: :func:`per_example_table`, :func:`minibatch_spread`,
  :func:`sum_vs_average`; gradient checking: :func:`difference_table`,
  :func:`eps_sweep`; :func:`symmetry_table`; :func:`cross_entropy_l2`;
  lecture 003's numpy loop: :func:`lecture_loop_raw`, :func:`lecture_loop_core`;
* lecture 003 beside the course: its convergence test on a run (:func:`convergence_run`,
  :func:`convergence_table`), its unit-by-unit ``Delta_i``, ``Delta_j`` (:func:`lecture003_deltas`),
  its regularised update taken literally and corrected (:func:`l2_update_check`), one-hot outputs
  with softmax (:func:`softmax_table`), its architecture rules on a small run
  (:func:`architecture_runs`), and how gradients shrink layer by layer (:func:`layer_gradient_sizes`).

Dashboard: :class:`~backprop_lab.dashboards.matrix_stepper.MatrixStepperDashboard`
(in :mod:`.matrix_stepper`, re-exported here) walks a small MLP one layer at a
time, forward then backward, showing the matrices of each step.

Exercises: :func:`shapes_exercise`, :func:`xnor_delta_exercise`,
:func:`sum_average_exercise`.

Left out: the maths itself (:mod:`backprop_core`), and batches of column
vectors in the stepper (it follows one example, as lecture 004's algorithm does).
"""
from __future__ import annotations

import time

import numpy as np

import backprop_core as bp
from backprop_core import losses
from backprop_core.activations import ACTIVATIONS

from .. import theme
from ..controls import check_setting
from ..exercise_widgets import ChainRuleExercise, NumberExercise
from ..tables import Math, Table, fmt
from .network import INPUTS, LR, TARGETS, lecture_round
from .neurons import XNOR_W1, XNOR_W2

__all__ = ["shapes_table", "bias_column_table", "column_backprop", "mat_text", "mazur_matrix", "mazur_matrix_table",
           "xnor_example", "xnor_example_table", "per_example_table", "minibatch_spread", "sum_vs_average",
           "one_sided", "difference_table", "eps_sweep", "symmetry_run", "symmetry_table", "cross_entropy_l2",
           "spread_figure", "eps_figure", "lecture_data", "lecture_loop_raw", "lecture_loop_core", "stepper_network", "MatrixStepperDashboard", "matrix_html",
           "shapes_exercise", "xnor_delta_exercise", "sum_average_exercise", "benchmark_scenarios",
           "one_sided_all", "convergence_run", "first_converged", "convergence_table", "difference_summary",
           "lecture003_deltas", "l2_update_check", "layer_gradient_sizes", "softmax_example", "softmax_table",
           "ARCHITECTURES", "architecture_runs", "architecture_table"]

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
# one example, column vectors
# ---------------------------------------------------------------------------
def _col(v):
    return np.asarray(v, dtype=float).reshape(-1, 1)


def column_backprop(mlp, x, y):
    """One example through ``mlp`` as lecture 004 writes it, with column vectors.

    Forward: ``z^l = W^l a^(l-1) + b^l``, ``a^l = phi(z^l)``; backward:
    ``delta^L = (a^L - y) (.) phi'(z^L)`` (half squared error, one example; for the other losses
    the core's ``delta^L``, e.g. ``a^L - y`` for a sigmoid output with cross-entropy),
    ``delta^l = ((W^(l+1))^T delta^(l+1)) (.) phi'(z^l)``,
    ``dC/dW^l = delta^l (a^(l-1))^T``, ``dC/db^l = delta^l``.

    Returns a dict of lists indexed by code layer ``k`` (lecture layer ``k + 2``):
    ``a`` (``a[0] = x``, ``a[k + 1]`` the output of weights ``k``), ``z``,
    ``dphi``, ``delta``, ``gW``, ``gb``, ``back`` (``(W^(l+1))^T delta^(l+1)``, None at the output)
    and ``grad_a`` (``a^L - y``), ``cost``.
    """
    if "softmax" in mlp.layer_activations:
        raise ValueError("column_backprop takes element-wise activations; softmax acts on the whole output layer.")
    x, y = _col(x), _col(y)
    if x.shape[0] != mlp.sizes[0] or y.shape[0] != mlp.sizes[-1]:
        raise ValueError(f"x must have {mlp.sizes[0]} numbers and y {mlp.sizes[-1]}, got {x.shape[0]} and {y.shape[0]}.")
    names = mlp.layer_activations
    a, z, dphi = [x], [], []
    for W, b, name in zip(mlp.weights, mlp.biases, names):
        zk = W @ a[-1] + (b.reshape(-1, 1) if mlp.bias else 0.0)
        ak = ACTIVATIONS[name][0](zk)
        z.append(zk)
        a.append(ak)
        dphi.append(ACTIVATIONS[name][1](zk, ak))
    n = len(mlp.weights)
    delta, gW, gb, back = [None] * n, [None] * n, [None] * n, [None] * n
    grad_a = a[-1] - y
    # one example (n = 1): the core's delta^L is the column (a^L - y) (.) phi'(z^L) for the half squared error
    delta[-1] = losses.output_delta(mlp.loss_name, mlp.output_activation, a[-1].T, z[-1].T, y.T).T
    for k in range(n - 1, -1, -1):
        if k < n - 1:
            back[k] = mlp.weights[k + 1].T @ delta[k + 1]
            delta[k] = back[k] * dphi[k]
        gW[k] = delta[k] @ a[k].T
        gb[k] = delta[k].copy()
    cost = 0.5 * float(np.sum((y - a[-1]) ** 2)) if mlp.loss_name == "half_sse" else float(mlp.loss(x.T, y.T))
    return {"a": a, "z": z, "dphi": dphi, "delta": delta, "gW": gW, "gb": gb, "back": back, "grad_a": grad_a,
            "y": y, "cost": cost}


def mat_text(M, decimals=9, digits=None):
    """A matrix as one line of text, rows separated by ``;``: ``[0.15 0.2; 0.25 0.3]``.

    ``decimals``: rounded as the lectures print (:func:`~backprop_lab.dashboards.network.lecture_round`);
    ``digits``: significant digits instead.
    """
    M = np.atleast_2d(np.asarray(M, dtype=float))

    def one(v):
        return fmt(v, digits) if digits else fmt(lecture_round(v, decimals), 12)
    return "[" + "; ".join(" ".join(one(v) for v in row) for row in M) + "]"


# ---------------------------------------------------------------------------
# the 2-2-2 network in matrix form
# ---------------------------------------------------------------------------
def mazur_matrix(net=None, inputs=INPUTS, targets=TARGETS, lr=LR):
    """Lesson 06's network as an MLP, one example in column form, and one update: a dict of matrices."""
    mlp = bp.MLP.from_mazur(net or bp.MazurNetwork())
    r = column_backprop(mlp, inputs, targets)
    r["W"] = [W.copy() for W in mlp.weights]
    r["b"] = [b.reshape(-1, 1) for b in mlp.biases]
    r["W_new"] = [W - lr * g for W, g in zip(mlp.weights, r["gW"])]
    r["mlp"] = mlp
    return r


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
def xnor_example(x=(1, 1), y=1.0, activation="sigmoid"):
    """Lecture 003's Example I (``activation='sigmoid'``) or Example II's simplification (``'linear'``).

    Bias-column form: ``z^(2) = W^(1) [1; x]``, ``a^(2) = g(z^(2))``, ``z^(3) = W^(2) [1; a^(2)]``.
    Lecture 003's deltas have the sign ``y - a``: ``delta^(3) = (y - a^(3)) .* g'(z^(3))`` and
    ``delta^(2) = (W^(2)_{no bias column})^T delta^(3) .* g'(z^(2))`` (with linear units g' = 1,
    Example II's ``delta_1^(2) = w_11^(2) delta_1^(3)``). Lecture 004's ``delta = dC/dz`` is
    the same with the opposite sign (for ``C = 1/2 (y - a)^2``); the result is checked against
    :meth:`backprop_core.MLP.gradients` in the tests.
    """
    check_setting("activation", activation, choices=("sigmoid", "linear"))
    mlp = bp.MLP([2, 2, 1], activation=activation, loss="half_sse")
    mlp.weights = [XNOR_W1[:, 1:].copy(), XNOR_W2[:, 1:].copy()]
    mlp.biases = [XNOR_W1[:, 0].copy(), XNOR_W2[:, 0].copy()]
    r = column_backprop(mlp, x, [y])
    X1 = np.vstack([[1.0], _col(x)])
    A2 = np.vstack([[1.0], r["a"][1]])
    return {"X1": X1, "W1": XNOR_W1, "z2": XNOR_W1 @ X1, "a2": r["a"][1], "A2": A2, "W2": XNOR_W2,
            "z3": XNOR_W2 @ A2, "a3": r["a"][2], "delta3": -r["delta"][1], "delta2": -r["delta"][0],
            "gprime2": r["dphi"][0], "gprime3": r["dphi"][1], "y": float(y), "mlp": mlp, "column": r}


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
        ["X^(1) = [x0; x1; x2]", "(s1 + 1) x 1 = 3 x 1", "x0 = 1 (bias input), x1 = 1, x2 = 1", mat_text(e["X1"], digits=digits)],
        ["z^(2) = W^(1) X^(1)", "(2 x 3)(3 x 1) = 2 x 1",
         f"z1 = 1*{v(W1[0, 0])} + 1*{v(W1[0, 1])} + 1*{v(W1[0, 2])} = {u(z2[0])}; "
         f"z2 = 1*{v(W1[1, 0])} + 1*{v(W1[1, 1])} + 1*{v(W1[1, 2])} = {u(z2[1])}", mat_text(z2[:, None], digits=digits)],
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
def _flat(gW, gb):
    return np.concatenate([g.ravel() for g in gW] + [g.ravel() for g in gb])


def per_example_table(mlp, X, Y, params=(("W", 0, 0, 0), ("W", 1, 0, 1), ("b", 0, 1, None))):
    """Per-example gradients of a few parameters, their mean, and the full-batch gradient (lecture 004).

    ``params``: ``(kind, layer, i, j)`` with code layers (``W0[i,j]`` is ``weights[0][i, j]``).
    """
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    names = [f"{k}{l}[{i},{j}]" if k == "W" else f"{k}{l}[{i}]" for k, l, i, j in params]

    def pick(gW, gb):
        return [gW[l][i, j] if k == "W" else gb[l][i] for k, l, i, j in params]
    rows, per = [], []
    for n, (x, y) in enumerate(zip(X, Y)):
        gW, gb = mlp.gradients(x[None, :], y[None, :])
        vals = pick(gW, gb)
        per.append(vals)
        rows.append([f"example {n + 1}: x = ({', '.join(fmt(v, 3) for v in x)}), y = {fmt(y[0], 3)}",
                     mlp.loss(x[None, :], y[None, :]), *vals])
    mean = np.mean(per, axis=0)
    gW, gb = mlp.gradients(X, Y)
    full = pick(gW, gb)
    rows.append(["mean of the rows above", float(np.mean([r[1] for r in rows])), *mean])
    rows.append(["full batch: MLP.gradients(X, Y)", mlp.loss(X, Y), *full])
    return Table(["", "C^(i) (last two rows: C)", *[f"dC/d{n}" for n in names]], rows, groups=[len(X)],
                 highlight={len(X), len(X) + 1}, title="Per-example gradients and their mean = the full-batch gradient")


def minibatch_spread(mlp, X, Y, sizes=(1, 2, 4, 8, 16, 32, 64, 128), draws=200, seed=0):
    """How well a random mini-batch of ``b`` examples estimates the full gradient.

    For each ``b``: ``draws`` mini-batches drawn without replacement; the
    relative error ``|g_b - g| / |g|`` of each (all parameters as one vector).
    Returns ``{b: (mean error, std of error, mean |g_b - g|)}``; a batch of all n examples has error 0.
    """
    rng = np.random.default_rng(seed)
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    n = len(X)
    full = _flat(*mlp.gradients(X, Y))
    out = {}
    for b in sizes:
        if not 1 <= b <= n:
            raise ValueError(f"batch sizes must be between 1 and n = {n}, got {b}.")
        errs = []
        for _ in range(draws if b < n else 1):
            # a batch of all n examples is the whole set (in order: exactly the full gradient)
            idx = rng.choice(n, size=b, replace=False) if b < n else np.arange(n)
            errs.append(np.linalg.norm(_flat(*mlp.gradients(X[idx], Y[idx])) - full) / np.linalg.norm(full))
        out[b] = (float(np.mean(errs)), float(np.std(errs)), float(np.mean(errs) * np.linalg.norm(full)))
    return out


def sum_vs_average(mlp, X, Y, lr_sum=0.05, steps=20):
    """Lecture 003's batch mode (sum the per-example updates, rate ``lr_sum``) against lecture 004's
    average (``MLP.fit`` with rate ``n * lr_sum``): returns ``(summed net, averaged net, max |difference|)``."""
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    n = len(X)
    summed = mlp.copy()
    for _ in range(steps):
        total_W = [np.zeros_like(W) for W in summed.weights]
        total_b = [np.zeros_like(b) for b in summed.biases]
        for x, y in zip(X, Y):                     # one Delta per example, summed (lecture 003)
            gW, gb = summed.gradients(x[None, :], y[None, :])
            for t, g in zip(total_W + total_b, gW + gb):
                t += g
        for W, b, tW, tb in zip(summed.weights, summed.biases, total_W, total_b):
            W -= lr_sum * tW
            b -= lr_sum * tb
    averaged = mlp.copy()
    averaged.fit(X, Y, lr=n * lr_sum, epochs=steps)   # the mean gradient (lecture 004), rate n times larger
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(summed.weights + summed.biases,
                                                                averaged.weights + averaged.biases))
    return summed, averaged, diff


# ---------------------------------------------------------------------------
# gradient checking (lecture 003: one-sided, eps = 1e-4)
# ---------------------------------------------------------------------------
def one_sided(mlp, X, Y, layer, i, j, eps=1e-4, l2=0.0):
    """Lecture 003's ``(J(W + eps) - J(W)) / eps`` for weight ``weights[layer][i, j]``."""
    work = mlp.copy()
    base = work.loss(X, Y, l2=l2)
    work.weights[layer][i, j] += eps
    return (work.loss(X, Y, l2=l2) - base) / eps


def _central(mlp, X, Y, layer, i, j, eps, l2=0.0):
    work = mlp.copy()
    work.weights[layer][i, j] += eps
    up = work.loss(X, Y, l2=l2)
    work.weights[layer][i, j] -= 2 * eps
    return (up - work.loss(X, Y, l2=l2)) / (2 * eps)


def difference_table(mlp, X, Y, eps=1e-4, l2=0.0):
    """Every weight: exact (backprop), one-sided and central differences, and their relative errors."""
    gW, _ = mlp.gradients(X, Y, l2=l2)
    rows = []
    for l, G in enumerate(gW):
        for (i, j), g in np.ndenumerate(G):
            o, c = one_sided(mlp, X, Y, l, i, j, eps, l2), _central(mlp, X, Y, l, i, j, eps, l2)
            rows.append([f"W{l}[{i},{j}]", g, o, c, float(bp.gradcheck.relative_error(o, g)),
                         float(bp.gradcheck.relative_error(c, g))])
    return Table(["weight", "backprop (exact)", "one-sided", "central", "rel. error one-sided", "rel. error central"],
                 rows, digits=4, title=f"Gradient check with eps = {eps:g}")


def eps_sweep(mlp, X, Y, layer=0, i=0, j=0, exponents=np.arange(-12, -0.5, 0.5)):
    """Relative error of the one-sided and central differences against eps: ``(eps, one, central)`` arrays."""
    exact = mlp.gradients(X, Y)[0][layer][i, j]
    eps = 10.0 ** np.asarray(exponents, float)
    one = np.array([bp.gradcheck.relative_error(one_sided(mlp, X, Y, layer, i, j, e), exact) for e in eps], float)
    cen = np.array([bp.gradcheck.relative_error(_central(mlp, X, Y, layer, i, j, e), exact) for e in eps], float)
    return eps, one, cen


def spread_figure(spread):
    """Mini-batch error against batch size (log-log): mean relative error with a band of one std.

    Returns ``(figure, line)``; ``line`` holds the plotted means (read back in checks).
    """
    from ..plotting import COLORS, new_figure

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
    from ..plotting import new_figure

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
def one_sided_all(mlp, X, Y, eps=1e-4):
    """Lecture 003's one-sided difference ``(J(W + eps) - J(W)) / eps`` for every weight and bias.

    Returns one flat array: the weights layer by layer, then the biases (lecture 003's bias column
    ``W_j0`` is a weight like the others).
    """
    out = []
    base = mlp.loss(X, Y)
    work = mlp.copy()
    for params in (work.weights, work.biases):
        for P in params:
            for idx in np.ndindex(P.shape):
                keep = P[idx]
                P[idx] = keep + eps
                out.append((work.loss(X, Y) - base) / eps)
                P[idx] = keep
    return np.array(out)


def convergence_run(sizes=(2, 2, 1), seed=1, lr=2.0, epochs=6000, every=500, eps=1e-4):
    """Train on XOR and apply lecture 003's convergence test every ``every`` epochs.

    Returns a list of ``(epoch, J, max_k |dJ/dW_k| by one-sided differences, accuracy)``.
    With ``seed=1`` the run sits on a plateau (J = 0.125, every output 0.5) where every difference
    quotient is tiny, then leaves it and learns XOR.
    """
    X, Y = bp.datasets.truth_table("XOR")
    mlp = bp.MLP(list(sizes), activation="sigmoid", loss="half_sse", seed=seed)
    rows = []
    for epoch in range(0, epochs + 1, every):
        if epoch:
            mlp.fit(X, Y, lr=lr, epochs=every)
        slope = float(np.max(np.abs(one_sided_all(mlp, X, Y, eps))))
        rows.append((epoch, float(mlp.loss(X, Y)), slope, float(np.mean(mlp.predict(X) == Y[:, 0]))))
    return rows


def first_converged(rows, tau):
    """The first ``(epoch, J)`` of ``rows`` where lecture 003's test says "converged" (``max |dJ/dW| < tau``)."""
    for epoch, J, slope, _acc in rows:
        if slope < tau:
            return epoch, J
    return None


def convergence_table(rows, thresholds=(1e-3, 1e-4, 1e-5)):
    """The run of :func:`convergence_run` with the test's verdict for each threshold ``tau``."""
    head = ["epoch", "J(W)", "max |dJ/dW| (one-sided, eps 1e-4)", "accuracy"] + [f"converged? tau = {t:g}"
                                                                               for t in thresholds]
    body = [[e, J, s, a] + ["yes" if s < t else "no" for t in thresholds] for e, J, s, a in rows]
    return Table(head, body, digits=4, title="Lecture 003's convergence test on XOR, 2-2-1 sigmoid network, lr 2")


def difference_summary(table):
    """Smallest, median and largest relative error of each difference in :func:`difference_table`."""
    one = np.array([r[4] for r in table.rows], float)
    cen = np.array([r[5] for r in table.rows], float)
    return {"one-sided": (one.min(), float(np.median(one)), one.max()),
            "central": (cen.min(), float(np.median(cen)), cen.max())}


# ---------------------------------------------------------------------------
# lecture 003's Delta_i, Delta_j derivation, computed as the slides write it
# ---------------------------------------------------------------------------
def lecture003_deltas(mlp, x, y):
    """Lecture 003's back-propagation for one example of a network with one hidden layer, unit by unit.

    ``Err_i = y_i - a_i``, ``Delta_i = Err_i g'(in_i)`` for the outputs, ``Delta_j = g'(in_j) sum_i W_{j,i}
    Delta_i`` for the hidden units, and ``dE/dW_{j,i} = -a_j Delta_i``. Lecture 003 writes ``W_{j,i}`` for
    the weight *from* j *to* i, which is ``mlp.weights[1][i, j]`` (row = the unit fed). Returns
    ``(Delta_i, Delta_j, dE/dW_{j,i} as a matrix shaped like weights[1])``.
    """
    if len(mlp.weights) != 2 or mlp.loss_name != "half_sse" or mlp.activation != "sigmoid":
        raise ValueError("lecture003_deltas needs a sigmoid MLP with one hidden layer and loss 'half_sse', "
                         f"got {mlp!r}.")
    zs, acts = mlp.forward_pass(x)
    in_j, a_j = zs[0][0], acts[1][0]
    in_i, a_i = zs[1][0], acts[2][0]
    y = np.asarray(y, float).ravel()

    def g_prime(a):
        return a * (1 - a)
    W = mlp.weights[1]
    Delta_i = np.array([(y[i] - a_i[i]) * g_prime(a_i[i]) for i in range(len(a_i))])
    Delta_j = np.array([g_prime(a_j[j]) * sum(W[i, j] * Delta_i[i] for i in range(len(a_i)))
                        for j in range(len(a_j))])
    dE = np.array([[-a_j[j] * Delta_i[i] for j in range(len(a_j))] for i in range(len(a_i))])
    return Delta_i, Delta_j, dE


# ---------------------------------------------------------------------------
# lecture 003's regularised update, taken literally and corrected
# ---------------------------------------------------------------------------
def l2_update_check(mlp, X, Y, lam, lr=0.5, steps=2000):
    """Lecture 003's update ``W := W + alpha (a_j delta_i + lambda W)`` against the corrected
    ``W := W + alpha (a_j delta_i - (lambda / m) W)``, on the cost ``J(W)`` with ``lambda/(2m) sum W^2``.

    Lecture 003's ``a_j delta_i`` (``delta`` with the sign ``y - a``) is ``-dJ_data/dW``: its update adds it,
    so it must *subtract* the penalty's slope ``(lambda / m) W``. Biases get no penalty in either rule.
    Returns ``{rule: (J after 1 step, J after steps, sum of W^2 after steps)}`` and ``J`` at the start.
    """
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    m = len(X)
    start = float(mlp.loss(X, Y, l2=lam))
    out = {}
    for rule, sign, scale in (("lecture's line: + lambda W", +1.0, 1.0), ("corrected: - (lambda/m) W", -1.0, 1.0 / m)):
        net = mlp.copy()
        after = []
        for _ in range(steps):
            gW, gb = net.gradients(X, Y)               # dJ_data/dW: lecture 003's a_j delta_i is minus this
            for W, g in zip(net.weights, gW):
                W += lr * (-g + sign * scale * lam * W)
            for b, g in zip(net.biases, gb):
                b -= lr * g
            if not after:
                after.append(float(net.loss(X, Y, l2=lam)))
        out[rule] = (after[0], float(net.loss(X, Y, l2=lam)), sum(float(np.sum(W ** 2)) for W in net.weights))
    return start, out


# ---------------------------------------------------------------------------
# vanishing gradients in the stepper's network
# ---------------------------------------------------------------------------
def layer_gradient_sizes(sizes=(6, 6, 6, 6), activation="sigmoid", seed=0):
    """Mean ``|dC/dW^l|`` per layer of the stepper's network, input side first, and the mean factor per
    layer by which it shrinks going back (the geometric mean of the layer-to-layer ratios)."""
    mlp, x, y = stepper_network(sizes, activation, seed)
    gW, _ = mlp.gradients(x, y)
    means = np.array([float(np.mean(np.abs(g))) for g in gW])
    factor = float((means[-1] / means[0]) ** (1.0 / (len(means) - 1)))
    return means, factor


# ---------------------------------------------------------------------------
# softmax and one-hot outputs (lecture 003's multi-class output layer)
# ---------------------------------------------------------------------------
def softmax_example(x=(0.5, -1.0), label=2, seed=0, eps=1e-6):
    """A 2-3-3 network (tanh hidden, softmax output, cross-entropy) on one example of class ``label``.

    Returns ``z``, ``a = softmax(z)``, the one-hot ``y``, ``delta^L`` from the core
    (:func:`backprop_core.losses.output_delta`), ``a - y``, and ``dC/dz`` by central differences of
    ``C(z) = -sum_k y_k log softmax(z)_k``.
    """
    mlp = bp.MLP([2, 3, 3], activation="tanh", output_activation="softmax", loss="cross_entropy", seed=seed)
    y = bp.datasets.one_hot(np.array([label]), 3)
    zs, acts = mlp.forward_pass(x)
    z, a = zs[-1], acts[-1]
    delta = losses.output_delta("cross_entropy", "softmax", a, z, y)
    numeric = np.empty(3)
    for k in range(3):
        up, down = z.copy(), z.copy()
        up[0, k] += eps
        down[0, k] -= eps
        numeric[k] = (losses.loss_value("cross_entropy", a, up, y) - losses.loss_value("cross_entropy", a, down, y)) / (2 * eps)
    return {"mlp": mlp, "z": z[0], "a": a[0], "y": y[0], "delta": delta[0], "a_minus_y": (a - y)[0], "numeric": numeric}


def softmax_table(x=(0.5, -1.0), label=2, seed=0):
    """:func:`softmax_example` as a table, one row per output unit."""
    e = softmax_example(x, label, seed)
    rows = [[k + 1, e["z"][k], e["a"][k], e["y"][k], e["a_minus_y"][k], e["delta"][k], e["numeric"][k]] for k in range(3)]
    return Table(["output k", "z_k", "a_k = softmax(z)_k", "y_k (one-hot)", "a_k - y_k", "delta_k (backprop_core)",
                  "dC/dz_k (central differences)"], rows, digits=6,
                 title=f"Softmax + cross-entropy, 3 classes, one example of class {label + 1}")


# ---------------------------------------------------------------------------
# lecture 003's architectures and practical rules, on a small run
# ---------------------------------------------------------------------------
ARCHITECTURES = ((2, 1), (2, 2, 1), (2, 8, 1), (2, 8, 8, 1), (2, 2, 8, 1))


def architecture_runs(architectures=ARCHITECTURES, seeds=(0, 1, 2), epochs=1000, lr=0.5, n=200):
    """Train each architecture on the XOR clusters (tanh hidden units, sigmoid output, cross-entropy,
    full batch) from several seeds. Returns ``{sizes: (mean final loss, mean accuracy, seeds with
    accuracy >= 95 %)}``."""
    X, Y = bp.datasets.xor_clusters(n, noise=0.3, seed=0)
    out = {}
    for sizes in architectures:
        loss, acc, solved = [], [], 0
        for seed in seeds:
            net = bp.MLP(list(sizes), activation="tanh", output_activation="sigmoid", loss="bce", seed=seed,
                         init="xavier")
            hist = net.fit(X, Y, lr=lr, epochs=epochs)
            a = float(np.mean(net.predict(X) == Y[:, 0]))
            loss.append(hist.final_loss)
            acc.append(a)
            solved += a >= 0.95
        out[tuple(sizes)] = (float(np.mean(loss)), float(np.mean(acc)), solved)
    return out


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
def symmetry_run(init="equal", value=0.5, sizes=(2, 3, 1), lr=2.0, epochs=2000, seed=0):
    """Train on XOR from all-equal weights (``init='equal'``: every weight ``value``, biases 0) or from
    lecture 003's small random weights (``'random'``). Returns ``(mlp, history, X, Y)``."""
    check_setting("init", init, choices=("equal", "random"))
    X, Y = bp.datasets.truth_table("XOR")
    mlp = bp.MLP(list(sizes), activation="sigmoid", loss="half_sse", seed=seed)
    if init == "equal":
        mlp.weights = [np.full_like(W, value) for W in mlp.weights]
    hist = mlp.fit(X, Y, lr=lr, epochs=epochs)
    return mlp, hist, X, Y


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
# cross-entropy with L2 (lecture 003's J(W))
# ---------------------------------------------------------------------------
def cross_entropy_l2(mlp, X, Y, lam):
    """Lecture 003's ``J(W)`` written out with numpy, beside :meth:`MLP.loss` ('bce', ``l2=lam``).

    ``J = -1/m sum_i sum_k [y log h + (1 - y) log(1 - h)] + lam/(2m) sum_l sum W^2`` (biases excluded).
    Returns ``(by hand, MLP.loss, penalty)``.
    """
    if mlp.loss_name != "bce":
        raise ValueError(f"cross_entropy_l2 needs an MLP with loss 'bce', got {mlp.loss_name!r}.")
    X, Y = np.asarray(X, float), np.asarray(Y, float).reshape(len(X), -1)
    m = len(X)
    h = mlp.forward(X)
    data = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
    penalty = lam / (2 * m) * sum(float(np.sum(W ** 2)) for W in mlp.weights)
    return float(data + penalty), float(mlp.loss(X, Y, l2=lam)), penalty


# ---------------------------------------------------------------------------
# lecture 003's numpy loop
# ---------------------------------------------------------------------------
N, D_IN, H, D_OUT = 64, 1000, 100, 10


def lecture_data(seed=0):
    """The loop's random data and weights: ``x, y, w1, w2`` (``randn`` with a fixed seed)."""
    rs = np.random.RandomState(seed)
    return rs.randn(N, D_IN), rs.randn(N, D_OUT), rs.randn(D_IN, H), rs.randn(H, D_OUT)


def lecture_loop_raw(steps=2000, seed=0):
    """Lecture 003's loop as printed (losses kept instead of printed). Returns ``(losses, seconds)``."""
    x, y, w1, w2 = lecture_data(seed)
    losses = np.empty(steps)
    start = time.perf_counter()
    for t in range(steps):
        h = 1 / (1 + np.exp(-x.dot(w1)))
        y_pred = h.dot(w2)
        losses[t] = np.square(y_pred - y).sum()

        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T.dot(grad_y_pred)
        grad_h = grad_y_pred.dot(w2.T)
        grad_w1 = x.T.dot(grad_h * h * (1 - h))

        w1 -= 1e-4 * grad_w1
        w2 -= 1e-4 * grad_w2
    return losses, time.perf_counter() - start


def lecture_loop_core(steps=2000, seed=0):
    """The same run through :class:`backprop_core.MLP` (sigmoid hidden layer, linear output, no biases).

    The lecture's loss is a *sum* of squares, ``'half_sse'`` is ``1/(2N) sum``: the lecture's loss is
    ``2N`` times it, so its gradient is too, and the lecture's rate 1e-4 is ``lr = 2N * 1e-4`` here.
    Returns ``(losses in the lecture's units, seconds)``.
    """
    x, y, w1, w2 = lecture_data(seed)
    mlp = bp.MLP([D_IN, H, D_OUT], activation="sigmoid", output_activation="linear", loss="half_sse", bias=False)
    mlp.weights = [w1.T.copy(), w2.T.copy()]
    start = time.perf_counter()
    hist = mlp.fit(x, y, lr=2 * N * 1e-4, epochs=steps)
    seconds = time.perf_counter() - start
    return np.asarray(hist.loss) * 2 * N, seconds


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
        hint="delta_2^(2) = w_12^(2) * delta_1^(3) * a_2^(2) (1 - a_2^(2)): the weight from hidden unit 2 to the output.",
        solution=f"a_2^(2) = S(-0.2) = {a2:.4f}; delta_2^(2) = {w12:g} * {d3:.4f} * {a2:.4f} * {1 - a2:.4f} = {answer:.6f}",
        mistakes=[(other, "That is delta_1^(2), the first hidden unit (from the table): use unit 2's own slope "
                          "a_2^(2) (1 - a_2^(2)) with a_2^(2) = S(-0.2), and its weight w_12^(2) to the output."),
                  (w12 * d3, "Forgot g'(z_2^(2)) = a_2^(2) (1 - a_2^(2)): the hidden unit is a sigmoid."),
                  (float(XNOR_W2[0, 0]) * d3 * a2 * (1 - a2), "Used w_10^(2), the bias weight; the bias unit has no delta."),
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
        solution=f"sum = {batch} x mean, so alpha * sum = ({batch} alpha) * mean: learning rate {batch} x {lr:g} = {batch * lr:g}.",
        mistakes=[(lr / batch, "Upside down: the average is smaller than the sum, so it needs the larger rate."),
                  (lr, "The same rate gives steps b times shorter when averaging.")],
        rtol=1e-3, atol=1e-5)  # an exact product: 0.3194 is not 0.32


# ---------------------------------------------------------------------------
# the stepper's network (the dashboard is in matrix_stepper.py)
# ---------------------------------------------------------------------------
def stepper_network(sizes, activation, seed):
    """The stepper's network and example: lecture 003's weights in [-0.5, 0.5], biases drawn the same way
    (so ``+ b`` shows numbers), input ``x`` in [-1, 1], target ``y`` in [0, 1]; all from ``seed``."""
    mlp = bp.MLP(list(sizes), activation=activation, loss="half_sse", seed=seed)
    rng = np.random.default_rng(seed + 1000)
    x = rng.uniform(-1, 1, size=sizes[0])
    y = rng.uniform(0, 1, size=sizes[-1])
    mlp.biases = [rng.uniform(-0.5, 0.5, size=b.shape) for b in mlp.biases]
    return mlp, x, y


from .matrix_stepper import (LAYERS_RANGE, SEED_RANGE, STEPPER_ACTIVATIONS, UNITS_RANGE,  # noqa: E402,F401
                             MatrixStepperDashboard, benchmark_scenarios, matrix_html)
