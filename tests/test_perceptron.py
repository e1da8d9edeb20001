"""Tests for the lecture-003 perceptron: logic gates, the learning rule, bad input."""
import numpy as np
import pytest

from backprop_core.activations import activate
from backprop_core.datasets import truth_table, two_gaussians, xor_clusters
from backprop_core.perceptron import Perceptron, PerceptronHistory, step


def test_step_convention_at_zero():
    assert step(np.array([-1e-12, 0.0, 1e-12])).tolist() == [0.0, 0.0, 1.0]
    # strict convention g(z) = 1 if z > 0 else 0: exactly 0 (and -0.0) does not fire
    assert float(step(0.0)) == 0.0
    assert float(step(-0.0)) == 0.0
    # same convention as the 'step' activation used by the MLP code
    z = np.array([-2.0, -0.0, 0.0, 3.0])
    assert np.array_equal(step(z), activate("step", z))


def test_lecture_convention_bias_input_is_minus_one():
    # h_W(x) = g(W0 * -1 + W1 x1 + W2 x2): W0 is a threshold
    p = Perceptron(2, weights=[1.5, 1.0, 1.0])
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    assert p.net_input(X).tolist() == [-1.5, -0.5, -0.5, 0.5]
    assert p.predict(X).tolist() == [0.0, 0.0, 0.0, 1.0]  # AND by hand
    # a single example may be given as a 1-D array
    assert p.net_input([1, 1]).tolist() == [0.5]


@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
@pytest.mark.parametrize("seed", [0, 1, 2, 3])
def test_learns_linearly_separable_gates(gate, seed):
    X, y = truth_table(gate)
    p = Perceptron(2, lr=0.1, seed=seed)
    history = p.fit(X, y)
    assert isinstance(history, PerceptronHistory)
    assert history.converged is True
    assert history.errors[-1] == 0 and all(e > 0 for e in history.errors[:-1])
    assert history.epochs == len(history.errors) == len(history.weights)
    assert np.array_equal(history.weights[-1], p.weights)
    assert history.message == f"converged after {history.epochs} epoch{'s' if history.epochs > 1 else ''}"
    assert np.array_equal(p.predict(X), y.ravel())


