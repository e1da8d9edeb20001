"""Lecture 003's first part as numbers: one unit, logic gates, the XNOR network, ridges and bumps.

* one unit ``a = g(w x + b)``: :func:`derivative` (``g'(z)`` for the five activations of lesson 01,
  the step included);
* logic with one step unit: the gates' truth tables (:data:`GATES`, :func:`gate_rows`), a setting that
  works for each separable gate (:data:`WORKING`), and :func:`separating_sweep`, which counts exactly
  how many settings on a grid separate a gate (none for XOR);
* lecture 003's XNOR network in bias-column form: its published table (:data:`LECTURE_XNOR_TABLE`),
  :func:`xnor_forward`, :func:`xnor_mlp`, the weights rebuilt from the table alone
  (:func:`reconstruct_xnor_weights`), :func:`sigmoid_output_range`, :func:`example_one`;
* :func:`ridge_network`: two opposite sigmoids make a ridge, two ridges make a bump;
* :func:`train_subproblems`: lecture 002's disc-in-a-ring, one unit against a hidden layer of three.

Left out: the perceptron learning rule (:class:`backprop_core.Perceptron`), tables, figures and
dashboards (``backprop_lab.dashboards.neurons.units`` and its siblings).
"""
from __future__ import annotations

import numpy as np

from . import datasets
from .activations import ACTIVATIONS
from .matrix_form import XNOR_W1, XNOR_W2
from .mlp import MLP
from .validation import check_choice, check_int, check_positive, check_real

__all__ = ["ACTIVATION_NAMES", "derivative", "GATES", "WORKING", "gate_rows", "separating_sweep",
           "XNOR_W1", "XNOR_W2", "LECTURE_XNOR_TABLE", "XNOR_INPUTS", "XNOR_ACTIVATIONS", "xnor_forward",
           "xnor_mlp", "reconstruct_xnor_weights", "sigmoid_output_range", "example_one",
           "RIDGE_SHOW", "BUMP_SHARP", "BUMP_CUT", "ridge_network", "train_subproblems"]

#: The activations of lesson 01's single unit.
ACTIVATION_NAMES = ("step", "sigmoid", "tanh", "relu", "linear")


def derivative(name, z):
    """``g'(z)`` of activation ``name`` (element-wise), from :data:`backprop_core.activations.ACTIVATIONS`.

    The step function's derivative is 0 wherever it exists; at ``z = 0`` it
    does not exist (the step jumps). Here it is 0 everywhere, and the
    dashboards say in words that it is undefined at the threshold.

    >>> float(derivative("sigmoid", 0.0))
    0.25
    """
    check_choice("activation", name, list(ACTIVATION_NAMES))
    z = np.asarray(z, dtype=float)
    if name == "step":
        return np.zeros_like(z)
    f, df = ACTIVATIONS[name]
    return df(z, f(z))


# ---------------------------------------------------------------------------
# logic with one step unit
# ---------------------------------------------------------------------------
#: gate -> (number of inputs, its output for each row of :func:`gate_rows`)
GATES = {
    "AND": (2, (0, 0, 0, 1)),
    "OR": (2, (0, 1, 1, 1)),
    "NOT": (1, (1, 0)),
    "majority": (3, (0, 0, 0, 1, 0, 1, 1, 1)),
    "NAND": (2, (1, 1, 1, 0)),
    "NOR": (2, (1, 0, 0, 0)),
    "XOR": (2, (0, 1, 1, 0)),
    "XNOR": (2, (1, 0, 0, 1)),
}
#: one setting that works, for the gates that have one (w1, w2, w3, b)
WORKING = {"AND": (1.0, 1.0, 0.0, -1.5), "OR": (1.0, 1.0, 0.0, -0.5), "NOT": (-1.0, 0.0, 0.0, 0.5),
           "majority": (1.0, 1.0, 1.0, -1.5), "NAND": (-1.0, -1.0, 0.0, 1.5), "NOR": (-1.0, -1.0, 0.0, 0.5)}


