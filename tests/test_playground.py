"""Lesson 08's Playground, driven from Python exactly as a student drives it."""
import asyncio
import json
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_lab.dashboards.playground.dashboard import (CURVES_EVERY, EDGE_EVERY, EPOCH_LABEL_WIDTH, STATUS_EVERY,
                                                          FEATURE_CONTROLS, TABLE_EVERY, Playground)
from backprop_lab.dashboards.playground.model import (DOMAIN, SCALE, PlaygroundModel, check_data, compare_depth,
                                                      parse_hidden)
from backprop_lab.dashboards.playground.views import parse_param
from backprop_lab.views.network_view import NEGATIVE, js_number
from tests.test_frame_loop import until  # the event loop runs until a condition holds

NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def page_reports(view, frame):
    """The page reports it painted ``frame``: the custom message heatmap_view.js sends, through the view's
    comm as the kernel's comm manager delivers it."""
    view.comm.handle_msg({"content": {"data": {"method": "custom", "content": {"painted": frame}}},
                          "buffers": []})


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
    m = dash.model
    X, Y = m.feature_matrix(m.X_train), m.y_train.reshape(-1, 1)
    for reg, kw in (("L1", "l1"), ("L2", "l2")):
        dash.press("Reset")
        base = m.net.copy()  # Reset draws new weights (the next init seed)
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
def test_play_trains_frames_on_the_kernels_loop_and_pause_stops(dash):
    """Play in a kernel: the frames run on its asyncio loop (FrameLoop), and Pause stops them."""
    per_frame = dash.model.epochs_per_frame
    assert dash.model.batches_per_epoch * per_frame >= 10  # at least 10 steps per frame

    async def session():
        dash.play.playing = True  # the button pressed: the kernel's loop computes the frames
        assert dash.play.description == "Pause" and dash.play_loop.running
        await until(lambda: dash.model.epoch >= 3 * per_frame)
        # controls answer between frames: a new learning rate is used from the next frame on
        dash.set(lr=0.3)
        await until(lambda: dash.model.segments[-1][1] == 0.3 and dash.model.epoch >= 5 * per_frame)
        dash.play.playing = False
        assert dash.play.description == "Play" and not dash.play_loop.running
        stopped = dash.model.epoch
        await asyncio.sleep(0.2)
        return stopped

    stopped = asyncio.run(session())
    assert dash.model.epoch == stopped and stopped % per_frame == 0  # whole frames, none after Pause
    assert dash.heat.frame == dash.play_loop.sent == stopped // per_frame  # every frame numbered for the page
    assert "Playing" not in dash.status_text


def test_without_an_event_loop_play_waits_for_ticks(dash):
    """A plain Python process (nbval's cells, a script) has no running loop: each frame is one ``tick()``."""
    dash.play.playing = True
    assert not dash.play_loop.running and dash.model.epoch == 0
    dash.tick()
    assert dash.model.epoch == dash.model.epochs_per_frame
    dash.play.playing = False


def test_play_stays_a_few_frames_ahead_of_what_the_page_painted(dash):
    """The page reports painted frames (a custom comm message, as heatmap_view.js sends it); the kernel is
    never more than AHEAD frames ahead of the last report, and goes on at once when one arrives."""
    from backprop_lab.dashboards.playground.dashboard import ACK_EVERY, AHEAD

    assert (AHEAD, ACK_EVERY, dash.heat.ack_every) == (8, 4, 4)
    loop = dash.play_loop
    loop.wait_seconds = 60.0  # no time-out during the test, however loaded the machine (its own test below)

    async def session():
        dash.play.playing = True
        await until(lambda: loop.waits == 1)  # no page yet: it stops at the window
        assert loop.sent == AHEAD and dash.model.epoch == AHEAD * dash.model.epochs_per_frame
        page_reports(dash.heat, 4)
        await until(lambda: loop.waits == 2)
        assert loop.sent == 4 + AHEAD and dash.heat.painted == 4
        page_reports(dash.heat, "junk")  # not a frame number: ignored
        page_reports(dash.heat, 10)
        await until(lambda: loop.waits == 3)
        assert loop.sent == 10 + AHEAD
        dash.play.playing = False

    asyncio.run(session())


def test_a_page_that_paints_nothing_still_gets_a_frame_every_half_second(dash):
    """No report at all (a hidden tab, no view displayed): past the window, one frame per ``wait_seconds``."""
    from backprop_lab.dashboards.playground.dashboard import AHEAD

    loop = dash.play_loop
    assert loop.wait_seconds == 0.5
    loop.wait_seconds = 0.05

    async def session():
        dash.play.playing = True
        await until(lambda: loop.sent >= AHEAD + 2)
        dash.play.playing = False

    asyncio.run(session())
    assert loop.waits >= 2 and loop.acked == 0


