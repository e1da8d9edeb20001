"""The perceptron of lecture 003: a step unit and its learning rule.

Notation follows the lecture: the unit computes

    h_W(x) = g(W_0 * (-1) + W_1 x_1 + ... + W_n x_n),

so the bias input is fixed at ``x_0 = -1`` and ``W_0`` acts as a threshold
(the unit fires when ``W_1 x_1 + ... + W_n x_n > W_0``).  ``g`` is the step
function, with the convention ``g(0) = 0`` (see :func:`step`).  Learning is
the perceptron rule, applied example by example:

    W_j <- W_j + lr * (y - h_W(x)) * x_j        (x_0 = -1)

It converges for every linearly separable data set (AND, OR, NAND, ...)
and never for XOR or XNOR, where it keeps making mistakes; :meth:`Perceptron.fit`
reports that in its history instead of raising or warning.

>>> X = [[0, 0], [0, 1], [1, 0], [1, 1]]; y = [0, 0, 0, 1]     # AND
>>> p = Perceptron(2, lr=0.5, weights=[0.0, 0.0, 0.0])
>>> history = p.fit(X, y)
>>> history.message, history.errors
('converged after 6 epochs', [1, 3, 3, 2, 1, 0])
>>> p.weights.tolist(), p.predict(X).tolist()     # fires when 1.0 x1 + 0.5 x2 > 1.0
([1.0, 1.0, 0.5], [0.0, 0.0, 0.0, 1.0])

Ties matter: with ``g(0) = 0`` a net input of exactly 0 counts as not firing
(above, ``(1, 0)`` has ``in = -1.0 + 1.0 = 0`` and is classified 0).
Learning rates such as 0.5 keep the arithmetic exact; with ``lr=0.1`` the
weights are rounded binary fractions and a net input that "should" be 0 can
come out as ``+2.8e-17`` (NAND from zero weights), which flips the prediction.

What this module leaves out
---------------------------
* Sigmoid units and gradient descent on a cost (see ``backprop_core.mlp``);
  the step function has no useful derivative, so this rule is not backprop.
* More than one output unit, and the "pocket" or averaged variants.
* The ``x_0 = +1`` bias convention of the lecture's XNOR table: here the bias
  input is always -1, as in ``h_W(x) = g(W_0 * -1 + ...)``.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .validation import check_array, check_int, check_positive

__all__ = ["step", "Perceptron", "PerceptronHistory"]


def step(z):
    """Threshold function ``g(z) = 1 if z > 0 else 0`` (element-wise, float).

    At exactly ``z = 0`` the unit does not fire (``g(0) = 0``), the same
    convention as ``activations.ACTIVATIONS['step']``. Lecture 003's XNOR
    table needs exactly this: its second hidden unit's input is 0 for the
    inputs (0, 1) and (1, 0), and the table gives a = 0 there.

    >>> step(np.array([-0.5, 0.0, 2.0]))
    array([0., 0., 1.])
    """
    return np.where(np.asarray(z, dtype=float) > 0, 1.0, 0.0)


@dataclass
class PerceptronHistory:
    """What happened during :meth:`Perceptron.fit`.

    Attributes
    ----------
    errors : list of int
        Mistakes made in each epoch (examples whose prediction was wrong
        *when they were visited*, i.e. the number of weight updates).
    converged : bool
        True if the last epoch made no mistakes.
    epochs : int
        Epochs run, including the final mistake-free one.
    weights : list of ndarray, shape (n_inputs + 1,)
        The weights after each epoch (``W_0`` first).
    message : str
        One sentence for people, e.g. ``'converged after 4 epochs'``.
    """

    errors: list = field(default_factory=list)
    converged: bool = False
    epochs: int = 0
    weights: list = field(default_factory=list)
    message: str = ""


class Perceptron:
    """A single step unit with the lecture's bias convention ``x_0 = -1``.

    Parameters
    ----------
    n_inputs : int
        Number of inputs ``x_1..x_n`` (>= 1), not counting the bias input.
    lr : float
        Learning rate (the lecture's alpha), > 0.
    weights : array_like, shape (n_inputs + 1,), optional
        Initial weights ``[W_0, W_1, ..., W_n]``; ``W_0`` is the threshold.
        By default small random numbers in [-0.5, 0.5] (lecture 003,
        "implementational details"), drawn from ``seed``.
    seed : int or numpy.random.Generator
        Randomness for the default weights.

    Attributes
    ----------
    weights : ndarray, shape (n_inputs + 1,)
        Current weights, ``W_0`` first.  Code index ``j`` is the lecture's
        ``W_j``, because index 0 holds the bias weight.

    Examples
    --------
    With ``W = [1.5, 1, 1]`` the unit fires when ``x1 + x2 > 1.5``: AND.

    >>> p = Perceptron(2, weights=[1.5, 1.0, 1.0])
    >>> p.net_input([[1, 1], [1, 0]]).tolist()          # -1.5 + x1 + x2
    [0.5, -0.5]
    >>> p.predict([[1, 1], [1, 0]]).tolist()
    [1.0, 0.0]
    """

    def __init__(self, n_inputs, lr=0.1, weights=None, seed=0):
        self.n_inputs = check_int("n_inputs", n_inputs, minimum=1)
        self.lr = check_positive("lr", lr)
        if weights is None:
            if isinstance(seed, np.random.Generator):
                rng = seed
            else:
                rng = np.random.default_rng(check_int("seed", seed, minimum=0))
            self.weights = rng.uniform(-0.5, 0.5, self.n_inputs + 1)
        else:
            self.weights = check_array("weights", weights, shape=(self.n_inputs + 1,)).copy()

    def __repr__(self):
        w = ", ".join(f"{v:.4g}" for v in self.weights)
        return f"Perceptron(n_inputs={self.n_inputs}, lr={self.lr:g}, weights=[{w}])"

    # -- forward --------------------------------------------------------------
    def _inputs(self, X, name="X"):
        """X as a 2-D array (m, n_inputs); a single example may be 1-D."""
        arr = check_array(name, X)
        if arr.ndim == 1 and arr.shape == (self.n_inputs,):
            arr = arr[None, :]
        if arr.ndim != 2 or arr.shape[1] != self.n_inputs:
            raise ValueError(
                f"{name} must have shape (m, {self.n_inputs}) for a perceptron with "
                f"{self.n_inputs} inputs, got shape {np.shape(X)}."
            )
        return arr

    @staticmethod
    def _with_bias_input(X):
        """Prepend the fixed bias input x_0 = -1: shape (m, n) -> (m, n + 1)."""
        return np.column_stack([-np.ones(len(X)), X])

    def net_input(self, X):
        """``in = W_0 * (-1) + W_1 x_1 + ... + W_n x_n`` for each row of ``X``.

        Parameters
        ----------
        X : array_like, shape (m, n_inputs) or (n_inputs,)

        Returns
        -------
        ndarray, shape (m,)
        """
        return self._with_bias_input(self._inputs(X)) @ self.weights

    def predict(self, X):
        """``h_W(x) = step(in)`` for each row: 0.0 or 1.0, shape (m,)."""
        return step(self.net_input(X))

    # -- learning ---------------------------------------------------------------
    def update(self, x, y):
        """Apply the perceptron rule to one example; return ``Err = y - h``.

        ``W_j <- W_j + lr * (y - h) * x_j`` with ``x_0 = -1``.  Nothing changes
        when the prediction is right (``Err = 0``).

        >>> p = Perceptron(2, lr=0.1, weights=[0.5, 0.2, -0.1])
        >>> p.update([1, 1], 1)     # in = -0.5 + 0.2 - 0.1 = -0.4, so h = 0
        1.0
        >>> p.weights.round(10).tolist()   # [0.5 - 0.1, 0.2 + 0.1, -0.1 + 0.1]
        [0.4, 0.3, 0.0]
        """
        x = self._inputs(x, "x")
        if x.shape[0] != 1:
            raise ValueError(f"x must be one example of shape ({self.n_inputs},), got shape {np.shape(x)}.")
        y = self._targets(y, 1)[0]
        return self._update(self._with_bias_input(x)[0], y)

    def _update(self, xb, y):
        """The rule itself, for one example ``xb`` that already has ``x_0 = -1``."""
        h = float(step(xb @ self.weights))
        err = float(y) - h  # the lecture's Err
        self.weights += self.lr * err * xb
        return err

    def _targets(self, y, m):
        arr = check_array("y", y)
        if arr.ndim == 0 and m == 1:  # one example's target, e.g. update(x, 1)
            arr = arr.reshape(1)
        if arr.ndim == 2 and arr.shape[1] == 1:
            arr = arr[:, 0]
        if arr.shape != (m,):
            raise ValueError(f"y must have shape ({m},) or ({m}, 1) to match X, got shape {np.shape(y)}.")
        bad = arr[(arr != 0) & (arr != 1)]
        if bad.size:
            raise ValueError(f"y must contain only 0 and 1 (a step unit outputs nothing else), found {bad[0]:g}.")
        return arr

    def fit(self, X, y, epochs=100):
        """Run the perceptron rule over the examples, in order, epoch after epoch.

        Stops after the first epoch in which no example was misclassified
        (then no weight changed and all predictions are right).

        Parameters
        ----------
        X : array_like, shape (m, n_inputs)
        y : array_like of 0/1, shape (m,) or (m, 1)
        epochs : int
            Maximum number of passes over the data (>= 1).

        Returns
        -------
        PerceptronHistory
            ``converged`` is False (no warning, no exception) when ``epochs``
            passes were not enough; ``message`` says why that usually happens.

        >>> X = [[0, 0], [0, 1], [1, 0], [1, 1]]
        >>> h = Perceptron(2).fit(X, [0, 1, 1, 0], epochs=20)     # XOR
        >>> h.converged, h.message[:33]
        (False, 'did not converge in 20 epochs: st')
        """
        X = self._inputs(X)
        y = self._targets(y, len(X))
        epochs = check_int("epochs", epochs, minimum=1)
        history = PerceptronHistory()
        for _ in range(epochs):
            mistakes = 0
            for x_i, y_i in zip(self._with_bias_input(X), y):
                err = self._update(x_i, y_i)
                mistakes += int(err != 0)
            history.epochs += 1
            history.errors.append(mistakes)
            history.weights.append(self.weights.copy())
            if mistakes == 0:
                history.converged = True
                break
        if history.converged:
            s = "" if history.epochs == 1 else "s"
            history.message = f"converged after {history.epochs} epoch{s}"
        else:
            k = history.errors[-1]
            s_e = "" if epochs == 1 else "s"
            s_k = "" if k == 1 else "s"
            history.message = (
                f"did not converge in {epochs} epoch{s_e}: still {k} mistake{s_k} in the last epoch; "
                "the data are probably not linearly separable (XOR and XNOR are not)"
            )
        return history
