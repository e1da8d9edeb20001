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

Every weight, input and target must be finite and at most
:data:`~backprop_core.validation.LIMIT` (1e12) in size; a network never
changes (``weights`` is read-only, :meth:`MazurNetwork.step` returns a new
one), so an assignment raises ``TypeError`` instead of being lost.

Left out: other layer sizes (use :class:`backprop_core.MLP`, which
:meth:`backprop_core.MLP.from_mazur` builds from this network).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, fields

import numpy as np

from .validation import LIMIT, WeightMap, check_array, check_choice, check_int, check_positive, check_real
from .factors import Factor, FactorChain, prod
from .records import TrainingRecord

__all__ = ["MazurNetwork", "MazurForward", "MazurBackward", "MazurRun", "DIVERGENCE_LIMIT"]

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
    arr = check_array(name, value, shape=(2,), limit=LIMIT)
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


#: A run is called diverged once a weight exceeds this in size (E_total itself
#: stays below 1: every output is a sigmoid).
DIVERGENCE_LIMIT = 1e8


@dataclass
class MazurRun(TrainingRecord):
    """What :meth:`MazurNetwork.train` did (a :class:`~backprop_core.records.TrainingRecord`).

    ``errors[k]`` is E_total after ``k`` updates (``errors[0]``: before any);
    ``costs`` is the same as an array, ``steps`` (alias ``rounds``) the
    updates kept and ``network`` the network after them. ``diverged_at`` is
    the 1-based number of the update that made a weight exceed ``limit``
    (:data:`DIVERGENCE_LIMIT`) or stop being finite; training stops before
    keeping it (``steps == diverged_at - 1``).
    """

    errors: list
    network: "MazurNetwork"
    update: str
    lr: float
    diverged_at: int | None = None
    limit: float = DIVERGENCE_LIMIT

    quantity = "a weight"
    cost_name = "E_total"

    @property
    def costs(self):
        """``errors`` as a float array."""
        return np.asarray(self.errors, dtype=float)

    @property
    def steps(self):
        """Updates taken and kept."""
        return len(self.errors) - 1

    @property
    def rounds(self):
        """The lecture's word for ``steps``."""
        return len(self.errors) - 1

    @property
    def message(self):
        if self.diverged:
            return (f"diverged at step {self.diverged_at}: the update overshot and a weight grew past "
                    f"{self.limit:.0e}; lower the learning rate (now {self.lr:g}).")
        return f"{self.steps} rounds, E_total {self.errors[0]:.9g} -> {self.errors[-1]:.9g}"


# -- chain-rule factor records -------------------------------------------------
# which neuron each weight feeds and which input it multiplies
_FEEDS = {"w1": ("h1", "i1"), "w2": ("h1", "i2"), "w3": ("h2", "i1"), "w4": ("h2", "i2"),
          "w5": ("o1", "h1"), "w6": ("o1", "h2"), "w7": ("o2", "h1"), "w8": ("o2", "h2")}
# the weight from hidden neuron h to output neuron o
_W_OH = {("o1", "h1"): "w5", ("o1", "h2"): "w6", ("o2", "h1"): "w7", ("o2", "h2"): "w8"}
_OTHER_INPUT = {"i1": "i2", "i2": "i1", "h1": "h2", "h2": "h1"}


def _tex(name):
    """``out_h1`` -> ``out_{h1}``, ``w5`` -> ``w_5``, ``E_total`` -> ``E_{total}``."""
    if "_" in name:
        head, tail = name.split("_", 1)
        return rf"{head}_{{{tail}}}"
    return rf"{name[0]}_{{{name[1:]}}}" if len(name) > 1 else name


def _d(top, bottom):
    """Plain and LaTeX spelling of d top / d bottom."""
    return f"d{top}/d{bottom}", rf"\frac{{\partial {_tex(top)}}}{{\partial {_tex(bottom)}}}"


def _factor(top, bottom, formula, value, latex_formula, kind):
    sym, lsym = _d(top, bottom)
    return Factor(sym, formula, float(value), lsym, latex_formula, kind)


