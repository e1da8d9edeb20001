"""Lecture 000, "A simple neural network": the chain network worked by hand.

    s0 -w0-> x1 -> s1 = S(x1) -w1-> x2 -> s2 = S(x2) -w2-> out = w2 s2
    C = 1/2 (target - out)^2

The lecture's numbers (s0=2, w0=2, w1=1, w2=0.5, target 0.7) are checked to
the digits it prints; every derivative is checked against the closed forms the
lecture derives, written out here by hand rather than taken from the code.
"""
import math

import numpy as np
import pytest

from backprop_core import ChainNetwork, sigmoid
from backprop_core.chain import DIVERGENCE_LIMIT

S0, TARGET = 2.0, 0.7


def S(x):
    """The lecture's sigmoid, written the textbook way (independent of the package)."""
    return 1.0 / (1.0 + math.exp(-x))


@pytest.fixture
def net():
    return ChainNetwork()  # the lecture's first guess w0=2, w1=1, w2=0.5


# -- forward propagation (slide "Forward propagation") ---------------------
def test_default_weights_are_the_lectures_guess(net):
    assert (net.w0, net.w1, net.w2) == (2.0, 1.0, 0.5)
    assert net.weights == {"w0": 2.0, "w1": 1.0, "w2": 0.5}


def test_forward_pass_matches_the_printed_numbers(net):
    f = net.forward(s0=S0)
    # x1 = w0 s0 = 2 * 2 = 4
    assert f.x1 == 4.0
    # s1 = S(4) = 0.982
    assert round(f.s1, 3) == 0.982
    # x2 = w1 s1 = 1 * 0.982 = 0.982
    assert round(f.x2, 3) == 0.982
    # s2 = S(0.982) = 0.7275
    assert round(f.s2, 4) == 0.7275
    # out = w2 s2 = 0.5 * 0.7275 = 0.3638
    assert round(f.out, 4) == 0.3638
    assert f.s0 == S0


def test_forward_pass_equals_the_formulas_written_by_hand(net):
    f = net.forward(S0)
    x1 = 2.0 * 2.0
    s1 = S(x1)
    x2 = 1.0 * s1
    s2 = S(x2)
    out = 0.5 * s2
    assert f.x1 == x1
    assert f.s1 == pytest.approx(s1, abs=1e-15)
    assert f.x2 == pytest.approx(x2, abs=1e-15)
    assert f.s2 == pytest.approx(s2, abs=1e-15)
    assert f.out == pytest.approx(out, abs=1e-15)
    # "Match?" -- no: the output is far from the target 0.7
    assert abs(f.out - TARGET) > 0.3


def test_cost_with_target_0_7(net):
    out = 0.5 * S(1.0 * S(2.0 * 2.0))
    expected = 0.5 * (TARGET - out) ** 2
    assert net.cost(S0, TARGET) == pytest.approx(expected, abs=1e-15)
    # with the printed (rounded) out = 0.3638 the cost is 1/2 * 0.3362^2 = 0.0565...
    assert round(net.cost(S0, TARGET), 4) == round(0.5 * (0.7 - 0.3638) ** 2, 4) == 0.0565
    # the cost is zero where out = target
    f = net.forward(S0)
    assert net.cost(S0, f.out) == 0.0


# -- d out / d w_i (slides 16-28) ---------------------------------------------
def test_output_gradients_equal_the_lectures_closed_forms(net):
    s0, w0, w1, w2 = 2.0, 2.0, 1.0, 0.5
    s1 = S(w0 * s0)
    s2 = S(w1 * s1)
    expected = {
        "w2": s2,                                                   # d out/dw2 = s2
        "w1": w2 * s2 * (1 - s2) * s1,                              # = w2 s2(1-s2) s1
        "w0": w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0,         # = w2 s2(1-s2) w1 s1(1-s1) s0
    }
    got = net.output_gradients(S0)
    assert set(got) == {"w0", "w1", "w2"}
    for k in expected:
        assert got[k] == pytest.approx(expected[k], rel=1e-13), k


def test_dC_dout_is_out_minus_target(net):
    # dC/dout = -(target - out) = out - target; it is the first factor of every chain
    f = net.forward(S0)
    rows = [r for r in net.factors(S0, TARGET) if r.symbol == "dC/dout"]
    assert len(rows) == 3  # one per weight
    for r in rows:
        assert r.value == pytest.approx(f.out - TARGET, abs=1e-15)
        assert r.formula == "out - target"
    # out < target, so dC/dout < 0 (slide "Does this derivative make sense?")
    assert rows[0].value < 0


