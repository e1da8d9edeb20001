"""Lesson 07 (lectures 003 and 004): backpropagation in matrix form.

The column-vector formulas are checked against ``MLP.gradients`` and central
differences; lecture 001's published numbers come out of the matrix form to the
digits printed; lecture 003's Example I gives ``a2[0] = 0.5237`` and
``-delta1[0]`` (the course's notation, lecture 003's sign); the batch, gradient-check, symmetry, L2 and
numpy-loop pieces
are checked against independent computations; the matrix stepper is driven
from Python exactly as a student drives it.
"""
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_core.finite_differences import (convergence_run, eps_sweep, first_converged, one_sided,
                                              one_sided_all)
from backprop_core.matrix_form import (column_backprop, layer_gradient_sizes, mazur_matrix, stepper_network,
                                       xnor_example)
from backprop_core.training_experiments import (architecture_runs, cross_entropy_l2, l2_update_check,
                                                lecture003_deltas, lecture_loop_core, lecture_loop_raw,
                                                minibatch_spread, softmax_example, sum_vs_average, symmetry_run)
from backprop_lab.dashboards.matrix.tables import (
    architecture_table, bias_column_table, convergence_table, difference_summary, difference_table, eps_figure,
    mazur_matrix_table, per_example_table, shapes_exercise, shapes_table, softmax_table, spread_figure,
    sum_average_exercise, symmetry_table, xnor_delta_exercise, xnor_example_table)
from backprop_lab.dashboards.matrix.stepper import (LAYERS_RANGE, UNITS_RANGE, MatrixStepperDashboard, mat_text,
                                                    matrix_html)
from backprop_lab.dashboards.network.dashboard import PUBLISHED

XOR_X, XOR_Y = bp.datasets.truth_table("XOR")


def value_of(table, first):
    for r in table.rows:
        if r[0] == first:
            return r[-1]
    raise AssertionError(f"no row {first!r}")