def test_closing_a_playing_dashboard_stops_its_frames():
    d = Playground(dataset="xor", hidden=(2,))

    async def session():
        d.play.playing = True
        await until(lambda: d.play_loop.sent >= 2)
        d.close()
        assert not d.play_loop.running
        sent = d.play_loop.sent
        await asyncio.sleep(0.15)
        return sent

    sent = asyncio.run(session())
    assert d.play_loop.sent == sent  # no frame after close()


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
    dash.heat.click_at(2.0, -1.0)  # what the page sends for a click on the map
    assert len(dash.model.X_train) == n  # 'click adds' is off
    dash.set(add_class="orange")
    dash.heat.click_at(2.0, -1.0)
    assert len(dash.model.X_train) == n + 1
    np.testing.assert_allclose(dash.model.X_train[-1], [2.0, -1.0], atol=0.011)
    assert dash.model.y_train[-1] == 0.0
    assert dash.heat.counts()["added"] == 1 and dash.plot_values()["n_added"] == 1
    added = dash.heat.point_rows()[dash.heat.point_rows()[:, 3] == 2]
    np.testing.assert_array_equal(added, [[2.0, -1.0, -1.0, 2.0]])  # an orange (class 0) point sent as value -1
    dash.set(add_class="blue", point="-3, 4")
    assert dash.model.y_train[-1] == 1.0 and list(dash.model.X_train[-1]) == [-3.0, 4.0]
    dash.set(point="nonsense")
    assert dash.status_kind == "error" and "x1, x2" in dash.status_text
    dash.press("Clear my points")
    assert len(dash.model.X_train) == n and dash.heat.counts()["added"] == 0


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
           ((X, y + 0.5), r"labels must be 0 to 3 \(or -1 and \+1 for two classes\), found 0.5"), ((X,), "pair")]
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
    np.testing.assert_allclose(dash.heat.main, 2 * out - 1, rtol=1e-6, atol=1e-7)  # float32 of the same numbers
    assert dash.plot_values()["map_blue_share"] == pytest.approx(((2 * out - 1) >= 0).mean())
    dash.set(discretize=True)
    assert set(np.unique(dash.heat.shown_map())) == {-1.0, 1.0}
    assert "(discretized)" in dash.heat.summary()
    # every unit has a map, input first: features divided by their largest |value|, tanh units as they are
    maps = dash.heat.unit_maps()
    assert maps.shape == (2 + 4 + 3 + 1, 25, 25) and dash.heat.layers == [2, 4, 3, 1]
    np.testing.assert_allclose(maps[0], units[0][0] / np.abs(units[0][0]).max(), rtol=1e-6)
    np.testing.assert_allclose(maps[2], units[1][0], rtol=1e-6, atol=1e-7)  # unit a1[0]
    np.testing.assert_allclose(maps[-1], 2 * units[-1][0] - 1, rtol=1e-6, atol=1e-7)
    # connections carry the weights, units their biases; hovering shows the gradient on the next batch
    w = dash.model.net.weights[1][2, 3]
    assert dash.net_view.weight_of("W1[2,3]") == w
    assert dash.net_view.weight_of("b1[2]") == dash.model.net.biases[1][2]
    gW, gb = dash.model.batch_gradients()
    assert dash.net_view.gradient_of("W1[2,3]") == gW[1][2, 3] and dash.net_view.gradient_of("b0[1]") == gb[0][1]
    dash.set(show_test=False)
    assert dash.heat.counts()["test"] == 0 and not dash.heat.show_test
    assert dash.heat.summary().endswith("350 points")


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
    # a click on a connection picks it (the page's hit test, in Python)
    x_px, y_px = dash.net_view.edge_pixel("W1[2,3]")
    dash.click(dash.net_view, x_px, y_px)
    assert dash.values["edge"] == "W1[2,3]" and dash.table_text.startswith("Connection W1[2,3]")
    assert dash.net_view.selected == "W1[2,3]"
    # a bias is drawn on its unit: the drop-down selects it there, a click on the unit picks it
    dash.set(edge="b1[0]")
    assert dash.net_view.selected == "b1[0]" and dash.plot_values()["selected"] == "b1[0]"
    dash.click(dash.net_view, *dash.net_view.node_xy[dash.net_view.node_names.index("a1[2]")])
    assert dash.values["edge"] == "b0[2]" and dash.table_text.startswith("Connection b0[2]")
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
    assert dash.net_view.highlighted[0].startswith("W0[")  # the last backward stage: layer 0


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


