"""Lesson 08's Playground in JupyterLab + headless Chromium, used as a student uses it.

Notebook 08 runs (Run All); its first dashboard (``dash``, trained 30 epochs by
the notebook) is then driven with the mouse:

* Play: the epoch counter and the loss move; the page paints the decision map
  and the neurons' maps itself (``putImageData`` on their canvases, counted by
  a wrapper installed before the notebook opens) and its pixels change; a new
  learning rate chosen while it plays is used at once; Pause: they stop (Step
  after Pause adds exactly one epoch, so no tick of the timer was still training);
* the diagram is SVG drawn by the page (a line per weight, a ring per bias); hovering a
  connection writes its weight and gradient (the numbers the kernel sent); a click on a
  connection, and on a unit (its bias), reaches Python: the gradient table follows;
* a click on the decision map (after choosing a colour) adds a training point.

What the dashboard shows is read from its status line and the ``data-plot``
JSON (numbers read back from the artists and views, and pixel positions to
click). Every wait is on a condition; there are no fixed sleeps.
"""
from __future__ import annotations

import re
import time

import pytest
from playwright.sync_api import expect

from tests.browser import lab
from tests.browser.dash import open_and_run, read_state, shot, wait_state
from tests.browser.test_network_view_browser import _SCREEN_XY_JS, click_svg

#: Counts ``putImageData`` calls per canvas (installed before the page's scripts run).
COUNT_PAINTS_JS = """() => {
  if (window.__bplabPaints) return;
  window.__bplabPaints = new Map();
  const orig = CanvasRenderingContext2D.prototype.putImageData;
  CanvasRenderingContext2D.prototype.putImageData = function (...args) {
    window.__bplabPaints.set(this.canvas, (window.__bplabPaints.get(this.canvas) || 0) + 1);
    return orig.apply(this, args);
  };
}"""

#: The decision map's paints so far, the time, and its pixels (as a data URL).
MAP_STATE_JS = """(area) => {
  const c = area.querySelector('canvas.bplab-heat-map');
  const units = [...area.querySelectorAll('canvas.bplab-heat-neuron')];
  return {paints: window.__bplabPaints.get(c) || 0, t: performance.now(), pixels: c.toDataURL(),
          neurons: units.length, neuronPaints: units.map(u => window.__bplabPaints.get(u) || 0)};
}"""

NOTEBOOK = "08_playground.ipynb"
TIMEOUT_MS = lab.WIDGET_TIMEOUT_MS


def playground(page, index=0):
    """The output area of the notebook's ``index``-th Playground (it has a Play widget and a status line)."""
    areas = (page.locator(lab.WIDGET_OUTPUT).filter(has=page.locator(".bplab-status"))
             .filter(has=page.locator(".bplab-play")))
    expect(areas.nth(index)).to_be_visible(timeout=TIMEOUT_MS)
    return areas.nth(index)


def plot(area):
    return read_state(area)["plot"]


def wait_plot(area, condition_js, what):
    """Wait until ``condition_js`` (a JS expression of ``p``, the data-plot JSON) holds."""
    js = """([area, cond]) => {
      const st = area.querySelector('.bplab-status');
      if (!st || !st.dataset.plot) return false;
      const p = JSON.parse(st.dataset.plot);
      return Function('p', 'return (' + cond + ');')(p);
    }"""
    try:
        area.page.wait_for_function(js, arg=[area.element_handle(), condition_js], timeout=TIMEOUT_MS)
    except Exception:
        raise AssertionError(f"{what}: the dashboard shows {read_state(area)}") from None
    return plot(area)


def click_map(area, x, y):
    """Click the decision map (the page's canvas of points over it) at CSS px ``(x, y)`` from its top left."""
    c = area.locator("canvas.bplab-heat-points")
    c.scroll_into_view_if_needed()
    box = c.bounding_box()
    assert box is not None and 0 <= x <= box["width"] and 0 <= y <= box["height"], (x, y, box)
    area.page.mouse.click(box["x"] + x, box["y"] + y)


def play_button(area):
    """The Play / Pause button (``controls.PlayButton``)."""
    return area.locator(".bplab-play").first


def select(area, label, option):
    box = area.locator(".widget-dropdown").filter(has=area.page.locator(".widget-label", has_text=label))
    box.locator("select").select_option(label=option)


