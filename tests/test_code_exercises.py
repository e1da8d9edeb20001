"""Graded code exercises: backprop_core.code_checks (the maths) and backprop_lab.code_exercises (the widget).

For every exercise: the reference agrees with central differences and with the lecture's numbers;
the solution shown to students passes; the committed template says "not written yet"; every
mistake of the catalogue is named as itself, with its own hint; code that raises, exits, loops,
returns the wrong form or NaN gets one clean sentence and the process carries on.
"""
import json
import linecache
import math
import os
import pathlib

import nbformat
import numpy as np
import pytest

import backprop_core as bp
from backprop_core import code_checks as cc
from backprop_core.bugs import reference_backward
from backprop_lab import code_exercises as CE
from backprop_lab.exercise_widgets import clean_sentence

NOTEBOOKS = pathlib.Path(__file__).resolve().parents[1] / "notebooks"
NAMES = list(cc.CHECKS)
MISTAKES = [(n, m.name) for n in NAMES for m in cc.CHECKS[n].mistakes]


def _clean(message):
    return message == clean_sentence(message) and ".." not in message and ": ." not in message


def _defined(source, name):
    ns = {"np": np}
    exec(compile(source, f"<{name}>", "exec"), ns)
    return ns[name]


def _run_cell(source, ns, name="<ipython-input-7>"):
    """Define ``source`` as IPython does, keeping its text in ``linecache`` (so ``inspect.getsource`` finds it)."""
    linecache.cache[name] = (len(source), None, source.splitlines(True), name)
    exec(compile(source, name, "exec"), ns)


def _central(f, x, eps=1e-6):
    return (f(x + eps) - f(x - eps)) / (2 * eps)


# ------------------------------------------------------------------ the reference is right
def test_value_reference_matches_lecture_003_and_value_backward():
    spec = cc.CHECKS["value_rules"]
    lecture = next(c for c in spec.cases() if c.label.startswith("lecture 003"))
    out = spec.run(spec.reference, lecture.args)
    # f = (x + y) z at x = -2, y = 5, z = -4: df/dx = df/dy = z = -4, df/dz = x + y = 3
    assert {k: float(v) for k, v in out.items()} == {"x.grad": -4.0, "y.grad": -4.0, "z.grad": 3.0, "q.grad": -4.0}
    for case in spec.cases():
        build, upstream = case.args
        root = build()
        root.backward()
        want = {f"{v.label}.grad": upstream * v.grad for v in root.topological_order()[:-1] if v.label}
        got = spec.run(spec.reference, case.args)
        assert got.keys() == want.keys()
        assert all(math.isclose(float(got[k]), want[k], rel_tol=1e-12) for k in want), case.label


def test_value_reference_against_central_differences_on_the_fork_graph():
    spec = cc.CHECKS["value_rules"]
    got = spec.run(spec.reference, next(c for c in spec.cases() if "fork" in c.label or "two gates" in c.label).args)
    f = lambda x, y, z: (x * y + x) * z  # noqa: E731  the lesson's exercise graph
    assert math.isclose(float(got["x.grad"]), _central(lambda t: f(t, 4.0, 2.0), -3.0), rel_tol=1e-8)  # 2 (y + 1) = 10
    assert math.isclose(float(got["x.grad"]), 10.0, rel_tol=1e-12)
    assert math.isclose(float(got["y.grad"]), _central(lambda t: f(-3.0, t, 2.0), 4.0), rel_tol=1e-8)


def test_chain_reference_against_central_differences_and_lecture_000():
    spec = cc.CHECKS["chain_dout_dw0"]
    first = spec.cases()[0]
    s0, w1, w2, x1, s1, x2, s2 = first.args
    assert (round(x1, 4), round(s1, 3), round(s2, 4), round(w2 * s2, 4)) == (4.0, 0.982, 0.7275, 0.3638)
    for case in spec.cases():
        s0, w1, w2, x1, s1, x2, s2 = case.args
        w0 = x1 / s0
        numeric = _central(lambda w, w1=w1, w2=w2, s0=s0: bp.ChainNetwork(w, w1, w2).forward(s0).out, w0)
        assert math.isclose(spec.reference(*case.args), numeric, rel_tol=1e-6, abs_tol=1e-10), case.label


def test_mazur_reference_matches_lecture_001():
    spec = cc.CHECKS["mazur_backward"]
    g = spec.reference(*spec.cases()[0].args)
    assert f"{g['w5']:.9f}" == "0.082167041"   # lecture 001: dE_total/dw5
    assert f"{g['w1']:.9f}" == "0.000438568"   # lecture 001: dE_total/dw1
    for case in spec.cases():
        i1, i2, t1, t2, w, f = case.args
        got = spec.reference(*case.args)
        for k in ("w1", "w4", "w6", "w8"):
            numeric = _central(lambda v, w=w, k=k, i1=i1, i2=i2, t1=t1, t2=t2:
                               bp.MazurNetwork({**w, k: v}).total_error((i1, i2), (t1, t2)), w[k])
            assert math.isclose(got[k], numeric, rel_tol=1e-6, abs_tol=1e-11), (case.label, k)


