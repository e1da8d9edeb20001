"""Lesson 02's computational-graph dashboards used as a student uses them, in JupyterLab + headless Chromium.

* An input slider moves the node values: lecture 002's neuron, ``w3`` one key
  press to the left; every node's value and gradient, as written in the SVG
  the student sees, becomes what ``backprop_core.Value`` computes for the new
  weight.
* The backward stepper: Reset step, then Backward step five times; after each
  press exactly the edges of the steps done so far carry their
  ``upstream x local = downstream`` label (read from the SVG text), the newest
  in bold, in the order of the backward pass; the status line names the node.
* Fit: at 1280 x 720 with the file browser open (~850 px notebook) and closed,
  and in a ~700 px notebook, no widget output of the lesson sticks out of its
  output area or scrolls sideways.

Expected texts are computed here from ``backprop_core`` with
``backprop_lab.graphview``'s formatting. Every wait is on a condition with a
timeout; no sleeps.
"""
from __future__ import annotations

import json

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from backprop_lab.dashboards import graphs as G
from backprop_lab.graphview import GraphModel, edge_text
from backprop_lab.tables import fmt
from tests.browser import lab
from tests.browser.dash import FIT_JS, button, dashboard, grid_readout, open_and_run, press_key, shot, wait_state

NOTEBOOK = "02_chain_rule_and_graphs.ipynb"

READ_SVG_JS = """(area) => {
  const svg = area.querySelector('svg.bplab-graph-svg');
  if (!svg) return null;
  const nodes = [...svg.querySelectorAll('g.bplab-node')].map(g => [...g.querySelectorAll('text')]
      .map(t => t.textContent).join('\\n'));
  const edges = {};
  const bold = [];
  for (const t of svg.querySelectorAll('text.bplab-edge-label')) {
    edges[t.dataset.edge] = [...t.querySelectorAll('tspan')].map(s => s.textContent).join('\\n');
    if (t.getAttribute('font-weight') === 'bold') bold.push(+t.dataset.edge);
  }
  return {nodes, edges, bold};
}"""

MATCHES_JS = """([area, want]) => {
  const got = (%s)(area);
  return got !== null && JSON.stringify(got) === JSON.stringify(want);
}""" % READ_SVG_JS


def expected_svg(model, revealed):
    """What the SVG must show with ``revealed`` backward steps done (same shape as READ_SVG_JS returns)."""
    done = {s.node for s in model.steps[:revealed]}
    nodes = [f"{t} = {fmt(v.data, 4)}\n" + (f"grad {fmt(v.grad, 4)}" if i in done else "grad ?")
             for i, (t, v) in enumerate(zip(model.titles, model.values))]
    edges, bold = {}, []
    for k, step in enumerate(model.steps[:revealed], start=1):
        for e, u, l, d in step.edges:
            edges[str(e)] = edge_text(u, l, d)
            if k == revealed:
                bold.append(e)
    return {"nodes": nodes, "edges": dict(sorted(edges.items(), key=lambda kv: int(kv[0]))), "bold": sorted(bold)}


def wait_svg(area, want, what, timeout_ms=lab.WIDGET_TIMEOUT_MS):
    try:
        area.page.wait_for_function(MATCHES_JS, arg=[area.element_handle(), want], timeout=timeout_ms)
    except PlaywrightTimeoutError:
        got = area.evaluate(READ_SVG_JS)
        raise AssertionError(f"{what}: the graph shows {json.dumps(got, ensure_ascii=False)[:1500]}\n"
                             f"expected {json.dumps(want, ensure_ascii=False)[:1500]}") from None


@pytest.mark.browser
def test_slider_moves_node_values_and_stepper_writes_edge_labels_in_order(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = dashboard(page, "w3")   # lecture 002's neuron (w3 is its own slider)
    # after Run All the notebook pressed All steps: the lecture's numbers, every gradient shown
    lecture = GraphModel(G.neuron_002())
    wait_svg(area, expected_svg(lecture, len(lecture.steps)) | {"bold": []}, "after Run All")
    wait_state(area, status_contains=["Backward pass done"], what="status after Run All")
    shot(page, area, "graphs-0-run-all")

    # 1. an input slider: every node value and gradient follows
    w3 = press_key(area, "w3", "ArrowLeft", expected_readout=grid_readout(9.9, 2))
    assert w3 == pytest.approx(9.9)
    moved = GraphModel(G.neuron_002(w3=9.9))
    want = expected_svg(moved, len(moved.steps)) | {"bold": []}
    assert want["nodes"] != expected_svg(lecture, len(lecture.steps))["nodes"]
    wait_svg(area, want, "after ArrowLeft on w3")
    wait_state(area, cells=[(["C (x²)"], {1: fmt(moved.root.data, 4), 2: "1"})], what="table after w3")
    shot(page, area, "graphs-1-w3")

    # 2. the stepper: Reset, then one node at a time, the edge labels appear in the backward order
    button(area, "Reset step").click()
    wait_svg(area, expected_svg(moved, 0), "after Reset step")
    wait_state(area, status_prefix="Forward pass: C = ", what="status after Reset step")
    seen = []
    for k in range(1, 6):
        button(area, "Backward step").click()
        want = expected_svg(moved, k)
        wait_svg(area, want, f"after Backward step {k}")
        step = moved.steps[k - 1]
        wait_state(area, status_prefix=f"Step {k} of {len(moved.steps)}: {moved.titles[step.node]} has gradient",
                   plot={"revealed": k}, what=f"status after Backward step {k}")
        new = [e for e, *_ in step.edges]
        assert set(want["edges"]) == {str(e) for e in seen + new}   # earlier labels stay, new ones add
        seen += new
        shot(page, area, f"graphs-2-step-{k}")
    assert len(seen) >= 4   # five steps wrote labels on several edges, in the backward pass's order




@pytest.mark.browser
def test_graph_dashboards_fit_1280x720(lab_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_run(page, lab_server, NOTEBOOK)
    dashboard(page, "w3")  # widgets are up
    areas = page.locator(lab.WIDGET_OUTPUT).filter(has=page.locator(".bplab-status, .widget-button"))
    count = areas.count()
    assert count >= 12, count   # 9 graph dashboards and 3 exercises
    for setting in ("browser open", "browser closed", "700 px notebook"):
        if setting == "browser closed":
            page.locator(lab.SIDEBAR_OPEN_TAB).click()
            expect(page.locator(lab.SIDEBAR_OPEN_TAB)).to_have_count(0)
        if setting == "700 px notebook":
            page.set_viewport_size({"width": 880, "height": 720})
        for i in range(count):
            area = areas.nth(i)
            area.scroll_into_view_if_needed()
            if setting == "700 px notebook" and i == 0:
                width = area.evaluate("a => a.getBoundingClientRect().width")
                assert 690 <= width <= 720, width
            fit = area.evaluate(FIT_JS)
            assert fit["worst"] <= 1 and fit["scroll"] <= 1, (i, setting, fit)
        shot(page, dashboard(page, "w3"), f"graphs-fit-{setting.replace(' ', '-')}")
