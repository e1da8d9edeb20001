"""Notebook 06's network dashboard, used as a student uses it, in JupyterLab + headless Chromium.

One Run All, then: move the w5 slider with the keyboard and wait for the
diagram's label of w5 (the SVG text the browser draws, and the label the
dashboard publishes in the status line's ``data-plot``) and the table's product
and update rows to show the right numbers; click the w1 connection of the SVG
diagram and wait for the table to switch to dE_total/dw1 with its two paths;
click w7 and wait for its table (the selection reached Python); Step; type N and press Train N; switch the update order
and check the lecture's error after one in-place round. Expected numbers come
from ``backprop_core`` and are formatted as the tables format them. Every wait
is on a condition with a timeout; there are no sleeps.
"""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

import backprop_core as bp
from backprop_lab.dashboards.network.dashboard import INPUTS, LR, TARGETS, lecture_round
from backprop_lab.tables import fmt
from backprop_lab.views import NetworkView
from tests.browser.dash import (_exact, button, canvas_png, dashboard, open_and_run, press_key, shot,
                                wait_canvas_changed, wait_state)
from tests.browser.test_network_view_browser import click_svg

NOTEBOOK = "06_the_2_2_2_network.ipynb"


def r9(x):
    """A value as the dashboard's table and status line print it."""
    return fmt(lecture_round(x), 12)


def label(weights, name):
    g = bp.MazurNetwork(weights).gradients(INPUTS, TARGETS)[name]
    return f"{name} = {fmt(weights[name], 3)}\n\u2202E/\u2202{name} = {fmt(g, 3)}"


def status_prefix(net, n, order, selected):
    f = net.forward(INPUTS)
    g = net.gradients(INPUTS, TARGETS)[selected]
    return (f"Round {n} ({order}): E_total = {r9(net.total_error(INPUTS, TARGETS))}, out_o1 = {r9(f.out_o1)}, "
            f"out_o2 = {r9(f.out_o2)}; dE_total/d{selected} = {r9(g)}.")


def dropdown(area, description):
    return (area.locator(".widget-dropdown").filter(has=area.page.locator("label", has_text=_exact(description)))
            .locator("select"))


