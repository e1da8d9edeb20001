"""The base Dashboard tells a student's move from a slider view's *echo* of a value the kernel sent.

The browser is simulated through the path a real message takes: the kernel's
comm manager hands every ``comm_msg`` to ``control.comm.handle_msg``, which
calls the widget's message handler, which applies an ``update`` through
``Widget.set_state`` (public API all the way). The rule (backprop_lab.echo):
a value from the browser within half a step of a value the kernel sent, or
of the model's value, is an echo; anything else is a move. No browser's
arithmetic is recorded here: an echo is any grid place within half a step.
"""
import ipywidgets as W
import pytest

import backprop_core as bp
from backprop_lab import echo
from backprop_lab.dashboards import (ForwardDashboard, LearningRateDashboard, MomentumDashboard, TrainingDashboard,
                                     WiggleDashboard)
from backprop_lab.echo import EchoGuard, within_half_step


def browser(dash, name, value):
    """The browser view of control ``name`` sends ``value`` (a dropdown's view sends the option's index)."""
    control = dash.controls[name]
    if hasattr(control, "options"):
        state = {"index": [v for _, v in control.options].index(value)}
    else:
        state = {"value": value}
    control.comm.handle_msg({"content": {"data": {"method": "update", "state": state, "buffer_paths": []}},
                             "buffers": []})


class Clock:
    """Seconds that pass only when a test says so."""

    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


# -- the rule --------------------------------------------------------------------------------------
def test_half_a_step_on_each_kind_of_slider():
    s = W.FloatSlider(min=-6, max=6, step=0.01)
    assert within_half_step(s, 1.23, 1.234567)           # 0.0046 < 0.005
    assert not within_half_step(s, 1.24, 1.234567)       # 0.0054
    assert within_half_step(s, -1.9999999999999982, -2.0)
    assert within_half_step(s, 0.13000000000000003, 0.125)   # a place exactly half a step away, with rounding
    log = W.FloatLogSlider(base=10, min=-3, max=3, step=0.05)
    assert within_half_step(log, 10 ** -0.1, 0.8)        # exponents -0.1 and -0.0969: 0.0031 apart
    assert not within_half_step(log, 10 ** -0.05, 0.8)   # 0.0469 apart
    assert not within_half_step(log, 0.0, 0.8)           # no exponent: never an echo
    one = W.IntSlider(min=0, max=100, step=1)
    assert within_half_step(one, 7, 7) and not within_half_step(one, 8, 7)  # steps of 1: exact match
    ten = W.IntSlider(min=10, max=300, step=10)
    assert within_half_step(ten, 60, 55) and within_half_step(ten, 50, 55) and not within_half_step(ten, 70, 55)
    free = W.FloatSlider(min=0, max=1, step=None)        # no grid: only the same value
    assert within_half_step(free, 0.5, 0.5) and not within_half_step(free, 0.5, 0.5000001)


def test_non_finite_values_are_never_within_half_a_step():
    s = W.FloatSlider(min=0, max=1, step=0.1)
    for bad in (float("nan"), float("inf"), -float("inf")):
        assert not within_half_step(s, bad, 0.5) and not within_half_step(s, 0.5, bad)


def test_only_a_message_from_the_browser_counts_as_from_the_browser():
    d = ForwardDashboard()
    seen = []
    d.controls["w0"].observe(lambda change: seen.append(d._echo.from_browser("w0")), names="value")
    d.controls["w0"].value = 1.5      # a cell
    d.set(w0=1.25)                    # dash.set
    browser(d, "w0", 1.0)             # a message
    assert seen == [False, False, True]
    assert not d._echo.from_browser("w0")


# -- values set from Python stay exact ------------------------------------------------------------
def test_a_value_the_slider_cannot_show_stays_exact_after_its_echo():
    d = ForwardDashboard()
    d.set(w0=1.234567)                # off the 0.01 grid: the view can only show 1.23
    browser(d, "w0", 1.23)
    assert d.values["w0"] == 1.234567
    f = bp.ChainNetwork(1.234567, 1.0, 0.5).forward(2.0)
    assert "| 2.46913" in d.table_text and round(f.x1, 5) == 2.46913   # x1 = w0 s0 with the exact w0
    assert d.diagram.labels["out"].get_text() == f"out\n{f.out:.4g}"
    assert d.controls["w0"].value == 1.23   # the slider is left at the nearest place it can show


