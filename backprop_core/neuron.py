"""Lecture 002's sigmoid neuron and its cost over a whole data set.

The model of lecture 002 ("How it all hangs together"):

    z(x) = w0 + x0 w1 + x1 w2 + x2 w3          (w0 is the bias)
    y~   = sigma(z)                           (the predicted probability)
    C(y~, y) = (y~ - y)^2                     (one example's cost; no 1/2)
    C(W) = 1/N sum_i (y~_i - y_i)^2           (the cost over the data set)

``C(W)`` is a function of the weights only: the data are fixed. Its gradient
is the *average* of the examples' gradients (lecture 002's slide "Average over
all training data"), and one step of gradient descent is
``W = W_old + r (-grad C(W_old))`` with the learning rate ``r``::

    >>> import numpy as np
    >>> n = SigmoidNeuron([-2.0, -1.0, 0.5, 10.0])     # lecture 002: b = -2, W = [-1, 0.5, 10]
    >>> round(float(n.predict(np.array([[4.0, -2.0, 1.0]]))[0]), 4)
    0.9526

Left out: more than one output, other costs (:class:`backprop_core.MLP`
has them) and training loops (one :meth:`SigmoidNeuron.step` at a time).
"""
from __future__ import annotations

import numpy as np

from .validation import LIMIT, check_array, check_positive
from .activations import sigmoid

__all__ = ["SigmoidNeuron"]


class SigmoidNeuron:
    """One sigmoid unit ``y~ = sigma(w0 + x . w[1:])`` with lecture 002's squared cost.

    Parameters
    ----------
    weights : sequence of float, length ``d + 1``
        ``[w0, w1, ..., wd]``: the bias first, then one weight per input.
    """

    def __init__(self, weights):
        self.weights = weights

    @property
    def weights(self):
        """``[w0, w1, ..., wd]`` (a copy: assign a new array to change them)."""
        return self._w.copy()

    @weights.setter
    def weights(self, value):
        w = check_array("weights", value, ndim=1, limit=LIMIT)   # the package's one size limit
        if w.size < 2:
            raise ValueError(f"weights must hold a bias and at least one input weight, got {w.size} number(s).")
        self._w = w

    @property
    def n_inputs(self):
        return self._w.size - 1

    def _X(self, X):
        return check_array("X", X, ndim=2, shape=(None, self.n_inputs))

    def _Xy(self, X, y):
        X = self._X(X)
        y = check_array("y", y).reshape(-1)
        if y.size != X.shape[0]:
            raise ValueError(f"y must hold one target per row of X ({X.shape[0]}), got {y.size}.")
        return X, y

    def z(self, X):
        """The weighted input ``w0 + x . w[1:]`` of each row of ``X``, shape ``(n,)``."""
        X = self._X(X)
        return self._w[0] + X @ self._w[1:]

    def predict(self, X):
        """``y~ = sigma(z)`` for each row of ``X``, shape ``(n,)``."""
        return sigmoid(self.z(X))

    def costs(self, X, y):
        """Each example's cost ``(y~_i - y_i)^2``, shape ``(n,)``."""
        X, y = self._Xy(X, y)
        return (self.predict(X) - y) ** 2

    def cost(self, X, y):
        """The cost over the data set, ``C(W) = 1/N sum_i (y~_i - y_i)^2``."""
        return float(np.mean(self.costs(X, y)))

    def example_gradients(self, X, y):
        """Each example's gradient ``dC_i/dw_k``, shape ``(n, d + 1)`` (a row per example).

        By the chain rule ``dC_i/dw_k = 2 (y~_i - y_i) * y~_i (1 - y~_i) * x_ik`` with ``x_i0 = 1``.
        """
        X, y = self._Xy(X, y)
        p = self.predict(X)
        local = 2.0 * (p - y) * p * (1.0 - p)          # dC_i/dz_i
        return local[:, None] * np.hstack([np.ones((X.shape[0], 1)), X])

    def gradient(self, X, y):
        """``grad C(W)``: the average of the examples' gradients, shape ``(d + 1,)``."""
        return self.example_gradients(X, y).mean(axis=0)

    def step(self, X, y, r):
        """One gradient-descent step ``W = W_old + r (-grad C(W_old))``; returns a new neuron."""
        r = check_positive("r", r)
        return SigmoidNeuron(self._w - r * self.gradient(X, y))

    def __repr__(self):
        return f"SigmoidNeuron({np.array2string(self._w, precision=4, separator=', ')})"