def gate_rows(gate):
    """The inputs (rows of 0/1, ``x1`` first) and targets of a gate.

    Two-input gates agree with :func:`backprop_core.datasets.truth_table`.

    >>> X, y = gate_rows("majority"); X.shape, y.tolist()
    ((8, 3), [0.0, 0.0, 0.0, 1.0, 0.0, 1.0, 1.0, 1.0])
    """
    check_choice("gate", gate, list(GATES))
    n, outs = GATES[gate]
    X = np.array([[(i >> (n - 1 - k)) & 1 for k in range(n)] for i in range(2 ** n)], dtype=float)
    return X, np.array(outs, dtype=float)


def separating_sweep(gate, steps=41, limit=2.0):
    """Try every ``(w1, w2, b)`` on a grid of ``steps`` values in ``[-limit, limit]``.

    Returns a dict: ``tried`` (settings), ``perfect`` (settings that get every
    row right), ``best`` (most rows right by any setting), ``rows`` (number of
    rows), ``best_per_w`` (``steps x steps`` array: the most rows right over
    ``b`` for each ``(w1, w2)``, ``w2`` down the rows) and ``grid``.
    Two-input gates only.

    The counting is exact. Grid value k is ``(2k - (steps - 1)) * limit / (steps - 1)``:
    an integer times one positive scale. The step unit only asks whether
    ``w1 x1 + w2 x2 + b > 0``, and with 0/1 inputs that sign is the sign of the
    same sum of the integers, so the sweep adds integers, never floats. (In
    floating point, ``-0.3 + 0.1 + 0.2`` is ``2.8e-17 > 0``: settings that sit
    exactly on the line would be counted on the wrong side.)

    >>> s = separating_sweep("XOR", steps=21); (s["perfect"], s["best"])
    (0, 3)
    >>> separating_sweep("AND")["perfect"]      # 41 values each in [-2, 2]
    1540
    """
    X, y = gate_rows(gate)
    if X.shape[1] != 2:
        raise ValueError(f"separating_sweep needs a two-input gate, got {gate!r} with {X.shape[1]} input(s).")
    steps = check_int("steps", steps, minimum=3, maximum=401)
    limit = check_positive("limit", limit)
    grid = np.linspace(-limit, limit, steps)
    ints = 2 * np.arange(steps) - (steps - 1)          # grid = ints * limit / (steps - 1), exactly in sign
    w1, w2, b = np.meshgrid(ints, ints, ints, indexing="ij")
    right = np.zeros(w1.shape, dtype=int)
    for x, t in zip(X.astype(int), y):
        right += ((w1 * x[0] + w2 * x[1] + b > 0) == (t == 1))
    return {"tried": int(right.size), "perfect": int(np.sum(right == len(y))), "best": int(right.max()),
            "rows": len(y), "best_per_w": right.max(axis=2).T, "grid": grid}


# ---------------------------------------------------------------------------
# lecture 003's XNOR network
# ---------------------------------------------------------------------------
#: The lecture's table: input (x1, x2) -> z1(2), a1(2), z2(2), a2(2), z1(3), a1(3).
LECTURE_XNOR_TABLE = {
    (0, 0): (-0.3, 0, 0.2, 1, 0.1, 1),
    (0, 1): (-0.1, 0, 0.0, 0, -0.1, 0),
    (1, 0): (-0.1, 0, 0.0, 0, -0.1, 0),
    (1, 1): (0.1, 1, -0.2, 0, 0.1, 1),
}
XNOR_INPUTS = ((0, 0), (0, 1), (1, 0), (1, 1))
XNOR_ACTIVATIONS = ("step", "sigmoid")


