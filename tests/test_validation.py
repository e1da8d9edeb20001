"""Bad input at every public door: ValueError / TypeError naming the value and what was expected."""
import re

import numpy as np
import pytest

from backprop_core import MLP, ChainNetwork, MazurNetwork, Value, activations, descent, gradient_check, losses
from backprop_core import numerical_gradient

X = np.zeros((3, 2))
Y = np.zeros((3, 1))
NAN, INF = float("nan"), float("inf")


def esc(text):
    return re.escape(text)


@pytest.fixture
def mlp():
    return MLP([2, 3, 1], seed=0)


# -- MLP: construction ----------------------------------------------------------------
@pytest.mark.parametrize("kwargs, exc, message", [
    (dict(sizes=[2, 0, 1]), ValueError, "sizes[1] must be an integer >= 1, got 0"),
    (dict(sizes=[2, -3, 1]), ValueError, "sizes[1] must be an integer >= 1, got -3"),
    (dict(sizes=[2, 1.5, 1]), TypeError, "sizes[1] must be an integer, got 1.5"),
    (dict(sizes=[2]), ValueError, "sizes needs at least an input and an output layer, like [2, 1]; got [2]"),
    (dict(sizes=[]), ValueError, "got []"),
    (dict(sizes=3), TypeError, "sizes must be a list of layer sizes like [2, 4, 1], got 3"),
    (dict(sizes="21"), TypeError, "got '21'"),
    (dict(sizes=[2, 1], activation="swish"), ValueError, "activation must be one of 'sigmoid'"),
    (dict(sizes=[2, 1], output_activation="swish"), ValueError, "output_activation must be one of"),
    (dict(sizes=[2, 2, 1], activation="softmax"), ValueError, "use output_activation='softmax'"),
    (dict(sizes=[2, 1], loss="hinge"), ValueError,
     "loss must be one of 'half_sse', 'mse', 'bce', 'cross_entropy'; got 'hinge'"),
    (dict(sizes=[2, 1], init="zeros"), ValueError, "init must be one of 'lecture', 'xavier', 'he'; got 'zeros'"),
    (dict(sizes=[2, 1], seed=1.5), TypeError, "seed must be an integer, got 1.5"),
    (dict(sizes=[2, 1], activation="sigmoid", output_activation="linear", loss="bce"), ValueError,
     "loss 'bce' needs output_activation 'sigmoid'"),
    (dict(sizes=[2, 2], activation="tanh", loss="bce"), ValueError, "got output_activation='tanh'"),
    (dict(sizes=[2, 2], activation="sigmoid", loss="cross_entropy"), ValueError,
     "loss 'cross_entropy' needs output_activation 'softmax'"),
])
def test_mlp_constructor_rejects(kwargs, exc, message):
    with pytest.raises(exc, match=esc(message)):
        MLP(**kwargs)


def test_bad_activation_message_names_the_value():
    with pytest.raises(ValueError, match=r"got 'swish'"):
        MLP([2, 1], activation="swish")


# -- MLP: data -------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["forward", "predict", "forward_pass"])
def test_mlp_forward_rejects_bad_X(mlp, method):
    f = getattr(mlp, method)
    with pytest.raises(ValueError, match=esc("X must have shape (n_samples, 2), got shape (3, 5)")):
        f(np.zeros((3, 5)))
    with pytest.raises(ValueError, match=esc("got shape (3, 2, 1)")):
        f(np.zeros((3, 2, 1)))
    with pytest.raises(ValueError, match="X must hold at least one sample, got 0 rows"):
        f(np.zeros((0, 2)))
    with pytest.raises(ValueError, match="X must contain only finite numbers, found nan"):
        f([[NAN, 1.0]])
    with pytest.raises(ValueError, match="X must contain only finite numbers, found -inf"):
        f([[0.0, -INF]])
    with pytest.raises(TypeError, match="X must be an array of real numbers, got 'abc'"):
        f("abc")


