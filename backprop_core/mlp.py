"""A general, vectorised feed-forward network (lectures 002-004).

The course's notation (:mod:`backprop_core.notation`), layers counted from the
input (``a0 = x`` is layer 0, the output is layer L), one row per sample::

    z_{l+1} = W_l a_l + b_l,     a_{l+1} = phi(z_{l+1}),     a_0 = x
    delta_L = dC/dz_L = grad_a C (Hadamard) phi'(z_L)
    delta_l = (W_l^T delta_{l+1}) (Hadamard) phi'(z_l)
    dC/dW_l = delta_{l+1} a_l^T,   dC/db_l = delta_{l+1}

Code names follow it: ``weights[l]`` is ``W_l`` (from layer l to layer l + 1),
``activations[l]`` is ``a_l``, ``zs[l]`` is ``z_{l+1}`` (no entry for the input).
Lecture 004 numbers the input as layer 1 (its ``W^2`` is our ``W_0``); lesson 07
translates. Samples are rows, so in code ``Z = A_prev @ W.T + b``.

Every array put into ``weights`` or ``biases`` (``mlp.weights[0] = W`` or
``mlp.weights = [...]``) is checked at once: its shape, real numbers, all
finite and at most :data:`~backprop_core.validation.LIMIT` (1e12) in size. A
number changed inside an array (``mlp.weights[0][1, 0] = x``) cannot be
watched; it is checked (shape, finite) when the network is next used.
Below the limit a shallow network's forward pass cannot overflow; a deep one
can (each layer multiplies), and then its outputs and loss are ``inf`` (the
tables print "overflow"), never an exception. :meth:`MLP.fit` calls a run
diverged when its loss stops being finite and keeps the weights from before;
it does not stop at the limit, so a run that runs away without an infinite
loss can leave weights larger than 1e12 (they stay usable, and ``copy()``
keeps them).

Hidden layers share one activation, or each has its own: ``activation`` may
be a list with one name per hidden layer (``MLP([2, 4, 4, 1], ["relu", "tanh"])``).

Left out: convolutional or recurrent layers, dropout, optimisers other than
(momentum) gradient descent.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from . import activations as _act
from . import losses as _loss
from .validation import LIMIT, check_array, check_choice, check_int, check_positive, check_real
from .factors import mlp_chain
from .records import TrainingRecord

__all__ = ["MLP", "TrainingHistory"]

INITS = ("lecture", "xavier", "he")


def _check_layer_array(name, value, shape):
    """One layer's weights or biases: an array of ``shape``, real, finite, within :data:`LIMIT`.

    A float64 array is kept as it is (the network uses that very array);
    integers become a float64 copy, so training can write fractions into it.
    """
    try:
        arr = value if isinstance(value, np.ndarray) else np.asarray(value)
    except (TypeError, ValueError):  # ragged lists and the like
        raise TypeError(f"{name} must be an array of shape {shape}, got {_short(value)}.") from None
    if arr.dtype.kind not in "iuf":
        raise TypeError(f"{name} must hold real numbers, got dtype {arr.dtype} ({_short(value)}).")
    if arr.shape != shape:
        raise ValueError(f"{name} must be an array of shape {shape}, got shape {arr.shape}.")
    if arr.dtype != np.float64:
        arr = arr.astype(np.float64)
    if not np.all(np.isfinite(arr)):
        bad = arr[~np.isfinite(arr)].ravel()[0]
        raise ValueError(f"{name} must contain only finite numbers, found {bad}.")
    if arr.size and np.max(np.abs(arr)) > LIMIT:
        bad = arr[np.abs(arr) > LIMIT].ravel()[0]
        raise ValueError(f"{name} must contain only numbers of size at most {LIMIT:g}, found {bad:g}.")
    return arr


def _short(value, limit=60):
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Layers(list):
    """``mlp.weights`` / ``mlp.biases``: a list with one array per layer, every assignment checked.

    ``weights[l] = W`` (or a slice) checks ``W`` before the network uses it;
    appending, inserting or deleting would change the number of layers, so
    they raise ``TypeError`` with a sentence instead of breaking the network
    later.
    """

    def __init__(self, arrays, kind, shapes):
        self._kind, self._shapes = kind, tuple(shapes)
        if isinstance(arrays, (str, bytes, np.ndarray)) or not hasattr(arrays, "__len__"):
            raise TypeError(f"{kind} must be a list of {len(self._shapes)} arrays (one per layer of weights), "
                            f"got {_short(arrays)}.")
        if len(arrays) != len(self._shapes):
            raise ValueError(f"{kind} must be a list of {len(self._shapes)} arrays (one per layer of weights), "
                             f"got {len(arrays)}.")
        super().__init__(_check_layer_array(f"{kind}[{l}]", a, shp) for l, (a, shp) in enumerate(zip(arrays, shapes)))

    def __reduce__(self):  # copies and pickles come back as _Layers (not re-checked: see copied)
        return (_Layers._unchecked, (list(self), self._kind, self._shapes))

    @classmethod
    def _unchecked(cls, arrays, kind, shapes):
        new = list.__new__(cls)
        new._kind, new._shapes = kind, tuple(shapes)
        list.extend(new, arrays)
        return new

    def copied(self):
        """The same layers with every array copied, not checked again: they were
        checked when assigned, and training may since have grown them past the limit."""
        return _Layers._unchecked([a.copy() for a in self], self._kind, self._shapes)

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            new = list(self)
            new[index] = value
            checked = _Layers(new, self._kind, self._shapes)
            super().__setitem__(slice(None), checked)
            return
        n = len(self)
        if isinstance(index, (bool, np.bool_)) or not isinstance(index, (int, np.integer)) or not -n <= index < n:
            raise IndexError(f"{self._kind} has layers 0..{n - 1}, got index {_short(index)}.")
        l = int(index) % n
        super().__setitem__(l, _check_layer_array(f"{self._kind}[{l}]", value, self._shapes[l]))

    def _fixed(self, *args, **kwargs):
        raise TypeError(f"{self._kind} holds one array per layer of weights ({len(self)}); replace one with "
                        f"{self._kind}[l] = ... instead of adding, removing or reordering layers.")

    append = extend = insert = pop = remove = clear = sort = reverse = __delitem__ = _fixed

    def __iadd__(self, other):
        self._fixed()

    def __imul__(self, other):
        self._fixed()


@dataclass
class TrainingHistory(TrainingRecord):
    """What :meth:`MLP.fit` did (a :class:`~backprop_core.records.TrainingRecord`).

    Attributes
    ----------
    loss : list of float
        Loss per epoch: the mean of the mini-batch losses seen during the
        epoch (for full batch: the loss before that epoch's update).
    step_loss : list of float
        Loss of every mini-batch before its update (only with ``record_steps=True``).
    final_loss : float
        Loss on the whole training set with the weights handed back.
    costs : ndarray
        ``loss`` followed by ``final_loss``. For full batch (one update per
        epoch) that is the shared convention exactly: the cost before the
        first update, then after each update (``len(costs) == steps + 1``).
        With mini-batches the entries are per epoch (mean batch loss), the
        last one the whole-set loss of the weights handed back.
    steps : int
        Updates taken and kept ("iterations" in lecture 001).
    diverged_at : int or None
        The 1-based number of the update whose loss was not finite; training
        stopped and the network keeps the weights from before it
        (``steps == diverged_at - 1``). ``0`` if the starting weights
        themselves give a non-finite loss.
    limit : float
        ``inf``: :meth:`MLP.fit` calls a run diverged only when the loss stops
        being finite.
    diverged : bool
        ``diverged_at is not None``.
    epochs : int
        Epochs completed.
    lr : float
        The learning rate of the run.
    """

    loss: list = field(default_factory=list)
    step_loss: list = field(default_factory=list)
    final_loss: float = float("nan")
    costs: np.ndarray = field(default_factory=lambda: np.empty(0))
    diverged_at: int | None = None
    limit: float = float("inf")
    epochs: int = 0
    steps: int = 0
    batches_per_epoch: int = 0
    lr: float = float("nan")

    quantity = "the loss"
    cost_name = "loss"

    @property
    def final_cost(self):
        return float(self.final_loss)

    @property
    def message(self):
        if self.diverged:
            return (f"diverged at step {self.diverged_at} (epoch {self.epochs}): the loss became "
                    f"infinite or NaN; training stopped and the last finite weights were kept. "
                    f"Lower the learning rate.")
        return (f"{self.epochs} epochs x {self.batches_per_epoch} batches = {self.steps} steps; "
                f"final loss {self.final_loss:.6g}")


class MLP:
    """A fully connected feed-forward network.

    Parameters
    ----------
    sizes : list of int
        Neurons per layer, input first: ``[2, 3, 1]`` is 2 inputs, one hidden
        layer of 3 neurons and 1 output, so ``weights[0].shape == (3, 2)`` and
        ``weights[1].shape == (1, 3)``.
    activation : str or list of str
        Hidden-layer activation: ``'sigmoid'``, ``'tanh'``, ``'relu'``,
        ``'linear'`` or ``'step'`` (forward only); or a list of such names,
        one per hidden layer (``len(sizes) - 2`` of them), input side first.
    output_activation : str, optional
        Output activation (default: the same as ``activation``, or its last
        entry for a list); also ``'softmax'``.
    loss : str
        ``'half_sse'``, ``'mse'``, ``'bce'`` (sigmoid output) or
        ``'cross_entropy'`` (softmax output); see :mod:`backprop_core.losses`.
    seed : int
        Seed of the initial weights.
    init : str
        ``'lecture'``: uniform in [-0.5, 0.5] (lecture 003); ``'xavier'``:
        uniform in +-sqrt(6 / (n_in + n_out)); ``'he'``: normal with std
        sqrt(2 / n_in). Biases start at 0.
    bias : bool
        With ``bias=False`` the network has no biases (``biases`` holds zeros
        that are never updated), like lecture 003's numpy loop.
    """

    def __init__(self, sizes, activation="sigmoid", output_activation=None, loss="half_sse",
                 seed=0, init="lecture", bias=True):
        if isinstance(sizes, (str, bytes)) or not hasattr(sizes, "__len__"):
            raise TypeError(f"sizes must be a list of layer sizes like [2, 4, 1], got {sizes!r}.")
        if len(sizes) < 2:
            raise ValueError(f"sizes needs at least an input and an output layer, like [2, 1]; got {list(sizes)!r}.")
        self.sizes = [check_int(f"sizes[{i}]", s, minimum=1) for i, s in enumerate(sizes)]
        self.hidden_activations = self._check_hidden_activations(activation)
        self.activation = activation if isinstance(activation, str) else (
            self.hidden_activations[0] if len(set(self.hidden_activations)) == 1 else list(self.hidden_activations))
        last = activation if isinstance(activation, str) else (self.hidden_activations or ("sigmoid",))[-1]
        out = last if output_activation is None else output_activation
        self.output_activation = _act.check_activation(out, "output_activation")
        if self.output_activation == "softmax" and self.sizes[-1] < 2:
            raise ValueError(f"output_activation 'softmax' needs at least 2 outputs, got sizes {self.sizes}.")
        self.loss_name = _loss.check_loss(loss, self.output_activation)
        check_choice("init", init, INITS)
        self.bias = bool(bias)
        rng = np.random.default_rng(check_int("seed", seed))
        weights = []
        for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:]):
            if init == "lecture":
                W = rng.uniform(-0.5, 0.5, size=(n_out, n_in))
            elif init == "xavier":
                lim = np.sqrt(6.0 / (n_in + n_out))
                W = rng.uniform(-lim, lim, size=(n_out, n_in))
            else:
                W = rng.normal(0.0, np.sqrt(2.0 / n_in), size=(n_out, n_in))
            weights.append(W)
        self.weights = weights
        self.biases = [np.zeros(n) for n in self.sizes[1:]]

    def _check_hidden_activations(self, activation):
        """One checked activation name per hidden layer (a string means the same for all)."""
        n_hidden = len(self.sizes) - 2
        if isinstance(activation, str):
            names = (activation,) * n_hidden
            checked = [_act.check_activation(activation)]
        else:
            if not isinstance(activation, (list, tuple)) or len(activation) != n_hidden:
                raise ValueError(f"activation must be a name or a list of {n_hidden} names (one per hidden "
                                 f"layer), got {_short(activation)}.")
            names = tuple(activation)
            checked = [_act.check_activation(a, f"activation[{k}]") for k, a in enumerate(names)]
        if "softmax" in checked or "softmax" in names:
            raise ValueError("activation 'softmax' is for the output layer only; use output_activation='softmax'.")
        return tuple(names)

    # -- the parameters: every assignment checked ---------------------------
    @property
    def weights(self):
        """One array per layer of weights; ``weights[l]`` has shape ``(sizes[l + 1], sizes[l])``.

        Assigning a whole list or one entry checks it (shape, real numbers,
        finite, at most 1e12 in size) and raises a one-sentence
        ``ValueError``/``TypeError`` otherwise:

        >>> mlp = MLP([2, 1])
        >>> mlp.weights[0] = [[1.0, float("nan")]]
        Traceback (most recent call last):
        ...
        ValueError: weights[0] must contain only finite numbers, found nan.
        """
        return self._weights

    @weights.setter
    def weights(self, arrays):
        shapes = [(n_out, n_in) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self._weights = _Layers(arrays, "weights", shapes)

    @property
    def biases(self):
        """One array per layer of weights; ``biases[l]`` has shape ``(sizes[l + 1],)``; checked like ``weights``."""
        return self._biases

    @biases.setter
    def biases(self, arrays):
        self._biases = _Layers(arrays, "biases", [(n,) for n in self.sizes[1:]])

    # -- helpers ----------------------------------------------------------
    def __repr__(self):
        return (f"MLP({self.sizes}, activation={self.activation!r}, "
                f"output_activation={self.output_activation!r}, loss={self.loss_name!r})")

    @property
    def layer_activations(self):
        """Activation name of each layer of weights, input side first."""
        return [*self.hidden_activations, self.output_activation]

    @property
    def n_params(self):
        return sum(W.size for W in self.weights) + (sum(b.size for b in self.biases) if self.bias else 0)

    def copy(self):
        """An independent copy (weights and biases copied)."""
        new = object.__new__(MLP)
        new.__dict__.update(self.__dict__)
        new._weights = self._weights.copied()
        new._biases = self._biases.copied()
        new.sizes = list(self.sizes)
        return new

    def _check_params(self):
        """Numbers changed inside the arrays since they were assigned: still finite, same shape?"""
        for l, (W, b) in enumerate(zip(self.weights, self.biases)):
            want = (self.sizes[l + 1], self.sizes[l])
            for kind, arr, shape in (("weights", W, want), ("biases", b, (want[0],))):
                name = f"{kind}[{l}]"
                if arr.shape != shape:  # reshaped in place
                    raise ValueError(f"{name} must be an array of shape {shape}, got shape {arr.shape}.")
                if not np.all(np.isfinite(arr)):
                    bad = arr[~np.isfinite(arr)].ravel()[0]
                    raise ValueError(f"{name} must contain only finite numbers, found {bad}.")

    def _check_X(self, X):
        X = check_array("X", X)
        if X.ndim == 1 and self.sizes[0] == X.shape[0]:
            X = X[None, :]
        if X.ndim != 2 or X.shape[1] != self.sizes[0]:
            raise ValueError(f"X must have shape (n_samples, {self.sizes[0]}), got shape {X.shape}.")
        if X.shape[0] == 0:
            raise ValueError("X must hold at least one sample, got 0 rows.")
        return np.ascontiguousarray(X)

    def _check_XY(self, X, Y):
        X = self._check_X(X)
        Y = check_array("Y", Y)
        n_out = self.sizes[-1]
        if Y.ndim == 1 and n_out == 1 and Y.shape[0] == X.shape[0]:
            Y = Y[:, None]
        elif Y.ndim == 1 and Y.shape[0] == n_out and X.shape[0] == 1:
            Y = Y[None, :]
        if Y.shape != (X.shape[0], n_out):
            raise ValueError(f"Y must have shape ({X.shape[0]}, {n_out}) to match X, got shape {Y.shape}.")
        if self.loss_name in ("bce", "cross_entropy") and (Y.min() < 0 or Y.max() > 1):
            raise ValueError(f"loss {self.loss_name!r} needs targets in [0, 1], got values in "
                             f"[{Y.min():g}, {Y.max():g}].")
        return X, np.ascontiguousarray(Y)

    # -- forward -----------------------------------------------------------
    def forward_pass(self, X):
        """Forward pass keeping every layer: returns ``(zs, activations)``.

        ``activations[0]`` is ``X``; ``zs[l]`` and ``activations[l + 1]`` have
        shape ``(n_samples, sizes[l + 1])``.
        """
        X = self._check_X(X)
        self._check_params()
        with np.errstate(all="ignore"):
            return self._forward(self.weights, self.biases, X)

    def _forward(self, Ws, bs, X):
        zs, acts = [], [X]
        a = X
        for W, b, name in zip(Ws, bs, self.layer_activations):
            z = a @ W.T
            if self.bias:
                z += b
            a = _act.ACTIVATIONS[name][0](z)
            zs.append(z)
            acts.append(a)
        return zs, acts

    def forward(self, X):
        """Network output for ``X`` of shape ``(n_samples, n_in)``."""
        return self.forward_pass(X)[1][-1]

    def predict(self, X):
        """Class predictions: argmax for several outputs; for one output
        ``a >= 0.5`` (``a >= 0`` for a tanh output, whose classes are +-1)."""
        A = self.forward(X)
        if A.shape[1] > 1:
            return A.argmax(axis=1)
        cut = 0.0 if self.output_activation == "tanh" else 0.5
        return (A[:, 0] >= cut).astype(int)

    # -- loss and gradients -----------------------------------------------
    def _l2_term(self, Ws, l2, m):
        return 0.5 * l2 / m * sum(float(np.vdot(W, W)) for W in Ws) if l2 else 0.0

    def _l1_term(self, Ws, l1, m):
        return l1 / m * sum(float(np.abs(W).sum()) for W in Ws) if l1 else 0.0

    def loss(self, X, Y, l2=0.0, l1=0.0):
        """Mean loss over the samples, plus ``l2 / 2m * sum W^2`` and ``l1 / m * sum |W|`` (biases excluded)."""
        X, Y = self._check_XY(X, Y)
        l2 = self._check_l2(l2)
        l1 = self._check_l2(l1, "l1")
        self._check_params()
        with np.errstate(all="ignore"):
            zs, acts = self._forward(self.weights, self.biases, X)
            return (_loss.loss_value(self.loss_name, acts[-1], zs[-1], Y) + self._l2_term(self.weights, l2, X.shape[0])
                    + self._l1_term(self.weights, l1, X.shape[0]))

    @staticmethod
    def _check_l2(l2, name="l2"):
        l2 = check_real(name, l2)
        if l2 < 0:
            raise ValueError(f"{name} must be >= 0, got {l2}.")
        return l2

    def _check_trainable(self):
        for name in set(self.layer_activations):
            if name == "step":
                _act.ACTIVATIONS["step"][1](None, None)  # raises with the explanation

    def _backprop(self, Ws, bs, X, Y, scale=1.0):
        """Loss and ``scale * gradients`` (no L2) for one batch."""
        zs, acts = self._forward(Ws, bs, X)
        loss = _loss.loss_value(self.loss_name, acts[-1], zs[-1], Y)
        delta = _loss.output_delta(self.loss_name, self.output_activation, acts[-1], zs[-1], Y)
        if scale != 1.0:
            delta *= scale
        names = self.layer_activations
        L = len(Ws)
        gW, gb = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            # here delta is delta_(l+1) = dC/dz_(l+1), one row per sample: dC/dW_l = delta_(l+1) a_l^T
            gW[l] = delta.T @ acts[l]
            gb[l] = delta.sum(axis=0) if self.bias else None
            if l:
                delta = _act.backward(names[l - 1], zs[l - 1], acts[l], delta @ Ws[l])
        return loss, gW, gb

    def gradients(self, X, Y, l2=0.0, l1=0.0):
        """Backpropagation: ``(grad_W, grad_b)``, lists shaped like ``weights`` / ``biases``.

        ``l1`` adds ``(l1 / m) sign(W)`` (the slope of ``l1 / m * sum |W|``; 0 at ``W = 0``).
        """
        X, Y = self._check_XY(X, Y)
        l2 = self._check_l2(l2)
        l1 = self._check_l2(l1, "l1")
        self._check_params()
        self._check_trainable()
        with np.errstate(all="ignore"):
            _, gW, gb = self._backprop(self.weights, self.biases, X, Y)
        if l2:
            gW = [g + (l2 / X.shape[0]) * W for g, W in zip(gW, self.weights)]
        if l1:
            gW = [g + (l1 / X.shape[0]) * np.sign(W) for g, W in zip(gW, self.weights)]
        if not self.bias:
            gb = [np.zeros_like(b) for b in self.biases]
        return gW, gb

    def factors(self, x, y, layer, i, j=None, lr=0.5):
        """The chain-rule record of one weight's gradient for ONE example (lecture 004).

        Parameters
        ----------
        x, y : array_like
            One example: shapes ``(n_in,)`` and ``(n_out,)`` (or one row each).
        layer : int
            Code's layer of weights: ``weights[layer]``, ``biases[layer]``.
        i : int
            The neuron the weight feeds (row of ``weights[layer]``).
        j : int or None
            The input it multiplies (column of ``weights[layer]``); ``None``
            for the bias ``biases[layer][i]`` (the weight of a constant input 1).
        lr : float
            Learning rate for the ``'updated_output_weights'`` mistake.

        Returns
        -------
        FactorChain
            ``param`` is ``'W1[0,2]'`` or ``'b1[0]'``. Factors, in the course's notation
            (:mod:`backprop_core.notation`): ``W{l} = weights[l]`` leads from ``a{l}`` to
            ``z{l+1} = zs[l]`` and ``a{l+1} = activations[l + 1]``; ``a0`` is the input ``x``:

            * output layer, element-wise activation and a squared-error loss:
              ``dC/da * phi'(z) * a_j``;
            * output layer with bce / cross-entropy (or softmax): ``delta = a - y``
              as one factor (kind ``'delta'``), then ``a_j``;
            * hidden layer: ``dC/da_i`` (kind ``'sum'``: the sum over ``paths``,
              one per neuron k above, each ``delta{layer+2}[k] * W{layer+1}[k, i]``),
              ``* phi'(z_i) * a_j``.

            ``product`` equals ``gradients(x, y)`` for that weight (no L1 or L2
            penalty: the record is the backpropagated part only).

        Examples
        --------
        >>> from backprop_core import MazurNetwork
        >>> mlp = MLP.from_mazur(MazurNetwork())
        >>> rec = mlp.factors([0.05, 0.10], [0.01, 0.99], layer=0, i=0, j=0)   # w1
        >>> [f.symbol for f in rec.factors]
        ['dC/da1[0]', 'da1[0]/dz1[0]', 'dz1[0]/dW0[0,0]']
        >>> round(rec.product, 9)
        0.000438568
        """
        X, Y = self._check_XY(x, y)
        if X.shape[0] != 1:
            raise ValueError(f"factors() takes one example, got {X.shape[0]} rows in x.")
        self._check_params()
        self._check_trainable()
        L = len(self.weights)
        layer = check_int("layer", layer, minimum=0, maximum=L - 1)
        i = check_int("i", i, minimum=0, maximum=self.sizes[layer + 1] - 1)
        if j is None:
            if not self.bias:
                raise ValueError("this network has no biases (bias=False); give j for a weight.")
        else:
            j = check_int("j", j, minimum=0, maximum=self.sizes[layer] - 1)
        lr = check_positive("lr", lr)
        with np.errstate(all="ignore"):
            return mlp_chain(self, X, Y, layer, i, j, lr)

    # -- training ------------------------------------------------------------
    def fit(self, X, Y, lr=0.5, epochs=100, batch_size=None, momentum=0.0, l2=0.0, seed=0,
            record_steps=False, l1=0.0):
        """Train by (mini-batch) gradient descent; returns a :class:`TrainingHistory`.

        ``batch_size=None`` is full batch (one step per epoch), ``batch_size=1``
        stochastic / incremental mode (lecture 003), anything between is
        mini-batch; batches are reshuffled every epoch by ``seed``. With
        ``momentum`` the update is ``dW(t) = -lr * grad + momentum * dW(t-1)``
        (lectures 001 and 003); ``l2`` adds ``l2 / 2m * sum W^2`` to the cost
        (m = samples in the batch; biases excluded); ``l1`` adds ``l1 / m * sum |W|``
        (its slope ``(l1 / m) sign(W)`` pulls every weight towards 0 by the same amount).

        If the loss stops being finite, training stops, the network keeps the
        last weights whose loss was finite and the history says at which step:
        no warnings, no NaN weights.
        """
        X, Y = self._check_XY(X, Y)
        lr = check_positive("lr", lr)
        epochs = check_int("epochs", epochs, minimum=0)
        n = X.shape[0]
        if batch_size is None:
            batch_size = n
        batch_size = check_int("batch_size", batch_size, minimum=1)
        batch_size = min(batch_size, n)
        momentum = check_real("momentum", momentum)
        if not 0 <= momentum < 1:
            raise ValueError(f"momentum must be in [0, 1), got {momentum}.")
        l2 = self._check_l2(l2)
        l1 = self._check_l2(l1, "l1")
        rng = np.random.default_rng(check_int("seed", seed))
        self._check_params()
        self._check_trainable()

        L = len(self.weights)
        # Two buffers per parameter: each update writes the new weights into
        # the spare buffer, so the previous weights survive for a rollback.
        cur_W = [W.copy() for W in self.weights]
        cur_b = [b.copy() for b in self.biases]
        old_W = [np.empty_like(W) for W in cur_W]
        old_b = [np.empty_like(b) for b in cur_b]
        vel_W = [np.zeros_like(W) for W in cur_W] if momentum else None
        vel_b = [np.zeros_like(b) for b in cur_b] if momentum else None
        full = batch_size == n
        n_batches = -(-n // batch_size)
        hist = TrainingHistory(batches_per_epoch=n_batches, lr=lr)
        step = 0
        backprop = self._backprop
        bias = self.bias
        with np.errstate(all="ignore"):
            for epoch in range(epochs):
                if full:
                    batches = ((X, Y),)
                else:
                    perm = rng.permutation(n)
                    batches = ((X[idx], Y[idx]) for idx in
                               (perm[i:i + batch_size] for i in range(0, n, batch_size)))
                total = 0.0
                for Xb, Yb in batches:
                    m = Xb.shape[0]
                    # lr folded into the output delta: every gradient comes out scaled
                    loss, gW, gb = backprop(cur_W, cur_b, Xb, Yb, lr)
                    if l2:
                        loss += self._l2_term(cur_W, l2, m)
                    if l1:
                        loss += self._l1_term(cur_W, l1, m)
                    if not np.isfinite(loss):
                        # the weights after `step` updates give a non-finite loss:
                        # update number `step` (1-based) is the one that diverged
                        hist.diverged_at = step
                        break
                    if record_steps:
                        hist.step_loss.append(loss)
                    total += loss * m
                    for l in range(L):
                        g = gW[l]
                        if l2:
                            g += (lr * l2 / m) * cur_W[l]
                        if l1:
                            g += (lr * l1 / m) * np.sign(cur_W[l])
                        if momentum:
                            v = vel_W[l]
                            v *= momentum
                            v -= g
                            np.add(cur_W[l], v, out=old_W[l])
                            if bias:
                                vb = vel_b[l]
                                vb *= momentum
                                vb -= gb[l]
                                np.add(cur_b[l], vb, out=old_b[l])
                        else:
                            np.subtract(cur_W[l], g, out=old_W[l])
                            if bias:
                                np.subtract(cur_b[l], gb[l], out=old_b[l])
                    cur_W, old_W = old_W, cur_W
                    if bias:
                        cur_b, old_b = old_b, cur_b
                    step += 1
                if hist.diverged:
                    # the weights of the failed step are cur_*; old_* hold the last good ones
                    if step > 0:
                        cur_W, cur_b = old_W, (old_b if bias else cur_b)
                    break
                hist.loss.append(total / n)
                hist.epochs = epoch + 1
            hist.steps = step - 1 if hist.diverged and step > 0 else step
            zs, acts = self._forward(cur_W, cur_b, X)
            final = (_loss.loss_value(self.loss_name, acts[-1], zs[-1], Y)
                     + self._l2_term(cur_W, l2, n) + self._l1_term(cur_W, l1, n))
            if not hist.diverged and not (np.isfinite(final) and all(np.all(np.isfinite(W)) for W in cur_W)):
                # the loss after the very last update is not finite: roll that update back
                hist.diverged_at = step
                if step > 0:
                    hist.steps = step - 1
                    cur_W, cur_b = old_W, (old_b if bias else cur_b)
                    zs, acts = self._forward(cur_W, cur_b, X)
                    final = (_loss.loss_value(self.loss_name, acts[-1], zs[-1], Y)
                             + self._l2_term(cur_W, l2, n) + self._l1_term(cur_W, l1, n))
        if hist.diverged_at == 0:
            # nothing to roll back to: the starting weights themselves give a non-finite loss
            cur_W, cur_b = self.weights, self.biases
        for W, new in zip(self.weights, cur_W):
            if W is not new:
                W[...] = new
        for b, new in zip(self.biases, cur_b):
            if b is not new:
                b[...] = new
        hist.final_loss = float(final)
        if full and hist.diverged and hist.loss:
            # the last epoch's loss is already the loss of the kept weights
            hist.costs = np.array(hist.loss, dtype=float)
        else:
            hist.costs = np.array(hist.loss + [hist.final_loss], dtype=float)
        return hist

    # -- constructors ---------------------------------------------------------
    @classmethod
    def from_mazur(cls, net):
        """The 2-2-2 network of lecture 001 as an MLP (same weights, same maths).

        ``weights[0] = [[w1, w2], [w3, w4]]``, ``weights[1] = [[w5, w6], [w7, w8]]``,
        ``biases = [[b1, b1], [b2, b2]]``; sigmoid everywhere, ``'half_sse'`` loss.
        """
        from .mazur import MazurNetwork

        if not isinstance(net, MazurNetwork):
            raise TypeError(f"from_mazur needs a MazurNetwork, got {type(net).__name__}.")
        p = net.weights
        mlp = cls([2, 2, 2], activation="sigmoid", output_activation="sigmoid", loss="half_sse")
        mlp.weights = [np.array([[p["w1"], p["w2"]], [p["w3"], p["w4"]]]),
                       np.array([[p["w5"], p["w6"]], [p["w7"], p["w8"]]])]
        mlp.biases = [np.array([p["b1"], p["b1"]]), np.array([p["b2"], p["b2"]])]
        return mlp