def test_every_feature_has_a_control_that_feeds_the_network():
    """Ticking a feature's box adds that input to the network (one more input unit) and to the
    settings; unticking it takes it away again."""
    from backprop_core.playground_training import FEATURES

    d = Playground()
    assert set(FEATURE_CONTROLS) == set(FEATURES)
    for feature, control in FEATURE_CONTROLS.items():
        was_on = feature in d.model.settings["features"]
        inputs = d.model.net.sizes[0]
        d.set(**{control: not was_on})
        assert (feature in d.model.settings["features"]) is (not was_on), feature
        assert d.model.net.sizes[0] == inputs + (-1 if was_on else 1), feature
        d.set(**{control: was_on})
        assert d.model.net.sizes[0] == inputs, feature
    d.close()


def test_the_tour_exercises_judge_answers_and_name_mistakes():
    from backprop_lab.dashboards.playground.tour import (TOUR, circle_exercise, depth_exercise, l2_exercise, l2_step,
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


# -- the browser-drawn heat maps (HeatmapView): what the kernel sends --------------------------------------
def test_heatmap_view_sends_float32_grids_and_says_what_it_shows():
    from backprop_lab.views.heatmap_view import KIND_ADDED, KIND_TEST, KIND_TRAIN, HeatmapView

    v = HeatmapView(domain=6.0, vrange=(-1, 1))
    grid = np.array([[-1.0, -0.5, 0.0], [0.25, 0.5, 1.0], [-0.75, 0.125, 2.0]])
    v.set_map(grid)
    assert v.cells == 3 and len(v.values) == 9 * 4  # 9 float32 values, nothing else
    np.testing.assert_array_equal(np.frombuffer(v.values, "<f4"), grid.ravel().astype(np.float32))
    # 6 of the 9 values are at or above the middle (0): 0.0, 0.25, 0.5, 1.0, 0.125, 2.0
    assert v.share_above() == pytest.approx(6 / 9)
    assert v.summary() == "HeatmapView output 3x3 in [-1, 1]: 67% of the map above 0 (blue), 0 neuron maps, 0 points"
    v.discretize = True
    np.testing.assert_array_equal(v.shown_map(), np.where(grid >= 0, 1.0, -1.0))
    # two layers of neurons in one bytes trait, one grid after another
    a, b, c = np.full((2, 2), 0.5), np.eye(2), -np.eye(2)
    v.set_units([a, b, c], layers=[1, 2], labels=["x1", "", ""])
    assert len(v.units) == 3 * 4 * 4 and v.n_units == 3 and v.layers == [1, 2]
    np.testing.assert_array_equal(v.unit_maps()[2], -np.eye(2))
    v.set_points([[1.0, 2.0], [-3.0, 0.5], [0.0, 0.0]], [1.0, -1.0, 1.0], [KIND_TRAIN, KIND_TEST, KIND_ADDED])
    assert len(v.points) == 3 * 4 * 4
    np.testing.assert_array_equal(v.point_rows()[1], [-3.0, 0.5, -1.0, 1.0])
    assert v.counts() == {"train": 1, "added": 1, "test": 1}
    v.show_test = False
    assert v.counts()["test"] == 0
    assert v.summary() == ("HeatmapView output 3x3 in [-1, 1] (discretized): 67% of the map above 0 (blue), "
                           "3 neuron maps of 2x2, 2 points (2 train, 0 test)")
    assert repr(v) == "HeatmapView(3x3, 3 neuron maps, 3 points)"
    v.click_at(1.5, -2.0)
    v.click_at(1.5, -2.0)  # the same place twice is two clicks
    assert v.click == [1.5, -2.0, 2.0]


def test_heatmap_view_refuses_bad_input_in_one_sentence():
    from backprop_lab.views.heatmap_view import HeatmapView

    v = HeatmapView()
    with pytest.raises(ValueError, match=r"the map must be a square 2-D grid of numbers, got shape \(2, 3\)\."):
        v.set_map(np.zeros((2, 3)))
    with pytest.raises(ValueError, match=r"the map must hold finite numbers, got 1 non-finite value\(s\)\."):
        v.set_map(np.array([[0.0, np.nan], [0.0, 0.0]]))
    with pytest.raises(ValueError, match="every neuron map must have the same size"):
        v.set_units([np.zeros((2, 2)), np.zeros((3, 3))])
    with pytest.raises(ValueError, match=r"layers \[1, 1\] must add up to the 3 neuron maps"):
        v.set_units([np.zeros((2, 2))] * 3, layers=[1, 1])
    with pytest.raises(ValueError, match="kinds must be 0 \\(train\\), 1 \\(test\\) or 2 \\(added\\), got \\[5\\]"):
        v.set_points([[0.0, 0.0]], [1.0], [5])
    with pytest.raises(ValueError, match=r"vrange must be two finite numbers lo < hi, got \(1, 1\)"):
        HeatmapView(vrange=(1, 1))
    assert v.values == b"" and v.units == b""  # nothing refused was sent


def test_a_frame_of_play_sends_only_the_grids(dash):
    sent = []
    dash.heat.observe(lambda c: sent.append(c["name"]), names=list(dash.heat.trait_names(sync=True)))
    dash.play.playing = True
    dash.tick()
    assert dash.model.batches_per_epoch * dash.model.epochs_per_frame >= 10
    assert sorted(sent) == ["units", "values"]  # no points, sizes or labels again
    assert dash.heat.summary().startswith("HeatmapView output 100x100 in [-1, 1]: ")


def test_while_playing_each_frame_sends_the_maps_and_at_most_one_other_view(dash):
    """The page's costly updates are spread out: the diagram on even frames, the curves every 8th on an
    odd one, the tables every 10th on an odd one; the epoch counter keeps one width."""
    sent = {"diagram": [], "curves": [], "table": [], "maps": [], "status": []}
    dash.net_view.observe(lambda c: sent["diagram"].append(dash._frame), names="weights")
    dash.status.observe(lambda c: sent["status"].append(dash._frame), names="value")
    dash.heat.observe(lambda c: sent["maps"].append(dash._frame), names="values")
    dash._table_html.observe(lambda c: sent["table"].append(dash._frame), names="value")
    train = dash.curves.loss.lines["train"]
    dash.play.playing = True
    for _ in range(40):
        points = len(train.get_xdata())
        dash.tick()
        if len(train.get_xdata()) > points:
            sent["curves"].append(dash._frame)
        assert dash.epoch_label.layout.width == EPOCH_LABEL_WIDTH == "9.5em"
    assert (EDGE_EVERY, CURVES_EVERY, TABLE_EVERY) == (2, 8, 10)
    assert sent["maps"] == list(range(1, 41))
    assert sent["diagram"] == list(range(2, 41, 2))
    assert sent["curves"] == [1, 9, 17, 25, 33]
    assert sent["table"] == [5, 15, 25, 35]
    # Play pressed says "Playing" at once (frame 0); then every other frame, once (its text and numbers together)
    assert sent["status"] == [0] + list(range(1, 41, 2))
    last_sent = dash.model.epoch - dash.model.epochs_per_frame  # frame 39's epoch
    assert STATUS_EVERY == 2 and f"Epoch {last_sent:,}:" in dash.status.value
    assert not set(sent["curves"]) & set(sent["diagram"])
    # the curves still end at the epoch trained last time they were drawn, and hold every epoch up to it
    assert list(train.get_xdata())[-1] == dash.model.history["epoch"][-1] - 7 * dash.model.epochs_per_frame
    dash.play.playing = False
    dash.press("Step")  # paused: everything is current again
    assert list(train.get_xdata())[-1] == dash.model.epoch
    assert dash.epoch_label.value == f"<b>Epoch {dash.model.epoch:,}</b>"


def test_a_closed_heatmap_view_is_freed():
    import gc
    import weakref

    from backprop_lab.views.heatmap_view import HeatmapView

    v = HeatmapView()
    v.set_map(np.zeros((4, 4)))
    v.close()
    ref = weakref.ref(v)
    del v
    gc.collect()
    assert ref() is None  # nothing (anywidget's file watching included) holds a closed view


# -- the diagram the page draws: what the kernel sends is numbers ------------------------------------------------
def test_diagram_state_is_the_networks_numbers():
    d = Playground(dataset="xor", hidden=(3,), activation="tanh", lr=0.1, reg="L2", reg_rate=0.1)
    d.press("Step")
    v, net = d.net_view, d.model.net
    # geometry: 2-3-1, inputs named by their features left of the units, a caption per column (course names)
    assert v.sizes == [2, 3, 1] and v.node_names == ["a0[0]", "a0[1]", "a1[0]", "a1[1]", "a1[2]", "a2[0]"]
    assert v.node_labels[:2] == ["x1", "x2"] and [c[2] for c in v.captions] == ["a0 (input)", "a1", "a2 (output)"]
    assert v.bias_names == ["", "", "b0[0]", "b0[1]", "b0[2]", "b1[0]"]  # b_l on unit a_{l+1}[j]
    # the synced lists are plain floats: W0 row by row (W0[j,k]: from a0[k] to a1[j]), then W1; biases per unit
    assert all(type(x) is float for x in v.weights + v.biases + v.gradients + v.bias_gradients)
    assert v.weights == [float(w) for W in net.weights for w in W.ravel()]
    assert [e[2] for e in v.edges][:3] == ["W0[0,0]", "W0[0,1]", "W0[1,0]"]
    assert v.biases == [0.0, 0.0] + [float(b) for b in np.concatenate(net.biases)]
    # gradients: the next batch's dJ/dW with the L2 penalty (the connection table's "gradient" row), cost J
    gW, gb = d.model.batch_gradients()
    assert v.gradients == [float(g) for G in gW for g in G.ravel()] and v.cost_symbol == "J"
    assert v.bias_gradients[2:] == [float(g) for g in np.concatenate(gb)]
    # the text the page writes on hover, from those numbers
    w, g = net.weights[1][0, 2], gW[1][0, 2]
    assert v.tip_of("W1[0,2]") == f"W1[0,2] = {js_number(w)}, \u2202J/\u2202W1[0,2] = {js_number(g)}"
    assert float(js_number(w)) == pytest.approx(w, rel=5e-3)
    # a bias ring is styled as a line is: colour and dashes by sign, width by size
    b = net.biases[0][1]
    colour, dashed, width = v.style_of("b0[1]")
    assert (colour == NEGATIVE) == (b < 0) == dashed
    assert width == pytest.approx(1.5 + 3 * min(abs(b) / 2.0, 1), abs=1e-3)
    # a new architecture: a new geometry in one go, the selection back on the default connection
    d.set(hidden="2, 2")
    assert v.sizes == [2, 2, 2, 1] and len(v.edges) == 2 * 2 + 2 * 2 + 2 and v.biases[-1] == net_bias(d, 2, 0)
    assert d.plot_values()["probe_edge"] == "W2[0,0]" and v.edge_at(*d.plot_values()["probe_px"]) == "W2[0,0]"


def net_bias(d, layer, j):
    return float(d.model.net.biases[layer][j])


def test_set_mlp_refuses_other_shapes():
    from backprop_lab.views import NetworkView

    v = NetworkView([2, 3, 1], unit_biases=True)
    with pytest.raises(ValueError, match=r"set_mlp needs weights of shapes \[\(3, 2\), \(1, 3\)\]"):
        v.set_mlp([np.zeros((2, 3)), np.zeros((1, 3))], [np.zeros(3), np.zeros(1)])
    with pytest.raises(ValueError, match="input_labels needs one name per input"):
        NetworkView([2, 3, 1], input_labels=["x1"])
    with pytest.raises(ValueError, match="selected must be one of"):
        v.selected = "b5[0]"
    # a diverged network's numbers: JSON has no NaN, so NaN is sent as 0 and +-inf as +-1e300 (the widest lines)
    v.set_mlp([np.full((3, 2), np.nan), np.full((1, 3), -np.inf)], [np.zeros(3), np.array([np.inf])],
              [np.zeros((3, 2)), np.zeros((1, 3))], [np.zeros(3), np.array([np.nan])])
    assert v.weights == [0.0] * 6 + [-1e300] * 3 and v.biases[-1] == 1e300 and v.bias_gradients[-1] == 0.0
    assert v.style_of("W1[0,1]") == (NEGATIVE, True, 7.0)


def test_the_page_marks_each_pass_stage_as_the_kernel_does(dash):
    """The diagram follows the pass-stage slider in the page (no round trip) with the kernel's own table."""
    v = dash.net_view
    assert v.highlight_follow is dash.controls["stage"] and len(v.highlight_table) == 2 * 3 + 2
    for stage in range(2 * 3 + 2):
        dash.set(stage=stage)
        assert v.highlight_table[stage] == list(v.highlighted)
    assert v.highlight_table[1] == [f"W0[{j},{k}]" for j in range(4) for k in range(2)]  # forward: W0, W1, W2
    assert v.highlight_table[4] == v.highlight_table[3] and v.highlight_table[6] == v.highlight_table[1]  # backward
    with pytest.raises(TypeError, match="follow_highlight needs an integer slider"):
        v.follow_highlight(dash.controls["lr"], [])
