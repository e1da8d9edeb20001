"""The playground's conveniences, the maths (issue 19): schedule, per-layer activations, early stopping,
CSV, copy as code, share strings (``backprop_core.playground_extras``, ``backprop_core.MLP``)."""
from __future__ import annotations

import math
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import backprop_core as bp
from backprop_core import playground_extras as E
from backprop_core.messages import Refused
from backprop_lab.dashboards.playground.model import PlaygroundModel, settings_from_share

ROOT = Path(__file__).resolve().parents[1]


# -- learning-rate schedule ---------------------------------------------------------------------------
def test_step_decay_by_hand():
    # 0.1 halved at epochs 100 and 200: 0.1, 0.1, 0.05, 0.025
    assert [E.scheduled_lr(0.1, e, "step", 0.5, 100) for e in (0, 99, 100, 250)] == [0.1, 0.1, 0.05, 0.025]
    assert E.scheduled_lr(0.1, 10**6, "constant", 0.5, 1) == 0.1
    assert E.scheduled_lr(0.1, 10**6, "step", 0.1, 1) == E.MIN_LR  # never below the floor (never 0)


@pytest.mark.parametrize("kind, factor, every, words", [
    ("cosine", 0.5, 10, "schedule must be one of ('constant', 'step'), got 'cosine'"),
    ("step", 0, 10, "decay factor must be a number in (0, 1]"), ("step", -0.5, 10, "got '-0.5'"),
    ("step", 1.5, 10, "got '1.5'"), ("step", float("nan"), 10, "got 'nan'"), ("step", "half", 10, "got 'half'"),
    ("step", True, 10, "got 'True'"), ("step", 0.5, 0, "from 1 to 100,000, got '0'"),
    ("step", 0.5, 2.5, "got '2.5'"), ("step", 0.5, 10**9, "got '1000000000'"), ("step", 0.5, None, "got 'None'"),
])
def test_absurd_schedules_are_refused_with_a_sentence(kind, factor, every, words):
    with pytest.raises(Refused) as info:
        E.check_schedule(kind, factor, every)
    assert words in str(info.value) and str(info.value).endswith(".") and "\n" not in str(info.value)
    with pytest.raises(ValueError, match=r"\.$"):
        PlaygroundModel(schedule=kind, decay_factor=factor, decay_every=every)


def test_the_schedule_is_applied_per_epoch():
    m = PlaygroundModel(dataset="xor", hidden=(4,), lr=0.3, schedule="step", decay_factor=0.5, decay_every=2)
    m.train_epochs(5)
    # by hand: the same network, one epoch at a time with rates 0.3, 0.3, 0.15, 0.15, 0.075
    net = PlaygroundModel(dataset="xor", hidden=(4,)).net
    Xf, Y = m.feature_matrix(m.X_train), m.y_train.reshape(-1, 1)
    for epoch, lr in enumerate([0.3, 0.3, 0.15, 0.15, 0.075]):
        net.fit(Xf, Y, lr=lr, epochs=1, batch_size=10, seed=epoch)
    for a, b in zip(m.net.weights, net.weights):
        np.testing.assert_array_equal(a, b)
    assert m.lr_now == 0.075
    assert m.segments == [[5, 0.3, "none", 0.0, 10]]  # the chosen rate is recorded; the schedule replays it


# -- an activation per hidden layer ---------------------------------------------------------------------
@pytest.mark.parametrize("out, loss, n_out", [("sigmoid", "bce", 1), ("softmax", "cross_entropy", 3),
                                              ("linear", "half_sse", 2)])
