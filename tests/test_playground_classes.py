"""Several classes in the playground, the confusion matrix, and Reset's new initial weights (issue 19)."""
import numpy as np
import pytest

from backprop_core import datasets, playground_training as T
from backprop_lab.dashboards.playground.dashboard import Playground
from backprop_lab.dashboards.playground.model import PlaygroundModel


def test_confusion_matrix_counts_pairs():
    # true 0 0 1 2 2, predicted 0 1 1 2 0: (0,0) (0,1) (1,1) (2,2) (2,0) once each
    cm = datasets.confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3)
    assert cm.tolist() == [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    with pytest.raises(ValueError, match="labels must be integers in 0..2"):
        datasets.confusion_matrix([0, 3], [0, 1], 3)
    with pytest.raises(ValueError, match="true has 2 labels but predicted has 1"):
        datasets.confusion_matrix([0, 1], [0], 3)


def test_gaussians_centres_and_classes():
    X, y = datasets.gaussians(8, noise=0.0, classes=4, radius=2.0, shuffle=False)
    assert y.shape == (8, 4) and y.sum(axis=0).tolist() == [2.0, 2.0, 2.0, 2.0]
    np.testing.assert_allclose(X[::2], [[0, 2], [-2, 0], [0, -2], [2, 0]], atol=1e-12)


@pytest.mark.parametrize("name, k", [("gauss 3", 3), ("spiral 3", 3), ("gauss 4", 4), ("spiral 4", 4)])
def test_multiclass_sets_have_k_softmax_outputs(name, k):
    m = PlaygroundModel(dataset=name, hidden=(4,))
    assert m.classes == k and m.sizes == [2, 4, k]
    assert m.net.output_activation == "softmax" and m.net.loss_name == "cross_entropy"
    assert sorted(set(m.y_train.tolist())) == list(range(k))
    out, _ = m.surfaces(10)
    assert out.shape == (k, 10, 10)
    np.testing.assert_allclose(out.sum(axis=0), 1.0, atol=1e-12)


def test_three_classes_train_above_90_percent():
    m = PlaygroundModel(dataset="gauss 3", hidden=(8,), activation="tanh", lr=0.1)
    steps = 0
    while m.accuracy("train") <= 0.9 and steps < 600:
        steps += m.train_epochs(1)
    assert m.accuracy("train") > 0.9, m.accuracy("train")
    assert steps <= 600


def test_confusion_matrix_of_the_test_set_matches_predictions():
    m = PlaygroundModel(dataset="spiral 3", hidden=(8,), lr=0.1)
    m.train_epochs(3)
    cm = m.confusion()
    pred = m.net.predict(m.feature_matrix(m.X_test))
    assert cm.sum() == len(m.X_test) == 150
    for i in range(3):
        for j in range(3):
            assert cm[i, j] == int(np.sum((m.y_test == i) & (pred == j)))
    assert np.trace(cm) / cm.sum() == pytest.approx(m.accuracy("test"))
    two = PlaygroundModel(dataset="circle")
    assert two.confusion().shape == (2, 2) and two.confusion().sum() == len(two.X_test)
    assert PlaygroundModel(problem="regression", dataset="plane").confusion() is None


def test_gradients_of_the_softmax_network_match_central_differences():
    m = PlaygroundModel(dataset="gauss 4", hidden=(3,))
    net, Xf, Y = m.net, m.feature_matrix(m.X_train[:20]), m._targets(m.y_train[:20])
    gW, _ = net.gradients(Xf, Y)
    h = 1e-6
    for (l, i, j) in [(0, 1, 0), (1, 2, 1), (1, 3, 2)]:
        plus, minus = net.copy(), net.copy()
        plus.weights[l][i, j] += h
        minus.weights[l][i, j] -= h
        numeric = (plus.loss(Xf, Y) - minus.loss(Xf, Y)) / (2 * h)
        assert gW[l][i, j] == pytest.approx(numeric, rel=1e-6, abs=1e-9)


def test_the_default_playground_keeps_todays_weights():
    m = PlaygroundModel()  # seed 0, uniform: lecture 003's uniform [-0.5, 0.5] from seed 0
    ref = np.random.default_rng(0)
    np.testing.assert_array_equal(m.net.weights[0], ref.uniform(-0.5, 0.5, size=(4, 2)))
    np.testing.assert_array_equal(m.net.weights[1], ref.uniform(-0.5, 0.5, size=(2, 4)))


def test_xavier_and_he_scale_by_fan_in_and_fan_out():
    sizes = [7, 8, 8, 1]
    for init in ("uniform", "xavier", "he"):
        net = T.playground_network([400, 300, 1], "tanh", "classification", 0, init)
        W = net.weights[0]
        if init == "uniform":
            assert np.abs(W).max() <= 0.5 and W.std() == pytest.approx(1 / np.sqrt(12), rel=0.02)
        elif init == "xavier":  # uniform in +-sqrt(6 / (n_in + n_out)): std sqrt(2 / (n_in + n_out))
            assert np.abs(W).max() <= np.sqrt(6 / 700)
            assert W.std() == pytest.approx(np.sqrt(2 / 700), rel=0.02)
        else:  # normal, std sqrt(2 / n_in)
            assert W.std() == pytest.approx(np.sqrt(2 / 400), rel=0.02)
    assert len(T.playground_network(sizes, "relu", "classification", 0, "he").weights) == 3
    with pytest.raises(ValueError, match="init"):
        PlaygroundModel(init="glorot")


def test_reset_changes_weights_and_seed():
    d = Playground(dataset="gauss 3", hidden=(4,))
    d.press("Step")
    before = d.model.net.weights[0].copy()
    d.press("Reset")
    assert d.values["init_seed"] == 1 and d.model.settings["init_seed"] == 1 and d.model.epoch == 0
    assert not np.array_equal(before, d.model.net.weights[0])
    again = PlaygroundModel(dataset="gauss 3", hidden=(4,), init_seed=1)
    np.testing.assert_array_equal(again.net.weights[0], d.model.net.weights[0])
    d.set(init_seed=7)  # a typed seed draws its weights; Reset moves on from it
    np.testing.assert_array_equal(d.model.net.weights[0],
                                  PlaygroundModel(dataset="gauss 3", hidden=(4,), init_seed=7).net.weights[0])
    d.press("Reset")
    assert d.model.settings["init_seed"] == 8


def test_dashboard_shows_classes_and_confusion_matrix():
    d = Playground(dataset="circle", hidden=(8,), lr=0.1)
    d.set(stage=3)  # the slow pass shown (two classes), then four classes: shown too, with the softmax output
    assert d.extra_text.startswith("One pass") and "a2 = sigmoid(z2)" in d.extra_text
    d.set(dataset="gauss 4")
    assert d.extra_text.startswith("One pass, slowly: example 0, stage 3 of 5") and d.status_text.startswith("Epoch 0:")
    assert "a2 = softmax(z2)" in d.extra_text
    for _ in range(3):
        d.press("Step")
    assert d.heat.classes == 4
    shares = d.heat.class_shares()
    assert len(shares) == 4 and sum(shares) == pytest.approx(1.0)
    rows = d.heat.point_rows()
    assert sorted(set(rows[:, 2].tolist())) == [0.0, 1.0, 2.0, 3.0]
    text = d.confusion_text.splitlines()
    assert len(text) == 5 and "<caption>Test set: confusion matrix" in d.confusion_box.value
    cm = d.model.confusion()
    assert [int(v) for v in text[1].split()[1:]] == cm[0].tolist()
    d.set(dataset="circle")
    assert d.heat.classes == 0 and d.model.sizes[-1] == 1 and len(d.confusion_text.splitlines()) == 3
    d.set(problem="regression")
    assert d.confusion_text == "" and d.confusion_box.layout.display == "none"


def test_save_restore_keeps_init_and_classes_and_old_strings_restore():
    m = PlaygroundModel(dataset="spiral 3", hidden=(5,), init="xavier", init_seed=3)
    m.train_epochs(2)
    back = PlaygroundModel.from_config(m.config_string())
    assert back.settings["init"] == "xavier" and back.settings["init_seed"] == 3
    for a, b in zip(back.net.weights, m.net.weights):
        np.testing.assert_array_equal(a, b)
    old = m.config()
    old["settings"] = {k: v for k, v in old["settings"].items() if k != "init"}  # a string from before 'init'
    old["settings"]["dataset"] = "circle"
    restored = PlaygroundModel.from_config(old)
    assert restored.settings["init"] == "uniform"
    d = Playground(dataset="circle")
    d.restore(m.config_string())
    assert d.values["init"] == "xavier" and d.values["init_seed"] == 3 and d.heat.classes == 3


def _vector(cell):
    """``'[0.1, -2]'`` -> array."""
    return np.array([float(t) for t in cell.strip("[]").split(",")])


def _pass_rows(table):
    """The slow pass's rows as ``{plain-text quantity: values}``."""
    return {str(r[2]): r[3] for r in table.rows}


@pytest.mark.parametrize("name, k, hidden", [("gauss 3", 3, (4, 3)), ("spiral 4", 4, (5,))])
def test_the_slow_pass_of_a_softmax_network_equals_mlp_gradients(name, k, hidden):
    """Issue 19: the slow pass for 3 and 4 classes: the softmax row, delta{L} = a{L} - y with a one-hot y,
    and dC/dW{l} = delta{l+1} a{l}^T built from the shown vectors equal MLP.gradients for the example."""
    from backprop_lab.dashboards.playground.views import pass_stages, pass_table

    m = PlaygroundModel(dataset=name, hidden=hidden, init_seed=3)
    m.train_epochs(2)
    L = len(m.net.weights)
    ex = 5
    rows = _pass_rows(pass_table(m, ex, pass_stages(L) - 1, digits=15))
    x, label = m.feature_matrix(m.X_train[ex:ex + 1]), int(m.y_train[ex])
    y = np.eye(k)[label]
    zs, acts = m.net.forward_pass(x)
    aL = _vector(rows[f"a{L} = softmax(z{L})"])
    np.testing.assert_allclose(aL, acts[-1][0], rtol=1e-12)
    assert aL.sum() == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_array_equal(_vector(rows["y (one-hot)"]), y)
    np.testing.assert_allclose(_vector(rows[f"delta{L} = a{L} - y"]), acts[-1][0] - y, rtol=1e-12, atol=1e-15)
    gW, _ = m.net.gradients(x, y[None, :])
    deltas = {L: _vector(rows[f"delta{L} = a{L} - y"])}
    for l in range(L - 1, 0, -1):
        deltas[l] = _vector(rows[f"delta{l} = (W{l}^T delta{l + 1}) * phi'(z{l})"])
    a = {0: _vector(rows["a0 = x"])} | {l: _vector(rows[f"a{l} = tanh(z{l})"]) for l in range(1, L)}
    for l in range(L):
        np.testing.assert_allclose(np.outer(deltas[l + 1], a[l]), gW[l], rtol=1e-9, atol=1e-13)
        shown = float(rows[f"dC/dW{l} = delta{l + 1} a{l}^T"].split()[-1])
        assert shown == pytest.approx(np.abs(gW[l]).max(), rel=1e-12)
    # and MLP.gradients itself against a central difference, on the output layer's weight W{L-1}[1,0]
    h, net = 1e-6, m.net
    plus, minus = net.copy(), net.copy()
    plus.weights[L - 1][1, 0] += h
    minus.weights[L - 1][1, 0] -= h
    numeric = (plus.loss(x, y[None, :]) - minus.loss(x, y[None, :])) / (2 * h)
    assert gW[L - 1][1, 0] == pytest.approx(numeric, rel=1e-6)


def test_the_slow_pass_is_shown_and_marked_for_three_classes():
    """No guard any more: every stage gives a table and the diagram marks W{l} as for two classes."""
    d = Playground(dataset="gauss 3", hidden=(4,))
    L = 2
    assert d.controls["stage"].max == 2 * L + 1
    marks = []
    for stage in [*range(1, 2 * L + 2), 0]:      # the slider starts at 0: a change to 0 comes last
        d.set(stage=stage)
        assert d.extra_text.startswith(f"One pass, slowly: example 0, stage {stage} of {2 * L + 1}")
        marks.append(sorted({n.split("[")[0] for n in d.net_view.highlighted}))
        assert d.net_view.highlight_table[stage] == list(d.net_view.highlighted)
    assert marks == [["W0"], ["W1"], ["W1"], ["W0"], [], []]
    assert len(d.net_view.highlighted) == 0 and "z1" not in d.extra_text     # stage 0: the input only
    d.set(stage=L)
    assert "a2 = softmax(z2)" in d.extra_text and "delta" not in d.extra_text
    d.set(stage=L + 1)
    assert "delta2 = a2 - y" in d.extra_text and "delta1" not in d.extra_text
    assert len(d.net_view.highlight_table[L + 1]) == 3 * 4     # the 3 x 4 output weights W1
