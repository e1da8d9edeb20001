"""Lesson 02 (computational graphs): the graph view, the dashboards, the tables and the exercises.

Driven from Python as a student drives them: move an input slider, press
Backward step / Reset step / All steps, then read node values and gradients,
the edge labels as drawn (the SVG text) and the tables. Every lecture number
is asserted to the digits the lecture prints; gradients are checked against
central differences of plain-float formulas written here, independently of
the engine.
"""
from __future__ import annotations

import itertools
import math
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_lab.dashboards import graphs as G
from backprop_lab.dashboards.graphs import GraphDashboard
from backprop_core import gate_gradients as GG
from backprop_core.gate_gradients import local_gradients
from backprop_lab.graphview import (EDGE_FONT, NODE_FONT, PX, GraphModel, GraphView, best_layout, edge_text,
                                    layout_graph, node_title, text_size)


def sigmoid(z):
    return 1.0 / (1.0 + math.exp(-z))


def central(f, args, i, eps=1e-6):
    up, down = list(args), list(args)
    up[i] += eps
    down[i] -= eps
    return (f(*up) - f(*down)) / (2 * eps)


# --------------------------------------------------------------------------
# Lecture 003: (x + y) z
# --------------------------------------------------------------------------
def test_add_mul_stepper_reveals_one_node_at_a_time():
    d = G.example("(x + y) z")
    try:
        assert d.steps == 5 and d.revealed == 0
        v = d.node_values()
        assert v["q (+)"] == (3.0, None) and v["f (×)"] == (-12.0, None)
        assert d.edge_texts == ["", "", "", ""]
        assert d.status_text.startswith("Forward pass: f = -12.")
        names = d.edge_names()
        assert names == ["x -> q (+)", "y -> q (+)", "q (+) -> f (×)", "z -> f (×)"]
        # step 1: f gets 1 and writes on both of its input edges (the mul gate swaps)
        d.press("Backward step")
        assert d.node_values()["f (×)"] == (-12.0, 1.0)
        texts = dict(zip(names, d.edge_texts))
        assert texts["q (+) -> f (×)"] == "1 × -4\n= -4" and texts["z -> f (×)"] == "1 × 3\n= 3"
        assert texts["x -> q (+)"] == "" and d.node_values()["q (+)"][1] is None
        # the edges written by the current step are drawn bold in the SVG
        assert d.graph.widget.value.count('font-weight="bold"') == 2
        # step 2: z (a leaf): its gradient 3 appears; step 3: q writes -4 x 1 on x and y
        d.press("Backward step")
        assert d.node_values()["z"] == (-4.0, 3.0)
        d.press("Backward step")
        texts = dict(zip(names, d.edge_texts))
        assert texts["x -> q (+)"] == texts["y -> q (+)"] == "-4 × 1\n= -4"
        assert d.status_text == ("Step 3 of 5: q (+) has gradient -4; upstream × local on its inputs: "
                                 "x: -4 × 1 = -4, y: -4 × 1 = -4.")
        for _ in range(5):  # pressing past the end stays at the end
            d.press("Backward step")
        v = d.node_values()
        assert (v["x"][1], v["y"][1], v["z"][1], v["q (+)"][1]) == (-4.0, -4.0, 3.0, -4.0)
        assert d.revealed == 5 and d.status_kind == "ok" and "Backward pass done" in d.status_text
        d.press("Reset step")
        assert d.revealed == 0 and all(g is None for _v, g in d.node_values().values())
        assert "?" in d.table_text and d.edge_texts == ["", "", "", ""]
    finally:
        d.close()


