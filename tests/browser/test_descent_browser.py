"""The four dashboards of notebook 05 (gradient descent), used as a student uses them.

Same method as ``test_dashboards_browser.py`` (whose helpers this module
uses): open the notebook in a fresh kernel, Run All, move sliders with the
keyboard (focus the ``.noUi-handle``, then ArrowRight, ArrowLeft, End, Home)
and change dropdowns, then wait -- on conditions only, never fixed sleeps --
until the dashboard's status line, its table cells (``.bplab-table``) and its
plotted values (``data-plot`` on the status line) equal the numbers computed
here with ``backprop_core`` (``gradient_descent``, ``MLP.fit``) and formatted
with ``backprop_lab.tables.fmt`` as the tables format them; and until the
ipympl canvas has changed and is not blank.

Starting points: after Run All each dashboard is in the state the notebook's
own check cells leave it in (``lr_dash.set(lr=0.1)``, ``d2.set(lr=0.3)``,
``mom.set(momentum=0.8)``, ``batch.set(batch_size=30)``); every test starts
from what the sliders' readouts show, and after each key press computes the
expected numbers from the readout (on the slider's grid: a log slider's
readout is snapped to its grid of exponents), not from the off-grid value the
browser may send (see the module docstring of ``test_dashboards_browser.py``).
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from playwright.sync_api import expect

import backprop_core as bp
from backprop_core.descent import LIMIT, OBJECTIVES, gradient_descent
from backprop_lab.dashboards.descent.basic import LABELS
from backprop_lab.tables import fmt
from tests.browser import lab
from tests.browser.dash import (
    _exact,
    canvas_png,
    open_and_run,
    press_key,
    readout,
    readout_value,
    shot,
    wait_canvas_changed,
    wait_state,
)

NOTEBOOK = "05_gradient_descent.ipynb"
# Words that must never reach a student's table or status line.
NOT_FINITE = ("nan", "inf", "undefined", "overflow")
LIMIT_TEXT = f"{LIMIT:.0e}"  # "1e+06", as the status lines write the divergence limit

PARABOLA, DOUBLE_WELL, BOWL = OBJECTIVES["parabola"], OBJECTIVES["double_well"], OBJECTIVES["bowl"]
# The dropdown labels of the learning-rate dashboard's objectives.
OBJECTIVE_LABELS = {"parabola": "(theta - 3)^2 + 1", "double_well": "theta^4 - 3 theta^2 + theta"}
# The learning-rate sliders: FloatLogSlider exponents (lo, hi), step 0.05.
LR_EXPONENTS = (-3.0, 1.0)
BATCH_LR_EXPONENTS = (-2.0, 1.5)
LOG_STEP = 0.05


# --------------------------------------------------------------------------
# Locators and readouts
# --------------------------------------------------------------------------
def dashboard_with(page, slider_label: str, dropdown_label: str | None = None):
    """The output area of the one dashboard with a status line, a slider *slider_label*
    and (if given) a dropdown *dropdown_label*.

    Like ``test_dashboards_browser.dashboard``; the dropdown tells the
    learning-rate dashboard from the momentum one (both have a "start theta").
    """
    area = (page.locator(lab.WIDGET_OUTPUT)
            .filter(has=page.locator(".bplab-status"))
            .filter(has=page.locator(".widget-hslider .widget-label", has_text=_exact(slider_label))))
    if dropdown_label is not None:
        area = area.filter(has=page.locator(".widget-dropdown .widget-label", has_text=_exact(dropdown_label)))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    return area


def dropdown(area):
    return area.locator(".widget-dropdown select")


def log_readout_value(area, label: str, exponents: tuple[float, float]) -> float:
    """A FloatLogSlider's value, from its readout (3 significant digits) snapped to its grid of exponents."""
    shown = readout_value(area, label)
    lo, hi = exponents
    k = round((math.log10(shown) - lo) / LOG_STEP)
    exponent = min(max(round(lo + k * LOG_STEP, 10), lo), hi)
    value = 10.0 ** exponent
    assert abs(shown - value) <= 5e-3 * value, f"{label}: readout {shown} is not near the grid value {value}"
    return value


