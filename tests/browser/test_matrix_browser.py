"""Notebook 07's matrix stepper, used as a student uses it, in JupyterLab + headless Chromium.

One Run All, then: Reset, Forward twice, Backward twice, Step back, each a real
click on the button; after every click wait for the status line, the table
(each matrix with its shape and values) and the matrices drawn as HTML tables
(their names and the numbers in their cells) to show that step of
``column_backprop`` on the stepper's network, and the SVG diagram (drawn by the
browser, ``NetworkView``) to light up that step's weights. The values expected come from
``backprop_core`` through ``stepper_network``/``column_backprop``, formatted as
the dashboard formats them. A key press on the ``step`` slider walks too. A real
click on a connection of the SVG selects that weight in Python: its entry is
outlined in the matrices and said under the diagram; hovering shows its gradient.
Every wait is on a condition with a timeout; there are no sleeps.
"""
from __future__ import annotations

import statistics
import time

import pytest
from playwright.sync_api import expect

from backprop_core.matrix_form import column_backprop, stepper_network
from backprop_lab.dashboards.matrix.stepper import MatrixStepperDashboard, mat_text
from backprop_lab.tables import fmt
from backprop_lab.views import NetworkView
from tests.browser.dash import button, dashboard, open_and_run, press_key, shot, wait_state
from tests.browser.test_network_view_browser import click_svg

NOTEBOOK = "07_matrix_backprop_and_mlps.ipynb"
SIZES, ACTIVATION, SEED = (3, 4, 2), "sigmoid", 0   # the notebook's stepper

_MATRICES_JS = """(area) => [...area.querySelectorAll('.bplab-matrix')].map(m => ({
  name: m.dataset.name, cells: [...m.querySelectorAll('td')].map(td => td.textContent.trim())}))"""


def cells(M):
    return [fmt(v, 3) for v in M.ravel()]


def wait_matrices(area, expected, what):
    """Wait until the HTML matrices are exactly ``expected``: ``[(name, cells), ...]`` in order."""
    want = [{"name": n, "cells": c} for n, c in expected]
    try:
        area.page.wait_for_function(
            "([area, want]) => JSON.stringify((%s)(area)) === JSON.stringify(want)" % _MATRICES_JS,
            arg=[area.element_handle(), want], timeout=20_000)
    except Exception:
        got = area.evaluate(_MATRICES_JS)
        raise AssertionError(f"matrices after {what}:\nexpected {want}\nshown    {got}") from None


def lit(area, names):
    """Wait until exactly the connections ``names`` are lit (a yellow halo) in the SVG diagram."""
    js = """([area, want]) => JSON.stringify([...area.querySelectorAll('.bplab-netview line.bplab-halo')]
      .filter(l => l.getAttribute('stroke') === '#F0E442').map(l => l.dataset.name)) === JSON.stringify(want)"""
    area.page.wait_for_function(js, arg=[area.element_handle(), list(names)], timeout=20_000)


def click(area, description, status_prefix, plot, table_cells, matrices, what):
    """Click a button; return the ms until the status line, table and matrices show the new step."""
    b = button(area, description)
    b.scroll_into_view_if_needed()
    t = time.perf_counter()
    b.click()
    area.page.wait_for_function(
        "([area, prefix]) => (area.querySelector('.bplab-status').textContent || '').startsWith(prefix)",
        arg=[area.element_handle(), status_prefix], polling=5, timeout=20_000)
    ms = (time.perf_counter() - t) * 1000
    wait_state(area, status_prefix=status_prefix, plot=plot, cells=table_cells, what=what)
    wait_matrices(area, matrices, what)
    return ms