def test_moving_an_input_redraws_values_and_gradients_at_the_current_step():
    d = G.example("(x + y) z", revealed="all")
    try:
        d.set(x=1.0)
        v = d.node_values()
        assert v["q (+)"] == (6.0, -4.0) and v["f (×)"] == (-24.0, 1.0) and v["z"] == (-4.0, 6.0)
        assert dict(zip(d.edge_names(), d.edge_texts))["z -> f (×)"] == "1 × 6\n= 6"
        assert "q (+) | 6     | -4" in d.table_text
        svg = d.graph.widget.value
        assert "q (+) = 6" in svg and "f (×) = -24" in svg and "grad 6" in svg
        assert d.plot_values()["nodes"][2] == "q (+) = 6\ngrad -4"
        d.press("Reset step")
        d.press("Backward step")
        d.set(z=2.0)  # the stepper keeps its place
        assert d.revealed == 1 and dict(zip(d.edge_names(), d.edge_texts))["q (+) -> f (×)"] == "1 × 2\n= 2"
    finally:
        d.close()


# --------------------------------------------------------------------------
# Lecture 003: the sigmoid neuron, primitive gates and one sigmoid gate
# --------------------------------------------------------------------------
LECTURE_003 = {"x0": 0.39, "w0": -0.2, "x1": -0.59, "w1": -0.39, "w2": 0.2}


@pytest.mark.parametrize("name,output", [("sigmoid neuron, primitive gates", "f (1/x)"),
                                         ("sigmoid neuron, one sigmoid gate", "f (σ)")])
def test_sigmoid_neuron_lecture_numbers(name, output):
    d = G.example(name, revealed="all")
    try:
        v = d.node_values()
        assert round(v[output][0], 2) == 0.73
        for k, val in LECTURE_003.items():
            assert round(v[k][1], 2) == val, k
        assert round(v["x0"][1], 1) == 0.4  # the lecture's x0: [0.2] x [2] = 0.4
        # [upstream] x [local] on the edges into the first multiply gate: x0: 0.197 x 2, w0: 0.197 x -1
        texts = dict(zip(d.edge_names(), d.edge_texts))
        assert texts["w0 -> ×"] == "0.197 × -1\n= -0.197" and texts["x0 -> ×"] == "0.197 × 2\n= 0.393"
        # against central differences of the closed form
        f = lambda w0, x0, w1, x1, w2: sigmoid(w0 * x0 + w1 * x1 + w2)  # noqa: E731
        args = [2.0, -1.0, -3.0, -2.0, -3.0]
        for i, k in enumerate(("w0", "x0", "w1", "x1", "w2")):
            assert v[k][1] == pytest.approx(central(f, args, i), rel=1e-8)
    finally:
        d.close()


def test_sigmoid_gate_local_gradient_and_same_numbers_as_primitive():
    prim = G.example("sigmoid neuron, primitive gates", revealed="all")
    gate = G.example("sigmoid neuron, one sigmoid gate", revealed="all")
    try:
        assert prim.steps == 13 and gate.steps == 10
        s = gate.node_values()["f (σ)"][0]
        assert local_gradients(gate._model.root) == [s * (1 - s)]
        assert round(s * (1 - s), 1) == 0.2  # [1.00] x [(1 - 0.73)(0.73)] = 0.2
        for k in LECTURE_003:
            assert gate.node_values()[k][1] == pytest.approx(prim.node_values()[k][1], rel=1e-12)
        # the lecture's primitive gates as drawn: *-1, exp, +1, 1/x (constants folded in)
        assert {"×(-1)", "exp", "+1", "f (1/x)"} <= set(prim._model.titles)
        # moving a weight: still equal
        for d in (prim, gate):
            d.set(w1=1.5, x0=0.5)
        for k in LECTURE_003:
            assert gate.node_values()[k][1] == pytest.approx(prim.node_values()[k][1], rel=1e-12)
    finally:
        prim.close()
        gate.close()


def test_staged_code_equals_value():
    table = G.staged_vs_value_table()
    staged = GG.staged_sigmoid_neuron(2.0, -1.0, -3.0, -2.0, -3.0)
    assert staged == GG.value_sigmoid_neuron(2.0, -1.0, -3.0, -2.0, -3.0)
    assert round(staged["L"], 2) == 0.73 and round(staged["x0"], 1) == 0.4 and round(staged["w0"], 1) == -0.2
    assert round(staged["x1"], 2) == -0.59 and round(staged["w1"], 2) == -0.39 and round(staged["w2"], 1) == 0.2
    text = table.to_text()
    assert "grad_x0  | 0.3932      | 0.3932  | 0          | 0.4" in text


