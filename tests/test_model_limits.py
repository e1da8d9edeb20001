"""The core models refuse numbers they cannot hold (issue 16, "Classroom-grade trust").

Every settable number of ChainNetwork, MazurNetwork, MLP and Value is tried
with NaN, +-infinity, 1e308 and a string: each is refused with one sentence
naming the value, and the model keeps what it had. Good values (up to the
stated limit, 1e12) are taken and used. ``weights`` mappings either write
through (ChainNetwork, MLP) or refuse (MazurNetwork); nothing is dropped.
Warnings are errors in this suite, so "no RuntimeWarning" is checked too.
"""
import copy
import itertools
import math
import pickle
import re

import numpy as np
import pytest

from backprop_core import MLP, ChainNetwork, MazurNetwork, Value, divergence_sentence, gradient_check
from backprop_core.activations import sigmoid
from backprop_core.validation import LIMIT, WeightMap

NAN, INF = float("nan"), float("inf")
INPUTS, TARGETS = (0.05, 0.10), (0.01, 0.99)

#: (bad value, exception, how the message names it)
BAD = [
    (NAN, ValueError, "nan"),
    (INF, ValueError, "inf"),
    (-INF, ValueError, "-inf"),
    (1e308, ValueError, "1e+308"),
    ("a", TypeError, "'a'"),
]
BAD_IDS = ["nan", "inf", "-inf", "1e308", "str"]


def one_sentence_naming(exc_info, shown):
    """The message is one sentence (one final full stop) and contains the value as shown."""
    text = str(exc_info.value)
    assert shown in text, text
    assert text.endswith("."), text
    assert not re.search(r"\.\s+[A-Z]", text), f"more than one sentence: {text}"
    return text


def chain_out(w0, w1, w2, s0):
    """Lecture 000's forward pass written out by hand."""
    return w2 * sigmoid(w1 * sigmoid(w0 * s0))


# -- ChainNetwork --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", ChainNetwork.PARAMS)
@pytest.mark.parametrize("how", ["attribute", "mapping", "constructor"])
@pytest.mark.parametrize("value, exc, shown", BAD, ids=BAD_IDS)
def test_chain_weights_refuse_what_they_cannot_hold(name, how, value, exc, shown):
    net = ChainNetwork()
    with pytest.raises(exc) as info:
        if how == "attribute":
            setattr(net, name, value)
        elif how == "mapping":
            net.weights[name] = value
        else:
            ChainNetwork(**{name: value})
    text = one_sentence_naming(info, shown)
    assert text.startswith(name)
    if value == 1e308:
        assert f"at most {LIMIT:g}" in text  # the message states the limit
    assert net.weights == {"w0": 2.0, "w1": 1.0, "w2": 0.5}  # nothing changed
    assert net.forward(2.0).out == pytest.approx(0.3638, abs=5e-5)  # lecture 000's out


@pytest.mark.parametrize("value, exc, shown", BAD, ids=BAD_IDS)
def test_chain_inputs_refuse_what_the_network_cannot_take(value, exc, shown):
    net = ChainNetwork()
    for call in (lambda: net.forward(value), lambda: net.cost(value, 0.7), lambda: net.cost(2.0, value),
                 lambda: net.gradients(2.0, value), lambda: net.train(value, 0.7, 0.5, 3),
                 lambda: net.train(2.0, value, 0.5, 3)):
        with pytest.raises(exc) as info:
            call()
        one_sentence_naming(info, shown)


def test_chain_good_values_are_taken_and_used():
    net = ChainNetwork()
    net.w0 = 3  # an int is stored as a float
    assert net.w0 == 3.0 and isinstance(net.w0, float)
    net.w1 = np.float32(-0.5)
    net.w2 = LIMIT  # the limit itself is allowed
    assert net.forward(2.0).out == pytest.approx(chain_out(3.0, -0.5, LIMIT, 2.0), rel=1e-12)
    net.w2 = -LIMIT
    assert net.w2 == -LIMIT
    with pytest.raises(ValueError, match=re.escape(f"w2 must be a number of size at most {LIMIT:g}, got 1e+12.")):
        net.w2 = 1.0000001e12
    with pytest.raises(ValueError, match=re.escape(f"w2 must contain only numbers of size at most {LIMIT:g}, "
                                                   "found -2e+12.")):
        net.w2 = np.array([0.0, -2e12])
    grid = np.linspace(-4, 4, 5)
    net.w0 = grid  # arrays that broadcast are still weights
    assert net.forward(2.0).out.shape == (5,)
    with pytest.raises(ValueError, match="w1 must contain only finite numbers, found nan"):
        net.w1 = np.array([0.0, NAN])