def int_readout(area, label: str) -> int:
    value = readout_value(area, label)
    assert value == int(value), f"{label}: an IntSlider shows {value}"
    return int(value)


def press_until(area, label: str, key: str, target: float, times: int) -> float:
    """Press *key* on slider *label* *times* times, one readout change at a time; return the value shown,
    which must be *target* (to the readout's digits)."""
    value = None
    for _ in range(times):
        value = press_key(area, label, key)
    assert value == pytest.approx(target, abs=1e-9), f"{label} shows {value} after {times} x {key}, not {target}"
    return value


# --------------------------------------------------------------------------
# Expected numbers (backprop_core + fmt, independent of the dashboards)
# --------------------------------------------------------------------------
def theta_words(theta) -> str:
    theta = np.atleast_1d(theta)
    if theta.size == 1:
        return f"theta = {fmt(theta[0], 4)}"
    return "(theta0, theta1) = (" + ", ".join(fmt(t, 4) for t in theta) + ")"


def diverged_sentence_parts(run) -> tuple[str, str]:
    """(prefix, rest): the words a diverged 1-D or 2-D run gets, with its numbers."""
    prefix = (f"Diverged at step {run.diverged_at}: with learning rate {fmt(run.lr, 4)} every step overshoots "
              f"the minimum by more than it corrects and J grew past {LIMIT_TEXT}.")
    rest = (f"Stopped at the last finite {theta_words(run.thetas[-1])} (step {run.steps}, "
            f"J = {fmt(run.costs[-1], 4)}). Lower the learning rate.")
    return prefix, rest


def learning_rate_expectations(objective: str, lr: float, start: float, steps: int, word: str) -> dict:
    """LearningRateDashboard: status, step table (first 5 and last 3 steps) and plotted point.

    *word* is the regime the scenario is meant to show; the core's verdict
    must agree (for a diverged run: it stopped).
    """
    obj = OBJECTIVES[objective]
    run = gradient_descent(obj, [start], lr, steps)
    thetas, costs, K = run.thetas[:, 0], run.costs, run.steps
    if word == "diverging":
        assert run.diverged, f"{objective}, lr {lr}: the run was meant to diverge"
        prefix, rest = diverged_sentence_parts(run)
        status = dict(status_prefix=prefix, status_contains=[rest])
    else:
        assert not run.diverged and run.verdict() == word, (objective, lr, start, run.verdict())
        status = dict(status=run.message)  # the core's own sentence for good / too small / overshooting
    shown = list(range(K + 1)) if K + 1 <= 8 else [0, 1, 2, 3, 4, K - 2, K - 1, K]
    cells = []
    for k in shown:
        grad = float(obj.grad(run.thetas[k])[0])
        step = thetas[k + 1] - thetas[k] if k < K else -lr * grad
        cells.append(([str(k)], {1: fmt(thetas[k]), 2: fmt(costs[k]), 3: fmt(grad), 4: fmt(step)}))
    plot = {"theta": float(thetas[-1]), "J": float(costs[-1]), "path_points": K + 1, "regime": word}
    title = f"Gradient descent on {LABELS[obj.name]}, learning rate {fmt(lr, 4)}, from theta = {fmt(start, 4)}"
    return dict(plot=plot, cells=cells, title=title, forbidden=NOT_FINITE, **status)


def arrival(run, tol=1e-6):
    """The first step with J - J(minimum) < tol, or None."""
    j_star = float(run.objective.f(run.objective.global_minimum))
    hits = [k for k, J in enumerate(run.costs) if J - j_star < tol]
    return hits[0] if hits else None