def test_and_from_zero_weights_exact_arithmetic():
    # lr = 0.5 keeps every weight an exact binary fraction, so the history is exact.
    # Augmented rows (x0 = -1 first): (0,0) -> [-1,0,0], (0,1) -> [-1,0,1],
    # (1,0) -> [-1,1,0], (1,1) -> [-1,1,1]; AND targets y = 0, 0, 0, 1; g(0) = 0.
    # Epoch 1, W = [0, 0, 0]:
    #   (0,0) in = 0 -> h = 0 ok;  (0,1) in = 0 -> 0 ok;  (1,0) in = 0 -> 0 ok
    #   (1,1) in = 0 -> h = 0, Err = +1: W += 0.5*[-1,1,1]       -> [-0.5, 0.5, 0.5]   1 mistake
    # Epoch 2:
    #   (0,0) in = 0.5 -> 1, Err = -1: W -= 0.5*[-1,0,0]         -> [0, 0.5, 0.5]
    #   (0,1) in = 0 + 0.5 = 0.5 -> 1, Err = -1: W -= 0.5*[-1,0,1] -> [0.5, 0.5, 0]
    #   (1,0) in = -0.5 + 0.5 = 0 -> 0 ok
    #   (1,1) in = -0.5 + 0.5 + 0 = 0 -> 0, Err = +1: W += 0.5*[-1,1,1] -> [0, 1, 0.5]  3 mistakes
    # Epoch 3:
    #   (0,0) in = 0 -> 0 ok
    #   (0,1) in = 0.5 -> 1, Err = -1: W -= 0.5*[-1,0,1]         -> [0.5, 1, 0]
    #   (1,0) in = -0.5 + 1 = 0.5 -> 1, Err = -1: W -= 0.5*[-1,1,0] -> [1, 0.5, 0]
    #   (1,1) in = -1 + 0.5 + 0 = -0.5 -> 0, Err = +1: W += 0.5*[-1,1,1] -> [0.5, 1, 0.5]  3 mistakes
    # Epoch 4:
    #   (0,0) in = -0.5 -> 0 ok;  (0,1) in = -0.5 + 0.5 = 0 -> 0 ok
    #   (1,0) in = -0.5 + 1 = 0.5 -> 1, Err = -1: W -= 0.5*[-1,1,0] -> [1, 0.5, 0.5]
    #   (1,1) in = -1 + 0.5 + 0.5 = 0 -> 0, Err = +1: W += 0.5*[-1,1,1] -> [0.5, 1, 1]  2 mistakes
    # Epoch 5:
    #   (0,0) in = -0.5 -> 0 ok
    #   (0,1) in = -0.5 + 1 = 0.5 -> 1, Err = -1: W -= 0.5*[-1,0,1] -> [1, 1, 0.5]
    #   (1,0) in = -1 + 1 = 0 -> 0 ok;  (1,1) in = -1 + 1 + 0.5 = 0.5 -> 1 ok            1 mistake
    # Epoch 6, W = [1, 1, 0.5]: in = -1, -0.5, 0, 0.5 -> h = 0, 0, 0, 1 = y          0 mistakes
    X, y = truth_table("AND")
    p = Perceptron(2, lr=0.5, weights=[0.0, 0.0, 0.0])
    history = p.fit(X, y)
    assert history.errors == [1, 3, 3, 2, 1, 0]
    assert history.message == "converged after 6 epochs"
    assert [w.tolist() for w in history.weights] == [
        [-0.5, 0.5, 0.5],
        [0.0, 1.0, 0.5],
        [0.5, 1.0, 0.5],
        [0.5, 1.0, 1.0],
        [1.0, 1.0, 0.5],
        [1.0, 1.0, 0.5],
    ]
    assert p.weights.tolist() == [1.0, 1.0, 0.5]
    # (1, 0) sits exactly on the boundary: in = -1.0 + 1.0 = 0, and g(0) = 0,
    # so it is classified 0 -- which is right for AND.
    assert p.net_input(X).tolist() == [-1.0, -0.5, 0.0, 0.5]
    assert p.predict(X).tolist() == [0.0, 0.0, 0.0, 1.0]


