"""Lesson 01's dashboards used as a student uses them, in JupyterLab + headless Chromium.

* The perceptron rule stepping through AND: the data drop-down back to AND
  (a restart), Step four times (one table row per update, the status line and
  the plotted line follow ``backprop_core.Perceptron.update``), then Run to
  convergence (the weights of ``Perceptron.fit``).
* A slider moving the truth table: the logic dashboard's bias slider with the
  keyboard; every row's net input, output and verdict follow.
* Fit: at 1280 x 720 with the file browser open (~850 px notebook) and closed,
  and in a ~700 px notebook, nothing of these dashboards sticks out of its
  output area and nothing scrolls sideways.

Expected numbers are computed here with ``backprop_core`` and formatted with
``backprop_lab.tables.fmt`` as the tables format them. Every wait is on a
condition with a timeout; no sleeps.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

import backprop_core as bp
from backprop_lab.dashboards.neurons.ranges import LOGIC_BIAS_RANGE
from backprop_lab.dashboards.neurons.perceptrons import _clip_line
from backprop_lab.tables import fmt
from tests.browser import lab
from tests.browser.dash import (FIT_JS, button, canvas_png, dashboard, grid_readout, open_and_run, press_key, shot,
                                wait_canvas_changed, wait_state)

NOTEBOOK = "01_neurons_and_perceptrons.ipynb"
AND_X, AND_Y = bp.datasets.truth_table("AND")


def rule_row(k, x, y, net_in, h, err, w):
    """The table row of update k as the dashboard's HTML table shows it."""
    return ([str(k)], {1: str((k - 1) // 4 + 1), 2: f"({int(x[0])}, {int(x[1])})", 3: str(int(y)),
                       4: fmt(net_in, 4), 5: str(int(h)), 6: str(int(err)),
                       7: fmt(w[0], 4), 8: fmt(w[1], 4), 9: fmt(w[2], 4)})


def line_points(W):
    xs, ys = _clip_line(W[1], W[2], -W[0])
    return [list(map(float, xs)), list(map(float, ys))]


@pytest.mark.browser
def test_perceptron_rule_steps_through_and(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "alpha")
    # the notebook left it cycling on XOR; back to AND restarts from W = [0, 0, 0]
    area.locator(".widget-dropdown select").select_option("AND")
    wait_state(area, status_prefix="Start: W = [0, 0, 0], 3 of 4 examples right.",
               cells=[(["start"], {7: "0", 8: "0", 9: "0"})], plot={"updates": 0, "mistakes": []},
               what="after choosing AND")
    png = canvas_png(area)
    shot(page, area, "neurons-rule-0-start")

    p = bp.Perceptron(2, lr=0.5, weights=[0.0, 0.0, 0.0])
    for k in range(1, 5):
        x, y = AND_X[(k - 1) % 4], AND_Y[(k - 1) % 4, 0]
        net_in = float(p.net_input(x)[0])
        h = float(net_in > 0)
        err = p.update(x, y)
        button(area, "Step").click()
        change = "no change." if err == 0 else f"the weights move to W = [{', '.join(fmt(v, 4) for v in p.weights)}]."
        wait_state(area, status_prefix=(f"Update {k} (epoch 1): example ({int(x[0])}, {int(x[1])}), target {int(y)}: "
                                        f"in = {fmt(net_in, 4)}, h = {int(h)}, Err = {int(err)}: {change}"),
                   cells=[rule_row(k, x, y, net_in, h, err, p.weights)],
                   plot={"updates": k, "visited": [float(x[0]), float(x[1])]}, what=f"after Step {k}")
        if err != 0:
            png = wait_canvas_changed(area, png, f"Step {k} (the line moved)")
    # after one epoch the line W1 x1 + W2 x2 = W0 is where Perceptron.update put it
    wait_state(area, plot={"line": line_points(p.weights), "mistakes": [1]}, what="after one epoch")
    shot(page, area, "neurons-rule-1-epoch")

    button(area, "Run").click()
    fitted = bp.Perceptron(2, lr=0.5, weights=[0.0, 0.0, 0.0])
    history = fitted.fit(AND_X, AND_Y)
    wait_state(area, status_contains=["Converged: four visits in a row changed nothing",
                                      "converges to a consistent function for any linearly separable data set"],
               plot={"line": line_points(fitted.weights), "mistakes": [float(e) for e in history.errors]},
               cells=[(["22"], {7: fmt(fitted.weights[0], 4), 8: fmt(fitted.weights[1], 4),
                                9: fmt(fitted.weights[2], 4)})],
               what="after Run")
    wait_canvas_changed(area, png, "Run")
    shot(page, area, "neurons-rule-2-converged")


def truth_cells(w1, w2, b):
    """Every row of the AND truth table of g(w1 x1 + w2 x2 + b) as the HTML table shows it."""
    cells, right = [], 0
    for x, t in zip(AND_X, AND_Y[:, 0]):
        z = w1 * x[0] + w2 * x[1] + b
        out = float(z > 0)
        right += out == t
        cells.append(([str(int(x[0])), str(int(x[1]))],
                      {2: fmt(z, 4), 3: str(int(out)), 4: str(int(t)), 5: "yes" if out == t else "NO"}))
    return cells, right


@pytest.mark.browser
def test_bias_slider_moves_the_truth_table(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "w3")
    # the notebook left the logic dashboard on XOR with w = (1, 1, 0), b = -0.5
    area.locator(".widget-dropdown select").select_option("AND")
    cells, right = truth_cells(1.0, 1.0, -0.5)
    wait_state(area, cells=cells, status_prefix=f"{right} of 4 rows right", what="after choosing AND")
    png = canvas_png(area)
    shot(page, area, "neurons-logic-0-and")

    lo, hi = LOGIC_BIAS_RANGE
    for key, expected in (("ArrowLeft", -0.6), ("Home", lo), ("End", hi)):
        b = press_key(area, "b", key, expected_readout=grid_readout(expected, 1))
        cells, right = truth_cells(1.0, 1.0, b)
        wait_state(area, cells=cells, status_prefix=f"{right} of 4 rows right", what=f"after {key} on b")
        wait_state(area, plot={"z": [float(x[0] + x[1] + b) for x in AND_X]}, what=f"bars after {key} on b")
        png = wait_canvas_changed(area, png, f"{key} on b")
        shot(page, area, f"neurons-logic-{key}")

    # a weight slider moves it too: w1 from 1.0 to 1.1 (the line tilts; row (1, 0) now has z = 1.1 + 3)
    w1 = press_key(area, "w1", "ArrowRight", expected_readout=grid_readout(1.1, 1))
    cells, right = truth_cells(w1, 1.0, hi)
    wait_state(area, cells=cells, what="after ArrowRight on w1")




@pytest.mark.browser
def test_dashboards_fit_1280x720(lab_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_run(page, lab_server, NOTEBOOK)
    labels = {"unit": "x", "logic": "w3", "rule": "alpha", "xnor": "x1", "ridge": "steepness k"}
    for setting in ("browser open", "browser closed", "700 px notebook"):
        if setting == "browser closed":  # close the file browser: the notebook gets the whole width
            page.locator(lab.SIDEBAR_OPEN_TAB).click()
            expect(page.locator(lab.SIDEBAR_OPEN_TAB)).to_have_count(0)
        if setting == "700 px notebook":  # the narrowest the course supports: outputs 700 px wide
            page.set_viewport_size({"width": 880, "height": 720})
        for name, label in labels.items():
            area = dashboard(page, label)
            if setting == "700 px notebook":  # wait for the relayout after the resize
                area.element_handle().wait_for_element_state("stable")
                page.wait_for_function("a => a.getBoundingClientRect().width <= 720", arg=area.element_handle(),
                                       timeout=lab.WIDGET_TIMEOUT_MS)
                width = area.evaluate("a => a.getBoundingClientRect().width")
                assert 690 <= width <= 720, width
            area.scroll_into_view_if_needed()
            fit = area.evaluate(FIT_JS)
            assert fit["worst"] <= 1 and fit["scroll"] <= 1, (name, setting, fit)
            lab.screenshot(page, f"neurons-fit-{name}-{setting.replace(' ', '-')}")