def test_chain_refuses_a_misspelt_setting():
    net = ChainNetwork()
    with pytest.raises(TypeError) as info:
        net.W0 = 3.0
    assert str(info.value) == "ChainNetwork has no setting 'W0' (got W0 = 3.0); its weights are w0, w1, w2."
    assert not hasattr(net, "W0") and net.w0 == 2.0


def test_chain_weights_mapping_writes_through():
    net = ChainNetwork()
    w = net.weights
    assert w == {"w0": 2.0, "w1": 1.0, "w2": 0.5} and repr(w) == "{'w0': 2.0, 'w1': 1.0, 'w2': 0.5}"
    assert list(w) == ["w0", "w1", "w2"] and len(w) == 3
    w["w1"] = -0.7
    assert net.w1 == -0.7 and w["w1"] == -0.7  # the model took it ...
    # ... and uses it: forward pass and gradients (against central differences)
    assert net.forward(2.0).out == pytest.approx(chain_out(2.0, -0.7, 0.5, 2.0), rel=1e-15)
    assert gradient_check(net, 2.0, 0.7).max_rel_error < 1e-7
    net.w2 = 1.5
    assert w["w2"] == 1.5  # a live view
    snapshot = w.copy()
    assert type(snapshot) is dict
    net.w2 = 2.5
    assert snapshot["w2"] == 1.5
    w.update(w0=1.0, w2=0.25)
    assert (net.w0, net.w2) == (1.0, 0.25)
    with pytest.raises(ValueError,
                       match=re.escape("'w3' is not a weight of ChainNetwork; expected one of w0, w1, w2.")):
        w["w3"] = 1.0
    with pytest.raises(TypeError, match="ChainNetwork always has all of its weights"):
        del w["w0"]
    with pytest.raises(ValueError, match=re.escape("w0 must be a finite number, got nan.")):
        w.update(w0=NAN)
    assert net.w0 == 1.0


def test_chain_step_past_the_limit_says_the_update_diverges():
    with pytest.raises(ValueError) as info:
        ChainNetwork().step(2.0, 0.7, lr=1e300)
    text = one_sentence_naming(info, "lr=1e+300")
    assert "past the limit 1e+12" in text and "lower the learning rate" in text
    # on a grid of weights too, without a RuntimeWarning from the overflowing update
    W0, W1 = np.meshgrid(np.linspace(-4, 4, 3), np.linspace(-4, 4, 3))
    with pytest.raises(ValueError, match="past the limit"):
        ChainNetwork(W0, W1, 0.5).step(2.0, 0.7, lr=1e300)


def test_chain_training_that_diverges_is_a_record_not_an_exception():
    run = ChainNetwork().train(2.0, 0.7, lr=1e300, steps=5)
    assert run.diverged and run.diverged_at == 1 and run.steps == 0
    assert divergence_sentence(run).startswith("Diverged at step 1: with learning rate 1e+300")


def test_no_pass_of_the_chain_overflows_within_the_limit():
    # every corner of the allowed box (weights, s0 and target in {-L, -1, 0, 1, L}): cost,
    # gradients and factors stay finite; the largest gradient is below 1e50 (the documented bound)
    corners = np.array([-LIMIT, -1.0, 0.0, 1.0, LIMIT])
    w0, w1, w2, s0, t = (a.ravel() for a in np.meshgrid(*[corners] * 5, indexing="ij"))
    net = ChainNetwork(w0, w1, w2)
    assert np.all(np.isfinite(net.cost(s0, t)))
    grads = net.gradients(s0, t)
    assert all(np.all(np.isfinite(g)) for g in grads.values())
    assert max(float(np.max(np.abs(g))) for g in grads.values()) < 1e50
    # the worst case by hand: x1 = w0 s0 = 0 and x2 = 0 put S' at its largest, 1/4
    worst = ChainNetwork(w0=0.0, w1=LIMIT, w2=LIMIT)
    g = worst.gradients(s0=LIMIT, target=-LIMIT)["w0"]
    # dC/dw0 = (out - target) w2 S'(x2) w1 S'(x1) s0 with x1 = 0, S'(0) = 1/4, x2 = L/2
    s2 = sigmoid(LIMIT / 2)
    assert g == pytest.approx((LIMIT * s2 + LIMIT) * LIMIT * s2 * (1 - s2) * LIMIT * 0.25 * LIMIT, rel=1e-12)
    assert all(math.isfinite(f.value) for f in worst.factors(LIMIT, -LIMIT))


