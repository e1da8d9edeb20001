"""The general network :class:`MLP`: construction, fit behaviours, divergence, step units.

Every expected number below is computed independently in the test (by hand
or with :meth:`MLP.gradients` step by step), never copied from a run of fit.
"""
import warnings

import numpy as np
import pytest

from backprop_core import MLP, TrainingHistory

XOR_X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
XOR_Y = np.array([[0.0], [1.0], [1.0], [0.0]])


def _data(n=10, n_in=3, n_out=2, seed=0):
    rng = np.random.default_rng(seed)
    return rng.normal(size=(n, n_in)), rng.uniform(0, 1, size=(n, n_out))


# -- construction ---------------------------------------------------------------------
def test_shapes_follow_the_sizes_list():
    mlp = MLP([2, 3, 1])
    assert [W.shape for W in mlp.weights] == [(3, 2), (1, 3)]
    assert [b.shape for b in mlp.biases] == [(3,), (1,)]
    assert mlp.n_params == 3 * 2 + 3 + 1 * 3 + 1
    assert MLP([2, 3, 1], bias=False).n_params == 9
    assert mlp.layer_activations == ["sigmoid", "sigmoid"]
    assert MLP([2, 3, 4, 1], activation="tanh", output_activation="linear").layer_activations == [
        "tanh", "tanh", "linear"]


@pytest.mark.parametrize("init", ["lecture", "xavier", "he"])
def test_init_is_reproducible_by_seed(init):
    a, b, c = (MLP([4, 6, 3], init=init, seed=s) for s in (5, 5, 6))
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert not np.array_equal(a.weights[0], c.weights[0])
    assert all(np.all(bias == 0) for bias in a.biases)


def test_init_ranges():
    lec = MLP([50, 40, 30], init="lecture", seed=1)
    for W in lec.weights:  # lecture 003: small random numbers in [-0.5, 0.5]
        assert W.min() >= -0.5 and W.max() <= 0.5 and W.max() - W.min() > 0.9
    xav = MLP([50, 40, 30], init="xavier", seed=1)
    for W, (n_in, n_out) in zip(xav.weights, [(50, 40), (40, 30)]):
        lim = np.sqrt(6 / (n_in + n_out))
        assert np.abs(W).max() <= lim and np.abs(W).max() > 0.95 * lim
    he = MLP([400, 300], init="he", seed=1)
    assert he.weights[0].std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert abs(he.weights[0].mean()) < 0.002


def test_forward_is_sigma_of_W_a_plus_b_by_hand():
    mlp = MLP([2, 3, 2], activation="tanh", output_activation="sigmoid", seed=4)
    mlp.biases[0][...] = [0.1, -0.2, 0.3]
    mlp.biases[1][...] = [-0.4, 0.5]
    x = np.array([0.7, -1.2])
    W0, W1 = mlp.weights
    h = [np.tanh(sum(W0[j, i] * x[i] for i in range(2)) + mlp.biases[0][j]) for j in range(3)]
    out = [1 / (1 + np.exp(-(sum(W1[k, j] * h[j] for j in range(3)) + mlp.biases[1][k]))) for k in range(2)]
    assert mlp.forward(x[None, :])[0] == pytest.approx(out, abs=1e-15)
    # a single sample may be given as a 1-D array
    assert mlp.forward(x)[0] == pytest.approx(out, abs=1e-15)
    zs, acts = mlp.forward_pass(x)
    assert len(zs) == 2 and len(acts) == 3
    assert acts[1][0] == pytest.approx(h, abs=1e-15)


def test_predict():
    mlp = MLP([1, 1], activation="sigmoid")
    mlp.weights[0][0, 0] = 1.0
    assert mlp.predict([[-2.0], [0.0], [3.0]]).tolist() == [0, 1, 1]   # a >= 0.5
    lin = MLP([1, 1], activation="linear")
    lin.weights[0][0, 0] = 1.0
    assert lin.predict([[-2.0], [0.5]]).tolist() == [0, 1]             # a >= 0
    multi = MLP([2, 3], activation="linear", output_activation="softmax", loss="cross_entropy")
    multi.weights[0][...] = np.eye(3, 2)
    assert multi.predict([[5.0, 0.0], [0.0, 5.0], [-5.0, -5.0]]).tolist() == [0, 1, 2]


