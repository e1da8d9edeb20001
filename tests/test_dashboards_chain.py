"""The chain-network dashboards, driven from Python exactly as a student drives them."""
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_lab.dashboards.chain import (ForwardDashboard, TrainingDashboard, WiggleDashboard,
                                           derivative_table, forward_table)

NUM = r"-?\d+(?:\.\d+)?(?:e-?\d+)?"


def table_value(text, weight, symbol):
    """The value column of the row (weight, symbol) of a derivative table."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.lstrip("> ").split("|")]
        if len(cells) == 5 and cells[0] == weight and cells[2] == symbol:
            return float(cells[4])
    raise AssertionError(f"no row {weight} {symbol}")


def test_forward_table_has_the_lecture_numbers():
    text = forward_table(bp.ChainNetwork(), 2.0).to_text()
    values = {line.split("|")[0].strip(): float(line.split("|")[-1]) for line in text.splitlines()[3:]}
    assert values["x1"] == 4.0
    assert round(values["s1"], 3) == 0.982
    assert round(values["x2"], 3) == 0.982
    assert round(values["s2"], 4) == 0.7275
    assert round(values["out"], 4) == 0.3638


def test_derivative_table_products_and_updates_match_the_core():
    net = bp.ChainNetwork()
    text = derivative_table(net, 2.0, 0.7, 0.5).to_text()
    g = net.gradients(2.0, 0.7)
    new = net.step(2.0, 0.7, 0.5).weights
    for w in ("w0", "w1", "w2"):
        assert table_value(text, w, f"dC/d{w}") == pytest.approx(float(g[w]), rel=1e-5)
        assert table_value(text, w, f"{w} <- {w} - lr * dC/d{w}") == pytest.approx(float(new[w]), rel=1e-5)
    assert table_value(text, "w1", "ds2/dx2") == pytest.approx(0.19824, rel=1e-5)


def test_training_dashboard_step_equals_core_step():
    d = TrainingDashboard()
    d.press("Step")
    expected = bp.ChainNetwork().step(2.0, 0.7, 0.5).weights
    assert d.weights == pytest.approx(expected)
    # the sliders follow the model
    assert d.controls["w2"].value == pytest.approx(expected["w2"])
    # the table now shows the derivatives at the new weights
    g = bp.ChainNetwork(**expected).gradients(2.0, 0.7)
    assert table_value(d.table_text, "w1", "dC/dw1") == pytest.approx(float(g["w1"]), rel=1e-5)
    # the plotted cost curve holds both costs
    ys = d.curve.line.get_ydata()
    assert len(ys) == 2
    assert ys[-1] == pytest.approx(float(bp.ChainNetwork(**expected).cost(2.0, 0.7)))


def test_run_n_steps_decreases_cost_and_draws_the_path():
    d = TrainingDashboard(steps=40)
    d.press("Run N steps")
    assert len(d.path) == 41
    assert d.costs[-1] < d.costs[0] / 100
    xs, ys = d.surface.path_line.get_data()
    assert len(xs) == 41  # pair w0 and w2
    assert xs[-1] == pytest.approx(d.weights["w0"]) and ys[-1] == pytest.approx(d.weights["w2"])
    assert "Step 40" in d.status_text


def test_moving_a_slider_restarts_the_path_from_the_new_weights():
    d = TrainingDashboard()
    d.press("Run N steps")
    d.set(w0=-1.25)
    assert d.weights["w0"] == -1.25
    assert len(d.path) == 1
    assert table_value(d.table_text, "w0", "dx1/dw0") == 2.0
    assert float(d.surface.point.get_xdata()[0]) == -1.25


def test_choosing_the_pair_highlights_its_rows_and_relabels_the_surface():
    d = TrainingDashboard(pair="w0 and w2")
    marked = {line.split("|")[0][2:].strip() for line in d.table_text.splitlines() if line.startswith("> ")}
    assert marked == {"w0", "w2"}
    d.set(pair="w1 and w2")
    marked = {line.split("|")[0][2:].strip() for line in d.table_text.splitlines() if line.startswith("> ")}
    assert marked == {"w1", "w2"}
    assert d.surface.ax.get_xlabel() == "w1"
    assert "w0 = 2" in d.surface.title.get_text()


def test_diverging_learning_rate_stops_and_says_so():
    d = TrainingDashboard(steps=200)
    d.set(lr=1000.0)
    d.press("Run N steps")
    assert re.search(r"Diverged at step \d+", d.status_text)
    assert all(np.isfinite(v) for v in d.weights.values())
    assert "nan" not in d.table_text and "inf" not in d.table_text
    # and it keeps working
    d.press("Reset")
    assert d.weights == {"w0": 2.0, "w1": 1.0, "w2": 0.5}
    assert d.controls["lr"].value == pytest.approx(0.5)
    d.press("Step")
    assert "Diverged" not in d.status_text


@pytest.mark.parametrize("name", ["w0", "w1", "w2", "s0", "target", "lr"])
def test_sliders_at_their_ends_give_finite_tables(name):
    d = TrainingDashboard()
    c = d.controls[name]
    for end in (c.min, c.max):
        d.set(**{name: c.base ** end if hasattr(c, "base") else end})  # a log slider's ends are exponents
        d.press("Run N steps")
        numbers = [float(x) for x in re.findall(NUM + r"\s*$", d.table_text, flags=re.M)]
        assert numbers and all(np.isfinite(numbers))
        assert "undefined" not in d.table_text and "overflow" not in d.table_text
        assert d.status_text


def test_errors_in_callbacks_are_reported_in_words():
    d = TrainingDashboard()

    def broken():
        raise RuntimeError("boom")

    d._safely(broken)
    assert d.status_text.startswith("Something went wrong: RuntimeError: boom")


def test_unknown_controls_are_named():
    d = TrainingDashboard()
    with pytest.raises(KeyError, match="no control named"):
        d.set(w7=1.0)
    with pytest.raises(KeyError, match="no button 'Jump'"):
        d.press("Jump")


def test_figure_is_updated_in_place():
    d = TrainingDashboard()
    d.render()
    fig = d.view.figure
    artists = (d.surface.image, d.curve.line)
    for v in (1.0, 1.5, 2.5):
        d.set(w1=v)
        d.press("Step")
    assert d.view.figure is fig
    assert (d.surface.image, d.curve.line) == artists
    assert len(fig.axes) == 2


def test_forward_dashboard_follows_its_sliders():
    d = ForwardDashboard()
    d.set(w0=1.0, s0=1.0)
    f = bp.ChainNetwork(1.0, 1.0, 0.5).forward(1.0)
    assert f"{f.out:.6f}"[:6] in d.table_text
    assert d.diagram.labels["out"].get_text() == f"out\n{f.out:.4g}"


def test_wiggle_dashboard_slope_converges_for_w1():
    d = WiggleDashboard()
    exact = float(bp.ChainNetwork().output_gradients(2.0)["w1"])
    errors = []
    for log_h in (-1, -3, -5):
        d.set(weight="w1", log10_h=log_h)
        errors.append(abs(d.slope("w1", 10.0 ** log_h) - exact))
    assert errors[0] > errors[1] > errors[2]
    assert errors[2] < 1e-5
    # out is linear in w2: every h gives s2
    d.set(weight="w2", log10_h=-1)
    assert d.slope("w2", 0.1) == pytest.approx(bp.ChainNetwork().forward(2.0).s2, rel=1e-12)


@pytest.mark.parametrize("cls", [ForwardDashboard, WiggleDashboard])
def test_forward_and_wiggle_dashboards_at_every_slider_end_stay_finite(cls):
    d = cls()
    for name, control in d.controls.items():
        ends = (control.min, control.max) if hasattr(control, "min") else control.options
        for end in ends:
            d.set(**{name: control.base ** end if hasattr(control, "base") else end})
            numbers = [float(x) for x in re.findall(NUM + r"\s*$", d.table_text, flags=re.M)]
            assert numbers and all(np.isfinite(numbers)), d.table_text
            assert not re.search(r"\b(nan|inf|undefined|overflow)\b", d.table_text + d.status_text, flags=re.I)
            assert d.status_text and not d.status_text.startswith("Something went wrong"), d.status_text