def test_a_value_set_from_python_within_half_a_step_is_taken_exactly():
    d = ForwardDashboard()
    d.set(w0=1.23)
    d.controls["w0"].value = 1.234567      # a cell, not the browser: never an echo
    assert d.values["w0"] == 1.234567 and "| 2.46913" in d.table_text
    d.set(w0=1.2345678)
    assert d.values["w0"] == 1.2345678


def test_a_key_press_is_one_whole_step_and_is_taken():
    d = ForwardDashboard()
    d.set(w0=1.234567)
    browser(d, "w0", 1.23)                 # the echo
    browser(d, "w0", 1.24)                 # ArrowRight from the 1.23 the handle shows
    assert d.values["w0"] == 1.24
    f = bp.ChainNetwork(1.24, 1.0, 0.5).forward(2.0)
    assert d.diagram.labels["out"].get_text() == f"out\n{f.out:.4g}"
    browser(d, "w0", 1.23)                 # ArrowLeft: one step from the model now, a move too
    assert d.values["w0"] == 1.23
    d.set(w0=1.234567)
    browser(d, "w0", 1.2200000000000002)   # ArrowLeft before the echo came: 0.0146 from the model
    assert d.values["w0"] == 1.2200000000000002


def test_log_slider_answers_are_echoes_and_a_step_of_the_exponent_is_a_move():
    d = LearningRateDashboard()
    d.set(lr=0.8)                          # 10^-0.0969: between grid places 10^-0.1 and 10^-0.05
    browser(d, "lr", 10 ** -0.1)
    assert d.values["lr"] == 0.8 and d.regime == "overshooting"
    browser(d, "lr", 10 ** -0.15)          # ArrowLeft: one step of the exponent
    assert d.values["lr"] == 10 ** -0.15
    browser(d, "lr", 10 ** -2.0)
    assert d.values["lr"] == pytest.approx(0.01) and d.regime == "too small"


def test_int_sliders_echo_only_their_own_grid_place():
    d = LearningRateDashboard()             # steps: 1..100 in steps of 1
    d.set(steps=40)
    browser(d, "steps", 41)                 # ArrowRight
    assert d.values["steps"] == 41
    m = MomentumDashboard()                 # steps: 10..300 in steps of 10
    m.set(steps=55)
    browser(m, "steps", 60)                 # the view shows the nearest place it has
    assert m.values["steps"] == 55
    browser(m, "steps", 70)                 # ArrowRight from 60
    assert m.values["steps"] == 70


def test_dropdowns_never_echo():
    d = LearningRateDashboard()
    d.set(objective="double_well")
    browser(d, "objective", "parabola")    # the student picks the first objective again
    assert d.values["objective"] == "parabola" and d.run.objective.name == "parabola"
    browser(d, "objective", "double_well")
    assert d.run.objective.name == "double_well"


# -- late answers (Run All) ---------------------------------------------------------------------
def test_a_late_answer_to_an_older_value_does_not_move_the_model():
    d = WiggleDashboard(log10_h=-1.0)
    d.set(log10_h=-2)
    d.set(log10_h=-1.0)                    # the notebook's last word
    browser(d, "log10_h", -1.9999999999999982)  # the view's answer to -2, processed after the last cell
    assert d.values["log10_h"] == -1.0
    assert d.controls["log10_h"].value == -1.0  # the slider is set back to the model (the view has it already)
    assert "Slope with h = 0.1:" in d.status_text
    browser(d, "log10_h", -1.0000000000000009)  # the view's answer to the value sent again: an echo
    assert d.values["log10_h"] == -1.0 and "Slope with h = 0.1:" in d.status_text


