"""Activation functions and their derivatives, in one table keyed by name.

Each entry gives ``f(z)`` and ``df(z, a)``, the derivative written (where the
lectures do) in terms of the activation's own output ``a = f(z)``; for the
sigmoid that is lecture 000's ``S'(x) = S(x) (1 - S(x))``.

Left out: parametrised activations (leaky ReLU, ELU, ...). ``'step'`` is here
for the perceptrons of lecture 003 but has no useful derivative, so asking for
one raises. ``'softmax'`` acts on a whole row and is handled as a Jacobian-
vector product by :func:`backward`.
"""
from __future__ import annotations

import numpy as np

from .validation import check_choice

__all__ = ["sigmoid", "ACTIVATIONS", "activate", "backward", "check_activation"]


def sigmoid(z):
    """Logistic function ``1 / (1 + exp(-z))`` without overflow.

    Computed from ``e = exp(-|z|)``, which never overflows: ``1 / (1 + e)``
    for ``z >= 0`` and ``e / (1 + e)`` for ``z < 0``. So ``sigmoid(-1000)`` is
    0.0 with no warning, and ``sigmoid(-50)`` keeps its full precision
    (1.9e-22) instead of rounding to 0.

    >>> float(sigmoid(0.0))
    0.5
    """
    z = np.asarray(z, dtype=float)
    e = np.exp(-np.abs(z))
    out = np.where(z >= 0, 1.0, e) / (1.0 + e)
    return out if out.ndim else out[()]


def _softmax(z):
    shifted = z - z.max(axis=-1, keepdims=True)
    e = np.exp(shifted)
    return e / e.sum(axis=-1, keepdims=True)


def _step(z):
    # strict threshold: g(0) = 0, as lecture 003's XNOR table needs
    return (np.asarray(z) > 0).astype(float)


def _no_derivative(z, a):
    raise ValueError(
        "activation 'step' has no useful derivative (it is 0 everywhere except at 0), "
        "so gradients cannot flow through it; use 'sigmoid' for training, 'step' only for forward passes."
    )


# name -> (f(z), f'(z) written with a = f(z))
ACTIVATIONS = {
    "sigmoid": (sigmoid, lambda z, a: a * (1.0 - a)),
    "tanh": (np.tanh, lambda z, a: 1.0 - a * a),
    "relu": (lambda z: np.maximum(z, 0.0), lambda z, a: (z > 0).astype(float)),
    "linear": (lambda z: z, lambda z, a: np.ones_like(z)),
    "step": (_step, _no_derivative),
    "softmax": (_softmax, None),  # row-wise: see backward()
}


def check_activation(name, what="activation"):
    """Raise ``ValueError`` unless ``name`` is a known activation."""
    return check_choice(what, name, tuple(ACTIVATIONS))


def activate(name, z):
    """Apply activation ``name`` to ``z``."""
    check_activation(name)
    return ACTIVATIONS[name][0](z)


def backward(name, z, a, grad_a):
    """Return ``dC/dz`` given ``dC/da`` (``grad_a``) for activation ``name``.

    For element-wise activations this is ``grad_a * f'(z)``; for softmax the
    Jacobian-vector product ``a * (grad_a - sum_k grad_a_k a_k)``.
    """
    check_activation(name)
    if name == "softmax":
        return a * (grad_a - (grad_a * a).sum(axis=-1, keepdims=True))
    return grad_a * ACTIVATIONS[name][1](z, a)