def test_weights_are_editable_in_place():
    mlp = MLP([2, 2, 1], seed=0)
    x = np.array([[0.3, 0.8]])
    before = mlp.forward(x).copy()
    mlp.weights[0][0, 0] += 1.0
    after = mlp.forward(x)
    assert not np.allclose(before, after)
    mlp.weights[0][0, 0] -= 1.0
    assert np.allclose(mlp.forward(x), before, atol=1e-15)
    mlp.biases[1][0] = 2.0
    assert mlp.forward(x)[0, 0] > before[0, 0]


def test_copy_is_independent():
    mlp = MLP([2, 2, 1], seed=0)
    twin = mlp.copy()
    twin.weights[0][0, 0] = 99.0
    twin.biases[0][0] = 99.0
    assert mlp.weights[0][0, 0] != 99.0 and mlp.biases[0][0] == 0.0
    assert twin.sizes == mlp.sizes and twin.sizes is not mlp.sizes


# -- fit: full batch, stochastic, mini-batch ----------------------------------------------
@pytest.mark.parametrize("batch_size, batches", [(None, 1), (10, 1), (100, 1), (1, 10), (4, 3), (5, 2), (3, 4)])
def test_batches_per_epoch_and_steps(batch_size, batches):
    X, Y = _data(n=10)
    mlp = MLP([3, 4, 2], seed=0)
    hist = mlp.fit(X, Y, lr=0.1, epochs=3, batch_size=batch_size, record_steps=True)
    assert isinstance(hist, TrainingHistory)
    assert hist.batches_per_epoch == batches
    assert hist.epochs == 3
    assert hist.steps == 3 * batches
    assert len(hist.loss) == 3
    assert len(hist.step_loss) == 3 * batches
    assert not hist.diverged and hist.diverged_at is None
    assert f"3 epochs x {batches} batches = {3 * batches} steps" in hist.message


def test_full_batch_is_the_same_whatever_the_batch_size_spelling_and_seed():
    X, Y = _data()
    results = []
    for bs, seed in [(None, 0), (10, 1), (10_000, 2)]:
        mlp = MLP([3, 4, 2], seed=0)
        mlp.fit(X, Y, lr=0.3, epochs=5, batch_size=bs, seed=seed)
        results.append(mlp.weights)
    for other in results[1:]:
        assert all(np.array_equal(a, b) for a, b in zip(results[0], other))


def test_full_batch_step_is_w_minus_lr_grad():
    X, Y = _data()
    mlp = MLP([3, 4, 2], seed=0)
    ref = mlp.copy()
    mlp.fit(X, Y, lr=0.3, epochs=2)
    for _ in range(2):
        gW, gb = ref.gradients(X, Y)
        for l in range(2):
            ref.weights[l] -= 0.3 * gW[l]
            ref.biases[l] -= 0.3 * gb[l]
    for a, b in zip(mlp.weights + mlp.biases, ref.weights + ref.biases):
        assert np.allclose(a, b, rtol=0, atol=1e-14)


def test_full_batch_epoch_loss_is_the_loss_before_the_update():
    X, Y = _data()
    mlp = MLP([3, 4, 2], seed=0)
    start = mlp.loss(X, Y)
    hist = mlp.fit(X, Y, lr=0.3, epochs=4)
    assert hist.loss[0] == pytest.approx(start, abs=1e-15)
    assert hist.final_loss == pytest.approx(mlp.loss(X, Y), abs=1e-15)
    assert hist.final_loss < hist.loss[-1] < hist.loss[0]


@pytest.mark.parametrize("batch_size", [1, 4])
def test_same_seed_same_result_different_seed_different(batch_size):
    X, Y = _data()

    def run(seed):
        mlp = MLP([3, 4, 2], seed=0)
        hist = mlp.fit(X, Y, lr=0.3, epochs=3, batch_size=batch_size, seed=seed, record_steps=True)
        return mlp, hist

    (a, ha), (b, hb), (c, hc) = run(7), run(7), run(8)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))
    assert ha.step_loss == hb.step_loss
    assert not np.allclose(a.weights[0], c.weights[0])
    assert ha.step_loss != hc.step_loss


