"""Kernel-side cost of one control change of lesson 07's matrix stepper.

Each change is what a click or a drag runs in the kernel: recompute, rebuild the
matrices' HTML and the table, and send the diagram its numbers (an SVG the browser
draws, :class:`backprop_lab.views.NetworkView`: one widget message, no PNG; before
2026-12-06 a matplotlib blit and the PNG diff ipympl would send).
Same method as ``benchmarks/bench_dashboards.py`` (ipympl backend, one warm-up,
``time.perf_counter`` around each change).

    python benchmarks/bench_matrix.py              # the stepper's scenario, 3 repeats
    python benchmarks/bench_matrix.py --repeats 5

Target: median <= 30 ms per change (the course's target for a dashboard with a diagram).
"""
from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from backprop_lab.dashboards.matrix.stepper import benchmark_scenarios  # noqa: E402
from benchmarks.bench_dashboards import measure_by_kind  # noqa: E402  (the shared method)

TARGET_MS = 30.0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=3)
    args = ap.parse_args()
    ok = True
    for name, factory, actions in benchmark_scenarios():
        by_kind, _cpu, _built = measure_by_kind(factory, actions, args.repeats)
        every = [t for ts in by_kind.values() for t in ts]
        med = statistics.median(every)
        ok &= med <= TARGET_MS
        print(f"{name}: {len(every)} changes, median {med:.1f} ms, "
              f"p90 {statistics.quantiles(every, n=10)[-1]:.1f} ms, max {max(every):.1f} ms "
              f"(target median <= {TARGET_MS:g} ms: {'met' if med <= TARGET_MS else 'MISSED'})")
        for kind, ts in by_kind.items():
            print(f"  {kind:12} n={len(ts):3}  median {statistics.median(ts):6.1f} ms  max {max(ts):6.1f} ms")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