def descent2d_expectations(lr: float, theta0: float, theta1: float, steps: int) -> dict:
    """Descent2DDashboard: the first step both ways (temp0, temp1), both runs, the status."""
    theta = np.array([theta0, theta1])
    g = BOWL.grad(theta)
    temp0 = theta0 - lr * g[0]
    g1_sim = g[1]                                          # at the old point
    g1_seq = BOWL.grad(np.array([temp0, theta1]))[1]       # at the already-moved theta0 (incorrect)
    temp1_sim, temp1_seq = theta1 - lr * g1_sim, theta1 - lr * g1_seq
    runs = {u: gradient_descent(BOWL, theta, lr, steps, update=u) for u in ("simultaneous", "sequential")}
    sim, seq = runs["simultaneous"], runs["sequential"]
    # the first step of the core's runs is the one computed by hand
    if sim.steps >= 1:
        assert np.allclose(sim.thetas[1], [temp0, temp1_sim], rtol=1e-14, atol=1e-15)
    if seq.steps >= 1:
        assert np.allclose(seq.thetas[1], [temp0, temp1_seq], rtol=1e-14, atol=1e-15)

    def arrived(r):
        k = arrival(r)
        return fmt(k) if k is not None else (f"diverged at {r.diverged_at}" if r.diverged else f"not within {r.steps}")

    cells = [
        (["dJ/dtheta0 at (theta0, theta1)"], {1: fmt(g[0]), 2: fmt(g[0])}),
        (["temp0 = theta0 - lr * dJ/dtheta0"], {1: fmt(temp0), 2: fmt(temp0)}),
        (["dJ/dtheta1 at"], {1: "(theta0, theta1)", 2: "(temp0, theta1)"}),
        (["dJ/dtheta1"], {1: fmt(g1_sim), 2: fmt(g1_seq)}),
        (["temp1 = theta1 - lr * dJ/dtheta1"], {1: fmt(temp1_sim), 2: fmt(temp1_seq)}),
        (["final theta0"], {1: fmt(sim.thetas[-1, 0]), 2: fmt(seq.thetas[-1, 0])}),
        (["final theta1"], {1: fmt(sim.thetas[-1, 1]), 2: fmt(seq.thetas[-1, 1])}),
        (["final J"], {1: fmt(sim.costs[-1]), 2: fmt(seq.costs[-1])}),
        (["steps until J < 1e-6"], {1: arrived(sim), 2: arrived(seq)}),
    ]
    if sim.diverged:
        prefix, rest = diverged_sentence_parts(sim)
        contains = [rest]
    else:
        assert sim.verdict() == "good", sim.verdict()  # the scenarios here: the core's own sentence
        prefix, contains = sim.message, []
    if seq.diverged:
        contains.append(f"Sequential (incorrect): diverged at step {seq.diverged_at}.")
    else:
        k = arrival(seq)
        contains.append("Sequential (incorrect): " + (f"J < 1e-6 after {k} steps." if k is not None
                                                       else f"J = {fmt(seq.costs[-1], 4)} after {seq.steps} steps."))
    contains.append(f"The first steps already differ: temp1 = {fmt(temp1_sim, 5)} (simultaneous) vs "
                    f"{fmt(temp1_seq, 5)} (sequential, dJ/dtheta1 taken at the already-moved theta0), "
                    f"a difference of {fmt(temp1_seq - temp1_sim, 3)}.")
    plot = {"simultaneous_end": [float(v) for v in sim.thetas[-1]],
            "sequential_end": [float(v) for v in seq.thetas[-1]],
            "path_points": [sim.steps + 1, seq.steps + 1]}
    title = (f"First step from (theta0, theta1) = ({fmt(theta0, 4)}, {fmt(theta1, 4)}) with learning rate "
             f"{fmt(lr, 4)}, then {steps} steps")
    return dict(status_prefix="Simultaneous (correct): " + prefix, status_contains=contains, cells=cells,
                plot=plot, title=title, forbidden=NOT_FINITE)


# The double well's minima (global first) and the hump between them: the roots of
# dJ/dtheta = 4 theta^3 - 6 theta + 1, in order.
_ROOTS = np.sort(np.roots([4.0, 0.0, -6.0, 1.0]).real)
GLOBAL_MIN, HUMP, LOCAL_MIN = (float(r) for r in _ROOTS)
SETTLED = 0.01  # the momentum dashboard calls a run settled this close to a minimum


def J_well(theta: float) -> float:
    return float(DOUBLE_WELL.f(np.array([theta])))