def test_cost_gradients_are_err_times_output_gradients(net):
    s0, w0, w1, w2 = 2.0, 2.0, 1.0, 0.5
    s1 = S(w0 * s0)
    s2 = S(w1 * s1)
    out = w2 * s2
    err = out - TARGET
    expected = {
        "w2": err * s2,
        "w1": err * w2 * s2 * (1 - s2) * s1,
        "w0": err * w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0,
    }
    got = net.gradients(S0, TARGET)
    for k in expected:
        assert got[k] == pytest.approx(expected[k], rel=1e-13), k
    # all three are negative: every weight should grow to push out up to 0.7
    assert all(v < 0 for v in got.values())


def test_gradients_vanish_when_out_equals_target(net):
    out = net.forward(S0).out
    assert all(v == 0.0 for v in net.gradients(S0, out).values())


# -- gradient-descent update ------------------------------------------------
def test_step_returns_a_new_network_and_leaves_the_old_one_unchanged(net):
    before = dict(net.weights)
    new = net.step(S0, TARGET, lr=0.5)
    assert new is not net
    assert isinstance(new, ChainNetwork)
    assert net.weights == before


def test_step_is_w_minus_lr_times_grad(net):
    lr = 0.5
    g = net.gradients(S0, TARGET)
    new = net.step(S0, TARGET, lr=lr)
    for k in ("w0", "w1", "w2"):
        assert new.weights[k] == pytest.approx(net.weights[k] - lr * g[k], abs=1e-15), k
    # written out for w2: w2 <- w2 - alpha (out - target) s2
    f = net.forward(S0)
    assert new.w2 == pytest.approx(0.5 - lr * (f.out - TARGET) * f.s2, abs=1e-15)
    # and the cost went down
    assert new.cost(S0, TARGET) < net.cost(S0, TARGET)


# -- broadcasting -----------------------------------------------------------
def test_cost_surface_over_a_meshgrid_equals_scalar_calls():
    w0s = np.linspace(-4, 4, 7)
    w1s = np.linspace(-3, 5, 5)
    W0, W1 = np.meshgrid(w0s, w1s)
    surface = ChainNetwork(w0=W0, w1=W1, w2=0.5).cost(s0=S0, target=TARGET)
    assert surface.shape == W0.shape == (5, 7)
    for i in range(W0.shape[0]):
        for j in range(W0.shape[1]):
            scalar = ChainNetwork(w0=float(W0[i, j]), w1=float(W1[i, j]), w2=0.5).cost(S0, TARGET)
            assert surface[i, j] == pytest.approx(scalar, abs=1e-15)


def test_gradients_broadcast_over_a_meshgrid():
    W0, W2 = np.meshgrid(np.linspace(-2, 2, 4), np.linspace(-1, 1, 3))
    grads = ChainNetwork(w0=W0, w1=1.0, w2=W2).gradients(S0, TARGET)
    for k in ("w0", "w1", "w2"):
        assert np.shape(grads[k]) == W0.shape
    for i in range(W0.shape[0]):
        for j in range(W0.shape[1]):
            g = ChainNetwork(w0=float(W0[i, j]), w1=1.0, w2=float(W2[i, j])).gradients(S0, TARGET)
            for k in g:
                assert grads[k][i, j] == pytest.approx(g[k], abs=1e-15)


# -- the step-by-step table ------------------------------------------------
def test_factor_rows_multiply_to_the_gradients(net):
    rows = net.factors(S0, TARGET)
    grads = net.gradients(S0, TARGET)
    # grouped w2, w1, w0 (backprop order), each group ending with dC/dw_i
    assert [r.weight for r in rows if r.symbol.startswith("dC/dw")] == ["w2", "w1", "w0"]
    for w in ("w0", "w1", "w2"):
        group = [r for r in rows if r.weight == w]
        factors, total = group[:-1], group[-1]
        assert total.symbol == f"dC/d{w}"
        assert math.prod(r.value for r in factors) == pytest.approx(grads[w], rel=1e-13)
        assert total.value == pytest.approx(grads[w], rel=1e-13)
    # w0's chain has the lecture's five output factors plus dC/dout
    w0_syms = [r.symbol for r in rows if r.weight == "w0"][:-1]
    assert w0_syms == ["dC/dout", "dout/ds2", "ds2/dx2", "dx2/ds1", "ds1/dx1", "dx1/dw0"]


