"""Lecture 000's chain network ``s0 -w0-> x1 -> s1 -w1-> x2 -> s2 -w2-> out``.

::

    x1 = w0 * s0      s1 = S(x1)
    x2 = w1 * s1      s2 = S(x2)
    out = w2 * s2     (no sigmoid on the output)
    C = 1/2 (target - out)^2

Weights, ``s0`` and ``target`` may be numpy arrays that broadcast, so a cost
surface over a grid of weights is one call::

    >>> import numpy as np
    >>> W0, W1 = np.meshgrid(np.linspace(-4, 4, 3), np.linspace(-4, 4, 3))
    >>> ChainNetwork(w0=W0, w1=W1, w2=0.5).cost(s0=2.0, target=0.7).shape
    (3, 3)

Every weight, ``s0`` and ``target`` must be finite and at most
:data:`~backprop_core.validation.LIMIT` (1e12) in size, checked whenever one
is set (``net.w0 = 3.0``, ``net.weights['w0'] = 3.0`` or the constructor);
below that no forward or backward pass overflows. ``weights`` is a live view:
assigning to it sets the weight.

Left out: biases (the lecture's chain has none) and any other cost function.
"""
from __future__ import annotations

import numbers
from dataclasses import dataclass

import numpy as np

from .validation import LIMIT, WeightMap, check_array, check_int, check_positive, check_real
from .activations import sigmoid
from .records import TrainingRecord

__all__ = ["ChainNetwork", "ChainForward", "ChainFactor", "ChainRun", "DIVERGENCE_LIMIT"]

#: A run is called diverged once the cost or a weight exceeds this in size.
DIVERGENCE_LIMIT = 1e8


def _number_or_array(name, value):
    if type(value) is float and abs(value) <= LIMIT:  # the usual case (NaN fails too), checked fast
        return value
    if isinstance(value, numbers.Real):  # one number: "w0 must be a finite number, got nan."
        return check_real(name, value, limit=LIMIT)
    arr = check_array(name, value, limit=LIMIT)
    return float(arr) if arr.ndim == 0 else arr


def _weight_property(name):
    """``w0``, ``w1``, ``w2``: read as stored, checked on every assignment."""
    slot = "_" + name

    def get(self):
        return getattr(self, slot)

    def set(self, value):
        object.__setattr__(self, slot, _number_or_array(name, value))

    return property(get, set, doc=f"The weight {name} (a float, or an array that broadcasts).")


@dataclass(frozen=True)
class ChainForward:
    """Every quantity of a forward pass, named as in lecture 000."""

    s0: object
    x1: object
    s1: object
    x2: object
    s2: object
    out: object


@dataclass(frozen=True)
class ChainFactor:
    """One factor of a chain-rule product, for the step-by-step tables.

    ``weight`` is the weight whose derivative this factor belongs to;
    ``symbol`` the derivative it is (``dout/ds2``), ``formula`` what it equals
    in terms of forward values (``w2``), ``value`` its number. ``latex_*`` are
    the same in LaTeX.
    """

    weight: str
    symbol: str
    formula: str
    value: float
    latex_symbol: str
    latex_formula: str


@dataclass
class ChainRun(TrainingRecord):
    """The path of gradient descent on the chain network (a :class:`~backprop_core.records.TrainingRecord`).

    ``weights`` has shape ``(k + 1, 3)`` (rows ``w0, w1, w2`` after 0..k
    updates), ``costs`` shape ``(k + 1,)``, ``steps`` is ``k``.
    ``diverged_at`` is the 1-based number of the update that made the cost or
    a weight exceed ``limit`` (:data:`DIVERGENCE_LIMIT`) or overflow; the path
    stops before it (``steps == diverged_at - 1``), so every stored number is
    finite.
    """

    weights: np.ndarray
    costs: np.ndarray
    lr: float
    diverged_at: int | None = None
    limit: float = DIVERGENCE_LIMIT

    @property
    def steps(self):
        """Updates taken and kept."""
        return len(self.costs) - 1

    @property
    def message(self):
        if self.diverged:
            return (f"diverged at step {self.diverged_at}: the update overshot and the cost grew past "
                    f"{DIVERGENCE_LIMIT:.0e}; lower the learning rate (now {self.lr:g}).")
        return f"{self.steps} steps, cost {self.costs[0]:.6g} -> {self.costs[-1]:.6g}"