def test_mini_batch_gradient_is_the_batch_mean():
    # four identical samples: every batch of 2 has the full set's mean gradient,
    # so 1 epoch of batch_size=2 (2 steps) is 2 full-batch steps, whatever the shuffle
    X = np.tile([[0.4, -0.9]], (4, 1))
    Y = np.tile([[0.8]], (4, 1))
    mini, full = MLP([2, 3, 1], seed=2), MLP([2, 3, 1], seed=2)
    h = mini.fit(X, Y, lr=0.7, epochs=1, batch_size=2)
    full.fit(X, Y, lr=0.7, epochs=2)
    assert h.steps == 2
    for a, b in zip(mini.weights + mini.biases, full.weights + full.biases):
        assert np.allclose(a, b, rtol=0, atol=1e-14)


def test_stochastic_mode_visits_every_sample_once_per_epoch():
    # batch_size=1: n steps per epoch, one sample each, and the epoch loss is
    # the mean of the step losses
    X, Y = _data(n=6)
    mlp = MLP([3, 2, 2], seed=1)
    hist = mlp.fit(X, Y, lr=1e-9, epochs=1, batch_size=1, record_steps=True)
    # with a negligible lr the weights hardly move, so the 6 step losses are
    # the 6 per-sample losses in some order
    per_sample = sorted(mlp.loss(X[i:i + 1], Y[i:i + 1]) for i in range(6))
    assert sorted(hist.step_loss) == pytest.approx(per_sample, abs=1e-8)
    assert hist.loss[0] == pytest.approx(np.mean(hist.step_loss), abs=1e-12)


def test_fit_with_zero_epochs_changes_nothing():
    X, Y = _data()
    mlp = MLP([3, 4, 2], seed=0)
    ref = mlp.copy()
    hist = mlp.fit(X, Y, lr=0.3, epochs=0)
    assert hist.steps == 0 and hist.epochs == 0 and hist.loss == []
    assert all(np.array_equal(a, b) for a, b in zip(mlp.weights, ref.weights))
    assert hist.final_loss == pytest.approx(ref.loss(X, Y), abs=1e-15)


def test_fit_keeps_the_same_array_objects():
    X, Y = _data()
    mlp = MLP([3, 4, 2], seed=0)
    W_ids = [id(W) for W in mlp.weights]
    b_ids = [id(b) for b in mlp.biases]
    before = [W.copy() for W in mlp.weights]
    for kwargs in ({}, {"batch_size": 3}, {"momentum": 0.5}, {"l2": 0.1, "batch_size": 1}):
        mlp.fit(X, Y, lr=0.2, epochs=3, **kwargs)
        assert [id(W) for W in mlp.weights] == W_ids
        assert [id(b) for b in mlp.biases] == b_ids
    assert not np.allclose(before[0], mlp.weights[0])


def test_bias_false_keeps_biases_at_zero():
    X, Y = _data()
    mlp = MLP([3, 4, 2], seed=0, bias=False)
    mlp.fit(X, Y, lr=0.5, epochs=5, momentum=0.5)
    assert all(np.all(b == 0) for b in mlp.biases)
    gW, gb = mlp.gradients(X, Y)
    assert all(np.all(g == 0) for g in gb)


# -- momentum -----------------------------------------------------------------------------
def test_momentum_two_steps_by_hand():
    X, Y = _data(n=3, n_in=2, n_out=1, seed=4)
    lr, mu = 0.5, 0.9
    mlp = MLP([2, 2, 1], seed=3)
    ref = mlp.copy()
    mlp.fit(X, Y, lr=lr, epochs=2, momentum=mu)

    # step 1: dW(1) = -lr grad(W0)                    W1 = W0 + dW(1)
    gW, gb = ref.gradients(X, Y)
    dW1 = [-lr * g for g in gW]
    db1 = [-lr * g for g in gb]
    W1 = [W + d for W, d in zip(ref.weights, dW1)]
    b1 = [b + d for b, d in zip(ref.biases, db1)]
    # step 2: dW(2) = -lr grad(W1) + momentum dW(1)   W2 = W1 + dW(2)
    step1 = ref.copy()
    step1.weights, step1.biases = W1, b1
    gW, gb = step1.gradients(X, Y)
    W2 = [W - lr * g + mu * d for W, g, d in zip(W1, gW, dW1)]
    b2 = [b - lr * g + mu * d for b, g, d in zip(b1, gb, db1)]
    for a, b in zip(mlp.weights + mlp.biases, W2 + b2):
        assert np.allclose(a, b, rtol=0, atol=1e-14)
    # and it is not what plain gradient descent does
    plain = ref.copy()
    plain.fit(X, Y, lr=lr, epochs=2)
    assert not np.allclose(plain.weights[0], mlp.weights[0], rtol=0, atol=1e-6)