@pytest.mark.browser
def test_network_dashboard_in_the_browser(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "w5")
    lecture = bp.MazurNetwork()
    # after Run All the notebook's last cell pressed Reset: the lecture's network, w5 selected
    wait_state(area, status_prefix=status_prefix(lecture, 0, "simultaneous", "w5"),
               plot={"selected": "w5", "axes": ["w5", "w6"], "labels": {"w5": label(lecture.weights, "w5")}},
               title="dE_total/dw5 by the chain rule (learning rate 0.5)", what="after Run All")
    png = canvas_png(area)
    shot(page, area, "network-0-start")

    # 1. a weight slider (on the tab "w5..w8"): the diagram's label and the table follow
    area.locator(".lm-TabBar-tab", has_text="w5..w8").click()
    expect(area.locator(".widget-hslider", has=page.locator(".widget-label", has_text=_exact("w5")))).to_be_visible()
    shown = press_key(area, "w5", "ArrowRight", expected_readout="0.410")
    weights = {**lecture.weights, "w5": shown}
    net = bp.MazurNetwork(weights)
    g5 = net.gradients(INPUTS, TARGETS)["w5"]
    wait_state(area, plot={"labels": {"w5": label(weights, "w5"), "w6": label(weights, "w6")}},
               cells=[(["product"], {3: r9(g5)}), (["update"], {3: r9(shown - LR * g5)})],
               status_prefix=status_prefix(net, 0, "simultaneous", "w5"), what="after w5 ArrowRight")
    svg = area.locator(".bplab-netview svg")
    # the SVG the browser drew shows the same label (one <tspan> per line)
    expect(svg.locator("text.bplab-label[data-name='w5']")).to_have_text(label(weights, "w5").replace("\n", ""))
    w5_line = svg.locator("line.bplab-edge[data-name='w5']")
    assert float(w5_line.get_attribute("data-weight")) == pytest.approx(shown, abs=1e-9)  # same message as the label
    assert float(w5_line.get_attribute("stroke-width")) == pytest.approx(1 + 6 * shown / 4.0, abs=1e-3)
    # (the surface's point moves by 0.01 of 10: no pixel of the canvas need change; the SVG did)

    # 2. a click on the w1 connection of the SVG diagram: the table switches to w1, with its two paths
    wait_state(area, plot={"selected": "w5"})
    click_svg(svg, *NetworkView.lecture_001().edge_pixel("w1"))
    rec = net.factors(INPUTS, TARGETS, "w1")
    p1, p2 = (p.product for p in rec.paths)
    wait_state(area, plot={"selected": "w1", "highlighted": ["w1", "w5", "w7"], "axes": ["w1", "w6"]},
               title="dE_total/dw1 by the chain rule (learning rate 0.5)",
               cells=[(["via o1: product"], {3: r9(p1)}), (["via o2: product"], {3: r9(p2)}),
                      (["sum of paths"], {3: r9(rec.factors[0].value)}), (["product"], {3: r9(rec.product)})],
               what="after clicking the w1 connection")
    expect(dropdown(area, "weight")).to_have_value("w1")
    png = wait_canvas_changed(area, png, "clicking w1")
    shot(page, area, "network-1-w1-selected")
    # w7, where it crosses nothing: its derivative table (the selection reached Python), then w1 again
    click_svg(svg, *NetworkView.lecture_001().edge_pixel("w7"))
    wait_state(area, plot={"selected": "w7", "highlighted": ["w7"]},
               title="dE_total/dw7 by the chain rule (learning rate 0.5)",
               cells=[(["product"], {3: r9(net.gradients(INPUTS, TARGETS)["w7"])})], what="after clicking w7")
    expect(svg.locator("line.bplab-hit[data-name='w7']")).to_have_attribute("aria-pressed", "true")
    dropdown(area, "weight").select_option("w1")
    wait_state(area, plot={"selected": "w1"}, what="w1 chosen again in the dropdown")

    # 3. Step
    button(area, "Step").click()
    stepped = net.step(INPUTS, TARGETS, LR)
    wait_state(area, status_prefix=status_prefix(stepped, 1, "simultaneous", "w1"),
               plot={"errors_plotted": 2, "path_points": 2}, what="after Step")

    # 4. Train N with N = 50
    rounds = area.locator(".widget-inline-hbox").filter(has=page.locator("label", has_text=_exact("N rounds")))
    rounds.locator("input").fill("50")
    rounds.locator("input").press("Enter")
    button(area, "Train N").click()
    trained = stepped.train(INPUTS, TARGETS, LR, 50).network
    wait_state(area, status_prefix=status_prefix(trained, 51, "simultaneous", "w1"),
               plot={"errors_plotted": 52, "path_points": 52,
                     "last_error": trained.total_error(INPUTS, TARGETS)}, what="after Train N")
    shot(page, area, "network-2-trained")

    # 5. the update order: back to the lecture's network, one in-place round gives the published error
    dropdown(area, "update order").select_option(label="in place (blog code)")
    button(area, "Reset").click()
    wait_state(area, status_prefix=status_prefix(lecture, 0, "in place (blog code)", "w1"), what="after Reset")
    button(area, "Step").click()
    state = wait_state(area, status_prefix="Round 1 (in place (blog code)): E_total = 0.291027924,",
                       what="after one in-place round")
    assert re.search(r"out_o1 = 0\.742088438", state["status"])
    dropdown(area, "update order").select_option(label="simultaneous")
    button(area, "Reset").click()
    button(area, "Step").click()
    wait_state(area, status_prefix="Round 1 (simultaneous): E_total = 0.291027774,",
               what="after one simultaneous round")

    # 6. the surface as a 3-D bowl and back
    surface_canvas = area.locator(".jupyter-matplotlib-canvas-div").first.locator("canvas").first  # the only canvas
    surface_canvas.scroll_into_view_if_needed()
    flat = surface_canvas.screenshot()
    dropdown(area, "surface as").select_option("3-D")
    wait_state(area, plot={"surface_mode": "3-D"})
    deadline = time.monotonic() + 30
    while surface_canvas.screenshot() == flat:  # the 3-D picture arrives as a new frame
        assert time.monotonic() < deadline, "the surface canvas did not change after switching to 3-D"
    shot(page, area, "network-3-3d")
    dropdown(area, "surface as").select_option("contour")
    wait_state(area, plot={"surface_mode": "contour"})