def xnor_forward(x, activation="step", W1=XNOR_W1, W2=XNOR_W2):
    """The lecture's matrix notation: ``z^(2) = W^(1) X^(1)``, ``a^(2) = g(z^(2))``, then
    ``z^(3) = W^(2) [a_0^(2); a^(2)]``, with the bias inputs ``x_0 = a_0 = 1`` as first rows.

    Returns a dict with ``X1`` (3,), ``z2``, ``a2`` (2,), ``A2`` (3,), ``z3``, ``a3`` (1,).

    >>> f = xnor_forward((1, 1), "sigmoid"); round(float(f["a3"][0]), 4)
    0.5237
    """
    check_choice("activation", activation, list(XNOR_ACTIVATIONS))
    x = np.asarray(x, dtype=float)
    if x.shape != (2,):
        raise ValueError(f"x must be two inputs (x1, x2), got shape {x.shape}.")
    g = ACTIVATIONS[activation][0]
    X1 = np.concatenate([[1.0], x])               # x_0 = 1
    z2 = W1 @ X1                                   # (2 x 3)(3,) = (2,)
    a2 = g(z2)
    A2 = np.concatenate([[1.0], a2])               # a_0 = 1
    z3 = W2 @ A2                                   # (1 x 3)(3,) = (1,)
    return {"X1": X1, "z2": z2, "a2": a2, "A2": A2, "z3": z3, "a3": g(z3)}


def xnor_mlp(activation="step"):
    """The same network as a :class:`backprop_core.MLP` (``[2, 2, 1]``): the bias column of
    ``W^(1)`` becomes ``biases[0]``, the other columns ``weights[0]``."""
    check_choice("activation", activation, list(XNOR_ACTIVATIONS))
    net = MLP([2, 2, 1], activation=activation, loss="half_sse")
    net.weights = [XNOR_W1[:, 1:].copy(), XNOR_W2[:, 1:].copy()]
    net.biases = [XNOR_W1[:, 0].copy(), XNOR_W2[:, 0].copy()]
    return net


def reconstruct_xnor_weights():
    """Rebuild every unit's weights from the lecture's table alone.

    Each unit's ``z`` column is linear in its inputs: for hidden unit j,
    ``z_j = w_j0 * 1 + w_j1 x1 + w_j2 x2`` over the four rows; for the output,
    ``z = w_10 * 1 + w_11 a1 + w_12 a2``. Four equations, three unknowns: solve
    by least squares and check the residual is 0 (the system is consistent).

    Returns ``{unit: (weights (3,), residual, design matrix (4, 3), z column (4,))}``.
    """
    X = np.array([[1, *x] for x in XNOR_INPUTS], dtype=float)
    cols = np.array([LECTURE_XNOR_TABLE[x] for x in XNOR_INPUTS], dtype=float)
    A2 = np.column_stack([np.ones(4), cols[:, 1], cols[:, 3]])   # (1, a1(2), a2(2)) from the table
    out = {}
    for unit, design, z in (("hidden 1", X, cols[:, 0]), ("hidden 2", X, cols[:, 2]), ("output", A2, cols[:, 4])):
        w, *_ = np.linalg.lstsq(design, z, rcond=None)
        residual = float(np.max(np.abs(design @ w - z)))
        if np.linalg.matrix_rank(design) < 3:  # pragma: no cover - the lecture's table has full rank
            raise ValueError(f"the table does not determine {unit}'s weights (rank < 3).")
        out[unit] = (np.round(w, 12) + 0.0, residual, design, z)
    return out


def sigmoid_output_range(scale=1.0):
    """The smallest and largest ``a_1^(3)`` of the sigmoid XNOR network over its four corners.

    ``scale`` multiplies every weight. With the lecture's weights the range is
    narrow (about 0.5237 to 0.5238): the network hardly tells the inputs apart.
    """
    outs = [float(xnor_forward(c, "sigmoid", scale * XNOR_W1, scale * XNOR_W2)["a3"][0]) for c in XNOR_INPUTS]
    return min(outs), max(outs)


