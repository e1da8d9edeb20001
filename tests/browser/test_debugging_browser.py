"""Notebook 09's bug hunt in a real browser: pick a level, run the check, name the bug, see the verdict.

The expected numbers come from ``backprop_core`` and :func:`mystery` (the
hunt's mysteries are seeded), never from the dashboard itself. Every wait is
on a condition with a timeout; there are no fixed sleeps.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backprop_core import bugs
from backprop_lab.dashboards.debugging.dashboard import demo_problem, mystery
from tests.browser import lab
from backprop_lab.dashboards.debugging.views import FAIL_DASH, ErrorDiagram
from backprop_lab.tables import fmt
from backprop_lab.views import NetworkView
from tests.browser.dash import _exact, canvas_png, open_and_run, read_state, shot, wait_canvas_changed, wait_state
from tests.browser.test_network_view_browser import click_svg

NOTEBOOK = "09_debugging_backprop.ipynb"
SEED = 0  # the notebook's SEED


def hunt_area(page):
    """The output area of the bug-hunt dashboard."""
    areas = (page.locator(lab.WIDGET_OUTPUT)
             .filter(has=page.locator(".bplab-status"))
             .filter(has=page.locator(".widget-dropdown .widget-label", has_text=_exact("level"))))
    expect(areas).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)  # the demo played from Python is not shown
    return areas


def choose(area, label: str, option: str) -> None:
    select = area.locator(".widget-dropdown").filter(
        has=area.page.locator(".widget-label", has_text=_exact(label))).locator("select")
    select.scroll_into_view_if_needed()
    select.select_option(label=option)


def click(area, description: str) -> None:
    b = area.locator("button.widget-button", has_text=_exact(description))
    b.scroll_into_view_if_needed()
    b.click()


@pytest.mark.browser
def test_bug_hunt_pick_level_check_and_name(lab_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_run(page, lab_server, NOTEBOOK)
    area = hunt_area(page)
    wait_state(area, status_prefix="Mystery 1 (one layer", plot={"checks": 0, "solved": False, "round": 0})

    # pick a level: a new mystery at "deep" (round 1 of the seeded hunt)
    choose(area, "level", "deep")
    bug, net, X, Y = mystery("deep", SEED, 1)
    wait_state(area, status_prefix="Mystery 2 (deep, network [3, 3, 3, 2])", plot={"round": 1, "checks": 0})
    before = canvas_png(area)

    # run the check: the status names the failing parameters the core finds
    failing = bugs.check_layers(net, X, Y).failing()
    assert failing, "the mystery's bug must show at a random point with 8 examples"
    click(area, "Run check")
    state = wait_state(area, status_prefix=f"Check 1 (central, 8 examples): fails in {', '.join(failing)};",
                       plot={"checks": 1}, cells=[([k], {4: "FAIL"}) for k in failing],
                       forbidden=("nan", "traceback"))
    assert all(v is not None for v in state["plot"]["map_max"][:3])
    assert state["plot"]["layers"] == ["fail" if f"W{l}" in failing or f"b{l}" in failing else "pass"
                                       for l in range(3)]
    wait_canvas_changed(area, before, "Run check")
    shot(page, area, "debugging-hunt-checked")

    # a wrong guess: instant feedback that names the evidence, not the answer
    wrong = next(b for b in bugs.LEVELS["deep"] if b != bug)
    choose(area, "the bug is", bugs.BUGS[wrong].title)
    click(area, "Name the bug")
    state = wait_state(area, status_prefix=f"Not '{bugs.BUGS[wrong].title}'.", plot={"solved": False})
    assert bugs.BUGS[bug].title not in state["status"]

    # the right one: the verdict and the summary of the hunt
    choose(area, "the bug is", bugs.BUGS[bug].title)
    click(area, "Name the bug")
    wait_state(area, status_prefix=f"Right: {bugs.BUGS[bug].title}.",
               status_contains=(f"1 check, 0 hints, 1 wrong guess ({bugs.BUGS[wrong].title}); solved",),
               plot={"solved": True})
    # the log under the dashboard: the summary and one line per check
    log = area.locator(".widget-html",
                       has_text=re.compile(r"1\. central, 8 examples: fails in " + re.escape(", ".join(failing))))
    expect(log).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    expect(log).to_contain_text("Hunt 2 (deep): 1 check, 0 hints, 1 wrong guess")
    shot(page, area, "debugging-hunt-solved")


@pytest.mark.browser
def test_bug_dashboard_choose_bug_and_point(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = (page.locator(lab.WIDGET_OUTPUT)
            .filter(has=page.locator(".bplab-status"))
            .filter(has=page.locator(".widget-dropdown .widget-label", has_text=_exact("check at"))))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    net, X, Y = demo_problem()
    # the notebook's cells left it at "W not transposed", random point: caught
    wait_state(area, status_prefix="W not transposed:", status_contains=("Caught.",))
    before = canvas_png(area)

    choose(area, "check at", "symmetric weights")
    hidden = bugs.check_layers(*bugs.special_point(bugs.inject(net, "transposed"), X, Y, "symmetric weights"))
    assert hidden.passed()
    wait_state(area, status_contains=("MISSED here",), title=None,
               plot={"map_max": [max(hidden.errors[f"W{l}"], hidden.errors[f"b{l}"]) for l in range(3)]},
               cells=[(["W0"], {4: "pass"})], forbidden=("nan", "traceback"))
    assert read_state(area)["plot"]["layers"] == ["pass", "pass", "pass"]

    choose(area, "check at", "random")
    choose(area, "bug", "sign flipped")
    caught = bugs.check_layers(bugs.inject(net, "sign_flipped"), X, Y)
    wait_state(area, status_prefix="sign flipped:", status_contains=("RISES", "Caught."),
               plot={"map_max": [max(caught.errors[f"W{l}"], caught.errors[f"b{l}"]) for l in range(3)]},
               cells=[([k], {4: "FAIL"}) for k in caught.errors])
    wait_canvas_changed(area, before, "choosing another bug")
    shot(page, area, "debugging-bug-dashboard")


def click_until_selected(area, svg, pixels, name, tries=3):
    """Click connection ``name`` with the real mouse until its selection reaches Python (data-plot). JupyterLab may
    still be laying out the notebook's outputs above the diagram after Run All, so a click computed from one layout
    can land on the next one's empty space; a new click is computed from where the diagram is now."""
    for attempt in range(tries):
        click_svg(svg, *pixels.edge_pixel(name))
        try:
            return wait_state(area, plot={"selected": name}, what=f"after clicking {name}",
                              timeout_ms=10_000 if attempt < tries - 1 else 30_000)
        except AssertionError:
            if attempt == tries - 1:
                raise