# --------------------------------------------------------------------------
# Lecture 002: the neuron with C = (y~ - y)^2, and the chain f(h(g(m(x))))
# --------------------------------------------------------------------------
def c002(b, w1, w2, w3, x0, x1, x2, y):
    return (sigmoid(b + x0 * w1 + x1 * w2 + x2 * w3) - y) ** 2


def test_neuron_002_every_number():
    d = G.example("lecture 002 neuron")
    try:
        d.press("All steps")
        v = d.node_values()
        assert v["z (+)"][0] == 3.0 and round(v["a (σ)"][0], 4) == 0.9526 and round(v["C (x²)"][0], 6) == 0.002249
        args = [-2.0, -1.0, 0.5, 10.0, 4.0, -2.0, 1.0, 1.0]
        for i, k in enumerate(("b", "w1", "w2", "w3", "x0", "x1", "x2", "y")):
            assert v[k][1] == pytest.approx(central(c002, args, i), rel=1e-6), k
        a = v["a (σ)"][0]
        assert v["a (σ)"][1] == pytest.approx(2 * (a - 1), rel=1e-12)            # C' = 2 (y~ - y)
        assert v["z (+)"][1] == pytest.approx(2 * (a - 1) * a * (1 - a), rel=1e-12)
        assert "C (x²)    | 0.002249 | 1" in d.table_text
        # a slider: w3 down to 5 (z = -2, off the sigmoid's flat top) makes every gradient larger
        before = {k: abs(v[k][1]) for k in ("b", "w1", "w2")}
        d.set(w3=5.0)
        v = d.node_values()
        args[3] = 5.0
        for i, k in enumerate(("b", "w1", "w2", "w3")):
            assert v[k][1] == pytest.approx(central(c002, args, i), rel=1e-6), k
        assert all(abs(v[k][1]) > before[k] for k in before)
    finally:
        d.close()


def test_chain_rule_table_and_nudge():
    t = G.chain_rule_table(1.0)
    rows = {r[0].text: r for r in t.rows}
    assert round(rows["df/dh"][3], 2) == -0.53 and round(rows["df/dg"][3], 2) == -0.53
    assert round(rows["df/dm"][3], 2) == -0.20 and round(rows["df/dx"][3], 2) == 0.20
    assert rows["df/dx"][3] == pytest.approx(central(sigmoid, [1.0], 0), rel=1e-8)
    assert "f = 0.7311" in t.title and round(sigmoid(1.0), 2) == 0.73
    assert "-1 / 1.37^2" in t.to_text()          # the lecture's df/dh = -1/1.37^2 = -.53
    n = G.nudge_table(1.0, 1.1)
    assert n.rows[1][2] == pytest.approx(sigmoid(1.1), rel=1e-12)
    actual, predicted = n.rows[2][2], n.rows[3][2]
    assert actual == pytest.approx(sigmoid(1.1) - sigmoid(1.0), rel=1e-12)
    assert predicted == pytest.approx(0.1 * sigmoid(1.0) * (1 - sigmoid(1.0)), rel=1e-12)
    assert round(predicted, 2) == 0.02 and abs(predicted - actual) < 5e-4
    with pytest.raises(ValueError, match="x0"):
        G.nudge_table(float("nan"), 1.1)


def test_chain_dashboard_partial_products_step_by_step():
    d = G.example("f(h(g(m(x))))")
    try:
        expected = [("f (1/x)", 1.0), ("h (+1)", -0.53), ("g (exp)", -0.53), ("m (−x)", -0.2), ("x", 0.2)]
        for k, (name, val) in enumerate(expected, start=1):
            d.press("Backward step")
            assert round(d.node_values()[name][1], 2) == val
            assert d.status_text.startswith(f"Step {k} of 5: {name} has gradient")
        d.set(x=1.1)
        assert d.node_values()["f (1/x)"][0] == pytest.approx(sigmoid(1.1), rel=1e-12)
    finally:
        d.close()