@pytest.mark.browser
def test_matrix_stepper_in_the_browser(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "layers")
    mlp, x, y = stepper_network(SIZES, ACTIVATION, SEED)
    r = column_backprop(mlp, x, y)
    # the notebook's last cell pressed Reset and then Backward (too early)
    wait_state(area, status_prefix="Backward needs the whole forward pass first", plot={"step": 0},
               what="after Run All")
    shot(page, area, "matrix-0-start")
    times = []

    times.append(click(area, "Forward", "Step 1 of 4: Forward, layer 1 of 2.", {"step": 1, "kind": "forward"},
                       [(["W0"], {1: "4 x 3", 2: mat_text(mlp.weights[0], digits=4)}),
                        (["z1"], {2: mat_text(r["z"][0], digits=4)})],
                       [("W<sub>0</sub>", cells(mlp.weights[0])), ("a<sub>0</sub>", cells(r["a"][0])),
                        ("b<sub>0</sub>", cells(mlp.biases[0])), ("z<sub>1</sub>", cells(r["z"][0])),
                        ("a<sub>1</sub> = &phi;(z<sub>1</sub>)", cells(r["a"][1]))], "Forward 1"))
    lit(area, [f"W0[{j},{k}]" for j in range(4) for k in range(3)])         # W0 in use: its 12 connections
    expect(area.locator(".bplab-operation")).to_contain_text("matrix product (4×3)(3×1) = (4×1)")

    times.append(click(area, "Forward", "Step 2 of 4: Forward, layer 2 of 2.", {"step": 2},
                       [(["a2 = φ(z2)"], {2: mat_text(r["a"][2], digits=4)})],
                       [("W<sub>1</sub>", cells(mlp.weights[1])), ("a<sub>1</sub>", cells(r["a"][1])),
                        ("b<sub>1</sub>", cells(mlp.biases[1])), ("z<sub>2</sub>", cells(r["z"][1])),
                        ("a<sub>2</sub> = &phi;(z<sub>2</sub>)", cells(r["a"][2]))], "Forward 2"))
    shot(page, area, "matrix-1-forward")

    backward_out = [("&nabla;<sub>a</sub>C = a<sub>2</sub> &minus; y", cells(r["grad_a"])),
                    ("&phi;'(z<sub>2</sub>)", cells(r["dphi"][1])), ("&delta;<sub>2</sub>", cells(r["delta"][1])),
                    ("&delta;<sub>2</sub>", cells(r["delta"][1])), ("a<sub>1</sub><sup>T</sup>", cells(r["a"][1])),
                    ("&part;C/&part;W<sub>1</sub>", cells(r["gW"][1])),
                    ("&part;C/&part;b<sub>1</sub> = &delta;<sub>2</sub>", cells(r["gb"][1]))]
    times.append(click(area, "Backward", "Step 3 of 4: Backward, layer 2 of 2.", {"step": 3, "kind": "backward"},
                       [(["delta2"], {2: mat_text(r["delta"][1], digits=4)}),
                        (["∂C/∂W1"], {1: "2 x 4", 2: mat_text(r["gW"][1], digits=4)})],
                       backward_out, "Backward 1"))
    expect(area.locator(".bplab-operation")).to_contain_text("Hadamard product")

    times.append(click(area, "Backward", "Step 4 of 4: Backward, layer 1 of 2.", {"step": 4},
                       [(["W1^T"], {1: "4 x 2"}), (["∂C/∂W0"], {2: mat_text(r["gW"][0], digits=4)})],
                       [("W<sub>1</sub><sup>T</sup>", cells(mlp.weights[1].T)),
                        ("&delta;<sub>2</sub>", cells(r["delta"][1])),
                        ("W<sub>1</sub><sup>T</sup> &delta;<sub>2</sub>", cells(r["back"][0])),
                        ("&phi;'(z<sub>1</sub>)", cells(r["dphi"][0])), ("&delta;<sub>1</sub>", cells(r["delta"][0])),
                        ("&delta;<sub>1</sub>", cells(r["delta"][0])),
                        ("a<sub>0</sub><sup>T</sup>", cells(r["a"][0])),
                        ("&part;C/&part;W<sub>0</sub>", cells(r["gW"][0])),
                        ("&part;C/&part;b<sub>0</sub> = &delta;<sub>1</sub>", cells(r["gb"][0]))], "Backward 2"))
    wait_state(area, status_contains=["they equal MLP.gradients: yes."])
    expect(area.locator(".bplab-operation")).to_contain_text("transpose")
    shot(page, area, "matrix-2-backward")

    # back one step: the output layer's matrices again
    times.append(click(area, "Step back", "Step 3 of 4: Backward, layer 2 of 2.", {"step": 3}, [], backward_out,
                       "Step back"))
    # the keyboard: the step slider walks the same way
    press_key(area, "step", "ArrowLeft", expected_readout="2")
    wait_state(area, status_prefix="Step 2 of 4: Forward, layer 2 of 2.", plot={"step": 2}, what="step ArrowLeft")
    wait_matrices(area, [("W<sub>1</sub>", cells(mlp.weights[1])), ("a<sub>1</sub>", cells(r["a"][1])),
                         ("b<sub>1</sub>", cells(mlp.biases[1])), ("z<sub>2</sub>", cells(r["z"][1])),
                         ("a<sub>2</sub> = &phi;(z<sub>2</sub>)", cells(r["a"][2]))], "step ArrowLeft")
    print("\nclick to updated status line (the table and the matrices are sent by the same kernel callback): "
          f"median {statistics.median(times):.0f} ms "
          f"(each: {', '.join(f'{t:.0f}' for t in times)})")