def test_layer_reference_matches_lecture_001_and_central_differences():
    spec = cc.CHECKS["layer_backward"]
    dW, db, delta_prev = spec.reference(*spec.cases()[0].args)
    assert [f"{v:.9f}" for v in dW.ravel()] == ["0.082167041", "0.082667628", "-0.022602540", "-0.022740242"]
    b = bp.MazurNetwork().backward((0.05, 0.10), (0.01, 0.99))
    assert np.allclose(delta_prev, [[b.delta_h1, b.delta_h2]], rtol=1e-12)
    # a random batch: C = mean_i c(z_i), z_i = W a_i + b, with c linear in z so that dC_i/dz_i = delta_i
    delta, A, W, dphi = spec.cases()[2].args
    m = delta.shape[0]
    C = lambda Wv: float(np.sum(delta * (A @ Wv.T)) / m)  # noqa: E731
    Wp = W.copy()
    Wp[1, 2] += 1e-6
    Wm = W.copy()
    Wm[1, 2] -= 1e-6
    dW, db, _ = spec.reference(delta, A, W, dphi)
    assert math.isclose(dW[1, 2], (C(Wp) - C(Wm)) / 2e-6, rel_tol=1e-6)
    assert np.allclose(db, delta.mean(axis=0))


# ------------------------------------------------------------------ the check
@pytest.mark.parametrize("name", NAMES)
def test_solution_passes_and_template_is_not_written_yet(name):
    spec = cc.CHECKS[name]
    solved = cc.check(name, _defined(spec.solution, spec.function))
    assert solved.passed and solved.problem == "passed" and _clean(solved.message)
    assert repr(solved) == solved.message and "lecture" in solved.message
    template = cc.check(name, _defined(spec.template, spec.function))
    assert (template.passed, template.problem, template.message) == (False, "blanks", cc.NOT_WRITTEN)
    assert not template.attempt and _clean(cc.NOT_WRITTEN)


@pytest.mark.parametrize("name, mistake", MISTAKES)
def test_every_mistake_is_named_with_its_own_hint(name, mistake):
    spec = cc.CHECKS[name]
    m = next(m for m in spec.mistakes if m.name == mistake)
    report = cc.check(name, m.fn)
    assert not report.passed and report.problem == "wrong"
    assert report.mistake == mistake, report.message
    assert m.title in report.message and cc.sentence(m.hint) in report.message and _clean(report.message)
    ex = CE._from_spec(name)
    ex.check(m.fn)
    assert m.hint in ex.hint()


@pytest.mark.parametrize("name", NAMES)
def test_mistake_hints_differ_within_an_exercise(name):
    spec = cc.CHECKS[name]
    assert len({m.hint for m in spec.mistakes}) == len(spec.mistakes)
    assert len({m.title for m in spec.mistakes}) == len(spec.mistakes)


def test_a_wrong_answer_matching_no_mistake_gets_the_numbers():
    report = cc.check("chain_dout_dw0", lambda s0, w1, w2, x1, s1, x2, s2: 0.5)
    assert report.problem == "wrong" and report.mistake == ""
    assert "your dout/dw0 is 0.5 but should be" in report.message and _clean(report.message)


def test_overwrite_in_value_rules_is_found_only_where_a_node_forks():
    m = next(m for m in cc.CHECKS["value_rules"].mistakes if m.name == "overwrite")
    report = cc.check("value_rules", m.fn)
    assert "two gates" in report.case or "used twice" in report.case


@pytest.mark.parametrize("body, problem, words", [
    ("raise ValueError('oops')", "raised", "Your function raised ValueError"),
    ("return 1 / 0", "raised", "ZeroDivisionError"),
    ("import sys; sys.exit()", "raised", "sys.exit()"),
    ("while True: pass", "timeout", "did not return within 0.3 s"),
    ("return float('nan')", "not finite", "contains NaN or inf"),
    ("return math.inf", "not finite", "contains NaN or inf"),
    ("return 'one'", "returned", "dout/dw0 must be a number, got str"),
    ("return [1.0, 2.0]", "returned", "dout/dw0 must be a number, got list"),
])
def test_code_that_raises_exits_or_loops_gets_a_sentence(body, problem, words):
    ns = {"math": math}
    exec(f"def dout_dw0(s0, w1, w2, x1, s1, x2, s2):\n    {body}\n", ns)
    report = cc.check("chain_dout_dw0", ns["dout_dw0"], timeout=0.3)
    assert report.problem == problem and words in report.message, report.message
    assert _clean(report.message) and "Traceback" not in report.message
    assert report.attempt
    assert cc.check("chain_dout_dw0", cc.CHECKS["chain_dout_dw0"].reference).passed   # and we carry on


