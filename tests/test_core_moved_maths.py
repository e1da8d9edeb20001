"""The maths that moved out of the dashboards into the core (issue 18), tested where it now lives.

Each function against an independent computation: central differences of the cost, the MLP's own
vectorised gradients, a hand-written loop, or the lecture's printed number. Lesson-level tests of the
same functions (with the lectures' worked numbers) stay in tests/test_matrix_lesson.py,
tests/test_neurons_lesson.py and tests/test_graphs_lesson.py, which import them from the core too.
"""
import math

import numpy as np
import pytest

import backprop_core as bp
from backprop_core import basins, descent
from backprop_core import finite_differences as FD
from backprop_core import gate_gradients as GG
from backprop_core import logic_networks as L
from backprop_core import matrix_form as MF
from backprop_core import playground_training as T
from backprop_core import training_experiments as TE

XOR_X, XOR_Y = bp.datasets.truth_table("XOR")


# -- finite differences ----------------------------------------------------------------------------
def test_central_and_one_sided_approach_backprop_at_their_orders():
    mlp = bp.MLP([2, 3, 1], seed=4)
    exact = mlp.gradients(XOR_X, XOR_Y)[0][0][1, 0]
    c = [abs(FD.central(mlp, XOR_X, XOR_Y, 0, 1, 0, e) - exact) for e in (1e-2, 1e-3)]
    o = [abs(FD.one_sided(mlp, XOR_X, XOR_Y, 0, 1, 0, e) - exact) for e in (1e-2, 1e-3)]
    assert 70 < c[0] / c[1] < 130 and 7 < o[0] / o[1] < 13
    before = [W.copy() for W in mlp.weights]
    FD.one_sided_all(mlp, XOR_X, XOR_Y)
    assert all(np.array_equal(a, b) for a, b in zip(before, mlp.weights))     # the MLP is not changed


def test_one_sided_all_matches_backprop_weights_then_biases():
    mlp = bp.MLP([2, 2, 1], seed=2)
    gW, gb = mlp.gradients(XOR_X, XOR_Y)
    flat = np.concatenate([g.ravel() for g in gW] + [g.ravel() for g in gb])
    np.testing.assert_allclose(FD.one_sided_all(mlp, XOR_X, XOR_Y, eps=1e-7), flat, atol=1e-6)


def test_difference_rows_and_summary():
    mlp = bp.MLP([2, 3, 1], seed=0)
    rows = FD.difference_rows(mlp, XOR_X, XOR_Y, eps=1e-4)
    assert [r[0] for r in rows[:2]] == ["W0[0,0]", "W0[0,1]"] and len(rows) == 9
    gW, _ = mlp.gradients(XOR_X, XOR_Y)
    assert rows[0][1] == gW[0][0, 0]
    s = FD.difference_summary(rows)
    assert s["central"][2] < 1e-6 < s["one-sided"][0]             # central beats one-sided on every weight


@pytest.mark.parametrize("eps", [0, -1e-4, float("nan")])
def test_difference_quotients_refuse_a_bad_eps(eps):
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        FD.one_sided(bp.MLP([2, 1], seed=0), XOR_X, XOR_Y, 0, 0, 0, eps)
    with pytest.raises(ValueError, match="eps must be a finite number > 0"):
        FD.central(bp.MLP([2, 1], seed=0), XOR_X, XOR_Y, 0, 0, 0, eps)


def test_first_converged_reads_the_first_row_below_tau():
    rows = [(0, 0.2, 1e-2, 0.5), (500, 0.125, 1e-6, 0.5), (1000, 0.01, 1e-3, 1.0)]
    assert FD.first_converged(rows, 1e-4) == (500, 0.125) and FD.first_converged(rows, 1e-7) is None


# -- matrix form ---------------------------------------------------------------------------------------
def test_column_backprop_agrees_with_the_mlp_and_says_when_not():
    mlp, x, y = MF.stepper_network((3, 4, 2), "tanh", 5)
    r = MF.column_backprop(mlp, x, y)
    assert MF.agrees_with_mlp(mlp, x, y, r)
    r["gW"][0] = r["gW"][0] + 1e-6
    assert not MF.agrees_with_mlp(mlp, x, y, r)


