"""One layer-index notation (issue 18): every table and diagram label the course renders follows it.

The convention (``backprop_core``'s top docstring, :mod:`backprop_core.notation`): ``a0 = x`` is layer 0,
``W_l`` / ``b_l`` (``mlp.weights[l]``, ``mlp.biases[l]``) lead from layer ``l`` to ``l + 1``, so in a network
with ``L`` layers of weights ``a`` has layers 0..L, ``z`` and ``delta`` 1..L, ``W`` and ``b`` 0..L-1, and no
lecture numbering (``W^2``, ``a^(1)``, ``weights[l - 2]``) appears outside a lesson's translation table.
These tests render the tables, exercises, dashboards' text and diagram labels and run
:func:`backprop_core.notation.violations` over them; the first tests show the check catches wrong labels.
"""
from __future__ import annotations

import re

import nbformat
import numpy as np
import pytest

import backprop_core as bp
from backprop_core import notation as N
from backprop_core.notation import violations

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def ok(text, layers):
    found = violations(text, layers)
    assert found == [], "\n".join(found)


# -- the helpers ------------------------------------------------------------------------------------
def test_helpers_build_the_course_labels():
    assert (N.a(0), N.a(1, 0), N.z(1, 0), N.W(0, 0, 1), N.b(0, 1), N.delta(1, 0)) == (
        "a0", "a1[0]", "z1[0]", "W0[0,1]", "b0[1]", "delta1[0]")
    assert (N.W(2), N.z(3), N.a(np.int64(2), np.int64(1))) == ("W2", "z3", "a2[1]")
    assert N.W(0, 1, 2, form="tex") == "W_{0}[1,2]" and N.delta(2, form="tex") == r"\delta_{2}"
    assert N.a(1, 0, form="html") == "a<sub>1</sub>[0]" and N.delta(1, form="html") == "&delta;<sub>1</sub>"


@pytest.mark.parametrize("call, error, words", [
    (lambda: N.z(0), ValueError, "l must be >= 1, got 0"),
    (lambda: N.delta(0, 1), ValueError, "l must be >= 1, got 0"),
    (lambda: N.a(-1), ValueError, "l must be >= 0, got -1"),
    (lambda: N.a(1, -2), ValueError, "j must be >= 0, got -2"),
    (lambda: N.W(0, 1), ValueError, "needs both j and k"),
    (lambda: N.a(1.5), TypeError, "l must be an int, got 1.5"),
    (lambda: N.b(True), TypeError, "l must be an int, got True"),
    (lambda: N.a(1, form="latex"), ValueError, "form must be one of"),
    (lambda: violations("a0", 0), ValueError, "layers must be an int >= 1"),
    (lambda: violations(None, 2), TypeError, "text must be a str"),
])
def test_helpers_reject_bad_input_in_one_sentence(call, error, words):
    with pytest.raises(error, match=re.escape(words)):
        call()


def test_the_check_catches_wrong_labels():
    """The check can fail: each deliberately wrong label is named (and a right one is not)."""
    wrong = {
        "dC/dz0[1]": "z0",                       # z starts at layer 1 (z1 = W0 a0 + b0)
        "delta0[2]": "delta0",
        "W2[0,1]": "W2",                         # only W0, W1 in a network with 2 layers of weights
        "b2[0]": "b2",
        "a3 = phi(z3)": "a3",
        r"\partial C/\partial W_{2}": "W2",
        "&delta;<sub>0</sub>": "delta0",
        "W^2 a^1 + b^2": "superscript",          # lecture 004's numbering
        "a^(1) = x": "superscript",              # lecture 003's
        "W^l is n_l x n_(l-1); in code weights[l - 2]": "shifted code index",
        # off by one inside the range: the layers of symbols written together must fit
        "da1[0]/dz1[0] * dz1[0]/dW1[0,0]": "z is one layer above W",   # the old MLP.factors (a1 = its output)
        "da0[0]/dz1[0]": "a and z of the same layer",
        "dz1[0]/da1[1]": "one layer above the a it reads",
        "z2 = W0 a0 + b0": "z_(l+1) = W_l a_l + b_l",
        "dC/dW1 = delta1 a1^T": "dC/dW_l = delta_(l+1)",
        "delta1 = W1^T delta1 * phi'(z1)": "W_l^T takes delta_(l+1)",   # lesson 08's hidden-delta row today
        "a1 = phi(z2)": "a_l = phi(z_l)",
        "W<sub>0</sub><sup>T</sup> &delta;<sub>2</sub>": "W_l^T takes delta_(l+1)",
    }
    for text, what in wrong.items():
        found = violations(text, 2)
        assert found and what in " ".join(found), text
    for right in ("dC/dW0[0,1] = delta1[0] * a0[1]", "z2 = W1 a1 + b1", r"\delta_{2} = \nabla_a C",
                  "W1^T delta2", "1 - a^2", "sum of W^2", "dE_total/dw5, net_h1, out_o1, b1 (shared)"):
        ok(right, 2)
    assert violations("W0[0,0]", None) == [] and violations("a^(1)", None)   # None: only the old numberings