# -- MazurNetwork --------------------------------------------------------------------------------
@pytest.mark.parametrize("name", MazurNetwork.PARAMS)
@pytest.mark.parametrize("value, exc, shown", BAD, ids=BAD_IDS)
def test_mazur_weights_refuse_what_they_cannot_hold(name, value, exc, shown):
    with pytest.raises(exc) as info:
        MazurNetwork(**{name: value})
    text = one_sentence_naming(info, shown)
    assert text.startswith(name)
    with pytest.raises(exc):
        MazurNetwork({name: value})


@pytest.mark.parametrize("value, exc, shown", BAD, ids=BAD_IDS)
def test_mazur_inputs_and_targets_refuse_what_the_network_cannot_take(value, exc, shown):
    net = MazurNetwork()
    for call in (lambda: net.forward((value, 0.1)), lambda: net.total_error(INPUTS, (0.01, value)),
                 lambda: net.backward((0.05, value), TARGETS), lambda: net.train((value, 0.1), TARGETS, rounds=1)):
        with pytest.raises(exc) as info:
            call()
        one_sentence_naming(info, shown)


def test_mazur_weights_are_read_only_and_say_how_to_change_one():
    net = MazurNetwork()
    w = net.weights
    lecture = dict(zip(MazurNetwork.PARAMS, (0.15, 0.20, 0.25, 0.30, 0.40, 0.45, 0.50, 0.55, 0.35, 0.60)))
    assert w == lecture and dict(w) == lecture and w["w5"] == 0.40
    with pytest.raises(TypeError) as info:
        w["w1"] = 0.3
    assert str(info.value) == ("a MazurNetwork's weights cannot be assigned one by one (got w1 = 0.3); "
                               "build a new network instead: MazurNetwork(net.weights, w1=0.3).")
    with pytest.raises(TypeError, match="cannot be assigned one by one"):
        w.update(w2=0.1)
    with pytest.raises(TypeError) as info:
        net.w1 = 0.3
    assert str(info.value) == ("a MazurNetwork cannot be changed in place (got w1 = 0.3); "
                               "build a new one, e.g. MazurNetwork(net.weights, w1=...).")
    assert net == MazurNetwork() and net.weights == lecture
    assert round(net.total_error(INPUTS, TARGETS), 9) == 0.298371109  # lecture 001, unchanged
    # the way the sentence points to works, and the new network uses the weight
    new = MazurNetwork(net.weights, w1=0.3)
    edited = dict(net.weights)
    edited["w1"] = 0.3
    assert new == MazurNetwork(edited) and new.weights["w1"] == 0.3
    assert new.forward(INPUTS).net_h1 == pytest.approx(0.3 * 0.05 + 0.20 * 0.10 + 0.35, rel=1e-15)


def test_mazur_good_values_at_the_limit_are_taken():
    net = MazurNetwork(w1=LIMIT, b2=-LIMIT, w5=3)
    assert net.weights["w1"] == LIMIT and net.weights["w5"] == 3.0
    assert net.forward(INPUTS).net_h1 == pytest.approx(LIMIT * 0.05 + 0.2 * 0.1 + 0.35, rel=1e-15)
    with pytest.raises(ValueError, match=re.escape("w1 must be a number of size at most 1e+12, got 2e+12.")):
        MazurNetwork(w1=2e12)


def test_no_pass_of_the_2_2_2_network_overflows_within_the_limit():
    rng = np.random.default_rng(0)
    for _ in range(200):
        p = dict(zip(MazurNetwork.PARAMS, rng.choice([-LIMIT, -1.0, 0.0, 1.0, LIMIT], 10)))
        i = rng.choice([-LIMIT, 0.0, LIMIT], 2)
        t = rng.choice([-LIMIT, 0.0, LIMIT], 2)
        net = MazurNetwork(p)
        back = net.backward(i, t)
        assert math.isfinite(back.E_total)
        assert all(math.isfinite(v) for v in back.gradients.values())


def test_mazur_step_past_the_limit_says_the_update_diverges():
    for update in ("simultaneous", "in_place"):
        with pytest.raises(ValueError) as info:
            MazurNetwork().step(INPUTS, TARGETS, lr=1e300, update=update)
        text = one_sentence_naming(info, "lr=1e+300")
        assert "past the limit 1e+12" in text
        run = MazurNetwork().train(INPUTS, TARGETS, lr=1e300, rounds=5, update=update)
        assert run.diverged_at == 1 and run.network == MazurNetwork()


# -- MLP ---------------------------------------------------------------------------------------------
def _with(shape, value):
    arr = np.zeros(shape, dtype=object if isinstance(value, str) else float)
    arr.flat[-1] = value
    return arr if isinstance(value, str) else arr.astype(float)


