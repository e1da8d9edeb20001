"""The gradient-descent dashboards of notebook 05, driven from Python exactly as a student drives them.

Every expected number is computed here from ``backprop_core`` (or by hand,
with the arithmetic in the comments), never read from the dashboard itself.
"""
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_core.descent import OBJECTIVES, gradient_descent, iterations_per_epoch
from backprop_lab.tables import fmt
from backprop_lab.dashboards.chain import ForwardDashboard, TrainingDashboard, WiggleDashboard
from backprop_lab.dashboards.descent.basic import (BatchModesDashboard, Descent2DDashboard, LearningRateDashboard,
                                             MomentumDashboard, batch_data, first_step)

NUM = r"-?\d+(?:\.\d+)?(?:e[-+]?\d+)?"
DASHBOARDS = [LearningRateDashboard, Descent2DDashboard, MomentumDashboard, BatchModesDashboard]


def numbers_in(text):
    """Every number in a plain-text table (cell by cell), as floats."""
    cells = [c.strip() for line in text.splitlines()[1:] for c in line.lstrip("> ").split("|")]
    return [float(c) for c in cells if re.fullmatch(NUM, c)]


def row(text, label):
    """The cells of the table row whose first cell is ``label``."""
    for line in text.splitlines():
        cells = [c.strip() for c in line.split("|")]
        if cells[0] == label:
            return cells[1:]
    raise AssertionError(f"no row {label!r} in\n{text}")


def assert_finite_and_worded(dash):
    text = dash.table_text
    assert numbers_in(text), text
    assert all(np.isfinite(numbers_in(text)))
    assert not re.search(r"\b(nan|inf|undefined|overflow)\b", text, flags=re.I), text
    assert dash.status_text and not dash.status_text.startswith("Something went wrong"), dash.status_text


# --------------------------------------------------------------------------
# learning rate (1-D)
# --------------------------------------------------------------------------
def test_learning_rate_dashboard_runs_the_core_descent():
    d = LearningRateDashboard()
    run = gradient_descent(OBJECTIVES["parabola"], [0.0], 0.1, 30)
    np.testing.assert_array_equal(d.run.thetas, run.thetas)
    # J = (theta - 3)^2 + 1 from 0 with lr 0.1: theta1 = 0 - 0.1 * 2 * (0 - 3) = 0.6, J(0.6) = 2.4^2 + 1 = 6.76
    assert row(d.table_text, "1")[:2] == ["0.6", "6.76"]
    # the plotted point is the last step of the run
    assert d.plot_values()["theta"] == run.thetas[-1, 0]
    assert d.plot_values()["J"] == run.costs[-1]
    assert d.plot_values()["path_points"] == 31


@pytest.mark.parametrize("lr, word", [(0.001, "too small"), (0.01, "too small"), (0.1, "good"),
                                      (0.8, "overshooting"), (1.5, "diverging"), (10.0, "diverging")])
def test_learning_rate_regimes_are_said_in_words(lr, word):
    d = LearningRateDashboard()
    d.set(lr=lr)
    assert d.regime == word
    assert d.status_text.lower().startswith({"too small": "too small", "good": "good",
                                             "overshooting": "overshooting", "diverging": "diverg"}[word])
    assert_finite_and_worded(d)


def test_diverging_learning_rate_stops_at_the_last_finite_theta_and_keeps_working():
    d = LearningRateDashboard()
    d.set(lr=1.5)
    # theta_(k+1) - 3 = (1 - 2 lr)(theta_k - 3) = -2 (theta_k - 3): |theta - 3| = 3 * 2^k passes 1e6 ... J > 1e6
    k = d.run.diverged_at
    assert d.status_text.startswith(f"Diverged at step {k}:")
    assert 3 * 2 ** (k - 1) <= 1e3 < 3 * 2 ** k  # J = (3 * 2^k)^2 + 1 grows past 1e6 at step k
    assert_finite_and_worded(d)
    d.set(lr=0.1)  # and it keeps working
    assert d.regime == "good" and not d.run.diverged


def test_switching_the_objective_moves_the_start_into_its_window():
    d = LearningRateDashboard()
    d.set(objective="double_well")
    lo, hi = OBJECTIVES["double_well"].window[0]
    start = d.controls["start"]
    assert (start.min, start.max, start.value) == (lo, hi, 2.0)
    assert d.run.objective.name == "double_well" and d.run.thetas[0, 0] == 2.0
    assert d.curve.ax.get_title() == f"${OBJECTIVES['double_well'].latex}$"
    d.set(objective="parabola")
    assert d.controls["start"].value == 0.0 and d.run.objective.name == "parabola"


