"""Cross-checks: independent implementations of the same maths must agree.

* the vectorised :class:`MLP` vs lecture 001's hand-coded :class:`MazurNetwork`;
* the :class:`MLP` vs lecture 000's :class:`ChainNetwork`;
* the scalar computational graph :class:`Value` vs both networks;
* lecture 003's numpy training loop (copied as printed) vs :meth:`MLP.fit`.
"""
import numpy as np
import pytest

from backprop_core import MLP, ChainNetwork, MazurNetwork, Value

INPUTS = (0.05, 0.10)
TARGETS = (0.01, 0.99)
X_MAZUR = np.array([INPUTS])
Y_MAZUR = np.array([TARGETS])
WEIGHT_NAMES = ("w1", "w2", "w3", "w4", "w5", "w6", "w7", "w8")


# -- MLP vs MazurNetwork ---------------------------------------------------------
def test_from_mazur_copies_the_weights_exactly():
    mlp = MLP.from_mazur(MazurNetwork())
    assert mlp.sizes == [2, 2, 2]
    assert mlp.activation == mlp.output_activation == "sigmoid"
    assert mlp.loss_name == "half_sse"
    assert mlp.weights[0].tolist() == [[0.15, 0.20], [0.25, 0.30]]
    assert mlp.weights[1].tolist() == [[0.40, 0.45], [0.50, 0.55]]
    assert mlp.biases[0].tolist() == [0.35, 0.35]
    assert mlp.biases[1].tolist() == [0.60, 0.60]


def _other_mazur():
    return MazurNetwork(w1=-0.3, w2=0.7, w3=1.1, w4=-0.2, w5=0.9, w6=-1.3, w7=0.05, w8=0.4, b1=-0.1, b2=0.25)


@pytest.mark.parametrize("mazur", [MazurNetwork(), _other_mazur()], ids=["lecture", "other"])
def test_mlp_forward_and_loss_equal_mazur(mazur):
    mlp = MLP.from_mazur(mazur)
    zs, acts = mlp.forward_pass(X_MAZUR)
    f = mazur.forward(INPUTS)
    assert zs[0][0] == pytest.approx([f.net_h1, f.net_h2], abs=1e-12)
    assert acts[1][0] == pytest.approx([f.out_h1, f.out_h2], abs=1e-12)
    assert zs[1][0] == pytest.approx([f.net_o1, f.net_o2], abs=1e-12)
    assert mlp.forward(X_MAZUR)[0] == pytest.approx([f.out_o1, f.out_o2], abs=1e-12)
    # 'half_sse' averaged over one sample is E_total
    assert mlp.loss(X_MAZUR, Y_MAZUR) == pytest.approx(mazur.total_error(INPUTS, TARGETS), abs=1e-12)


@pytest.mark.parametrize("mazur", [MazurNetwork(), _other_mazur()], ids=["lecture", "other"])
def test_mlp_gradients_equal_mazur(mazur):
    mlp = MLP.from_mazur(mazur)
    gW, gb = mlp.gradients(X_MAZUR, Y_MAZUR)
    g = mazur.gradients(INPUTS, TARGETS)
    assert gW[0] == pytest.approx(np.array([[g["w1"], g["w2"]], [g["w3"], g["w4"]]]), abs=1e-12)
    assert gW[1] == pytest.approx(np.array([[g["w5"], g["w6"]], [g["w7"], g["w8"]]]), abs=1e-12)
    # the MLP has one bias per neuron; Mazur's b1, b2 are shared by a layer,
    # so the shared bias's gradient is the sum of the per-neuron ones
    assert gb[0].sum() == pytest.approx(g["b1"], abs=1e-12)
    assert gb[1].sum() == pytest.approx(g["b2"], abs=1e-12)
    b = mazur.backward(INPUTS, TARGETS)
    assert gb[0] == pytest.approx([b.delta_h1, b.delta_h2], abs=1e-12)
    assert gb[1] == pytest.approx([b.delta_o1, b.delta_o2], abs=1e-12)