class ChainNetwork:
    """The chain network of lecture 000 with weights ``w0, w1, w2``.

    Parameters
    ----------
    w0, w1, w2 : float or array_like
        Defaults are the lecture's first guess, ``w0=2, w1=1, w2=0.5``.

    Examples
    --------
    >>> net = ChainNetwork()
    >>> f = net.forward(s0=2.0)
    >>> round(f.x1, 4), round(f.s1, 3), round(f.s2, 4), round(f.out, 4)
    (4.0, 0.982, 0.7275, 0.3638)
    """

    PARAMS = ("w0", "w1", "w2")

    w0 = _weight_property("w0")
    w1 = _weight_property("w1")
    w2 = _weight_property("w2")

    def __init__(self, w0=2.0, w1=1.0, w2=0.5):
        self.w0 = w0
        self.w1 = w1
        self.w2 = w2

    def __setattr__(self, name, value):
        # a misspelt weight (net.W0 = 3) would otherwise be a new attribute the maths never reads
        if not name.startswith("_") and name not in self.PARAMS:
            raise TypeError(f"ChainNetwork has no setting {name!r} (got {name} = {value!r}); "
                            "its weights are w0, w1, w2.")
        object.__setattr__(self, name, value)

    def __repr__(self):
        if all(isinstance(w, float) for w in (self.w0, self.w1, self.w2)):
            return f"ChainNetwork(w0={self.w0:g}, w1={self.w1:g}, w2={self.w2:g})"
        return "ChainNetwork(w0=<array>, w1=<array>, w2=<array>)"

    @property
    def weights(self):
        """``{'w0': w0, 'w1': w1, 'w2': w2}``, live: ``net.weights['w1'] = 0.3`` sets ``net.w1``.

        >>> net = ChainNetwork(); net.weights["w1"] = 0.3; net.w1
        0.3
        """
        return WeightMap(self.__getattribute__, self.PARAMS, setter=self.__setattr__, owner="ChainNetwork")

    def forward(self, s0):
        """Forward propagation: returns a :class:`ChainForward`."""
        s0 = _number_or_array("s0", s0)
        x1 = self.w0 * s0
        s1 = sigmoid(x1)
        x2 = self.w1 * s1
        s2 = sigmoid(x2)
        out = self.w2 * s2
        if np.ndim(out) == 0:
            x1, s1, x2, s2, out = (float(v) for v in (x1, s1, x2, s2, out))
        return ChainForward(s0, x1, s1, x2, s2, out)

    def cost(self, s0, target):
        """``C = 1/2 (target - out)^2``."""
        target = _number_or_array("target", target)
        return 0.5 * (target - self.forward(s0).out) ** 2

    def output_factors(self, s0, weight):
        """The chain-rule factors of ``d out/d <weight>`` (lecture 000, slides 16-28).

        These are the rows of :meth:`factors` for ``dC/d<weight>`` without the
        cost's ``dC/dout`` and without the product row; their product is
        ``output_gradients(s0)[weight]``.

        >>> [f.symbol for f in ChainNetwork().output_factors(2.0, "w1")]
        ['dout/ds2', 'ds2/dx2', 'dx2/dw1']
        """
        if weight not in self.PARAMS:
            raise ValueError(f"weight must be one of 'w0', 'w1', 'w2', got {weight!r}.")
        return [fac for fac in self.factors(s0, target=0.0)  # the target only enters dC/dout
                if fac.weight == weight and not fac.symbol.startswith("dC/d")]

    def output_gradients(self, s0):
        """``d out / d w_i`` for each weight (lecture 000, slides 16-28)::

            d out/d w2 = s2
            d out/d w1 = w2 s2 (1 - s2) s1
            d out/d w0 = w2 s2 (1 - s2) w1 s1 (1 - s1) s0
        """
        f = self.forward(s0)
        back2 = self.w2 * f.s2 * (1 - f.s2)  # d out / d x2
        return {
            "w0": back2 * self.w1 * f.s1 * (1 - f.s1) * f.s0,
            "w1": back2 * f.s1,
            "w2": f.s2,
        }

    def gradients(self, s0, target):
        """``dC/dw_i = (out - target) * d out/d w_i``."""
        target = _number_or_array("target", target)
        err = self.forward(s0).out - target  # dC/dout
        return {k: err * v for k, v in self.output_gradients(s0).items()}

    def step(self, s0, target, lr):
        """One gradient-descent update, all three weights at once.

        Returns a new network; ``self`` is unchanged.
        """
        lr = check_positive("lr", lr)
        g = self.gradients(s0, target)
        with np.errstate(all="ignore"):  # a huge lr may overflow: said below, not warned
            new = {k: getattr(self, k) - lr * g[k] for k in self.PARAMS}
        for k, v in new.items():
            big = np.abs(v)
            if not np.all(big <= LIMIT):  # NaN fails too
                worst = float(np.max(np.where(np.isnan(big), np.inf, big)))
                raise ValueError(f"this step with lr={lr:g} would move {k} to a size of {worst:g}, past the "
                                 f"limit {LIMIT:g} a weight can hold: the update diverges; lower the learning rate.")
        return ChainNetwork(**new)

    def train(self, s0, target, lr, steps):
        """Run ``steps`` updates and return the whole path as a :class:`ChainRun`.

        Scalar weights only. Stops early, and says so, if the run diverges.
        """
        lr = check_positive("lr", lr)
        steps = check_int("steps", steps, minimum=0)
        s0 = float(check_array("s0", s0, ndim=0, limit=LIMIT))
        target = float(check_array("target", target, ndim=0, limit=LIMIT))
        w = np.empty((steps + 1, 3))
        costs = np.empty(steps + 1)
        try:
            w0, w1, w2 = (float(check_array(n, v, ndim=0)) for n, v in self.weights.items())
        except ValueError:
            raise ValueError("train() needs scalar weights; this network holds arrays.") from None
        diverged_at = None
        k = 0
        with np.errstate(all="ignore"):
            for k in range(steps + 1):
                s1 = sigmoid(w0 * s0)
                s2 = sigmoid(w1 * s1)
                out = w2 * s2
                err = out - target
                w[k] = w0, w1, w2
                costs[k] = 0.5 * err * err
                if k == steps:
                    break
                back2 = err * w2 * s2 * (1 - s2)
                n0 = w0 - lr * back2 * w1 * s1 * (1 - s1) * s0
                n1 = w1 - lr * back2 * s1
                n2 = w2 - lr * err * s2
                nout = n2 * sigmoid(n1 * sigmoid(n0 * s0))
                ncost = 0.5 * (nout - target) ** 2
                if not (np.isfinite(ncost) and max(abs(n0), abs(n1), abs(n2), ncost) < DIVERGENCE_LIMIT):
                    diverged_at = k + 1
                    break
                w0, w1, w2 = n0, n1, n2
        return ChainRun(w[: k + 1].copy(), costs[: k + 1].copy(), lr, diverged_at)

    def factors(self, s0, target):
        """Every factor of every chain-rule product ``dC/dw_i``.

        Returns a list of :class:`ChainFactor`, grouped by weight (``w2``,
        ``w1``, ``w0``: the order backpropagation visits them), each group
        ending with the product itself (``symbol`` ``dC/dw_i``).
        """
        f = self.forward(s0)
        target = _number_or_array("target", target)
        err = f.out - target
        ds2 = f.s2 * (1 - f.s2)
        ds1 = f.s1 * (1 - f.s1)
        common = [
            ("dC/dout", "out - target", err, r"\frac{\partial C}{\partial out}", r"out - target"),
            ("dout/ds2", "w2", self.w2, r"\frac{\partial out}{\partial s_2}", r"w_2"),
            ("ds2/dx2", "s2 (1 - s2)", ds2, r"\frac{\partial s_2}{\partial x_2}", r"s_2 (1 - s_2)"),
        ]
        chains = {
            "w2": [common[0], ("dout/dw2", "s2", f.s2, r"\frac{\partial out}{\partial w_2}", r"s_2")],
            "w1": common + [("dx2/dw1", "s1", f.s1, r"\frac{\partial x_2}{\partial w_1}", r"s_1")],
            "w0": common + [
                ("dx2/ds1", "w1", self.w1, r"\frac{\partial x_2}{\partial s_1}", r"w_1"),
                ("ds1/dx1", "s1 (1 - s1)", ds1, r"\frac{\partial s_1}{\partial x_1}", r"s_1 (1 - s_1)"),
                ("dx1/dw0", "s0", f.s0, r"\frac{\partial x_1}{\partial w_0}", r"s_0"),
            ],
        }
        rows = []
        for wname in ("w2", "w1", "w0"):
            product = 1.0
            for sym, formula, value, lsym, lform in chains[wname]:
                rows.append(ChainFactor(wname, sym, formula, value, lsym, lform))
                product = product * value
            rows.append(ChainFactor(
                wname, f"dC/d{wname}", " * ".join(c[0] for c in chains[wname]), product,
                rf"\frac{{\partial C}}{{\partial {wname[0]}_{wname[1]}}}", r" \cdot ".join(c[3] for c in chains[wname]),
            ))
        return rows