# --------------------------------------------------------------------------
# simultaneous vs sequential (2-D)
# --------------------------------------------------------------------------
def test_first_step_both_ways_by_hand():
    # start (-2, 1.5), lr 0.3 on J = 1/2 t0^2 + 2 t1^2 + 0.8 t0 t1 (t0 = th0 - 1, t1 = th1 + .5)
    d = Descent2DDashboard()
    # dJ/dth0 = t0 + 0.8 t1 = -3 + 1.6 = -1.4; temp0 = -2 - 0.3 * (-1.4) = -1.58
    # simultaneous: dJ/dth1 = 4 t1 + 0.8 t0 = 8 - 2.4 = 5.6, temp1 = 1.5 - 0.3 * 5.6 = -0.18
    # sequential:   dJ/dth1 at (-1.58, 1.5) = 8 + 0.8 * (-2.58) = 5.936, temp1 = 1.5 - 0.3 * 5.936 = -0.2808
    text = d.table_text
    assert row(text, "temp0 = theta0 - lr * dJ/dtheta0") == ["-1.58", "-1.58"]
    assert row(text, "dJ/dtheta1") == ["5.6", "5.936"]
    assert row(text, "temp1 = theta1 - lr * dJ/dtheta1") == ["-0.18", "-0.2808"]
    np.testing.assert_allclose(d.runs["simultaneous"].thetas[1], [-1.58, -0.18], rtol=1e-14)
    np.testing.assert_allclose(d.runs["sequential"].thetas[1], [-1.58, -0.2808], rtol=1e-14)
    assert "a difference of -0.101" in d.status_text


def test_moving_the_start_recomputes_both_paths():
    d = Descent2DDashboard()
    d.set(theta0=3.0, theta1=-2.0, lr=0.2)
    one = first_step(OBJECTIVES["bowl"], [3.0, -2.0], 0.2)
    sim = gradient_descent(OBJECTIVES["bowl"], [3.0, -2.0], 0.2, 30, update="simultaneous")
    seq = gradient_descent(OBJECTIVES["bowl"], [3.0, -2.0], 0.2, 30, update="sequential")
    assert row(d.table_text, "temp1 = theta1 - lr * dJ/dtheta1") == [
        fmt(one["simultaneous"]["temp1"]), fmt(one["sequential"]["temp1"])]
    values = d.plot_values()
    assert values["simultaneous_end"] == list(sim.thetas[-1])
    assert values["sequential_end"] == list(seq.thetas[-1])
    assert values["path_points"] == [31, 31]


def test_show_hides_the_other_update():
    d = Descent2DDashboard()
    d.set(show="sequential")
    assert not d.surface.path_line.get_visible() and d.seq_line.get_visible()
    assert not d.costs.lines["simultaneous"].get_visible() and d.costs.lines["sequential"].get_visible()
    d.set(show="both")
    assert d.surface.path_line.get_visible() and d.seq_line.get_visible()


def test_2d_divergence_is_said_in_words():
    # the bowl's Hessian [[1, .8], [.8, 4]] has eigenvalues 4.2 and 0.8: simultaneous descent diverges for lr > 2/4.2
    d = Descent2DDashboard()
    d.set(lr=0.45)
    assert not d.runs["simultaneous"].diverged
    d.set(lr=0.6, steps=100)
    assert d.runs["simultaneous"].diverged
    assert re.search(r"Simultaneous \(correct\): Diverged at step \d+", d.status_text)
    assert_finite_and_worded(d)


# --------------------------------------------------------------------------
# local minimum and momentum
# --------------------------------------------------------------------------
def test_plain_descent_is_trapped_and_momentum_rolls_through():
    d = MomentumDashboard()  # start 2, lr 0.02, 150 steps, momentum 0.8
    (g_min,), (l_min,) = OBJECTIVES["double_well"].minima
    assert d.where(d.runs["plain"])[:2] == (True, "local")
    assert d.where(d.runs["momentum"])[:2] == (True, "global")
    assert "Momentum carried theta over the hump" in d.status_text
    assert abs(d.plot_values()["momentum_end"] - g_min) < 0.01
    assert abs(d.plot_values()["plain_end"] - l_min) < 0.01
    d.set(momentum=0.0)
    assert d.status_text.startswith("Momentum 0 is plain gradient descent: it ended in the local minimum")