@pytest.mark.browser
def test_largest_stepper_fits_a_laptop_and_a_narrow_notebook(lab_server, browser_page):
    """4 layers of 6 units (the largest network), at the last backward step (the most matrices):
    nothing past the output area's right edge at 1280 x 720 with the file browser open, nor at 700 px."""
    from tests.browser.test_fit_browser import _OUTPUT_WIDTH_JS, _OVERFLOW_JS, LAPTOP, NARROW

    page = browser_page
    page.set_viewport_size(LAPTOP)
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "layers")
    press_key(area, "layers", "End", expected_readout="4")
    for n in range(4):                       # "units 0" is the input layer (the course's numbering)
        press_key(area, f"units {n}", "End", expected_readout="6")
    # the step slider's range grew from 0..4 to 0..6 with the fourth layer: walk it with the arrow key
    # (noUiSlider's End key still jumps to the range the slider was drawn with)
    for k in range(1, 7):
        press_key(area, "step", "ArrowRight", expected_readout=str(k))
    wait_state(area, status_prefix="Step 6 of 6: Backward, layer 1 of 3. Network [6, 6, 6, 6]",
               status_contains=["they equal MLP.gradients: yes."], what="4 x 6 units, last step")
    for size, name in ((LAPTOP, "laptop"), (NARROW, "narrow")):
        page.set_viewport_size(size)
        if size is NARROW:
            page.wait_for_function(_OUTPUT_WIDTH_JS + " <= 720", timeout=20_000)
        result = page.evaluate(_OVERFLOW_JS)
        shot(page, area, f"matrix-largest-{name}")
        assert result["bad"] == [], f"{name}:\n" + "\n".join(result["bad"])


@pytest.mark.browser
def test_a_click_on_a_connection_of_the_stepper_reaches_python(lab_server, browser_page):
    """Forward, Forward, Backward; then a real click on the connection W1[1,2] of the SVG: the selection
    reaches Python (data-plot), its dC/dW entry is outlined in the matrices, the line under the diagram
    says delta2[1] a1[2] with the core's numbers, and the connection's tooltip gives the same gradient."""
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "layers")
    mlp, x, y = stepper_network(SIZES, ACTIVATION, SEED)
    r = column_backprop(mlp, x, y)
    wait_state(area, plot={"step": 0}, what="after Run All")
    for name, step in (("Forward", 1), ("Forward", 2), ("Backward", 3)):
        button(area, name).click()
        wait_state(area, plot={"step": step}, what=name)
    svg = area.locator(".bplab-netview svg")
    lit(area, [f"W1[{j},{k}]" for j in range(2) for k in range(4)])
    click_svg(svg, *NetworkView(list(SIZES), unit_height=MatrixStepperDashboard.UNIT_HEIGHT).edge_pixel("W1[1,2]"))
    wait_state(area, plot={"selected": "W1[1,2]", "marked": 1}, what="after clicking W1[1,2]")
    g, delta, a = r["gW"][1][1, 2], r["delta"][1][1, 0], r["a"][1][2, 0]
    expect(area.locator(".bplab-picked")).to_have_text(
        f"Selected W1[1,2]: from a1[2] to a2[1], weight {fmt(mlp.weights[1][1, 2], 4)}; dC/dW1[1,2] = delta2[1] "
        f"a1[2] = {fmt(delta, 4)} x {fmt(a, 4)} = {fmt(g, 4)} (outlined in the matrices).")
    expect(area.locator('.bplab-matrix td[data-selected="1"]')).to_have_text(fmt(g, 3))
    hit = svg.locator("line.bplab-hit[data-name='W1[1,2]']")
    expect(hit).to_have_attribute("aria-pressed", "true")
    expect(hit.locator("title")).to_contain_text(f"dC/dW1[1,2] = {fmt(g, 4)}")      # hover: the gradient
    shot(page, area, "matrix-3-selected")
