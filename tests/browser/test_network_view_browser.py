"""The browser-drawn network diagram (NetworkView) alone, in JupyterLab + headless Chromium.

A small notebook (written into the server's folder by the test) shows lecture
001's 2-2-2 network, a slider that sets w5 and a label the kernel writes the
selection into. In the page: the SVG is drawn from the kernel's numbers (line
width and colour, dashed when negative, text >= 12 px, at most 420 px wide);
moving the slider changes the same <line> element in place; a click on w7, Enter
on the focused w3 and a click on w1's label each reach Python (the label says
so); hovering shows the weight and gradient. Every wait is on a condition.
"""
from __future__ import annotations

import re

import nbformat
import pytest
from playwright.sync_api import expect

from backprop_lab.views import NetworkView
from tests.browser import lab

NOTEBOOK = "bplab_network_view_check.ipynb"
WEIGHTS = {"w1": 0.15, "w2": 0.2, "w3": 0.25, "w4": 0.3, "w5": 0.4, "w6": 0.45, "w7": -0.5, "w8": 0.55,
           "b1": 0.35, "b2": 0.6}
SOURCE = f"""
import ipywidgets as W
from backprop_lab.views import NetworkView

view = NetworkView.lecture_001(max_weight=4.0)
view.set_weights({WEIGHTS!r})
view.set_gradients({{k: round(0.01 * i, 2) for i, k in enumerate(view.names)}})
view.set_edge_texts({{k: f"{{k}} = {{v:g}}" for k, v in {WEIGHTS!r}.items()}})
w5 = W.FloatSlider(value=0.4, min=-4.0, max=4.0, step=0.1, description="w5")
said = W.Label(value="selected none")
w5.observe(lambda change: view.set_weights({{"w5": change["new"]}}), names="value")
view.observe(lambda change: setattr(said, "value", f"selected {{change['new']}}"), names="selected")
W.VBox([w5, said, view])
"""

#: viewBox px -> page px (the SVG scales with its container)
_SCREEN_XY_JS = """(svg, [x, y]) => {
  const p = svg.createSVGPoint(); p.x = x; p.y = y;
  const q = p.matrixTransform(svg.getScreenCTM());
  return [q.x, q.y];
}"""


def click_svg(svg, x, y):
    """Click the SVG ``svg`` (a locator) at viewBox point ``(x, y)`` with the real mouse
    (``NetworkView.edge_pixel`` gives a point only one connection covers)."""
    svg.scroll_into_view_if_needed()
    sx, sy = svg.evaluate(_SCREEN_XY_JS, [x, y])
    svg.page.mouse.click(sx, sy)


def edge(area, name):
    return area.locator(f"svg line.bplab-edge[data-name='{name}']").first


def hit(area, name):
    return area.locator(f"svg line.bplab-hit[data-name='{name}']").first


@pytest.mark.browser
def test_network_view_draws_updates_in_place_and_sends_clicks_back(lab_server, browser_page):
    page = browser_page
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(SOURCE.strip())]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
    nbformat.write(nb, str(lab_server.root_dir / NOTEBOOK))
    lab.open_notebook(page, lab_server, NOTEBOOK)
    lab.run_all(page)
    area = page.locator(lab.WIDGET_OUTPUT).filter(has=page.locator(".bplab-netview"))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    svg = area.locator(".bplab-netview svg")
    said = area.locator(".widget-label", has_text=re.compile(r"^selected "))

    # drawn from the kernel's numbers: 1 + 6 |w| / 4 px, blue solid, orange dashed
    expect(edge(area, "w5")).to_have_attribute("stroke-width", "1.6", timeout=lab.WIDGET_TIMEOUT_MS)
    expect(edge(area, "w5")).to_have_attribute("stroke", "#0072B2")
    expect(edge(area, "w5")).to_have_attribute("stroke-dasharray", "none")
    expect(edge(area, "w7")).to_have_attribute("stroke", "#D55E00")
    expect(edge(area, "w7")).to_have_attribute("stroke-dasharray", "6 4")
    expect(edge(area, "w7")).to_have_attribute("stroke-width", "1.75")
    expect(area.locator("svg line.bplab-edge")).to_have_count(12)  # 8 weights + b1, b2 to two units each
    assert svg.get_attribute("viewBox").startswith("0 0 420 ")
    assert svg.evaluate("s => s.getBoundingClientRect().width") <= 420.5
    sizes = area.locator("svg text").evaluate_all("ts => ts.map(t => parseFloat(getComputedStyle(t).fontSize))")
    assert sizes and min(sizes) >= 12, sizes
    expect(area.locator("svg text.bplab-label[data-name='w5']")).to_have_text("w5 = 0.4")
    # hover: the weight and its gradient (gradients 0.00, 0.01, ... in name order: w7 is 0.06)
    expect(hit(area, "w7").locator("title")).to_have_text("w7 = -0.5, \u2202E/\u2202w7 = 0.06")
    assert hit(area, "w7").get_attribute("tabindex") == "0"

    # the slider moves w5: the same <line> element changes its width (no new SVG)
    edge(area, "w5").evaluate("e => { e.__bplabMark = 1; }")
    handle = area.locator(".widget-hslider .noUi-handle")
    handle.focus()
    page.keyboard.press("ArrowRight")
    expect(edge(area, "w5")).to_have_attribute("stroke-width", "1.75", timeout=lab.WIDGET_TIMEOUT_MS)  # w5 = 0.5
    assert edge(area, "w5").evaluate("e => e.__bplabMark") == 1
    expect(area.locator("svg text.bplab-label[data-name='w5']")).to_have_text("w5 = 0.4")  # texts are the kernel's

    # a click on w7 (at a point only w7 covers) reaches Python
    v = NetworkView.lecture_001()
    click_svg(svg, *v.edge_pixel("w7"))
    expect(said).to_have_text("selected w7", timeout=lab.WIDGET_TIMEOUT_MS)
    expect(hit(area, "w7")).to_have_attribute("aria-pressed", "true")
    # the keyboard: focus w3, Enter
    hit(area, "w3").focus()
    page.keyboard.press("Enter")
    expect(said).to_have_text("selected w3", timeout=lab.WIDGET_TIMEOUT_MS)
    # a click on a weight's label selects it too
    area.locator("svg text.bplab-label[data-name='w1']").click()
    expect(said).to_have_text("selected w1", timeout=lab.WIDGET_TIMEOUT_MS)
    lab.screenshot(page, "network-view")