def test_momentum_run_is_the_core_update():
    d = MomentumDashboard()
    d.set(momentum=0.5, lr=0.03)
    run = gradient_descent(OBJECTIVES["double_well"], [2.0], 0.03, 150, momentum=0.5)
    np.testing.assert_array_equal(d.runs["momentum"].thetas, run.thetas)
    assert row(d.table_text, "with momentum")[:4] == ["0.5", "0.03", "150", fmt(run.thetas[-1, 0])]


def test_momentum_at_its_extremes_stays_finite_and_worded():
    d = MomentumDashboard()
    d.set(lr=0.1, momentum=0.95, start=d.controls["start"].min)
    assert_finite_and_worded(d)
    if d.runs["momentum"].diverged:
        assert d.status_text.startswith("Diverged at step")


# --------------------------------------------------------------------------
# batch, mini-batch, stochastic
# --------------------------------------------------------------------------
def test_batch_modes_count_epochs_batches_and_iterations():
    d = BatchModesDashboard()  # 100 samples, 4 epochs, mini-batches of 10
    text = d.table_text
    assert row(text, "full batch")[:4] == ["100", "1", "4", "4 x 1 = 4"]
    assert row(text, "mini-batch")[:4] == ["10", "10", "4", "4 x 10 = 40"]
    assert row(text, "stochastic")[:4] == ["1", "100", "4", "4 x 100 = 400"]
    d.set(batch_size=30, epochs=3)
    # 30 + 30 + 30 + 10: four batches per epoch
    assert row(d.table_text, "mini-batch")[:4] == ["30", "4", "3", "3 x 4 = 12"]
    assert "(the last batch holds only 10)" in d.status_text
    assert d.histories["mini-batch"].steps == 3 * iterations_per_epoch(100, 30)


def test_batch_modes_train_exactly_what_mlp_fit_trains():
    d = BatchModesDashboard()
    d.set(lr=0.5, epochs=2, batch_size=25)
    X, y = batch_data(100, 0)
    for mode, b in (("full batch", None), ("mini-batch", 25), ("stochastic", 1)):
        direct = bp.MLP([2, 4, 1], seed=0).fit(X, y, lr=0.5, epochs=2, batch_size=b, seed=0, record_steps=True)
        assert d.histories[mode].final_loss == direct.final_loss
        assert d.plot_values()[mode] == direct.loss[-1]
        assert row(d.table_text, mode)[4] == fmt(direct.final_loss)


# --------------------------------------------------------------------------
# every dashboard: extreme sliders, in-place updates, bad names
# --------------------------------------------------------------------------
@pytest.mark.parametrize("cls", DASHBOARDS)
def test_every_slider_at_both_ends_gives_finite_tables(cls):
    d = cls()
    for name, control in d.controls.items():
        if not hasattr(control, "min"):
            continue
        for end in (control.min, control.max):
            value = control.base ** end if hasattr(control, "base") else end
            d.set(**{name: value})
            assert_finite_and_worded(d)
        d.set(**{name: cls().controls[name].value})


@pytest.mark.parametrize("cls", DASHBOARDS)
def test_figures_are_updated_in_place(cls):
    import matplotlib.pyplot as plt

    d = cls()
    d.render()
    fig, n_figs = d.view.figure, len(plt.get_fignums())
    artists = [list(ax.get_children()) for ax in fig.axes]
    sliders = [n for n, c in d.controls.items() if hasattr(c, "min") and not hasattr(c, "base")]
    for name in sliders:
        c = d.controls[name]
        d.set(**{name: type(c.value)(c.min + (c.max - c.min) * 0.3)})
    d.render()
    assert d.view.figure is fig and len(plt.get_fignums()) == n_figs
    assert [list(ax.get_children()) for ax in fig.axes] == artists  # the same artists, moved


@pytest.mark.parametrize("cls", DASHBOARDS)
def test_unknown_controls_are_named(cls):
    with pytest.raises(KeyError, match="no control named"):
        cls().set(alpha=1.0)


@pytest.mark.parametrize("cls", DASHBOARDS + [TrainingDashboard, ForwardDashboard, WiggleDashboard])
def test_a_drawn_figure_is_not_stale(cls):
    # a figure left stale after its draw asks ipympl for another draw, forever (seen in the browser:
    # ~12 full frames a second from an idle 2-D dashboard whose legend was drawn in a blit layer)
    d = cls()
    d.view.blit.invalidate()
    d.view.blit.update()  # a full draw (canvas.draw, then the blit layers), as ipympl's first frame
    assert not d.view.figure.stale
    assert not any(ax.stale for ax in d.view.figure.axes)


