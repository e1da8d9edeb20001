"""Chain-rule factor records: one weight's gradient taken apart, factor by factor.

A :class:`FactorChain` is what the lectures write out for one weight::

    dE_total/dw5 = dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5
                 = 0.74136507 * 0.186815602 * 0.593269992 = 0.082167041

Each factor is a :class:`Factor` (symbol, formula, value, both in plain text
and LaTeX, and a ``kind``). A hidden weight's first factor is a *sum over
paths* (lecture 001: "when multiple gradients come into a neuron you add
them")::

    dE_total/dout_h1 = dE_o1/dout_h1 + dE_o2/dout_h1 = 0.055399425 + -0.019049119

and the record keeps each path as a :class:`FactorChain` of its own in
``paths``. A bias shared by several units (lecture 001's ``b1``, ``b2``) is
the sum over those units; each unit's product is in ``units``.

Every record also carries the values of typical mistakes, keyed by stable
names (:data:`MISTAKES` explains each one), so an exercise can name the slip a
student made. :meth:`backprop_core.MazurNetwork.factors` and
:meth:`backprop_core.MLP.factors` build these records;
:meth:`backprop_core.ChainNetwork.factors` is the older, flat form for
lecture 000's chain.

Left out: drawing or typesetting the records (that is :mod:`backprop_lab`).
"""
from __future__ import annotations

import math
from dataclasses import dataclass, field

from . import notation

__all__ = ["Factor", "FactorChain", "KINDS", "MISTAKES"]

#: What a factor is: the cost's derivative, an activation's derivative, a
#: weight on a path, the input that enters the weight, the constant 1 that
#: enters a bias, a sum over paths, a local gradient delta taken as one number.
KINDS = ("cost", "activation", "weight", "input", "bias_input", "sum", "delta")

#: Stable mistake names and what each one means (the explanation an exercise can show).
MISTAKES = {
    "sign": "Wrong sign: dE/dout = -(target - out) = out - target; the derivative of "
            "1/2 (target - out)^2 brings down a minus sign.",
    "forgot_sprime": "Forgot the activation's derivative S'(net) = out (1 - out) of the neuron the weight feeds.",
    "forgot_all_sprime": "Forgot every activation derivative S' = out (1 - out) along the chain.",
    "sprime_of_net": "Took S' of the neuron's input net: net (1 - net). S' is written with the neuron's "
                     "output: out (1 - out).",
    "one_path_only": "Followed only one path: the hidden neuron feeds every output, so dE_total/dout_h is the "
                     "SUM of the paths through all of them.",
    "one_unit_only": "Counted only one neuron: the bias is shared, so its gradient is the sum over every "
                     "neuron it feeds.",
    "updated_output_weights": "Used the already-updated weights of the layer above; every derivative of one "
                              "step uses the weights from before the step.",
    "wrong_input": "Multiplied by the wrong input: dnet/dw is the activation that the weight multiplies.",
    "weight_for_input": "Multiplied by the weight itself: dnet/dw is what multiplies w (the input), not w.",
}


@dataclass(frozen=True)
class Factor:
    """One factor of a chain-rule product.

    ``symbol`` is the derivative it is (``'dout_o1/dnet_o1'``), ``formula``
    what it equals in forward values (``'out_o1 (1 - out_o1)'``), ``value``
    its number; ``latex_*`` the same in LaTeX; ``kind`` one of :data:`KINDS`.
    """

    symbol: str
    formula: str
    value: float
    latex_symbol: str
    latex_formula: str
    kind: str