@pytest.mark.parametrize("method", ["loss", "gradients", "fit"])
def test_mlp_rejects_bad_Y(mlp, method):
    f = getattr(mlp, method)
    with pytest.raises(ValueError, match=esc("Y must have shape (3, 1) to match X, got shape (3, 2)")):
        f(X, np.zeros((3, 2)))
    with pytest.raises(ValueError, match=esc("Y must have shape (3, 1) to match X, got shape (4, 1)")):
        f(X, np.zeros((4, 1)))
    with pytest.raises(ValueError, match="Y must contain only finite numbers, found nan"):
        f(X, [[NAN]] * 3)
    with pytest.raises(ValueError, match="X must contain only finite numbers, found inf"):
        f([[INF, 0.0]] * 3, Y)


def test_bce_and_cross_entropy_need_targets_in_0_1():
    with pytest.raises(ValueError, match=esc("loss 'bce' needs targets in [0, 1], got values in [-1, 2]")):
        MLP([2, 1], loss="bce").loss(np.zeros((2, 2)), [[-1.0], [2.0]])
    with pytest.raises(ValueError, match="loss 'cross_entropy' needs targets in"):
        MLP([2, 2], output_activation="softmax", loss="cross_entropy").fit(np.zeros((1, 2)), [[3.0, 0.0]])


@pytest.mark.parametrize("value", [NAN, INF, -INF])
def test_non_finite_weights_are_reported(mlp, value):
    mlp.weights[1][0, 2] = value
    for call in (lambda: mlp.forward(X), lambda: mlp.loss(X, Y), lambda: mlp.gradients(X, Y),
                 lambda: mlp.fit(X, Y, epochs=1)):
        with pytest.raises(ValueError, match=r"weights\[1\] must contain only finite numbers, found -?(nan|inf)"):
            call()


def test_non_finite_bias_is_reported(mlp):
    mlp.biases[0][1] = NAN
    with pytest.raises(ValueError, match=esc("biases[0] must contain only finite numbers, found nan")):
        mlp.forward(X)


def test_replaced_weights_of_the_wrong_shape_are_refused_at_once(mlp):
    before = mlp.weights[0]
    with pytest.raises(ValueError, match=esc("weights[0] must be an array of shape (3, 2), got shape (5, 5).")):
        mlp.weights[0] = np.zeros((5, 5))
    with pytest.raises(TypeError, match=esc("weights[0] must be an array of shape (3, 2), got [[0.0, 0.0], [0.0]]")):
        mlp.weights[0] = [[0.0, 0.0], [0.0]]
    assert mlp.weights[0] is before  # nothing was stored
    mlp.weights[0] = [[0.0, 0.0]] * 3  # a nested list of the right shape is taken (as float64)
    assert mlp.weights[0].dtype == np.float64 and mlp.forward(X).shape == (3, 1)


def test_integer_weights_set_by_hand_are_stored_as_floats():
    # A student sets weights by hand with integers: they are kept as float64
    # copies, so training can write fractional updates into them.
    mlp = MLP([2, 1], activation="sigmoid")
    mlp.weights[0] = np.array([[1, -1]])
    assert mlp.weights[0].dtype == np.float64
    assert mlp.forward([[1.0, 0.0]])[0, 0] == pytest.approx(1 / (1 + np.exp(-1.0)))
    hist = mlp.fit([[1.0, 0.0]], [[0.0]], lr=0.5, epochs=3)
    assert not hist.diverged and mlp.weights[0][0, 0] < 1.0
    with pytest.raises(TypeError, match=esc("weights[0] must hold real numbers, got dtype <U1")):
        mlp.weights[0] = np.array([["a", "b"]])