def test_an_answer_arriving_after_a_real_move_is_judged_against_the_move():
    # The browser sends in order, so an answer to anything it showed before the student's move
    # arrives before the move; one arriving after it is what the handle shows now, and is taken
    # unless it is within half a step of the moved-to value.
    d = WiggleDashboard(log10_h=-1.0)
    d.set(log10_h=-2)
    d.set(log10_h=-1.0)
    browser(d, "log10_h", -3.0)            # a real move ends every answer still owed
    assert d.values["log10_h"] == -3.0 and "Slope with h = 0.001:" in d.status_text
    browser(d, "log10_h", -3.0000000000000004)  # within half a step of the move: an echo
    assert d.values["log10_h"] == -3.0
    browser(d, "log10_h", -1.9999999999999982)  # more than half a step from the move: taken
    assert d.values["log10_h"] == -1.9999999999999982 and "Slope with h = 0.01:" in d.status_text


def test_a_new_range_answered_late_does_not_move_the_model():
    # lesson 05: the student picks another objective in the browser; the dashboard gives the start
    # slider that objective's range and start (set_range: min, max, value). The view redraws at each
    # of min and max with the start it still holds, and answers each time, after the kernel sent 0.
    d = LearningRateDashboard()
    browser(d, "objective", "double_well")
    assert d.values["start"] == 2.0
    browser(d, "start", 2.0000000000000004)    # the view's answer to 2 on the double well's range
    browser(d, "objective", "parabola")
    assert d.values["start"] == 0.0
    for late in (2.0000000000000004, 1.9999999999999996):
        browser(d, "start", late)
        assert d.values["start"] == 0.0 and d.controls["start"].value == 0.0
    assert d.run.thetas[0, 0] == 0.0 and d.table_text.startswith(
        "Gradient descent on J = (theta - 3)^2 + 1, learning rate 0.1, from theta = 0\n")
    browser(d, "start", 0.05)                   # ArrowRight
    assert d.values["start"] == 0.05 and d.run.thetas[0, 0] == 0.05


def test_trained_weights_survive_the_sliders_late_answers():
    d = TrainingDashboard()
    d.press("Step")
    d.press("Step")
    exact = dict(d.weights)
    first = bp.ChainNetwork().step(2.0, 0.7, 0.5)
    table = d.table_text
    # after Run All the views answer both Steps, each with its grid place in steps of 0.01
    for w in (first.weights, exact):
        for name in ("w0", "w1", "w2"):
            browser(d, name, round(w[name], 2))
    assert d.weights == exact and len(d.path) == 3 and d.table_text == table
    browser(d, "w2", 1.5)                  # a student's move starts a new path from there
    assert d.weights["w2"] == 1.5 and d.weights["w0"] == exact["w0"] and len(d.path) == 1


def test_a_value_sent_but_never_answered_does_not_swallow_a_move():
    # notebook 04 sets lr = 1000 (the view shows it exactly: no answer) and then presses Reset
    d = TrainingDashboard()
    d.set(lr=1000.0)
    d.press("Reset")
    browser(d, "lr", 10 ** -0.3)           # the view's one answer, to 0.5
    assert d.lr == 0.5
    browser(d, "lr", 1000.0)               # the student presses End
    assert d.lr == 1000.0 and d.controls["lr"].value == 1000.0


def test_older_values_are_forgotten_after_late_seconds():
    d = ForwardDashboard()
    d._echo.clock = clock = Clock()
    d.set(w0=1.0)                          # both on the grid: the view never answers them
    d.set(w0=1.5)
    browser(d, "w0", 1.0)                  # a click on the track right away: taken for a late answer
    assert d.values["w0"] == 1.5 and d.controls["w0"].value == 1.5
    browser(d, "w0", 1.51)                 # and undone: a move anywhere else is taken, and then that one
    browser(d, "w0", 1.0)
    assert d.values["w0"] == 1.0
    d.set(w0=1.25)
    d.set(w0=1.5)
    clock.now += EchoGuard.LATE_SECONDS + 1
    browser(d, "w0", 1.25)                 # long after: only the newest value is still owed
    assert d.values["w0"] == 1.25


def test_the_newest_value_sent_is_never_forgotten():
    d = ForwardDashboard()
    d._echo.clock = clock = Clock()
    d.set(w0=1.234567)
    clock.now += 10 * EchoGuard.LATE_SECONDS
    browser(d, "w0", 1.23)                 # a view drawn much later (the page reloaded)
    assert d.values["w0"] == 1.234567


