"""The playground's limits, restores that never hang, and the inputs it refuses (issue 16).

A configuration is checked against the stated limits before anything runs;
a saved session's weights are put back directly (a one-hour session restores
in well under 5 s) and replayed only to verify, with a progress bar.
"""
import json
import re
import time

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from backprop_lab.dashboards.playground import model as pm
from backprop_lab.dashboards.playground.dashboard import Playground
from backprop_lab.dashboards.playground.model import (
    MAX_ADDED_POINTS,
    MAX_POINTS,
    MAX_REPLAY_STEPS,
    PlaygroundModel,
    check_config,
    check_data,
    pack_config,
)
from backprop_core.messages import Refused

from .test_dashboard_inputs import assert_one_clean_sentence


def small_session(epochs=3):
    m = PlaygroundModel(dataset="circle", hidden=(4, 2), lr=0.03, batch_size=10)
    m.train_epochs(epochs)
    return m


# -- limits, checked before anything runs ---------------------------------------------------------
def test_ten_million_epochs_in_a_short_string_are_refused_at_once():
    cfg = small_session(0).config()
    cfg["segments"] = [[10_000_000, 0.03, "none", 0.0, 10]]
    text = pack_config(cfg)
    assert len(text) < 300  # the tester's string was 284 characters
    start = time.perf_counter()
    with pytest.raises(Refused) as info:
        PlaygroundModel.from_config(text)
    assert time.perf_counter() - start < 0.5
    assert "1,000,000" in str(info.value) and str(info.value) == (
        "a segment's epochs must be from 1 to 1,000,000 (the playground's limit), got 10,000,000.")
    # many segments that add up past the limit
    cfg["segments"] = [[600_000, 0.03, "none", 0.0, 10], [600_000, 0.1, "none", 0.0, 10]]
    with pytest.raises(Refused, match="at most 1,000,000 epochs"):
        check_config(cfg)


@pytest.mark.parametrize("change, words", [
    (lambda c: c["settings"].update(hidden=[8] * 7), "at most 6 hidden layers"),
    (lambda c: c["settings"].update(hidden=[9]), "1 to 8 neurons"),
    (lambda c: c["settings"].update(batch_size=31), "batch_size must be from 1 to 30"),
    (lambda c: c["settings"].update(n_points=5000), f"n_points must be from 10 to {MAX_POINTS:,}"),
    (lambda c: c["settings"].update(gpu=True), "unknown setting"),
    (lambda c: c.update(added=[[0.0, 0.0, 1.0]] * (MAX_ADDED_POINTS + 1)), f"at most {MAX_ADDED_POINTS} points"),
    (lambda c: c.update(segments=[["add", 0.0, 0.0, 1.0]] * (MAX_ADDED_POINTS + 1)),
     f"at most {MAX_ADDED_POINTS} points"),
    (lambda c: c.update(segments=[[1, 0.03, "none", 0.0, 0]]), "batch_size must be from 1 to 30"),
    (lambda c: c.update(segments=[[2.5, 0.03, "none", 0.0, 10]]), "must be a whole number"),
    (lambda c: c.update(segments=[[1, 0.03]]), "a training segment is"),
    (lambda c: c.update(segments=[[1, 0.03, "none", 0.0, 10]] * 20_001), "at most 20,000 training segments"),
    (lambda c: c.update(segments=[[2_000, 0.03, "none", 0.0, 1]]),
     f"at most {MAX_REPLAY_STEPS:,} \\(about 5 s\\)"),
])
def test_each_limit_is_refused_with_the_limit_in_the_sentence(change, words):
    cfg = small_session(0).config()
    change(cfg)
    with pytest.raises(Refused, match=words) as info:
        PlaygroundModel.from_config(cfg)
    assert_one_clean_sentence(str(info.value))


def test_own_data_over_the_point_limit_and_a_huge_string_are_refused():
    X = np.zeros((MAX_POINTS + 1, 2))
    with pytest.raises(Refused, match=f"at most {MAX_POINTS:,} points"):
        check_data((X, np.zeros(len(X))))
    with pytest.raises(Refused, match="at most 2,000,000 characters"):
        PlaygroundModel.from_config("pg1-" + "A" * 2_000_001)


def test_a_refused_string_pasted_in_the_dashboard_is_said_without_a_traceback():
    d = Playground()
    cfg = d.model.config()
    cfg["segments"] = [[10_000_000, 0.03, "none", 0.0, 10]]
    d.set(restore=pack_config(cfg))
    assert d.status_kind == "error"
    assert d.status_text == "a segment's epochs must be from 1 to 1,000,000 (the playground's limit), got 10,000,000."
    assert d.model.epoch == 0
    d.close()


