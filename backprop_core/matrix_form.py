"""Backpropagation written as lecture 004 writes it: one example, column vectors, matrix products.

* :func:`column_backprop`: the forward pass ``z_(l+1) = W_l a_l + b_l``, ``a_(l+1) = phi(z_(l+1))`` and the
  backward pass ``delta_l = (W_l^T delta_(l+1)) (.) phi'(z_l)``, ``dC/dW_l = delta_(l+1) a_l^T``,
  with every intermediate matrix kept, so a lesson can show each product;
  :func:`agrees_with_mlp` checks it against :meth:`~backprop_core.MLP.gradients` (the vectorised rows form);
* :func:`stepper_network`: the small random network and example lesson 07's stepper walks through;
  :func:`layer_gradient_sizes`: how the gradients of that network shrink layer by layer;
* :func:`mazur_matrix`: lecture 001's 2-2-2 network as matrices, with one update;
* :data:`XNOR_W1`, :data:`XNOR_W2` and :func:`xnor_example`: lecture 003's XNOR network in its
  bias-column form, Examples I and II (deltas with lecture 003's sign ``y - a``).

Written in the course's notation (:mod:`backprop_core.notation`): layer 0 is the input (``a0 = x``) and
``W_k = weights[k]`` leads from layer ``k`` to ``k + 1``; lesson 07's translation table maps lecture 004's
numbering (its layer 1 is the input) to it.

A softmax output layer (with cross-entropy: ``delta_L = a_L - y``) is taken too: its ``phi'(z)`` entry is ``None``
(softmax is not element-wise; the core's ``delta_L`` already holds its Jacobian).

Left out: batches of columns (the :class:`~backprop_core.MLP` does rows) and every table and drawing
(``backprop_lab``).
"""
from __future__ import annotations

import numpy as np

from . import losses
from .activations import ACTIVATIONS
from .mazur import MazurNetwork
from .mlp import MLP
from .validation import check_choice

__all__ = ["column_backprop", "agrees_with_mlp", "stepper_network", "layer_gradient_sizes", "mazur_matrix",
           "XNOR_W1", "XNOR_W2", "xnor_example", "as_column"]

#: Lecture 003's XNOR network, bias-column form ``[b0 W0]``, 2 x 3: rows h1, h2; columns (1, x1, x2).
XNOR_W1 = np.array([[-0.3, 0.2, 0.2], [0.2, -0.2, -0.2]])
#: ``[b1 W1]``, 1 x 3: the output's bias and its weights from the two hidden units, on (1, a1[0], a1[1]).
XNOR_W2 = np.array([[-0.1, 0.2, 0.2]])


def as_column(v):
    """``v`` as a column vector (``n x 1`` floats): lecture 004 writes an example as a column."""
    return np.asarray(v, dtype=float).reshape(-1, 1)


def column_backprop(mlp, x, y):
    """One example through ``mlp`` as lecture 004 writes it, with column vectors.

    Forward: ``z_(k+1) = W_k a_k + b_k``, ``a_(k+1) = phi(z_(k+1))``; backward:
    ``delta_L = (a_L - y) (.) phi'(z_L)`` (half squared error, one example; for the other losses
    the core's ``delta_L``, e.g. ``a_L - y`` for a sigmoid output with cross-entropy),
    ``delta_k = (W_k^T delta_(k+1)) (.) phi'(z_k)``,
    ``dC/dW_k = delta_(k+1) a_k^T``, ``dC/db_k = delta_(k+1)``.

    Parameters
    ----------
    mlp : MLP
        Any network with element-wise hidden activations (the output may be softmax).
    x, y : sequences of ``sizes[0]`` and ``sizes[-1]`` numbers
        The example and its target.

    Returns
    -------
    dict of lists indexed by the layer of weights ``k``:
    ``a`` (``a[k] = a_k``, ``a[0] = x``, each ``n x 1``), ``z`` (``z[k] = z_(k+1)``),
    ``dphi`` (``phi'(z_(k+1))``), ``delta`` (``delta[k] = delta_(k+1)``), ``gW`` (shaped like
    ``weights[k]``), ``gb``, ``back`` (``W_(k+1)^T delta_(k+2)``, None at the output); and
    ``grad_a`` (``a_L - y``), ``y``, ``cost``.
    """
    x, y = as_column(x), as_column(y)
    if x.shape[0] != mlp.sizes[0] or y.shape[0] != mlp.sizes[-1]:
        raise ValueError(f"x must have {mlp.sizes[0]} numbers and y {mlp.sizes[-1]}, "
                         f"got {x.shape[0]} and {y.shape[0]}.")
    a, z, dphi = _forward_columns(mlp, x)
    n = len(mlp.weights)
    delta, gW, gb, back = [None] * n, [None] * n, [None] * n, [None] * n
    grad_a = a[-1] - y
    # one example (n = 1): the core's delta_L is the column (a_L - y) (.) phi'(z_L) for the half squared error
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


def _forward_columns(mlp, x):
    """``a``, ``z`` and ``phi'(z)`` layer by layer for the column ``x``."""
    a, z, dphi = [x], [], []
    for W, b, name in zip(mlp.weights, mlp.biases, mlp.layer_activations):
        zk = W @ a[-1] + (b.reshape(-1, 1) if mlp.bias else 0.0)
        if name == "softmax":  # the output layer only: a row-wise function, so no element-wise phi'(z)
            ak = ACTIVATIONS[name][0](zk.T).T
            dphi.append(None)
        else:
            ak = ACTIVATIONS[name][0](zk)
            dphi.append(ACTIVATIONS[name][1](zk, ak))
        z.append(zk)
        a.append(ak)
    return a, z, dphi


