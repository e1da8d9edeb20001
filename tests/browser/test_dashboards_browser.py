"""The dashboards of notebooks 00, 03 and 04, used as a student uses them.

Each test opens its notebook in a fresh kernel, runs all cells, moves
sliders with the keyboard (focus the ``.noUi-handle``, then ArrowRight,
ArrowLeft, End, Home) and presses buttons, then waits until the dashboard
shows the *right* numbers, computed here with ``backprop_core`` and formatted
with ``backprop_lab.tables.fmt`` as the tables format them:

* the table cells (the ``.bplab-table`` HTML: formulas are images whose
  ``aria-label`` is their plain text, numbers are text);
* the plotted values: ``data-plot`` on the dashboard's status line holds
  numbers read back from the matplotlib artists (compared to 1e-9 relative);
* the pixels: the ipympl canvas must change after an action and must not be
  blank.

Every wait is on a condition with a timeout (Playwright's ``expect`` and
``wait_for_function``); there are no fixed sleeps.  Locators are scoped to
the dashboard's own output area, as a page may hold several dashboards.

Slider values: the browser sends the value noUiSlider computes, which may be
off the decimal grid by a rounding error (``2.0199999999999996``).  Expected
numbers are computed from the readout the student sees (``2.020``), which is
exact on the grid; 1e-9 relative and 6-digit table cells absorb the rest.

Echoes: a slider's view answers values it cannot show exactly with its own
grid value, sometimes late.  Notebook 03 runs ``wig.set(log10_h=-2)`` then
``wig.set(log10_h=-1.0)``; the browser answers the first with noUiSlider's
``-1.9999999999999982`` after the kernel has sent ``-1``.  The base
``Dashboard`` recognises such answers as echoes (within half a step of a value
the kernel sent: tests/test_dashboard_echoes.py); here the wiggle test checks that after Run All the dashboard
shows the notebook's last word, h = 0.1.
"""

from __future__ import annotations

import math
import re

import pytest
from playwright.sync_api import expect

import backprop_core as bp
from backprop_lab.tables import fmt
from tests.browser import lab
from tests.browser.dash import (_exact, button, canvas_png, click_canvas, dashboard, grid_readout, open_and_run,
                                press_key, readout, readout_value, shot, wait_canvas_changed, wait_canvas_equal,
                                wait_canvas_quiet, wait_state)

STATE_TIMEOUT_MS = lab.WIDGET_TIMEOUT_MS

# The lecture's network, input, target, and the TrainingDashboard's defaults.
W0, W1, W2, S0, TARGET, LR = 2.0, 1.0, 0.5, 2.0, 0.7, 0.5
WEIGHT_RANGE = (-6.0, 6.0)
S0_RANGE = (-4.0, 4.0)
LOG10_H_RANGE = (-12.0, 0.0)
COST_PLOT_FLOOR = 1e-12  # the cost curve (log scale) draws smaller costs at this floor


# --------------------------------------------------------------------------
# Expected numbers (backprop_core + fmt, independent of the dashboards)
# --------------------------------------------------------------------------
def forward_expectations(w0, w1, w2, s0) -> dict:
    """ForwardDashboard: status, diagram labels and forward-table cells for these values."""
    net = bp.ChainNetwork(w0, w1, w2)
    f = net.forward(s0)
    g = "{:.4g}".format
    plot = {"s0": f"s0\n{g(s0)}", "n1": f"x1={g(f.x1)}\ns1={g(f.s1)}", "n2": f"x2={g(f.x2)}\ns2={g(f.s2)}",
            "out": f"out\n{g(f.out)}", "w0": f"w0 = {g(w0)}", "w1": f"w1 = {g(w1)}", "w2": f"w2 = {g(w2)}"}
    cells = [
        (["x1"], {2: f"{fmt(w0, 4)} * {fmt(s0, 4)}", 3: fmt(f.x1)}),
        (["s1"], {2: f"S({fmt(f.x1, 4)})", 3: fmt(f.s1)}),
        (["x2"], {2: f"{fmt(w1, 4)} * {fmt(f.s1, 4)}", 3: fmt(f.x2)}),
        (["s2"], {2: f"S({fmt(f.x2, 4)})", 3: fmt(f.s2)}),
        (["out"], {2: f"{fmt(w2, 4)} * {fmt(f.s2, 4)}", 3: fmt(f.out)}),
    ]
    return dict(status=f"out = {fmt(f.out, 4)}", plot=plot, title="Forward propagation", cells=cells)