def test_lr_0_1_ties_are_decided_by_rounding():
    # NAND (y = 1, 1, 1, 0) from W = [0, 0, 0].  Starting from zero, every weight
    # is lr times an integer, so write W = lr * V and follow V (g(0) = 0):
    # Epoch 1, V = [0, 0, 0]:
    #   (0,0) in = 0 -> 0, Err = +1: V += [-1,0,0]   -> [-1, 0, 0]
    #   (0,1) in = 1 -> 1 ok;  (1,0) in = 1 -> 1 ok
    #   (1,1) in = 1 -> 1, Err = -1: V -= [-1,1,1]   -> [0, -1, -1]        2 mistakes
    # Epoch 2:
    #   (0,0) in = 0 -> 0, Err = +1                  -> [-1, -1, -1]
    #   (0,1) in = 1 - 1 = 0 -> 0, Err = +1: V += [-1,0,1] -> [-2, -1, 0]
    #   (1,0) in = 2 - 1 = 1 -> 1 ok
    #   (1,1) in = 2 - 1 + 0 = 1 -> 1, Err = -1      -> [-1, -2, -1]       3 mistakes
    # Epoch 3:
    #   (0,0) in = 1 ok
    #   (0,1) in = 1 - 1 = 0 -> 0, Err = +1          -> [-2, -2, 0]
    #   (1,0) in = 2 - 2 = 0 -> 0, Err = +1: V += [-1,1,0] -> [-3, -1, 0]
    #   (1,1) in = 3 - 1 + 0 = 2 -> 1, Err = -1      -> [-2, -2, -1]       3 mistakes
    # Epoch 4:
    #   (0,0) in = 2 ok;  (0,1) in = 2 - 1 = 1 ok
    #   (1,0) in = 2 - 2 = 0 -> 0, Err = +1          -> [-3, -1, -1]   <-- the tie
    #   (1,1) in = 3 - 1 - 1 = 1 -> 1, Err = -1      -> [-2, -2, -2]       2 mistakes
    # Epoch 5:
    #   (0,0) in = 2 ok
    #   (0,1) in = 2 - 2 = 0 -> 0, Err = +1          -> [-3, -2, -1]
    #   (1,0) in = 3 - 2 = 1 ok;  (1,1) in = 3 - 2 - 1 = 0 -> 0 ok          1 mistake
    # Epoch 6, V = [-3, -2, -1]: in = 3, 2, 1, 0 -> h = 1, 1, 1, 0 = y      0 mistakes
    # With lr = 0.5 all of this is exact:
    X, y = truth_table("NAND")
    exact = Perceptron(2, lr=0.5, weights=[0.0, 0.0, 0.0])
    history = exact.fit(X, y)
    assert history.errors == [2, 3, 3, 2, 1, 0]
    assert exact.weights.tolist() == [-1.5, -1.0, -0.5]
    # (1, 1) ends exactly on the boundary, in = 1.5 - 1.0 - 0.5 = 0 -> g(0) = 0 = y
    assert exact.net_input(X).tolist() == [1.5, 1.0, 0.5, 0.0]

    # With lr = 0.1 the run stops after 4 epochs, only because 0.1 is not exact
    # in binary.  Every update adds +-0.1 (the double nearest 0.1), and up to
    # epoch 3, (1,0) everything is exact (sums like 0.1 - 0.1 and 0.1 + 0.1).
    # Then W0 = -0.2 - 0.1 rounds to -0.30000000000000004, and the (1,1) update
    # gives W0 = -0.30000000000000004 + 0.1 = -0.20000000000000004, one ulp
    # (2**-55) beyond -0.2, while W1 = -0.2 and W2 = -0.1 are exact.  In epoch 4
    # the net input for (1, 0) "should" be 0 (no firing, a mistake, as above) but
    # is 0.20000000000000004 - 0.2 = 2**-55 = +2.8e-17 > 0: it fires, which is
    # right for NAND, so epoch 4 makes no mistakes.
    p = Perceptron(2, lr=0.1, weights=[0.0, 0.0, 0.0])
    history = p.fit(X, y)
    assert history.errors == [2, 3, 3, 0]
    assert history.message == "converged after 4 epochs"
    assert p.weights.tolist() == [-0.20000000000000004, -0.2, -0.1]
    net = p.net_input(X)
    assert net[2] == 2.0**-55 and 0 < net[2] < 1e-16
    assert p.predict(X).tolist() == [1.0, 1.0, 1.0, 0.0]


@pytest.mark.parametrize("gate", ["XOR", "XNOR"])
def test_xor_does_not_converge(gate):
    X, y = truth_table(gate)
    p = Perceptron(2, lr=0.1, seed=0)
    history = p.fit(X, y, epochs=50)
    assert history.converged is False
    assert history.epochs == 50 and len(history.errors) == 50
    assert min(history.errors) >= 1  # never a clean epoch
    assert history.message.startswith("did not converge in 50 epochs: still ")
    assert "not linearly separable" in history.message
    assert not np.array_equal(p.predict(X), y.ravel())


def test_non_convergence_is_not_a_warning(recwarn):
    X, y = truth_table("XOR")
    Perceptron(2).fit(X, y, epochs=3)
    assert len(recwarn) == 0


