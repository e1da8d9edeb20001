"""The base Dashboard tells a student's move from a slider view's *echo* of a value the kernel sent.

``control.set_state({"value": v})`` is exactly what ipywidgets runs when a
message from the browser arrives, so these tests replay what the real
browser was seen doing (tests/browser/): noUiSlider answers ``-2`` with
``-1.9999999999999982`` and a trained weight ``2.00059`` with the grid
value ``2.0``, sometimes only after the kernel has sent newer values.
"""
import ipywidgets as W
import pytest

import backprop_core as bp
from backprop_lab.dashboards import (ForwardDashboard, LearningRateDashboard, TrainingDashboard,
                                     WiggleDashboard)
from backprop_lab.widgets import slider_answer

# (slider, value the kernel sent, value Chromium's slider view sent back), recorded from a real
# JupyterLab 4.6 / ipywidgets 8.1.9 session; None: the view sent nothing (it can show the value exactly)
SEEN_IN_THE_BROWSER = [
    (dict(min=-12, max=0, step=0.5), -2.0, -1.9999999999999982),
    (dict(min=-12, max=0, step=0.5), -1.0, None),
    (dict(min=-6, max=6, step=0.01), 2.0, 1.9999999999999991),
    (dict(min=-6, max=6, step=0.01), 2.00059, 1.9999999999999991),
    (dict(min=-6, max=6, step=0.01), 1.0, None),
    (dict(min=-3, max=3, step=0.05, base=10), 0.5, 0.5011872336272725),
    (dict(min=-3, max=3, step=0.05, base=10), 0.8, 0.7943282347242814),
    (dict(min=-3, max=3, step=0.05, base=10), 1000.0, None),
]


@pytest.mark.parametrize("grid, sent, answered", SEEN_IN_THE_BROWSER)
def test_slider_answer_replays_the_browser_exactly(grid, sent, answered):
    control = (W.FloatLogSlider if "base" in grid else W.FloatSlider)(value=sent, **grid)
    assert slider_answer(control, sent) == (sent if answered is None else answered)


def from_browser(dash, name, value):
    control = dash.controls[name]
    if hasattr(control, "options"):  # a dropdown's view sends the index of the option
        control.set_state({"index": [v for _, v in control.options].index(value)})
    else:
        control.set_state({"value": value})


def test_a_late_answer_to_an_older_value_is_not_a_move():
    d = WiggleDashboard(log10_h=-1.0)
    d.set(log10_h=-2)
    d.set(log10_h=-1.0)
    from_browser(d, "log10_h", -1.9999999999999982)  # the view's late answer to -2
    assert d.values["log10_h"] == -1.0
    assert d.controls["log10_h"].value == -1.0  # the slider is set back to the model
    assert "Slope with h = 0.1:" in d.status_text
    # a real move afterwards is taken, even to the grid place of the old value
    from_browser(d, "log10_h", -3.0)
    assert d.values["log10_h"] == -3.0 and "Slope with h = 0.001:" in d.status_text
    from_browser(d, "log10_h", -1.9999999999999982)
    assert d.values["log10_h"] == pytest.approx(-2.0) and "Slope with h = 0.01:" in d.status_text


def test_snapping_the_current_value_is_not_a_move():
    d = ForwardDashboard()
    d.set(w0=1.234567)          # off the 0.01 grid: the view can only show 1.23
    from_browser(d, "w0", slider_answer(d.controls["w0"], 1.234567))
    assert d.values["w0"] == 1.234567
    f = bp.ChainNetwork(1.234567, 1.0, 0.5).forward(2.0)
    assert d.diagram.labels["out"].get_text() == f"out\n{f.out:.4g}"
    from_browser(d, "w0", 1.5)  # a real move
    assert d.values["w0"] == 1.5


def test_trained_weights_survive_the_sliders_answers():
    d = TrainingDashboard()
    d.press("Step")
    d.press("Step")
    exact = dict(d.weights)
    first = bp.ChainNetwork().step(2.0, 0.7, 0.5)
    # the views answer both Steps late, each with its grid value
    for w in (first.weights, exact):
        for name in ("w0", "w1", "w2"):
            from_browser(d, name, slider_answer(d.controls[name], w[name]))
    assert d.weights == exact and len(d.path) == 3
    from_browser(d, "w2", 1.5)  # a student's move starts a new path from there
    assert d.weights["w2"] == 1.5 and len(d.path) == 1


def test_dropdowns_never_echo():
    d = LearningRateDashboard()
    d.set(objective="double_well")
    from_browser(d, "objective", "parabola")  # the student picks the first objective again
    assert d.values["objective"] == "parabola" and d.run.objective.name == "parabola"
    from_browser(d, "objective", "double_well")
    assert d.run.objective.name == "double_well"


def test_log_slider_answers_are_echoes_too():
    d = LearningRateDashboard()
    d.set(lr=0.8)                 # 10^-0.0969: between grid places 10^-0.1 and 10^-0.05
    from_browser(d, "lr", slider_answer(d.controls["lr"], 0.8))  # 10^-0.1 as the browser computes it
    assert d.values["lr"] == 0.8 and d.regime == "overshooting"
    from_browser(d, "lr", 10 ** -2.0)
    assert d.values["lr"] == pytest.approx(0.01) and d.regime == "too small"


def test_a_value_sent_but_never_answered_does_not_swallow_a_move():
    # notebook 04 sets lr = 1000 (the view shows it exactly: no answer) and then presses Reset
    d = TrainingDashboard()
    d.set(lr=1000.0)
    d.press("Reset")
    from_browser(d, "lr", slider_answer(d.controls["lr"], 0.5))  # the view's one answer, to 0.5
    assert d.lr == 0.5
    from_browser(d, "lr", 1000.0)  # the student presses End
    assert d.lr == 1000.0 and d.controls["lr"].value == 1000.0