def wiggle_expectations(weight, log10_h, w=(W0, W1, W2), s0=S0, rounding_only=False) -> dict:
    """WiggleDashboard: the forward difference at h = 10**log10_h against the chain rule.

    ``rounding_only``: the difference is pure rounding error (w2, where out is
    linear), which changes with the last bit of h: leave it out.
    """
    net = bp.ChainNetwork(*w)
    h = 10.0 ** log10_h
    nudged = bp.ChainNetwork(**{**net.weights, weight: net.weights[weight] + h})
    numeric = (nudged.forward(s0).out - net.forward(s0).out) / h
    exact = float(net.output_gradients(s0)[weight])
    cells = [
        (["h"], {1: fmt(h, 8)}),
        ([f"(out({weight}+h) - out({weight}))/h"], {1: fmt(numeric, 8)}),
        ([f"dout/d{weight} (chain rule)"], {1: fmt(exact, 8)}),
        (["difference"], {1: fmt(numeric - exact, 8)}),
    ]
    plot = {"h": h, "error": max(abs(numeric - exact), 1e-17)}
    if rounding_only:
        cells.pop()
        del plot["error"]
    return dict(status_prefix=f"Slope with h = {fmt(h, 2)}: {fmt(numeric, 8)}; chain rule: {fmt(exact, 8)}; ",
                plot=plot, title=f"Wiggling {weight}", cells=cells)


def training_expectations(weights, *, path, lr=LR, s0=S0, target=TARGET, pair=("w0", "w2")) -> dict:
    """TrainingDashboard at *weights* (w0, w1, w2), *path* points into the current path
    (its status counts ``path - 1`` steps; the cost curve has *path* points)."""
    net = bp.ChainNetwork(*weights)
    out = float(net.forward(s0).out)
    cost = float(net.cost(s0, target))
    grads = net.gradients(s0, target)
    cells = []
    for name in ("w0", "w1", "w2"):
        wv, gv = net.weights[name], float(grads[name])
        cells.append(([name, "product", f"dC/d{name}"], {4: fmt(gv)}))
        cells.append(([name, "update", f"{name} <- {name} - lr * dC/d{name}"],
                      {3: f"{fmt(wv, 4)} - {fmt(lr, 3)} * ({fmt(gv, 4)})", 4: fmt(wv - lr * gv)}))
    n = path - 1
    plot = {"point": [net.weights[pair[0]], net.weights[pair[1]]], "last_cost": max(cost, COST_PLOT_FLOOR),
            "path_points": path, "costs_plotted": path}
    return dict(status_prefix=f"Step {n}: out = {fmt(out, 4)}, target = {fmt(target, 4)}, cost C = {fmt(cost, 4)}.",
                plot=plot, cells=cells,
                title=(f"Backpropagation, step by step (s0 = {fmt(s0, 4)}, target = {fmt(target, 4)}, "
                       f"learning rate = {fmt(lr, 3)})"))


def assert_sliders_follow(area, weights) -> None:
    """The weight sliders show the model's weights (to their grid of 0.01)."""
    for name, value in zip(("w0", "w1", "w2"), weights):
        shown = readout_value(area, name)
        assert abs(shown - value) <= 0.005 + 1e-9, f"slider {name} shows {shown}, the weight is {value}"


# --------------------------------------------------------------------------
# ForwardDashboard (notebooks 00 and 03)
# --------------------------------------------------------------------------
@pytest.mark.browser
@pytest.mark.parametrize("notebook", ["00_start_here.ipynb", "03_chain_network_forward_and_derivatives.ipynb"])
def test_forward_dashboard_keyboard(lab_server, browser_page, notebook):
    page = browser_page
    open_and_run(page, lab_server, notebook)
    area = dashboard(page, "w0")
    tag = "forward-" + notebook[:2]
    # After Run All the notebook's own checks have put the lecture's values back.
    values = {"w0": W0, "w1": W1, "w2": W2, "s0": S0}
    wait_state(area, **forward_expectations(**values), what="after Run All")
    png = canvas_png(area)
    shot(page, area, f"{tag}-0-start")

    moves = [  # slider, key, the value the readout must then show
        ("w0", "ArrowRight", W0 + 0.01),
        ("w2", "End", WEIGHT_RANGE[1]),
        ("s0", "Home", S0_RANGE[0]),
        ("w1", "ArrowLeft", W1 - 0.01),
        ("s0", "ArrowRight", S0_RANGE[0] + 0.01),
    ]
    for i, (name, key, value) in enumerate(moves, 1):
        values[name] = press_key(area, name, key, expected_readout=grid_readout(value))
        assert values[name] == pytest.approx(value, rel=1e-12)
        wait_state(area, **forward_expectations(**values), what=f"after {key} on {name}")
        png = wait_canvas_changed(area, png, f"{key} on {name}")
        if key in ("End", "Home"):
            shot(page, area, f"{tag}-{i}-{name}-{key}")


