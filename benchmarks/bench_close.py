"""Memory a dashboard gives back: open/close cycles and re-run cells, for every dashboard.

For each dashboard (the lessons' list from ``bench_dashboards.scenarios``, plus
``UpdateOrderDashboard``), in a fresh process with the ipympl backend, as in
the notebooks:

* **30 cycles**: build the dashboard and ``close()`` it, 30 times (after one
  warm-up cycle that fills import and lookup caches); the growth of the
  process's resident memory (RSS, psutil) and of the number of open widgets
  (``ipywidgets.Widget.widgets``), and whether the last dashboard was freed.
* **20 re-runs**: what re-running one notebook cell ``dash = Dashboard()``
  20 times does: each run rebinds the variable; the registry
  (``backprop_lab.dashboard.CELLS``) is told it is the same cell in a new run
  (the path a JupyterLab ``cellId`` takes in a kernel). Printed: how many of
  the 20 dashboards are still alive and open, the widgets left open beyond
  the one live dashboard's, and the RSS growth.

Run it as ``python benchmarks/bench_close.py`` (``--only NAME ...`` for some,
``--cycles``, ``--reruns``). Targets (issue 16): at most 15 MiB growth over 30
cycles, no widget left open, one dashboard alive after the re-runs.
"""
from __future__ import annotations

import argparse
import gc
import json
import os
import subprocess
import sys
import warnings
import weakref
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_MIB = 15.0


def _widget_count():
    import ipywidgets as W

    with warnings.catch_warnings():  # the registry is public but deprecated in ipywidgets 8
        warnings.simplefilter("ignore", DeprecationWarning)
        return len(W.Widget.widgets)


def _rss_mib():
    import psutil

    return psutil.Process().memory_info().rss / 2**20


def _factories():
    """{name: factory} of every dashboard the benchmarks know."""
    sys.path.insert(0, str(ROOT))
    from backprop_lab import dashboards
    from benchmarks.bench_dashboards import scenarios

    made = {name: factory for name, factory, _actions in scenarios()}
    made["UpdateOrderDashboard"] = dashboards.UpdateOrderDashboard
    return made


def child(name, cycles, reruns):
    """Measure one dashboard in this process; print one JSON line."""
    import matplotlib

    matplotlib.use("module://ipympl.backend_nbagg")
    from backprop_lab import dashboard as base

    factory = _factories()[name]
    factory().close()  # warm-up: imports, lru caches, fonts
    gc.collect()
    rss0, w0 = _rss_mib(), _widget_count()
    for _ in range(cycles):
        dash = factory()
        dash.close()
    last = weakref.ref(dash)
    del dash
    gc.collect()
    rss1, w1 = _rss_mib(), _widget_count()

    registry = getattr(base, "CELLS", None)
    run = {"n": 0}
    if registry is not None:
        registry.where = lambda: ("bench-cell", run["n"])
    refs = []
    for k in range(reruns):
        run["n"] = k
        dash = factory()  # the cell `dash = Dashboard()` run again: the variable moves to the new one
        refs.append(weakref.ref(dash))
    gc.collect()
    alive = sum(1 for r in refs if r() is not None and not getattr(r(), "closed", False))
    existing = sum(1 for r in refs if r() is not None)
    rss2, w2 = _rss_mib(), _widget_count()
    dash.close()
    del dash
    gc.collect()
    w_one = w2 - _widget_count()  # the live dashboard's own widgets
    print(json.dumps({"name": name, "cycle_mib": rss1 - rss0, "cycle_widgets": w1 - w0,
                      "freed": last() is None, "rerun_alive": alive, "rerun_existing": existing,
                      "rerun_widgets": w2 - w1 - w_one, "rerun_mib": rss2 - rss1, "widgets_per_dash": w_one}))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--only", nargs="*", default=None, help="only these dashboards (names as printed)")
    ap.add_argument("--cycles", type=int, default=30)
    ap.add_argument("--reruns", type=int, default=20)
    ap.add_argument("--child", default=None, help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.child:
        child(args.child, args.cycles, args.reruns)
        return 0
    names = [n for n in _factories() if args.only is None or n in args.only]
    print(f"{'dashboard':<28} {'widgets':>7} | {args.cycles} cycles: {'RSS MiB':>7} {'widgets':>7} {'freed':>5} | "
          f"{args.reruns} re-runs: {'alive':>5} {'objects':>7} {'widgets':>7} {'RSS MiB':>7}  verdict")
    ok = True
    for name in names:
        out = subprocess.run([sys.executable, __file__, "--child", name, "--cycles", str(args.cycles),
                              "--reruns", str(args.reruns)], check=False, capture_output=True, text=True,
                             env=os.environ)
        if out.returncode:
            print(f"{name:<28} failed: {out.stderr.strip().splitlines()[-1:]}")
            ok = False
            continue
        r = json.loads(out.stdout.strip().splitlines()[-1])
        good = r["cycle_mib"] <= TARGET_MIB and r["cycle_widgets"] == 0 and r["freed"] and r["rerun_alive"] == 1
        ok &= good
        print(f"{name:<28} {r['widgets_per_dash']:>7} | {r['cycle_mib']:>18.1f} {r['cycle_widgets']:>7} "
              f"{'yes' if r['freed'] else 'no':>5} | {r['rerun_alive']:>15} {r['rerun_existing']:>7} "
              f"{r['rerun_widgets']:>7} {r['rerun_mib']:>7.1f}  {'PASS' if good else 'FAIL'}", flush=True)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
