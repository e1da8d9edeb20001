"""Lesson 09's bug dashboard draws the checked network with the browser's SVG view (NetworkView).

Each connection (every weight and bias) shows the gradient check's relative error for that
parameter: colour and width on the heat maps' scale, dashed when it fails (never colour
alone). The numbers sent are compared with :func:`backprop_core.bugs.check_layers` computed here;
a click (a CSS pixel hit-tested as the page does) gives a line with that parameter's backprop
and numerical gradients; the text form counts the failing connections; ``close()`` closes the view.
"""
import numpy as np
import pytest

from backprop_core import bugs as B
from backprop_lab.dashboards.debugging import BugDashboard
from backprop_lab.dashboards.debugging.views import FAIL_DASH, ErrorDiagram, demo_problem, error_style
from backprop_lab.tables import fmt


@pytest.fixture
def d():
    dash = BugDashboard(bug="missing_derivative", point="random", method="central")
    yield dash
    dash.close()


def expected(bug, point="random", method="central"):
    """The check the dashboard should draw, computed from the core alone: ``(check, net)``."""
    net, X, Y = demo_problem()
    m, X, Y = B.special_point(net if bug == "none" else B.inject(net, bug), X, Y, point)
    return B.check_layers(m, X, Y, method=method), m


def test_every_connection_shows_its_parameters_relative_error(d):
    check, net = expected("missing_derivative")
    v = d.diagram.view
    assert v.sizes == [4, 4, 4, 2] and len(v.names) == 16 + 16 + 8 + 4 + 4 + 2   # weights and biases
    bad = 0
    for name in v.names:
        array, idx = ErrorDiagram.parameter(name)
        rel = float(check.rel[array][idx])
        colour, dashed, width = v.style_of(name)
        fails = rel > B.THRESHOLDS["central"]
        bad += fails
        assert dashed == fails, name                                  # failing: dashed, not colour alone
        assert (colour, width) == (error_style(rel, 1e-5)["colour"], error_style(rel, 1e-5)["width"])
        params = net.weights if array[0] == "W" else net.biases
        assert v.weight_of(name) == params[int(array[1:])][idx]        # hover: the checked network's weight
    assert bad == sum(int(np.sum(r > 1e-5)) for r in check.rel.values()) > 0
    assert d.diagram.summary() == f"{bad} of 50 connections fail the check (dashed; threshold 1e-05)."
    assert v.title == d.diagram.summary() and d.plot_values()["failing_connections"] == bad
    # the layers the heat maps fail are the layers with a dashed connection
    layers = {int(n.split("[")[0][1:]) for n in d.diagram.failing()}
    assert sorted(layers) == [l for l, verdict in enumerate(d.plot_values()["layers"]) if verdict == "fail"]


def test_error_style_scale_and_threshold():
    small, big = error_style(1e-12, 1e-5), error_style(10.0, 1e-5)
    assert (small["width"], big["width"]) == (1.5, 6.0) and small["colour"] != big["colour"]
    assert small["dash"] == "none" and big["dash"] == FAIL_DASH and big["note"] == "relative error 10: FAIL"
    assert error_style(1.0, 1e-5)["width"] == pytest.approx(1.5 + 4.5 * 12 / 13, abs=0.01)   # log10 1 = 0 of -12..1
    assert error_style(0.0, 1e-5)["width"] == 1.5                     # an exact gradient: the bottom of the scale
    assert error_style(2e-5, 1e-5)["dash"] == FAIL_DASH and error_style(2e-5, 1e-1)["dash"] == "none"


def test_a_click_says_the_backprop_and_numerical_gradient(d):
    check, _ = expected("missing_derivative")
    assert "Click a connection" in d.diagram.picked.value
    x, y = d.diagram.view.edge_pixel("W0[1,2]")
    name = d.diagram.view.edge_at(x, y)                               # where the browser's click lands
    d.diagram.view.selected = name
    a, n, r = (float(check.analytic["W0"][1, 2]), float(check.numeric["W0"][1, 2]), float(check.rel["W0"][1, 2]))
    assert r > 1e-5
    assert d.diagram.pick_text() == (f"W0[1,2]: backprop {fmt(a, 4)}, numerical {fmt(n, 4)}, "
                                     f"relative error {r:.2g}: FAIL (threshold 1e-05).")
    assert d.plot_values()["selected"] == "W0[1,2]" and "numerical" in d.diagram.picked.value
    # the same connection once the bug is gone: both gradients agree, the line says pass
    d.set(bug="none")
    ok, _ = expected("none")
    assert d.diagram.pick_text().startswith(f"W0[1,2]: backprop {fmt(float(ok.analytic['W0'][1, 2]), 4)}, "
                                            f"numerical {fmt(float(ok.numeric['W0'][1, 2]), 4)}")
    assert d.diagram.pick_text().endswith(": pass (threshold 1e-05).")
    assert d.diagram.summary() == "Every one of the 50 connections passes the check (threshold 1e-05)."


def test_the_check_point_and_method_reach_the_diagram(d):
    d.set(bug="transposed", point="symmetric weights")
    check, net = expected("transposed", "symmetric weights")
    assert check.passed() and d.diagram.failing() == []
    assert d.diagram.view.weight_of("W0[0,1]") == net.weights[0][0, 1] == net.weights[0][1, 0]   # (W + W^T)/2
    d.set(point="random", method="one-sided")
    check, _ = expected("transposed", "random", "one-sided")
    bad = sum(int(np.sum(r > 1e-1)) for r in check.rel.values())
    assert len(d.diagram.failing()) == bad and "threshold 0.1" in d.diagram.summary()


def test_close_releases_the_view(d):
    view, line = d.diagram.view, d.diagram.picked
    assert view.comm is not None
    d.close()
    assert view.comm is None and line.comm is None and view.layout.comm is None