def test_mixed_activations_agree_with_central_differences(out, loss, n_out):
    rng = np.random.default_rng(4)
    X = rng.normal(size=(12, 3))
    if loss == "half_sse":
        Y = rng.normal(size=(12, n_out))
    else:
        Y = np.eye(n_out)[rng.integers(0, n_out, 12)] if n_out > 1 else rng.integers(0, 2, (12, 1)).astype(float)
    net = bp.MLP([3, 5, 4, 4, n_out], activation=["tanh", "relu", "sigmoid"], output_activation=out, loss=loss,
                 seed=2, init="xavier")
    assert net.layer_activations == ["tanh", "relu", "sigmoid", out]
    gW, gb = net.gradients(X, Y)
    h = 1e-6
    for l, W in enumerate(net.weights):
        for idx in np.ndindex(W.shape):
            keep = W[idx]
            W[idx] = keep + h
            up = net.loss(X, Y)
            W[idx] = keep - h
            down = net.loss(X, Y)
            W[idx] = keep
            assert gW[l][idx] == pytest.approx((up - down) / (2 * h), rel=1e-5, abs=1e-8)
    assert bp.gradient_check(net, X, Y).max_rel_error < 1e-5
    assert np.all(np.isfinite(gb[0]))


def test_a_list_of_activations_must_fit_the_hidden_layers():
    with pytest.raises(ValueError, match=r"a list of 2 names \(one per hidden layer\), got \['relu'\]"):
        bp.MLP([2, 3, 3, 1], activation=["relu"])
    with pytest.raises(ValueError, match="activation\\[1\\]"):
        bp.MLP([2, 3, 3, 1], activation=["relu", "swish"])
    with pytest.raises(ValueError, match="output layer only"):
        bp.MLP([2, 3, 3, 2], activation=["relu", "softmax"], output_activation="softmax")
    same = bp.MLP([2, 3, 3, 1], activation=["tanh", "tanh"], output_activation="sigmoid")
    assert same.activation == "tanh" and repr(same).startswith("MLP([2, 3, 3, 1], activation='tanh'")
    copy = bp.MLP([2, 3, 3, 1], activation=["relu", "tanh"], output_activation="sigmoid").copy()
    assert copy.layer_activations == ["relu", "tanh", "sigmoid"]


def test_the_playground_builds_per_layer_activations():
    m = PlaygroundModel(hidden=(4, 3), layer_acts="relu, sigmoid", activation="tanh")
    assert m.net.layer_activations == ["relu", "sigmoid", "sigmoid"]
    m.apply(hidden=(4, 3, 2))  # one layer more: it gets the drop-down's activation
    assert m.hidden_activations == ("relu", "sigmoid", "tanh")
    m.apply(activation="linear")  # the drop-down sets every hidden layer
    assert m.settings["layer_acts"] == () and m.net.layer_activations == ["linear"] * 3 + ["sigmoid"]
    with pytest.raises(Refused, match=r"give one activation per hidden layer: 3 for hidden \(4, 3, 2\), got 1"):
        m.apply(layer_acts="relu")
    with pytest.raises(Refused, match="one of .*got 'swish'"):
        m.apply(layer_acts="relu, swish, tanh")


# -- early stopping ---------------------------------------------------------------------------------------
def test_early_stop_by_hand():
    assert E.early_stop([0.9, 0.5, 0.6, 0.55], 2) == E.EarlyStop(epoch=3, best_epoch=1, best_loss=0.5, patience=2)
    assert E.early_stop([0.9, 0.5, 0.6], 2) is None  # only one epoch without improvement
    assert E.early_stop([0.9, 0.5, 0.6, 0.55], 0) is None  # 0 is off
    assert E.early_stop([0.9, math.nan, math.inf], 2) == E.EarlyStop(2, 0, 0.9, 2)  # no number is better
    assert E.early_stop([math.nan, math.nan], 1) is None


def test_early_stopping_stops_training_and_says_where():
    m = PlaygroundModel(dataset="spiral", hidden=(8, 8), lr=1.0, batch_size=1, patience=3)
    trained = 0
    while m.stopped is None and trained < 200:
        m.train_epochs(1)
        trained += 1
    s = m.stopped
    assert s is not None and s.epoch == m.epoch == trained
    test = m.history["test"]
    assert s.best_loss == min(test) and test[s.best_epoch] == s.best_loss and s.epoch - s.best_epoch == 3
    assert m.train_epochs(5) == 0 and m.epoch == trained and m.finished  # stays stopped
    assert s.sentence() == (f"Stopped early at epoch {s.epoch:,}: the test loss has not improved for 3 epoch(s); "
                            f"the best was {s.best_loss:.4f} at epoch {s.best_epoch:,}.")
    m.apply(patience=50)  # more patience: training goes on
    assert m.stopped is None and m.train_epochs(1) > 0
    # the saved session keeps the settings and, with its weights, where it stopped
    again = PlaygroundModel.from_config(m.config_string())
    assert again.settings["patience"] == 50 and again.epoch == m.epoch