# --------------------------------------------------------------------------
# Gradient-flow patterns
# --------------------------------------------------------------------------
def test_patterns():
    ds = {k: G.pattern(k) for k in G.PATTERNS}
    try:
        ds["add"].set(x=1.5, y=-2.0, u=3.0)
        assert ds["add"].node_values()["x"][1] == ds["add"].node_values()["y"][1] == 3.0
        ds["mul"].set(x=1.5, y=-2.0, u=3.0)
        v = ds["mul"].node_values()
        assert v["x"][1] == -6.0 and v["y"][1] == 4.5
        ds["copy"].set(x=1.0, u1=0.5, u2=4.0)
        v = ds["copy"].node_values()
        assert v["x"][1] == 4.5
        assert "0.5 + 4" in ds["copy"].table_text
        ds["max"].set(x=-1.0, y=2.0, u=3.0)
        v = ds["max"].node_values()
        assert v["x"][1] == 0.0 and v["y"][1] == 3.0
        ds["max"].set(x=2.5)
        v = ds["max"].node_values()
        assert v["x"][1] == 3.0 and v["y"][1] == 0.0
        for d in ds.values():
            assert d.status_text.startswith(d.note)
    finally:
        for d in ds.values():
            d.close()


# --------------------------------------------------------------------------
# The graph view: model, layout, no overlaps, bad input
# --------------------------------------------------------------------------
def _overlap(a, b, pad=0.5):
    ax, ay, aw, ah = a
    bx, by, bw, bh = b
    return ax + pad < bx + bw and bx + pad < ax + aw and ay + pad < by + bh and by + pad < ay + ah


@pytest.mark.parametrize("build", [G.add_mul, G.sigmoid_neuron_primitive, G.sigmoid_neuron_gate, G.neuron_002,
                                   G.nested_chain, G.big_graph, G.exercise_graph])
def test_layout_has_no_overlapping_boxes_and_edges_sum_to_grads(build):
    model = GraphModel(build())
    assert model.check()
    assert len(model.values) <= 25
    scale, layout = best_layout(model)
    view = GraphView(model, scale, layout)
    nodes, labels = view.boxes()
    for a, b in itertools.combinations(nodes + labels, 2):
        assert not _overlap(a, b), (a, b)
    # fits a 700 px notebook (with the 8 px margin) at full size, or scrolls sideways (25 nodes), never shrunk
    assert view.scale == 1.0 and view.scrolls == (build is G.big_graph)
    assert view.size_px[0] <= 692 or view.scrolls
    # every label's widest possible text fits its box (the layout reserved it)
    view.show(model, len(model.steps))
    svg = view.widget.value
    assert svg.count("<text") == 2 * len(model.values) + len(model.edges)
    # every text as drawn now fits inside its box (measured with the font the layout used)
    node_texts, edge_texts = view.texts()
    for (_x, _y, w, _h), text in zip(nodes, node_texts):
        assert all(text_size(line, NODE_FONT)[0] * PX <= w for line in text.split("\n")), text
    for (_x, _y, w, _h), text in zip(labels, edge_texts):
        assert all(text_size(line, EDGE_FONT)[0] * PX <= w for line in text.split("\n")), text
    assert "nan" not in svg.lower()


def test_big_graph_has_25_nodes():
    model = GraphModel(G.big_graph())
    assert len(model.values) == 25 and model.check()