def test_a_loop_in_a_backward_step_is_stopped():
    def backward_step(node):
        while True:
            node.grad += 0.0

    report = cc.check("value_rules", backward_step, timeout=0.2)
    assert report.problem == "timeout" and _clean(report.message)


def test_shapes_are_named_with_the_transposed_hint():
    def layer_backward(delta, A_prev, W, dphi_prev):   # right for a square W, transposed dW otherwise
        m = delta.shape[0]
        dW = delta.T @ A_prev / m
        return (dW if W.shape[0] == W.shape[1] else dW.T), delta.mean(axis=0), (delta @ W) * dphi_prev

    report = cc.check("layer_backward", layer_backward)
    assert report.problem == "returned" and "transposed" in report.message and _clean(report.message)

    def not_fitting(delta, A_prev, W, dphi_prev):   # W.T on a non-square layer: numpy refuses the product
        m = delta.shape[0]
        return delta.T @ A_prev / m, delta.mean(axis=0), (delta @ W.T) * dphi_prev

    report = cc.check("layer_backward", not_fitting)
    assert report.problem in ("wrong", "raised")
    assert report.mistake == "transposed" or "transpose" in report.message
    three = cc.check("layer_backward", lambda *a: (1, 2))
    assert three.problem == "returned" and "three arrays" in three.message and _clean(three.message)


def test_mazur_dict_form_is_checked():
    report = cc.check("mazur_backward", lambda i1, i2, t1, t2, w, f: {"w1": 0.0})
    assert report.problem == "returned" and "'w2'" in report.message and _clean(report.message)
    report = cc.check("mazur_backward", lambda i1, i2, t1, t2, w, f: [0.0] * 8)
    assert report.problem == "returned" and "dict" in report.message


def test_not_a_function():
    report = cc.check("value_rules", 3)
    assert report.problem == "missing" and "backward_step" in report.message and _clean(report.message)
    with pytest.raises(ValueError, match="name must be one of"):
        cc.check("nope", lambda: 0)


def test_run_backward_on_the_lesson_graph_matches_value():
    from backprop_lab.dashboards.graphs import exercise_graph

    table = CE.on_graph(cc.CHECKS["value_rules"].reference, exercise_graph())
    text = table.to_text()
    assert "df/dx" in text and "10" in text
    stuck = CE.on_graph(_defined(cc.CHECKS["value_rules"].template, "backward_step"), exercise_graph())
    assert stuck.message == cc.NOT_WRITTEN


# ------------------------------------------------------------------ the widget and progress
@pytest.fixture
def progress_file(tmp_path, monkeypatch):
    path = tmp_path / "progress.json"
    monkeypatch.setenv("BACKPROP_LAB_PROGRESS", str(path))
    return path


def test_widget_opens_the_solution_only_after_an_attempt_and_records_progress(progress_file):
    spec = cc.CHECKS["chain_dout_dw0"]
    ns = {}
    ex = CE.CodeExercise(spec.title, spec.function, lambda fn: cc.check("chain_dout_dw0", fn), spec.hints,
                         {}, spec.solution, lesson="03_chain_network_forward_and_derivatives", lookup=ns.get)
    assert not ex.solution_open and ex.show_solution() == ""
    ex.buttons["Check"].click()                       # no function defined yet
    assert "There is no function dout_dw0 yet" in ex.feedback.value and not ex.solution_open
    exec(spec.template, ns)
    ex.buttons["Check"].click()                       # the template: not an attempt
    assert "Not written yet" in ex.feedback.value and not ex.solution_open
    if progress_file.exists():
        for lesson in json.loads(progress_file.read_text())["lessons"].values():
            assert all(not e["solved"] and e["answer"] is None for e in lesson.values())
    exec("def dout_dw0(s0, w1, w2, x1, s1, x2, s2):\n    return -w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0\n", ns)
    ex.buttons["Check"].click()
    assert "wrong sign" in ex.feedback.value and ex.solution_open
    ex.buttons["Show solution"].click()
    assert "s1 * (1 - s1) * s0" in ex.solution_box.value
    _run_cell(spec.solution, ns)
    report = ex.check()
    assert report.passed and "Passed" in ex.feedback.value
    (entry,) = json.loads(progress_file.read_text())["lessons"]["03_chain_network_forward_and_derivatives"].values()
    assert entry["solved"] is True and "def dout_dw0" in entry["answer"]
    again = CE.CodeExercise(spec.title, spec.function, lambda fn: cc.check("chain_dout_dw0", fn),
                            lesson="03_chain_network_forward_and_derivatives", lookup=ns.get)
    assert again.solution_open and "Solved earlier" in again.feedback.value