# --------------------------------------------------------------------------
# WiggleDashboard (notebook 03)
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_wiggle_dashboard_keyboard(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, "03_chain_network_forward_and_derivatives.ipynb")
    area = dashboard(page, "log10 h")
    # The notebook's last word is log10 h = -1; the slider's late answer to its
    # earlier set(log10_h=-2) is an echo and must not win (module docstring).
    log10_h = -1.0
    expect(readout(area, "log10 h")).to_have_text(re.compile("^[-\u2212]1\\.0$"), timeout=STATE_TIMEOUT_MS)
    wait_state(area, **wiggle_expectations("w2", log10_h, rounding_only=True), what="after Run All")
    png = canvas_png(area)
    shot(page, area, "wiggle-0-start")

    area.locator(".widget-dropdown select").select_option("w1")
    wait_state(area, **wiggle_expectations("w1", log10_h), what="after choosing w1")
    png = wait_canvas_changed(area, png, "choosing w1")

    moves = [("ArrowRight", log10_h + 0.5), ("End", LOG10_H_RANGE[1]), ("Home", LOG10_H_RANGE[0])]
    for i, (key, value) in enumerate(moves, 1):
        log10_h = press_key(area, "log10 h", key, expected_readout=grid_readout(value, 1))
        assert log10_h == pytest.approx(value, rel=1e-12)
        expected = wiggle_expectations("w1", value)
        if value == LOG10_H_RANGE[0]:  # h = 1e-12: rounding error takes over, and the status says so
            expected["status_contains"] = ["rounding error in the subtraction"]
        wait_state(area, **expected, what=f"after {key} on log10 h")
        png = wait_canvas_changed(area, png, f"{key} on log10 h")
        shot(page, area, f"wiggle-{i}-{key}")


# --------------------------------------------------------------------------
# TrainingDashboard (notebook 04)
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_training_step_slider_run(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, "04_chain_network_training.ipynb")
    area = dashboard(page, "learning rate")
    # The notebook trained and pressed Reset: the dashboard is back at the lecture's weights.
    wait_state(area, **training_expectations((W0, W1, W2), path=1), what="after Run All")
    png = canvas_png(area)
    shot(page, area, "training-0-start")

    # Step: one gradient-descent step, as ChainNetwork.step computes it.
    button(area, "Step").click()
    net1 = bp.ChainNetwork(W0, W1, W2).step(S0, TARGET, LR)
    w = tuple(net1.weights.values())
    wait_state(area, **training_expectations(w, path=2), what="after Step")
    png = wait_canvas_changed(area, png, "Step")
    assert_sliders_follow(area, w)
    shot(page, area, "training-1-step")

    # A student's move of w1 starts a new path from the trained w0, w2 (the
    # sliders' snapped echo of the trained weights must not replace them).
    w1 = press_key(area, "w1", "ArrowRight")
    assert abs(w1 - (net1.w1 + 0.01)) <= 0.005 + 1e-9
    w = (net1.w0, w1, net1.w2)
    wait_state(area, **training_expectations(w, path=1), what="after ArrowRight on w1")
    png = wait_canvas_changed(area, png, "ArrowRight on w1")
    shot(page, area, "training-2-w1")

    button(area, "Step").click()
    net2 = bp.ChainNetwork(*w).step(S0, TARGET, LR)
    w = tuple(net2.weights.values())
    wait_state(area, **training_expectations(w, path=2), what="after the second Step")
    png = wait_canvas_changed(area, png, "the second Step")
    assert_sliders_follow(area, w)

    # Run N steps (N = 50): the path grows by 50 points.
    button(area, "Run N steps").click()
    run = net2.train(S0, TARGET, LR, 50)
    assert not run.diverged
    w = tuple(map(float, run.weights[-1]))
    wait_state(area, **training_expectations(w, path=52), what="after Run N steps")
    png = wait_canvas_changed(area, png, "Run N steps")
    assert_sliders_follow(area, w)
    shot(page, area, "training-3-run")

    # Another pair of weights under the surface: the same point, seen over (w1, w2).
    area.locator(".widget-dropdown select").select_option("w1 and w2")
    wait_state(area, **training_expectations(w, path=52, pair=("w1", "w2")), what="after choosing w1 and w2")
    wait_canvas_changed(area, png, "choosing the pair w1 and w2")
    shot(page, area, "training-4-pair")


