"""Lesson 08's Playground, driven from Python exactly as a student drives it."""
import json
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_lab.dashboards.playground import FEATURE_CONTROLS, Playground
from backprop_lab.dashboards.playground_model import (DOMAIN, SCALE, PlaygroundModel, check_data, compare_depth,
                                                      parse_hidden)
from backprop_lab.dashboards.playground_views import parse_param

NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


@pytest.fixture
def dash():
    d = Playground(dataset="xor", hidden=(4, 3), activation="tanh", lr=0.1, batch_size=10)
    yield d
    d.close()


def status_losses(text):
    m = re.search(rf"Epoch (\d+): train loss ({NUM}), test loss ({NUM})", text)
    assert m, text
    return int(m.group(1)), float(m.group(2)), float(m.group(3))


def table_rows(text):
    rows = []
    for line in text.splitlines()[3:]:
        cells = [c.strip() for c in line.lstrip("> ").split("|")]
        if len(cells) == 5:
            rows.append(cells)
    return rows


# -- configure, step, read the losses -------------------------------------------------------
def test_step_trains_one_epoch_exactly_like_mlp_fit(dash):
    m = dash.model
    X = m.feature_matrix(m.X_train)
    Y = m.y_train.reshape(-1, 1)
    ref = bp.MLP([2, 4, 3, 1], activation="tanh", output_activation="sigmoid", loss="bce", seed=0)
    np.testing.assert_array_equal(ref.weights[0], m.net.weights[0])
    dash.press("Step")
    ref.fit(X, Y, lr=0.1, epochs=1, batch_size=10, seed=0)
    for a, b in zip(ref.weights, m.net.weights):
        np.testing.assert_array_equal(a, b)
    epoch, train, test = status_losses(dash.status_text)
    assert epoch == 1 == m.epoch
    assert train == pytest.approx(ref.loss(X, Y), rel=1e-3)
    assert test == pytest.approx(ref.loss(m.feature_matrix(m.X_test), m.y_test.reshape(-1, 1)), rel=1e-3)
    assert "Epoch 1" in dash.epoch_label.value
    # the loss curve holds epochs 0 and 1
    assert list(dash.curves.loss.lines["train"].get_xdata()) == [0, 1]


def test_data_sets_features_and_sizes(dash):
    m = dash.model
    assert len(m.X_train) == 350 and len(m.X_test) == 150  # 500 points, 70 % for training
    assert np.abs(m.X_train).max() <= DOMAIN
    dash.set(ratio=50)
    assert len(m.X_train) == 250
    dash.set(f_x1sq=True, f_x1x2=True)
    assert m.settings["features"] == ("x1", "x2", "x1^2", "x1*x2")
    assert m.sizes == [4, 4, 3, 1]
    F = m.feature_matrix(np.array([[2.0, -3.0]]))
    np.testing.assert_array_equal(F, [[2.0, -3.0, 4.0, -6.0]])
    dash.set(dataset="circle")
    X, y = bp.datasets.circles(500, noise=0.1, seed=0)
    np.testing.assert_allclose(m.X_train[:10], SCALE * X[:10])
    dash.set(problem="regression")
    assert m.settings["dataset"] == "plane" and m.net.output_activation == "linear"
    assert dash.controls["dataset"].options == ("plane", "multi gaussian")
    dash.press("Step")
    assert "accuracy" not in dash.status_text and dash.model.epoch == 1


def test_architecture_buttons(dash):
    dash.press("+ layer")
    assert dash.model.settings["hidden"] == (4, 3, 3) and dash.values["layer"] == 3
    dash.set(layer=1)
    dash.press("+ neuron")
    assert dash.model.settings["hidden"] == (5, 3, 3)
    dash.press("- layer")
    dash.press("- layer")
    dash.press("- layer")
    assert dash.model.sizes == [2, 1]
    dash.press("- layer")  # nothing left: said in words, no exception
    assert dash.status_kind == "error" and "no hidden layer" in dash.status_text
    for _ in range(7):
        dash.press("+ layer")
    assert len(dash.model.settings["hidden"]) == 6 and "at most 6" in dash.status_text
    dash.set(hidden="8, 8")
    assert dash.model.sizes == [2, 8, 8, 1]
    dash.set(hidden="9")
    assert dash.status_kind == "error" and "1 to 8" in dash.status_text
    assert dash.values["hidden"] == "8, 8" and dash.model.sizes == [2, 8, 8, 1]