def momentum_expectations(start: float, lr: float, momentum: float, steps: int) -> dict:
    """MomentumDashboard: plain gradient descent and the run with momentum, where each ended."""
    plain = gradient_descent(DOUBLE_WELL, [start], lr, steps)
    mom = gradient_descent(DOUBLE_WELL, [start], lr, steps, momentum=momentum)
    assert not plain.diverged and not mom.diverged  # the scenarios here

    def where(run):
        end = float(run.thetas[-1, 0])
        kind, m = ("global", GLOBAL_MIN) if end < HUMP else ("local", LOCAL_MIN)
        return abs(end - m) < SETTLED, kind, m

    def describe(run):
        settled, kind, m = where(run)
        if settled:
            return f"ended in the {kind} minimum, theta = {fmt(m, 5)}, J = {fmt(J_well(m), 5)}"
        return (f"has not settled after {run.steps} steps (theta = {fmt(run.thetas[-1, 0], 4)}); it is in the "
                f"valley of the {kind} minimum (theta = {fmt(m, 5)}, J = {fmt(J_well(m), 5)})")

    if momentum == 0:
        status = f"Momentum 0 is plain gradient descent: it {describe(mom)}."
    else:
        status = (f"With momentum {fmt(momentum, 3)} the run {describe(mom)}. "
                  f"Plain gradient descent (momentum 0) from the same start {describe(plain)}.")
        if where(mom)[1] == "global" and where(plain)[1] == "local":
            status += " Momentum carried theta over the hump: plain gradient descent is trapped in the local minimum."
    cells = []
    for name, run in (("plain GD", plain), ("with momentum", mom)):
        settled, kind, _ = where(run)
        cells.append(([name], {1: fmt(run.momentum), 2: fmt(lr), 3: fmt(steps), 4: fmt(run.thetas[-1, 0]),
                               5: fmt(run.costs[-1]), 6: f"{kind} minimum" if settled else f"moving ({kind} valley)"}))
    plot = {"momentum_end": float(mom.thetas[-1, 0]), "plain_end": float(plain.thetas[-1, 0])}
    return dict(status=status, cells=cells, plot=plot, title=f"Two runs from theta = {fmt(start, 4)}",
                forbidden=NOT_FINITE), where(plain), where(mom)


N_SAMPLES, SIZES, SEED = 100, [2, 4, 1], 0
MODES = ("full batch", "mini-batch", "stochastic")


def batch_expectations(lr: float, epochs: int, batch_size: int) -> dict:
    """BatchModesDashboard: per mode, batches per epoch = ceil(n / b) and iterations = epochs x that."""
    X, y = bp.datasets.two_gaussians(N_SAMPLES, noise=0.8, seed=SEED, distance=2.0)
    sizes = {"full batch": N_SAMPLES, "mini-batch": batch_size, "stochastic": 1}
    hist, cells, per = {}, [], {}
    for mode in MODES:
        b = sizes[mode]
        hist[mode] = h = bp.MLP(SIZES, seed=SEED).fit(X, y, lr=lr, epochs=epochs,
                                                      batch_size=None if mode == "full batch" else b,
                                                      seed=SEED, record_steps=True)
        per[mode] = math.ceil(N_SAMPLES / b)
        iterations = epochs * per[mode]
        assert not h.diverged
        assert (h.batches_per_epoch, h.epochs, h.steps, len(h.step_loss)) == (per[mode], epochs, iterations, iterations)
        cells.append(([mode], {1: fmt(b), 2: fmt(per[mode]), 3: fmt(epochs),
                               4: f"{epochs} x {per[mode]} = {iterations}", 5: fmt(h.final_loss)}))
    left = N_SAMPLES - (per["mini-batch"] - 1) * batch_size
    note = f" (the last batch holds only {left})" if left != batch_size else ""
    best = min(MODES, key=lambda m: hist[m].final_loss)
    status = (f"One epoch is one pass over all {N_SAMPLES} samples: full batch makes 1 update per epoch, "
              f"mini-batches of {batch_size} make {per['mini-batch']}{note}, stochastic makes {N_SAMPLES}. "
              f"After {epochs} epoch{'s' if epochs > 1 else ''}: final loss "
              + ", ".join(f"{m} {fmt(hist[m].final_loss, 4)}" for m in MODES) + f"; lowest: {best}.")
    plot = {m: float(hist[m].loss[-1]) for m in MODES}
    return dict(status=status, cells=cells, plot=plot, forbidden=NOT_FINITE,
                title=f"{N_SAMPLES} samples, learning rate {fmt(lr, 4)}, network {SIZES}")