# -- what never reaches the guard -----------------------------------------------------------------
def test_non_finite_values_never_reach_the_guard(monkeypatch):
    d = TrainingDashboard()
    asked = []
    monkeypatch.setattr(d._echo, "answer", lambda *a: asked.append(a) or echo.MOVE)
    browser(d, "w0", float("nan"))  # (an infinity the slider itself clips to its end before anyone sees it)
    assert d.status_kind == "error" and d.status_text.startswith("w0 must be a number between")
    assert d.values["w0"] == 2.0 and d.controls["w0"].value == 2.0
    for bad in (float("nan"), float("inf"), -float("inf")):
        with pytest.raises(ValueError, match="w0 must be a number between"):
            d.set(w0=bad)
    assert asked == [] and d.values["w0"] == 2.0
    browser(d, "w0", 1.5)
    assert len(asked) == 1 and d.values["w0"] == 1.5


def test_a_guard_alone_owes_the_first_value_of_a_slider_and_nothing_for_a_dropdown():
    guard = EchoGuard()
    s = W.FloatSlider(value=0.123456, min=0, max=1, step=0.01)
    guard.add("s", s)
    assert guard.answer("s", s, 0.12, 0.123456) == echo.ECHO     # the first drawing's answer
    assert guard.answer("s", s, 0.13, 0.123456) == echo.MOVE
    drop = W.Dropdown(options=["a", "b"], value="a")
    guard.add("d", drop)
    assert guard.answer("d", drop, "a", "a") == echo.MOVE


def test_the_guard_owes_at_most_max_owed_values():
    guard = EchoGuard()
    s = W.FloatSlider(value=0.0, min=0, max=100, step=1)
    guard.add("s", s)
    for v in range(1, 2 * EchoGuard.MAX_OWED):
        guard.sent("s", float(v))
    assert guard.answer("s", s, 1.0, 99.0) == echo.MOVE            # long dropped


def test_a_key_press_back_onto_an_earlier_step_is_a_move():
    """An integer slider shows every whole number of its grid exactly, so it never answers one: the
    stepper's `step` slider, walked 0 -> 4 -> 3 by the buttons, takes a key press back to 2."""
    from backprop_lab.dashboards.matrix.stepper import MatrixStepperDashboard

    d = MatrixStepperDashboard(sizes=(3, 4, 2), activation="sigmoid", seed=0)
    for _ in range(2):
        d.press("Forward")
    for _ in range(2):
        d.press("Backward")
    d.press("Step back")
    assert d.values["step"] == 3
    browser(d, "step", 2)                   # ArrowLeft in the browser
    assert d.values["step"] == 2 and d.controls["step"].value == 2
    assert d.status_text.startswith("Step 2 of 4: Forward, layer 2 of 2.")
    d.close()


def test_after_a_new_range_an_integer_slider_answers_the_value_it_held():
    d = LearningRateDashboard()
    d.set(steps=40)
    d.set(steps=42)
    d.controls["steps"].max = 99            # the view redraws and answers what it holds: 42
    browser(d, "steps", 42)
    assert d.values["steps"] == 42
    browser(d, "steps", 40)                 # then the student goes back to 40: a move
    assert d.values["steps"] == 40


def test_after_a_redraw_an_integer_slider_owes_only_the_value_it_held():
    """Run All walked the stepper's `step` 0..4..0; then a new network redrew the slider (new range):
    a key press onto 1 afterwards is a move, not a late answer to the 1 sent long before."""
    from backprop_lab.dashboards.matrix.stepper import MatrixStepperDashboard

    d = MatrixStepperDashboard(sizes=(3, 4, 2), activation="sigmoid", seed=0)
    for button in ("Forward", "Forward", "Backward", "Backward", "Step back", "Reset"):
        d.press(button)
    browser(d, "layers", 4)                 # the step slider's range grows: its view redraws
    assert d.controls["step"].max == 6 and d.values["step"] == 0
    browser(d, "step", 0)                   # the redrawn view answers the value it held: an echo
    assert d.values["step"] == 0
    for k in (1, 2, 3):
        browser(d, "step", k)               # ArrowRight
        assert d.values["step"] == k and d.controls["step"].value == k
    d.close()
