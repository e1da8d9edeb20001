"""Backpropagation vs central differences, for every activation, loss and network.

The central difference ``(J(w + eps) - J(w - eps)) / 2 eps`` (lecture 003's
gradient check) is compared with the backpropagated gradient for every hidden
activation x every valid (output activation, loss) pair, on random
architectures drawn by ``hypothesis``; then for saturated sigmoids, for the
chain and 2-2-2 networks, and for functions of :class:`Value`.
"""
import math
import warnings

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from backprop_core import MLP, ChainNetwork, MazurNetwork, Value, activations, gradient_check, losses
from backprop_core import numerical_gradient, sigmoid
from backprop_core.gradcheck import GradientCheck, relative_error

HIDDEN = ("sigmoid", "tanh", "relu", "linear")
PAIRS = (
    ("sigmoid", "half_sse"),
    ("linear", "half_sse"),
    ("tanh", "mse"),
    ("sigmoid", "mse"),
    ("sigmoid", "bce"),
    ("softmax", "cross_entropy"),
    ("softmax", "half_sse"),
)
TOL = 1e-5
# Step of the central differences in the random-architecture test.  With the
# default eps = 1e-6 the rounding error of J (about 1e-16 |J| per evaluation,
# divided by 2 eps) is ~1e-10 absolute, i.e. a relative error above 1e-5 for
# gradient entries near 1e-5; eps = 1e-5 balances truncation (eps^2) and
# rounding (1/eps) better.
EPS = 1e-5
# Entries smaller than this are below what central differences resolve to a
# relative 1e-5; they are compared absolutely instead, to ATOL: the central
# difference's own error at EPS = 1e-5 is truncation (EPS^2 |J'''| / 6, up to
# ~1e-10 for these nets) plus rounding (~1e-16 |J| / EPS); hypothesis found a
# 1-1-3-3 net (he, l2 = 1.7) off by 1.4e-10 on a bias gradient of 4e-7.
TINY = 1e-5
ATOL = 1e-9


def assert_gradients_agree(check):
    """Relative error < TOL on every resolvable entry, absolute < ATOL on the rest."""
    tiny_entries = False
    for key in check.analytic:
        a, n = np.asarray(check.analytic[key]), np.asarray(check.numeric[key])
        assert a.shape == n.shape, key
        big = np.maximum(np.abs(a), np.abs(n)) >= TINY
        tiny_entries |= bool(np.any(~big & (a != 0)))
        assert np.all(relative_error(a[big], n[big]) < TOL), (key, a, n)
        assert np.all(np.abs(a[~big] - n[~big]) < ATOL), (key, a, n)
    if not tiny_entries:
        assert check.max_rel_error < TOL, check.errors


def _targets(rng, loss, n, k):
    if loss == "cross_entropy":
        return np.eye(k)[rng.integers(0, k, size=n)]  # one-hot rows
    if loss == "bce":
        return rng.uniform(0, 1, size=(n, k))
    return rng.uniform(-1, 1, size=(n, k))


@st.composite
def problems(draw):
    """A random architecture, data set and L2 strength."""
    sizes = draw(st.lists(st.integers(1, 5), min_size=2, max_size=4))
    n = draw(st.integers(1, 6))
    seed = draw(st.integers(0, 2**32 - 1))
    init = draw(st.sampled_from(("lecture", "xavier", "he")))
    l2 = draw(st.sampled_from((0.0, 0.25, 1.7)))
    return sizes, n, seed, init, l2


@pytest.mark.parametrize("out_act, loss", PAIRS)
@pytest.mark.parametrize("hidden", HIDDEN)
@settings(max_examples=25, deadline=None)
@given(problem=problems())
def test_mlp_backprop_equals_central_differences(hidden, out_act, loss, problem):
    sizes, n, seed, init, l2 = problem
    if out_act == "softmax":
        sizes = sizes[:-1] + [max(sizes[-1], 2)]  # a softmax needs at least 2 outputs
    rng = np.random.default_rng(seed)
    mlp = MLP(sizes, activation=hidden, output_activation=out_act, loss=loss, seed=seed % 1000, init=init)
    # non-zero biases so they matter
    for b in mlp.biases:
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    X = rng.uniform(-1.5, 1.5, size=(n, sizes[0]))
    Y = _targets(rng, loss, n, sizes[-1])
    zs, _ = mlp.forward_pass(X)
    # keep away from relu's kink, where the derivative does not exist
    assume(all(np.min(np.abs(z)) > 1e-4 for z in zs))
    check = gradient_check(mlp, X, Y, l2=l2, eps=EPS)
    assert set(check.analytic) == {f"{p}{l}" for l in range(len(sizes) - 1) for p in "Wb"}
    assert_gradients_agree(check)


