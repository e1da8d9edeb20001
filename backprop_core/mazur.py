"""Lecture 001's 2-2-2 network (inputs i1, i2; hidden h1, h2; outputs o1, o2).

::

    net_h1 = w1 i1 + w2 i2 + b1      out_h1 = S(net_h1)
    net_h2 = w3 i1 + w4 i2 + b1      out_h2 = S(net_h2)
    net_o1 = w5 out_h1 + w6 out_h2 + b2    out_o1 = S(net_o1)
    net_o2 = w7 out_h1 + w8 out_h2 + b2    out_o2 = S(net_o2)
    E_total = 1/2 (target_o1 - out_o1)^2 + 1/2 (target_o2 - out_o2)^2

``w1: i1->h1, w2: i2->h1, w3: i1->h2, w4: i2->h2, w5: h1->o1, w6: h2->o1,
w7: h1->o2, w8: h2->o2``. (The lecture once writes ``net_h1 = w1 i1 + w3 i2``;
that is a slip: the published updated weights only come out with the mapping
above.) The two biases are shared by the neurons of a layer.

Two update rules, because the lecture's published numbers use both:

``update='simultaneous'``
    The textbook rule: every gradient is computed with the old weights, then
    all weights move at once. It reproduces every first-step number of the
    lecture, and its error after 9,999 updates is the published "error after
    10,000 rounds", 0.0000351085 (an off-by-one in the lecture).
``update='in_place'``
    w5..w8 are updated first and the hidden-layer deltas are then computed
    with the *already updated* output weights (what the blog's original code
    did). It produces the published error after one round, 0.291027924, and
    the published outputs after 10,000 rounds, 0.015912196 and 0.984065734.

Left out: other layer sizes (use :class:`backprop_core.MLP`, which
:meth:`backprop_core.MLP.from_mazur` builds from this network).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields

from ._validate import check_array, check_choice, check_int, check_positive, check_real

__all__ = ["MazurNetwork", "MazurForward", "MazurBackward", "MazurRun"]

PARAMS = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8", "b1", "b2")
DEFAULTS = dict(zip(PARAMS, (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60)))
UPDATES = ("simultaneous", "in_place")


def _S(x):
    # logistic function on a Python float, overflow-free
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


def _pair(name, value):
    arr = check_array(name, value, shape=(2,))
    return float(arr[0]), float(arr[1])


@dataclass(frozen=True)
class MazurForward:
    """All values of one forward pass, named as in lecture 001."""

    i1: float
    i2: float
    net_h1: float
    out_h1: float
    net_h2: float
    out_h2: float
    net_o1: float
    out_o1: float
    net_o2: float
    out_o2: float

    @property
    def outputs(self):
        return (self.out_o1, self.out_o2)


@dataclass(frozen=True)
class MazurBackward:
    """Every intermediate derivative of lecture 001's backward pass.

    ``dE_dout_o1`` is dE_total/dout_o1, ``dout_o1_dnet_o1`` is
    dout_o1/dnet_o1, ``delta_o1`` = dE_total/dnet_o1 (their product),
    ``dEo1_dout_h1`` = dE_o1/dout_h1 = delta_o1 * w5, ``dE_dout_h1`` is the sum
    over both outputs, ``delta_h1`` = dE_total/dnet_h1; likewise for o2, h2.
    ``gradients`` holds dE_total/d(param) for all ten parameters.
    """

    forward: MazurForward
    E_o1: float
    E_o2: float
    dE_dout_o1: float
    dE_dout_o2: float
    dout_o1_dnet_o1: float
    dout_o2_dnet_o2: float
    delta_o1: float
    delta_o2: float
    dEo1_dout_h1: float
    dEo2_dout_h1: float
    dEo1_dout_h2: float
    dEo2_dout_h2: float
    dE_dout_h1: float
    dE_dout_h2: float
    dout_h1_dnet_h1: float
    dout_h2_dnet_h2: float
    delta_h1: float
    delta_h2: float
    gradients: dict

    @property
    def E_total(self):
        return self.E_o1 + self.E_o2


@dataclass
class MazurRun:
    """``errors[k]`` is E_total after ``k`` updates (``errors[0]``: before any)."""

    errors: list
    network: "MazurNetwork"
    update: str
    lr: float

    @property
    def rounds(self):
        return len(self.errors) - 1


class MazurNetwork:
    """The 2-2-2 network of lecture 001.

    Parameters
    ----------
    weights : dict, optional
        Any of ``w1..w8, b1, b2``; missing ones take the lecture's values
        ``.15 .2 .25 .3 .4 .45 .5 .55`` and ``b1=.35, b2=.6``. Keyword
        arguments do the same: ``MazurNetwork(w5=0.3)``.

    Examples
    --------
    >>> net = MazurNetwork()
    >>> round(net.total_error((0.05, 0.10), (0.01, 0.99)), 9)
    0.298371109
    """

    PARAMS = PARAMS

    def __init__(self, weights=None, **kwargs):
        given = dict(weights or {})
        given.update(kwargs)
        unknown = sorted(set(given) - set(PARAMS))
        if unknown:
            raise ValueError(f"unknown parameter name(s) {unknown}; expected some of {list(PARAMS)}.")
        self._p = {k: check_real(k, given.get(k, DEFAULTS[k])) for k in PARAMS}

    def __repr__(self):
        return "MazurNetwork(" + ", ".join(f"{k}={v:.9g}" for k, v in self._p.items()) + ")"

    def __eq__(self, other):
        return isinstance(other, MazurNetwork) and self._p == other._p

    @property
    def weights(self):
        """A copy of ``{'w1': ..., 'w8': ..., 'b1': ..., 'b2': ...}``."""
        return dict(self._p)

    # -- forward ---------------------------------------------------------
    def forward(self, inputs):
        """Forward pass for ``inputs = (i1, i2)``: a :class:`MazurForward`."""
        i1, i2 = _pair("inputs", inputs)
        return self._forward(self._p, i1, i2)

    @staticmethod
    def _forward(p, i1, i2):
        net_h1 = p["w1"] * i1 + p["w2"] * i2 + p["b1"]
        net_h2 = p["w3"] * i1 + p["w4"] * i2 + p["b1"]
        out_h1, out_h2 = _S(net_h1), _S(net_h2)
        net_o1 = p["w5"] * out_h1 + p["w6"] * out_h2 + p["b2"]
        net_o2 = p["w7"] * out_h1 + p["w8"] * out_h2 + p["b2"]
        return MazurForward(i1, i2, net_h1, out_h1, net_h2, out_h2, net_o1, _S(net_o1), net_o2, _S(net_o2))

    def total_error(self, inputs, targets):
        """``E_total = sum_o 1/2 (target_o - out_o)^2``."""
        t1, t2 = _pair("targets", targets)
        f = self.forward(inputs)
        return 0.5 * (t1 - f.out_o1) ** 2 + 0.5 * (t2 - f.out_o2) ** 2

    # -- backward --------------------------------------------------------
    def backward(self, inputs, targets):
        """The whole backward pass of lecture 001 as a :class:`MazurBackward`."""
        i1, i2 = _pair("inputs", inputs)
        t1, t2 = _pair("targets", targets)
        return self._backward(self._p, i1, i2, t1, t2)

    @classmethod
    def _backward(cls, p, i1, i2, t1, t2):
        f = cls._forward(p, i1, i2)
        dE_dout_o1 = -(t1 - f.out_o1)
        dE_dout_o2 = -(t2 - f.out_o2)
        dout_o1 = f.out_o1 * (1 - f.out_o1)
        dout_o2 = f.out_o2 * (1 - f.out_o2)
        d_o1 = dE_dout_o1 * dout_o1
        d_o2 = dE_dout_o2 * dout_o2
        # "when multiple gradients come into a neuron you add them"
        e1h1, e2h1 = d_o1 * p["w5"], d_o2 * p["w7"]
        e1h2, e2h2 = d_o1 * p["w6"], d_o2 * p["w8"]
        dout_h1 = f.out_h1 * (1 - f.out_h1)
        dout_h2 = f.out_h2 * (1 - f.out_h2)
        d_h1 = (e1h1 + e2h1) * dout_h1
        d_h2 = (e1h2 + e2h2) * dout_h2
        grads = {
            "w1": d_h1 * i1, "w2": d_h1 * i2, "w3": d_h2 * i1, "w4": d_h2 * i2,
            "w5": d_o1 * f.out_h1, "w6": d_o1 * f.out_h2, "w7": d_o2 * f.out_h1, "w8": d_o2 * f.out_h2,
            "b1": d_h1 + d_h2, "b2": d_o1 + d_o2,
        }
        return MazurBackward(
            f, 0.5 * (t1 - f.out_o1) ** 2, 0.5 * (t2 - f.out_o2) ** 2,
            dE_dout_o1, dE_dout_o2, dout_o1, dout_o2, d_o1, d_o2,
            e1h1, e2h1, e1h2, e2h2, e1h1 + e2h1, e1h2 + e2h2, dout_h1, dout_h2, d_h1, d_h2, grads,
        )

    def gradients(self, inputs, targets):
        """``dE_total/d(param)`` for ``w1..w8, b1, b2`` (a dict)."""
        return dict(self.backward(inputs, targets).gradients)

    # -- learning --------------------------------------------------------
    @staticmethod
    def _update(p, i1, i2, t1, t2, lr, update, update_biases):
        """Return the updated parameter dict (``p`` is not modified)."""
        if update == "simultaneous":
            g = MazurNetwork._backward(p, i1, i2, t1, t2).gradients
            new = {k: p[k] - lr * g[k] for k in PARAMS[:8]}
            new["b1"] = p["b1"] - lr * g["b1"] if update_biases else p["b1"]
            new["b2"] = p["b2"] - lr * g["b2"] if update_biases else p["b2"]
            return new
        # in_place: output layer first, then the hidden deltas see the new w5..w8
        f = MazurNetwork._forward(p, i1, i2)
        d_o1 = (f.out_o1 - t1) * f.out_o1 * (1 - f.out_o1)
        d_o2 = (f.out_o2 - t2) * f.out_o2 * (1 - f.out_o2)
        new = dict(p)
        new["w5"] = p["w5"] - lr * d_o1 * f.out_h1
        new["w6"] = p["w6"] - lr * d_o1 * f.out_h2
        new["w7"] = p["w7"] - lr * d_o2 * f.out_h1
        new["w8"] = p["w8"] - lr * d_o2 * f.out_h2
        if update_biases:
            new["b2"] = p["b2"] - lr * (d_o1 + d_o2)
        d_h1 = (d_o1 * new["w5"] + d_o2 * new["w7"]) * f.out_h1 * (1 - f.out_h1)
        d_h2 = (d_o1 * new["w6"] + d_o2 * new["w8"]) * f.out_h2 * (1 - f.out_h2)
        new["w1"] = p["w1"] - lr * d_h1 * i1
        new["w2"] = p["w2"] - lr * d_h1 * i2
        new["w3"] = p["w3"] - lr * d_h2 * i1
        new["w4"] = p["w4"] - lr * d_h2 * i2
        if update_biases:
            new["b1"] = p["b1"] - lr * (d_h1 + d_h2)
        return new

    def step(self, inputs, targets, lr=0.5, update="simultaneous", update_biases=False):
        """One round of backpropagation; returns a new network (``self`` is unchanged).

        ``update`` is ``'simultaneous'`` (textbook) or ``'in_place'`` (see the
        module docstring); biases are kept unless ``update_biases=True``.
        """
        i1, i2 = _pair("inputs", inputs)
        t1, t2 = _pair("targets", targets)
        lr = check_positive("lr", lr)
        check_choice("update", update, UPDATES)
        return MazurNetwork(self._update(self._p, i1, i2, t1, t2, lr, update, bool(update_biases)))

    def train(self, inputs, targets, lr=0.5, rounds=10_000, update="simultaneous", update_biases=False):
        """Repeat :meth:`step` ``rounds`` times; returns a :class:`MazurRun`.

        >>> run = MazurNetwork().train((0.05, 0.1), (0.01, 0.99), rounds=2)
        >>> len(run.errors)
        3
        """
        i1, i2 = _pair("inputs", inputs)
        t1, t2 = _pair("targets", targets)
        lr = check_positive("lr", lr)
        rounds = check_int("rounds", rounds, minimum=0)
        check_choice("update", update, UPDATES)
        p = self._p
        ub = bool(update_biases)

        def err(p):
            f = MazurNetwork._forward(p, i1, i2)
            return 0.5 * (t1 - f.out_o1) ** 2 + 0.5 * (t2 - f.out_o2) ** 2

        errors = [err(p)]
        for _ in range(rounds):
            p = self._update(p, i1, i2, t1, t2, lr, update, ub)
            errors.append(err(p))
        return MazurRun(errors, MazurNetwork(p), update, lr)


MazurForward.FIELDS = tuple(f.name for f in fields(MazurForward))