def test_local_gradients_table_against_central_differences():
    V = bp.Value
    cases = [(lambda a, b: a + b, 2), (lambda a, b: a - b, 2), (lambda a, b: a * b, 2), (lambda a, b: a / b, 2),
             (lambda a: -a, 1), (lambda a: a ** 3, 1), (lambda a: a.exp(), 1), (lambda a: a.log(), 1),
             (lambda a: a.sigmoid(), 1), (lambda a: a.tanh(), 1), (lambda a: a.relu(), 1),
             (lambda a, b: a.max(b), 2)]
    point = [1.3, 0.7]
    for fn, n in cases:
        node = fn(*[V(p) for p in point[:n]])
        plain = lambda *xs, fn=fn: fn(*[V(x) for x in xs]).data  # noqa: E731
        for i, local in enumerate(local_gradients(node)):
            assert local == pytest.approx(central(plain, point[:n], i), rel=1e-7), (node.op, i)


def test_duplicate_input_edges_and_titles():
    a = bp.Value(3.0, "a")
    f = a * a - a
    f.label = "f"
    model = GraphModel(f)
    assert model.check() and f.inputs[0].inputs == (a, a)
    assert [n for _u, _l, n in model.edge_numbers[:2]] == [3.0, 3.0]   # each edge of a * a carries 3
    assert node_title((1 / a)) == "1/x" and node_title(a + 1) == "+1" and node_title(a * -1) == "×(-1)"
    assert node_title(2 - a) == "2−x" and node_title(a ** 2) == "x²"
    assert edge_text(0.19661193, 2.0, 0.39322387) == "0.197 × 2\n= 0.393"


def test_errors_are_clear():
    with pytest.raises(TypeError, match="root must be a backprop_core Value"):
        GraphModel(3.0)
    node = bp.Value(1.0)
    node._op = "sinh"
    node._prev = (bp.Value(0.5),)
    with pytest.raises(ValueError, match="'sinh'"):
        local_gradients(node)
    with pytest.raises(ValueError, match="x must be between -5 and 5"):
        GraphDashboard(G.add_mul, {"x": (9.0, -5.0, 5.0)})
    with pytest.raises(ValueError, match="revealed must be between 0 and 5"):
        GraphDashboard(G.add_mul, G.EXAMPLES["(x + y) z"][1], revealed=9)
    with pytest.raises(ValueError, match="example must be one of"):
        G.example("nope")
    model = GraphModel(G.add_mul())
    view = GraphView(model, *best_layout(model))
    with pytest.raises(ValueError, match="changed shape"):
        view.show(GraphModel(G.nested_chain()), 0)


def test_a_value_that_cannot_be_computed_is_said_in_words():
    d = GraphDashboard(lambda x: 1 / bp.Value(x, "x"), {"x": (1.0, -2.0, 2.0)}, revealed="all")
    try:
        d.set(x=0.0)
        assert d.status_kind == "warn" and "division by zero" in d.status_text
        assert "Traceback" not in d.status_text and "nan" not in d.table_text.lower()
        d.set(x=0.5)
        assert d.status_kind == "ok" and d.node_values()["x"][1] == pytest.approx(-4.0)
    finally:
        d.close()


def test_a_graph_that_changes_shape_is_laid_out_again():
    def build(x):
        x = bp.Value(x, "x")
        return (x * x if x.data > 0 else x.exp() + 1)

    d = GraphDashboard(build, {"x": (1.0, -2.0, 2.0)}, revealed="all")
    try:
        assert d.steps == 2 and d.node_values()["x"][1] == 2.0
        d.set(x=-1.0)
        assert d.status_kind == "info" and d.steps == 3 and d.revealed == 2 and "Step 2 of 3" in d.status_text
        assert d.node_values()["x"] == (-1.0, None)   # 2 of 3 steps shown: x not reached yet
        d.press("All steps")
        assert d.node_values()["x"][1] == pytest.approx(math.exp(-1.0))
        assert "exp = 0.3679" in d.graph.widget.value
    finally:
        d.close()


def test_layouts_are_cached_per_shape():
    m1, m2 = GraphModel(G.add_mul()), GraphModel(G.add_mul(1.0, 2.0, 3.0))
    assert m1.signature == m2.signature and best_layout(m1) is best_layout(m2)
    lay = layout_graph(m1, "TB")
    assert lay.rankdir == "TB" and len(lay.labels) == len(m1.edges)


