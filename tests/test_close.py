"""Dashboards give their memory back: close() closes every widget and figure, a re-run cell
closes the dashboard it made before.

Under ipympl (a subprocess, so this process keeps Agg) every dashboard is built, driven a
little and closed a few times: the number of open widgets returns to where it started,
its figures leave pyplot's list and the dashboard object is freed. In a real kernel
(jupyter_client), one cell run 20 times with JupyterLab's ``cellId`` leaves one dashboard.
Memory growth over many cycles is measured by ``benchmarks/bench_close.py``.
"""
from __future__ import annotations

import gc
import json
import os
import subprocess
import sys
import warnings
import weakref
from pathlib import Path

import ipywidgets as W
import pytest

from backprop_lab import dashboard as base
from backprop_lab import dashboards as D

ROOT = Path(__file__).resolve().parents[1]

#: Every dashboard, by the name bench_dashboards gives it (checked against the classes below).
NAMES = ["TrainingDashboard", "ForwardDashboard", "WiggleDashboard", "DataSetCostDashboard", "UnitDashboard",
         "LogicDashboard", "PerceptronRuleDashboard", "XnorDashboard", "RidgeDashboard", "GraphDashboard 25 nodes",
         "GraphDashboard lecture 002", "LearningRateDashboard", "Descent2DDashboard", "MomentumDashboard",
         "BatchModesDashboard", "NetworkDashboard", "NetworkDashboard 3-D", "MatrixStepperDashboard", "Playground",
         "BugDashboard", "BugDashboard 4x8", "BugHuntDashboard", "UpdateOrderDashboard"]

CYCLES = """if True:
    import gc, json, sys, warnings, weakref
    import matplotlib
    matplotlib.use("module://ipympl.backend_nbagg")
    import matplotlib.pyplot as plt
    import ipywidgets as W
    sys.path.insert(0, sys.argv[1])
    from benchmarks.bench_dashboards import scenarios
    from backprop_lab import dashboards as D
    gc.collect()
    gc.freeze()  # the imported modules stay: each close()'s gc.collect() walks only what the cycles make

    def count():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", DeprecationWarning)
            return len(W.Widget.widgets)

    made = [(n, f, list(a)) for n, f, a in scenarios()] + [("UpdateOrderDashboard", D.UpdateOrderDashboard, [])]
    result = {}
    for name, factory, actions in made:
        gc.collect()
        start, figures_left, opened = count(), [], 0
        for _ in range(3):
            dash = factory()
            for _label, act in actions[:3]:  # a student's first moves
                act(dash)
            opened = max(opened, count() - start)
            numbers = [view.figure.number for view in dash.views if view.live]
            dash.close()
            figures_left += [n for n in numbers if n in plt.get_fignums()]
        ref = weakref.ref(dash)
        del dash
        gc.collect()
        result[name] = {"opened": opened, "left": count() - start, "figures_left": figures_left,
                        "freed": ref() is None}
    print(json.dumps(result))
"""


def widget_count():
    with warnings.catch_warnings():  # ipywidgets 8 keeps the registry public but deprecated
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(W.Widget.widgets)


@pytest.fixture(scope="module")
def cycles():
    out = subprocess.run([sys.executable, "-c", CYCLES, str(ROOT)], capture_output=True, text=True, check=True,
                         cwd=ROOT)
    return json.loads(out.stdout.strip().splitlines()[-1])