def test_unticking_every_feature_is_refused(dash):
    dash.set(f_x1=False)
    dash.set(f_x2=False)
    assert "at least one input feature" in dash.status_text
    assert dash.values["f_x2"] is True and dash.model.settings["features"] == ("x2",)


def test_regularisation_changes_the_update(dash):
    base = dash.model.net.copy()
    m = dash.model
    X, Y = m.feature_matrix(m.X_train), m.y_train.reshape(-1, 1)
    for reg, kw in (("L1", "l1"), ("L2", "l2")):
        dash.press("Reset")
        dash.set(reg=reg, reg_rate=0.3)
        dash.press("Step")
        ref = base.copy()
        ref.fit(X, Y, lr=0.1, epochs=1, batch_size=10, seed=0, **{kw: 0.3})
        for a, b in zip(ref.weights, m.net.weights):
            np.testing.assert_array_equal(a, b)
        dash.set(reg="none")


def test_divergence_is_said_in_words():
    d = Playground(problem="regression", dataset="plane", hidden=(8, 8), activation="relu", lr=10.0,
                   batch_size=1, features=("x1", "x2", "x1^2", "x2^2", "x1*x2"))
    d.play.playing = True
    for _ in range(5):
        d.tick()
    assert "Diverged" in d.status_text and d.status_kind == "error"
    assert not d.playing
    assert "nan" not in d.status_text.lower() and "nan" not in d.table_text.lower()
    assert all(np.all(np.isfinite(W)) for W in d.model.net.weights)
    d.close()


# -- Play / Pause ------------------------------------------------------------------------------
def test_play_ticks_train_whole_epochs_and_pause_stops(dash):
    dash.play.playing = True
    dash.tick()
    per_frame = dash.model.epochs_per_frame
    assert dash.model.batches_per_epoch * per_frame >= 10  # at least 10 steps per frame
    assert dash.model.epoch == per_frame
    dash._last_frame_end = 0.0
    dash.play.value += 1  # what the browser's timer does
    assert dash.model.epoch == 2 * per_frame
    dash.play.playing = False
    dash.play.value += 1
    assert dash.model.epoch == 2 * per_frame
    # controls answer between ticks: a new learning rate is used from the next frame on
    dash.play.playing = True
    dash.set(lr=0.3)
    dash.tick()
    assert dash.model.segments[-1][1] == 0.3


# -- save and restore ----------------------------------------------------------------------------
def test_saved_configuration_restores_same_data_network_and_losses(dash, tmp_path):
    dash.set(f_x1x2=True)
    dash.press("Step")
    dash.set(lr=0.3, batch_size=5)
    dash.press("Step")
    dash.set(add_class="blue", point="1.5, -2")
    dash.press("Step")
    text = dash.config_string()
    assert text.startswith("pg1-") and len(text) < 400
    path = tmp_path / "pg.json"
    status = dash.status_text
    dash.save(str(path))
    assert dash.config_box.value == text and "Saved" in dash.status_text
    for other in (Playground(config=text), Playground(config=str(path))):
        np.testing.assert_array_equal(other.model.X_train, dash.model.X_train)
        np.testing.assert_array_equal(other.model.y_test, dash.model.y_test)
        assert other.model.sizes == dash.model.sizes == [3, 4, 3, 1]
        for a, b in zip(other.model.net.weights, dash.model.net.weights):
            np.testing.assert_array_equal(a, b)
        assert other.model.losses() == dash.model.losses()
        assert other.values["lr"] == 0.3 and other.values["f_x1x2"] is True
        assert other.status_text == status
        other.close()
    saved = json.loads(path.read_text())
    assert saved["weights"][0] == dash.model.net.weights[0].tolist()
    # restoring into a running dashboard (the paste box)
    fresh = Playground()
    fresh.set(restore=text)
    assert fresh.model.losses() == dash.model.losses() and fresh.values["restore"] == ""
    fresh.set(restore="pg1-garbage")
    assert fresh.status_kind == "error" and "damaged" in fresh.status_text
    fresh.close()


