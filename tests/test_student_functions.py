"""Every place that runs a student's function goes through backprop_core.sandbox.run_student:
lesson 02's "build your own" graph dashboard and gradient_check on a function of Values."""
from __future__ import annotations

import sys

import pytest

import backprop_core as bp
from backprop_lab.dashboards.graphs import GraphDashboard


def good(x=1.0, y=2.0):
    x, y = bp.Value(x, "x"), bp.Value(y, "y")
    return x * y + x


def exits(x=1.0, y=2.0):
    sys.exit("bye")


def loops(x=1.0, y=2.0):
    while True:
        pass


def test_graph_dashboard_with_a_good_build():
    dash = GraphDashboard(good, {"x": (1.0, -3, 3), "y": (2.0, -3, 3)})
    assert dash.status_kind != "error"
    dash.close()


@pytest.mark.parametrize("build, words", [(exits, "sys.exit"), (loops, "0.3 s")])
def test_graph_dashboard_survives_a_build_that_exits_or_loops(build, words, monkeypatch):
    monkeypatch.setattr(GraphDashboard, "timeout", 0.3)
    calls = {"n": 0}

    def sometimes(x=1.0, y=2.0):   # good at first, then the student's slip for x > 2
        calls["n"] += 1
        return build(x, y) if x > 2 else good(x, y)

    dash = GraphDashboard(sometimes, {"x": (1.0, -3, 3), "y": (2.0, -3, 3)})
    dash.set(x=2.5)
    assert dash.status_kind == "error"
    assert words in dash.status_text and ".." not in dash.status_text
    dash.set(x=1.5)   # and it keeps working
    assert dash.status_kind != "error"
    dash.close()


def test_gradient_check_of_a_function_that_exits_is_a_sentence():
    with pytest.raises(ValueError, match="sys.exit"):
        bp.gradient_check(lambda a, b: exits(), [1.0, 2.0])


def test_gradient_check_of_a_good_function():
    check = bp.gradient_check(lambda a, b: a * b + a.tanh(), [0.5, -1.0])
    assert check.passed(1e-7)