def test_paths_that_leave_the_plots_are_said_on_the_plots():
    d = LearningRateDashboard()
    assert d.cost_note.get_text() == "" and d.note.get_text() == ""
    d.set(lr=1.5)  # J: 10, 37, 145, ...: above the curve's axis (top 26) from step 1
    assert d.cost_note.get_text() == "J off the plot from step 1\n(J = 37)"
    assert d.note.get_text().startswith("off the plot from step 1")
    d2 = Descent2DDashboard()
    assert d2.note.get_text() == ""
    d2.set(lr=0.6, steps=100)
    assert re.fullmatch(r"simultaneous path off the plot from step \d+", d2.note.get_text())
    d2.set(show="sequential")
    assert d2.note.get_text().startswith("sequential path off the plot from step")


def test_many_dashboards_under_ipympl_warn_nothing():
    # Run All three times on notebook 05 opens a dozen live figures; pyplot would warn past 20
    import subprocess
    import sys

    code = """if True:
        import warnings
        import matplotlib
        matplotlib.use("module://ipympl.backend_nbagg")
        import matplotlib.pyplot as plt
        from backprop_lab import dashboards as D
        with warnings.catch_warnings(record=True) as seen:
            warnings.simplefilter("always")
            made = [cls() for _ in range(6) for cls in (D.TrainingDashboard, D.LearningRateDashboard,
                                                           D.Descent2DDashboard, D.MomentumDashboard)]
            made[-1].set(lr=0.1)
        print(len(plt.get_fignums()), [str(w.message)[:80] for w in seen if w.category is not DeprecationWarning])
    """
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "24 []"


@pytest.mark.parametrize("cls, kwargs, error, message", [
    (TrainingDashboard, dict(lr=-1), ValueError, "lr must be a finite number > 0, got -1.0."),
    (TrainingDashboard, dict(w0=float("nan")), ValueError, "w0 must be a finite number, got nan."),
    (TrainingDashboard, dict(pair="w0 and w9"), ValueError,
     "pair must be one of 'w0 and w1', 'w0 and w2', 'w1 and w2'; got 'w0 and w9'."),
    (TrainingDashboard, dict(steps=0), ValueError,
     "steps must be between 1 and 10000 (the range of its slider), got 0."),
    (ForwardDashboard, dict(s0="a"), TypeError, "s0 must be a real number, got 'a' (str)."),
    (ForwardDashboard, dict(w0=7), ValueError, "w0 must be between -6 and 6 (the range of its slider), got 7."),
    (WiggleDashboard, dict(weight="w5"), ValueError, "weight must be one of 'w2', 'w1', 'w0'; got 'w5'."),
    (LearningRateDashboard, dict(objective="foo"), ValueError,
     "objective must be one of 'parabola', 'double_well'; got 'foo'."),
    (LearningRateDashboard, dict(lr=0), ValueError, "lr must be a finite number > 0, got 0.0."),
    (Descent2DDashboard, dict(lr=5), ValueError, "lr must be between 0.01 and 0.6 (the range of its slider), got 5."),
    (Descent2DDashboard, dict(show="x"), ValueError,
     "show must be one of 'both', 'simultaneous', 'sequential'; got 'x'."),
    (MomentumDashboard, dict(momentum=1.5), ValueError,
     "momentum must be between 0 and 0.95 (the range of its slider), got 1.5."),
    (BatchModesDashboard, dict(batch_size=500), ValueError,
     "batch_size must be between 2 and 50 (the range of its slider), got 500."),
    (BatchModesDashboard, dict(n=1), ValueError, "n must be >= 3, got 1."),
    (BatchModesDashboard, dict(sizes=(3, 1)), ValueError, "sizes must start with 2 inputs and end with 1 output"),
])
def test_bad_settings_are_named_with_what_was_expected(cls, kwargs, error, message):
    with pytest.raises(error, match=re.escape(message)):
        cls(**kwargs)


def test_a_weight_may_start_outside_the_sliders_and_the_status_says_so():
    d = TrainingDashboard(w0=100)
    assert d.weights["w0"] == 100 and d.controls["w0"].value == 6
    assert "w0 = 100 is outside the slider range -6 to 6" in d.status_text
