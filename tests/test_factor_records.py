"""Chain-rule factor records (MazurNetwork.factors, MLP.factors).

For every weight and bias of lecture 001's 2-2-2 network and of small MLPs:
the product of the factors (and each sum over paths) equals the core's own
backpropagation and a central difference; the lecture's printed numbers come
out to the printed digits; every typical mistake differs from the right answer.
"""
import math

import numpy as np
import pytest

from backprop_core import MLP, MazurNetwork
from backprop_core.factors import KINDS, MISTAKES, Factor, FactorChain

INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
PARAMS = MazurNetwork.PARAMS


def product(factors):
    out = 1.0
    for f in factors:
        out *= f.value
    return out


def check_structure(rec):
    """Every product, sum and sub-product of a record adds up."""
    assert isinstance(rec, FactorChain)
    if rec.units:
        assert rec.factors == ()
        assert rec.product == pytest.approx(sum(u.product for u in rec.units), rel=1e-12, abs=1e-15)
        for u in rec.units:
            check_structure(u)
        return
    assert rec.product == pytest.approx(product(rec.factors), rel=1e-12, abs=1e-15)
    for f in rec.factors:
        assert isinstance(f, Factor) and f.kind in KINDS
        assert f.symbol and f.formula and f.latex_symbol and f.latex_formula
    sums = [f for f in rec.factors if f.kind == "sum"]
    if rec.paths:
        assert len(sums) == 1 and rec.factors[0] is sums[0]
        assert sums[0].value == pytest.approx(sum(p.product for p in rec.paths), rel=1e-12, abs=1e-15)
        for p in rec.paths:
            check_structure(p)
    else:
        assert not sums


def mazur_numeric(net, name, eps=1e-6):
    p = net.weights
    up = MazurNetwork({**p, name: p[name] + eps}).total_error(INPUTS, TARGETS)
    down = MazurNetwork({**p, name: p[name] - eps}).total_error(INPUTS, TARGETS)
    return (up - down) / (2 * eps)


# -- the 2-2-2 network ------------------------------------------------------------------
@pytest.mark.parametrize("weights", [{}, {"w1": -1.3, "w5": 2.2, "w8": -0.7, "b1": -0.4, "b2": 1.1}])
@pytest.mark.parametrize("name", PARAMS)
def test_mazur_product_is_the_gradient_and_a_central_difference(name, weights):
    net = MazurNetwork(weights)
    rec = net.factors(INPUTS, TARGETS, name)
    check_structure(rec)
    assert rec.param == name and rec.symbol == f"dE_total/d{name}"
    assert rec.product == pytest.approx(net.gradients(INPUTS, TARGETS)[name], rel=1e-12, abs=1e-15)
    assert rec.product == pytest.approx(mazur_numeric(net, name), rel=1e-6, abs=1e-10)


def test_mazur_shapes_of_the_records():
    net = MazurNetwork()
    for name in ("w5", "w6", "w7", "w8"):
        rec = net.factors(INPUTS, TARGETS, name)
        assert [f.kind for f in rec.factors] == ["cost", "activation", "input"] and rec.paths == ()
    for name in ("w1", "w2", "w3", "w4"):
        rec = net.factors(INPUTS, TARGETS, name)
        assert [f.kind for f in rec.factors] == ["sum", "activation", "input"]
        assert len(rec.paths) == 2
        for path in rec.paths:
            assert [f.kind for f in path.factors] == ["cost", "activation", "weight"]
    for name, n_paths in (("b1", 2), ("b2", 0)):
        rec = net.factors(INPUTS, TARGETS, name)
        assert len(rec.units) == 2
        assert all(u.factors[-1].kind == "bias_input" and u.factors[-1].value == 1.0 for u in rec.units)
        assert all(len(u.paths) == n_paths for u in rec.units)