@pytest.mark.browser
def test_bug_dashboard_click_a_connection_of_the_diagram(lab_server, browser_page):
    """The bug dashboard's SVG network: every failing connection is dashed; a real click on W1[2,0] reaches
    Python (data-plot) and the line under the diagram gives that weight's backprop and numerical gradients
    as the core computes them; then W0[2,1], which fails."""
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 720})
    open_and_run(page, lab_server, NOTEBOOK)
    area = (page.locator(lab.WIDGET_OUTPUT)
            .filter(has=page.locator(".bplab-status"))
            .filter(has=page.locator(".widget-dropdown .widget-label", has_text=_exact("check at"))))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    net, X, Y = demo_problem()
    check = bugs.check_layers(bugs.inject(net, "transposed"), X, Y)
    failing = sum(int((r > 1e-5).sum()) for r in check.rel.values())
    wait_state(area, status_prefix="W not transposed:", plot={"failing_connections": failing})
    svg = area.locator(".bplab-netview svg")
    expect(svg.locator(f"line.bplab-edge[stroke-dasharray='{FAIL_DASH}']")).to_have_count(failing)
    expect(area.locator(".bplab-netview-title")).to_have_text(
        f"{failing} of 50 connections fail the check (dashed; threshold 1e-05).")
    pixels = NetworkView([4, 4, 4, 2], bias=True, unit_height=ErrorDiagram.UNIT_HEIGHT)   # the dashboard's geometry
    for name, verdict in (("W1[2,0]", "pass"), ("W0[2,1]", "FAIL")):
        array, idx = name[:2], tuple(int(i) for i in name[3:-1].split(","))
        click_until_selected(area, svg, pixels, name)
        a, n, r = (float(check.analytic[array][idx]), float(check.numeric[array][idx]),
                   float(check.rel[array][idx]))
        expect(area.locator(".bplab-picked")).to_have_text(
            f"{name}: backprop {fmt(a, 4)}, numerical {fmt(n, 4)}, relative error {r:.2g}: {verdict} "
            "(threshold 1e-05).")
        dashed = svg.locator(f"line.bplab-edge[data-name='{name}']")
        expect(dashed).to_have_attribute("stroke-dasharray", FAIL_DASH if verdict == "FAIL" else "none")
    shot(page, area, "debugging-diagram-selected")