def test_message_grammar_for_one_epoch():
    X, y = truth_table("XOR")
    # XOR (y = 0, 1, 1, 0) from W = [0, 0, 0], lr = 0.1, one epoch, g(0) = 0:
    #   (0,0) in = 0 -> 0 ok
    #   (0,1) in = 0 -> 0, Err = +1: W += 0.1*[-1,0,1] -> [-0.1, 0, 0.1]
    #   (1,0) in = 0.1 + 0 = 0.1 -> 1 ok
    #   (1,1) in = 0.1 + 0 + 0.1 = 0.2 -> 1, Err = -1 -> [0, -0.1, 0]     2 mistakes
    h = Perceptron(2, weights=[0.0, 0.0, 0.0]).fit(X, y, epochs=1)
    assert h.message.startswith("did not converge in 1 epoch: still 2 mistakes in the last epoch")
    # AND with W = [1.5, 1, 1]: in = -1.5, -0.5, -0.5, 0.5 -> 0, 0, 0, 1: no mistakes
    X, y = truth_table("AND")
    h = Perceptron(2, weights=[1.5, 1.0, 1.0]).fit(X, y)
    assert (h.converged, h.epochs, h.errors, h.message) == (True, 1, [0], "converged after 1 epoch")


def test_hand_worked_single_update():
    # W = [W0, W1, W2] = [0.5, 0.2, -0.1], lr = 0.1, example x = (1, 1) with y = 1.
    p = Perceptron(2, lr=0.1, weights=[0.5, 0.2, -0.1])
    # in = W0 * (-1) + W1 * 1 + W2 * 1 = -0.5 + 0.2 - 0.1 = -0.4  ->  h = g(-0.4) = 0
    assert p.net_input([1.0, 1.0])[0] == pytest.approx(-0.4)
    err = p.update([1.0, 1.0], 1)
    # Err = y - h = 1 - 0 = 1
    assert err == 1.0
    # W0 <- 0.5 + 0.1 * 1 * (-1) = 0.4
    # W1 <- 0.2 + 0.1 * 1 * 1    = 0.3
    # W2 <- -0.1 + 0.1 * 1 * 1   = 0.0
    np.testing.assert_allclose(p.weights, [0.4, 0.3, 0.0], atol=1e-15)
    # now in = -0.4 + 0.3 + 0.0 = -0.1: still 0, so the same example updates again
    assert p.update([1.0, 1.0], 1) == 1.0
    np.testing.assert_allclose(p.weights, [0.3, 0.4, 0.1], atol=1e-15)
    # in = -0.3 + 0.4 + 0.1 = 0.2 > 0: h = 1 = y, Err = 0, nothing changes
    assert p.update([1.0, 1.0], 1) == 0.0
    np.testing.assert_allclose(p.weights, [0.3, 0.4, 0.1], atol=1e-15)


def test_one_epoch_by_hand():
    # OR with W = [0, 0, 0], lr = 1 (x0 = -1 first in each augmented row), g(0) = 0:
    #   (0,0) y=0: in = 0 -> h = 0, Err = 0                          -> [0, 0, 0]
    #   (0,1) y=1: in = 0 -> h = 0, Err = 1: W += [-1, 0, 1]         -> [-1, 0, 1]
    #   (1,0) y=1: in = 1 + 0 = 1 -> h = 1, Err = 0                  -> [-1, 0, 1]
    #   (1,1) y=1: in = 1 + 0 + 1 = 2 -> h = 1, Err = 0              -> [-1, 0, 1]
    X, y = truth_table("OR")
    p = Perceptron(2, lr=1.0, weights=[0.0, 0.0, 0.0])
    h = p.fit(X, y, epochs=1)
    assert h.errors == [1]
    assert h.weights[0].tolist() == [-1.0, 0.0, 1.0]


def test_default_weights_are_small_and_seeded():
    a, b, c = Perceptron(3, seed=4), Perceptron(3, seed=4), Perceptron(3, seed=5)
    assert a.weights.shape == (4,)
    assert np.all(np.abs(a.weights) <= 0.5)
    assert np.array_equal(a.weights, b.weights)
    assert not np.array_equal(a.weights, c.weights)
    g = Perceptron(3, seed=np.random.default_rng(4))
    assert np.array_equal(g.weights, a.weights)