def open_tab(area, title):
    area.locator(".lm-TabBar-tab", has_text=re.compile(rf"^\s*{title}\s*$")).click()


@pytest.mark.browser
def test_play_pause_and_learning_rate_while_playing(lab_server, browser_page):
    page = browser_page
    page.add_init_script(f"({COUNT_PAINTS_JS})()")
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    start = wait_state(area, status_prefix="Epoch 30:", what="after Run All")["plot"]
    assert start["epoch"] == 30
    page.wait_for_function("(a) => { const c = a.querySelector('canvas.bplab-heat-map'); "
                           "return c && (window.__bplabPaints.get(c) || 0) > 0; }", arg=area.element_handle(),
                           timeout=TIMEOUT_MS)
    before = area.evaluate(MAP_STATE_JS)
    assert before["neurons"] == sum(start["sizes"])

    play_button(area).click()
    # the page paints what the kernel sends: 5 paints to get going, then the rate over 20 more
    page.wait_for_function(f"(a) => window.__bplabPaints.get(a.querySelector('canvas.bplab-heat-map')) >= "
                           f"{before['paints'] + 5}", arg=area.element_handle(), timeout=TIMEOUT_MS)
    first = area.evaluate(MAP_STATE_JS)
    page.wait_for_function(f"(a) => window.__bplabPaints.get(a.querySelector('canvas.bplab-heat-map')) >= "
                           f"{first['paints'] + 20}", arg=area.element_handle(), timeout=TIMEOUT_MS)
    second = area.evaluate(MAP_STATE_JS)
    fps = (second["paints"] - first["paints"]) / ((second["t"] - first["t"]) / 1000)
    print(f"Playing: the decision map painted {fps:.1f} frames/s in the page")
    assert second["pixels"] != before["pixels"]  # the map shows the training
    assert all(b > a for a, b in zip(first["neuronPaints"], second["neuronPaints"]))  # and every neuron's map
    moving = wait_plot(area, "p.epoch >= 40", "Play moves the epoch counter")
    assert moving["train_loss"] != start["train_loss"] and moving["loss_points"] > start["loss_points"]
    counter = area.locator(".bplab-epoch")
    expect(counter).to_have_text(re.compile(r"^\s*Epoch (?!30\b)\d+\s*$"), timeout=TIMEOUT_MS)

    # a control answers while the timer trains: the new learning rate is used from the next frame
    select(area, "learning rate", "0.3")
    wait_state(area, status_contains=["Playing", "learning rate 0.3."], what="learning rate changed while playing")
    later = wait_plot(area, f"p.epoch >= {moving['epoch'] + 10}", "training goes on at the new learning rate")
    shot(page, area, "playground-playing")

    clicked = time.monotonic()
    play_button(area).click()
    paused = wait_state(area, status_prefix="Epoch ", forbidden=["Playing"], what="Pause")
    pause_ms = 1000 * (time.monotonic() - clicked)
    epoch = paused["plot"]["epoch"]
    assert epoch >= later["epoch"]
    # Step is handled after every tick the browser sent before Pause: exactly one more epoch means none trained
    area.locator("button.widget-button", has_text=re.compile(r"^\s*Step\s*$")).click()
    after = wait_plot(area, f"p.epoch === {epoch + 1}", "Step after Pause")
    assert after["epoch"] == epoch + 1
    print(f"Pause: status answered {pause_ms:.0f} ms after the click")
    assert pause_ms < 2000