def test_hint_button_cycles_general_hints_then_names_the_mistake():
    ex = CE.value_rules()
    first, second = ex.hint(), ex.hint()
    assert first != second and all(_clean(t) for t in (first, second))
    no_swap = next(m for m in cc.CHECKS["value_rules"].mistakes if m.name == "no_swap")
    ex.check(no_swap.fn)
    assert "OTHER input" in ex.hint()


def test_lesson_09_backward_fits_the_widget():
    ex = CE.two_layer_backward(timeout=2.0)
    blank = ex.check(lambda W0, b0, W1, b1, X, Y: ...)
    assert blank.problem == "blanks" and not ex.solution_open
    assert ex.check(reference_backward).passed and ex.solution_open
    assert ex.check(_defined(CE._TWO_LAYER_SOLUTION, "my_backward")).passed


# ------------------------------------------------------------------ the notebooks
def _cells(lesson):
    (path,) = NOTEBOOKS.glob(f"{lesson}_*.ipynb")
    return nbformat.read(path, as_version=4).cells


def _text(cell):
    parts = []
    for out in cell.get("outputs", []):
        parts.append(out.get("text", "") if out.get("output_type") == "stream" else
                     out.get("data", {}).get("text/plain", "") + out.get("data", {}).get("text/html", ""))
    return "".join(parts)


@pytest.mark.parametrize("lesson, call, key", [(lesson, call, fn.__name__) for lesson, call, fn in CE.CODE_EXERCISES])
def test_notebooks_hold_the_template_and_an_honest_stored_output(lesson, call, key):
    spec = cc.CHECKS[key]
    cells = _cells(lesson)
    (i,) = [i for i, c in enumerate(cells) if c.cell_type == "code" and call in c.source]
    # the template (not the solution) in the exercise's cell or the next; the check in that cell or the next
    (t,) = [j for j in (i, i + 1) if spec.template.strip() in cells[j].source]
    (k,) = [j for j in (t, t + 1) if f"code_ex.check({spec.function})" in cells[j].source]
    shown = [o.get("data", {}).get("text/plain") for o in cells[k].outputs if o.get("output_type") == "execute_result"]
    assert shown == [cc.NOT_WRITTEN]
    answer_lines = [ln.split("#")[0].strip() for ln in spec.solution.splitlines()[1:]]
    answer_lines = [ln for ln in answer_lines if ln and ln not in spec.template]
    assert answer_lines
    for c in cells:
        if c.cell_type == "code":
            assert not any(ln in c.source or ln in _text(c) for ln in answer_lines)


def test_registry_builds_every_exercise():
    keys = {fn.__name__ for _lesson, _call, fn in CE.CODE_EXERCISES}
    assert keys == set(cc.CHECKS)
    for _lesson, _call, build in CE.CODE_EXERCISES:
        ex = build()
        assert ex.function == cc.CHECKS[build.__name__].function


# ------------------------------------------------------------------ in a real kernel
KERNEL_CODE = '''
import sys
from backprop_lab import code_exercises as CE

code_ex = CE.chain_dout_dw0(timeout=0.5)

def dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    while True:
        pass

code_ex.buttons["Check"].click()          # the button finds dout_dw0 in the notebook's namespace
print(code_ex.last.problem)

def dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    sys.exit()

print(code_ex.check().problem, "sys.exit()" in code_ex.last.message)

def dout_dw0(s0, w1, w2, x1, s1, x2, s2):
    return w2 * s2 * (1 - s2) * w1 * s1 * (1 - s1) * s0

print(code_ex.check().passed)
'''


def test_in_a_real_kernel_a_loop_and_sys_exit_get_sentences_and_the_kernel_lives():
    from jupyter_client import KernelManager

    root = pathlib.Path(__file__).resolve().parents[1]
    km = KernelManager(kernel_name="python3")
    km.start_kernel(env={**os.environ, "PYTHONPATH": str(root), "MPLBACKEND": "Agg"}, cwd=str(root))
    kc = km.client()
    kc.start_channels()
    out = []
    try:
        kc.wait_for_ready(timeout=60)
        reply = kc.execute_interactive(KERNEL_CODE, timeout=60, output_hook=out.append)
        assert reply["content"]["status"] == "ok"
        text = "".join(m["content"].get("text", "") for m in out if m["msg_type"] == "stream")
        assert text == "timeout\nraised True\nTrue\n", text
        out.clear()
        assert kc.execute_interactive("print(1 + 1)", timeout=30, output_hook=out.append)["content"]["status"] == "ok"
        assert any(m["content"].get("text") == "2\n" for m in out) and km.is_alive()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)