def test_momentum_zero_is_plain_descent():
    X, Y = _data()
    a, b = MLP([3, 4, 2], seed=0), MLP([3, 4, 2], seed=0)
    a.fit(X, Y, lr=0.3, epochs=3, momentum=0.0)
    b.fit(X, Y, lr=0.3, epochs=3)
    assert all(np.array_equal(x, y) for x, y in zip(a.weights, b.weights))


# -- L2 regularisation (lecture 003) ---------------------------------------------------------
def test_l2_adds_lambda_over_2m_sum_W_squared_to_the_loss_and_excludes_biases():
    X, Y = _data(n=5)
    mlp = MLP([3, 4, 2], seed=0)
    mlp.biases[0][...] = 10.0  # large biases: they must not enter the penalty
    lam, m = 0.6, 5
    penalty = lam / (2 * m) * (np.sum(mlp.weights[0] ** 2) + np.sum(mlp.weights[1] ** 2))
    assert mlp.loss(X, Y, l2=lam) == pytest.approx(mlp.loss(X, Y) + penalty, abs=1e-14)


def test_l2_adds_lambda_over_m_W_to_the_gradient_and_not_to_biases():
    X, Y = _data(n=5)
    mlp = MLP([3, 4, 2], seed=0)
    mlp.biases[0][...] = 10.0
    gW0, gb0 = mlp.gradients(X, Y)
    gW, gb = mlp.gradients(X, Y, l2=0.6)
    for l in range(2):
        assert np.allclose(gW[l] - gW0[l], 0.6 / 5 * mlp.weights[l], rtol=0, atol=1e-15)
        assert np.array_equal(gb[l], gb0[l])


def test_fit_with_l2_one_step_by_hand():
    X, Y = _data(n=5)
    mlp = MLP([3, 4, 2], seed=0)
    ref = mlp.copy()
    mlp.fit(X, Y, lr=0.4, epochs=1, l2=0.6)
    gW, gb = ref.gradients(X, Y)
    for l in range(2):
        assert np.allclose(mlp.weights[l], ref.weights[l] - 0.4 * (gW[l] + 0.6 / 5 * ref.weights[l]), atol=1e-14)
        assert np.allclose(mlp.biases[l], ref.biases[l] - 0.4 * gb[l], atol=1e-14)


def test_fit_with_l2_uses_the_batch_size_as_m():
    X = np.tile([[0.4, -0.9]], (4, 1))
    Y = np.tile([[0.8]], (4, 1))
    mlp = MLP([2, 3, 1], seed=2)
    ref = mlp.copy()
    mlp.fit(X, Y, lr=0.7, epochs=1, batch_size=2, l2=0.5)
    for _ in range(2):  # two batches of m = 2 identical rows
        gW, gb = ref.gradients(X[:2], Y[:2], l2=0.5)  # includes 0.5 / 2 * W
        for l in range(2):
            ref.weights[l] -= 0.7 * gW[l]
            ref.biases[l] -= 0.7 * gb[l]
    for a, b in zip(mlp.weights + mlp.biases, ref.weights + ref.biases):
        assert np.allclose(a, b, rtol=0, atol=1e-14)


def test_l2_shrinks_the_weights():
    X, Y = _data(n=8)
    a, b = MLP([3, 4, 2], seed=0, init="he"), MLP([3, 4, 2], seed=0, init="he")
    a.fit(X, Y, lr=0.3, epochs=200)
    b.fit(X, Y, lr=0.3, epochs=200, l2=2.0)
    norm = lambda m: sum(float(np.sum(W ** 2)) for W in m.weights)  # noqa: E731
    assert norm(b) < 0.8 * norm(a)


# -- learning --------------------------------------------------------------------------------
def test_learns_xor():
    mlp = MLP([2, 4, 1], activation="sigmoid", loss="half_sse", seed=0, init="xavier")
    hist = mlp.fit(XOR_X, XOR_Y, lr=2.0, epochs=3000)
    assert not hist.diverged
    assert hist.final_loss < 0.01
    assert mlp.predict(XOR_X).tolist() == [0, 1, 1, 0]  # the truth table
    out = mlp.forward(XOR_X)[:, 0]
    assert np.all(np.abs(out - XOR_Y[:, 0]) < 0.1)


