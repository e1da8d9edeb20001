"""Speed of lesson 09 (debugging backprop): control changes and full gradient checks.

Two targets (issue 9):

* kernel side <= 30 ms (median) per control change of the bug dashboard and
  the bug hunt, for networks up to 4 layers of 8: recompute, tables, blit and
  the PNG diff ipympl would send (the method of bench_dashboards.py);
* a full gradient check (every weight and bias, central differences) of a
  network of 4 layers of 8 in under 1 s.

    python benchmarks/bench_debugging.py            # both
    python benchmarks/bench_debugging.py --strict   # exit 1 if a target is missed
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

import numpy as np  # noqa: E402

import backprop_core as bp  # noqa: E402
from backprop_core import bugs  # noqa: E402
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))  # the repository
from backprop_lab.dashboards.debugging import dashboard as debugging  # noqa: E402
from benchmarks.bench_dashboards import measure_by_kind  # noqa: E402  (the shared method)

CHANGE_MS = 30.0
CHECK_S = 1.0
SIZES = (8, 8, 8, 8, 8)  # 4 layers of 8


def scenarios():
    yield from debugging.benchmark_scenarios()
    bug_names = list(bugs.BUGS) + ["none"]
    yield "BugDashboard 4x8, one-sided", (lambda: debugging.BugDashboard(sizes=SIZES, method="one-sided")), [
        (b, lambda d, b=b: d.set(bug=b)) for b in bug_names]


def check_times(repeats=5):
    """Seconds for one full check of a 4x8 network: this lesson's check, both methods, and the core's
    one-parameter-at-a-time :func:`backprop_core.gradient_check` for comparison."""
    net, X, Y = debugging.demo_problem(SIZES)
    buggy = bugs.inject(net, "transposed")
    out = {}
    for label, fn in [("check_layers central (correct)", lambda: bugs.check_layers(net, X, Y)),
                      ("check_layers central (buggy)", lambda: bugs.check_layers(buggy, X, Y)),
                      ("check_layers one-sided", lambda: bugs.check_layers(net, X, Y, "one-sided")),
                      ("core gradient_check (one at a time)", lambda: bp.gradient_check(net, X, Y))]:
        ts = []
        for _ in range(repeats):
            t = time.perf_counter()
            fn()
            ts.append(time.perf_counter() - t)
        out[label] = statistics.median(ts)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    args = ap.parse_args()
    ok = True
    print(f"{'dashboard':<30} {'build ms':>8} {'changes':>7} {'median ms':>9} {'p90 ms':>7} {'max ms':>7} "
          f"{'cpu ms':>7}  target <= {CHANGE_MS:g} ms")
    for name, factory, actions in scenarios():
        wall_by_kind, cpu_by_kind, built = measure_by_kind(factory, list(actions), args.repeats)
        wall = [t for ts in wall_by_kind.values() for t in ts]
        cpu = [t for ts in cpu_by_kind.values() for t in ts]
        med = statistics.median(wall)
        good = med <= CHANGE_MS
        ok &= good
        print(f"{name:<30} {built:>8.0f} {len(wall):>7} {med:>9.1f} {np.percentile(wall, 90):>7.1f} {max(wall):>7.1f} "
              f"{statistics.median(cpu):>7.1f}  {'PASS' if good else 'FAIL'}")
    print()
    n_params = sum(a * b + b for a, b in zip(SIZES[:-1], SIZES[1:]))
    print(f"full gradient check, network {list(SIZES)} ({n_params} parameters), 8 examples; target < {CHECK_S:g} s")
    for label, secs in check_times().items():
        good = secs < CHECK_S
        ok &= good
        print(f"  {label:<38} {secs * 1000:>8.1f} ms  {'PASS' if good else 'FAIL'}")
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