def test_every_dashboard_class_is_cycled(cycles):
    classes = {name.split()[0] for name in cycles}
    assert classes == {n for n in D.__all__}
    assert sorted(cycles) == sorted(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_close_returns_every_widget_and_figure(cycles, name):
    r = cycles[name]
    assert r["opened"] >= 10  # the dashboard did open widgets (a layout, its controls, a canvas...)
    assert r["left"] == 0, f"{name}: {r['left']} widgets still open after 3 open/close cycles"
    assert r["figures_left"] == []
    assert r["freed"], f"{name}: something still holds the closed dashboard"


def test_close_without_ipympl_closes_the_png_view_and_is_idempotent():
    start = widget_count()
    dash = D.TrainingDashboard()
    dash.set(w0=1.5)
    dash.press("Step")
    dash.render()
    assert widget_count() - start > 20
    dash.close()
    dash.close()  # twice is harmless
    assert widget_count() == start
    assert dash.closed and dash.status.comm is None and dash.view.widget.layout.comm is None


def test_close_widget_closes_layouts_styles_and_children():
    start = widget_count()
    slider = W.FloatSlider(description="w0")
    box = W.VBox([W.HBox([slider, W.Button(description="Step")]), W.Output()])
    assert widget_count() - start == 12  # 5 widgets, 5 layouts, 2 styles (slider, button)
    base.close_widget(box)
    assert widget_count() == start
    assert slider.style.comm is None and slider.layout.comm is None


# -- the re-run registry ------------------------------------------------------------------------------
@pytest.fixture
def cell(monkeypatch):
    """Pretend to be a kernel running cells: ``cell["at"] = (cell id, run id)`` or None."""
    where = {"at": None}
    monkeypatch.setattr(base.CELLS, "where", lambda: where["at"])
    return where


def test_a_new_run_of_a_cell_closes_what_its_last_run_made(cell):
    cell["at"] = ("cell-a", "run-1")
    first, second = D.ForwardDashboard(), D.WiggleDashboard()  # one cell, two dashboards: both stay
    cell["at"] = ("cell-b", "run-2")
    other = D.ForwardDashboard()
    assert not (first.closed or second.closed or other.closed)
    cell["at"] = ("cell-a", "run-3")
    again = D.ForwardDashboard()
    assert first.closed and second.closed and first.status.comm is None
    assert not other.closed and not again.closed
    assert base.CELLS.live() == 2
    for d in (other, again):
        d.close()
    assert base.CELLS.live() == 0


def test_no_cell_id_closes_nothing(cell):
    cell["at"] = None  # nbclient, nbval, Voila, scripts: no cellId
    made = [D.ForwardDashboard() for _ in range(3)]
    assert not any(d.closed for d in made)
    for d in made:
        d.close()


def test_a_dashboard_closed_by_hand_is_forgotten(cell):
    cell["at"] = ("cell-c", "run-1")
    dash = D.ForwardDashboard()
    ref = weakref.ref(dash)
    dash.close()
    del dash
    gc.collect()
    assert ref() is None  # the registry holds no strong reference
    cell["at"] = ("cell-c", "run-2")
    D.ForwardDashboard().close()  # nothing left to close: no error


def test_outside_a_kernel_there_is_no_cell():
    assert base.current_cell() is None


KERNEL_SETUP = """
import gc, warnings
import ipywidgets as W
import matplotlib
%matplotlib widget
from backprop_lab.dashboard import Dashboard
from backprop_lab.dashboards import ForwardDashboard
def census():
    gc.collect()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        widgets = len(W.Widget.widgets)
    alive = [o for o in gc.get_objects() if isinstance(o, Dashboard)]
    return [len(alive), sum(not d.closed for d in alive), widgets]
"""


def _run(kc, code, cell_id=None, expr=None):
    """Execute ``code`` as JupyterLab does (with ``cellId`` in the metadata); return ``expr``'s value."""
    content = {"code": code, "silent": False, "store_history": True, "allow_stdin": False, "stop_on_error": True,
               "user_expressions": {"r": expr} if expr else {}}
    msg = kc.session.msg("execute_request", content, metadata={"cellId": cell_id} if cell_id else {})
    kc.shell_channel.send(msg)
    while True:
        reply = kc.get_shell_msg(timeout=120)
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            break
    assert reply["content"]["status"] == "ok", reply["content"]
    if expr:
        return json.loads(reply["content"]["user_expressions"]["r"]["data"]["text/plain"])
    return None


@pytest.fixture(scope="module")
def kernel():
    from jupyter_client.manager import KernelManager

    km = KernelManager(kernel_name="python3")
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(ROOT), os.environ.get("PYTHONPATH", "")])}
    env.pop("MPLBACKEND", None)
    km.start_kernel(env=env, extra_arguments=[], cwd=str(ROOT))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=120)
    try:
        _run(kc, KERNEL_SETUP)
        yield kc
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_re_running_a_cell_in_a_kernel_leaves_one_dashboard(kernel):
    before = _run(kernel, "", expr="census()")
    assert before[:2] == [0, 0]
    after_one = None
    for k in range(20):
        _run(kernel, "dash = ForwardDashboard()\ndash", cell_id="cell-forward")
        if k == 0:
            after_one = _run(kernel, "", expr="census()")
    after = _run(kernel, "", expr="census()")
    assert after_one[:2] == [1, 1] and after_one[2] > before[2]
    assert after == after_one  # one dashboard alive and open, and no more widgets than one dashboard's
    _run(kernel, "dash.close(); del dash")
    assert _run(kernel, "", expr="census()") == before


def test_without_a_cell_id_a_kernel_keeps_each_run(kernel):
    before = _run(kernel, "", expr="census()")
    for _ in range(3):  # what nbclient (nbval, Voila) sends: no cellId
        _run(kernel, "dash = ForwardDashboard()\ndash")
    alive, open_, _widgets = _run(kernel, "", expr="census()")
    assert (alive, open_) == (before[0] + 3, before[1] + 3)


def test_exercises_close_every_widget(tmp_path, monkeypatch):
    from backprop_lab.exercise_widgets import ChainRuleExercise, NumberExercise
    from backprop_lab.tables import Math

    monkeypatch.setenv("BACKPROP_LAB_PROGRESS", str(tmp_path / "progress.json"))
    start = widget_count()
    number = NumberExercise("What is S(0)?", 0.5, hint="S(0) = 1 / (1 + e^0)", solution="0.5")
    number.check("0.4")
    table = ChainRuleExercise("Fill in:", [{"symbol": Math(r"\partial C/\partial out", "dC/dout"), "answer": -0.3362}])
    table.check({0: "-0.3362"})
    assert widget_count() - start > 20
    number.close()
    table.close()
    assert widget_count() == start