# --------------------------------------------------------------------------
# Exercises
# --------------------------------------------------------------------------
def test_graph_exercise_checks_each_node_and_names_slips():
    ex = G.graph_exercise()
    answers = G.graph_exercise_answers()
    assert {k: a for k, (a, _m) in answers.items()} == {"r": 2.0, "z": -15.0, "q": 2.0, "y": -6.0, "x": 10.0}
    # the answers agree with central differences of f = (x y + x) z
    f = lambda x, y, z: (x * y + x) * z  # noqa: E731
    for i, k in enumerate("xyz"):
        assert answers[k][0] == pytest.approx(central(f, [-3.0, 4.0, 2.0], i), rel=1e-8)
    fb = ex.check({0: "2", 1: "-15", 2: "2", 3: "-6", 4: "10"})
    assert all(f.correct for f in fb.values())
    fb = ex.check({4: "8", 3: "8", 1: "2", 0: "-30"})
    assert "fork" in fb[4].message                              # forgetting to add at a fork
    assert "swapped" in fb[3].message and "swapped" in fb[1].message   # not swapping at a mul gate
    assert "downstream" in fb[0].message                        # downstream instead of upstream
    fb = ex.check({4: "2", 2: "1", 3: "-30", 0: "-15"})
    assert "fork" in fb[4].message and "local gradient (1) alone" in fb[2].message and "downstream" in fb[3].message
    assert "swapped" in fb[0].message
    # every slip value differs from every answer and from the answer's negative (no ambiguous verdicts)
    for _k, (a, slips) in answers.items():
        for w, _why in slips:
            assert not math.isclose(w, a) and not math.isclose(w, -a)
    # typing in the boxes and pressing Check, as a student does
    ex.fill({0: "2", 4: "8"})
    ex.buttons["Check"].click()
    assert "Correct." in ex.marks[0].value and "fork" in ex.marks[4].value
    assert re.search(r"1 of 5 cells correct", ex.summary.value)


def test_number_exercises():
    s = sigmoid(1.0)
    ex = G.sigmoid_gate_exercise()
    s2 = sigmoid(2.0)                              # x = (1, -1): z = 2 * 1 + (-3)(-1) - 3 = 2
    assert G.GATE_EXERCISE_X == (1.0, -1.0)
    assert ex.answer == pytest.approx(s2 * (1 - s2), rel=1e-12) and round(ex.answer, 4) == 0.1050
    assert ex.check(f"{s2 * (1 - s2):.4f}").correct and not ex.check(f"{s2:.4f}").correct
    assert "s (1 - s)" in ex.check(f"{s2:.4f}").message
    # the lesson shows 0.1966 (the gate at the lecture's input) above the exercise: it must not pass
    assert not ex.check("0.1966").correct and "lecture's input" in ex.check("0.1966").message
    nx = G.nudge_exercise()
    predicted, exact = s - 0.2 * s * (1 - s), sigmoid(0.8)
    assert round(predicted, 4) == 0.6917 and round(exact, 4) == 0.6900
    assert nx.check(f"{predicted:.4f}").correct
    assert nx.check(f"{0.7311 - 0.2 * 0.1966:.5f}").correct          # from the rounded numbers of the question
    fb = nx.check(f"{exact:.4f}")                                       # the exact value is not the prediction
    assert not fb.correct and "exact value" in fb.message
    assert not nx.check(f"{exact:.6f}").correct
    assert "nudge" in nx.check(f"{s + s * (1 - s):.4f}").message
    assert "predicted change" in nx.check(f"{-0.2 * s * (1 - s):.5f}").message
    # the lecture's own nudge (to 1.1) is the table's, not the exercise's
    assert not nx.check(f"{s + 0.1 * s * (1 - s):.4f}").correct


