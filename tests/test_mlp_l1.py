"""L1 regularisation in MLP.loss / gradients / fit, and the playground's regression sets."""
import numpy as np
import pytest

import backprop_core as bp
from backprop_core import datasets


def _net():
    X, y = datasets.circles(40, noise=0.1, seed=3)
    mlp = bp.MLP([2, 4, 3, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=1)
    return mlp, X, y


def test_l1_gradient_matches_central_differences():
    mlp, X, y = _net()
    gW, gb = mlp.gradients(X, y, l1=0.3, l2=0.1)
    h = 1e-6
    for l, W in enumerate(mlp.weights):
        for idx in np.ndindex(W.shape):
            assert abs(W[idx]) > 1e-3  # away from the kink of |w|
            old = W[idx]
            W[idx] = old + h
            up = mlp.loss(X, y, l1=0.3, l2=0.1)
            W[idx] = old - h
            down = mlp.loss(X, y, l1=0.3, l2=0.1)
            W[idx] = old
            assert gW[l][idx] == pytest.approx((up - down) / (2 * h), rel=1e-6, abs=1e-9)


def test_l1_term_of_the_loss():
    mlp, X, y = _net()
    extra = mlp.loss(X, y, l1=0.5) - mlp.loss(X, y)
    assert extra == pytest.approx(0.5 / len(X) * sum(np.abs(W).sum() for W in mlp.weights), rel=1e-12)


def test_fit_with_l1_takes_the_gradient_step():
    mlp, X, y = _net()
    before = mlp.copy()
    gW, gb = before.gradients(X, y, l1=0.2)
    mlp.fit(X, y, lr=0.7, epochs=1, l1=0.2)
    for W0, g, W1 in zip(before.weights, gW, mlp.weights):
        np.testing.assert_allclose(W1, W0 - 0.7 * g, rtol=1e-12, atol=1e-15)
    for b0, g, b1 in zip(before.biases, gb, mlp.biases):
        np.testing.assert_allclose(b1, b0 - 0.7 * g, rtol=1e-12, atol=1e-15)


def test_l1_shrinks_weights_more_than_no_regularisation():
    mlp, X, y = _net()
    plain = mlp.copy()
    plain.fit(X, y, lr=0.5, epochs=200)
    mlp.fit(X, y, lr=0.5, epochs=200, l1=2.0)
    total = lambda m: sum(np.abs(W).sum() for W in m.weights)  # noqa: E731
    assert total(mlp) < 0.8 * total(plain)


@pytest.mark.parametrize("bad", [-0.1, float("nan")])
def test_l1_must_be_a_number_at_least_zero(bad):
    mlp, X, y = _net()
    with pytest.raises(ValueError, match="l1"):
        mlp.fit(X, y, l1=bad)


def test_regression_sets():
    X, y = datasets.plane(50, noise=0.0, seed=1)
    assert X.shape == (50, 2) and y.shape == (50, 1)
    np.testing.assert_allclose(y[:, 0], X.sum(axis=1) / 2)
    assert np.all(np.abs(X) <= 1)
    X, y = datasets.gaussian_bumps(3000, noise=0.0, seed=2)
    # the bump at (0.6, 0.6) is positive, the one at (0.6, -0.6) negative
    near = lambda c: np.hypot(X[:, 0] - c[0], X[:, 1] - c[1]) < 0.1  # noqa: E731
    assert y[near((0.6, 0.6)), 0].min() > 0.5 and y[near((0.6, -0.6)), 0].max() < -0.5
    X2, y2 = datasets.regression_set("gaussian_bumps", n=3000, noise=0.0, seed=2)
    np.testing.assert_array_equal(y, y2)
    Xn, yn = datasets.plane(50, noise=0.2, seed=1)
    np.testing.assert_array_equal(Xn, datasets.plane(50, noise=0.2, seed=1)[0])
    assert not np.allclose(yn[:, 0], Xn.sum(axis=1) / 2)
    with pytest.raises(ValueError, match="name"):
        datasets.regression_set("spiral")