def test_mazur_lecture_numbers():
    net = MazurNetwork()
    w5 = net.factors(INPUTS, TARGETS, "w5")
    # dE/dw5 = 0.74136507 * 0.186815602 * 0.593269992 = 0.082167041
    assert [f.symbol for f in w5.factors] == ["dE_total/dout_o1", "dout_o1/dnet_o1", "dnet_o1/dw5"]
    assert round(w5.factors[0].value, 8) == 0.74136507
    assert round(w5.factors[1].value, 9) == 0.186815602
    assert round(w5.factors[2].value, 9) == 0.593269992
    assert round(w5.product, 9) == 0.082167041
    w1 = net.factors(INPUTS, TARGETS, "w1")
    assert [f.symbol for f in w1.factors] == ["dE_total/dout_h1", "dout_h1/dnet_h1", "dnet_h1/dw1"]
    o1, o2 = w1.paths
    assert o1.symbol == "dE_o1/dout_h1" and o2.symbol == "dE_o2/dout_h1"
    assert [f.symbol for f in o1.factors] == ["dE_o1/dout_o1", "dout_o1/dnet_o1", "dnet_o1/dout_h1"]
    # dE_o1/dout_h1 = 0.138498562 * 0.40 = 0.055399425
    assert round(o1.product, 9) == 0.055399425
    assert o1.factors[2].formula == "w5" and o1.factors[2].value == 0.40
    # printed -0.019049119; exactly -0.0190491183 (the lecture rounded intermediates)
    assert abs(o2.product - (-0.019049119)) < 1e-9
    # dE_total/dout_h1 = 0.055399425 + -0.019049119 = 0.036350306
    assert round(w1.factors[0].value, 9) == 0.036350306
    assert round(w1.factors[1].value, 9) == 0.241300709
    assert w1.factors[2].value == 0.05
    # dE/dw1 = 0.036350306 * 0.241300709 * 0.05 = 0.000438568
    assert round(w1.product, 9) == 0.000438568
    # w1+ = 0.15 - 0.5 * 0.000438568 = 0.149780716
    assert round(0.15 - 0.5 * w1.product, 9) == 0.149780716


@pytest.mark.parametrize("name", PARAMS)
def test_mazur_mistakes_differ_from_the_answer(name):
    rec = MazurNetwork().factors(INPUTS, TARGETS, name)
    wrong = rec.mistakes()
    assert set(wrong) <= set(MISTAKES)
    assert {"sign", "forgot_sprime", "sprime_of_net"} <= set(wrong)
    if name in ("w1", "w2", "w3", "w4", "b1"):
        assert {"one_path_only", "updated_output_weights", "forgot_all_sprime"} <= set(wrong)
    if name in ("b1", "b2"):
        assert "one_unit_only" in wrong
    else:
        assert {"wrong_input", "weight_for_input"} <= set(wrong)
    for key, value in wrong.items():
        assert not math.isclose(value, rec.product, rel_tol=1e-6), key
    assert wrong["sign"] == -rec.product
    listed = rec.mistake_list()
    assert [v for v, _ in listed] == list(wrong.values())
    assert all(isinstance(text, str) and text for _, text in listed)


@pytest.mark.parametrize("name", ["w1", "w2", "w3", "w4"])
def test_mazur_mistake_values_by_hand(name):
    net = MazurNetwork()
    b = net.backward(INPUTS, TARGETS)
    f = b.forward
    rec = net.factors(INPUTS, TARGETS, name, lr=0.5)
    h = "h1" if name in ("w1", "w2") else "h2"
    x = f.i1 if name in ("w1", "w3") else f.i2
    out = getattr(f, f"out_{h}")
    netv = getattr(f, f"net_{h}")
    dE_dout_h = getattr(b, f"dE_dout_{h}")
    w = rec.mistakes()
    assert w["forgot_sprime"] == pytest.approx(dE_dout_h * x, rel=1e-12)
    assert w["sprime_of_net"] == pytest.approx(dE_dout_h * netv * (1 - netv) * x, rel=1e-12)
    assert w["one_path_only"] == pytest.approx(getattr(b, f"dEo1_dout_{h}") * out * (1 - out) * x, rel=1e-12)
    # the in-place rule of the blog's code IS the "updated output weights" slip
    new = net.step(INPUTS, TARGETS, lr=0.5, update="in_place").weights[name]
    assert net.weights[name] - 0.5 * w["updated_output_weights"] == pytest.approx(new, rel=1e-12)