@pytest.mark.parametrize("kind, layer", [("weights", 0), ("weights", 1), ("biases", 0), ("biases", 1)])
@pytest.mark.parametrize("value, exc, shown", BAD, ids=BAD_IDS)
def test_mlp_arrays_refuse_what_they_cannot_hold(kind, layer, value, exc, shown):
    mlp = MLP([2, 3, 1], seed=0)
    X = np.array([[0.5, -1.0]])
    before_out = mlp.forward(X)
    before = getattr(mlp, kind)[layer]
    bad = _with(before.shape, value)
    with pytest.raises(exc) as info:
        getattr(mlp, kind)[layer] = bad
    text = one_sentence_naming(info, shown)
    assert text.startswith(f"{kind}[{layer}]")
    with pytest.raises(exc) as info:  # the whole list at once
        setattr(mlp, kind, [bad if l == layer else a for l, a in enumerate(getattr(mlp, kind))])
    one_sentence_naming(info, shown)
    with pytest.raises(TypeError, match=re.escape(f"{kind}[{layer}] must hold real numbers")):
        getattr(mlp, kind)[layer] = "a"  # a string instead of an array
    assert getattr(mlp, kind)[layer] is before
    assert np.array_equal(mlp.forward(X), before_out)


def test_mlp_arrays_are_checked_for_shape_and_number_of_layers():
    mlp = MLP([2, 3, 1], seed=0)
    with pytest.raises(ValueError, match=re.escape("biases[1] must be an array of shape (1,), got shape (3,).")):
        mlp.biases[1] = np.zeros(3)
    with pytest.raises(ValueError,
                       match=re.escape("weights must be a list of 2 arrays (one per layer of weights), got 1.")):
        mlp.weights = [np.zeros((3, 2))]
    with pytest.raises(TypeError,
                       match=re.escape("weights must be a list of 2 arrays (one per layer of weights), got 'ab'.")):
        mlp.weights = "ab"
    for change in (lambda: mlp.weights.append(np.zeros((1, 3))), lambda: mlp.weights.pop(),
                   lambda: mlp.biases.insert(0, np.zeros(3)), lambda: mlp.weights.clear()):
        with pytest.raises(TypeError, match=re.escape("replace one with")):
            change()
    with pytest.raises(TypeError, match="replace one with"):
        del mlp.weights[0]
    with pytest.raises(TypeError, match="replace one with"):
        mlp.weights += [np.zeros((1, 3))]
    with pytest.raises(IndexError, match=re.escape("weights has layers 0..1, got index 2.")):
        mlp.weights[2] = np.zeros((1, 3))
    with pytest.raises(ValueError, match=re.escape("weights[1] must contain only finite numbers, found inf.")):
        mlp.weights[:] = [np.zeros((3, 2)), np.full((1, 3), INF)]
    assert len(mlp.weights) == len(mlp.biases) == 2


def test_mlp_assignments_are_taken_and_used():
    mlp = MLP([2, 2, 1], activation="sigmoid", loss="half_sse", seed=0)
    W0, W1 = np.array([[0.15, 0.20], [0.25, 0.30]]), np.array([[0.40, 0.45]])
    mlp.weights = [W0, W1]
    mlp.biases[0] = [0.35, 0.35]  # a list is taken as a float64 array
    mlp.biases[1] = np.array([LIMIT])  # the limit itself is allowed
    assert mlp.weights[0] is W0  # a float64 array is used as it is
    assert mlp.biases[0].dtype == np.float64
    x = np.array([[0.05, 0.10]])
    h = sigmoid(x @ W0.T + 0.35)
    assert mlp.forward(x)[0, 0] == pytest.approx(float(sigmoid(h @ W1.T + LIMIT)[0, 0]), rel=1e-15)
    mlp.biases[1] = np.array([0.6])
    assert gradient_check(mlp, x, [[0.01]]).max_rel_error < 1e-6
    mlp.weights[1][0, 0] = NAN  # a number changed inside an array is caught when the network is used
    with pytest.raises(ValueError, match=re.escape("weights[1] must contain only finite numbers, found nan.")):
        mlp.forward(x)


def test_mlp_copies_and_pickles_stay_checked():
    mlp = MLP([2, 3, 1], seed=0)
    for twin in (mlp.copy(), copy.deepcopy(mlp), pickle.loads(pickle.dumps(mlp))):
        assert all(np.array_equal(a, b) and a is not b for a, b in zip(twin.weights, mlp.weights))
        with pytest.raises(ValueError, match="found nan"):
            twin.weights[0] = np.full((3, 2), NAN)
        with pytest.raises(TypeError, match="replace one with"):
            twin.biases.append(np.zeros(1))