# -- your own data ----------------------------------------------------------------------------------
def test_a_click_on_the_plot_adds_a_point(dash):
    n = len(dash.model.X_train)
    x, y = dash.view.data_css_xy(dash.out_view.ax, 2.0, -1.0)
    dash.click(dash.view, x, y)
    assert len(dash.model.X_train) == n  # 'click adds' is off
    dash.set(add_class="orange")
    dash.click(dash.view, x, y)
    assert len(dash.model.X_train) == n + 1
    np.testing.assert_allclose(dash.model.X_train[-1], [2.0, -1.0], atol=0.011)
    assert dash.model.y_train[-1] == 0.0
    assert dash.out_view.counts()["added"] == 1 and dash.plot_values()["n_added"] == 1
    dash.set(add_class="blue", point="-3, 4")
    assert dash.model.y_train[-1] == 1.0 and list(dash.model.X_train[-1]) == [-3.0, 4.0]
    dash.set(point="nonsense")
    assert dash.status_kind == "error" and "x1, x2" in dash.status_text
    dash.press("Clear my points")
    assert len(dash.model.X_train) == n and dash.out_view.counts()["added"] == 0


def test_own_arrays_and_clear_errors():
    rng = np.random.default_rng(1)
    X = rng.uniform(-4, 4, size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    d = Playground(data=(X, y), hidden=(4,))
    assert d.values["dataset"] == "my data" and len(d.model.X_train) == 42
    np.testing.assert_array_equal(d.model.X_train, X[:42])
    d.close()
    r = Playground(data=(X, X[:, 0] / 4))
    assert r.model.problem == "regression"
    r.close()
    bad = [((X[:, 0], y), r"shape \(n, 2\)"), ((X, y[:5]), "60 rows but y has 5"),
           ((X * 3, y), r"\[-6, 6\]"), ((np.where(X > 3, np.nan, X), y), "finite"),
           ((X, y + 0.5), "labels must be 0 or 1"), ((X,), "pair")]
    for data, msg in bad[:4]:
        with pytest.raises(ValueError, match=msg):
            Playground(data=data)
    with pytest.raises(ValueError, match=bad[4][1]):
        check_data(bad[4][0], "classification")
    with pytest.raises(ValueError, match="pair"):
        Playground(data=bad[5][0])


# -- export ---------------------------------------------------------------------------------------------
def test_export_gives_an_mlp_with_equal_predictions(dash):
    dash.press("Step")
    mlp = dash.export()
    assert isinstance(mlp, bp.MLP)
    grid = dash.model.grid(30)
    F = dash.feature_matrix(grid)
    np.testing.assert_array_equal(mlp.forward(F), dash.model.net.forward(F))
    out, _ = dash.model.surfaces(30, 1)
    np.testing.assert_allclose(mlp.forward(F)[:, 0].reshape(30, 30), out, rtol=1e-12)
    arrays = dash.export_arrays()
    assert arrays["features"] == ["x1", "x2"]
    again = bp.MLP([2, 4, 3, 1], activation=arrays["activation"], output_activation=arrays["output_activation"],
                   loss="bce")
    again.weights, again.biases = arrays["weights"], arrays["biases"]
    np.testing.assert_array_equal(again.predict(F), mlp.predict(F))
    dash.press("Step")  # the export is independent of the dashboard
    assert not np.array_equal(mlp.weights[0], dash.model.net.weights[0])


# -- views -----------------------------------------------------------------------------------------------
def test_heat_maps_show_the_network(dash):
    for _ in range(30):
        dash.press("Step")
    out, units = dash.model.surfaces(100, 4)
    np.testing.assert_allclose(dash.out_view.values, 2 * out - 1)
    dash.set(discretize=True)
    assert set(np.unique(dash.out_view.values)) <= {-1.0, 1.0}
    # the hidden thumbnail of unit a1[0] shows tanh values: its centre colour follows the unit's sign there
    a = units[1][0][12, 12]
    r, g, b, _ = dash.net_view.unit_colour("a1[0]")
    assert (b > r) == (a > 0)
    # connections carry the weights
    w = dash.model.net.weights[1][2, 3]
    assert dash.net_view.diagram.weights["W1[2,3]"] == w
    dash.set(show_test=False)
    assert dash.out_view.counts()["test"] == 0


def test_connection_table_has_batch_gradient_and_chain_rule(dash):
    dash.press("Step")
    dash.set(edge="W0[1,0]", example=7)
    m = dash.model
    rows = table_rows(dash.table_text)
    values = {(r[0], r[1], r[2]): r[4] for r in rows}
    idx = m.batch()
    gW, _ = m.net.gradients(m.feature_matrix(m.X_train[idx]), m.y_train[idx].reshape(-1, 1))
    assert float(values[("batch", "mean over batch", "mean of dC/dW0[1,0] over the 10 examples")]) == \
        pytest.approx(gW[0][1, 0], rel=1e-5)
    # the product for example 7 is that example's gradient (central difference)
    x = m.feature_matrix(m.X_train[7:8])
    y = m.y_train[7:8].reshape(1, 1)
    net = m.net.copy()
    h = 1e-6
    net.weights[0][1, 0] += h
    up = net.loss(x, y)
    net.weights[0][1, 0] -= 2 * h
    down = net.loss(x, y)
    assert float(values[("example 7", "product", "dC/dW0[1,0]")]) == pytest.approx((up - down) / (2 * h), rel=1e-4)
    kinds = [r[1] for r in rows if r[0] == "example 7"]
    assert kinds[0] == "sum over paths" and kinds.count("one path") == 3  # W0 feeds 3 neurons above
    w = m.net.weights[0][1, 0]
    assert float(values[("batch", "update", "W0[1,0] - lr * dJ/dW0[1,0]")]) == pytest.approx(w - 0.1 * gW[0][1, 0],
                                                                                                 rel=1e-5)
    # a click on a connection picks it
    x_px, y_px = dash.net_view.diagram.edge_pixel("W1[2,3]")
    dash.click(dash.view, x_px, y_px)
    assert dash.values["edge"] == "W1[2,3]" and dash.table_text.startswith("Connection W1[2,3]")
    assert dash.net_view.diagram.selected == "W1[2,3]"
    dash.set(edge="b1[0]")
    assert "bias" in dash.note.get_text() and dash.net_view.diagram.selected is None
    assert parse_param("b1[0]") == (1, 0, None)


def test_one_pass_slowly(dash):
    L = 3
    for stage in range(2 * L + 2):
        dash.set(stage=stage)
    text = dash.extra_text
    assert text.startswith(f"One pass, slowly: example 0, stage {2 * L + 1} of {2 * L + 1}")
    m = dash.model
    x = m.feature_matrix(m.X_train[:1])
    zs, acts = m.net.forward_pass(x)
    assert f"{acts[-1][0, 0]:.4g}" in text
    gW, _ = m.net.gradients(x, m.y_train[:1].reshape(1, 1))
    assert f"{np.abs(gW[0]).max():.4g}" in text
    dash.press("Pass: back")
    assert dash.values["stage"] == 2 * L and "gradients" not in dash.extra_text
    assert dash.net_view.diagram.highlighted[0].startswith("W0[")  # the last backward stage: layer 0


def test_sigmoid_vs_relu_at_depth_six():
    d = Playground(dataset="circle", hidden=(4,), activation="tanh")
    d.press("Sigmoid vs ReLU")
    assert d.model.sizes == [2, 8, 8, 8, 8, 8, 8, 1] and d.values["activation"] == "sigmoid"
    runs = d.depth_runs
    sig, relu = runs["sigmoid"][-1], runs["relu"][-1]
    # the first layer of the sigmoid network learns orders of magnitude slower than its last
    assert sig[0] / sig[-1] < 1e-2 < relu[0] / relu[-1]
    np.testing.assert_array_equal(np.array(d.model.history["grad"]), runs["sigmoid"])
    assert "Vanishing gradients" in d.extra_text
    assert len(d.curves.grad.lines["ref 0"].get_xdata()) == len(runs["relu"])
    d.close()


def test_parse_hidden_and_model_errors():
    assert parse_hidden("4, 2") == (4, 2) and parse_hidden("") == ()
    with pytest.raises(ValueError, match="whole numbers"):
        parse_hidden("4, two")
    with pytest.raises(ValueError, match="at most 6"):
        parse_hidden([1] * 7)
    with pytest.raises(TypeError, match="unknown setting"):
        PlaygroundModel(colour="red")
    with pytest.raises(ValueError, match="is for classification"):
        PlaygroundModel(problem="regression", dataset="circle")
    with pytest.raises(ValueError, match="lr must be between"):
        PlaygroundModel(lr=100)
    m = PlaygroundModel(hidden=(8,) * 2)
    runs = compare_depth(m, epochs=2, depth=2)
    assert runs["relu"].shape == (3, 3)


def test_every_feature_has_a_control():
    d = Playground()
    assert set(FEATURE_CONTROLS.values()) <= set(d.controls)
    d.close()


def test_the_tour_exercises_judge_answers_and_name_mistakes():
    from backprop_lab.dashboards.playground_tour import (TOUR, circle_exercise, depth_exercise, l2_exercise, l2_step,
                                                         learning_rate_exercise, sigmoid_depth_bound, xor_exercise)

    assert len(TOUR) == 5
    assert circle_exercise().check("3").correct
    assert "square root" in circle_exercise().check("9").message
    assert xor_exercise().check("-1").correct and "orange" in xor_exercise().check("1").message
    assert learning_rate_exercise().check("-0.7").correct
    assert "against the gradient" in learning_rate_exercise().check("1.7").message
    assert l2_exercise().check("1.994").correct and "batch size" in l2_exercise().check("1.94").message
    assert depth_exercise().check("0.000244").correct and "multiply" in depth_exercise().check("1.5").message
    assert sigmoid_depth_bound(6) == 0.25 ** 6
    # the L2 step is the update MLP.fit takes (data gradient 0: zero inputs, zero targets, no bias change)
    one = bp.MLP([1, 1], activation="linear", loss="half_sse")
    one.weights[0][...] = 2.0
    one.fit(np.zeros((10, 1)), np.zeros((10, 1)), lr=0.1, epochs=1, l2=0.3)
    assert one.weights[0][0, 0] == pytest.approx(l2_step(2.0, 0.1, 0.3, 10), rel=1e-14)


def test_fast_png_frames_are_the_canvas_pixels():
    import io

    from matplotlib.backends.backend_webagg_core import FigureCanvasWebAggCore, FigureManagerWebAgg
    from matplotlib.figure import Figure
    from PIL import Image

    from backprop_lab.dashboards.playground_views import fast_png_frames

    fig = Figure((2, 2), dpi=50)
    canvas = FigureCanvasWebAggCore(fig)
    FigureManagerWebAgg(canvas, 1)  # no browser connected: draws send nothing
    assert fast_png_frames(canvas)
    ax = fig.add_axes([0, 0, 1, 1])
    (line,) = ax.plot([0, 1], [0, 1])
    canvas.draw()
    canvas._png_is_old = True
    full = np.asarray(Image.open(io.BytesIO(canvas.get_diff_image())))
    np.testing.assert_array_equal(full, np.asarray(canvas.get_renderer().buffer_rgba()))
    line.set_ydata([1, 0])
    canvas.draw()
    canvas._png_is_old = True
    diff = np.asarray(Image.open(io.BytesIO(canvas.get_diff_image())))
    now = np.asarray(canvas.get_renderer().buffer_rgba())
    changed = diff.view(np.uint32)[..., 0] != 0
    assert changed.any() and not changed.all()
    np.testing.assert_array_equal(diff[changed], now[changed])
    assert canvas.get_diff_image() is None  # nothing new to send


def test_own_data_survives_switching_the_problem_and_restoring():
    rng = np.random.default_rng(1)
    X = rng.uniform(-4, 4, size=(60, 2))
    y = (X[:, 0] * X[:, 1] > 0).astype(float)
    d = Playground(data=(X, y), hidden=(4,))
    d.press("Step")
    e = Playground(config=d.config_string())
    assert e.values["dataset"] == "my data" and e.model.losses() == d.model.losses()
    e.set(problem="regression")
    assert e.controls["dataset"].options == ("plane", "multi gaussian")
    e.set(problem="classification")
    assert "my data" in e.controls["dataset"].options
    e.set(dataset="my data")
    np.testing.assert_array_equal(e.model.X_train, X[:42])
    d.close()
    e.close()


def test_the_timer_slows_down_to_what_the_kernel_sustains(dash):
    from backprop_lab.dashboards.playground import FRAME_MS, MAX_FRAME_MS

    dash.play.playing = True
    assert dash.play.interval == FRAME_MS
    dash.frame_times[:] = [0.2] * 9  # frames of 200 ms: ticks every 50 ms would queue up
    dash._pace()
    assert dash.play.interval == 230
    dash.frame_times[:] = [5.0] * 9
    dash._pace()
    assert dash.play.interval == MAX_FRAME_MS
    dash.frame_times[:] = [0.01] * 9
    dash._pace()
    assert dash.play.interval == FRAME_MS
    dash.play.playing = False
    dash.play.playing = True  # a new Play starts at full speed
    assert dash.play.interval == FRAME_MS and dash.frame_times == []