def test_learns_xor_with_bce():
    mlp = MLP([2, 4, 1], activation="sigmoid", loss="bce", seed=1, init="xavier")
    hist = mlp.fit(XOR_X, XOR_Y, lr=2.0, epochs=3000)
    assert hist.final_loss < 0.01
    assert mlp.predict(XOR_X).tolist() == [0, 1, 1, 0]


def test_softmax_cross_entropy_learns_three_clusters():
    rng = np.random.default_rng(0)
    centers = np.array([[0.0, 2.0], [-2.0, -1.0], [2.0, -1.0]])
    labels = np.repeat(np.arange(3), 20)
    X = centers[labels] + 0.4 * rng.normal(size=(60, 2))
    Y = np.eye(3)[labels]
    mlp = MLP([2, 5, 3], activation="tanh", output_activation="softmax", loss="cross_entropy", seed=0)
    start = mlp.loss(X, Y)
    assert start == pytest.approx(np.log(3), rel=0.2)  # about uniform guessing at the start
    hist = mlp.fit(X, Y, lr=0.5, epochs=300)
    assert hist.final_loss < 0.05
    assert np.mean(mlp.predict(X) == labels) == 1.0
    assert np.allclose(mlp.forward(X).sum(axis=1), 1.0)


def _softmax_ce_by_hand(Z, Y):
    """-mean_i sum_k y log softmax(z): written out with plain exponentials (only for small z)."""
    P = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    return float(-np.sum(Y * np.log(P))) / Z.shape[0]


def test_softmax_cross_entropy_output_delta_is_a_minus_y_by_central_differences():
    # lecture 003's one-hot outputs: delta^L = dC/dz^L = (a - y) / n for softmax + cross-entropy
    from backprop_core import losses
    rng = np.random.default_rng(4)
    Z = rng.normal(size=(5, 3))
    Y = np.eye(3)[[0, 2, 1, 1, 0]]
    A = np.exp(Z) / np.exp(Z).sum(axis=1, keepdims=True)
    delta = losses.output_delta("cross_entropy", "softmax", A, Z, Y)
    assert np.allclose(delta, (A - Y) / 5, rtol=1e-14, atol=0)
    eps = 1e-6
    numeric = np.empty_like(Z)
    for idx in np.ndindex(Z.shape):
        up, down = Z.copy(), Z.copy()
        up[idx] += eps
        down[idx] -= eps
        numeric[idx] = (_softmax_ce_by_hand(up, Y) - _softmax_ce_by_hand(down, Y)) / (2 * eps)
    assert np.allclose(numeric, delta, rtol=1e-7, atol=1e-10)
    assert losses.loss_value("cross_entropy", A, Z, Y) == pytest.approx(_softmax_ce_by_hand(Z, Y), rel=1e-13)


def test_softmax_mlp_gradients_match_central_differences():
    rng = np.random.default_rng(7)
    X = rng.normal(size=(6, 2))
    Y = np.eye(3)[[0, 1, 2, 2, 1, 0]]
    mlp = MLP([2, 4, 3], activation="tanh", output_activation="softmax", loss="cross_entropy", seed=3, init="xavier")
    gW, gb = mlp.gradients(X, Y)
    eps = 1e-6
    for params, grads in ((mlp.weights, gW), (mlp.biases, gb)):
        for P, G in zip(params, grads):
            for idx in np.ndindex(P.shape):
                keep = P[idx]
                P[idx] = keep + eps
                up = mlp.loss(X, Y)
                P[idx] = keep - eps
                down = mlp.loss(X, Y)
                P[idx] = keep
                assert (up - down) / (2 * eps) == pytest.approx(G[idx], rel=1e-6, abs=1e-10)


def test_softmax_is_stable_for_huge_weighted_inputs():
    # log-sum-exp: z = (1000, 0, -1000) would overflow exp(); the loss stays finite and exact
    from backprop_core import activations, losses
    Z = np.array([[1000.0, 0.0, -1000.0]])
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        A = activations.activate("softmax", Z)
        assert np.allclose(A, [[1.0, 0.0, 0.0]]) and np.all(np.isfinite(A))
        assert losses.loss_value("cross_entropy", A, Z, np.array([[1.0, 0.0, 0.0]])) == 0.0
        assert losses.loss_value("cross_entropy", A, Z, np.array([[0.0, 1.0, 0.0]])) == pytest.approx(1000.0, rel=1e-15)