def test_the_walk_fails_on_a_table_with_a_wrong_label():
    """A table written in lecture 004's numbering (the old shapes table) fails the same walk the course's pass."""
    from backprop_lab.tables import Math, Table

    old = Table(["formula"], [[Math("z^2 = W^2 a^1 + b^2", "z^2 = W^2 a^1 + b^2")], ["dC/dW2 = delta2 a1^T"]])
    found = violations(_table_text(old), 2)
    assert len(found) >= 4 and any("W2 in" in f for f in found)


# -- what the course renders ---------------------------------------------------------------------
def _table_text(table):
    """Everything a :class:`~backprop_lab.tables.Table` shows: the text form and the LaTeX of its formulas."""
    latex = [c.latex for row in table.rows for c in row if hasattr(c, "latex")]
    return "\n".join([table.to_text(), *latex])


NETS = {
    "2-3-3-1 sigmoid": lambda: bp.MLP([2, 3, 3, 1], seed=0),
    "2-2-2 lecture 001": lambda: bp.MLP.from_mazur(bp.MazurNetwork()),
    "2-3-2 softmax": lambda: bp.MLP([2, 3, 2], output_activation="softmax", loss="cross_entropy", seed=1),
    "3-4-4-2-1 tanh": lambda: bp.MLP([3, 4, 4, 2, 1], activation="tanh", seed=2),
}


@pytest.mark.parametrize("name", NETS)
def test_mlp_factor_records_use_the_convention(name):
    mlp = NETS[name]()
    L = len(mlp.weights)
    x = np.linspace(-0.5, 0.5, mlp.sizes[0])
    y = np.eye(mlp.sizes[-1])[0]
    texts = []
    for l in range(L):
        for i in range(mlp.sizes[l + 1]):
            for j in [*range(mlp.sizes[l]), None]:
                rec = mlp.factors(x, y, l, i, j)
                texts += [rec.param, rec.symbol, rec.latex_symbol, rec.formula, rec.latex_formula]
                texts += [t for f in rec.walk() for t in (f.symbol, f.formula, f.latex_symbol, f.latex_formula)]
                texts += [p.symbol for p in rec.paths]
    ok("\n".join(texts), L)
    # the record's own layers: W_l's weight factor is dz_(l+1)/dW_l, its input a_l
    rec = mlp.factors(x, y, L - 1, 0, 0)
    assert rec.factors[-1].symbol == f"dz{L}[0]/dW{L - 1}[0,0]" and rec.factors[-1].formula == f"a{L - 1}[0]"


def test_notation_table_mlp_rows():
    from backprop_lab.course import NOTATION, notation_table

    text = _table_text(notation_table())
    ok(text, None)                                           # no lecture numbering anywhere
    mlp_rows = [r for r in NOTATION if r[3].startswith(("002-004", "004"))]
    assert len(mlp_rows) == 3
    assert mlp_rows[0][2] == "zs[l], mlp.weights[l], mlp.biases[l]" and mlp_rows[1][2] == "activations[l]"
    assert "a_0 = x" in mlp_rows[1][1] and mlp_rows[2][1] == "delta_(l+1) = dC/dz_(l+1)"
    # the rows' claims, on a real network: zs[l] = W_l a_l + b_l, activations[l + 1] = phi(zs[l])
    mlp = bp.MLP([2, 3, 1], seed=0)
    zs, acts = mlp.forward_pass([[0.3, -0.7]])
    np.testing.assert_allclose(zs[1], acts[1] @ mlp.weights[1].T + mlp.biases[1], rtol=1e-14)
    np.testing.assert_allclose(acts[0], [[0.3, -0.7]])


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 2, 1), (3, 5, 5, 2), (1, 1)])
def test_lesson_07_shapes_and_bias_tables(sizes):
    from backprop_lab.dashboards.matrix.tables import bias_column_table, shapes_table

    L = len(sizes) - 1
    ok(_table_text(shapes_table(sizes)), L)
    ok(_table_text(bias_column_table(sizes)), L)
    for l in range(L):
        ok(_table_text(shapes_table(sizes, layer=l)), L)