def test_weights_are_copied():
    w = np.array([0.0, 1.0, 1.0])
    p = Perceptron(2, weights=w)
    # in = -0 + 0 + 0 = 0 does not fire (g(0) = 0), so with y = 1, Err = 1 and W changes
    assert p.update([0.0, 0.0], 1) == 1.0
    assert w.tolist() == [0.0, 1.0, 1.0]
    # W0 <- 0 + 0.1 * 1 * (-1) = -0.1: the threshold goes down; W1, W2 see x = 0
    assert p.weights.tolist() == [-0.1, 1.0, 1.0]


def test_separable_2d_data():
    X, y = two_gaussians(100, noise=0.3, distance=3.0, seed=1)
    p = Perceptron(2, lr=0.1, seed=0)
    h = p.fit(X, y, epochs=200)
    assert h.converged and np.array_equal(p.predict(X), y.ravel())
    X, y = xor_clusters(100, noise=0.1, seed=1)
    h = Perceptron(2, seed=0).fit(X, y, epochs=20)
    assert not h.converged


def test_repr():
    assert repr(Perceptron(2, lr=0.5, weights=[1.5, 1.0, 1.0])) == (
        "Perceptron(n_inputs=2, lr=0.5, weights=[1.5, 1, 1])"
    )


# --------------------------------------------------------------------------
# bad input
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        (dict(n_inputs=0), ValueError, r"n_inputs must be an integer >= 1, got 0"),
        (dict(n_inputs=2.0), TypeError, r"n_inputs must be an integer, got 2\.0"),
        (dict(n_inputs=2, lr=0), ValueError, r"lr must be a finite number > 0, got 0\.0"),
        (dict(n_inputs=2, lr=-0.5), ValueError, r"lr must be a finite number > 0, got -0\.5"),
        (dict(n_inputs=2, lr="fast"), TypeError, r"lr must be a finite number > 0, got 'fast'"),
        (dict(n_inputs=2, weights=[1, 2]), ValueError, r"weights must have shape \(3,\), got shape \(2,\)"),
        (dict(n_inputs=2, weights=[1, 2, np.inf]), ValueError, r"weights must contain only finite numbers, found inf"),
        (dict(n_inputs=2, seed=-3), ValueError, r"seed must be an integer >= 0, got -3"),
    ],
)
def test_bad_constructor_arguments(kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        Perceptron(**kwargs)


def test_bad_fit_and_predict_arguments():
    X, y = truth_table("AND")
    p = Perceptron(2)
    with pytest.raises(ValueError,
                       match=r"X must have shape \(m, 2\) for a perceptron with 2 inputs, got shape \(4, 3\)"):
        p.predict(np.zeros((4, 3)))
    with pytest.raises(ValueError, match=r"got shape \(3,\)"):
        p.net_input([1.0, 2.0, 3.0])
    with pytest.raises(ValueError, match=r"y must have shape \(4,\) or \(4, 1\) to match X, got shape \(3,\)"):
        p.fit(X, [0, 1, 1])
    with pytest.raises(ValueError, match=r"y must contain only 0 and 1 .*found 2"):
        p.fit(X, [0, 1, 2, 1])
    with pytest.raises(ValueError, match=r"y must contain only 0 and 1 .*found -1"):
        p.fit(X, [[0], [1], [-1], [1]])
    with pytest.raises(ValueError, match=r"epochs must be an integer >= 1, got 0"):
        p.fit(X, y, epochs=0)
    with pytest.raises(ValueError, match=r"X must contain only finite numbers, found nan"):
        p.fit([[0, np.nan]], [0])
    with pytest.raises(TypeError, match=r"X must be an array of real numbers"):
        p.predict("ab")
    with pytest.raises(ValueError, match=r"x must be one example of shape \(2,\), got shape \(2, 2\)"):
        p.update([[0, 0], [1, 1]], 0)
    with pytest.raises(ValueError, match=r"y must contain only 0 and 1 .*found 0\.5"):
        p.update([0, 0], 0.5)
