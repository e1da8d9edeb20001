"""Numerical gradient checking by central differences (lecture 003).

``dJ/dw ~ (J(w + eps) - J(w - eps)) / (2 eps)`` for every parameter, compared
with the backpropagated gradient. The lecture writes the one-sided
difference ``J(w + eps) - J(w)``; the central difference is used here because
its error shrinks like ``eps^2`` instead of ``eps``.

Left out: second derivatives and stochastic (sampled) checks.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_positive

__all__ = ["numerical_gradient", "gradient_check", "GradientCheck", "relative_error"]


def numerical_gradient(f, x, eps=1e-5):
    """Central-difference gradient of a scalar function ``f`` at array ``x``.

    ``x`` is perturbed in place one element at a time and restored.

    >>> import numpy as np
    >>> g = numerical_gradient(lambda v: float((v ** 2).sum()), np.array([1.0, -2.0]))
    >>> np.round(g, 6).tolist()
    [2.0, -4.0]
    """
    eps = check_positive("eps", eps)
    if not isinstance(x, np.ndarray) or x.dtype != float:
        raise TypeError(f"x must be a float numpy array (it is perturbed in place), got {type(x).__name__}.")
    grad = np.zeros_like(x)
    flat, gflat = x.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = float(f(x))
        flat[i] = old - eps
        fm = float(f(x))
        flat[i] = old
        gflat[i] = (fp - fm) / (2 * eps)
    return grad


def relative_error(a, b, floor=1e-8):
    """``|a - b| / max(|a|, |b|, floor)`` element-wise (the floor keeps two
    near-zero gradients from looking different)."""
    a, b = np.asarray(a, float), np.asarray(b, float)
    return np.abs(a - b) / np.maximum(np.maximum(np.abs(a), np.abs(b)), floor)


@dataclass
class GradientCheck:
    """Analytic vs numerical gradients, keyed by parameter name."""

    analytic: dict
    numeric: dict
    eps: float

    @property
    def errors(self):
        return {k: float(np.max(relative_error(self.analytic[k], self.numeric[k]), initial=0.0))
                for k in self.analytic}

    @property
    def max_rel_error(self):
        return max(self.errors.values(), default=0.0)

    def passed(self, tol=1e-6):
        return self.max_rel_error <= tol

    def __repr__(self):
        return f"GradientCheck(max_rel_error={self.max_rel_error:.2e}, params={list(self.analytic)})"


def _args(args, names, model):
    if len(args) != len(names):
        raise TypeError(f"gradient_check({type(model).__name__}, ...) takes {len(names)} argument(s) "
                        f"({', '.join(names)}), got {len(args)}.")
    return args


def gradient_check(model, *args, eps=1e-5, l2=0.0):
    """Compare backpropagation with central differences for any network here.

    =========================  ======================================================
    ``model``                  arguments
    =========================  ======================================================
    :class:`ChainNetwork`      ``s0, target``
    :class:`MazurNetwork`      ``inputs, targets``
    :class:`MLP`               ``X, Y`` (and ``l2=``)
    a function of Values       ``values``: numbers at which to evaluate; the function
                               takes that many :class:`Value` and returns one
    =========================  ======================================================

    Returns a :class:`GradientCheck`; ``.max_rel_error`` is the worst relative error.
    ``eps = 1e-5`` balances the central difference's ``eps^2`` error against
    rounding error (which grows like ``1e-16 / eps``).

    >>> from backprop_core import ChainNetwork
    >>> gradient_check(ChainNetwork(), 2.0, 0.7).max_rel_error < 1e-7
    True
    """
    from .chain import ChainNetwork
    from .graph import Value
    from .mazur import MazurNetwork
    from .mlp import MLP

    eps = check_positive("eps", eps)
    if isinstance(model, ChainNetwork):
        s0, target = _args(args, ("s0", "target"), model)
        analytic = {k: float(v) for k, v in model.gradients(s0, target).items()}
        base = {k: float(check_array(k, v, ndim=0)) for k, v in model.weights.items()}
        numeric = {}
        for k in base:
            def f(x, k=k):
                return ChainNetwork(**{**base, k: float(x[0])}).cost(s0, target)
            numeric[k] = float(numerical_gradient(f, np.array([base[k]]), eps)[0])
        return GradientCheck(analytic, numeric, eps)
    if isinstance(model, MazurNetwork):
        inputs, targets = _args(args, ("inputs", "targets"), model)
        analytic = model.gradients(inputs, targets)
        base = model.weights
        numeric = {}
        for k in base:
            def f(x, k=k):
                return MazurNetwork({**base, k: float(x[0])}).total_error(inputs, targets)
            numeric[k] = float(numerical_gradient(f, np.array([base[k]]), eps)[0])
        return GradientCheck(analytic, numeric, eps)
    if isinstance(model, MLP):
        X, Y = _args(args, ("X", "Y"), model)
        gW, gb = model.gradients(X, Y, l2=l2)
        work = model.copy()
        analytic, numeric = {}, {}
        for l in range(len(work.weights)):
            analytic[f"W{l}"] = gW[l]
            numeric[f"W{l}"] = numerical_gradient(lambda _: work.loss(X, Y, l2=l2), work.weights[l], eps)
            if model.bias:
                analytic[f"b{l}"] = gb[l]
                numeric[f"b{l}"] = numerical_gradient(lambda _: work.loss(X, Y, l2=l2), work.biases[l], eps)
        return GradientCheck(analytic, numeric, eps)
    if callable(model):
        (values,) = _args(args, ("values",), model)
        point = check_array("values", values, ndim=1)
        leaves = [Value(float(v), label=f"x{i}") for i, v in enumerate(point)]
        root = _run_function(model, leaves)
        root.backward()
        analytic = {f"x{i}": v.grad for i, v in enumerate(leaves)}
        num = numerical_gradient(lambda x: _run_function(model, [Value(float(v)) for v in x]).data,
                                 point.copy(), eps)
        numeric = {f"x{i}": float(g) for i, g in enumerate(num)}
        return GradientCheck(analytic, numeric, eps)
    raise TypeError("gradient_check takes a ChainNetwork, MazurNetwork, MLP or a function of Values, "
                    f"got {type(model).__name__}.")


def _run_function(fn, leaves):
    """Run a (student's) function of Values through the sandboxed runner; its root Value, or a sentence."""
    from .graph import Value
    from .sandbox import run_student

    run = run_student(fn, *leaves)
    if not run.ok:
        raise ValueError(run.message)
    if not isinstance(run.value, Value):
        raise TypeError(f"the function must return a Value, got {type(run.value).__name__}.")
    return run.value