def test_lesson_07_tables_and_exercises():
    from backprop_lab.dashboards.matrix import tables as T

    two = bp.MLP([2, 3, 1], seed=0)
    X, Y = bp.datasets.truth_table("XOR")
    ok(_table_text(T.per_example_table(two, X, Y)), 2)
    ok(_table_text(T.difference_table(two, X, Y)), 2)
    mazur = T.mazur_matrix_table()
    ok("\n".join(str(r[0]) for r in mazur.rows) + "\n" + mazur.title, 2)   # column 1 is lecture 001's names
    assert _lecture_names_only([r[1] for r in mazur.rows])
    for activation in ("sigmoid", "linear"):
        ok(_table_text(T.xnor_example_table(activation)), 2)
    ex1 = T.shapes_exercise((3, 5, 2), lesson="test")
    ex2 = T.xnor_delta_exercise(lesson="test")
    ok(_exercise_text(ex1), 2)
    ok(_exercise_text(ex2), 2)


def _exercise_text(ex):
    parts = [str(getattr(ex, k, "")) for k in ("prompt", "question", "hint", "solution", "title")]
    for row in getattr(ex, "rows", []):
        parts += [str(row["symbol"]), getattr(row["symbol"], "latex", ""), row.get("hint", "")]
        parts += [m for _, m in row.get("mistakes", [])]
    parts += [m for _, m in getattr(ex, "mistakes", [])]
    text = "\n".join(parts)
    assert len(text) > 100          # the walk read the exercise, not an empty shell
    return text


@pytest.mark.parametrize("sizes", [(3, 4, 2), (2, 3, 3, 1)])
def test_lesson_07_stepper_every_step(sizes):
    from backprop_lab.dashboards.matrix.stepper import MatrixStepperDashboard

    d = MatrixStepperDashboard(sizes=sizes, seed=0)
    L = len(sizes) - 1
    try:
        texts = []
        for _ in range(2 * L + 1):
            texts += [d.table_text, d.status_text, d.matrices.value]
            texts += [d.diagram.summary(), d.diagram.title, d.selection_text()]   # the browser-drawn diagram
            d.press("Forward") if d.values["step"] < L else d.press("Backward")
        texts += [c.description for c in d.controls.values() if hasattr(c, "description")]
        text = "\n".join(texts)
        ok(text, L)
        assert "a0 = x" in text and f"delta{L}" in text and "units 0" in text
    finally:
        d.close()


def test_diagram_and_network_view_labels():
    from backprop_lab.diagram_layout import mlp_layout, mlp_weights
    from backprop_lab.views.network_view import NetworkView

    for sizes in ([2, 3, 1], [3, 4, 4, 2], [2, 8, 8, 8, 1]):
        L = len(sizes) - 1
        layout = mlp_layout(sizes, bias=True)
        names = list(layout.nodes) + [e[0] for e in layout.edges] + [t for *_, t in layout.captions]
        ok("\n".join(names), L)
        mlp = bp.MLP(sizes, seed=0)
        ok("\n".join(mlp_weights(mlp.weights, mlp.biases)), L)
        view = NetworkView(sizes, bias=True)
        try:
            ok("\n".join([view.summary(), *view.node_names, *(e[2] for e in view.edges), *view.edge_texts]), L)
        finally:
            view.close()