def test_mlp_fit_one_epoch_equals_mazur_simultaneous_step():
    mazur = MazurNetwork()
    mlp = MLP.from_mazur(mazur)
    hist = mlp.fit(X_MAZUR, Y_MAZUR, lr=0.5, epochs=1)
    assert hist.steps == 1
    new = mazur.step(INPUTS, TARGETS, lr=0.5, update="simultaneous", update_biases=True).weights
    assert mlp.weights[0] == pytest.approx(np.array([[new["w1"], new["w2"]], [new["w3"], new["w4"]]]), abs=1e-12)
    assert mlp.weights[1] == pytest.approx(np.array([[new["w5"], new["w6"]], [new["w7"], new["w8"]]]), abs=1e-12)
    # biases: each MLP neuron moves its own bias by -lr * delta, while Mazur's
    # shared bias moves by -lr * (sum of the layer's deltas)
    b = mazur.backward(INPUTS, TARGETS)
    assert mlp.biases[0] == pytest.approx([0.35 - 0.5 * b.delta_h1, 0.35 - 0.5 * b.delta_h2], abs=1e-12)
    assert mlp.biases[1] == pytest.approx([0.60 - 0.5 * b.delta_o1, 0.60 - 0.5 * b.delta_o2], abs=1e-12)
    assert new["b1"] == pytest.approx(0.35 - 0.5 * (b.delta_h1 + b.delta_h2), abs=1e-15)
    # the published first-step weights come out of the MLP too
    assert round(float(mlp.weights[1][0, 0]), 8) == 0.35891648
    assert round(float(mlp.weights[0][0, 0]), 9) == 0.149780716


def test_mlp_fit_many_epochs_tracks_mazur_without_bias_updates():
    # with the MLP's biases frozen (bias=False would drop them), compare
    # weights only over several steps: both are the simultaneous rule
    mazur = MazurNetwork(b1=0.0, b2=0.0)
    mlp = MLP([2, 2, 2], activation="sigmoid", loss="half_sse", bias=False)
    mlp.weights[0][...] = [[0.15, 0.20], [0.25, 0.30]]
    mlp.weights[1][...] = [[0.40, 0.45], [0.50, 0.55]]
    mlp.fit(X_MAZUR, Y_MAZUR, lr=0.5, epochs=20)
    run = mazur.train(INPUTS, TARGETS, lr=0.5, rounds=20, update="simultaneous")
    p = run.network.weights
    assert mlp.weights[0] == pytest.approx(np.array([[p["w1"], p["w2"]], [p["w3"], p["w4"]]]), abs=1e-12)
    assert mlp.weights[1] == pytest.approx(np.array([[p["w5"], p["w6"]], [p["w7"], p["w8"]]]), abs=1e-12)
    assert mlp.loss(X_MAZUR, Y_MAZUR) == pytest.approx(run.errors[-1], abs=1e-12)


# -- MLP vs ChainNetwork --------------------------------------------------------------
def _chain_as_mlp(w0, w1, w2):
    mlp = MLP([1, 1, 1, 1], activation="sigmoid", output_activation="linear", loss="half_sse", bias=False)
    mlp.weights[0][0, 0], mlp.weights[1][0, 0], mlp.weights[2][0, 0] = w0, w1, w2
    return mlp


@pytest.mark.parametrize("w", [(2.0, 1.0, 0.5), (-1.3, 2.2, 0.8), (0.4, -0.7, -1.5)])
@pytest.mark.parametrize("s0, target", [(2.0, 0.7), (-0.5, 0.1)])
def test_chain_network_equals_mlp_1_1_1_1(w, s0, target):
    chain = ChainNetwork(*w)
    mlp = _chain_as_mlp(*w)
    X, Y = np.array([[s0]]), np.array([[target]])
    f = chain.forward(s0)
    zs, acts = mlp.forward_pass(X)
    assert [z[0, 0] for z in zs] == pytest.approx([f.x1, f.x2, f.out], abs=1e-12)
    assert [a[0, 0] for a in acts] == pytest.approx([s0, f.s1, f.s2, f.out], abs=1e-12)
    assert mlp.loss(X, Y) == pytest.approx(chain.cost(s0, target), abs=1e-12)
    gW, gb = mlp.gradients(X, Y)
    g = chain.gradients(s0, target)
    assert [G[0, 0] for G in gW] == pytest.approx([g["w0"], g["w1"], g["w2"]], abs=1e-12)
    assert all(np.all(b == 0) for b in gb)


def test_chain_training_equals_mlp_fit():
    chain = ChainNetwork()
    run = chain.train(2.0, 0.7, lr=0.5, steps=25)
    mlp = _chain_as_mlp(2.0, 1.0, 0.5)
    mlp.fit([[2.0]], [[0.7]], lr=0.5, epochs=25)
    assert [W[0, 0] for W in mlp.weights] == pytest.approx(run.weights[-1].tolist(), abs=1e-12)


# -- the Value graph vs the networks -----------------------------------------------------
def test_value_graph_of_the_chain_network():
    s0, target = 2.0, 0.7
    w0, w1, w2 = Value(2.0, "w0"), Value(1.0, "w1"), Value(0.5, "w2")
    x1 = w0 * s0
    s1 = x1.sigmoid()
    x2 = w1 * s1
    s2 = x2.sigmoid()
    out = w2 * s2
    C = 0.5 * (target - out) ** 2
    C.backward()
    net = ChainNetwork()
    g = net.gradients(s0, target)
    assert C.data == pytest.approx(net.cost(s0, target), abs=1e-15)
    assert (w0.grad, w1.grad, w2.grad) == pytest.approx((g["w0"], g["w1"], g["w2"]), abs=1e-14)
    # dC/dout sits on the out node
    assert out.grad == pytest.approx(net.forward(s0).out - target, abs=1e-15)


