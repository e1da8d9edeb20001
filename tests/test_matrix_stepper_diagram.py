"""Lesson 07's matrix stepper draws its network with the browser's SVG view (NetworkView).

What the stepper sends the view is checked as numbers: the weights are the
stepper network's, the lit connections are the current step's layer, the units'
values are ``a`` and ``delta`` of :func:`column_backprop` as the steps fill them in, and
the tooltip's gradient appears once the backward pass has reached the layer and equals
central differences. A click on a connection (a CSS pixel, hit-tested as the page does)
outlines that weight's entry in the step's matrices and says it in a line of text;
a new network reshapes the same view; ``close()`` closes it.
"""
import re

import numpy as np
import pytest

from backprop_core.matrix_form import column_backprop
from backprop_lab.dashboards.matrix.stepper import MatrixStepperDashboard
from backprop_lab.tables import fmt


def central(mlp, x, y, l, j, k, eps=1e-6):
    """dC/dW_l[j,k] by central differences."""
    W = mlp.weights[l]
    keep = W[j, k]
    W[j, k] = keep + eps
    up = column_backprop(mlp, x, y)["cost"]       # C = 1/2 |y - a^L|^2 of the forward pass
    W[j, k] = keep - eps
    down = column_backprop(mlp, x, y)["cost"]
    W[j, k] = keep
    return (up - down) / (2 * eps)


def marked_cells(html):
    """The text of every outlined cell of the matrices, in order."""
    return re.findall(r'data-selected="1">([^<]*)</td>', html)


@pytest.fixture
def d():
    dash = MatrixStepperDashboard(sizes=(3, 4, 2), seed=0)
    yield dash
    dash.close()


def test_the_view_gets_the_networks_weights_and_lights_the_steps_layer(d):
    v = d.diagram
    assert v.sizes == [3, 4, 2] and len(v.names) == 4 * 3 + 2 * 4
    for l, W in enumerate(d.mlp.weights):
        for j in range(W.shape[0]):
            for k in range(W.shape[1]):
                assert v.weight_of(f"W{l}[{j},{k}]") == W[j, k]
    assert v.max_weight == pytest.approx(max(np.abs(W).max() for W in d.mlp.weights))
    r = column_backprop(d.mlp, d.x, d.y)
    # the input: a0 written under the inputs, nothing else yet, nothing lit
    assert v.node_values == [fmt(a, 2) for a in r["a"][0][:, 0]] + [""] * 6 and v.highlighted == []
    d.press("Forward")
    assert v.highlighted == [f"W0[{j},{k}]" for j in range(4) for k in range(3)]
    assert v.node_values[3:7] == [fmt(a, 2) for a in r["a"][1][:, 0]] and v.node_values[7:] == ["", ""]
    d.press("Forward")
    d.press("Backward")
    assert v.highlighted == [f"W1[{j},{k}]" for j in range(2) for k in range(4)]
    assert v.node_values[7:] == [f"\u03b4 {fmt(x, 2)}" for x in r["delta"][1][:, 0]]
    assert v.title == "backward: W1 in use, delta2 filled in"


def test_the_tooltip_gradient_appears_when_the_backward_pass_reaches_it_and_is_right(d):
    v = d.diagram

    def note(name):
        return v.edge_styles[[e[2] for e in v.edges].index(name)]["note"]

    assert note("W1[1,2]") == "dC/dW1[1,2]: known at step 3"
    for _ in range(3):
        d.press("Forward") if d.values["step"] < 2 else d.press("Backward")
    assert note("W0[2,1]") == "dC/dW0[2,1]: known at step 4"
    g = float(note("W1[1,2]").split(" = ")[1])
    assert g == pytest.approx(central(d.mlp, d.x, d.y, 1, 1, 2), rel=1e-3)  # 4 digits shown
    d.press("Backward")
    assert float(note("W0[2,1]").split(" = ")[1]) == pytest.approx(central(d.mlp, d.x, d.y, 0, 2, 1), rel=1e-3)
    assert v.style_of("W0[2,1]")[:2] == (("#0072B2", False) if d.mlp.weights[0][2, 1] >= 0 else ("#D55E00", True))


def test_a_click_on_a_connection_marks_its_entry_and_says_it(d):
    r = column_backprop(d.mlp, d.x, d.y)
    px = d.diagram.edge_pixel("W1[1,2]")
    d.click(d.diagram, *px)                                     # where the browser's click lands
    assert d.diagram.selected == "W1[1,2]" and d.plot_values()["selected"] == "W1[1,2]"
    assert "known at step 3" in d.picked.value and d.plot_values()["marked"] == 0   # step 0 shows no W
    d.press("Forward")
    d.press("Forward")                                           # W1 x a1 + b1: W1's entry outlined
    assert marked_cells(d.matrices.value) == [fmt(d.mlp.weights[1][1, 2], 3)]
    d.press("Backward")                                          # dC/dW1 = delta2 a1^T: its entry outlined
    delta, a, g = r["delta"][1][1, 0], r["a"][1][2, 0], r["gW"][1][1, 2]
    assert g == pytest.approx(delta * a, rel=1e-12)
    assert marked_cells(d.matrices.value) == [fmt(g, 3)]
    assert d.selection_text() == (f"Selected W1[1,2]: from a1[2] to a2[1], weight {fmt(d.mlp.weights[1][1, 2], 4)}; "
                                  f"dC/dW1[1,2] = delta2[1] a1[2] = {fmt(delta, 4)} x {fmt(a, 4)} = {fmt(g, 4)} "
                                  "(outlined in the matrices).")
    d.press("Backward")                                          # (W1)^T delta2: the entry at [2, 1] of the transpose
    assert marked_cells(d.matrices.value) == [fmt(d.mlp.weights[1][1, 2], 3)]
    d.click(d.diagram, *d.diagram.node_xy[0])                   # on a unit: nothing changes
    assert d.diagram.selected == "W1[1,2]"


def test_a_new_network_reshapes_the_same_view_and_close_releases_it(d):
    view = d.diagram
    view.selected = "W0[0,0]"
    d.set(n2=2, seed=3)
    assert d.diagram is view and view.sizes == [3, 2, 2] and len(view.edges) == 3 * 2 + 2 * 2
    assert view.selected == "" and "Click a connection" in d.picked.value
    assert view.weight_of("W1[1,1]") == d.mlp.weights[1][1, 1]
    with pytest.raises(ValueError, match="W0\\[3,0\\]"):
        view.selected = "W0[3,0]"                                  # no such weight any more
    assert view.comm is not None
    d.close()
    assert view.comm is None and view.layout.comm is None and d.picked.comm is None