@pytest.mark.parametrize("kwargs, exc, message", [
    (dict(lr=0.0), ValueError, "lr must be a finite number > 0, got 0.0"),
    (dict(lr=-0.5), ValueError, "lr must be a finite number > 0, got -0.5"),
    (dict(lr=float("nan")), ValueError, "lr must be a finite number > 0, got nan"),
    (dict(lr="fast"), TypeError, "lr must be a finite number > 0, got 'fast'"),
    (dict(epochs=-1), ValueError, "epochs must be an integer >= 0, got -1"),
    (dict(epochs=2.5), TypeError, "epochs must be an integer, got 2.5"),
    (dict(batch_size=0), ValueError, "batch_size must be an integer >= 1, got 0"),
    (dict(momentum=1.0), ValueError, "momentum must be in [0, 1), got 1.0"),
    (dict(momentum=-0.1), ValueError, "momentum must be in [0, 1), got -0.1"),
    (dict(l2=-1.0), ValueError, "l2 must be >= 0, got -1.0"),
    (dict(seed=0.5), TypeError, "seed must be an integer, got 0.5"),
])
def test_fit_rejects(mlp, kwargs, exc, message):
    before = [W.copy() for W in mlp.weights]
    with pytest.raises(exc, match=esc(message)):
        mlp.fit(X, Y, **kwargs)
    assert all(np.array_equal(a, b) for a, b in zip(before, mlp.weights))


def test_loss_and_gradients_reject_negative_l2(mlp):
    with pytest.raises(ValueError, match=esc("l2 must be >= 0, got -1.0")):
        mlp.loss(X, Y, l2=-1)
    with pytest.raises(ValueError, match=esc("l2 must be >= 0, got -0.1")):
        mlp.gradients(X, Y, l2=-0.1)


def test_from_mazur_rejects_a_non_mazur_network():
    # BUG: raises AttributeError ("'NoneType' object has no attribute 'weights'")
    with pytest.raises(TypeError, match="MazurNetwork"):
        MLP.from_mazur(None)
    with pytest.raises(TypeError, match="MazurNetwork"):
        MLP.from_mazur({"w1": 0.1})


# -- ChainNetwork -------------------------------------------------------------------------------
@pytest.mark.parametrize("kwargs, exc, message", [
    (dict(w0=NAN), ValueError, "w0 must be a finite number, got nan."),
    (dict(w1="a"), TypeError, "w1 must be an array of real numbers, got 'a'"),
    (dict(w2=np.array([1.0, INF])), ValueError, "w2 must contain only finite numbers, found inf"),
])
def test_chain_network_rejects_bad_weights(kwargs, exc, message):
    with pytest.raises(exc, match=esc(message)):
        ChainNetwork(**kwargs)


def test_chain_network_rejects_bad_inputs():
    net = ChainNetwork()
    with pytest.raises(ValueError, match="s0 must be a finite number, got nan."):
        net.forward(NAN)
    with pytest.raises(ValueError, match="target must be a finite number, got inf."):
        net.cost(2.0, INF)
    with pytest.raises(ValueError, match="target must be a finite number, got nan."):
        net.gradients(2.0, NAN)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got 0.0"):
        net.step(2.0, 0.7, 0)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got nan"):
        net.step(2.0, 0.7, NAN)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -1.0"):
        net.train(2.0, 0.7, -1, 5)
    with pytest.raises(ValueError, match="steps must be an integer >= 0, got -1"):
        net.train(2.0, 0.7, 0.5, -1)
    with pytest.raises(TypeError, match="steps must be an integer, got 2.5"):
        net.train(2.0, 0.7, 0.5, 2.5)
    with pytest.raises(ValueError, match=esc("s0 must be a 0-D array, got shape (2,)")):
        net.train(np.ones(2), 0.7, 0.5, 3)
    with pytest.raises(ValueError, match=esc("train() needs scalar weights")):
        ChainNetwork(w0=np.ones(3)).train(2.0, 0.7, 0.5, 3)