# -- shapes and the column form ------------------------------------------------------
@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 6, 6, 1), (1, 1), (5, 1, 3)])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu", "linear"])
def test_column_backprop_equals_mlp_gradients_and_central_differences(sizes, activation):
    mlp, x, y = stepper_network(sizes, activation, seed=3)
    r = column_backprop(mlp, x, y)
    gW, gb = mlp.gradients(x, y)
    for k in range(len(sizes) - 1):
        assert r["gW"][k].shape == mlp.weights[k].shape
        np.testing.assert_allclose(r["gW"][k], gW[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(r["gb"][k][:, 0], gb[k], rtol=1e-12, atol=1e-15)
    check = bp.gradient_check(mlp, x[None, :], y[None, :])
    assert check.passed(1e-5)
    assert r["cost"] == pytest.approx(mlp.loss(x, y), rel=1e-12)


def test_shapes_table_matches_real_arrays():
    t = shapes_table((3, 5, 2))
    text = t.to_text()
    assert "(5 x 3) (3 x 1) + (5 x 1)" in text          # z1 = W0 a0 + b0
    assert "(5 x 2) (2 x 1) (.) (5 x 1)" in text        # delta1 = (W1^T delta2) (.) phi'(z1)
    assert "5 x 3 = shape of W0" in text and "2 x 5 = shape of W1" in text
    assert "delta1 = (W1^T delta2) (.) phi'(z1)" in text and "dC/dW0 = delta1 a0^T" in text
    assert [r[0].text for r in shapes_table((3, 5, 2), layer=1).rows][0] == "z2 = W1 a1 + b1"
    mlp = bp.MLP([3, 5, 2])
    assert mlp.weights[0].shape == (5, 3) and mlp.weights[1].shape == (2, 5)
    with pytest.raises(ValueError, match="sizes"):
        shapes_table((3,))
    with pytest.raises(ValueError, match="sizes\\[1\\]"):
        shapes_table((3, 0))


def test_bias_column_table_shapes():
    text = bias_column_table((2, 2, 1)).to_text()
    assert "(2 x 3) (3 x 1)" in text and "(1 x 3) (3 x 1)" in text and "(1 x 2) (2 x 1) + (1 x 1)" in text


def test_column_backprop_rejects_bad_input():
    mlp = bp.MLP([2, 2, 1])
    with pytest.raises(ValueError, match="x must have 2"):
        column_backprop(mlp, [1, 2, 3], [1])


@pytest.mark.parametrize("sizes", [(2, 3), (2, 4, 3), (2, 5, 4, 4)])
def test_column_backprop_takes_a_softmax_output(sizes):
    """Three and four classes (the playground's slow pass): delta^L = a^L - y, gradients equal MLP.gradients and
    central differences, the output column sums to 1, and the softmax layer has no element-wise phi'(z)."""
    mlp = bp.MLP(list(sizes), activation="tanh", output_activation="softmax", loss="cross_entropy", seed=5)
    x = np.array([0.3, -0.8])
    y = np.eye(sizes[-1])[1]
    step = column_backprop(mlp, x, y)
    assert step["a"][-1].sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(step["delta"][-1].ravel(), step["a"][-1].ravel() - y, rtol=1e-12, atol=1e-15)
    assert step["dphi"][-1] is None
    gW, gb = mlp.gradients(x[None], y[None])
    for k in range(len(sizes) - 1):
        np.testing.assert_allclose(step["gW"][k], gW[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(step["gb"][k].ravel(), gb[k].ravel(), rtol=1e-12, atol=1e-15)
    work, eps = mlp.copy(), 1e-6
    for k, (i, j) in [(0, (0, 1)), (len(sizes) - 2, (sizes[-1] - 1, 0))]:
        work.weights[k][i, j] += eps
        up = work.loss(x[None], y[None])
        work.weights[k][i, j] -= 2 * eps
        down = work.loss(x[None], y[None])
        work.weights[k][i, j] += eps
        assert step["gW"][k][i, j] == pytest.approx((up - down) / (2 * eps), rel=1e-6, abs=1e-9)


@pytest.mark.parametrize("loss, out", [("bce", "sigmoid"), ("mse", "linear"), ("half_sse", "tanh")])
def test_column_backprop_gives_the_core_gradients_for_every_loss(loss, out):
    """The playground's slow pass uses the stepper's maths with its own loss: it must agree with MLP.gradients."""
    mlp = bp.MLP([3, 4, 2], activation="tanh", output_activation=out, loss=loss, seed=3)
    x, y = np.array([[0.2, -0.5, 0.9]]), np.array([[1.0, 0.0]])
    gW, gb = mlp.gradients(x, y)
    step = column_backprop(mlp, x, y)
    for k in range(2):
        np.testing.assert_allclose(step["gW"][k], gW[k], rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(step["gb"][k].ravel(), gb[k].ravel(), rtol=1e-12, atol=1e-15)


# -- the 2-2-2 network -----------------------------------------------------------------
PUBLISHED_CELLS = {
    "z1 = W0 a0 + b0": ["net_h1"], "a1 = S(z1)": ["out_h1", "out_h2"], "a2 = S(z2)": ["out_o1", "out_o2"],
    "C = 1/2 |y - a2|^2": ["E_total"],
}


def test_mazur_matrix_form_gives_every_published_number():
    m = mazur_matrix()
    values = {
        "net_h1": m["z"][0][0, 0], "out_h1": m["a"][1][0, 0], "out_h2": m["a"][1][1, 0], "net_o1": m["z"][1][0, 0],
        "out_o1": m["a"][2][0, 0], "out_o2": m["a"][2][1, 0], "E_total": m["cost"],
        "dE_total/dw5": m["gW"][1][0, 0], "dE_total/dout_h1": m["back"][0][0, 0], "dE_total/dw1": m["gW"][0][0, 0],
        "dout_h1/dnet_h1": m["dphi"][0][0, 0], "dout_o1/dnet_o1": m["dphi"][1][0, 0],
        "w5+": m["W_new"][1][0, 0], "w6+": m["W_new"][1][0, 1], "w7+": m["W_new"][1][1, 0], "w8+": m["W_new"][1][1, 1],
        "w1+": m["W_new"][0][0, 0], "w2+": m["W_new"][0][0, 1], "w3+": m["W_new"][0][1, 0], "w4+": m["W_new"][0][1, 1],
    }
    for name, v in values.items():
        printed = PUBLISHED[name]
        assert round(float(v), len(printed.split(".")[1])) == float(printed), name
    # the two paths of dE/dout_h1 are the two terms of one row of W1^T delta2
    W3, d3 = m["W"][1], m["delta"][1][:, 0]
    assert round(W3[0, 0] * d3[0], 9) == float(PUBLISHED["dE_o1/dout_h1"])
    # the lecture prints -0.019049119, its last digit from rounded intermediates (as lesson 06 shows)
    assert round(W3[1, 0] * d3[1], 9) == -0.019049118
    assert abs(W3[1, 0] * d3[1] - float(PUBLISHED["dE_o2/dout_h1"])) < 1.5e-9


def test_mazur_matrix_table_shows_the_numbers():
    t = mazur_matrix_table()
    assert value_of(t, "a1 = S(z1)") == "[0.593269992; 0.596884378]"
    assert value_of(t, "C = 1/2 |y - a2|^2") == "[0.298371109]"
    assert value_of(t, "dC/dW1 = delta2 a1^T").startswith("[0.082167041 ")
    assert value_of(t, "W1 - 0.5 dC/dW1") == "[0.35891648 0.408666186; 0.51130127 0.561370121]"
    assert value_of(t, "dC/dW0 = delta1 a0^T").startswith("[0.000438568 ")
    assert value_of(t, "W0 - 0.5 dC/dW0").startswith("[0.149780716 ")


def test_mat_text():
    assert mat_text([[0.15, 0.2], [0.25, 0.3]]) == "[0.15 0.2; 0.25 0.3]"
    assert mat_text(np.array([[1.0], [-2.5]]), digits=3) == "[1; -2.5]"


# -- lecture 003's Examples I and II ------------------------------------------------------
def test_example_one_forward_and_delta():
    e = xnor_example()
    assert round(float(e["a3"][0, 0]), 4) == 0.5237
    a2 = bp.sigmoid(np.array([0.1, -0.2]))
    a3 = bp.sigmoid(-0.1 + 0.2 * a2[0] + 0.2 * a2[1])
    d3 = (1 - a3) * a3 * (1 - a3)                              # lecture 003's sign: (y - a) g'
    d21 = 0.2 * d3 * a2[0] * (1 - a2[0])                        # W1[0,0] (-delta2[0]) g'(z1[0])
    assert e["delta3"][0, 0] == pytest.approx(d3, rel=1e-12)
    assert e["delta2"][0, 0] == pytest.approx(d21, rel=1e-12)
    assert round(float(e["delta2"][0, 0]), 6) == 0.005925
    # the course's delta is dC/dz (opposite sign): dC/db0 from backprop_core
    gW, gb = e["mlp"].gradients([1, 1], [1])
    assert gb[0][0] == pytest.approx(-d21, rel=1e-12)
    # bias-column matrix products equal the separate-bias MLP
    np.testing.assert_allclose(e["z2"][:, 0], e["mlp"].forward_pass([1, 1])[0][0][0], rtol=1e-15)


def test_example_tables():
    t1 = xnor_example_table("sigmoid").to_text()
    assert "a2[0] = g(0.09503) = 0.5237" in t1 and "= 0.005925" in t1
    assert "z1[0] = 1*(-0.3) + 1*0.2 + 1*0.2 = 0.1" in t1
    assert "-delta1[0] = W1[0,0] * (-delta2[0]) * g'(z1[0])" in t1
    t2 = xnor_example_table("linear").to_text()
    e = xnor_example(activation="linear")
    assert e["a3"][0, 0] == pytest.approx(-0.12) and e["delta2"][0, 0] == pytest.approx(0.2 * 1.12)
    assert "= 0.224" in t2
    with pytest.raises(ValueError, match="activation"):
        xnor_example(activation="step")


# -- batches -----------------------------------------------------------------------------------
def test_per_example_mean_is_full_batch_gradient():
    mlp = bp.MLP([2, 3, 1], seed=0)
    t = per_example_table(mlp, XOR_X, XOR_Y)
    per = np.array([r[2:] for r in t.rows[:4]], float)
    np.testing.assert_allclose(per.mean(axis=0), np.array(t.rows[5][2:], float), rtol=1e-12, atol=1e-18)
    gW, gb = mlp.gradients(XOR_X, XOR_Y)
    assert t.rows[5][2] == gW[0][0, 0] and t.rows[5][4] == gb[0][1]


def test_minibatch_error_shrinks_and_full_batch_is_exact():
    X, Y = bp.datasets.two_gaussians(64, noise=0.5, seed=1)
    s = minibatch_spread(bp.MLP([2, 3, 1], seed=1), X, Y, sizes=(1, 4, 16, 64), draws=100, seed=2)
    means = [s[b][0] for b in (1, 4, 16)]
    assert means[0] > means[1] > means[2] > 0
    assert s[64][0] < 1e-12
    with pytest.raises(ValueError, match="batch sizes"):
        minibatch_spread(bp.MLP([2, 3, 1]), X, Y, sizes=(65,))


def test_sum_with_lr_equals_average_with_n_lr():
    mlp = bp.MLP([2, 3, 1], seed=4)
    summed, averaged, diff = sum_vs_average(mlp, XOR_X, XOR_Y, lr_sum=0.3, steps=15)
    assert diff < 1e-12
    # and the sum is not the average with the same rate (the test can fail)
    same_rate = mlp.copy()
    same_rate.fit(XOR_X, XOR_Y, lr=0.3, epochs=15)
    assert np.max(np.abs(same_rate.weights[0] - summed.weights[0])) > 1e-3


# -- gradient checking ----------------------------------------------------------------------------
def test_one_sided_error_shrinks_like_eps_and_central_like_eps_squared():
    mlp = bp.MLP([2, 3, 1], seed=0)
    exact = mlp.gradients(XOR_X, XOR_Y)[0][1][0, 0]
    e3 = abs(one_sided(mlp, XOR_X, XOR_Y, 1, 0, 0, 1e-3) - exact)
    e4 = abs(one_sided(mlp, XOR_X, XOR_Y, 1, 0, 0, 1e-4) - exact)
    assert 7 < e3 / e4 < 13                                   # one-sided: error ~ eps
    eps, one, cen = eps_sweep(mlp, XOR_X, XOR_Y, layer=1)
    i3, i2 = list(eps).index(1e-3), list(eps).index(1e-2)
    assert 70 < cen[i2] / cen[i3] < 130                       # central: error ~ eps^2
    i4 = list(eps).index(1e-4)
    assert cen[i4] < one[i4] / 100
    t = difference_table(mlp, XOR_X, XOR_Y)
    assert len(t.rows) == 9 and all(r[5] < 1e-6 for r in t.rows)


def test_figures_plot_the_numbers():
    mlp = bp.MLP([2, 3, 1], seed=0)
    eps, one, cen = eps_sweep(mlp, XOR_X, XOR_Y)
    fig, (l1, l2) = eps_figure(eps, one, cen)
    np.testing.assert_array_equal(l1.get_xdata(), eps)
    assert fig.get_size_inches()[0] * fig.dpi <= 675
    X, Y = bp.datasets.two_gaussians(32, seed=0)
    s = minibatch_spread(mlp, X, Y, sizes=(1, 2, 32), draws=10)
    fig, line = spread_figure(s)
    assert list(line.get_ydata()) == [s[b][0] for b in (1, 2, 32)]


# -- initialisation, cross-entropy + L2 ------------------------------------------------------------
def test_equal_weights_stay_symmetric_random_ones_learn_xor():
    equal, _, X, Y = symmetry_run("equal", epochs=500)
    assert np.all(np.ptp(equal.weights[0], axis=0) == 0) and np.ptp(equal.weights[1]) == 0
    rand, hist, _, _ = symmetry_run("random", epochs=2000)
    assert list(rand.predict(X)) == [0, 1, 1, 0]
    assert np.max(np.ptp(rand.weights[0], axis=0)) > 1
    text = symmetry_table(epochs=300).to_text()
    assert "equal" in text and "random" in text
    with pytest.raises(ValueError, match="init"):
        symmetry_run("zeros")


def test_cross_entropy_l2_is_lecture_003s_J():
    mlp = bp.MLP([2, 3, 1], loss="bce", seed=2)
    lam = 0.3
    by_hand, by_mlp, penalty = cross_entropy_l2(mlp, XOR_X, XOR_Y, lam)
    assert by_hand == pytest.approx(by_mlp, rel=1e-13)
    assert penalty == pytest.approx(lam / 8 * sum(float((W ** 2).sum()) for W in mlp.weights))
    gW0, gb0 = mlp.gradients(XOR_X, XOR_Y)
    gW1, gb1 = mlp.gradients(XOR_X, XOR_Y, l2=lam)
    for g0, g1, W in zip(gW0, gW1, mlp.weights):
        np.testing.assert_allclose(g1 - g0, lam / 4 * W, rtol=1e-10, atol=1e-15)
    assert bp.gradient_check(mlp, XOR_X, XOR_Y, l2=lam).passed(1e-6)
    with pytest.raises(ValueError, match="bce"):
        cross_entropy_l2(bp.MLP([2, 1]), XOR_X, XOR_Y, lam)


def test_lecture_loop_and_mlp_give_the_same_losses():
    raw, t_raw = lecture_loop_raw(steps=15, seed=1)
    core, t_core = lecture_loop_core(steps=15, seed=1)
    np.testing.assert_allclose(raw, core, rtol=1e-10)
    assert raw[-1] < raw[0] and t_raw > 0 and t_core > 0


# -- exercises ------------------------------------------------------------------------------------
def test_exercises_judge_answers_and_name_mistakes():
    ex = shapes_exercise((3, 5, 2), lesson="test")
    res = ex.check({0: "2", 1: "5", 2: "5", 3: "15"})
    assert all(fb.correct for fb in res.values())
    assert "columns" in ex.check({0: "5"})[0].message
    assert "transpose" in ex.check({2: "2"})[2].message
    e = xnor_example()
    ex2 = xnor_delta_exercise(lesson="test")
    assert ex2.check(f"{e['delta2'][1, 0]:.6f}").correct
    assert "g'" in ex2.check(f"{0.2 * e['delta3'][0, 0]:.5f}").message
    assert "sign" in ex2.check(f"{-e['delta2'][1, 0]:.6f}").message
    ex3 = sum_average_exercise(32, 0.01, lesson="test")
    assert ex3.check("0.32").correct and "Upside down" in ex3.check("0.0003125").message


# -- the stepper ----------------------------------------------------------------------------------
NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def test_stepper_walks_forward_and_backward():
    d = MatrixStepperDashboard(sizes=(3, 4, 2), seed=0)
    assert d.status_text.startswith("Step 0 of 4") and "a0 = x" in d.table_text
    d.press("Backward")
    assert d.status_kind == "warn" and "forward pass first" in d.status_text
    d.press("Forward")
    r = column_backprop(d.mlp, d.x, d.y)
    assert "Forward, layer 1 of 2" in d.status_text
    assert "W0 " in d.table_text and mat_text(r["z"][0], digits=4) in d.table_text
    assert d.plot_values()["highlighted"] == 12                 # the 4 x 3 weights of W0 lit up
    d.press("Forward")
    assert "Output done: C = " in d.status_text
    d.press("Forward")
    assert d.status_kind == "warn" and d.values["step"] == 2
    d.press("Backward")
    assert "Hadamard" in d.matrices.value and mat_text(r["delta"][1], digits=4) in d.table_text
    d.press("Backward")
    assert "transpose" in d.matrices.value and "W1^T " in d.table_text
    assert mat_text(r["gW"][0], digits=4) in d.table_text
    assert d.status_text.endswith("they equal MLP.gradients: yes.") and d.status_kind == "ok"
    before = d.table_text
    d.press("Step back")
    assert d.values["step"] == 3 and d.table_text != before
    d.press("Reset")
    assert d.values["step"] == 0
    d.press("Step back")
    assert d.status_kind == "warn"


def test_stepper_architecture_controls():
    d = MatrixStepperDashboard(sizes=(2, 3, 1))
    d.set(step=4)
    d.set(layers=4)
    assert d.sizes == [2, 3, 1, 2] and d.controls["step"].max == 6 and d.values["step"] == 4
    assert not d.controls["n4"].disabled
    d.set(layers=2)
    assert d.sizes == [2, 3] and d.controls["step"].max == 2 and d.values["step"] == 2
    assert d.controls["n3"].disabled and d.controls["n4"].disabled
    d.set(n2=6, activation="relu", seed=5)
    assert d.mlp.sizes == [2, 6] and d.mlp.activation == "relu"
    text = d.table_text
    d.set(seed=6)
    assert d.table_text != text                                  # new weights, new matrices
    for activation in ("sigmoid", "tanh", "relu", "linear"):
        d.set(activation=activation, layers=4, n1=6, n2=6, n3=6, n4=6)
        d.press("Reset")
        for _ in range(6):
            d.press("Forward") if d.values["step"] < 3 else d.press("Backward")
        assert d.status_kind == "ok", d.status_text
        nums = [float(v) for v in re.findall(NUM, d.table_text.split("\n", 1)[1])]
        assert nums and np.all(np.isfinite(nums))
    assert UNITS_RANGE == (1, 6) and LAYERS_RANGE == (2, 4)


def test_stepper_rejects_bad_settings():
    with pytest.raises(ValueError, match="layers"):
        MatrixStepperDashboard(sizes=(2, 3, 3, 3, 1))
    with pytest.raises(ValueError, match="n2"):
        MatrixStepperDashboard(sizes=(2, 9, 1))
    with pytest.raises(ValueError, match="activation"):
        MatrixStepperDashboard(activation="softplus")


def test_matrix_html_has_shape_and_values():
    h = matrix_html(np.array([[1.5, -2.0]]), "W<sup>2</sup>")
    assert "1&times;2" in h and "1.5" in h and "-2" in h and "rgba(230,85,13" in h


def test_zero_weights_on_xor_do_not_move_at_all():
    # notebook 07, Things to try 4: sigma(0) = 0.5 everywhere and XOR's four errors cancel
    zero, hist, X, Y = symmetry_run("equal", value=0.0, epochs=50)
    assert all(np.all(W == 0) for W in zero.weights) and all(np.all(b == 0) for b in zero.biases)
    assert hist.final_loss == pytest.approx(0.125, abs=1e-15)


# -- lecture 003's convergence test, the gradient-check summary, the L2 update ------------------------
def test_one_sided_all_is_lecture_003s_quotient_for_every_parameter():
    mlp = bp.MLP([2, 2, 1], seed=1)
    d = one_sided_all(mlp, XOR_X, XOR_Y, eps=1e-4)
    gW, gb = mlp.gradients(XOR_X, XOR_Y)
    exact = np.concatenate([g.ravel() for g in gW] + [g.ravel() for g in gb])
    assert d.shape == exact.shape == (9,)
    assert d[0] == pytest.approx(one_sided(mlp, XOR_X, XOR_Y, 0, 0, 0), rel=1e-12)
    assert np.allclose(d, exact, rtol=0, atol=1e-4)        # one-sided: error of order eps


def test_convergence_test_fires_on_the_plateau_and_depends_on_the_threshold():
    rows = convergence_run()
    epoch, J = first_converged(rows, 1e-4)
    assert epoch == 500 and J == pytest.approx(0.125, abs=1e-4)        # "converged" with every output 0.5
    assert rows[1][3] == 0.5                                           # accuracy: half the XOR table
    assert rows[-1][1] < 0.001 and rows[-1][3] == 1.0                  # the same run later learns XOR
    assert rows[-1][2] > 1e-4                                          # ... where the test says "not converged"
    assert first_converged(rows, 1e-5) is None
    t = convergence_table(rows)
    assert t.rows[1][-2] == "yes" and t.rows[-1][-2] == "no"


def test_difference_summary_reads_the_table():
    mlp = bp.MLP([2, 3, 1], seed=0)
    t = difference_table(mlp, XOR_X, XOR_Y)
    s = difference_summary(t)
    one = [r[4] for r in t.rows]
    assert s["one-sided"] == (min(one), pytest.approx(float(np.median(one))), max(one))
    assert 1e-2 < s["one-sided"][2] < 2e-2 and s["central"][2] < 1e-6


def test_lecture003_deltas_are_minus_lecture_004s():
    e = xnor_example()
    Di, Dj, dE = lecture003_deltas(e["mlp"], [1, 1], [1])
    assert Di == pytest.approx(e["delta3"][:, 0], rel=1e-13) and Dj == pytest.approx(e["delta2"][:, 0], rel=1e-13)
    gW, _ = e["mlp"].gradients([1, 1], [1])
    assert np.allclose(dE, gW[1], rtol=1e-13, atol=0)                 # dE/dW_{j,i} = -a_j Delta_i
    with pytest.raises(ValueError, match="one hidden layer"):
        lecture003_deltas(bp.MLP([2, 2, 2, 1]), [1, 1], [1])


def test_l2_update_corrected_lowers_J_and_the_literal_line_blows_up():
    mlp = bp.MLP([2, 3, 1], loss="bce", seed=0)
    start, out = l2_update_check(mlp, XOR_X, XOR_Y, 0.1, lr=0.5, steps=200)
    lit, cor = out["lecture's line: + lambda W"], out["corrected: - (lambda/m) W"]
    assert cor[0] < start and cor[1] < cor[0]
    assert lit[1] > start and lit[2] > 10 * sum(float(np.sum(W ** 2)) for W in mlp.weights)
    # the corrected rule is plain descent on J: one step equals W - lr * MLP.gradients(l2=lam)
    net = mlp.copy()
    gW, gb = net.gradients(XOR_X, XOR_Y, l2=0.1)
    for W, g in zip(net.weights, gW):
        W -= 0.5 * g
    for b, g in zip(net.biases, gb):
        b -= 0.5 * g
    assert cor[0] == pytest.approx(net.loss(XOR_X, XOR_Y, l2=0.1), rel=1e-13)


def test_layer_gradient_sizes_shrink_going_back():
    means, factor = layer_gradient_sizes((6, 6, 6, 6), "sigmoid", 0)
    assert np.all(np.diff(means) > 0)
    assert factor == pytest.approx((means[2] / means[0]) ** 0.5)
    assert layer_gradient_sizes((6, 6, 6, 6), "tanh", 0)[1] < factor


# -- softmax with one-hot outputs -------------------------------------------------------------------
def test_softmax_example_delta_is_a_minus_y():
    e = softmax_example()
    assert e["a"].sum() == pytest.approx(1.0) and e["y"].tolist() == [0, 0, 1]
    assert np.allclose(e["delta"], e["a"] - e["y"], rtol=1e-14, atol=0)
    assert np.allclose(e["numeric"], e["a"] - e["y"], rtol=1e-8, atol=1e-10)
    assert len(softmax_table().rows) == 3


# -- architectures ---------------------------------------------------------------------------------
def test_architecture_runs_show_lecture_003s_rules():
    runs = architecture_runs(architectures=((2, 1), (2, 8, 1), (2, 2, 8, 1)))
    assert runs[(2, 1)][1] < 0.6                               # no hidden layer: XOR is out of reach
    assert runs[(2, 8, 1)][2] == 3                             # one hidden layer of 8 is enough
    assert runs[(2, 2, 8, 1)][1] < runs[(2, 8, 1)][1]          # a narrow first hidden layer is a bottleneck
    assert architecture_table(runs).rows[0][1] == 0


def test_xnor_exercise_tells_the_two_hidden_deltas_apart():
    e = xnor_example()
    ex2 = xnor_delta_exercise(lesson="test")
    d1, d2 = e["delta2"][0, 0], e["delta2"][1, 0]
    assert ex2.check(f"{d2:.6f}").correct and ex2.check(f"{d2:.5f}").correct
    fb = ex2.check(f"{d1:.6f}")
    assert not fb.correct and "-delta1[0]" in fb.message
    assert ex2.atol < abs(d1 - d2) / 2


def test_example_i_table_leaves_exercise_2s_answer_out():
    e = xnor_example()
    text = str(xnor_example_table("sigmoid"))
    assert fmt_4(e["delta2"][1, 0]) not in text and "; ?]" in text
    assert fmt_4(e["delta2"][0, 0]) in text


def fmt_4(x):
    from backprop_lab import fmt
    return fmt(x, 4)