def agrees_with_mlp(mlp, x, y, result=None, rtol=1e-12, atol=1e-15):
    """Whether :func:`column_backprop`'s ``dC/dW`` equal :meth:`MLP.gradients` on the same example.

    Two independent implementations (columns and matrix products here, rows and ``np.einsum``-free
    batch products in the MLP) agreeing to ``rtol`` is the check lesson 07's stepper shows at its last step.
    """
    result = column_backprop(mlp, x, y) if result is None else result
    gW, _ = mlp.gradients(x, y)
    return all(np.allclose(g, c, rtol=rtol, atol=atol) for g, c in zip(gW, result["gW"]))


def stepper_network(sizes, activation, seed):
    """The stepper's network and example: lecture 003's weights in [-0.5, 0.5], biases drawn the same way
    (so ``+ b`` shows numbers), input ``x`` in [-1, 1], target ``y`` in [0, 1]; all from ``seed``.

    Returns ``(mlp, x, y)`` with ``x`` and ``y`` 1-D arrays.
    """
    mlp = MLP(list(sizes), activation=activation, loss="half_sse", seed=seed)
    rng = np.random.default_rng(seed + 1000)
    x = rng.uniform(-1, 1, size=sizes[0])
    y = rng.uniform(0, 1, size=sizes[-1])
    mlp.biases = [rng.uniform(-0.5, 0.5, size=b.shape) for b in mlp.biases]
    return mlp, x, y


def layer_gradient_sizes(sizes=(6, 6, 6, 6), activation="sigmoid", seed=0):
    """Mean ``|dC/dW_l|`` per layer of the stepper's network, input side first, and the mean factor per
    layer by which it shrinks going back (the geometric mean of the layer-to-layer ratios).

    With sigmoid units each layer back multiplies by ``W^T`` and by ``phi' <= 1/4``: the factor is well
    below 1 (vanishing gradients, lesson 08).
    """
    mlp, x, y = stepper_network(sizes, activation, seed)
    gW, _ = mlp.gradients(x, y)
    means = np.array([float(np.mean(np.abs(g))) for g in gW])
    factor = float((means[-1] / means[0]) ** (1.0 / (len(means) - 1)))
    return means, factor


def mazur_matrix(net=None, inputs=(0.05, 0.10), targets=(0.01, 0.99), lr=0.5):
    """Lecture 001's 2-2-2 network as an MLP, one example in column form, and one update.

    Returns :func:`column_backprop`'s dict with ``W`` (``W0 = [[w1, w2], [w3, w4]]``,
    ``W1 = [[w5, w6], [w7, w8]]``), ``b`` (columns), ``W_new`` (``W - lr dC/dW``, lecture 001's
    simultaneous update: ``w5+ = 0.35891648``) and ``mlp``.
    """
    mlp = MLP.from_mazur(net or MazurNetwork())
    r = column_backprop(mlp, inputs, targets)
    r["W"] = [W.copy() for W in mlp.weights]
    r["b"] = [b.reshape(-1, 1) for b in mlp.biases]
    r["W_new"] = [W - lr * g for W, g in zip(mlp.weights, r["gW"])]
    r["mlp"] = mlp
    return r


def xnor_example(x=(1, 1), y=1.0, activation="sigmoid"):
    """Lecture 003's Example I (``activation='sigmoid'``) or Example II's simplification (``'linear'``).

    Bias-column form, in the course's notation: ``z1 = [b0 W0] [1; a0]``, ``a1 = g(z1)``,
    ``z2 = [b1 W1] [1; a1]``. Lecture 003's deltas have the sign ``y - a``, so they are ``-delta``:
    ``-delta2 = (y - a2) .* g'(z2)`` and ``-delta1 = W1^T (-delta2) .* g'(z1)`` (with linear units
    g' = 1, Example II's ``-delta1[0] = W1[0,0] (-delta2[0])``). The course's ``delta = dC/dz`` has
    the opposite sign (for ``C = 1/2 (y - a)^2``). Input (1, 1), sigmoid: ``a2[0] = 0.5237``.
    The keys keep lecture 003's names: ``z2``/``a2`` are its layer 2 (the course's ``z1``/``a1``),
    ``z3``/``a3`` the output (``z2``/``a2``), ``delta3``/``delta2`` are ``-delta2``/``-delta1``.
    """
    check_choice("activation", activation, ["sigmoid", "linear"])
    mlp = MLP([2, 2, 1], activation=activation, loss="half_sse")
    mlp.weights = [XNOR_W1[:, 1:].copy(), XNOR_W2[:, 1:].copy()]
    mlp.biases = [XNOR_W1[:, 0].copy(), XNOR_W2[:, 0].copy()]
    r = column_backprop(mlp, x, [y])
    X1 = np.vstack([[1.0], as_column(x)])
    A2 = np.vstack([[1.0], r["a"][1]])
    return {"X1": X1, "W1": XNOR_W1, "z2": XNOR_W1 @ X1, "a2": r["a"][1], "A2": A2, "W2": XNOR_W2,
            "z3": XNOR_W2 @ A2, "a3": r["a"][2], "delta3": -r["delta"][1], "delta2": -r["delta"][0],
            "gprime2": r["dphi"][0], "gprime3": r["dphi"][1], "y": float(y), "mlp": mlp, "column": r}