def test_mazur_factors_validate():
    net = MazurNetwork()
    with pytest.raises(ValueError, match="weight must be one of"):
        net.factors(INPUTS, TARGETS, "w9")
    with pytest.raises(ValueError, match="lr must be"):
        net.factors(INPUTS, TARGETS, "w1", lr=0)
    with pytest.raises(ValueError, match="inputs must have shape"):
        net.factors((1.0, 2.0, 3.0), TARGETS, "w1")


# -- the MLP ----------------------------------------------------------------------------
def all_params(mlp):
    for l, W in enumerate(mlp.weights):
        for i in range(W.shape[0]):
            for j in range(W.shape[1]):
                yield l, i, j
            yield l, i, None


def mlp_numeric(mlp, x, y, layer, i, j, eps=1e-6):
    arr = mlp.biases[layer] if j is None else mlp.weights[layer]
    idx = (i,) if j is None else (i, j)
    old = arr[idx]
    arr[idx] = old + eps
    up = mlp.loss(x, y)
    arr[idx] = old - eps
    down = mlp.loss(x, y)
    arr[idx] = old
    return (up - down) / (2 * eps)


def randomised(mlp, seed):
    rng = np.random.default_rng(seed)
    for b in mlp.biases:
        b[...] = rng.uniform(-0.5, 0.5, size=b.shape)
    return mlp


NETS = {
    "2-3-3-1 sigmoid, half_sse": (lambda: randomised(MLP([2, 3, 3, 1], seed=3, init="xavier"), 1),
                                  [0.3, -0.8], [0.9]),
    "2-3-3-1 tanh, mse": (lambda: randomised(MLP([2, 3, 3, 1], activation="tanh", output_activation="linear",
                                                 loss="mse", seed=4, init="xavier"), 2), [0.7, 0.2], [-0.4]),
    "2-3-2 softmax, cross_entropy": (lambda: randomised(MLP([2, 3, 2], output_activation="softmax",
                                                            loss="cross_entropy", seed=5, init="xavier"), 3),
                                     [0.5, -1.0], [0.0, 1.0]),
    "2-3-2 sigmoid, bce": (lambda: randomised(MLP([2, 3, 2], activation="relu", output_activation="sigmoid",
                                                  loss="bce", seed=6, init="he"), 4), [0.5, 1.5], [1.0, 0.0]),
    "2-3-2 softmax, half_sse": (lambda: randomised(MLP([2, 3, 2], output_activation="softmax", loss="half_sse",
                                                       seed=7, init="xavier"), 5), [-0.2, 0.6], [1.0, 0.0]),
}


@pytest.mark.parametrize("which", list(NETS))
def test_mlp_every_parameter_product_is_the_gradient_and_a_central_difference(which):
    make, x, y = NETS[which]
    mlp = make()
    gW, gb = mlp.gradients([x], [y])
    for layer, i, j in all_params(mlp):
        rec = mlp.factors(x, y, layer, i, j)
        check_structure(rec)
        core = gb[layer][i] if j is None else gW[layer][i, j]
        assert rec.product == pytest.approx(core, rel=1e-10, abs=1e-14), (layer, i, j)
        assert rec.product == pytest.approx(mlp_numeric(mlp, x, y, layer, i, j), rel=1e-5, abs=1e-9)
        hidden = layer < len(mlp.weights) - 1
        assert bool(rec.paths) == hidden
        if hidden:
            assert len(rec.paths) == mlp.sizes[layer + 2]
            assert [p.factors[-1].kind for p in rec.paths] == ["weight"] * len(rec.paths)
        assert rec.factors[-1].kind == ("bias_input" if j is None else "input")
        for key, value in rec.mistakes().items():
            assert key in MISTAKES
            assert not math.isclose(value, rec.product, rel_tol=1e-6), (layer, i, j, key)