# -- divergence ---------------------------------------------------------------------------------
@pytest.mark.parametrize("momentum", [0.0, 0.9])
def test_divergence_is_reported_without_nan_or_warnings(momentum):
    X, Y = _data()
    mlp = MLP([3, 4, 2], activation="tanh", output_activation="linear", loss="half_sse", seed=1)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        hist = mlp.fit(X, Y, lr=1e3, epochs=500, momentum=momentum)
    assert hist.diverged is True
    assert isinstance(hist.diverged_at, int)
    assert 0 < hist.diverged_at < 500
    assert f"diverged at step {hist.diverged_at}" in hist.message
    # 1-based: update number diverged_at went non-finite and was rolled back
    assert hist.steps == hist.diverged_at - 1
    assert len(hist.costs) == hist.steps + 1 and np.all(np.isfinite(hist.costs))
    assert all(np.all(np.isfinite(W)) for W in mlp.weights)
    assert all(np.all(np.isfinite(b)) for b in mlp.biases)
    assert len(hist.loss) > 0 and np.all(np.isfinite(hist.loss))
    assert np.isfinite(hist.final_loss)
    assert hist.final_loss == pytest.approx(mlp.loss(X, Y), rel=1e-12)
    # the loss did blow up before training stopped
    assert hist.loss[-1] > 1e6 * hist.loss[0]


def test_divergence_in_mini_batch_mode_keeps_finite_weights():
    X, Y = _data()
    mlp = MLP([3, 4, 2], activation="tanh", output_activation="linear", loss="half_sse", seed=1)
    hist = mlp.fit(X, Y, lr=1e3, epochs=500, batch_size=3)
    assert hist.diverged and isinstance(hist.diverged_at, int)
    assert hist.steps == hist.diverged_at - 1
    assert "diverged at step" in hist.message
    assert all(np.all(np.isfinite(W)) for W in mlp.weights)
    assert np.all(np.isfinite(hist.loss))


def _linear_blowup(epochs):
    """w -> w - lr * grad on a 1-1 linear net: |w| grows by ~1e5 per step."""
    mlp = MLP([1, 1], activation="linear", loss="half_sse", seed=0)
    mlp.weights[0][0, 0] = 1.0
    hist = mlp.fit([[1.0], [3.0]], [[0.0], [1.0]], lr=1e5, epochs=epochs)
    return mlp, hist


def test_divergence_step_does_not_depend_on_how_many_epochs_were_asked_for():
    # Run long enough to diverge, then ask for exactly as many epochs as ran:
    # the last update is then the one that overflows.  The network and the
    # reported step must be the same either way.
    long_mlp, long_hist = _linear_blowup(500)
    assert long_hist.diverged
    k = long_hist.diverged_at
    exact_mlp, exact_hist = _linear_blowup(k)
    assert exact_hist.diverged
    assert exact_mlp.weights[0][0, 0] == long_mlp.weights[0][0, 0]
    assert exact_hist.diverged_at == k  # BUG: mlp.py reports k - 1 here (line 386)
    assert exact_hist.steps == long_hist.steps == k - 1


def test_fit_with_zero_epochs_and_an_overflowing_start_keeps_the_weights():
    # finite weights whose loss overflows: with no epoch to run, fit must hand
    # the weights back untouched (not the contents of an uninitialised buffer)
    mlp = MLP([1, 1], activation="linear", loss="half_sse")
    mlp.weights[0][0, 0] = 1e200
    hist = mlp.fit([[1e200]], [[0.0]], lr=0.1, epochs=0)
    assert mlp.weights[0][0, 0] == 1e200  # BUG: mlp.py lines 384-387 roll back to np.empty garbage
    assert hist.diverged_at in (None, 0)


def test_fit_with_an_overflowing_start_stops_at_step_0():
    mlp = MLP([1, 1], activation="linear", loss="half_sse")
    mlp.weights[0][0, 0] = 1e200
    hist = mlp.fit([[1e200]], [[0.0]], lr=0.1, epochs=5)
    assert hist.diverged and hist.diverged_at == 0 and hist.steps == 0
    assert mlp.weights[0][0, 0] == 1e200