def _out_name(unit):
    """``'i1'`` stays, ``'h1'`` -> ``'out_h1'``."""
    return unit if unit.startswith("i") else f"out_{unit}"


def _output_unit(f, t, o, bottom, bottom_value, bottom_formula, bottom_latex, bottom_kind, e_top="E_total"):
    """The factors dE/dout_o * dout_o/dnet_o * dnet_o/d<bottom> for output neuron ``o``."""
    out = getattr(f, f"out_{o}")
    return [
        _factor(e_top, f"out_{o}", f"-(target_{o} - out_{o})", -(t[o] - out),
                rf"-(target_{{{o}}} - out_{{{o}}})", "cost"),
        _factor(f"out_{o}", f"net_{o}", f"out_{o} (1 - out_{o})", out * (1 - out),
                rf"out_{{{o}}} (1 - out_{{{o}}})", "activation"),
        _factor(f"net_{o}", bottom, bottom_formula, bottom_value, bottom_latex, bottom_kind),
    ]


def _hidden_paths(p, f, t, h):
    """The two paths from hidden neuron ``h`` to the error: dE_oj/dout_h for o1, o2."""
    paths = []
    for o in ("o1", "o2"):
        w = _W_OH[(o, h)]
        facs = _output_unit(f, t, o, f"out_{h}", p[w], w, _tex(w), "weight", e_top=f"E_{o}")
        sym, lsym = _d(f"E_{o}", f"out_{h}")
        paths.append(FactorChain(w, sym, lsym, tuple(facs), prod(x.value for x in facs)))
    return tuple(paths)


def _hidden_unit(p, f, t, h, bottom, bottom_value, bottom_formula, bottom_latex, bottom_kind):
    """Factors and paths of dE_total/dout_h * dout_h/dnet_h * dnet_h/d<bottom>."""
    paths = _hidden_paths(p, f, t, h)
    out = getattr(f, f"out_{h}")
    total = paths[0].product + paths[1].product
    sym, lsym = _d("E_total", f"out_{h}")
    facs = (
        Factor(sym, " + ".join(q.symbol for q in paths), float(total), lsym,
               " + ".join(q.latex_symbol for q in paths), "sum"),
        _factor(f"out_{h}", f"net_{h}", f"out_{h} (1 - out_{h})", out * (1 - out),
                rf"out_{{{h}}} (1 - out_{{{h}}})", "activation"),
        _factor(f"net_{h}", bottom, bottom_formula, bottom_value, bottom_latex, bottom_kind),
    )
    return facs, paths