# -- CSV ---------------------------------------------------------------------------------------------------
def test_csv_classes_header_separators_and_rescaling():
    d = E.parse_csv("x1,x2,label\n1,2,0\n3;4;1\n-1\t2\t2\n\n# a comment\n0 0 1\n")
    np.testing.assert_array_equal(d.X, [[1, 2], [3, 4], [-1, 2], [0, 0]])
    assert list(d.y) == [0, 1, 2, 1] and d.classes == 3 and d.problem == "classification" and d.scale == 1
    pm = E.parse_csv("1,1,-1\n2,2,1\n3,3,-1\n4,4,1\n")  # -1/+1: two classes, -1 is class 0
    assert list(pm.y) == [0, 1, 0, 1] and pm.classes == 2
    four = E.parse_csv("".join(f"{k},{k},{k % 4}\n" for k in range(8)))
    assert four.classes == 4
    reg = E.parse_csv("0,0,0.5\n1,1,1.5\n2,2,-3\n3,3,7\n")
    assert reg.problem == "regression" and reg.classes == 0
    big = E.parse_csv("0,0,0\n30,-10,1\n-60,5,0\n12,12,1\n")  # the largest coordinate 60 lands on the edge, 6
    assert big.scale == 0.1 and big.X.min() == -6.0 and big.X[1, 0] == pytest.approx(3.0)
    assert big.note == "4 points, coordinates multiplied by 0.1 to fit the square [-6, 6], 2 classes."


@pytest.mark.parametrize("text, words", [
    ("1,2,0\n3,4\n5,6,1\n7,8,0\n", "row 2 must have three values x1, x2, label; got 2: '3,4'."),
    ("1,2,0\n3,4,1,9\n5,6,1\n7,8,0\n", "row 2 must have three values"),
    ("x1,x2,y\n1,2,0\n3,four,1\n5,6,1\n7,8,0\n", "row 3: x2 must be a number, got 'four'."),
    ("1,2,0\n3,nan,1\n5,6,1\n7,8,0\n", "row 2: x2 must be a finite number, got 'nan'."),
    ("1,2,0\n3,4,inf\n5,6,1\n7,8,0\n", "row 2: label must be a finite number"),
    ("1,2,0\n3,4,1\n", "at least 4 rows of points"), ("", "at least 4 rows"), ("x1,x2,label\n", "got 0."),
    ("1,2,0\n3,4,5\n5,6,1\n7,8,0\n", None),  # label 5: a regression target unless classification is asked
    ("1,2,1\n3,4,2\n5,6,1\n7,8,2\n", None),
    ("1,2,0\n3,4,1\n5,6,0\n1e9,8,0\n", "coordinates must be at most 1e+06 in size, found 1e+09"),
    ("0,0,0\n" * 2001, "at most 2,000 rows of points, got more (row 2001)."),
    ("0,0,0\n" * 40_000, "at most 200,000 characters, got 240,000."),
])
def test_bad_csv_gets_one_sentence(text, words):
    if words is None:  # labels that are not classes: classification refuses, naming the value
        with pytest.raises(Refused, match=r"(found 5|class 0 has no point)\.$"):
            E.parse_csv(text, problem="classification")
        return
    with pytest.raises(Refused) as info:
        E.parse_csv(text)
    assert words in str(info.value) and str(info.value).count(".") >= 1 and "\n" not in str(info.value)