# -- step units (lecture 003) ---------------------------------------------------------------------
def _lecture_xnor_net(second_bias=0.2):
    """The XNOR MLP of lecture 003's table, rows W^(1) = [w_j0 (bias), w_j1, w_j2]:

    hidden 1: (-0.3, 0.2, 0.2)   -> z = -0.3, -0.1, -0.1, 0.1  (AND)
    hidden 2: (0.2, -0.2, -0.2)  -> z = 0.2, 0, 0, -0.2         (NOR)
    output:   (-0.1, 0.2, 0.2)   -> z = 0.1, -0.1, -0.1, 0.1    (OR of the two)
    """
    mlp = MLP([2, 2, 1], activation="step", output_activation="step", loss="half_sse")
    mlp.weights[0][...] = [[0.2, 0.2], [-0.2, -0.2]]
    mlp.biases[0][...] = [-0.3, second_bias]
    mlp.weights[1][...] = [[0.2, 0.2]]
    mlp.biases[1][...] = [-0.1]
    return mlp


def test_xnor_table_of_lecture_003_weighted_inputs():
    zs, acts = _lecture_xnor_net().forward_pass(XOR_X)
    # columns z_1^(2), z_2^(2) of the lecture's table
    assert np.allclose(zs[0][:, 0], [-0.3, -0.1, -0.1, 0.1], atol=1e-15)
    assert np.allclose(zs[0][:, 1], [0.2, 0.0, 0.0, -0.2], atol=1e-15)
    # a_1^(2) = step(z_1^(2)): 0 0 0 1
    assert acts[1][:, 0].tolist() == [0.0, 0.0, 0.0, 1.0]


def test_xnor_table_of_lecture_003_is_reproduced_exactly():
    # The lecture's a_2^(2) column is 1 0 0 0: the step unit does not fire at
    # z = 0 exactly (g(0) = 0), which rows (0,1) and (1,0) hit.
    zs, acts = _lecture_xnor_net().forward_pass(XOR_X)
    assert acts[1][:, 1].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert np.allclose(zs[1][:, 0], [0.1, -0.1, -0.1, 0.1], atol=1e-15)
    assert acts[2][:, 0].tolist() == [1.0, 0.0, 0.0, 1.0]


def test_xnor_mlp_with_step_units_computes_xnor_off_the_threshold():
    # Move hidden 2's bias from 0.2 to 0.1 so no input lands on z = 0: then the
    # lecture's net gives the table's last columns z^(3) = 0.1 -0.1 -0.1 0.1, a^(3) = 1 0 0 1
    mlp = _lecture_xnor_net(second_bias=0.1)
    zs, acts = mlp.forward_pass(XOR_X)
    assert acts[1][:, 1].tolist() == [1.0, 0.0, 0.0, 0.0]
    assert np.allclose(zs[1][:, 0], [0.1, -0.1, -0.1, 0.1], atol=1e-15)
    assert mlp.forward(XOR_X)[:, 0].tolist() == [1.0, 0.0, 0.0, 1.0]
    assert mlp.predict(XOR_X).tolist() == [1, 0, 0, 1]


@pytest.mark.parametrize("bias, table", [(-1.5, [0, 0, 0, 1]), (-0.5, [0, 1, 1, 1])], ids=["AND", "OR"])
def test_step_perceptron_and_or(bias, table):
    mlp = MLP([2, 1], activation="step", loss="half_sse")
    mlp.weights[0][...] = [[1.0, 1.0]]
    mlp.biases[0][...] = [bias]
    assert mlp.forward(XOR_X)[:, 0].tolist() == [float(t) for t in table]


def test_step_has_no_gradients_and_cannot_be_fitted():
    mlp = MLP([2, 2, 1], activation="step", output_activation="sigmoid", loss="half_sse")
    with pytest.raises(ValueError, match="step"):
        mlp.gradients(XOR_X, XOR_Y)
    with pytest.raises(ValueError, match="step"):
        mlp.fit(XOR_X, XOR_Y, lr=0.1, epochs=1)
    out = MLP([2, 1], activation="step", loss="half_sse")
    with pytest.raises(ValueError, match="'step'"):
        out.fit(XOR_X, XOR_Y, lr=0.1, epochs=1)
    # fitting refused before anything changed
    assert np.all(np.isfinite(mlp.weights[0]))