def example_one():
    """Lecture 003's Example I: sigmoid units, input (1, 1): ``a_1^(2), a_2^(2), a_1^(3)`` (4 decimals).

    The lecture asks for these and prints no value; they are computed here.
    """
    f = xnor_forward((1, 1), "sigmoid")
    return {"a1(2)": round(float(f["a2"][0]), 4), "a2(2)": round(float(f["a2"][1]), 4),
            "a1(3)": round(float(f["a3"][0]), 4)}


# ---------------------------------------------------------------------------
# ridges and bumps
# ---------------------------------------------------------------------------
RIDGE_SHOW = ("one sigmoid", "ridge", "two ridges (sum)", "bump")
#: the output unit of "bump": sigmoid(SHARP * (h1 + h2 + h3 + h4 - CUT))
BUMP_SHARP, BUMP_CUT = 10.0, 3.5


def ridge_network(show="bump", k=5.0, half_width=1.0, cx=0.0, cy=0.0):
    """A 2-4-1 :class:`backprop_core.MLP` whose hidden units are the pieces.

    Hidden units: ``h1 = s(k (x - (cx - d)))`` (rises at ``cx - d``),
    ``h2 = s(-k (x - (cx + d)))`` (falls at ``cx + d``), and ``h3, h4`` the same
    along ``y``. ``h1 + h2 - 1`` is a ridge along ``y`` (two opposite sigmoids);
    the sum of both ridges is a cross, highest where they meet; a sigmoid
    output unit with threshold 3.5 on ``h1 + ... + h4`` keeps only the
    crossing: a bump.

    ``show``: ``'one sigmoid'`` (output h1), ``'ridge'`` (h1 + h2 - 1),
    ``'two ridges (sum)'`` (h1 + h2 + h3 + h4 - 2), ``'bump'``.
    """
    check_choice("show", show, list(RIDGE_SHOW))
    k = check_positive("k", k)
    d = check_positive("half_width", half_width)
    cx, cy = check_real("cx", cx), check_real("cy", cy)
    out_act = "sigmoid" if show == "bump" else "linear"
    net = MLP([2, 4, 1], activation="sigmoid", output_activation=out_act, loss="half_sse")
    net.weights[0] = np.array([[k, 0.0], [-k, 0.0], [0.0, k], [0.0, -k]])
    net.biases[0] = np.array([-k * (cx - d), k * (cx + d), -k * (cy - d), k * (cy + d)])
    v, c = {"one sigmoid": ([1, 0, 0, 0], 0.0), "ridge": ([1, 1, 0, 0], -1.0),
            "two ridges (sum)": ([1, 1, 1, 1], -2.0), "bump": ([BUMP_SHARP] * 4, -BUMP_SHARP * BUMP_CUT)}[show]
    net.weights[1] = np.array([v], dtype=float)
    net.biases[1] = np.array([c])
    return net


# ---------------------------------------------------------------------------
# lecture 002: a hidden layer of sub-problems
# ---------------------------------------------------------------------------
def train_subproblems(seed=0, n=200, noise=0.08, epochs=3000, lr=1.0):
    """Lecture 002's story on :func:`backprop_core.datasets.circles` (a disc inside a ring), trained.

    One sigmoid unit (logistic regression) against a 2-3-1 sigmoid network, both on the cross-entropy
    with full-batch descent. Returns ``(one, net, X, y, accuracy)`` with
    ``accuracy = {'one unit': .., 'hidden layer': ..}``: one line cannot split a disc from a ring,
    three lines and a unit on top can.
    """
    X, y = datasets.circles(n, noise=noise, seed=seed)
    one = MLP([2, 1], activation="sigmoid", loss="bce", seed=seed)
    one.fit(X, y, lr=lr, epochs=epochs)
    net = MLP([2, 3, 1], activation="sigmoid", loss="bce", seed=seed, init="xavier")
    net.fit(X, y, lr=lr, epochs=epochs)
    acc = {"one unit": float(np.mean(one.predict(X) == y[:, 0])),
           "hidden layer": float(np.mean(net.predict(X) == y[:, 0]))}
    return one, net, X, y, acc
