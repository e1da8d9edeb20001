"""Every slip in the five lectures, where it is, what is right, and a computed check.

The lectures (``/work/shared/lectures``) are slides converted to text. Reading them
line by line against what the course computes turns up slips of several kinds: a
printed number that does not reproduce, a formula with a factor or a sign missing,
an index that points at the wrong thing, one symbol used for two things, a claim
that is false as stated, and places where the *conversion* garbled a formula so
that a reader could be misled (a conversion artefact is not the lecture's slip, but
the appendix says so where it matters).

:data:`SLIPS` lists them, sorted by lecture. Each :class:`Slip` says where the
lecture has it (a slide title or a quote to search for), what it says, what is
right, and which lesson shows it. Its :meth:`Slip.check` *computes* the correction
with this package and returns a :class:`SlipCheck`: the numbers as text and
whether the correction holds. For a number, the check compares a value with what
the computation gives at the digits the lecture prints, so the lecture's value
(``Slip.rejects``) fails it; for a notation or a claim the check is a computed
illustration (one-hot rows summing to K - 1, no line computing XOR) or, where
nothing better exists, a central-difference test of the course's own formula.

>>> from backprop_core.errata import SLIPS, slip
>>> slip("001-2").check().holds, slip("001-2").check(-0.019049119).holds
(True, False)

Left out: typos that change no meaning (spelling, "leavning"), the conversion's
missing figures, and the lecture's choices of example (they are not slips).
The instructor's appendix (``notebooks/10_instructor_appendix.ipynb``) shows
the table and every check.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from .activations import sigmoid
from .chain import ChainNetwork
from .gradcheck import gradient_check, numerical_gradient
from .graph import Value
from .mazur import MazurNetwork
from .mlp import MLP
from .neuron import SigmoidNeuron

__all__ = ["KINDS", "LECTURES", "SLIPS", "Slip", "SlipCheck", "slip", "lesson_stem"]

#: The kinds of slip, in the order the appendix counts them.
KINDS = ("number", "formula", "index", "notation", "claim", "conversion")
#: The five lectures by number.
LECTURES = ("000", "001", "002", "003", "004")

L01 = "01_neurons_and_perceptrons"
L02 = "02_chain_rule_and_graphs"
L03 = "03_chain_network_forward_and_derivatives"
L04 = "04_chain_network_training"
L05 = "05_gradient_descent"
L06 = "06_the_2_2_2_network"
L07 = "07_matrix_backprop_and_mlps"
L09 = "09_debugging_backprop"
APPENDIX = "appendix only"

MAZUR_IN, MAZUR_TARGET = (0.05, 0.10), (0.01, 0.99)
S0, TARGET = 2.0, 0.7


@dataclass(frozen=True)
class SlipCheck:
    """What a check computed (``computed``, one or two lines) and whether the correction holds."""

    computed: str
    holds: bool

    def __post_init__(self):
        object.__setattr__(self, "holds", bool(self.holds))


@dataclass(frozen=True)
class Slip:
    """One slip of a lecture.

    ``where`` finds it in the lecture (slide title or a short quote), ``says`` is
    what the lecture has, ``right`` what is right, ``lesson`` the notebook stem
    and section that shows it (or ``"appendix only"``), ``kind`` one of
    :data:`KINDS`. ``rejects`` is a value the check must reject (the lecture's
    printed value where that is the wrong one), ``None`` where a value makes no
    sense.
    """

    id: str
    lecture: str
    where: str
    says: str
    right: str
    lesson: str
    kind: str
    compute: object = field(repr=False, compare=False)
    rejects: object = None

    def check(self, value=None):
        """Compute the correction; with ``value``, test that value instead of the right one.

        Only a slip with a value to test (``rejects`` not ``None``) takes ``value``: a number, or for
        001-4 three numbers (error, out_o1, out_o2).
        """
        if value is None:
            return self.compute()
        if self.rejects is None:
            raise ValueError(f"slip {self.id} ({self.kind}) has no value to test; call check() without one, "
                             f"got {value!r}.")
        _check_like(self.id, value, self.rejects)
        return self.compute(value)


def _is_real(x):
    return isinstance(x, (int, float, np.integer, np.floating)) and not isinstance(x, bool) and np.isfinite(x)


def _check_like(id, value, example):
    """Raise a one-sentence error unless ``value`` has the form of ``example`` (a number or a tuple of them)."""
    if isinstance(example, tuple):
        ok = isinstance(value, (tuple, list)) and len(value) == len(example) and all(map(_is_real, value))
        what = f"{len(example)} finite numbers like {example}"
    else:
        ok = _is_real(value)
        what = f"a finite number like {example}"
    if not ok:
        raise TypeError(f"slip {id} tests {what}, got {value!r}.")


def lesson_stem(lesson):
    """The notebook stem of a ``lesson`` field (``None`` for "appendix only").

    >>> lesson_stem("06_the_2_2_2_network §4")
    '06_the_2_2_2_network'
    """
    return None if lesson == APPENDIX else lesson.split()[0]


def _same(a, b, digits):
    return f"{float(a):.{digits}f}" == f"{float(b):.{digits}f}"


# -- lecture 000: the chain network ------------------------------------------------
def _forward():
    return ChainNetwork().forward(S0)


def _c000_tie(claimed=None):
    f = _forward()
    exact = round(f.out, 4) if claimed is None else claimed
    tie = 0.5 * 0.7275
    holds = tie == 0.36375 and _same(f.out, exact, 4)
    return SlipCheck(f"0.5 x 0.7275 = {tie:.5f} (a tie); unrounded out = {f.out:.7f} -> {exact:.4f}", holds)


def _c000_sqrt(claimed=None):
    f = _forward()
    check = gradient_check(lambda out: 0.5 * (TARGET - out) ** 2, [f.out])
    central = check.numeric["x0"]
    garbled = 2 * np.sqrt(0.5) * (TARGET - f.out) * -1
    holds = abs(central - (f.out - TARGET)) < 1e-9 and abs(central - garbled) > 0.1
    return SlipCheck(f"central difference {central:.6f} = out - target {f.out - TARGET:.6f}; "
                     f"with 2 sqrt(1/2): {garbled:.6f}", holds)


def _c000_rounded(claimed=None):
    exact = float(ChainNetwork().gradients(S0, TARGET)["w2"])
    value = exact if claimed is None else claimed
    slide = (0.3638 - 0.7) * 0.7275
    return SlipCheck(f"exact dC/dw2 = {exact:.6f}; slide's rounded numbers give {slide:.6f}; "
                     f"tested {value:.6f}", _same(value, exact, 6))


def _c000_input():
    f = _forward()
    holds = f.out != S0 and abs(f.out - 0.3638) < 5e-5
    return SlipCheck(f"out = w2 s2 = {f.out:.4f} is computed from the input s0 = {S0:g}: it is the output", holds)


def _c000_ds2_dw1():
    net = ChainNetwork()
    f = net.forward(S0)
    central = numerical_gradient(lambda v: ChainNetwork(2.0, float(v[0]), 0.5).forward(S0).out, np.array([1.0]))[0]
    right = net.w2 * f.s2 * (1 - f.s2) * f.s1
    ds2_dw1 = f.s2 * (1 - f.s2) * f.s1           # what the slide's middle factor would be
    slide = net.w2 * ds2_dw1 * f.s1
    holds = abs(right - central) < 1e-9 and abs(slide - central) > 1e-3
    return SlipCheck(f"w2 * ds2/dx2 * dx2/dw1 = {right:.6f} = central {central:.6f}; "
                     f"w2 * ds2/dw1 * dx2/dw1 = {slide:.6f}", holds)


def _c000_s_over():
    f = _forward()
    central = numerical_gradient(lambda v: float(sigmoid(v[0])), np.array([f.x2]))[0]
    printed = f.s2 / (1 + np.exp(-f.x2))           # S(x2) / (1 + e^-x2) = S(x2)^2
    right = f.s2 * (1 - f.s2)
    holds = abs(right - central) < 1e-9 and abs(printed - central) > 0.1
    return SlipCheck(f"at x2 = {f.x2:.4f}: S(1 - S) = {right:.6f} = central {central:.6f}; "
                     f"S/(1 + e^-x2) = {printed:.6f}", holds)


def _c000_equals():
    net = ChainNetwork()
    f = net.forward(S0)
    factors = (net.w2, f.s2 * (1 - f.s2), f.s1)
    product = float(np.prod(factors))
    holds = len(set(np.round(factors, 6))) == 3 and abs(product - net.output_gradients(S0)["w1"]) < 1e-15
    return SlipCheck(f"factors {factors[0]:g}, {factors[1]:.6f}, {factors[2]:.6f} differ; "
                     f"their product {product:.6f} is dout/dw1", holds)


def _c000_one():
    f = _forward()
    central = numerical_gradient(lambda v: float(1 + np.exp(-v[0])), np.array([f.x2]))[0]
    holds = abs(central + np.exp(-f.x2)) < 1e-9 and abs(central - 1) > 1
    return SlipCheck(f"d(1 + e^-x2)/dx2 at x2 = {f.x2:.4f}: central {central:.6f} = -e^-x2, not 1", holds)


def _c000_chain_names():
    f = _forward()
    holds = f.x1 == 4.0 and abs(f.s1 - 0.982) < 5e-4
    return SlipCheck(f"x1 = {f.x1:g} and s1 = S(x1) = {f.s1:.3f} are two different nodes", holds)


def _c000_signs():
    rows = [(out, out - TARGET) for out in (_forward().out, 1.0)]
    holds = rows[0][1] < 0 < rows[1][1]
    text = "; ".join(f"out = {o:.4f}: dC/dout = {g:+.4f}" for o, g in rows)
    return SlipCheck(text + " (negative below the target, positive above)", holds)


def _c000_name():
    net = ChainNetwork()
    grads = net.gradients(S0, TARGET)
    new = net.step(S0, TARGET, 0.5)
    holds = gradient_check(net, S0, TARGET).passed() and all(
        np.isclose(new.weights[k], net.weights[k] - 0.5 * grads[k]) for k in net.PARAMS)
    return SlipCheck("backprop's gradients pass the central-difference check; the update "
                     "w - alpha dC/dw is gradient descent", holds)


def _c000_random():
    check = gradient_check(ChainNetwork(), S0, TARGET)
    return SlipCheck(f"from the guess (2, 1, 0.5): gradients pass central differences "
                     f"(max rel. error {check.max_rel_error:.0e})", check.passed())


# -- lecture 001: the 2-2-2 network ---------------------------------------------------
def _c001_w3():
    net = MazurNetwork()
    right = net.step(MAZUR_IN, MAZUR_TARGET).weights["w1"]
    w = net.weights
    swapped = MazurNetwork({**w, "w2": w["w3"], "w3": w["w2"]}).step(MAZUR_IN, MAZUR_TARGET).weights["w1"]
    holds = _same(right, 0.149780716, 9) and not _same(swapped, 0.149780716, 9)
    return SlipCheck(f"w1+ with w2 on i2: {right:.9f} (published 0.149780716); with w3 on i2: {swapped:.9f}", holds)


def _c001_last_digit(claimed=None):
    exact = MazurNetwork().backward(MAZUR_IN, MAZUR_TARGET).dEo2_dout_h1
    value = exact if claimed is None else claimed
    return SlipCheck(f"dE_o2/dout_h1 = {exact:.12f} -> {exact:.9f} (lecture -0.019049119); tested {value:.9f}",
                     _same(value, exact, 9))


@lru_cache(maxsize=None)
def _mazur_runs():
    net = MazurNetwork()
    sim = net.train(MAZUR_IN, MAZUR_TARGET, rounds=10_000)
    inplace = net.train(MAZUR_IN, MAZUR_TARGET, rounds=10_000, update="in_place")
    return sim, inplace


def _c001_one_round(claimed=None):
    sim, inplace = _mazur_runs()
    value = sim.errors[1] if claimed is None else claimed
    holds = _same(value, sim.errors[1], 9) and _same(inplace.errors[1], 0.291027924, 9)
    return SlipCheck(f"after one round: simultaneous {sim.errors[1]:.9f}, in place {inplace.errors[1]:.9f} "
                     f"(the lecture's 0.291027924); tested {value:.9f}", holds)


def _c001_10000(claimed=None):
    sim, inplace = _mazur_runs()
    o_sim = sim.network.forward(MAZUR_IN).outputs
    o_in = inplace.network.forward(MAZUR_IN).outputs
    right = (sim.errors[10_000], *o_sim)
    value = right if claimed is None else tuple(claimed)
    holds = (_same(value[0], right[0], 10) and _same(value[1], right[1], 9) and _same(value[2], right[2], 9)
             and _same(sim.errors[9_999], 0.0000351085, 10)
             and _same(o_in[0], 0.015912196, 9) and _same(o_in[1], 0.984065734, 9))
    return SlipCheck(f"simultaneous: E after 10,000 = {right[0]:.10f} (after 9,999: {sim.errors[9_999]:.10f}), "
                     f"outputs {o_sim[0]:.9f} / {o_sim[1]:.9f}; in place: outputs {o_in[0]:.9f} / {o_in[1]:.9f}",
                     holds)


def _momentum_run(lr, mom, steps=3):
    # J(theta) = theta^2 / 2 from theta = 1: dW(t) = -lr * grad + mom * dW(t-1)
    theta, dw = 1.0, 0.0
    for _ in range(steps):
        dw = -lr * theta + mom * dw
        theta += dw
    return theta


def _c001_alpha():
    a = _momentum_run(lr=0.1, mom=0.9)
    b = _momentum_run(lr=0.9, mom=0.1)
    return SlipCheck(f"3 steps on J = theta^2/2 from 1: learning rate 0.1, momentum 0.9 -> {a:.4f}; "
                     f"the two swapped -> {b:.4f}", abs(a - b) > 0.1)


def _c001_geq():
    theta = 1.0
    grad = theta                      # J = theta^2 / 2
    new = theta - 0.1 * grad
    return SlipCheck(f"J = theta^2/2 at theta = 1: dJ/dtheta = {grad:g} >= 0, so theta - alpha dJ/dtheta = {new:g} "
                     f"moves left", grad >= 0 and new < theta)


# -- lecture 002 -------------------------------------------------------------------
Y_PRED_002 = np.array([0.96, 0.10, 0.04, 0.70, 0.02, 0.99])
Y_TRUE_002 = np.array([1.0, 0.0, 0.0, 1.0, 0.0, 1.0])
GRAD_13 = (-0.23, 1.32, 0.20, 0.38, -1.23, 0.01, 1.20, -2.12, 0.73, 2.17, -0.23, -0.93, 0.45)
GRAD_14 = (-0.23, 1.32, 0.20, 0.38, -1.23, 0.01, 1.20, -2.12, 0.73, 2.17, 0.54, -0.23, -0.93, 0.45)
W0_ROW_002 = (-0.08, 0.02, -0.02, 0.11, -0.05, -0.14)


def _c002_one_over_n():
    sq = (Y_PRED_002 - Y_TRUE_002) ** 2
    holds = round(sq.sum(), 4) == 0.1037 and round(sq.mean(), 6) == 0.017283
    return SlipCheck(f"six printed predictions: sum of squares {sq.sum():.4f}, C = mean {sq.mean():.6f}", holds)


def _c002_entries(claimed=None):
    n = MLP([2, 3, 1]).n_params
    value = n if claimed is None else claimed
    holds = value == n == len(GRAD_13) and len(GRAD_14) == n + 1
    return SlipCheck(f"the 2-3-1 network has {n} parameters; the vectors have {len(GRAD_13)} and {len(GRAD_14)} "
                     f"entries; tested {value}", holds)


def _c002_bracket():
    x0, x1 = 0.5, -1.0
    w = np.array([0.2, 1.0, -1.0, -0.3, 0.5, 0.8, 0.1, -0.6, 0.4, -0.2, 1.5, -1.0, 2.0])
    z = [sigmoid(w[3 * k] + x0 * w[3 * k + 1] + x1 * w[3 * k + 2]) for k in range(3)]
    net = MLP([2, 3, 1])
    net.weights = [np.array([[w[1], w[2]], [w[4], w[5]], [w[7], w[8]]]), np.array([[w[10], w[11], w[12]]])]
    net.biases = [np.array([w[0], w[3], w[6]]), np.array([w[9]])]
    right = float(sigmoid(w[9] + z[0] * w[10] + z[1] * w[11] + z[2] * w[12]))
    printed = float(sigmoid(w[9] + z[0] * w[10]) + z[1] * w[11] + z[2] * w[12])
    mlp = float(net.forward(np.array([[x0, x1]]))[0, 0])
    holds = abs(right - mlp) < 1e-15 and abs(printed - right) > 0.1
    return SlipCheck(f"example weights: sigma(w9 + sum) = {right:.6f} = the 2-3-1 MLP {mlp:.6f}; "
                     f"as bracketed: {printed:.6f}", holds)


def _c002_sum_index():
    zs = [Value(v, label=f"z{i}") for i, v in enumerate((0.3, -1.2, 2.0))]
    y = zs[0] + zs[1] + zs[2]
    y.backward()
    grads = [z.grad for z in zs]
    return SlipCheck(f"y = z0 + z1 + z2: dy/dz_i = {grads} (one term per index i)", grads == [1.0, 1.0, 1.0])


def _c002_average(claimed=None):
    mean = float(np.mean(W0_ROW_002))
    value = round(mean, 2) if claimed is None else claimed
    return SlipCheck(f"mean of the six printed w0 entries = {mean:.4f} -> {round(mean, 2):.2f} "
                     f"(slide: -0.08 over all data); tested {value:.2f}", _same(value, mean, 2))


# -- lecture 003 ---------------------------------------------------------------------
def _c003_universal():
    x = np.linspace(-1, 1, 401)
    target = np.sin(3 * x)
    errors = []
    for k in (2, 8, 32):
        centres = np.linspace(-1, 1, k)
        H = np.hstack([sigmoid(4.0 * k * (x[:, None] - centres)), np.ones((x.size, 1))])
        coef, *_ = np.linalg.lstsq(H, target, rcond=None)
        errors.append(float(np.max(np.abs(H @ coef - target))))
        if k == 32:
            xo = np.linspace(2, 3, 101)
            Ho = np.hstack([sigmoid(4.0 * k * (xo[:, None] - centres)), np.ones((xo.size, 1))])
            outside = float(np.max(np.abs(Ho @ coef - np.sin(3 * xo))))
    holds = errors[0] > errors[1] > errors[2] > 0 and outside > 0.5
    return SlipCheck("max error on [-1, 1] for sin(3x) with 2, 8, 32 sigmoids: "
                     + ", ".join(f"{e:.2g}" for e in errors) + f" (never 0); on [2, 3]: {outside:.2f}", holds)


def _step_unit(w0, w1, w2, X):
    return (w0 + X @ np.array([w1, w2]) > 0).astype(int)


def _c003_boolean():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    grid = np.round(np.arange(-2, 2.01, 0.1), 1)
    found = {"AND": 0, "XOR": 0}
    want = {"AND": np.array([0, 0, 0, 1]), "XOR": np.array([0, 1, 1, 0])}
    for w0 in grid:
        for w1 in grid:
            for w2 in grid:
                out = _step_unit(w0, w1, w2, X)
                for k in found:
                    found[k] += bool(np.array_equal(out, want[k]))
    return SlipCheck(f"one step unit, weights on a 0.1 grid in [-2, 2]: {found['AND']} compute AND, "
                     f"{found['XOR']} compute XOR", found["AND"] > 0 and found["XOR"] == 0)


def _c003_bias_sign():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    W0 = 1.5
    lecture = _step_unit(W0 * -1, 1, 1, X)     # W0 on the fixed input -1 (the perceptron slide)
    plus = _step_unit(-W0 * 1, 1, 1, X)        # -W0 on the fixed input +1 (the XNOR table)
    same_w0 = _step_unit(W0 * 1, 1, 1, X)      # the same W0 read with input +1
    holds = np.array_equal(lecture, [0, 0, 0, 1]) and np.array_equal(plus, lecture) and not np.array_equal(
        same_w0, lecture)
    return SlipCheck(f"AND: W0 = 1.5 on input -1 gives {lecture.tolist()}, -1.5 on input +1 the same; "
                     f"W0 = 1.5 on input +1 gives {same_w0.tolist()}", holds)


def _c003_perceptron_j():
    x = np.array([1.0, 0.5, -2.0])
    W = np.array([0.1, -0.4, 0.3])
    y = 1.0

    def E(w):
        return 0.5 * (y - sigmoid(w @ x)) ** 2
    a = sigmoid(W @ x)
    formula = -(y - a) * a * (1 - a) * x
    central = numerical_gradient(E, W.copy())
    holds = np.allclose(formula, central, atol=1e-10)
    return SlipCheck("dE/dW_j = -Err g'(in) x_j for j = 0, 1, 2: " + ", ".join(f"{v:.6f}" for v in formula)
                     + " = central differences", holds)


def _c003_upstream(claimed=None):
    w0, x0, w1, x1, w2 = (Value(v) for v in (2.0, -1.0, -3.0, -2.0, -3.0))
    out = (w0 * x0 + w1 * x1 + w2).sigmoid()
    out.backward()
    value = round(x0.grad, 2) if claimed is None else claimed
    return SlipCheck(f"f = {out.data:.4f}; upstream {out.data * (1 - out.data):.4f}; x0: {x0.grad:.4f} -> "
                     f"{round(x0.grad, 2):.2f}, w0: {w0.grad:.4f}; tested {value:.2f}", _same(value, x0.grad, 2))


def _c003_w2_bias():
    f = float(sigmoid(2.0 * -1.0 + -3.0 * -2.0 + -3.0))
    return SlipCheck(f"with w2 a bias: f = sigma(2*(-1) + (-3)(-2) + (-3)) = sigma(1) = {f:.2f}, the slide's 0.73",
                     round(f, 2) == 0.73)


def _c003_layers():
    net = MLP([2, 2, 2, 1])
    shapes = [W.shape for W in net.weights]
    holds = len(shapes) == 3
    return SlipCheck(f"a 4-layer network has {len(shapes)} weight matrices, W^(1)..W^(3), shapes {shapes}; "
                     f"there is no W^(4)", holds)


def _xor_net():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    return MLP([2, 3, 1], seed=3), X, Y


def _c003_eps():
    net, X, Y = _xor_net()
    eps = 1e-4
    W = net.weights[0]
    gW = net.gradients(X, Y)[0][0]
    i, j = np.unravel_index(np.argmax(np.abs(gW)), gW.shape)
    analytic = gW[i, j]
    base = net.loss(X, Y)
    W[i, j] += eps
    up = net.loss(X, Y)
    W[i, j] -= eps
    quotient = (up - base) / eps
    printed = up - base
    holds = abs(quotient - analytic) < 1e-2 * abs(analytic) and abs(printed - analytic) > 0.5 * abs(analytic)
    return SlipCheck(f"dJ/dW at the steepest first-layer weight: backprop {analytic:.4e}; "
                     f"(J(W + eps) - J(W))/eps = {quotient:.4e}; without /eps: {printed:.4e}", holds)


def _c003_converged():
    def grad(t):
        return 4 * t * (t * t - 1)            # J(theta) = (theta^2 - 1)^2
    J0 = (0.0 ** 2 - 1) ** 2
    g_small = abs(grad(0.001))
    holds = grad(0.0) == 0 and J0 == 1.0 and g_small < 1e-2 and not g_small < 1e-3
    return SlipCheck(f"J = (theta^2 - 1)^2: at theta = 0 dJ/dtheta = 0 but J = {J0:g} (a maximum; J(1) = 0); "
                     f"at 0.001 |dJ/dtheta| = {g_small:.4f}: 'converged' under 1e-2, not under 1e-3", holds)


def _one_unit():
    a_prev = np.array([1.0, 0.6, -0.4])      # a_0 = 1 (bias), a_1, a_2
    W = np.array([0.2, -0.5, 0.9])
    y = 1.0
    return a_prev, W, y


def _c003_sign():
    a_prev, W, y = _one_unit()
    a = sigmoid(W @ a_prev)
    delta = (y - a) * a * (1 - a)
    central = numerical_gradient(lambda w: 0.5 * (y - sigmoid(w @ a_prev)) ** 2, W.copy())
    slide = a_prev * delta
    holds = np.allclose(slide, -central, atol=1e-10) and not np.allclose(slide, central, atol=1e-6)
    return SlipCheck("a_j delta_i = " + ", ".join(f"{v:.6f}" for v in slide) + "; central dJ/dW = "
                     + ", ".join(f"{v:.6f}" for v in central), holds)


def _c003_l2():
    lam, m, W = 0.1, 4, 0.8
    central = numerical_gradient(lambda w: lam / (2 * m) * float(w[0]) ** 2, np.array([W]))[0]
    right = W - 1.0 * central
    slide = W + 1.0 * lam * W
    holds = abs(central - lam / m * W) < 1e-10 and right < W < slide
    return SlipCheck(f"d/dW of lambda/(2m) W^2 = {central:.4f} = (lambda/m) W; one step (alpha 1): "
                     f"right {right:.4f}, the slide's +lambda W gives {slide:.4f}", holds)


def _c003_matrix():
    rng = np.random.default_rng(0)
    W3 = rng.uniform(-1, 1, (1, 3))                  # bias column first, as the lecture writes it
    z3 = np.array([0.4, -0.7])
    y = np.array([1.0])

    def J(z):
        a3 = np.concatenate([[1.0], sigmoid(z)])
        return 0.5 * float(np.sum((y - sigmoid(W3 @ a3)) ** 2))
    a3 = np.concatenate([[1.0], sigmoid(z3)])
    a4 = sigmoid(W3 @ a3)
    delta4 = (a4 - y) * a4 * (1 - a4)                # dJ/dz4
    right = (W3[:, 1:].T @ delta4) * sigmoid(z3) * (1 - sigmoid(z3))
    elementwise = W3.T * delta4                      # (W3)^T .* delta4 keeps the bias row
    central = numerical_gradient(J, z3.copy())
    holds = np.allclose(right, central, atol=1e-10) and elementwise.shape[0] != z3.size
    return SlipCheck(f"(W3 without bias column)^T delta4 * g' = {np.round(right, 6).tolist()} = central "
                     f"{np.round(central, 6).tolist()}; (W3)^T .* delta4 has shape {elementwise.shape}", holds)


def _c003_half():
    a_prev, W, y = _one_unit()
    z = float(W @ a_prev)
    a = float(sigmoid(z))
    delta = (y - a) * a * (1 - a)
    d_half = numerical_gradient(lambda v: 0.5 * (y - float(sigmoid(v[0]))) ** 2, np.array([z]))[0]
    d_full = numerical_gradient(lambda v: (y - float(sigmoid(v[0]))) ** 2, np.array([z]))[0]
    holds = abs(delta + d_half) < 1e-10 and abs(delta + d_full) > 1e-3
    return SlipCheck(f"(y - a) g' = {delta:.6f}; dJ/dz for 1/2 (y - a)^2: {d_half:.6f}; for (y - a)^2: "
                     f"{d_full:.6f}", holds)


def _c003_delta_j():
    check = gradient_check(MazurNetwork(), MAZUR_IN, MAZUR_TARGET)
    return SlipCheck(f"hidden Delta_j = g'(in_j) sum_i W_j,i Delta_i on the 2-2-2 network: max rel. error vs "
                     f"central differences {check.max_rel_error:.0e}", check.passed())


def _c003_onehot():
    K = 4
    onehot = np.eye(K)
    complement = 1 - onehot
    z = np.array([[0.3, -1.0, 2.0, 0.5]])
    soft = np.exp(z) / np.exp(z).sum()
    holds = set(onehot.sum(1)) == {1.0} and set(complement.sum(1)) == {K - 1.0} and abs(soft.sum() - 1) < 1e-15
    return SlipCheck(f"K = {K}: one-hot rows sum to {onehot.sum(1)[0]:g}, '0 for the class' rows to "
                     f"{complement.sum(1)[0]:g}; a softmax output sums to {soft.sum():.0f}", holds)


def _c003_outputs():
    z = np.array([0.4, 1.7])
    soft = np.exp(z) / np.exp(z).sum()
    one_unit = float(sigmoid(z[1] - z[0]))
    return SlipCheck(f"two classes: softmax of 2 units gives P(class 2) = {soft[1]:.6f}; one sigmoid unit on "
                     f"z2 - z1 gives {one_unit:.6f}", abs(soft[1] - one_unit) < 1e-15)


def _c003_momentum():
    a = _momentum_run(lr=0.1, mom=0.9)
    b = _momentum_run(lr=0.9, mom=0.1)
    return SlipCheck(f"read as lecture 001 (eta = learning rate 0.1, momentum 0.9): {a:.4f}; as lecture 003 "
                     f"(eta = momentum): {b:.4f}", abs(a - b) > 0.1)


def _c003_batch_index():
    X = np.array([[0.5, 1.0, -1.0], [1.5, -0.5, 0.2], [-1.0, 0.3, 0.8], [0.2, 0.2, 0.2]])
    y = np.array([1.0, 0.0, 1.0, 0.0])
    neuron = SigmoidNeuron([0.1, -0.2, 0.4, 0.3])
    summed = neuron.example_gradients(X, y).sum(axis=0)
    w = neuron.weights
    central = numerical_gradient(lambda v: float(SigmoidNeuron(v).costs(X, y).sum()), w.copy())
    return SlipCheck("sum over the samples of each weight's gradient = central difference of the summed cost: "
                     + ", ".join(f"{v:.6f}" for v in summed), bool(np.allclose(summed, central, atol=1e-9)))


def _c003_exact_match():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [0], [0], [1]], float)
    net = MLP([2, 2, 1], seed=0)
    net.fit(X, Y, lr=2.0, epochs=2000)
    out = net.forward(X)[:, 0]
    holds = not np.any(out == Y[:, 0]) and np.array_equal(net.predict(X), Y[:, 0].astype(int))
    return SlipCheck("trained 2-2-1 on AND: outputs " + ", ".join(f"{v:.3f}" for v in out)
                     + f"; equal to y: {int(np.sum(out == Y[:, 0]))} of 4; thresholded at 0.5: 4 of 4", holds)


def _c003_architecture():
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], float)
    Y = np.array([[0], [1], [1], [0]], float)
    net = MLP([2, 6, 3, 1], seed=0)
    history = net.fit(X, Y, lr=5.0, epochs=3000)
    ok = np.array_equal(net.predict(X), Y[:, 0].astype(int))
    return SlipCheck(f"2-6-3-1 (unequal hidden widths) on XOR: loss {history.final_cost:.2g}, all 4 right: {ok}",
                     bool(ok and gradient_check(net, X, Y).passed()))


def _c003_d_out():
    rng = np.random.default_rng(0)
    y = rng.standard_normal((64, 10))                # the loop's y = randn(N, D_out)
    onehot = np.eye(10)[rng.integers(0, 10, 64)]
    holds = not np.allclose(y.sum(1), 1) and not set(np.unique(y)) <= {0.0, 1.0} and np.allclose(onehot.sum(1), 1)
    return SlipCheck(f"y = randn(64, 10): {np.unique(y).size} distinct real values, row sums from {y.sum(1).min():.2f} "
                     f"to {y.sum(1).max():.2f}; class targets would be one-hot rows summing to 1", holds)


def _c003_n_twice():
    N, D_in = 64, 1000                               # the numpy loop: N samples of D_in features
    x = np.random.default_rng(0).standard_normal((N, D_in))
    holds = x.shape == (N, D_in) and N != D_in
    return SlipCheck(f"the loop's x has shape {x.shape}: N = {N} rows (samples), {D_in} features per sample; "
                     f"the matrices slide's x^(i) = (x_1 .. x_N) would have N = {D_in}", holds)


# -- lecture 004 ------------------------------------------------------------------------
def _c004_l_plus_2():
    net = MLP([2, 3, 4, 1])
    W_next_T = net.weights[1].T                      # (W^(l+1))^T for the first hidden layer
    n_next, n_next_next = net.sizes[2], net.sizes[3]
    X = np.array([[0.3, -0.8]])
    Y = np.array([[1.0]])
    holds = W_next_T.shape[1] == n_next != n_next_next and gradient_check(net, X, Y).passed()
    return SlipCheck(f"(W^(l+1))^T is {W_next_T.shape}: it multiplies delta^(l+1) ({n_next} entries), not "
                     f"delta^(l+2) ({n_next_next}); delta^(l+1) passes central differences", holds)


def _c004_square():
    y, a = 1.0, 0.3
    d_printed = numerical_gradient(lambda v: 0.5 * (y - float(v[0])), np.array([a]))[0]
    d_right = numerical_gradient(lambda v: 0.5 * (y - float(v[0])) ** 2, np.array([a]))[0]
    holds = abs(d_right - (a - y)) < 1e-9 and abs(d_printed + 0.5) < 1e-9
    return SlipCheck(f"y = 1, a = 0.3: dC/da for 1/2 (y - a)^2 = {d_right:.4f} = a - y; for 1/2 (y - a): "
                     f"{d_printed:.4f}", holds)


def _c004_m_n():
    X = np.array([[0.5, 1.0, -1.0], [1.5, -0.5, 0.2], [-1.0, 0.3, 0.8], [0.2, 0.2, 0.2], [0.0, -1.0, 0.5]])
    y = np.array([1.0, 0.0, 1.0, 0.0, 1.0])
    neuron = SigmoidNeuron([0.1, -0.2, 0.4, 0.3])
    n, m = len(y), 3                                   # m: a layer's width in the lecture
    per = neuron.example_gradients(X, y)
    central = numerical_gradient(lambda v: SigmoidNeuron(v).cost(X, y), neuron.weights.copy())
    right, mixed = per.sum(0) / n, per.sum(0) / m
    holds = np.allclose(right, central, atol=1e-9) and not np.allclose(mixed, central, atol=1e-6)
    return SlipCheck(f"n = {n} examples: (1/n) sum = central difference of C; (1/m) sum with m = {m} is "
                     f"{n / m:.3g} times too large", holds)


def _c004_phi_L():
    net = MLP([2, 3, 1])
    X = np.array([[0.3, -0.8]])
    Y = np.array([[1.0]])
    zs, acts = net.forward_pass(X)
    delta_L = (acts[2] - Y) * acts[2] * (1 - acts[2])
    right = (delta_L @ net.weights[1]) * acts[1] * (1 - acts[1])
    wrong = (delta_L @ net.weights[1]) * acts[2] * (1 - acts[2])
    gW = net.gradients(X, Y)[1][0]
    holds = np.allclose(right[0], gW, atol=1e-12) and not np.allclose(wrong[0], gW, atol=1e-6)
    return SlipCheck("hidden delta with phi'(z^l): " + ", ".join(f"{v:.6f}" for v in right[0])
                     + " = backprop's; with phi'(z^L): " + ", ".join(f"{v:.6f}" for v in wrong[0]), holds)


def _c004_components():
    net = MLP([4, 3, 2])
    a = np.array([0.2, -0.5, 0.9, 0.1])
    W, b = net.weights[0], np.array([0.1, -0.1, 0.3])
    by_sum = [sum(W[j, k] * a[k] for k in range(4)) + b[j] for j in range(3)]
    from_k2 = sum(W[2, k] * a[k] for k in range(1, 4)) + b[2]
    holds = np.allclose(by_sum, W @ a + b) and abs(from_k2 - by_sum[2]) > 1e-6
    return SlipCheck(f"z^l = W a + b: every component sums k = 1..n_(l-1) ({len(a)} inputs) and z has {len(b)} "
                     f"entries; starting the last sum at k = 2 changes it by {by_sum[2] - from_k2:.4f}", holds)


def _s(id, where, says, right, lesson, kind, compute, rejects=None):
    return Slip(id, id[:3], where, says, right, lesson, kind, compute, rejects)


SLIPS = (
    # -- 000 ---------------------------------------------------------------------
    _s("000-1", "Forward propagation: 'out = w2 s2 = 0.5*0.7275 = 0.3638'",
       "0.5 x 0.7275 = 0.3638", "0.5 x 0.7275 = 0.36375 is a tie; the unrounded out = 0.3637538 rounds to 0.3638",
       f"{L04} §1", "number", _c000_tie, rejects=0.3637),
    _s("000-2", "dC/dout, chain rule: '2 sqrt(1/2) (target - out)^1'",
       "dC/dout = 2 sqrt(1/2) (target - out) d(-out)/dout",
       "2 * 1/2 (target - out) * (-1) = out - target; the square root is the conversion's (a reader could be misled)",
       f"{L04} §3", "conversion", _c000_sqrt),
    _s("000-3", "dC/dw2 = (out - target) s2, worked with the slide's numbers",
       "(0.3638 - 0.7) x 0.7275 with 4-digit numbers",
       "exact dC/dw2 = -0.244622; the rounded numbers give -0.244585 (off in the 5th decimal)",
       f"{L04} §4", "number", _c000_rounded, rejects=-0.2445855),
    _s("000-4", "A 'simple' neural network: 'the input out=0.7'",
       "so that when the input s0 = 2, the input out = 0.7", "the OUTPUT out = 0.7 (the target)",
       f"{L03} §2", "notation", _c000_input),
    _s("000-5", "Back to our original question: 'd out/d w1 = d out/d s2  d s2/d w1  d x2/d w1'",
       "middle factor ds2/dw1", "ds2/dx2 = s2 (1 - s2); ds2/dw1 would count s1 twice",
       f"{L03} §5", "index", _c000_ds2_dw1),
    _s("000-6", "Continue the chain rule: 'so ds2/dx2 = S(x2) / (1 + e^-x2)'",
       "ds2/dx2 = S(x2)/(1 + e^{-x2})",
       "ds2/dx2 = d/dx2 (1/(1 + e^-x2)) = s2 (1 - s2); as printed it is S^2 (probably the conversion; it misleads)",
       f"{L03} §4", "conversion", _c000_s_over),
    _s("000-7", "Continue the chain rule: 'd out/d w1 = d out/d s2 = d s2/d x2 = d x2/d w1'",
       "the three factors joined by '='", "a product of three different factors (conversion artefact)",
       f"{L03} §4", "conversion", _c000_equals),
    _s("000-8", "Quotient rule: 'What is d(1 + e^-x2)/dx2 ? = 1'",
       "'= 1'", "-e^{-x2} (the '1' belongs to d(1)/dx2 = 0 on the figure; conversion)",
       f"{L03} §4", "conversion", _c000_one),
    _s("000-9", "Forward propagation: 'S0 -> X1 -> X1 -> X2 -> S2 -> Out'",
       "X1 twice", "s0 -> x1 -> s1 -> x2 -> s2 -> out (conversion)", f"{L03} §2", "conversion", _c000_chain_names),
    _s("000-10", "Does this derivative make sense? 'When out < target C dC/dout < 0 dC/dout > 0 ...'",
       "a row of signs, four of them '> 0'", "dC/dout < 0 below the target, > 0 above, 0 at it (conversion)",
       f"{L04} §3", "conversion", _c000_signs),
    _s("000-11", "Put it all together: 'This procedure is called backpropagation'",
       "the whole training loop is backpropagation",
       "backpropagation computes the gradients (the lecture's own definition); the loop is gradient descent",
       f"{L04} §5", "claim", _c000_name),
    _s("000-12", "Put it all together: '1. Choose random initial weights. w0 = 2 w1 = 1 w2 = 0.5'",
       "random initial weights", "the lecture's fixed guess, not random (random matters with many units)",
       f"{L04} §5", "claim", _c000_random),
    # -- 001 ---------------------------------------------------------------------
    _s("001-1", "Weight Update at Hidden Layer: 'net_h1 = w1 * i1 + w3 * i2 + b1 * 1'",
       "w3 on i2", "net_h1 = w1 i1 + w2 i2 + b1 (the published w1+ only comes out so)",
       f"{L06} §2", "index", _c001_w3),
    _s("001-2", "Weight Update at Hidden Layer: 'dE_o2/dout_h1 = -0.019049119'",
       "-0.019049119", "-0.019049118 (exact -0.0190491183)", f"{L06} §4", "number", _c001_last_digit,
       rejects=-0.019049119),
    _s("001-3", "Remarks!: 'the total error is now down to 0.291027924'",
       "0.291027924 after one round", "simultaneous descent gives 0.291027774; 0.291027924 is the in-place order",
       f"{L06} §5", "number", _c001_one_round, rejects=0.291027924),
    _s("001-4", "Remarks!: 'after repeating this process 10,000 times ... 0.0000351085 ... 0.015912196 ... "
       "0.984065734'",
       "E 0.0000351085, outputs 0.015912196 / 0.984065734 after 10,000 rounds",
       "after 10,000 simultaneous rounds E = 0.0000351019 (0.0000351085 is after 9,999); outputs 0.015913620 / "
       "0.984064274 (the printed ones are the in-place order's)",
       f"{L06} §5", "number", _c001_10000, rejects=(0.0000351085, 0.015912196, 0.984065734)),
    _s("001-5", "Backpropagation: 'Delta w_ij(t) = eta delta_j x_ij + alpha Delta w_ij(t-1)' vs Gradient descent "
       "algorithm 'theta_j := theta_j - alpha dJ/dtheta_j'",
       "alpha is the momentum on one slide and the learning rate on the next",
       "one symbol per role: learning rate eta (or alpha) throughout, momentum a separate symbol",
       f"{L05} §6", "notation", _c001_alpha),
    _s("001-6", "Gradient descent intuition: 'theta1 := theta1 - alpha (d/dtheta1 J(theta1)) >= 0'",
       "'>= 0' after the update", "the '>= 0' labels the derivative on the figure (conversion)",
       f"{L05} §2", "conversion", _c001_geq),
    # -- 002 ---------------------------------------------------------------------
    _s("002-1", "How do we find the weights...: 'C(W) = 1/N sum (y~ - y)^2 = (0.96 - 1)^2 + ...'",
       "the expansion drops the 1/N", "C = 1/N [(0.96 - 1)^2 + (0.10 - 0)^2 + ...]",
       f"{L04} §9", "formula", _c002_one_over_n),
    _s("002-2", "13D? Or higher? / How it all hangs together: the vector -grad C(W)",
       "13 entries on one slide, 14 (an extra 0.54) on the next", "13 entries, one per weight of W",
       f"{L04} §9", "number", _c002_entries, rejects=14),
    _s("002-3", "Logistic regression ... Mathematical form: 'sigma(w9 + sigma(w0 + x0 w1 + x1 w2) w10) + ...'",
       "the bracket of the outer sigma closes after w10",
       "sigma(w9 + sigma(...) w10 + sigma(...) w11 + sigma(...) w12) (the later slide has it right)",
       f"{L01} §7", "formula", _c002_bracket),
    _s("002-4", "Backpropagation - on a neural network: 'The + gate is like a function: y = sum_{i=0}^N z_n'",
       "summation index i, summand z_n", "y = sum_{i=0}^{N} z_i", f"{L02} §5", "index", _c002_sum_index),
    _s("002-5", "Backpropagation - in the computer: the table 'Average over all training data', w0 row -> -0.08",
       "-0.08 as the average of the row",
       "the six printed entries average -0.03; -0.08 needs the columns not printed, so quote it as such",
       f"{L04} §9", "number", _c002_average, rejects=-0.08),
    # -- 003 ---------------------------------------------------------------------
    _s("003-1", "Expressiveness of MLPs: 'All continuous functions with 2 layers and all functions with 3 layers'",
       "an MLP represents all continuous functions (all functions with 3 layers)",
       "approximates any continuous function to any accuracy on a bounded region, with enough units; not exactly",
       f"{L01} §6", "claim", _c003_universal),
    _s("003-2", "Implementing Logical Functions: 'every Boolean function can be implemented with a perceptron'",
       "one perceptron implements every Boolean function",
       "a network of perceptrons does; one perceptron only linearly separable ones (not XOR, next slide)",
       f"{L01} §2", "claim", _c003_boolean),
    _s("003-3", "Implementing Logical Functions: 'h_W(x) = g(W0 * -1 + W1 x1 + W2 x2)' vs the XNOR table's x0 = 1",
       "bias input -1 here, +1 in the XNOR table and matrices",
       "either works, with W0 of opposite sign; say which one is meant", f"{L01} §1", "notation", _c003_bias_sign),
    _s("003-4", "Perceptron Learning: 'dE/dW_j = Err x d/dW_j (y - g(sum_{j=0}^n W_j x_j))'",
       "j is the weight differentiated and the summation index", "sum over k: g(sum_k W_k x_k), then dE/dW_j",
       f"{L01} §4", "index", _c003_perceptron_j),
    _s("003-5", "Backpropagation: Another Example: 'x0: [0.2] x [2] = 0.4'",
       "0.4", "0.39: the upstream is 0.1966, not 0.2 (0.1966 x 2 = 0.3932; the figure's label is 0.39)",
       f"{L02} §4", "number", _c003_upstream, rejects=0.4),
    _s("003-6", "Backpropagation: Another Example: 'f(w, x) = 1/(1 + e^-(w0x0 + w1x1 + w2x2))' on some slides",
       "w2 x2 on some slides, w2 (a bias) on others", "w2 is a bias: f = sigma(w0 x0 + w1 x1 + w2) gives 0.73",
       f"{L02} §4", "notation", _c003_w2_bias),
    _s("003-7", "Neural Networks with Matrices: 'L: number of layers ... W^(L): the weight matrix in layer L'; "
       "Implementational Details: 'W_53^(4)'",
       "L is the number of layers and also any layer; W^(4) in a 4-layer network",
       "layer l = 1..L has W^(l) for l < L only: a 4-layer network has W^(1)..W^(3)",
       f"{L07} §1", "notation", _c003_layers),
    _s("003-8", "Implementational Details: 'dJ/dW_jk ~ J(..., W_jk + eps, ...) - J(..., W_jk, ...)'",
       "no division by eps", "(J(W + eps) - J(W)) / eps (better: central, (J(W + eps) - J(W - eps)) / 2 eps)",
       f"{L07} §6; also 09_debugging_backprop §6", "formula", _c003_eps),
    _s("003-9", "Implementational Details: 'If for all W_jk dJ/dW_jk ~ 0 this means that the system has converged'",
       "a small gradient means converged",
       "a small gradient also happens on plateaus, saddles and maxima, and 'small' depends on the threshold",
       f"{L07} §6; also 08_playground §3", "claim", _c003_converged),
    _s("003-10", "Neural Networks Weight Update: 'dJ(W)/dW_ij = a_j delta_i^(l+1)' with delta^(L) = (y - a) .* g'",
       "a_j delta_i is dJ/dW", "with delta = (y - a) g' it is -dJ/dW (the slide defines delta = dJ/dz but "
       "computes -dJ/dz); the update W + alpha a_j delta_i is then descent",
       f"{L07} §8; also 09_debugging_backprop §9", "formula", _c003_sign),
    _s("003-11", "Neural Networks Weight Update (with regularization): '+ lambda W_ij'",
       "Delta = eta Delta + alpha (a_j delta_i + lambda W_ij)",
       "the penalty lambda/(2m) sum W^2 adds (lambda/m) W to dJ/dW, so the update subtracts alpha (lambda/m) W",
       f"{L07} §8; also 08_playground §7", "formula", _c003_l2),
    _s("003-12", "Neural Networks Backpropagation: 'delta^(3) = (W^(3))^T .* delta^(4) .* g'(z^(3))'",
       "element-wise '.*' with the whole W^(3) (the delta^(2) line writes both products as '.')",
       "a matrix product with the bias column dropped: (W^(3)_{:,1:})^T delta^(4), then .* g'(z^(3))",
       f"{L07} §3", "formula", _c003_matrix),
    _s("003-13", "Neural Networks Backpropagation: 'J(W)^(i) = (y^(i) - h_W(x^(i)))^2'",
       "no 1/2", "J^(i) = 1/2 (y - h)^2, the cost whose delta^(L) is (y - a) g' (and the 1/(2m) J of the cost slide)",
       f"{L07} §3", "formula", _c003_half),
    _s("003-14", "Back-Propagation Derivation: 'dE/dW_kj = ... sum_j W_j,i a_j ... sum_k W_k,j a_k'",
       "j is the fixed hidden unit and also the summation index (k likewise)",
       "sum over another letter, j' or m: in_i = sum_m W_m,i a_m", f"{L07} §3", "index", _c003_delta_j),
    _s("003-15", "Neural Networks with Matrices: 'Seq_{j=1}^K {0 iff j = c, 1 otherwise}'",
       "0 for the class, 1 elsewhere", "a row sums to K - 1: not a probability, no softmax target; use one-hot",
       f"{L07} §9", "claim", _c003_onehot),
    _s("003-16", "Implementational Details: 'The number of neurons in output layer is the same as the number of "
       "classes'",
       "outputs = classes", "its own binary slide uses one unit for two classes; K classes need K - 1 or K",
       f"{L07} §10", "claim", _c003_outputs),
    _s("003-17", "Neural Networks Weight Update: 'Delta_ij := eta Delta_ij + alpha dJ/dW_ij'",
       "eta is the momentum, alpha the learning rate", "lecture 001 uses eta as the learning rate; name them once",
       f"{L05} §6", "notation", _c003_momentum),
    _s("003-18", "Neural Networks Weight Update (batch mode): 'W_ij := W_ij + sum_{i=1}^{batch} Delta_ij'",
       "i is the sample index and W's row index",
       "sum over the samples with another letter: sum_{s=1}^{b} Delta_ij^(s)",
       f"{L05} §7", "index", _c003_batch_index),
    _s("003-19", "Neural Networks with Matrices: 'it is checked if h_W(x^(i)) = y_out^(i)'",
       "exact equality of the output and the target",
       "a sigmoid output is never exactly 0 or 1: compare the thresholded (or argmax) output", f"{L07} §9", "claim",
       _c003_exact_match),
    _s("003-20", "Implementational Details: 'If more than one hidden layers are used, the number of neurons should "
       "be the same in each hidden layer'",
       "hidden layers must be equally wide", "a rule of thumb; unequal widths train as well", f"{L07} §10", "claim",
       _c003_architecture),
    _s("003-21", "Training of Neural Network with Backpropagation: 'D_out: number of output classes'",
       "D_out counts classes", "the loop regresses on y = randn(N, D_out): D_out real-valued outputs, no classes",
       f"{L07} §11", "notation", _c003_d_out),
    _s("003-22", "Neural Networks with Matrices: 'x^(i) = {x_1, ..., x_N}' vs the numpy loop's 'N: number of samples'",
       "N is the number of features on one slide, of samples on another",
       "one letter per role: the loop's N = 64 samples, D_in = 1000 features", f"{L07} §11", "notation", _c003_n_twice),
    # -- 004 ---------------------------------------------------------------------
    _s("004-1", "Backpropagation Algorithm, step 4: 'S^l := ((w^(l+1))^T S^(l+2)) . phi'(z^l)'",
       "delta^(l+2)", "delta^(l+1) (the OCR reads j and 1 as 2 elsewhere on this slide, so it may be the conversion's)",
       f"{L07} §1", "index", _c004_l_plus_2),
    _s("004-2", "Training Feed Forward Networks: 'C^(i) = 1/2 (y^(i) - a^L)'",
       "no square", "C^(i) = 1/2 (y^(i) - a^L)^2 (as the earlier slide's C = 1/2 sum (y_k - a_k)^2)",
       f"{L07} §1", "formula", _c004_square),
    _s("004-3", "Training Feed Forward Networks: 'dC/dw^l = 1/m sum_{i=1}^n dC^(i)/dw^l'",
       "1/m with a sum to n", "1/n sum_{i=1}^{n} (m is the layer width on this lecture's notation slide)",
       f"{L07} §1", "notation", _c004_m_n),
    _s("004-4", "Summary: 'delta_j^l = phi'(z_j^L) sum_k delta_k^(l+1) w_kj^(l+1) otherwise (hidden layers)'",
       "phi'(z_j^L) in the hidden case", "phi'(z_j^l) (L and l may be the OCR's; the derivation above has l)",
       APPENDIX, "index", _c004_phi_L),
    _s("004-5", "Matrix Description, Weighted Inputs and Activations: 'sum_{k=1}^m ... , ..., sum_{k=2}^m w_mk ...'",
       "the last component sums from k = 2; z^l has m entries, a^l has n",
       "every component sums over all units k of layer l-1; z^l and a^l have the same length (may be the OCR's)",
       APPENDIX, "index", _c004_components),
)


def slip(id):
    """The slip with this ``id`` (e.g. ``"001-2"``).

    >>> slip("002-1").lesson
    '04_chain_network_training §9'
    """
    for s in SLIPS:
        if s.id == id:
            return s
    raise ValueError(f"id must be one of the slips' ids ({SLIPS[0].id} ... {SLIPS[-1].id}), got {id!r}.")