def test_mazur_matrix_gives_lecture_001s_updated_w5():
    r = MF.mazur_matrix()
    assert round(float(r["W_new"][1][0, 0]), 8) == 0.35891648
    assert round(float(r["cost"]), 9) == 0.298371109


def test_xnor_example_one_and_its_table_network():
    e = MF.xnor_example()
    assert round(float(e["a3"][0, 0]), 4) == 0.5237
    assert np.array_equal(L.XNOR_W1, MF.XNOR_W1)
    with pytest.raises(ValueError, match="activation must be one of 'sigmoid', 'linear'"):
        MF.xnor_example(activation="relu")


def test_layer_gradient_sizes_shrink_with_sigmoid_units():
    means, factor = MF.layer_gradient_sizes((6, 6, 6, 6), "sigmoid", 0)
    assert means.shape == (3,) and factor == pytest.approx((means[-1] / means[0]) ** 0.5) and factor > 1


# -- training experiments --------------------------------------------------------------------------------
def test_per_example_gradients_average_to_the_full_batch():
    mlp = bp.MLP([2, 3, 1], seed=0)
    costs, per, full_cost, full = TE.per_example_gradients(mlp, XOR_X, XOR_Y)
    np.testing.assert_allclose(np.mean(per, axis=0), full, rtol=1e-12, atol=1e-18)
    assert np.mean(costs) == pytest.approx(full_cost, rel=1e-12)


def test_symmetry_run_keeps_equal_hidden_units_equal():
    mlp, hist, X, Y = TE.symmetry_run("equal", epochs=300)
    W = mlp.weights[0]
    assert np.ptp(W, axis=0).max() < 1e-12 and hist.final_loss > 0.12
    with pytest.raises(ValueError, match="init must be one of 'equal', 'random'"):
        TE.symmetry_run("zeros")


def test_softmax_delta_is_a_minus_y_and_central_differences_agree():
    e = TE.softmax_example()
    np.testing.assert_allclose(e["delta"], e["a_minus_y"], atol=1e-15)
    np.testing.assert_allclose(e["numeric"], e["delta"], atol=1e-8)


# -- lesson 01's units and gates ------------------------------------------------------------------------
@pytest.mark.parametrize("name", ["sigmoid", "tanh", "relu", "linear"])
def test_derivative_is_the_slope_of_the_activation(name):
    z = np.array([-1.3, -0.2, 0.4, 2.1])
    f = bp.activations.ACTIVATIONS[name][0]
    np.testing.assert_allclose(L.derivative(name, z), (f(z + 1e-6) - f(z - 1e-6)) / 2e-6, atol=1e-8)


def test_separating_sweep_counts_exactly_and_refuses_bad_grids():
    assert L.separating_sweep("XOR", steps=21)["perfect"] == 0
    assert L.separating_sweep("AND")["perfect"] == 1540
    with pytest.raises(ValueError, match="steps must be an integer <= 401"):
        L.separating_sweep("AND", steps=1000)
    with pytest.raises(ValueError, match="two-input gate"):
        L.separating_sweep("majority")


def test_xnor_weights_rebuilt_from_the_lectures_table():
    rebuilt = L.reconstruct_xnor_weights()
    np.testing.assert_allclose(np.vstack([rebuilt["hidden 1"][0], rebuilt["hidden 2"][0]]), L.XNOR_W1, atol=1e-12)
    np.testing.assert_allclose(rebuilt["output"][0], L.XNOR_W2[0], atol=1e-12)


def test_train_subproblems_hidden_layer_beats_one_unit():
    one, net, X, y, acc = L.train_subproblems(epochs=600)
    assert acc["hidden layer"] > acc["one unit"] and acc["one unit"] < 0.8


# -- gate gradients ------------------------------------------------------------------------------------------
def test_staged_code_and_value_agree_with_the_lecture():
    staged = GG.staged_sigmoid_neuron(2.0, -1.0, -3.0, -2.0, -3.0)
    assert staged == pytest.approx(GG.value_sigmoid_neuron(2.0, -1.0, -3.0, -2.0, -3.0), rel=1e-15)
    assert round(staged["L"], 2) == 0.73 and round(staged["w0"], 1) == -0.2 and round(staged["x0"], 1) == 0.4