def test_value_graph_of_the_chain_network_with_the_sigmoid_spelled_out():
    # lecture 002/003: S(x) = 1 / (1 + exp(-x)) as separate gates
    def S(v):
        return 1 / (1 + (-v).exp())

    s0, target = 2.0, 0.7
    w = [Value(2.0), Value(1.0), Value(0.5)]
    out = w[2] * S(w[1] * S(w[0] * s0))
    C = 0.5 * (target - out) ** 2
    C.backward()
    g = ChainNetwork().gradients(s0, target)
    assert [v.grad for v in w] == pytest.approx([g["w0"], g["w1"], g["w2"]], abs=1e-14)


def _mazur_graph(p, inputs, targets):
    v = {k: Value(x, k) for k, x in p.items()}
    i1, i2 = inputs
    h1 = (v["w1"] * i1 + v["w2"] * i2 + v["b1"]).sigmoid()
    h2 = (v["w3"] * i1 + v["w4"] * i2 + v["b1"]).sigmoid()
    o1 = (v["w5"] * h1 + v["w6"] * h2 + v["b2"]).sigmoid()
    o2 = (v["w7"] * h1 + v["w8"] * h2 + v["b2"]).sigmoid()
    E = 0.5 * (targets[0] - o1) ** 2 + 0.5 * (targets[1] - o2) ** 2
    E.backward()
    return E, v


@pytest.mark.parametrize("mazur", [MazurNetwork(), _other_mazur()], ids=["lecture", "other"])
def test_value_graph_of_the_2_2_2_network(mazur):
    E, v = _mazur_graph(mazur.weights, INPUTS, TARGETS)
    assert E.data == pytest.approx(mazur.total_error(INPUTS, TARGETS), abs=1e-15)
    g = mazur.gradients(INPUTS, TARGETS)
    for k in mazur.PARAMS:
        # b1, b2 are used by two neurons each: the graph adds both gradients
        assert v[k].grad == pytest.approx(g[k], abs=1e-14), k
    if mazur == MazurNetwork():
        assert round(v["w5"].grad, 9) == 0.082167041
        assert round(v["w1"].grad, 9) == 0.000438568


# -- lecture 003's numpy loop vs MLP.fit ---------------------------------------------------
def test_lecture_003_numpy_loop_equals_mlp_fit(capsys):
    # ---- lecture 003, "Training of Neural Network with Backpropagation",
    # ---- as printed, with smaller sizes, a fixed seed and 30 steps instead of 2000
    from numpy.random import randn

    np.random.seed(3015)

    N, D_in, H, D_out = 8, 20, 5, 3
    x, y = randn(N, D_in), randn(N, D_out)
    w1, w2 = randn(D_in, H), randn(H, D_out)
    w1_start, w2_start = w1.copy(), w2.copy()

    for t in range(30):
        h = 1 / (1 + np.exp(-x.dot(w1)))
        y_pred = h.dot(w2)
        loss = np.square(y_pred - y).sum()
        print(t, loss)

        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T.dot(grad_y_pred)
        grad_h = grad_y_pred.dot(w2.T)
        grad_w1 = x.T.dot(grad_h * h * (1 - h))

        w1 -= 1e-4 * grad_w1
        w2 -= 1e-4 * grad_w2
    # ---- end of the lecture's code
    printed = [float(line.split()[1]) for line in capsys.readouterr().out.splitlines()]
    assert len(printed) == 30

    mlp = MLP([D_in, H, D_out], activation="sigmoid", output_activation="linear", loss="mse", bias=False)
    # the loop multiplies x @ w1 (inputs x hidden); the MLP stores W^l as
    # (n_out, n_in) and computes a @ W.T, hence the transposes
    mlp.weights[0][...] = w1_start.T
    mlp.weights[1][...] = w2_start.T
    # 'mse' is the mean over N * D_out elements, the loop uses the plain sum
    # (gradient 2 (y_pred - y)); the same step needs lr = 1e-4 * N * D_out
    hist = mlp.fit(x, y, lr=1e-4 * N * D_out, epochs=30)
    assert hist.steps == 30 and not hist.diverged
    assert np.max(np.abs(mlp.weights[0] - w1.T)) < 1e-10
    assert np.max(np.abs(mlp.weights[1] - w2.T)) < 1e-10
    # the MLP's per-epoch loss (before each update) is the loop's loss / (N * D_out)
    assert np.allclose(np.array(hist.loss) * N * D_out, printed, rtol=1e-10, atol=0)
    # and the loop did learn something
    assert printed[-1] < printed[0]