@pytest.mark.parametrize("hidden", HIDDEN)
@pytest.mark.parametrize("out_act, loss", PAIRS)
def test_mlp_gradient_check_with_l2_on_a_fixed_net(hidden, out_act, loss):
    # a fixed 3-4-3 net with l2 > 0 for every combination (not left to chance)
    rng = np.random.default_rng(7)
    mlp = MLP([3, 4, 3], activation=hidden, output_activation=out_act, loss=loss, seed=11, init="xavier")
    for b in mlp.biases:
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    X = rng.uniform(-1, 1, size=(5, 3))
    Y = _targets(rng, loss, 5, 3)
    assert all(np.min(np.abs(z)) > 1e-4 for z in mlp.forward_pass(X)[0])
    with_l2 = gradient_check(mlp, X, Y, l2=0.8)
    assert with_l2.max_rel_error < TOL
    # the penalty really is in there: the W-gradients differ by l2/m W
    plain = gradient_check(mlp, X, Y)
    assert np.allclose(with_l2.analytic["W0"] - plain.analytic["W0"], 0.8 / 5 * mlp.weights[0], atol=1e-12)
    assert np.array_equal(with_l2.analytic["b0"], plain.analytic["b0"])


def test_a_wrong_gradient_is_caught():
    # the check must be able to fail: break the analytic gradient on purpose
    mlp = MLP([2, 3, 1], seed=1)
    X, Y = np.array([[0.3, -0.7], [1.0, 0.2]]), np.array([[0.1], [0.9]])
    good = gradient_check(mlp, X, Y)
    assert good.passed(1e-6)
    bad = GradientCheck({k: v * 1.01 for k, v in good.analytic.items()}, good.numeric, good.eps)
    assert bad.max_rel_error == pytest.approx(0.01 / 1.01, rel=1e-3)
    assert not bad.passed(1e-6)


# -- element-wise pieces ----------------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_activation_derivatives_equal_central_differences(name):
    z = np.array([-3.0, -1.2, -0.4, 0.3, 0.9, 2.5])  # no zero: relu has a kink there
    a = activations.activate(name, z)
    upstream = np.array([0.5, -1.0, 2.0, 1.5, -0.3, 1.0])
    h = 1e-6
    numeric = (activations.activate(name, z + h) - activations.activate(name, z - h)) / (2 * h)
    assert np.allclose(activations.backward(name, z, a, upstream), upstream * numeric, rtol=1e-8, atol=1e-10)


def test_softmax_backward_is_the_jacobian_vector_product():
    rng = np.random.default_rng(0)
    z = rng.normal(size=(3, 4))
    g = rng.normal(size=(3, 4))
    a = activations.activate("softmax", z)
    assert np.allclose(a.sum(axis=1), 1.0)
    got = activations.backward("softmax", z, a, g)
    for i in range(3):
        # J_jk = a_j (delta_jk - a_k); dC/dz_k = sum_j g_j J_jk
        J = np.diag(a[i]) - np.outer(a[i], a[i])
        assert np.allclose(got[i], g[i] @ J, atol=1e-14)


@pytest.mark.parametrize("out_act, loss", PAIRS)
def test_output_delta_is_dloss_dz(out_act, loss):
    rng = np.random.default_rng(3)
    Z = rng.normal(size=(4, 3))
    Y = _targets(rng, loss, 4, 3)

    def L(Zv):
        return losses.loss_value(loss, activations.activate(out_act, Zv), Zv, Y)

    delta = losses.output_delta(loss, out_act, activations.activate(out_act, Z), Z, Y)
    assert np.allclose(delta, numerical_gradient(L, Z.copy()), rtol=1e-6, atol=1e-10)


# -- saturation ----------------------------------------------------------------------
def test_sigmoid_of_plus_minus_1000_is_0_and_1_without_warnings():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert sigmoid(np.array([-1000.0, 1000.0])).tolist() == [0.0, 1.0]
        assert float(sigmoid(-1000.0)) == 0.0
        assert float(sigmoid(1000.0)) == 1.0
        assert Value(-1000.0).sigmoid().data == 0.0
        assert Value(1000.0).sigmoid().data == 1.0
        # a 2-2-2 network driven far into saturation stays finite
        f = MazurNetwork(w1=1e4, w2=1e4, w3=-1e4, w4=-1e4).forward((1.0, 1.0))
        assert (f.out_h1, f.out_h2) == (1.0, 0.0)