def _mazur_chain(p, f, t, weight, lr):
    """The :class:`FactorChain` of dE_total/d<weight> for the 2-2-2 network."""
    i = {"i1": f.i1, "i2": f.i2, "h1": f.out_h1, "h2": f.out_h2}
    out = {u: getattr(f, f"out_{u}") for u in ("h1", "h2", "o1", "o2")}
    net = {u: getattr(f, f"net_{u}") for u in ("h1", "h2", "o1", "o2")}
    sp = {u: out[u] * (1 - out[u]) for u in out}
    sp_net = {u: net[u] * (1 - net[u]) for u in net}
    dE_dout = {o: out[o] - t[o] for o in ("o1", "o2")}
    d_o = {o: dE_dout[o] * sp[o] for o in ("o1", "o2")}
    # the output weights after one (simultaneous) step, for "updated_output_weights"
    new_w = {w: p[w] - lr * d_o[o] * out[h] for (o, h), w in _W_OH.items()}

    def dE_dout_h(h, weights=p, only=None, with_sprime=True):
        os = ("o1", "o2") if only is None else (only,)
        return sum((dE_dout[o] * (sp[o] if with_sprime else 1.0)) * weights[_W_OH[(o, h)]] for o in os)

    sym, lsym = _d("E_total", weight)
    wrong = {}
    if weight in _FEEDS:
        unit, src = _FEEDS[weight]
        src_name = _out_name(src)
        x = i[src]
        if unit.startswith("o"):
            facs = tuple(_output_unit(f, t, unit, weight, x, src_name, _tex(src_name), "input"))
            paths = ()
            g = prod(q.value for q in facs)
            wrong["forgot_sprime"] = dE_dout[unit] * x
            wrong["sprime_of_net"] = dE_dout[unit] * sp_net[unit] * x
        else:
            facs, paths = _hidden_unit(p, f, t, unit, weight, x, src_name, _tex(src_name), "input")
            g = prod(q.value for q in facs)
            wrong["forgot_sprime"] = dE_dout_h(unit) * x
            wrong["forgot_all_sprime"] = dE_dout_h(unit, with_sprime=False) * x
            wrong["sprime_of_net"] = dE_dout_h(unit) * sp_net[unit] * x
            wrong["one_path_only"] = dE_dout_h(unit, only="o1") * sp[unit] * x
            wrong["updated_output_weights"] = dE_dout_h(unit, weights=new_w) * sp[unit] * x
        wrong["sign"] = -g
        wrong["wrong_input"] = g / x * i[_OTHER_INPUT[src]] if x else float("nan")
        wrong["weight_for_input"] = g / x * p[weight] if x else float("nan")
        return FactorChain(weight, sym, lsym, facs, float(g), paths, lr=lr, wrong=wrong)

    # a shared bias: the sum over the neurons it feeds, dnet/db = 1 for each
    units = []
    layer = ("o1", "o2") if weight == "b2" else ("h1", "h2")
    for u in layer:
        usym = f"dE_total/dnet_{u} * dnet_{u}/d{weight}"
        ulsym = _d("E_total", f"net_{u}")[1] + " " + _d(f"net_{u}", weight)[1]
        if weight == "b2":
            facs = tuple(_output_unit(f, t, u, weight, 1.0, "1", "1", "bias_input"))
            paths = ()
        else:
            facs, paths = _hidden_unit(p, f, t, u, weight, 1.0, "1", "1", "bias_input")
        units.append(FactorChain(weight, usym, ulsym, facs, float(prod(q.value for q in facs)), paths, lr=lr))
    g = units[0].product + units[1].product
    if weight == "b2":
        wrong["forgot_sprime"] = dE_dout["o1"] + dE_dout["o2"]
        wrong["sprime_of_net"] = dE_dout["o1"] * sp_net["o1"] + dE_dout["o2"] * sp_net["o2"]
    else:
        wrong["forgot_sprime"] = dE_dout_h("h1") + dE_dout_h("h2")
        wrong["forgot_all_sprime"] = dE_dout_h("h1", with_sprime=False) + dE_dout_h("h2", with_sprime=False)
        wrong["sprime_of_net"] = dE_dout_h("h1") * sp_net["h1"] + dE_dout_h("h2") * sp_net["h2"]
        wrong["one_path_only"] = sum(dE_dout_h(h, only="o1") * sp[h] for h in layer)
        wrong["updated_output_weights"] = sum(dE_dout_h(h, weights=new_w) * sp[h] for h in layer)
    wrong["one_unit_only"] = units[0].product
    wrong["sign"] = -g
    return FactorChain(weight, sym, lsym, (), float(g), (), tuple(units), lr=lr, wrong=wrong)



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
        self._p = {k: check_real(k, given.get(k, DEFAULTS[k]), limit=LIMIT) for k in PARAMS}

    def __setattr__(self, name, value):
        # the network is a fixed set of numbers (step() returns a new one): say so, never drop it
        if not name.startswith("_"):
            raise TypeError(f"a MazurNetwork cannot be changed in place (got {name} = {value!r}); "
                            f"build a new one, e.g. MazurNetwork(net.weights, {name}=...).")
        object.__setattr__(self, name, value)

    def __repr__(self):
        return "MazurNetwork(" + ", ".join(f"{k}={v:.9g}" for k, v in self._p.items()) + ")"

    def __eq__(self, other):
        return isinstance(other, MazurNetwork) and self._p == other._p

    @property
    def weights(self):
        """``{'w1': ..., 'w8': ..., 'b1': ..., 'b2': ...}``, read-only.

        The network never changes (:meth:`step` returns a new one), so
        assigning ``net.weights['w1'] = 0.3`` raises ``TypeError`` saying how
        to build the network you meant: ``MazurNetwork(net.weights, w1=0.3)``.
        ``dict(net.weights)`` is a plain copy to edit.
        """
        return WeightMap(self._p.__getitem__, PARAMS, owner="MazurNetwork", refusal=(
            "a MazurNetwork's weights cannot be assigned one by one (got {name} = {value}); "
            "build a new network instead: MazurNetwork(net.weights, {name}={value})."))

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

    def factors(self, inputs, targets, weight, lr=0.5):
        """The chain-rule record of ``dE_total/d<weight>``, as lecture 001 writes it.

        Parameters
        ----------
        inputs, targets : pair of float
            ``(i1, i2)`` and ``(target_o1, target_o2)``.
        weight : str
            One of ``w1..w8, b1, b2``.
        lr : float
            Learning rate for the ``'updated_output_weights'`` mistake.

        Returns
        -------
        FactorChain
            For an output weight (``w5..w8``) three factors,
            ``dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5``. For a hidden
            weight (``w1..w4``) ``dE_total/dout_h1 * dout_h1/dnet_h1 *
            dnet_h1/dw1``, whose first factor (kind ``'sum'``) is the sum of
            ``paths``: ``dE_o1/dout_h1 = dE_o1/dout_o1 * dout_o1/dnet_o1 *
            dnet_o1/dout_h1`` and the same through o2. For a shared bias the
            sum over the neurons it feeds, one product per neuron in
            ``units``. ``product`` is the gradient; ``mistakes()`` the typical
            wrong values (:data:`backprop_core.factors.MISTAKES`).

        Examples
        --------
        >>> rec = MazurNetwork().factors((0.05, 0.10), (0.01, 0.99), "w1")
        >>> [round(q.product, 9) for q in rec.paths], round(rec.product, 9)
        ([0.055399425, -0.019049118], 0.000438568)

        (The lecture prints -0.019049119; its last digit comes from rounded
        intermediates.)
        """
        i1, i2 = _pair("inputs", inputs)
        t1, t2 = _pair("targets", targets)
        check_choice("weight", weight, PARAMS)
        lr = check_positive("lr", lr)
        f = self._forward(self._p, i1, i2)
        return _mazur_chain(self._p, f, {"o1": t1, "o2": t2}, weight, lr)

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
        new = self._update(self._p, i1, i2, t1, t2, lr, update, bool(update_biases))
        for k, v in new.items():
            if not abs(v) <= LIMIT:  # NaN fails too
                raise ValueError(f"this step with lr={lr:g} would move {k} to {v:g}, past the limit "
                                 f"{LIMIT:g} a weight can hold: the update diverges; lower the learning rate.")
        return MazurNetwork(new)

    def train(self, inputs, targets, lr=0.5, rounds=10_000, update="simultaneous", update_biases=False):
        """Repeat :meth:`step` ``rounds`` times; returns a :class:`MazurRun`.

        Stops early, and says so in ``diverged_at``, if an update makes a
        weight exceed :data:`DIVERGENCE_LIMIT` in size (or not finite); the
        network handed back keeps the last weights before that update.

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
        diverged_at = None
        limit = DIVERGENCE_LIMIT
        for k in range(rounds):
            new = self._update(p, i1, i2, t1, t2, lr, update, ub)
            # NaN fails the comparison too
            if not max(map(abs, new.values())) < limit:
                diverged_at = k + 1
                break
            p = new
            errors.append(err(p))
        return MazurRun(errors, MazurNetwork(p), update, lr, diverged_at)


MazurForward.FIELDS = tuple(f.name for f in fields(MazurForward))