# -- MazurNetwork -----------------------------------------------------------------------------------
def test_mazur_rejects_unknown_parameter_names():
    with pytest.raises(ValueError, match=esc("unknown parameter name(s) ['w9']; expected some of ['w1'")):
        MazurNetwork(w9=1)
    with pytest.raises(ValueError, match=esc("['w9']")):
        MazurNetwork({"w9": 1})


@pytest.mark.parametrize("value, exc, message", [
    (NAN, ValueError, "w1 must be a finite number, got nan"),
    (INF, ValueError, "w1 must be a finite number, got inf"),
    ("x", TypeError, "w1 must be a real number, got 'x' (str)"),
    (True, TypeError, "w1 must be a real number, got True (bool)"),
])
def test_mazur_rejects_bad_weight_values(value, exc, message):
    with pytest.raises(exc, match=esc(message)):
        MazurNetwork(w1=value)


def test_mazur_rejects_inputs_and_targets_of_the_wrong_length():
    net = MazurNetwork()
    with pytest.raises(ValueError, match=esc("inputs must have shape (2")):
        net.forward((1.0, 2.0, 3.0))
    with pytest.raises(ValueError, match=esc("got shape (1,)")):
        net.forward((1.0,))
    with pytest.raises(ValueError, match="inputs must contain only finite numbers, found nan"):
        net.forward((1.0, NAN))
    with pytest.raises(ValueError, match=esc("targets must have shape (2")):
        net.total_error((0.05, 0.1), (0.01, 0.99, 0.5))
    with pytest.raises(ValueError, match=esc("targets must have shape (2")):
        net.backward((0.05, 0.1), (0.01,))


def test_mazur_rejects_bad_learning_settings():
    net = MazurNetwork()
    I, T = (0.05, 0.1), (0.01, 0.99)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got -1.0"):
        net.step(I, T, lr=-1)
    with pytest.raises(ValueError, match="update must be one of 'simultaneous', 'in_place'; got 'sequential'"):
        net.step(I, T, update="sequential")
    with pytest.raises(ValueError, match="update must be one of 'simultaneous', 'in_place'; got 'bogus'"):
        net.train(I, T, update="bogus")
    with pytest.raises(ValueError, match="rounds must be an integer >= 0, got -3"):
        net.train(I, T, rounds=-3)
    with pytest.raises(ValueError, match="lr must be a finite number > 0, got nan"):
        net.train(I, T, lr=NAN, rounds=1)


# -- descent ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("args, kwargs, exc, message", [
    (("saddle", [0.0], 0.1), {}, ValueError,
     "objective must be one of 'parabola', 'double_well', 'bowl'; got 'saddle'"),
    (("bowl", [0.0], 0.1), {}, ValueError, "theta0 must have shape (2"),
    (("parabola", [NAN], 0.1), {}, ValueError, "theta0 must contain only finite numbers, found nan"),
    (("parabola", [0.0], 0), {}, ValueError, "lr must be a finite number > 0, got 0.0"),
    (("parabola", [0.0], NAN), {}, ValueError, "lr must be a finite number > 0, got nan"),
    (("parabola", [0.0], 0.1), dict(steps=-1), ValueError, "steps must be an integer >= 0, got -1"),
    (("parabola", [0.0], 0.1), dict(update="async"), ValueError,
     "update must be one of 'simultaneous', 'sequential'; got 'async'"),
    (("parabola", [0.0], 0.1), dict(momentum=1.5), ValueError, "momentum must be in [0, 1), got 1.5"),
    (("parabola", [0.0], 0.1), dict(momentum=-0.5), ValueError, "momentum must be in [0, 1), got -0.5"),
])
def test_gradient_descent_rejects(args, kwargs, exc, message):
    with pytest.raises(exc, match=esc(message)):
        descent.gradient_descent(*args, **kwargs)