@pytest.mark.browser
def test_click_a_connection_and_add_a_point(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    p = wait_state(area, status_prefix="Epoch 30:", what="after Run All")["plot"]
    assert p["selected"] == "W0[1,0]"  # the notebook picked it

    svg = area.locator(".bplab-netview svg")
    sizes = p["sizes"]
    expect(svg.locator("line.bplab-edge")).to_have_count(sum(a * b for a, b in zip(sizes, sizes[1:])))
    expect(svg.locator("circle.bplab-bias")).to_have_count(sum(sizes[1:]))  # a ring on every unit but the inputs
    x, y = p["probe_px"]
    probe = p["probe_edge"]
    # hovering the connection writes its weight and its gradient on the next batch, as the kernel sent them
    svg.scroll_into_view_if_needed()
    page.mouse.move(*svg.evaluate(_SCREEN_XY_JS, [x, y]))
    readout = area.locator(".bplab-netview-hover")
    pattern = re.compile(rf"^{re.escape(probe)} = (\S+), \u2202C/\u2202{re.escape(probe)} = (\S+)$")
    expect(readout).to_have_text(pattern, timeout=TIMEOUT_MS)
    weight, grad = (float(v) for v in pattern.match(readout.text_content()).groups())
    assert weight == pytest.approx(p["probe_weight"], rel=5e-3) and grad == pytest.approx(p["probe_grad"], rel=5e-3)
    assert svg.locator(f"line.bplab-hit[data-name='{probe}'] title").text_content() == readout.text_content()
    # a click on it reaches Python: the selection, and the gradient table follows
    click_svg(svg, x, y)
    wait_plot(area, f"p.selected === '{probe}'", "a click on a connection selects it")
    table_title = area.locator(".bplab-table").first.locator(":scope > div").first
    expect(table_title).to_have_text(re.compile(rf"^Connection {re.escape(probe)}: the chain rule for example 3"),
                                     timeout=TIMEOUT_MS)
    state = wait_state(area, status_prefix="Epoch 30:")
    steps = [r[1] for r in state["rows"]]
    assert "product" in steps and "mean over batch" in steps and "update" in steps
    expect(svg.locator(f"line.bplab-hit[data-name='{probe}']")).to_have_attribute("aria-pressed", "true")
    # a click on a unit selects its bias
    svg.locator("g.bplab-unit-hit[data-bias='b0[1]'] circle.bplab-bias").click()
    wait_plot(area, "p.selected === 'b0[1]'", "a click on a unit selects its bias")
    expect(table_title).to_have_text(re.compile(r"^Connection b0\[1\]: the chain rule for example 3"),
                                     timeout=TIMEOUT_MS)
    shot(page, area, "playground-connection")

    open_tab(area, "Data")
    select(area, "click adds", "blue (class 1 / +1)")
    (x0, y0), (x1, y1) = p["plot_corners_px"]  # CSS px of (-6, -6) and (6, 6) on the decision map
    n = p["n_train"]
    click_map(area, x0 + (x1 - x0) * (2.0 + 6) / 12, y0 + (y1 - y0) * (-3.0 + 6) / 12)
    added = wait_plot(area, f"p.n_added === 1 && p.n_train === {n + 1}", "a click on the plot adds a point")
    assert added["epoch"] == 30
    wait_state(area, status_contains=["1 point(s) added by you."])
    shot(page, area, "playground-point-added")


@pytest.mark.browser
def test_three_classes_train_and_show_a_confusion_matrix_and_reset_draws_new_weights(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    wait_state(area, status_prefix="Epoch 30:", what="after Run All")
    open_tab(area, "Data")
    select(area, "data", "gauss 3")
    p = wait_plot(area, "p.classes === 3 && p.epoch === 0", "choosing a three-class data set")
    assert p["sizes"][-1] == 3
    step = area.locator("button.widget-button", has_text=re.compile(r"^\s*Step\s*$"))
    for k in range(1, 6):
        step.click()
        wait_plot(area, f"p.epoch === {k}", f"Step {k}")
    state = wait_state(area, status_contains=["test accuracy"], what="accuracy after 5 epochs")
    accuracy = int(re.search(r"test accuracy (\d+)%", state["status"]).group(1))
    assert accuracy > 60, state["status"]
    table = area.locator("table.bplab-confusion")
    expect(table).to_be_visible(timeout=TIMEOUT_MS)
    expect(table.locator("tbody tr")).to_have_count(3, timeout=TIMEOUT_MS)
    expect(table.locator("thead th")).to_have_count(4)
    counts = [int(t) for t in table.locator("tbody td").all_inner_texts()]
    assert sum(counts) == 150  # the test set: 30% of 500 points
    expect(area.locator(".bplab-heat-legend span")).to_have_count(3)
    shot(page, area, "playground-three-classes")

    open_tab(area, "Net")
    before = plot(area)
    area.locator("button.widget-button", has_text=re.compile(r"^\s*Reset\s*$")).click()
    after = wait_plot(area, f"p.epoch === 0 && p.init_seed === {before['init_seed'] + 1}", "Reset")
    assert after["w0"] != before["w0"]
    seed_box = area.locator(".widget-text").filter(has=page.locator(".widget-label", has_text="init seed"))
    expect(seed_box.locator("input")).to_have_value(str(before["init_seed"] + 1), timeout=TIMEOUT_MS)