def test_csv_fuzz_never_crashes():
    rng = np.random.default_rng(19)
    alphabet = list("0123456789,.;-+eE \tnaix\n#") + ["\u00e9", "\x00"]
    for _ in range(400):
        text = "".join(rng.choice(alphabet, size=rng.integers(0, 80)))
        try:
            d = E.parse_csv(text)
        except Refused as exc:
            assert str(exc).endswith(".") and "\n" not in str(exc)
        else:
            assert np.all(np.isfinite(d.X)) and np.abs(d.X).max() <= 6 and np.all(np.isfinite(d.y))
    with pytest.raises(Refused, match="not text"):
        E.parse_csv(b"\xff\xfe\x00bad")
    with pytest.raises(TypeError, match="must be a string, got int"):
        E.parse_csv(42)


# -- copy as code ---------------------------------------------------------------------------------------------
def _run(script):
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, cwd=ROOT,
                         timeout=120)
    assert out.returncode == 0, out.stderr[-2000:]
    return float(out.stdout.strip().splitlines()[-1])


def test_copy_as_code_trains_to_the_same_loss():
    m = PlaygroundModel(dataset="xor", hidden=(4, 3), layer_acts="relu, tanh", features=("x1", "x2", "x1*x2"),
                        lr=0.3, schedule="step", decay_factor=0.5, decay_every=3, batch_size=7)
    m.train_epochs(5)
    m.apply(lr=0.1, reg="L2", reg_rate=0.01)
    m.train_epochs(4)
    script = m.code()
    assert "MLP([3, 4, 3, 1], activation=['relu', 'tanh']" in script and len(script.splitlines()) < 30
    assert abs(_run(script) - m.losses()["train"]) < 1e-9


def test_copy_as_code_of_your_own_three_classes_and_a_point_added():
    rng = np.random.default_rng(5)
    X = rng.uniform(-5, 5, (90, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 1)
    text = "\n".join(f"{float(a)!r},{float(b)!r},{c}" for (a, b), c in zip(X, y))
    cfg, _ = PlaygroundModel().data_config(text)
    m = PlaygroundModel.from_config(cfg)
    m.apply(hidden=(5,), lr=0.1)
    m.add_point(1.0, -2.0, 2)  # before training: part of the data from the start
    m.reset()
    m.train_epochs(6)
    assert m.classes == 3 and m.sizes == [2, 5, 3]
    assert abs(_run(m.code()) - m.losses()["train"]) < 1e-9


# -- share strings ---------------------------------------------------------------------------------------------
def test_share_string_round_trip_is_short():  # this one: 160 characters (compressed JSON and a crc32)
    m = PlaygroundModel(dataset="spiral", hidden=(8, 8, 4), lr=0.1, activation="relu", schedule="step",
                        patience=20, features=("x1", "x2", "sin(x1)"))
    text = m.share_string()
    assert text.startswith("pgs1-") and len(text) < 200 and all(c.isalnum() or c in "-_" for c in text)
    cfg = settings_from_share(text)
    again = PlaygroundModel.from_config(cfg)
    assert again.settings == m.settings
    np.testing.assert_array_equal(again.net.weights[0], m.net.weights[0])
    assert E.decode_share(E.encode_share({})) == {}


def test_damaged_share_strings_get_one_sentence():
    text = PlaygroundModel(dataset="xor", hidden=(3,)).share_string()
    bad = ["", "pg1-abc", "pgs1-", "pgs1-!!!!", text[:-5], text + "A", text.replace("pgs1-", "pgs1-x"),
           "pgs1-" + "A" * 3000, 17, None, E.encode_share([1, 2]), E.encode_share({"colour": "red"}),
           E.encode_share({"lr": -1}), E.encode_share({"hidden": [99]}), E.encode_share({"dataset": "my data"}),
           E.encode_share({"schedule": "step", "decay_factor": 7})]
    rng = np.random.default_rng(0)
    for k in rng.integers(5, len(text), 60):  # one character changed anywhere
        c = text[k]
        bad.append(text[:k] + ("B" if c != "B" else "C") + text[k + 1:])
    for b in bad:
        try:
            cfg = settings_from_share(b)
        except ValueError as exc:  # Refused is a ValueError
            msg = str(exc)
            assert msg.endswith(".") and "\n" not in msg and "Traceback" not in msg, msg
        else:  # a change in the unused bits of the last character decodes to the same settings
            assert cfg == settings_from_share(text), b