# --------------------------------------------------------------------------
# Lecture 004: linear regression as a computational graph
# --------------------------------------------------------------------------
def c004(x1, x2, w1, w2, b, y):
    return 0.5 * (y - (x1 * w1 + x2 * w2 + b)) ** 2


def test_linear_regression_004_forward_and_gradients():
    # by hand: z = 2 * 0.5 + (-1)(-0.3) + 0.1 = 1.4; C = 1/2 (1 - 1.4)^2 = 0.08; dC/dz = z - y = 0.4
    # dC/dw1 = 0.4 * 2 = 0.8, dC/dw2 = 0.4 * (-1) = -0.4, dC/db = 0.4, dC/dx1 = 0.4 * 0.5 = 0.2, dC/dx2 = -0.12
    C = G.linear_regression_004()
    C.backward()
    leaves = {v.label: v for v in C.topological_order() if not v.inputs and v.label}
    assert C.data == pytest.approx(0.08, abs=1e-15)
    got = {k: leaves[k].grad for k in ("w1", "w2", "b", "x1", "x2", "y")}
    assert got == pytest.approx({"w1": 0.8, "w2": -0.4, "b": 0.4, "x1": 0.2, "x2": -0.12, "y": -0.4}, abs=1e-14)
    hand = GG.linear_regression_gradients()
    assert hand["z"] == pytest.approx(1.4) and hand["dC/dz"] == pytest.approx(0.4)
    assert all(hand[k] == pytest.approx(got[k], rel=1e-12) for k in ("w1", "w2", "b"))
    # central differences of C itself, at the lecture example and at random settings
    rng = np.random.default_rng(4)
    points = [dict(x1=2.0, x2=-1.0, w1=0.5, w2=-0.3, b=0.1, y=1.0)] + [
        dict(zip(("x1", "x2", "w1", "w2", "b", "y"), rng.uniform(-2, 2, 6))) for _ in range(20)]
    h = 1e-6
    for p in points:
        C = G.linear_regression_004(**p)
        C.backward()
        leaves = {v.label: v for v in C.topological_order() if not v.inputs and v.label}
        for k in p:
            up, down = dict(p), dict(p)
            up[k] += h
            down[k] -= h
            numeric = (c004(**up) - c004(**down)) / (2 * h)
            assert leaves[k].grad == pytest.approx(numeric, rel=1e-6, abs=1e-8), (k, p)


def test_linear_regression_004_in_the_graph_view():
    d = G.example("lecture 004 linear regression")
    try:
        assert d.steps == 13
        d.press("All steps")
        v = d.node_values()
        assert v["z (+)"][0] == pytest.approx(1.4) and v["C (×0.5)"][0] == pytest.approx(0.08)
        assert v["z (+)"][1] == pytest.approx(0.4) and v["w1"][1] == pytest.approx(0.8)
        assert v["w2"][1] == pytest.approx(-0.4) and v["b"][1] == pytest.approx(0.4)
        assert "w1 gets 0.8, x2 gets -0.12, w2 gets -0.4, b gets 0.4" in d.status_text
        d.set(w1=1.0)                                   # z = 2 + 0.3 + 0.1 = 2.4: dC/dw1 = 1.4 * 2
        assert d.node_values()["w1"][1] == pytest.approx(2.8)
    finally:
        d.close()


def test_count_gates():
    assert G.count_gates(G.sigmoid_neuron_primitive())[0] == 8
    assert G.count_gates(G.sigmoid_neuron_gate())[0] == 5
    assert G.count_gates(G.add_mul())[0] == 2
    # the sigmoid gate stands for the primitive graph's last four gates
    assert G.count_gates(G.sigmoid_neuron_primitive())[0] - G.count_gates(G.sigmoid_neuron_gate())[0] + 1 == 4


def test_benchmark_scenarios_run():
    for name, factory, actions in G.benchmark_scenarios():
        d = factory()
        try:
            for _label, act in list(actions)[:5]:
                act(d)
            assert d.status_kind in ("info", "ok"), (name, d.status_text)
        finally:
            d.close()
