"""Finite differences of an MLP's cost, one parameter at a time: lecture 003's gradient check.

A derivative is a limit; a difference quotient is its estimate with a finite ``eps``:

* one-sided (lecture 003): ``(J(W + eps) - J(W)) / eps``, error proportional to ``eps`` (the curvature);
* central: ``(J(W + eps) - J(W - eps)) / (2 eps)``, error proportional to ``eps^2``;
* both also carry rounding, about ``machine eps * |J| / eps``, which grows as ``eps`` shrinks.

:func:`one_sided`, :func:`central`: one weight; :func:`one_sided_all`: every weight and bias (lecture 003's
convergence test "for all W, dJ/dW ~ 0"); :func:`difference_rows`: every weight, backprop beside both
quotients; :func:`eps_sweep`: the error of both against ``eps``; :func:`convergence_run`,
:func:`first_converged`: lecture 003's convergence test on a training run.

Left out: the vectorised central-difference check of every model (:func:`backprop_core.gradient_check`),
per-layer checks with planted bugs (:mod:`backprop_core.bugs`), and tables (``backprop_lab``).
"""
from __future__ import annotations

import numpy as np

from . import datasets
from .gradcheck import relative_error
from .mlp import MLP
from .validation import check_positive

__all__ = ["one_sided", "central", "one_sided_all", "difference_rows", "eps_sweep", "convergence_run",
           "first_converged", "difference_summary", "EPS_EXPONENTS"]

#: The sweep's eps: 10^-12 to 10^-1 in half decades.
EPS_EXPONENTS = np.arange(-12, -0.5, 0.5)


def one_sided(mlp, X, Y, layer, i, j, eps=1e-4, l2=0.0):
    """Lecture 003's ``(J(W + eps) - J(W)) / eps`` for weight ``weights[layer][i, j]`` (the MLP is not changed)."""
    check_positive("eps", eps)
    work = mlp.copy()
    base = work.loss(X, Y, l2=l2)
    work.weights[layer][i, j] += eps
    return (work.loss(X, Y, l2=l2) - base) / eps


def central(mlp, X, Y, layer, i, j, eps=1e-5, l2=0.0):
    """``(J(W + eps) - J(W - eps)) / (2 eps)`` for weight ``weights[layer][i, j]`` (the MLP is not changed)."""
    check_positive("eps", eps)
    work = mlp.copy()
    work.weights[layer][i, j] += eps
    up = work.loss(X, Y, l2=l2)
    work.weights[layer][i, j] -= 2 * eps
    return (up - work.loss(X, Y, l2=l2)) / (2 * eps)


def one_sided_all(mlp, X, Y, eps=1e-4):
    """Lecture 003's one-sided difference ``(J(W + eps) - J(W)) / eps`` for every weight and bias.

    Returns one flat array: the weights layer by layer, then the biases (lecture 003's bias column
    ``W_j0`` is a weight like the others).
    """
    check_positive("eps", eps)
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


def difference_rows(mlp, X, Y, eps=1e-4, l2=0.0):
    """Every weight: ``(name, backprop, one-sided, central, rel. error one-sided, rel. error central)``.

    ``name`` is ``'W{layer}[{i},{j}]'`` in code layers. Both quotients use the same ``eps``, so the
    columns show the one-sided error ~ eps against the central error ~ eps^2.
    """
    gW, _ = mlp.gradients(X, Y, l2=l2)
    rows = []
    for l, G in enumerate(gW):
        for (i, j), g in np.ndenumerate(G):
            o, c = one_sided(mlp, X, Y, l, i, j, eps, l2), central(mlp, X, Y, l, i, j, eps, l2)
            rows.append((f"W{l}[{i},{j}]", g, o, c, float(relative_error(o, g)), float(relative_error(c, g))))
    return rows


def difference_summary(rows):
    """Smallest, median and largest relative error of each quotient in :func:`difference_rows`'s rows."""
    one = np.array([r[4] for r in rows], float)
    cen = np.array([r[5] for r in rows], float)
    return {"one-sided": (one.min(), float(np.median(one)), one.max()),
            "central": (cen.min(), float(np.median(cen)), cen.max())}


def eps_sweep(mlp, X, Y, layer=0, i=0, j=0, exponents=EPS_EXPONENTS):
    """Relative error of the one-sided and central differences against eps: ``(eps, one, central)`` arrays.

    Going left from ``eps = 0.1`` both errors first fall (truncation: ~eps one-sided, ~eps^2 central),
    then rise again (rounding, ~1e-16 / eps).
    """
    exact = mlp.gradients(X, Y)[0][layer][i, j]
    eps = 10.0 ** np.asarray(exponents, float)
    one = np.array([relative_error(one_sided(mlp, X, Y, layer, i, j, e), exact) for e in eps], float)
    cen = np.array([relative_error(central(mlp, X, Y, layer, i, j, e), exact) for e in eps], float)
    return eps, one, cen


def convergence_run(sizes=(2, 2, 1), seed=1, lr=2.0, epochs=6000, every=500, eps=1e-4):
    """Train on XOR and apply lecture 003's convergence test every ``every`` epochs.

    Returns a list of ``(epoch, J, max_k |dJ/dW_k| by one-sided differences, accuracy)``.
    With ``seed=1`` the run sits on a plateau (J = 0.125, every output 0.5) where every difference
    quotient is tiny, then leaves it and learns XOR: a small slope does not mean a minimum.
    """
    X, Y = datasets.truth_table("XOR")
    mlp = MLP(list(sizes), activation="sigmoid", loss="half_sse", seed=seed)
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