# --------------------------------------------------------------------------
# LearningRateDashboard
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_learning_rate_dashboard_keyboard(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard_with(page, "start theta", dropdown_label="J(theta)")
    # The notebook's checks leave lr = 0.1 on the parabola, from theta = 0, 30 steps.
    expect(dropdown(area)).to_have_value(OBJECTIVE_LABELS["parabola"])
    objective = "parabola"
    lr = log_readout_value(area, "learning rate", LR_EXPONENTS)
    start = readout_value(area, "start theta")
    steps = int_readout(area, "steps")
    assert (lr, start, steps) == (pytest.approx(0.1, rel=1e-12), 0.0, 30)
    wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "good"), what="after Run All")
    png = canvas_png(area)
    shot(page, area, "descent-lr-0-start")

    # One notch up the log scale: 10**-0.95 = 0.112, still good.
    press_key(area, "learning rate", "ArrowRight", expected_readout="0.112")
    lr = log_readout_value(area, "learning rate", LR_EXPONENTS)
    assert lr == pytest.approx(10 ** -0.95, rel=1e-12)
    wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "good"),
               what="after ArrowRight on learning rate")
    png = wait_canvas_changed(area, png, "ArrowRight on learning rate")

    # The double well: the start jumps to that objective's default (2), and lr 0.112 overshoots.
    dropdown(area).select_option(OBJECTIVE_LABELS["double_well"])
    objective = "double_well"
    expect(readout(area, "start theta")).to_have_text(_exact("2.00"), timeout=lab.WIDGET_TIMEOUT_MS)
    start = readout_value(area, "start theta")
    wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "overshooting"),
               what="after choosing the double well")
    png = wait_canvas_changed(area, png, "choosing the double well")
    shot(page, area, "descent-lr-1-double-well")

    # The diverging end of the learning-rate slider: 10.  Said in words; every number finite.
    press_key(area, "learning rate", "End")
    lr = log_readout_value(area, "learning rate", LR_EXPONENTS)
    assert lr == 10.0
    shown = wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "diverging"),
                       what="after End on learning rate (double well)")
    assert "diverg" in shown["status"].lower()
    png = wait_canvas_changed(area, png, "End on learning rate")

    # Back to the parabola at lr 10: it diverges at step 2; the table keeps the last finite steps.
    dropdown(area).select_option(OBJECTIVE_LABELS["parabola"])
    objective = "parabola"
    expect(readout(area, "start theta")).to_have_text(_exact("0.00"), timeout=lab.WIDGET_TIMEOUT_MS)
    start = readout_value(area, "start theta")
    expected = learning_rate_expectations(objective, lr, start, steps, "diverging")
    shown = wait_state(area, **expected, what="after choosing the parabola at learning rate 10")
    assert shown["status"].startswith("Diverged at step 2:")
    assert shown["plot"]["regime"] == "diverging" and math.isfinite(shown["plot"]["J"])
    assert len(shown["rows"]) == 2  # steps 0 and 1, the last finite point
    png = wait_canvas_changed(area, png, "choosing the parabola at learning rate 10")
    shot(page, area, "descent-lr-2-diverged")

    # The other end: 0.001 is too small.
    press_key(area, "learning rate", "Home", expected_readout="0.001")
    lr = log_readout_value(area, "learning rate", LR_EXPONENTS)
    assert lr == pytest.approx(1e-3, rel=1e-12)
    wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "too small"),
               what="after Home on learning rate")
    png = wait_canvas_changed(area, png, "Home on learning rate")

    # More steps and another start: still too small, 101 points on the path.
    press_key(area, "steps", "End", expected_readout="100")
    steps = int_readout(area, "steps")
    press_key(area, "start theta", "ArrowLeft", expected_readout="\u22120.05")
    start = readout_value(area, "start theta")
    assert (start, steps) == (-0.05, 100)
    wait_state(area, **learning_rate_expectations(objective, lr, start, steps, "too small"),
               what="after End on steps and ArrowLeft on start theta")
    wait_canvas_changed(area, png, "End on steps and ArrowLeft on start theta")
    shot(page, area, "descent-lr-3-too-small")