def test_gradient_descent_rejects_an_objective_that_is_neither_name_nor_objective():
    # BUG: raises AttributeError ("'int' object has no attribute 'dim'")
    with pytest.raises(TypeError, match="objective"):
        descent.gradient_descent(42, [0.0], 0.1)


@pytest.mark.parametrize("n, b, exc, message", [
    (10, 20, ValueError, "batch_size must be <= n_samples (10), got 20"),
    (0, 1, ValueError, "n_samples must be an integer >= 1, got 0"),
    (10, 0, ValueError, "batch_size must be an integer >= 1, got 0"),
    (10.0, 2, TypeError, "n_samples must be an integer, got 10.0"),
])
def test_iterations_per_epoch_rejects(n, b, exc, message):
    with pytest.raises(exc, match=esc(message)):
        descent.iterations_per_epoch(n, b)


# -- gradient checking ---------------------------------------------------------------------------------
def test_numerical_gradient_rejects():
    with pytest.raises(TypeError, match="x must be a float numpy array .* got list"):
        numerical_gradient(lambda v: 0.0, [1.0])
    with pytest.raises(TypeError, match="x must be a float numpy array"):
        numerical_gradient(lambda v: 0.0, np.array([1]))
    with pytest.raises(ValueError, match="eps must be a finite number > 0, got 0.0"):
        numerical_gradient(lambda v: 0.0, np.array([1.0]), eps=0)


def test_gradient_check_rejects():
    with pytest.raises(TypeError,
                       match="gradient_check takes a ChainNetwork, MazurNetwork, MLP or a function of Values, got int"):
        gradient_check(42)
    with pytest.raises(ValueError, match="eps must be a finite number > 0, got -1.0"):
        gradient_check(ChainNetwork(), 2.0, 0.7, eps=-1)
    with pytest.raises(TypeError, match="the function must return a Value, got float"):
        gradient_check(lambda a: 3.0, [1.0])
    with pytest.raises(ValueError, match=esc("values must be a 1-D array, got shape (1, 1)")):
        gradient_check(lambda a: a, [[1.0]])


def test_gradient_check_with_missing_arguments_says_what_it_needs():
    # BUG: a bare tuple unpack raises "not enough values to unpack (expected 2, got 1)"
    with pytest.raises((TypeError, ValueError), match="s0, target"):
        gradient_check(ChainNetwork(), 2.0)


# -- Value ---------------------------------------------------------------------------------------------------
def test_value_rejects():
    with pytest.raises(ValueError, match="data must be a finite number, got nan"):
        Value(NAN)
    with pytest.raises(TypeError, match=esc("data must be a real number, got 'a' (str)")):
        Value("a")
    with pytest.raises(TypeError, match=esc("other operand must be a Value or a real number, got 'a' (str)")):
        Value(1.0) + "a"
    with pytest.raises(ValueError, match="log is only defined for data > 0, got data=-1.0"):
        Value(-1.0).log()
    with pytest.raises(ValueError, match="division by zero"):
        Value(1.0) / 0


# -- the tables of activations and losses ------------------------------------------------------------------
def test_check_functions_name_the_bad_choice():
    with pytest.raises(ValueError, match="activation must be one of .*; got 'bogus'"):
        activations.check_activation("bogus")
    with pytest.raises(ValueError, match="loss must be one of .*; got 'hinge'"):
        losses.check_loss("hinge", "sigmoid")


def test_activate_rejects_an_unknown_name():
    # BUG: activations.activate / backward index the table directly -> KeyError
    with pytest.raises(ValueError, match="activation must be one of .*; got 'bogus'"):
        activations.activate("bogus", np.zeros(2))


def test_loss_value_rejects_an_unknown_name():
    # BUG: an unknown name silently falls through to the cross-entropy branch
    A = np.array([[0.5, 0.5]])
    with pytest.raises(ValueError, match="loss must be one of .*; got 'hinge'"):
        losses.loss_value("hinge", A, np.zeros((1, 2)), np.array([[1.0, 0.0]]))