@pytest.mark.browser
def test_training_click_on_the_cost_surface(lab_server, browser_page):
    """A click on the cost surface moves the two weights it shows there (figure clicks as controls)."""
    page = browser_page
    open_and_run(page, lab_server, "04_chain_network_training.ipynb")
    area = dashboard(page, "learning rate")
    shown = wait_state(area, **training_expectations((W0, W1, W2), path=1), what="after Run All")
    png = canvas_png(area)
    (x0, y0), (x1, y1) = shown["plot"]["surface_corners_px"]  # (w0, w2) = (-6, -6) and (6, 6)
    lo, hi = WEIGHT_RANGE
    want = (1.5, -2.0)
    click_canvas(area, x0 + (want[0] - lo) / (hi - lo) * (x1 - x0), y0 + (want[1] - lo) / (hi - lo) * (y1 - y0))
    # the weights go to the clicked point, rounded to the sliders' 0.01: read them off the sliders
    expect(readout(area, "w0")).not_to_have_text(_exact(grid_readout(W0)), timeout=STATE_TIMEOUT_MS)
    expect(readout(area, "w2")).not_to_have_text(_exact(grid_readout(W2)), timeout=STATE_TIMEOUT_MS)
    w0, w2 = readout_value(area, "w0"), readout_value(area, "w2")
    assert abs(w0 - want[0]) <= 0.06 and abs(w2 - want[1]) <= 0.06, (w0, w2)
    wait_state(area, **training_expectations((w0, W1, w2), path=1), what="after a click on the surface")
    wait_canvas_changed(area, png, "a click on the surface")
    shot(page, area, "training-click")


@pytest.mark.browser
def test_training_divergence_and_reset(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, "04_chain_network_training.ipynb")
    area = dashboard(page, "learning rate")
    start = training_expectations((W0, W1, W2), path=1)
    wait_state(area, **start, what="after Run All")
    wait_canvas_quiet(area)  # the start picture, settled: Reset must bring back exactly this one
    png_start = png = canvas_png(area)

    # The learning-rate slider to its end: 10**3.
    lr = press_key(area, "learning rate", "End", expected_readout="1000")
    assert lr == 1000
    wait_state(area, **training_expectations((W0, W1, W2), path=1, lr=lr), what="after End on learning rate")
    shot(page, area, "diverge-0-lr-end")

    button(area, "Run N steps").click()
    run = bp.ChainNetwork(W0, W1, W2).train(S0, TARGET, lr, 50)
    assert run.diverged
    w = tuple(map(float, run.weights[-1]))
    net = bp.ChainNetwork(*w)
    expected = training_expectations(w, path=len(run.weights), lr=lr)
    del expected["status_prefix"]
    shown = wait_state(
        area, **expected, forbidden=("nan", "inf", "undefined", "overflow"),
        status_prefix=(f"Diverged at step {run.diverged_at}: with learning rate {fmt(lr, 4)} the update overshot"),
        status_contains=[f"(step {len(run.weights) - 1}, cost C = {fmt(float(net.cost(S0, TARGET)), 4)})"],
        what="after Run N steps with learning rate 1000")
    assert "Diverged at step" in shown["status"]
    assert math.isfinite(shown["plot"]["last_cost"])
    png = wait_canvas_changed(area, png, "Run N steps (diverged)")
    shot(page, area, "diverge-1-diverged")

    # Reset: the starting weights, input, target and learning rate; step 0.
    button(area, "Reset").click()
    wait_state(area, **start, what="after Reset")
    expect(readout(area, "learning rate")).to_have_text(_exact("0.50"))
    for name, value in (("w0", W0), ("w1", W1), ("w2", W2), ("s0", S0), ("target", TARGET)):
        expect(readout(area, name)).to_have_text(_exact(grid_readout(value)))
    wait_canvas_changed(area, png, "Reset")
    # ... and the very picture of the start again
    wait_canvas_equal(area, png_start, "Reset")
    shot(page, area, "diverge-2-reset")