@dataclass(frozen=True)
class FactorChain:
    """The gradient of one parameter as a product of :class:`Factor`.

    Attributes
    ----------
    param : str
        The parameter: ``'w5'``, ``'b1'``, ``'W0[1,2]'``, ``'b0[1]'``.
    symbol, latex_symbol : str
        The derivative this record computes (``'dE_total/dw5'``).
    factors : tuple of Factor
        The ordered factors; their product is ``product``. Empty when the
        record is a sum over ``units`` (a shared bias).
    paths : tuple of FactorChain
        For a hidden neuron: the terms of its first factor (kind ``'sum'``),
        one per neuron of the layer above, each a product of its own.
    units : tuple of FactorChain
        For a bias shared by several neurons: one product per neuron; the
        gradient is their sum.
    product : float
        The gradient itself.
    lr : float
        The learning rate the ``'updated_output_weights'`` mistake was
        computed with.
    """

    param: str
    symbol: str
    latex_symbol: str
    factors: tuple
    product: float
    paths: tuple = ()
    units: tuple = ()
    lr: float = 0.5
    wrong: dict = field(default_factory=dict, repr=False, compare=False)

    @property
    def value(self):
        """Same as ``product``."""
        return self.product

    @property
    def formula(self):
        """``'dE_total/dout_o1 * dout_o1/dnet_o1 * dnet_o1/dw5'`` (or the sum over units)."""
        if self.units:
            return " + ".join(u.symbol for u in self.units)
        return " * ".join(f.symbol for f in self.factors)

    @property
    def latex_formula(self):
        if self.units:
            return " + ".join(u.latex_symbol for u in self.units)
        return r" \cdot ".join(f.latex_symbol for f in self.factors)

    def mistakes(self):
        """Typical wrong values, ``{name: value}``; names are keys of :data:`MISTAKES`.

        Only the names that apply to this parameter appear (``'one_path_only'``
        only for hidden neurons, ``'one_unit_only'`` only for shared biases), and
        a name is left out when its value would equal the right answer (for
        example ``'wrong_input'`` when both inputs are equal).
        """
        right = self.product
        out = {}
        for name, v in self.wrong.items():
            if math.isfinite(v) and not math.isclose(v, right, rel_tol=1e-9, abs_tol=1e-15):
                out[name] = v
        return out

    def mistake_list(self, explanations=None):
        """``[(wrong_value, explanation), ...]``, the form exercises take.

        ``explanations`` maps mistake names to sentences (default
        :data:`MISTAKES`); names it lacks are skipped.
        """
        text = MISTAKES if explanations is None else explanations
        return [(v, text[k]) for k, v in self.mistakes().items() if k in text]

    def walk(self):
        """Every factor of the record, sub-products included, depth first."""
        for u in self.units:
            yield from u.walk()
        for f in self.factors:
            yield f
            if f.kind == "sum":
                for p in self.paths:
                    yield from p.walk()


def prod(values):
    out = 1.0
    for v in values:
        out *= v
    return out


# -- the general MLP (lecture 004), in the course's notation (backprop_core.notation) -------
# ``l`` below is the code's layer of weights: weights[l] = W_l leads from a_l to z_(l+1), a_(l+1).
def _z(l, u):
    """The weighted input fed by ``weights[l]``: ``z_(l+1)[u]`` (code ``zs[l]``)."""
    return notation.z(l + 1, u), notation.z(l + 1, u, form="tex")


def _a(l, u):
    """Activation ``u`` entering ``weights[l]``: ``a_l[u]`` (``a0`` is the input ``x``)."""
    return notation.a(l, u), notation.a(l, u, form="tex")


def _out(l, u):
    """The output of ``weights[l]``'s layer: ``a_(l+1)[u]`` (code ``activations[l + 1]``)."""
    return notation.a(l + 1, u), notation.a(l + 1, u, form="tex")


def _dd(top, bottom):
    return f"d{top[0]}/d{bottom[0]}", rf"\frac{{\partial {top[1]}}}{{\partial {bottom[1]}}}"


_C = ("C", "C")
_SPRIME = {"sigmoid": ("a (1 - a)", "a (1 - a)"), "tanh": ("1 - a^2", "1 - a^2"),
           "relu": ("1 if z > 0 else 0", r"[z > 0]"), "linear": ("1", "1")}