def test_factor_values_are_the_forward_quantities(net):
    f = net.forward(S0)
    by_symbol = {(r.weight, r.symbol): r.value for r in net.factors(S0, TARGET)}
    assert by_symbol[("w0", "dout/ds2")] == 0.5                      # w2
    assert by_symbol[("w0", "ds2/dx2")] == pytest.approx(f.s2 * (1 - f.s2))
    assert by_symbol[("w0", "dx2/ds1")] == 1.0                       # w1
    assert by_symbol[("w0", "ds1/dx1")] == pytest.approx(f.s1 * (1 - f.s1))
    assert by_symbol[("w0", "dx1/dw0")] == 2.0                       # s0
    assert by_symbol[("w1", "dx2/dw1")] == pytest.approx(f.s1)
    assert by_symbol[("w2", "dout/dw2")] == pytest.approx(f.s2)


# -- training ---------------------------------------------------------------
def test_train_decreases_the_cost_at_a_sensible_lr(net):
    run = net.train(S0, TARGET, lr=0.5, steps=200)
    assert not run.diverged
    assert run.diverged_at is None
    assert run.steps == 200
    assert run.weights.shape == (201, 3)
    assert run.costs.shape == (201,)
    assert run.weights[0].tolist() == [2.0, 1.0, 0.5]
    assert run.costs[0] == pytest.approx(net.cost(S0, TARGET), abs=1e-15)
    assert run.costs[-1] < 1e-6 * run.costs[0]
    # the first rows of the path are exactly what step() gives
    one = net.step(S0, TARGET, 0.5)
    assert run.weights[1] == pytest.approx([one.w0, one.w1, one.w2], abs=1e-14)
    # the trained network hits the target
    final = ChainNetwork(*run.weights[-1])
    assert final.forward(S0).out == pytest.approx(TARGET, abs=1e-3)


def test_train_at_a_small_lr_is_monotone(net):
    run = net.train(S0, TARGET, lr=0.1, steps=50)
    assert np.all(np.diff(run.costs) < 0)


def test_train_reports_divergence_at_a_huge_lr(net):
    run = net.train(S0, TARGET, lr=1e3, steps=200)
    assert run.diverged
    assert isinstance(run.diverged_at, int)
    assert 1 <= run.diverged_at <= 200
    assert f"diverged at step {run.diverged_at}" in run.message
    # the path stops before the step that blew up: every stored number is finite
    assert run.steps == run.diverged_at - 1
    assert np.all(np.isfinite(run.weights))
    assert np.all(np.isfinite(run.costs))
    assert np.all(np.abs(run.weights) < DIVERGENCE_LIMIT)
    assert np.all(run.costs < DIVERGENCE_LIMIT)


def test_train_with_zero_steps_is_just_the_start(net):
    run = net.train(S0, TARGET, lr=0.5, steps=0)
    assert run.steps == 0 and not run.diverged
    assert run.costs.tolist() == [net.cost(S0, TARGET)]


# -- the sigmoid and its derivative (slides 17-21) ---------------------------
@pytest.mark.parametrize("x", [-6.0, -2.5, -0.3, 0.0, 0.982, 4.0, 7.5])
def test_sigmoid_derivative_is_S_times_one_minus_S(x):
    h = 1e-5
    numeric = (float(sigmoid(x + h)) - float(sigmoid(x - h))) / (2 * h)
    s = float(sigmoid(x))
    assert numeric == pytest.approx(s * (1 - s), rel=1e-8)
    # and the quotient-rule form before simplification: e^-x / (1 + e^-x)^2
    assert s * (1 - s) == pytest.approx(math.exp(-x) / (1 + math.exp(-x)) ** 2, rel=1e-12)


def test_sigmoid_matches_the_textbook_formula():
    xs = np.linspace(-30, 30, 61)
    assert np.allclose(sigmoid(xs), [S(x) for x in xs], rtol=1e-14, atol=1e-16)
    assert float(sigmoid(0.0)) == 0.5
