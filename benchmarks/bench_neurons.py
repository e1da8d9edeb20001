"""Speed of lesson 01's dashboards (backprop_lab/dashboards/neurons/units.py), kernel side and in a browser.

Kernel side (the method of bench_dashboards.py): every control change a
student makes -- drags of each slider, drop-down choices, Step/Run/Reset --
timed from the change to the PNG diff ipympl would send, with the ipympl
backend. Target: median <= 30 ms per change for every dashboard.

Browser (the method of bench_browser.py): JupyterLab + headless Chromium on
a temp copy of notebooks/, 01_neurons_and_perceptrons.ipynb run all, then
arrow-key presses on one slider of each dashboard, timed in the page from the
keydown to the updated table text, status line and canvas pixels. Target:
median key -> table <= 100 ms.

    python benchmarks/bench_neurons.py              # both
    python benchmarks/bench_neurons.py --kernel     # kernel side only
    python benchmarks/bench_neurons.py --browser    # browser only
"""
from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import matplotlib  # noqa: E402

matplotlib.use("module://ipympl.backend_nbagg")


from benchmarks.bench_dashboards import BY_KIND_HEADER, measure_by_kind, report_by_kind  # noqa: E402

KERNEL_TARGET_MS = 30.0
BROWSER_TARGET_MS = 100.0
NOTEBOOK = "01_neurons_and_perceptrons.ipynb"

#: (name, a slider label that identifies the dashboard, the slider pressed, key, presses); the notebook leaves
#: each slider where this many presses stay inside its range
BROWSER_SCENARIOS = [
    ("UnitDashboard, slider b", "w", "b", "ArrowRight", 30),
    ("LogicDashboard, slider b", "w3", "b", "ArrowRight", 30),
    # a restart: the table and status change; the picture only when the line moves (from W = [0, 0.1, 0] on
    # it stays at x1 = 0, so "no pixel change" is expected here)
    ("PerceptronRuleDashboard, slider start W1 (a restart)", "alpha", "start W1", "ArrowRight", 8),
    ("XnorDashboard, slider x1", "x1", "x1", "ArrowLeft", 18),
    ("RidgeDashboard, slider steepness k (a new 61 x 61 surface)", "steepness k", "steepness k", "ArrowRight", 28),
]


def kernel(repeats):
    from backprop_lab.dashboards.neurons.units import benchmark_scenarios

    ok = True
    print(f"load average before: {' '.join(f'{v:.1f}' for v in os.getloadavg())} on {os.cpu_count()} cores "
          "(other processes slow the wall-clock figures; the CPU time of this process is the steadier one)")
    print(BY_KIND_HEADER)
    for name, factory, actions in benchmark_scenarios():
        by_kind, cpu_by_kind, _built = measure_by_kind(factory, list(actions), repeats)
        ok &= report_by_kind(name, by_kind, cpu_by_kind, KERNEL_TARGET_MS)
    return ok


def browser(only=""):
    from benchmarks.bench_browser import run_scenarios

    return run_scenarios([(name, NOTEBOOK, dash_slider, slider, key, presses)
                          for name, dash_slider, slider, key, presses in BROWSER_SCENARIOS if only in name],
                         prefix="bench_neurons_")


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kernel", action="store_true", help="kernel side only")
    ap.add_argument("--browser", action="store_true", help="browser only")
    ap.add_argument("--repeats", type=int, default=2, help="kernel side: passes over each scenario")
    ap.add_argument("--only", default="", help="browser: run the scenarios whose name contains this text")
    args = ap.parse_args(argv)
    both = not (args.kernel or args.browser)
    ok = True
    if args.kernel or both:
        ok &= kernel(args.repeats)
    if args.browser or both:
        ok &= browser(args.only)
    print(f"\noverall: {'PASS' if ok else 'FAIL'}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