class _MLPState:
    """Forward values and local gradients of one example, as plain 1-D arrays."""

    def __init__(self, mlp, x, y):
        from . import activations as act
        from . import losses as loss

        self.mlp = mlp
        self.act = act
        self.Ws = mlp.weights
        self.names = mlp.layer_activations
        zs, acts = mlp._forward(mlp.weights, mlp.biases, x)
        self.z = [z[0] for z in zs]
        self.a = [a[0] for a in acts]  # a[0] is x; a[l + 1] = phi(z[l])
        self.y = y[0]
        self.L = L = len(self.Ws)
        n_out = self.a[-1].size
        self.elementwise = mlp.loss_name in ("half_sse", "mse") and mlp.output_activation != "softmax"
        if mlp.loss_name == "half_sse":
            self.dC_da = self.a[-1] - self.y
            self.dC_da_formula = ("a - y", "a - y")
        elif mlp.loss_name == "mse":
            self.dC_da = (2.0 / n_out) * (self.a[-1] - self.y)
            self.dC_da_formula = (f"2/{n_out} (a - y)", rf"\tfrac{{2}}{{{n_out}}} (a - y)")
        else:
            self.dC_da = None
        delta = [None] * L
        delta[L - 1] = loss.output_delta(mlp.loss_name, mlp.output_activation, acts[-1], zs[-1], y)[0]
        for l in range(L - 2, -1, -1):
            delta[l] = act.backward(self.names[l], zs[l], acts[l + 1], (delta[l + 1] @ self.Ws[l + 1])[None])[0]
        self.delta = delta

    def sprime(self, l, u, of_net=False):
        """phi'(z_(l+1)[u]) (``l``: code layer of weights), or with the slip of putting z where a
        belongs (None if that changes nothing)."""
        name = self.names[l]
        z, a = self.z[l][u:u + 1], self.a[l + 1][u:u + 1]
        if of_net:
            if name not in ("sigmoid", "tanh"):
                return None
            return float(self.act.ACTIVATIONS[name][1](z, z)[0])
        return float(self.act.ACTIVATIONS[name][1](z, a)[0])

    def delta_factors(self, l, u, param):
        """Factors whose product is delta_(l+1)[u] = dC/dz_(l+1)[u], and the paths of a hidden unit.

        Output unit with an element-wise activation and a squared-error loss:
        ``dC/da * phi'(z)``. Output with bce / cross-entropy (or softmax): one
        factor, ``delta = dC/dz`` (``a - y``). Hidden unit: ``dC/da`` (the sum
        over paths) ``* phi'(z)``.
        """
        if l == self.L - 1:
            if self.elementwise:
                sym, lsym = _dd(_C, _out(l, u))
                cost = Factor(sym, self.dC_da_formula[0], float(self.dC_da[u]), lsym, self.dC_da_formula[1], "cost")
                return (cost, self._sprime_factor(l, u)), ()
            if self.mlp.loss_name in ("bce", "cross_entropy"):
                formula = ("a - y", "a - y")
            else:
                formula = ("sum_k dC/da_k da_k/dz (softmax)", r"\sum_k \frac{\partial C}{\partial a_k}"
                                                               r"\frac{\partial a_k}{\partial z}")
            sym, lsym = _dd(_C, _z(l, u))
            return (Factor(sym, formula[0], float(self.delta[l][u]), lsym, formula[1], "delta"),), ()
        paths = []
        for k in range(self.Ws[l + 1].shape[0]):
            facs = self._path_head(l + 1, k) + (self._weight_factor(l + 1, k, u),)
            sym = f"dC/d{_out(l, u)[0]} via {_z(l + 1, k)[0]}"
            lsym = (rf"\frac{{\partial C}}{{\partial {_z(l + 1, k)[1]}}}"
                    rf"\frac{{\partial {_z(l + 1, k)[1]}}}{{\partial {_out(l, u)[1]}}}")
            paths.append(FactorChain(param, sym, lsym, facs, float(prod(f.value for f in facs))))
        total = float(self.delta[l + 1] @ self.Ws[l + 1][:, u])
        sym, lsym = _dd(_C, _out(l, u))
        head = Factor(sym, " + ".join(p.symbol for p in paths), total, lsym,
                      " + ".join(p.latex_symbol for p in paths), "sum")
        return (head, self._sprime_factor(l, u)), tuple(paths)

    def _path_head(self, l, k):
        """delta_(l+1)[k] (fed by ``weights[l]``) as the lecture writes a path's first factors."""
        if l == self.L - 1:
            return self.delta_factors(l, k, "")[0]
        sym, lsym = _dd(_C, _z(l, k))
        return (Factor(sym, f"dC/d{_out(l, k)[0]} * phi'({_z(l, k)[0]})", float(self.delta[l][k]), lsym,
                       rf"\frac{{\partial C}}{{\partial {_out(l, k)[1]}}}\,\phi'({_z(l, k)[1]})", "delta"),)

    def _sprime_factor(self, l, u):
        sym, lsym = _dd(_out(l, u), _z(l, u))
        form = _SPRIME[self.names[l]]
        return Factor(sym, f"phi'(z) = {form[0]}", self.sprime(l, u), lsym, rf"\phi'(z) = {form[1]}", "activation")

    def _weight_factor(self, l, k, u):
        sym, lsym = _dd(_z(l, k), _out(l - 1, u))
        return Factor(sym, notation.W(l, k, u), float(self.Ws[l][k, u]), lsym, notation.W(l, k, u, form="tex"),
                      "weight")

    def chain(self, layer, i, j, lr):
        """The :class:`FactorChain` of dC/dW_layer[i, j] (``j=None``: dC/db_layer[i])."""
        head, paths = self.delta_factors(layer, i, "")
        if j is None:
            param, lparam = notation.b(layer, i), notation.b(layer, i, form="tex")
            sym = f"d{_z(layer, i)[0]}/d{param}"
            last = Factor(sym, "1", 1.0, rf"\frac{{\partial {_z(layer, i)[1]}}}{{\partial {lparam}}}", "1",
                          "bias_input")
        else:
            param, lparam = notation.W(layer, i, j), notation.W(layer, i, j, form="tex")
            src = _a(layer, j)
            last = Factor(f"d{_z(layer, i)[0]}/d{param}", src[0], float(self.a[layer][j]),
                          rf"\frac{{\partial {_z(layer, i)[1]}}}{{\partial {lparam}}}", src[1], "input")
        paths = tuple(FactorChain(param, p.symbol, p.latex_symbol, p.factors, p.product) for p in paths)
        facs = head + (last,)
        g = float(prod(f.value for f in facs))
        x = last.value
        wrong = {"sign": -g}
        hidden = layer < self.L - 1
        has_sprime = hidden or self.elementwise
        if has_sprime:
            s_wrong = self.sprime(layer, i, of_net=True)
            wrong["forgot_sprime"] = head[0].value * x
            if s_wrong is not None:
                wrong["sprime_of_net"] = head[0].value * s_wrong * x
        if hidden:
            s = head[1].value
            if len(paths) > 1:
                wrong["one_path_only"] = paths[0].product * s * x
            a_l = self.a[layer + 1][i]
            W_new = self.Ws[layer + 1][:, i] - lr * self.delta[layer + 1] * a_l
            wrong["updated_output_weights"] = float(self.delta[layer + 1] @ W_new) * s * x
            if self.elementwise:
                wrong["forgot_all_sprime"] = self._no_sprime(layer, i) * x
        if j is not None:
            before = float(prod(f.value for f in head))  # everything but the input factor
            n_in = self.a[layer].size
            if n_in > 1:
                wrong["wrong_input"] = before * float(self.a[layer][(j + 1) % n_in])
            wrong["weight_for_input"] = before * float(self.Ws[layer][i, j])
        sym = f"dC/d{param}"
        lsym = rf"\frac{{\partial C}}{{\partial {lparam}}}"
        return FactorChain(param, sym, lsym, facs, g, paths, lr=lr, wrong=wrong)

    def _no_sprime(self, layer, i):
        """dC/da_(layer+1)[i] with every phi' along the way left out."""
        g = self.dC_da
        for l in range(self.L - 1, layer, -1):
            g = g @ self.Ws[l]
        return float(g[i])


def mlp_chain(mlp, x, y, layer, i, j, lr):
    """Build the record for :meth:`backprop_core.MLP.factors` (inputs already checked)."""
    return _MLPState(mlp, x, y).chain(layer, i, j, lr)