def test_lesson_06_translation_table():
    """Lecture 001 -> course -> code, once; both value columns agree, the course column is in the convention."""
    from backprop_lab.dashboards.network.tables import derivative_table, forward_table, translation_table

    t = translation_table()
    ok("\n".join(r[1] for r in t.rows), 2)
    assert all(r[3] == r[4] for r in t.rows)
    names = {r[0]: r[1] for r in t.rows}
    assert names["w1"] == "W0[0,0]" and names["w2"] == "W0[0,1]" and names["w5"] == "W1[0,0]"
    assert names["w8"] == "W1[1,1]" and len([n for n in names if re.fullmatch(r"w\d", n)]) == 8
    # the lesson's own tables keep lecture 001's names and never mix in the course's symbols
    assert _lecture_names_only([forward_table().to_text(), derivative_table(weight="w1").to_text(),
                                derivative_table(weight="b2").to_text()])


def _lecture_names_only(texts):
    """No course-style indexed symbol (``W0[``, ``a1[``, ``delta2[``) in a lecture-named table."""
    return not any(re.search(r"(?<![A-Za-z0-9_])d?(?:W|a|z|b|delta)\d+\[", str(t)) for t in texts)


def test_lesson_00_notation_table_and_lesson_07_translation_table_in_the_notebooks():
    """The notebooks I own: no lecture numbering outside lesson 07's one translation table; lesson 06 has its
    translation table once, lesson 07 exactly one table with lecture 003's a^(1) numbering."""
    found = {}
    for stem in ("00_start_here", "06_the_2_2_2_network", "07_matrix_backprop_and_mlps"):
        nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
        for cell in nb.cells:
            texts = [cell.source]
            for out in cell.get("outputs", []):
                data = out.get("data", {})
                texts += [out.get("text", "")] + [str(v) for k, v in data.items() if k.startswith("text/")]
            bad = violations("\n".join(texts), None)
            if bad:
                found.setdefault(stem, []).append((cell.get("id"), bad))
    # lesson 07's translation table is the one place lecture 003's and 004's numbering appears
    assert [c for c, _ in found.pop("07_matrix_backprop_and_mlps", [])] == ["b7e2c001"]
    assert found == {}, found
    nb06 = nbformat.read(ROOT / "notebooks" / "06_the_2_2_2_network.ipynb", as_version=4)
    assert sum("translation_table()" in c.source for c in nb06.cells if c.cell_type == "code") >= 1


# -- lessons 08 and 09 -------------------------------------------------------------------------------
PLAYGROUND_SETS = {"2 classes": dict(dataset="circle"), "3 classes": dict(dataset="gauss 3"),
                   "regression": dict(problem="regression", dataset="plane")}


@pytest.mark.parametrize("name", PLAYGROUND_SETS)
def test_playground_pass_table_every_stage(name):
    """The slow pass, stage by stage, for 2 and 3 classes (softmax output) and a regression."""
    from backprop_lab.dashboards.playground.model import PlaygroundModel
    from backprop_lab.dashboards.playground.views import PASS_STAGES_DOC, pass_stages, pass_table

    m = PlaygroundModel(hidden=(4, 3), **PLAYGROUND_SETS[name])
    L = len(m.net.weights)
    texts = [_table_text(pass_table(m, 3, stage)) for stage in range(pass_stages(L))]
    for text in texts:
        ok(text, L)
    last = texts[-1]
    out = "softmax" if name == "3 classes" else "sigmoid" if name == "2 classes" else "linear"
    for label in ("a0 = x", "z1 = W0 a0 + b0", "a1 = tanh(z1)", "z3 = W2 a2 + b2", f"a3 = {out}(z3)",
                  "delta2 = (W2^T delta3) * phi'(z2)", "delta1 = (W1^T delta2) * phi'(z1)",
                  "dC/dW0 = delta1 a0^T", "dC/dW2 = delta3 a2^T", r"\delta_{1} = (W_{1}^T \delta_{2})"):
        assert label in last, label
    assert ("delta3 = a3 - y" in last) == (name == "3 classes") and ("delta3 = dC/dz3" in last) != (name == "3 classes")
    ok(PASS_STAGES_DOC.replace("{l-1}", "0").replace("{l+1}", "1").replace("{l}", "0"), None)


