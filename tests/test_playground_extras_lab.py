"""The playground's conveniences in the dashboard (issue 19): the More tab driven from Python."""
from __future__ import annotations

import struct
import zlib

from datetime import datetime, timezone

import numpy as np
import pytest

from backprop_lab.dashboards.playground import Playground
from backprop_lab.dashboards.playground.extras import THUMB_PX, thumbnail_png
from backprop_lab.dashboards.playground.model import DATASETS, PlaygroundModel


NOW = datetime(2026, 12, 6, tzinfo=timezone.utc)


@pytest.fixture
def dash():
    d = Playground(hidden=(4, 2))
    yield d
    d.close()


def csv_text(n=120, seed=0, spread=20.0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(-spread, spread, (n, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    return "x1,x2,label\n" + "\n".join(f"{a!r},{b!r},{c}" for (a, b), c in zip(X.tolist(), y.tolist())), X, y


def png_size_and_pixels(png):
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    w, h = struct.unpack(">II", png[16:24])
    idat = png[png.index(b"IDAT") + 4:png.index(b"IEND") - 8]
    raw = zlib.decompress(idat)
    rows = [raw[r * (3 * w + 1) + 1:(r + 1) * (3 * w + 1)] for r in range(h)]
    return w, h, np.frombuffer(b"".join(rows), np.uint8).reshape(h, w, 3)


def test_thumbnails_are_pictures_of_the_data():
    names = [d for d in DATASETS if d != "my data"]
    for name in names:
        w, h, px = png_size_and_pixels(thumbnail_png(name))
        assert (w, h) == (THUMB_PX, THUMB_PX)
        colours = {tuple(c) for c in px.reshape(-1, 3)}
        assert (247, 247, 247) in colours and len(colours) >= 3, name  # background and two kinds of points
    _, _, four = png_size_and_pixels(thumbnail_png("gauss 4"))
    assert {(0xE6, 0x9F, 0x00), (0x00, 0x72, 0xB2), (0x00, 0x9E, 0x73), (0xD5, 0x5E, 0x00)} <= \
        {tuple(c) for c in four.reshape(-1, 3)}  # the four class colours of the decision map
    assert thumbnail_png("xor") is thumbnail_png("xor")  # computed once


def test_a_thumbnail_picks_its_data_set(dash):
    buttons = [t.children[1] for t in dash.extras.thumbs]
    assert [b.description for b in buttons] == [d for d in DATASETS if d != "my data"]
    next(b for b in buttons if b.description == "spiral 3").click()
    assert dash.values["dataset"] == "spiral 3" and dash.model.classes == 3 and dash.model.epoch == 0
    next(b for b in buttons if b.description == "plane").click()  # a regression set switches the problem first
    assert dash.values["problem"] == "regression" and dash.model.settings["dataset"] == "plane"
    assert dash.status_kind != "error"


def test_csv_upload_trains_on_three_classes(dash):
    text, X, y = csv_text()
    data = text.encode()
    dash.extras.upload.value = ({"name": "points.csv", "type": "text/csv", "size": len(data),
                                 "content": memoryview(data), "last_modified": NOW},)
    assert dash.status_text == ("Loaded points.csv: 120 points, coordinates multiplied by "
                                f"{6 / np.abs(X).max():.4g} to fit the square [-6, 6], 3 classes. "
                                "Press Play to train on your points.")
    m = dash.model
    assert dash.values["dataset"] == "my data" and m.classes == 3 and m.sizes == [2, 4, 2, 3]
    np.testing.assert_allclose(m.X_train, X[:84] * 6 / np.abs(X).max())
    np.testing.assert_array_equal(m.y_train, y[:84])
    before = m.losses()["train"]
    for _ in range(5):
        dash.press("Step")
    assert m.epoch == 5 and m.losses()["train"] < before and dash.status_text.startswith("Epoch 5:")
    assert "my data" in dash.controls["dataset"].options


def test_pasted_points_and_bad_ones(dash):
    dash.extras.paste.value = "1,1,-1\n2,2,1\n-3,1,-1\n4,-4,1\n0.5,0.5,1\n"
    dash.press("Load points")
    assert dash.status_kind == "ok" and dash.model.classes == 2 and list(dash.model.y_train) == [0, 1, 0, 1]
    kept = dash.model
    for text, words in (("1,2,0\n3,x,1\n1,1,1\n2,2,0", "row 2: x2 must be a number, got 'x'."),
                        ("", "paste some points first: one 'x1, x2, label' a line."),
                        ("0,0,7\n1,1,0\n2,2,0\n3,3,0", None)):
        dash.extras.paste.value = text
        dash.press("Load points")
        if words is None:  # 7 is not a class: the points are a regression
            assert dash.model.problem == "regression"
            continue
        assert dash.status_kind == "error" and dash.status_text == words
        assert dash.model is kept  # nothing changed
    dash.extras.upload.value = ({"name": "x.csv", "type": "", "size": 3, "content": memoryview(b"\xff\xfe\x00"),
                                 "last_modified": NOW},)
    assert dash.status_text == "the file is not text (UTF-8); save it as CSV."


def test_schedule_patience_and_layer_activations_from_the_controls(dash):
    dash.set(schedule="step", decay_factor=0.5, decay_every=2, lr=0.3)
    for _ in range(3):
        dash.press("Step")
    assert dash.extras.note.value == "learning rate now 0.15 (step decay)"
    dash.set(layer_acts="relu, sigmoid")
    assert dash.model.net.layer_activations == ["relu", "sigmoid", "sigmoid"] and dash.model.epoch == 0
    dash.set(activation="relu")  # the drop-down sets every hidden layer
    assert dash.model.net.layer_activations == ["relu", "relu", "sigmoid"]
    assert dash.values["layer_acts"] == "" and dash.controls["layer_acts"].value == ""
    dash.set(layer_acts="relu")
    assert dash.status_kind == "error" and dash.status_text == (
        "give one activation per hidden layer: 2 for hidden (4, 2), got 1 (relu).")
    with pytest.raises(ValueError, match="decay_every"):
        dash.set(decay_every=0)
    dash.set(dataset="spiral", hidden="8, 8", lr=1.0, batch_size=1, patience=3, schedule="constant")
    dash.play.playing = True
    for _ in range(200):
        if not dash.play.playing:
            break
        dash.tick()
    s = dash.model.stopped
    assert not dash.play.playing and s is not None and dash.extras.note.value == s.sentence()


def test_copy_as_code_and_share(dash):
    dash.press("Step")
    dash.press("Copy as code")
    assert dash.extras.code_box.value == dash.model.code() and "from backprop_core import MLP" in \
        dash.extras.code_box.value
    dash.set(dataset="xor", lr=0.1, patience=9)
    dash.press("Share")
    text = dash.extras.share_text.value
    other = Playground()
    try:
        other.extras.share_paste.value = text
        other.press("Apply")
        assert other.status_text == "Applied the shared settings. Press Play to train."
        assert other.model.settings == dash.model.settings and other.values["patience"] == 9
        assert other.values["dataset"] == "xor" and other.controls["lr"].value == 0.1
        other.extras.share_paste.value = text[:-4]
        other.press("Apply")
        assert other.status_kind == "error" and "damaged" in other.status_text
    finally:
        other.close()


def test_lecturer_preset_hides_the_advanced_controls():
    d = Playground(preset="lecturer")
    try:
        assert d.tabs.titles == ("Data", "Net", "More")
        shown = d.extras.box.children
        assert d.controls["schedule"] not in shown and d.buttons["Copy as code"] not in shown
        assert d.extras.lecturer in shown
        assert all(d.controls[n] not in d.tabs.children[1].children for n in ("init", "init_seed"))
        d.extras.lecturer.value = False
        assert d.tabs.titles == ("Data", "Net", "Train", "Probe", "Save", "More")
        assert d.controls["schedule"] in d.extras.box.children
    finally:
        d.close()
    with pytest.raises(ValueError, match="preset must be one of"):
        Playground(preset="teacher")


def test_saved_sessions_keep_the_new_settings(tmp_path):
    m = PlaygroundModel(dataset="xor", hidden=(4, 3), layer_acts=("relu", "tanh"), schedule="step",
                        decay_factor=0.25, decay_every=3, patience=40, lr=0.3)
    m.train_epochs(8)
    path = tmp_path / "p.json"
    m.save(path)
    for again in (PlaygroundModel.from_config(str(path)), PlaygroundModel.from_config(m.config_string())):
        assert again.settings == m.settings and again.epoch == 8
        np.testing.assert_array_equal(again.net.weights[1], m.net.weights[1])
    replayed = PlaygroundModel.from_config(str(path), verify=True)
    assert replayed.verified  # the schedule and the per-layer activations replay exactly
    plain = PlaygroundModel(dataset="xor")
    assert "schedule" not in plain.config()["settings"]  # unused conveniences leave the string as it was
    d = Playground(config=m.config_string())
    try:
        assert d.values["schedule"] == "step" and d.values["decay_factor"] == 0.25 and d.values["patience"] == 40
        assert d.values["layer_acts"] == "relu, tanh"
    finally:
        d.close()
