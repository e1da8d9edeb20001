"""One-way imports: the maths package loads neither matplotlib nor ipywidgets.

Checked in a fresh interpreter, because this pytest process has already
imported matplotlib (tests/conftest.py selects the Agg backend).
"""
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SCRIPT = r"""
import json, sys
import backprop_core
from backprop_core import MLP, ChainNetwork, MazurNetwork, Value, gradient_check, descent, losses, activations

net = ChainNetwork()
mazur = MazurNetwork()
mlp = MLP.from_mazur(mazur)
x = Value(1.0)
y = (x * 2).sigmoid()
y.backward()
run = descent.gradient_descent("bowl", [0.0, 0.0], lr=0.1, steps=3)
result = {
    "out": round(net.forward(2.0).out, 4),
    "E_total": round(mazur.total_error((0.05, 0.1), (0.01, 0.99)), 9),
    "mlp": round(float(mlp.loss([[0.05, 0.1]], [[0.01, 0.99]])), 9),
    "check": gradient_check(net, 2.0, 0.7).max_rel_error < 1e-6,
    "steps": run.steps,
    "heavy": sorted(m for m in ("matplotlib", "ipywidgets", "IPython", "ipympl") if m in sys.modules),
    "loaded": "backprop_core.mlp" in sys.modules,
}
print(json.dumps(result))
"""


def test_core_imports_neither_matplotlib_nor_ipywidgets():
    proc = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["loaded"] is True
    assert result["out"] == 0.3638
    assert result["E_total"] == 0.298371109
    assert result["mlp"] == 0.298371109
    assert result["check"] is True
    assert result["steps"] == 3
    assert "matplotlib" not in result["heavy"]
    assert "ipywidgets" not in result["heavy"]
    assert result["heavy"] == []


def test_the_probe_sees_a_heavy_import_when_there_is_one():
    # the same script, with the presentation layer's dependencies imported
    # first, reports them: the check above is able to fail
    proc = subprocess.run([sys.executable, "-c", "import matplotlib, ipywidgets\n" + SCRIPT],
                          cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert "matplotlib" in result["heavy"] and "ipywidgets" in result["heavy"]