@pytest.mark.parametrize("z", [50.0, -50.0, 1000.0, -1000.0])
@pytest.mark.parametrize("y", [0.0, 1.0, 0.3])
def test_bce_is_finite_and_correct_when_the_sigmoid_saturates(z, y):
    mlp = MLP([1, 1], activation="sigmoid", loss="bce")
    mlp.weights[0][0, 0] = z  # x = 1, bias 0: the output neuron's z is exactly z
    X, Y = np.array([[1.0]]), np.array([[y]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        loss = mlp.loss(X, Y)
        gW, gb = mlp.gradients(X, Y)
        check = gradient_check(mlp, X, Y)
    # -[y log s + (1 - y) log(1 - s)] written by hand for large |z|:
    # log s(z) = -log(1 + e^-z), log(1 - s(z)) = -z - log(1 + e^-z)
    log_s = -math.log1p(math.exp(-z)) if z > 0 else z - math.log1p(math.exp(z))
    log_1ms = -z - math.log1p(math.exp(-z)) if z > 0 else -math.log1p(math.exp(z))
    expected = -(y * log_s + (1 - y) * log_1ms)
    assert math.isfinite(loss)
    assert loss == pytest.approx(expected, rel=1e-12, abs=1e-300)
    # dC/dz = s(z) - y, and s(z) is 0 or 1 to double precision here
    s = 1.0 if z > 0 else 0.0
    assert gb[0][0] == pytest.approx(s - y, abs=1e-15)
    assert gW[0][0, 0] == pytest.approx(s - y, abs=1e-15)
    assert check.max_rel_error < TOL


# -- the other networks -----------------------------------------------------------------
@pytest.mark.parametrize("w", [(2.0, 1.0, 0.5), (-1.0, 3.0, -2.0), (0.3, -0.6, 4.0)])
@pytest.mark.parametrize("s0, target", [(2.0, 0.7), (-1.5, -0.2)])
def test_gradient_check_chain_network(w, s0, target):
    check = gradient_check(ChainNetwork(*w), s0, target)
    assert set(check.analytic) == {"w0", "w1", "w2"}
    assert check.max_rel_error < 1e-7


@pytest.mark.parametrize("params", [{}, {"w1": -0.8, "w6": 1.7, "b1": -0.4, "b2": 0.1}])
@pytest.mark.parametrize("inputs, targets", [((0.05, 0.10), (0.01, 0.99)), ((1.0, -2.0), (0.6, 0.2))])
def test_gradient_check_mazur_network(params, inputs, targets):
    check = gradient_check(MazurNetwork(**params), inputs, targets)
    assert set(check.analytic) == set(MazurNetwork.PARAMS)
    assert check.max_rel_error < TOL


def test_gradient_check_value_function_the_sigmoid_neuron_of_lecture_003():
    # f(w, x) = 1 / (1 + exp(-(w0 x0 + w1 x1 + w2))) at w0=2, x0=-1, w1=-3, x1=-2, w2=-3
    def f(w0, x0, w1, x1, w2):
        return 1 / (1 + (-(w0 * x0 + w1 * x1 + w2)).exp())

    check = gradient_check(f, [2.0, -1.0, -3.0, -2.0, -3.0])
    assert check.max_rel_error < TOL
    g = check.analytic
    # the lecture: [upstream 0.2] x [local]: x0: 0.2 * 2 = 0.4, w0: 0.2 * -1 = -0.2
    # (the Values are named by argument position: x0=w0, x1=x0, x2=w1, x3=x1, x4=w2)
    assert round(g["x1"], 1) == 0.4     # the lecture's x0
    assert round(g["x0"], 1) == -0.2    # the lecture's w0
    # w2 is added right before the sigmoid: its gradient is the sigmoid gate's
    # [1.00] x [(1 - 0.73) (0.73)] = 0.2
    assert round(g["x4"], 1) == 0.2
    assert round(1 / (1 + math.exp(-(2.0 * -1.0 + -3.0 * -2.0 - 3.0))), 2) == 0.73


def test_gradient_check_value_function_lecture_002():
    # f(x) = 1 / (1 + e^-x) at x = 1: df/dx = 0.20
    check = gradient_check(lambda x: 1 / (1 + (-x).exp()), [1.0])
    assert round(check.analytic["x0"], 2) == 0.20
    assert check.max_rel_error < TOL


def test_gradient_check_value_function_with_every_operation():
    def f(a, b, c):
        q = (a * b - c / a) ** 2 + a.tanh() * b.relu() + (c * c).log() - b.sigmoid()
        return q.max(a * 0.5) + (-c).exp()

    check = gradient_check(f, [0.7, 1.3, -0.4])
    assert check.max_rel_error < TOL


def test_numerical_gradient_of_a_known_function_restores_x():
    x = np.array([[1.0, -2.0], [0.5, 3.0]])
    before = x.copy()
    g = numerical_gradient(lambda v: float((v ** 3).sum()), x, eps=1e-5)
    assert np.allclose(g, 3 * before ** 2, rtol=1e-8)
    assert np.array_equal(x, before)


def test_relative_error_uses_a_floor_for_tiny_gradients():
    assert relative_error(1e-12, 2e-12) == pytest.approx(1e-12 / 1e-8)
    assert relative_error(1.0, 1.1) == pytest.approx(0.1 / 1.1)
    assert relative_error(0.0, 0.0) == 0.0