def test_linear_regression_gradients_against_central_differences():
    g = GG.linear_regression_gradients()
    for k in ("w1", "w2", "b"):
        up = GG.linear_regression_gradients(**{k: {"w1": 0.5, "w2": -0.3, "b": 0.1}[k] + 1e-6})["C"]
        down = GG.linear_regression_gradients(**{k: {"w1": 0.5, "w2": -0.3, "b": 0.1}[k] - 1e-6})["C"]
        assert g[k] == pytest.approx((up - down) / 2e-6, abs=1e-8)


# -- basins ----------------------------------------------------------------------------------------------------
def test_hump_is_the_maximum_between_the_double_wells_minima():
    obj = descent.OBJECTIVES["double_well"]
    h = basins.hump(obj)
    assert abs(float(obj.grad(np.array([h]))[0])) < 1e-9
    lo, hi = sorted(float(m[0]) for m in obj.minima[:2])
    assert lo < h < hi and basins.basin(obj, h - 0.01)[1] == lo and basins.basin(obj, h + 0.01)[1] == hi
    with pytest.raises(ValueError, match="two minima"):
        basins.hump(descent.OBJECTIVES["parabola"])


# -- the playground ---------------------------------------------------------------------------------------------
def test_playground_data_lie_in_the_square_and_split_by_ratio():
    X, y = T.make_dataset("spiral", 200, 0.1, 3)
    assert X.shape == (200, 2) and np.abs(X).max() <= T.DOMAIN and set(np.unique(y)) == {0.0, 1.0}
    Xtr, ytr, Xte, yte = T.split_train_test(X, y, 70)
    assert len(Xtr) == 140 and len(Xte) == 60 and np.array_equal(np.vstack([Xtr, Xte]), X)
    assert len(T.split_train_test(X[:3], y[:3], 99)[2]) == 1                 # always one test point
    with pytest.raises(ValueError, match="dataset must be one of"):
        T.make_dataset("moons", 10, 0.1, 0)


def test_playground_features_and_regularisation():
    F = T.feature_matrix([[1.0, 2.0], [-3.0, 0.5]], ("x1", "x1*x2", "sin(x2)"))
    np.testing.assert_allclose(F, [[1.0, 2.0, math.sin(2.0)], [-3.0, -1.5, math.sin(0.5)]])
    assert T.regularisation("L2", 0.3) == {"l1": 0.0, "l2": 0.3}
    with pytest.raises(ValueError, match="regularisation must be one of"):
        T.regularisation("L3", 0.1)


def test_train_epoch_is_mlp_fit_and_batch_rows_are_its_first_batch():
    X, y = T.make_dataset("circle", 60, 0.1, 0)
    Xf, Y = T.feature_matrix(X, ("x1", "x2")), y.reshape(-1, 1)
    a = T.playground_network([2, 4, 1], "tanh", "classification", 0)
    b = a.copy()
    before = a.copy()
    T.train_epoch(a, Xf, Y, 0.1, 60, 3, T.regularisation("none", 0.0))            # one full batch: one step
    gW, gb = T.batch_gradients(before, Xf[T.batch_rows(60, 60, 3)], Y[T.batch_rows(60, 60, 3)],
                               T.regularisation("none", 0.0))
    np.testing.assert_allclose(a.weights[0], before.weights[0] - 0.1 * gW[0], atol=1e-15)
    b.fit(Xf, Y, lr=0.1, epochs=1, batch_size=60, seed=3)
    assert all(np.array_equal(p, q) for p, q in zip(a.weights, b.weights))


def test_gradient_sizes_are_mean_absolute_central_differences():
    X, y = T.make_dataset("xor", 40, 0.1, 1)
    Xf, Y = T.feature_matrix(X, ("x1", "x2")), y.reshape(-1, 1)
    net = T.playground_network([2, 3, 1], "tanh", "classification", 2)
    numeric = bp.numerical_gradient(lambda W: _loss_with(net, W, Xf, Y), net.weights[0].copy())
    assert T.gradient_sizes(net, Xf, Y)[0] == pytest.approx(float(np.abs(numeric).mean()), rel=1e-6)


def _loss_with(net, W0, Xf, Y):
    m = net.copy()
    m.weights[0] = W0
    return m.loss(Xf, Y)
