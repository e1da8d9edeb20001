"""Loss functions averaged over samples, and their gradient at the output.

Shapes: ``A`` (network output), ``Z`` (the output layer's weighted input) and
``Y`` (targets) are all ``(n_samples, n_out)``. Every loss is a mean over the
``n_samples`` rows, as in lecture 004 (``C = 1/n sum_i C^(i)``).

=================  ==========================================================
``'half_sse'``     ``mean_i 1/2 sum_k (y - a)^2``  (lectures 000, 001, 003, 004)
``'mse'``          ``mean over all elements of (a - y)^2``  (lecture 002)
``'bce'``          ``-mean_i sum_k [y log a + (1 - y) log(1 - a)]`` (lecture 003);
                   sigmoid outputs only, evaluated from ``Z`` so it stays
                   finite when the sigmoid saturates
``'cross_entropy'`` ``-mean_i sum_k y log a`` with a softmax output and one-hot ``Y``
=================  ==========================================================

Left out: the L2 penalty (added by :class:`backprop_core.MLP`, which knows the
weights), hinge and Huber losses.
"""
from __future__ import annotations

import numpy as np

from . import activations
from .validation import check_choice

__all__ = ["LOSSES", "loss_value", "output_delta", "check_loss"]

LOSSES = ("half_sse", "mse", "bce", "cross_entropy")

# loss -> output activations it may be paired with (None: any)
_REQUIRES = {"bce": ("sigmoid",), "cross_entropy": ("softmax",)}


def check_loss(loss, output_activation):
    """Validate a loss name and its pairing with the output activation."""
    check_choice("loss", loss, LOSSES)
    need = _REQUIRES.get(loss)
    if need is not None and output_activation not in need:
        raise ValueError(
            f"loss {loss!r} needs output_activation {need[0]!r} (outputs must be probabilities), "
            f"got output_activation={output_activation!r}."
        )
    if output_activation == "softmax" and loss != "cross_entropy":
        # allowed, but softmax rows sum to 1, so targets should be one-hot
        pass
    return loss


def loss_value(loss, A, Z, Y):
    """Mean loss over the rows of ``A`` (float)."""
    check_choice("loss", loss, LOSSES)
    n = A.shape[0]
    if loss == "half_sse":
        D = A - Y
        return 0.5 * float(np.vdot(D, D)) / n
    if loss == "mse":
        D = A - Y
        return float(np.vdot(D, D)) / D.size
    if loss == "bce":
        # -[y log s(z) + (1-y) log(1-s(z))] = max(z,0) - z y + log(1 + exp(-|z|))
        return float(np.sum(np.maximum(Z, 0.0) - Z * Y + np.log1p(np.exp(-np.abs(Z))))) / n
    # cross_entropy with log-softmax computed from Z
    zmax = Z.max(axis=1, keepdims=True)
    log_sum = np.log(np.exp(Z - zmax).sum(axis=1, keepdims=True)) + zmax
    return float(-np.sum(Y * (Z - log_sum))) / n


def output_delta(loss, output_activation, A, Z, Y):
    """``delta^L = dC/dz^L`` for the mean loss, shape ``(n_samples, n_out)``.

    The sigmoid + bce and softmax + cross-entropy pairs simplify to
    ``(a - y) / n``; other pairs use ``dC/da * phi'(z)`` (lecture 004's
    ``delta^L = grad_a C (Hadamard) phi'(z^L)``).
    """
    check_choice("loss", loss, LOSSES)
    n = A.shape[0]
    if loss in ("bce", "cross_entropy"):
        return (A - Y) / n
    if loss == "half_sse":
        grad_a = (A - Y) / n
    else:  # mse
        grad_a = (2.0 / A.size) * (A - Y)
    return activations.backward(output_activation, Z, A, grad_a)