@pytest.mark.parametrize("name", ["2 classes", "3 classes"])
def test_playground_connection_table_every_parameter(name):
    """Every weight and bias of a 2-4-3-k network, with an L2 penalty row: the chain rule's symbols and the
    sigma row (dC/da{l+1}[i] summed through z{l+2}) fit the convention."""
    from backprop_lab.dashboards.playground.model import PlaygroundModel
    from backprop_lab.dashboards.playground.views import connection_table, param_name

    m = PlaygroundModel(hidden=(4, 3), reg="L2", reg_rate=0.01, **PLAYGROUND_SETS[name])
    L = len(m.net.weights)
    texts = []
    for l, W in enumerate(m.net.weights):
        for i in range(W.shape[0]):
            texts += [_table_text(connection_table(m, param_name(l, i, j), 2)) for j in range(W.shape[1])]
            texts.append(_table_text(connection_table(m, param_name(l, i), 2)))
    ok("\n".join(texts), L)
    first = _table_text(connection_table(m, "W0[1,0]", 2))
    assert "sum over k of dC/dz2[k] * dz2[k]/da1[1]" in first and r"\partial z_{2}[k]}{\partial a_{1}[1]}" in first
    assert "W_{0}[1,0]" in first and "W^" not in first


@pytest.mark.parametrize("name", ["2 classes", "3 classes"])
def test_playground_network_view_and_text(name):
    """The playground's browser-drawn diagram (names, captions, tooltips, summary) and its words."""
    from backprop_lab.dashboards.playground.dashboard import Playground

    d = Playground(hidden=(4, 3), **PLAYGROUND_SETS[name])
    try:
        v = d.net_view
        L = len(d.model.net.weights)
        texts = [v.summary(), *v.node_names, *(e[2] for e in v.edges), *v.edge_texts, *v.bias_names,
                 *(str(c[2]) for c in v.captions), d.figure_summary(), d.status_text, d.table_text]
        text = "\n".join(texts)
        ok(text, L)
        assert f"a{L}" in text and "W0[0,0]" in text and len(v.captions) == L + 1
    finally:
        d.close()


#: The largest number of layers of weights a network in the notebook has (lesson 08's depth preset: 6 hidden
#: layers; lesson 09's checks: up to 4 hidden layers).
NOTEBOOK_LAYERS = {"08_playground": 7, "09_debugging_backprop": 5}


@pytest.mark.parametrize("stem", NOTEBOOK_LAYERS)
def test_lessons_08_and_09_markdown_and_outputs(stem):
    """Every markdown cell and stored output of lessons 08 and 09: no lecture numbering, no layer out of range,
    no symbols whose layers do not fit together."""
    nb = nbformat.read(ROOT / "notebooks" / f"{stem}.ipynb", as_version=4)
    found, read = {}, 0
    for cell in nb.cells:
        texts = [cell.source]
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            texts += [out.get("text", "")] + [str(v) for k, v in data.items() if k.startswith("text/")]
        text = "\n".join(texts)
        read += len(text)
        bad = violations(text, NOTEBOOK_LAYERS[stem])
        if bad:
            found[cell.get("id")] = bad
    assert found == {}, found
    assert read > 20000


def test_lesson_09_bug_texts_and_the_two_layer_exercise():
    """The bug catalogue, the hunt's hints, the exercise's solution and the checker's words in the convention:
    the two-layer net is W0, b0 (input to hidden) and W1, b1 (hidden to output), delta2 at the output."""
    from backprop_core import bugs as B
    from backprop_lab.code_exercises import _TWO_LAYER_SOLUTION
    from backprop_lab.dashboards.debugging.bug_hunt import HINTS, SOLUTION

    catalogue = "\n".join(f"{b.title}: {b.description} {b.hides}" for b in B.BUGS.values())
    ok(catalogue + "\n" + "\n".join(h for hs in HINTS.values() for h in hs), None)
    assert "a{l+1} instead of its input a{l}" in catalogue and "a^" not in catalogue
    ok(SOLUTION + "\n" + _TWO_LAYER_SOLUTION, 2)
    assert SOLUTION.startswith("def my_backward(W0, b0, W1, b1, X, Y):") and "dW1 = delta2.T @ A1" in SOLUTION
    assert B.STUDENT_PARAMS == ("dW0", "db0", "dW1", "db1")
    r = B.check_backward(lambda W0, b0, W1, b1, X, Y: tuple(-g for g in B.reference_backward(W0, b0, W1, b1, X, Y)))
    ok(r.message, 2)
    assert r.wrong == B.STUDENT_PARAMS and "dW0 is wrong" in r.message