def test_play_stops_at_the_epoch_limit(monkeypatch):
    monkeypatch.setattr(pm, "MAX_EPOCHS", 4)
    d = Playground(hidden=(2,))
    d.play.playing = True
    for _ in range(6):
        d.tick()
    assert d.model.epoch == 4 and not d.playing
    assert "Stopped at 4 epochs, the playground's limit; press Reset to start again." in d.status_text
    assert d.model.at_limit
    d.close()


# -- restoring: weights put back directly; replay only to verify -----------------------------------
def one_hour_session(tmp_path):
    """A saved session as an hour of Play leaves it: 120,000 epochs (33 frames/s of one epoch each)
    in 240 segments (the student changed the learning rate now and then)."""
    m = small_session(3)
    cfg = m.config(weights=True)
    cfg["segments"] = [[500, lr, "none", 0.0, 10] for lr in (0.03, 0.1) * 120]
    cfg["epoch"], cfg["steps"] = 120_000, 120_000 * m.batches_per_epoch
    path = tmp_path / "hour.json"
    path.write_text(json.dumps(cfg))
    return m, cfg, path


def test_a_one_hour_session_restores_in_under_five_seconds(tmp_path):
    m, cfg, path = one_hour_session(tmp_path)
    for source in (str(path), pack_config(cfg)):
        start = time.perf_counter()
        d = Playground(config=source)
        elapsed = time.perf_counter() - start
        assert elapsed < 5.0, elapsed
        assert d.model.epoch == 120_000 and d.epoch_label.value == "<b>Epoch 120,000</b>"
        for a, b in zip(d.model.net.weights, m.net.weights):
            np.testing.assert_array_equal(a, b)
        assert d.model.losses() == m.losses()
        assert d.model.segments == cfg["segments"]  # saving again keeps the whole story
        d.close()
    fresh = Playground()
    start = time.perf_counter()
    fresh.set(restore=str(path))
    assert time.perf_counter() - start < 5.0 and fresh.model.epoch == 120_000
    fresh.close()


def test_a_long_session_s_string_carries_its_weights():
    m = PlaygroundModel(dataset="circle", hidden=(2,), batch_size=1, n_points=100)
    m.train_epochs(80)  # 70 steps per epoch: 5,600 steps, more than the string replays
    assert m.steps_done > pm.STRING_WEIGHTS_AFTER_STEPS
    back = PlaygroundModel.from_config(m.config_string())
    assert back.epoch == 80
    for a, b in zip(back.net.weights, m.net.weights):
        np.testing.assert_array_equal(a, b)
    short = small_session(3).config_string()
    assert "weights" not in pm._unpack(short) and len(short) < 400


def test_verify_replays_with_a_progress_bar_and_finds_a_changed_file(tmp_path):
    d = Playground(hidden=(4, 2))
    for _ in range(30):
        d.press("Step")
    path = tmp_path / "s.json"
    d.save(str(path))
    seen = []
    d.progress.observe(lambda change: seen.append(change["new"]), names="value")
    assert d.progress in d.tabs.children[4].children
    assert d.verify() is True
    assert d.status_text == "Verified: replaying 30 epoch(s) gives exactly the weights shown." and d.status_kind == "ok"
    assert seen and seen == sorted(seen) and seen[-1] == 30 and d.progress.max == 30
    assert d.progress.layout.display == "none"  # hidden again once done
    cfg = json.loads(path.read_text())
    cfg["weights"][0][0][0] += 1e-9  # a file changed by hand
    m = PlaygroundModel.from_config(cfg, verify=True)
    assert m.verified is False and m.net.weights[0][0, 0] == cfg["weights"][0][0][0]
    d.close()


# -- a diverged network has no accuracy ----------------------------------------------------------------
def test_a_diverged_network_reports_no_accuracy():
    d = Playground(dataset="spiral", hidden=(8, 8), activation="relu", lr=1.0, batch_size=1)
    d.press("Step")
    assert "accuracy" in d.status_text
    for W in d.model.net.weights:  # weights that overflow: outputs inf/NaN, as the tester's ReLU network had
        W *= 1e200
    d.refresh()
    assert d.model.diverged is not None and d.status_kind == "error"
    assert "accuracy" not in d.status_text and "nan" not in d.status_text.lower()
    assert d.status_text.startswith("Epoch 1. Diverged at step")
    assert "Lower the learning rate and press Reset." in d.status_text
    assert_one_clean_sentence(d.status_text)
    assert np.isnan(d.model.accuracy("test"))
    d.close()