def test_mlp_record_equals_the_2_2_2_record():
    net = MazurNetwork()
    mlp = MLP.from_mazur(net)
    names = {"w1": (0, 0, 0), "w2": (0, 0, 1), "w3": (0, 1, 0), "w4": (0, 1, 1),
             "w5": (1, 0, 0), "w6": (1, 0, 1), "w7": (1, 1, 0), "w8": (1, 1, 1)}
    for name, (layer, i, j) in names.items():
        a = net.factors(INPUTS, TARGETS, name)
        b = mlp.factors(INPUTS, TARGETS, layer, i, j)
        assert [f.value for f in b.factors] == pytest.approx([f.value for f in a.factors], rel=1e-12)
        assert [p.product for p in b.paths] == pytest.approx([p.product for p in a.paths], rel=1e-12)
        assert b.mistakes() == pytest.approx(a.mistakes(), rel=1e-12)
        assert [f.kind for f in b.factors] == [f.kind for f in a.factors]


def test_mlp_record_names():
    mlp = MLP([2, 3, 3, 1], seed=0)
    rec = mlp.factors([0.1, 0.2], [1.0], 1, 2, 0)
    assert rec.param == "W1[2,0]" and rec.symbol == "dC/dW1[2,0]"
    # the course's notation: W1 leads from a1 to z2, a2; the output is a3 (backprop_core.notation)
    assert [f.symbol for f in rec.factors] == ["dC/da2[2]", "da2[2]/dz2[2]", "dz2[2]/dW1[2,0]"]
    assert rec.factors[-1].formula == "a1[0]"
    assert [p.symbol for p in rec.paths] == ["dC/da2[2] via z3[0]"]
    assert rec.factors[0].latex_symbol == r"\frac{\partial C}{\partial a_{2}[2]}"
    assert "one_path_only" not in rec.mistakes()  # one neuron above: one path
    first = mlp.factors([0.1, 0.2], [1.0], 0, 1, None)
    assert first.param == "b0[1]" and first.factors[-1].formula == "1"
    assert first.symbol == "dC/db0[1]" and first.factors[-1].symbol == "dz1[1]/db0[1]"
    assert mlp.factors([0.1, 0.2], [1.0], 0, 1, 1).factors[-1].formula == "a0[1]"  # a0 is the input x
    soft = NETS["2-3-2 softmax, cross_entropy"][0]()
    out = soft.factors([0.5, -1.0], [0.0, 1.0], 1, 0, 2)
    assert [f.kind for f in out.factors] == ["delta", "input"] and out.factors[0].formula == "a - y"


def test_mlp_factors_validate():
    mlp = MLP([2, 3, 1], seed=0)
    x, y = [0.1, 0.2], [1.0]
    with pytest.raises(ValueError, match="layer must be an integer <= 1"):
        mlp.factors(x, y, 2, 0, 0)
    with pytest.raises(ValueError, match="i must be an integer <= 2"):
        mlp.factors(x, y, 0, 3, 0)
    with pytest.raises(ValueError, match="j must be an integer <= 1"):
        mlp.factors(x, y, 0, 0, 2)
    with pytest.raises(ValueError, match="one example"):
        mlp.factors([x, x], [y, y], 0, 0, 0)
    with pytest.raises(ValueError, match="no biases"):
        MLP([2, 3, 1], bias=False).factors(x, y, 0, 0)
    with pytest.raises(ValueError, match="'step' has no useful derivative"):
        MLP([2, 3, 1], activation="step").factors(x, y, 0, 0, 0)
