"""Lecture 002's sigmoid neuron (backprop_core.neuron) and the iris data set it learns from in lesson 04."""
from __future__ import annotations

import numpy as np
import pytest

import backprop_core as bp
from backprop_core.datasets import iris

# lecture 002's neuron: b = -2, W = [-1, 0.5, 10], x = [4, -2, 1], y = 1
LECTURE = dict(weights=[-2.0, -1.0, 0.5, 10.0], x=np.array([[4.0, -2.0, 1.0]]), y=np.array([1.0]))


def central(neuron, X, y, h=1e-6):
    w = neuron.weights
    return np.array([(bp.SigmoidNeuron(w + h * e).cost(X, y) - bp.SigmoidNeuron(w - h * e).cost(X, y)) / (2 * h)
                     for e in np.eye(w.size)])


def test_lecture_002_neuron_forward():
    n = bp.SigmoidNeuron(LECTURE["weights"])
    # z = -2 + 4*(-1) + (-2)*0.5 + 1*10 = 3, sigma(3) = 0.952574
    assert float(n.z(LECTURE["x"])[0]) == 3.0
    assert round(float(n.predict(LECTURE["x"])[0]), 6) == 0.952574
    assert round(n.cost(LECTURE["x"], LECTURE["y"]), 7) == 0.0022492


def test_lecture_002_neuron_agrees_with_value_graph():
    b, (w1, w2, w3), (x1, x2, x3) = bp.Value(-2.0), map(bp.Value, [-1.0, 0.5, 10.0]), [4.0, -2.0, 1.0]
    cost = ((b + w1 * x1 + w2 * x2 + w3 * x3).sigmoid() - 1.0) ** 2
    cost.backward()
    grad = bp.SigmoidNeuron(LECTURE["weights"]).gradient(LECTURE["x"], LECTURE["y"])
    assert np.allclose(grad, [b.grad, w1.grad, w2.grad, w3.grad], rtol=1e-12)


def test_gradient_is_the_average_and_matches_central_differences():
    X, y = iris(("sepal length", "petal length", "petal width"), ("versicolor", "virginica"))
    n = bp.SigmoidNeuron([-1.0, 0.0, 0.5, 1.0])
    G = n.example_gradients(X, y)
    assert G.shape == (100, 4)
    assert np.allclose(n.gradient(X, y), G.mean(axis=0))
    assert np.allclose(n.gradient(X, y), central(n, X, y), rtol=1e-7, atol=1e-10)
    # one example's gradient by its own central differences
    assert np.allclose(G[7], central(n, X[7:8], y[7:8]), rtol=1e-6, atol=1e-10)


def test_step_goes_downhill_and_is_the_update_rule():
    X, y = iris(("sepal length", "petal length", "petal width"), ("versicolor", "virginica"))
    n = bp.SigmoidNeuron([-1.0, 0.0, 0.5, 1.0])
    s = n.step(X, y, 0.1)
    assert np.allclose(s.weights, n.weights - 0.1 * n.gradient(X, y))
    assert round(n.cost(X, y), 6) == 0.420232 and round(s.cost(X, y), 6) == 0.392036


@pytest.mark.parametrize("bad, error, words", [
    ([0.0, float("nan")], ValueError, "finite"),
    ([0.0, float("inf")], ValueError, "finite"),
    ([0.0, 1e300], ValueError, r"size at most 1e\+12, found 1e\+300"),
    ([1.0], ValueError, "bias and at least one"),
    ("ab", TypeError, "real numbers"),
])
def test_bad_weights_are_refused_with_a_sentence(bad, error, words):
    with pytest.raises(error, match=words):
        bp.SigmoidNeuron(bad)


def test_bad_data_and_rate_are_refused():
    n = bp.SigmoidNeuron([0.0, 1.0, 1.0])
    with pytest.raises(ValueError, match=r"shape \(any, 2\)"):
        n.predict(np.ones((3, 3)))
    with pytest.raises(ValueError, match="one target per row"):
        n.cost(np.ones((3, 2)), [1.0, 0.0])
    with pytest.raises(ValueError, match="r must be a finite number > 0, got -1"):
        n.step(np.ones((3, 2)), [1.0, 0.0, 1.0], -1)


def test_iris_is_fishers_data():
    X, y = iris()
    assert X.shape == (150, 4) and np.bincount(y.ravel().astype(int)).tolist() == [50, 50, 50]
    # the well-known column means (cm)
    assert np.round(X.mean(axis=0), 3).tolist() == [5.843, 3.057, 3.758, 1.199]
    Xs, ys = iris(("petal width", "sepal length"), ("virginica", "setosa"))
    assert Xs.shape == (100, 2) and ys[0, 0] == 1.0 and ys[-1, 0] == 0.0   # setosa rows come first in the file
    assert Xs[0].tolist() == [0.2, 5.1]


@pytest.mark.parametrize("kwargs, words", [
    (dict(features=("petal colour",)), "feature must be one of"),
    (dict(species=()), "species must name at least one"),
    (dict(species=("setosa", "setosa")), "must not repeat"),
])
def test_iris_refuses_unknown_names(kwargs, words):
    with pytest.raises(ValueError, match=words):
        iris(**kwargs)