def test_a_run_that_diverges_while_training_says_so_with_the_shared_sentence():
    d = Playground(problem="regression", dataset="plane", hidden=(8, 8), activation="relu", lr=10.0,
                   batch_size=1, features=("x1", "x2", "x1^2", "x2^2", "x1*x2"))
    d.press("Step")
    assert d.model.diverged is not None
    step = d.model.diverged["step"]
    assert re.match(rf"Epoch 1\. Diverged at step {step}: with learning rate 10 the update overshot and the "
                    rf"loss stopped being finite\. Stopped at the last finite weights "
                    rf"\(step {step - 1}(, loss = [^)]+)?\)\. "
                    r"Lower the learning rate and press Reset\.$",
                    d.status_text), d.status_text
    assert "accuracy" not in d.status_text and "nan" not in d.status_text.lower()
    d.close()


# -- labels -1/+1 are two classes ------------------------------------------------------------------------
def test_minus_one_plus_one_labels_are_the_two_classes():
    rng = np.random.default_rng(3)
    X = rng.uniform(-4, 4, size=(50, 2))
    y = np.where(X[:, 0] > 0, 1.0, -1.0)
    d = Playground(data=(X, y))
    assert d.model.problem == "classification" and d.values["problem"] == "classification"
    assert set(np.unique(d.model.y_train)) == {0.0, 1.0}
    np.testing.assert_array_equal(d.model.y_train, (y[:35] > 0).astype(float))  # -1 is class 0 (orange)
    assert "accuracy" in d.status_text
    d.close()
    _, yr, problem = check_data((X, y), "regression")
    assert problem == "regression" and set(np.unique(yr)) == {-1.0, 1.0}
    with pytest.raises(ValueError, match=r"every class present .*; class 0 has no point"):
        check_data((X, np.where(X[:, 0] > 0, 1.0, 2.0)), "classification")


# -- Save in a folder that cannot be written ---------------------------------------------------------------
def test_save_in_a_read_only_folder_still_shows_the_string(monkeypatch, tmp_path):
    d = Playground()
    d.press("Step")

    def refuse(self, path):
        raise PermissionError(13, "Permission denied", str(path))
    monkeypatch.setattr(PlaygroundModel, "save", refuse)  # as root, chmod would not stop the write
    d.save_path = str(tmp_path / "locked" / "playground.json")
    d.press("Save")
    assert d.config_box.value == d.config_string() and d.config_box.value.startswith("pg1-")
    assert d.status_kind == "error"
    assert d.status_text == (f"Could not write {d.save_path} (PermissionError: Permission denied). Copy the "
                             "configuration string above instead: it restores the same data, network and weights.")
    assert_one_clean_sentence(d.status_text)
    back = Playground(config=d.config_box.value)
    assert back.model.losses() == d.model.losses()
    back.close()
    d.close()


# -- every control, random / extreme / wrong-typed values --------------------------------------------------
_DASH = {}


def shared_dash():
    if "d" not in _DASH:
        _DASH["d"] = Playground(hidden=(3,), n_points=100)
    return _DASH["d"]


WEIRD = st.one_of(st.floats(allow_nan=True, allow_infinity=True), st.integers(-10**12, 10**12),
                  st.text(max_size=8), st.booleans(), st.none(), st.just([1, 2]),
                  st.sampled_from(["4, 2", "8,8,8,8,8,8,8", "0", "1.5, -2", "pg1-xyz", "x1"]))


def _option_values(control):
    return [o[1] if isinstance(o, tuple) else o for o in control.options]


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_extreme_and_wrong_values_never_escape(data):
    d = shared_dash()
    names = sorted(d.controls)
    name = data.draw(st.sampled_from(names), label="control")
    control = d.controls[name]
    choices = [WEIRD]
    if hasattr(control, "options"):
        choices.append(st.sampled_from(_option_values(control)))
    value = data.draw(st.one_of(*choices), label="value")
    how = data.draw(st.sampled_from(["set", "assign"]), label="how")
    if how == "set":
        try:
            d.set(**{name: value})
        except (ValueError, TypeError) as exc:  # refused in the cell: one sentence naming the control
            assert str(exc).startswith(f"{name} must be"), exc
            assert_one_clean_sentence(str(exc))
    elif isinstance(value, float) and hasattr(control, "min"):
        control.value = value  # NaN and inf reach the observer (ipywidgets clips inf to the range)
    if d.status_kind == "error":
        assert_one_clean_sentence(d.status_text)
    shown = d.table_text + d.extra_text + d.status_text
    assert not re.search(r"\bnan\b", shown, flags=re.IGNORECASE), shown
    assert d.model.epoch == 0 or d.model.diverged is None or "accuracy" not in d.status_text