@pytest.mark.parametrize("activation, output, loss", [
    ("sigmoid", "sigmoid", "half_sse"), ("tanh", "linear", "mse"), ("relu", "linear", "half_sse"),
    ("relu", "sigmoid", "bce"), ("linear", "linear", "mse"),
])
@pytest.mark.parametrize("kw", [dict(), dict(momentum=0.9, batch_size=2), dict(l2=0.1, l1=0.1)])
def test_mlp_training_with_a_huge_learning_rate_never_raises(activation, output, loss, kw):
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]]) * 3
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    mlp = MLP([2, 4, 1], activation=activation, output_activation=output, loss=loss, seed=1)
    hist = mlp.fit(X, Y, lr=1e150, epochs=30, **kw)
    assert all(np.all(np.isfinite(W)) for W in [*mlp.weights, *mlp.biases])
    assert np.all(np.isfinite(hist.costs)) and math.isfinite(hist.final_loss)
    if output == "linear":  # the loss itself overflows: said as a divergence, the weights before it kept
        assert hist.diverged and hist.diverged_at >= 1
    if hist.diverged:
        assert hist.steps == hist.diverged_at - 1
        assert divergence_sentence(hist).startswith(f"Diverged at step {hist.diverged_at}:")


# -- Value ---------------------------------------------------------------------------------------------
@pytest.mark.parametrize("value, exc, shown", BAD[:3] + BAD[4:], ids=["nan", "inf", "-inf", "str"])
def test_value_refuses_what_it_cannot_hold(value, exc, shown):
    with pytest.raises(exc) as info:
        Value(value)
    one_sentence_naming(info, shown)
    v = Value(2.0, "v")
    with pytest.raises(exc) as info:
        v.data = value
    one_sentence_naming(info, shown)
    with pytest.raises(exc) as info:
        v.grad = value
    one_sentence_naming(info, shown)
    assert (v.data, v.grad) == (2.0, 0.0)


def test_value_at_1e308_is_held_and_every_overflow_is_a_value_error():
    # Value has no size limit: each operation reports its own overflow, naming it
    v = Value(1e308)
    for make, shown in ((lambda: v * 10, "1e+308"), (lambda: v + v, "1e+308"), (lambda: v.exp(), "exp(1e+308)"),
                        (lambda: v ** 2, "1e+308"), (lambda: Value(1.0) / 1e-320, "1e-320")):
        with pytest.raises(ValueError) as info:
            make()
        assert "overflowed" in str(info.value) and shown in str(info.value)
    with pytest.raises(ValueError, match=re.escape("data must be a number of size at most 1.8e+308")):
        Value(10**400)  # an int too large for a float: ValueError, not OverflowError
    with pytest.raises(ValueError, match="division by zero"):
        Value(1.0) / 0


def test_value_refuses_a_label_that_is_not_a_str():
    v = Value(1.0, "x")
    with pytest.raises(TypeError, match=re.escape("label must be a str, got 3 (int).")):
        v.label = 3
    assert v.label == "x"


def test_value_assignment_is_used_by_the_next_backward_pass():
    a, b = Value(2.0, "a"), Value(3.0, "b")
    f = a * b + a
    f.backward()
    assert (a.grad, b.grad) == (4.0, 2.0)
    b.data = -5.0  # a leaf changed by hand: the local rules read it
    f.backward()
    assert (a.grad, b.grad) == (-4.0, 2.0)


# -- 1e308 anywhere: ValueError, never OverflowError -----------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda: ChainNetwork(w2=1e308).cost(2.0, 0.7),
    lambda: ChainNetwork().cost(2.0, 1e308),
    lambda: ChainNetwork(w0=10**400),
    lambda: MazurNetwork().total_error((1.0, 1.0), (1e308, 0.99)),
    lambda: MazurNetwork(w1=10**400),
    lambda: MLP([1, 1]).weights.__setitem__(0, np.array([[1e308]])),
], ids=["chain-weight", "chain-target", "chain-int", "mazur-target", "mazur-int", "mlp-weight"])
def test_1e308_is_a_value_error_not_an_overflow_error(call):
    with pytest.raises(ValueError, match="at most 1e\\+12"):
        call()


def test_weight_map_without_a_setter_refuses_with_its_sentence():
    m = WeightMap({"a": 1.0}.__getitem__, ("a",), refusal="no {name} = {value} here.")
    assert m == {"a": 1.0}
    with pytest.raises(TypeError, match=re.escape("no a = 2 here.")):
        m["a"] = 2
    with pytest.raises(KeyError):
        m["b"]
    assert list(itertools.islice(m, 5)) == ["a"]