# --------------------------------------------------------------------------
# Descent2DDashboard
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_descent_2d_dashboard_keyboard(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard_with(page, "start theta0")
    # The notebook's last word: d2.set(lr=0.3), from (-2, 1.5), 30 steps, both paths shown.
    lr = readout_value(area, "learning rate")
    theta0, theta1 = readout_value(area, "start theta0"), readout_value(area, "start theta1")
    steps = int_readout(area, "steps")
    assert (lr, theta0, theta1, steps) == (0.3, -2.0, 1.5, 30)
    expect(dropdown(area)).to_have_value("both updates")
    wait_state(area, **descent2d_expectations(lr, theta0, theta1, steps), what="after Run All")
    png = canvas_png(area)
    shot(page, area, "descent-2d-0-start")

    # A new start: temp0 is the same both ways, temp1 differs (dJ/dtheta1 at the moved theta0).
    theta0 = press_key(area, "start theta0", "ArrowRight", expected_readout="\u22121.95")
    expected = descent2d_expectations(lr, theta0, theta1, steps)
    shown = wait_state(area, **expected, what="after ArrowRight on start theta0")
    rows = {r[0]: r[1:] for r in shown["rows"]}
    temp0 = rows["temp0 = theta0 - lr * dJ/dtheta0"]
    temp1 = rows["temp1 = theta1 - lr * dJ/dtheta1"]
    assert temp0[0] == temp0[1] and temp1[0] != temp1[1]
    png = wait_canvas_changed(area, png, "ArrowRight on start theta0")

    theta1 = press_key(area, "start theta1", "Home", expected_readout="\u22123.00")
    wait_state(area, **descent2d_expectations(lr, theta0, theta1, steps), what="after Home on start theta1")
    png = wait_canvas_changed(area, png, "Home on start theta1")
    shot(page, area, "descent-2d-1-start")

    # "show": one path at a time -- the same numbers, another picture.
    for choice in ("sequential only", "simultaneous only", "both updates"):
        dropdown(area).select_option(choice)
        expect(dropdown(area)).to_have_value(choice)
        wait_state(area, **descent2d_expectations(lr, theta0, theta1, steps), what=f"after show = {choice}")
        png = wait_canvas_changed(area, png, f"show = {choice}")
        if choice == "sequential only":
            shot(page, area, "descent-2d-2-sequential-only")

    # The largest learning rate, 0.6: the simultaneous update diverges, and says so; the numbers stay finite.
    lr = press_key(area, "learning rate", "End", expected_readout="0.60")
    shown = wait_state(area, **descent2d_expectations(lr, theta0, theta1, steps), what="after End on learning rate")
    assert "Diverged at step" in shown["status"]
    png = wait_canvas_changed(area, png, "End on learning rate")
    shot(page, area, "descent-2d-3-diverged")


# --------------------------------------------------------------------------
# MomentumDashboard
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_momentum_dashboard_keyboard(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard_with(page, "momentum")
    # The notebook's last word: mom.set(momentum=0.8), from theta = 2 with lr 0.02, 150 steps.
    start, lr = readout_value(area, "start theta"), readout_value(area, "learning rate")
    momentum, steps = readout_value(area, "momentum"), int_readout(area, "steps")
    assert (start, lr, momentum, steps) == (2.0, 0.02, 0.8, 150)
    expected, plain, mom = momentum_expectations(start, lr, momentum, steps)
    assert plain[:2] == (True, "local") and mom[:2] == (True, "global")
    wait_state(area, **expected, what="after Run All")
    png = canvas_png(area)
    shot(page, area, "descent-momentum-0-start")

    # Momentum 0: plain gradient descent, trapped in the local minimum.
    momentum = press_key(area, "momentum", "Home", expected_readout="0.00")
    assert momentum == 0.0
    expected, _, mom = momentum_expectations(start, lr, momentum, steps)
    assert mom[:2] == (True, "local")
    shown = wait_state(area, **expected,
                       status_prefix="Momentum 0 is plain gradient descent: it ended in the local minimum",
                       what="after Home on momentum")
    assert "global" not in shown["status"]
    png = wait_canvas_changed(area, png, "Home on momentum")
    shot(page, area, "descent-momentum-1-trapped")

    # Too much momentum, 0.95: still swinging after 150 steps, back in the local valley.
    momentum = press_key(area, "momentum", "End", expected_readout="0.95")
    expected, _, mom = momentum_expectations(start, lr, momentum, steps)
    assert mom[:2] == (False, "local")
    wait_state(area, **expected, status_contains=["has not settled after 150 steps"], what="after End on momentum")
    png = wait_canvas_changed(area, png, "End on momentum")

    # 0.90: over the hump into the global minimum, while plain gradient descent stays trapped.
    momentum = press_until(area, "momentum", "ArrowLeft", 0.90, times=5)
    expected, plain, mom = momentum_expectations(start, lr, momentum, steps)
    assert plain[:2] == (True, "local") and mom[:2] == (True, "global")
    wait_state(area, **expected,
               status_contains=["the run ended in the global minimum",
                                "plain gradient descent is trapped in the local minimum"],
               what="after 5 x ArrowLeft on momentum")
    wait_canvas_changed(area, png, "5 x ArrowLeft on momentum")
    shot(page, area, "descent-momentum-2-global")


# --------------------------------------------------------------------------
# BatchModesDashboard
# --------------------------------------------------------------------------
@pytest.mark.browser
def test_batch_modes_dashboard_keyboard(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard_with(page, "batch size")
    # The notebook's last word: batch.set(batch_size=30), lr 1, 4 epochs.
    lr = log_readout_value(area, "learning rate", BATCH_LR_EXPONENTS)
    epochs, batch_size = int_readout(area, "epochs"), int_readout(area, "batch size")
    assert (lr, epochs, batch_size) == (1.0, 4, 30)
    wait_state(area, **batch_expectations(lr, epochs, batch_size),
               status_contains=["mini-batches of 30 make 4 (the last batch holds only 10)"], what="after Run All")
    png = canvas_png(area)
    shot(page, area, "descent-batch-0-start")

    # Batch size 31: still 4 batches per epoch (31 + 31 + 31 + 7), 4 x 4 = 16 iterations.
    batch_size = int(press_key(area, "batch size", "ArrowRight", expected_readout="31"))
    shown = wait_state(area, **batch_expectations(lr, epochs, batch_size), what="after ArrowRight on batch size")
    assert {r[0]: r[4] for r in shown["rows"]}["mini-batch"] == "4 x 4 = 16"
    assert "the last batch holds only 7" in shown["status"]
    png = wait_canvas_changed(area, png, "ArrowRight on batch size")

    # 8 epochs: every count doubles (full batch 8 x 1, stochastic 8 x 100 = 800).
    epochs = int(press_key(area, "epochs", "End", expected_readout="8"))
    shown = wait_state(area, **batch_expectations(lr, epochs, batch_size), what="after End on epochs")
    iterations = {r[0]: r[4] for r in shown["rows"]}
    assert iterations == {"full batch": "8 x 1 = 8", "mini-batch": "8 x 4 = 32", "stochastic": "8 x 100 = 800"}
    png = wait_canvas_changed(area, png, "End on epochs")
    shot(page, area, "descent-batch-1-8-epochs")

    # Batch size 2 (50 batches per epoch) and one epoch less.
    batch_size = int(press_key(area, "batch size", "Home", expected_readout="2"))
    epochs = int(press_key(area, "epochs", "ArrowLeft", expected_readout="7"))
    shown = wait_state(area, **batch_expectations(lr, epochs, batch_size),
                       what="after Home on batch size, ArrowLeft on epochs")
    iterations = {r[0]: r[4] for r in shown["rows"]}
    assert iterations["mini-batch"] == "7 x 50 = 350"
    png = wait_canvas_changed(area, png, "Home on batch size and ArrowLeft on epochs")

    # A smaller learning rate, one notch down the log scale.
    press_key(area, "learning rate", "ArrowLeft")
    lr = log_readout_value(area, "learning rate", BATCH_LR_EXPONENTS)
    assert lr == pytest.approx(10 ** -0.05, rel=1e-12)
    wait_state(area, **batch_expectations(lr, epochs, batch_size), what="after ArrowLeft on learning rate")
    wait_canvas_changed(area, png, "ArrowLeft on learning rate")
    shot(page, area, "descent-batch-2-lr")
