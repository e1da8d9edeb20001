"""Speed of lesson 02's graph dashboards: kernel side, and (``--browser``) key press to updated graph.

Kernel side (default): each change is what a drag or a button press runs in
the kernel: rebuild the ``Value`` graph, run backward, write the SVG of the
graph view (texts and two colours change; the Graphviz layout is computed
once per graph shape), rebuild the node table and the status line. Scenarios
come from ``backprop_lab.dashboards.graphs.benchmark_scenarios``: a 25-node
graph (two sigmoid hidden units, a sigmoid output, squared error) and lecture
002's neuron (17 nodes), each with slider sweeps and Backward step / Reset
step presses. Target (issue 8): median <= 30 ms per change for graphs up to 25 nodes.

    python benchmarks/bench_graphs.py
    python benchmarks/bench_graphs.py --browser      # also key press -> updated graph in Chromium

Browser (``--browser``): starts its own JupyterLab exactly as the browser
tests do, opens notebooks/02_chain_rule_and_graphs.ipynb, runs all cells,
focuses lecture 002's ``w3`` slider and presses ArrowLeft ~30 times; for each
press it records in the page, with ``performance.now()``, the time from the
keydown to the moment a MutationObserver sees the graph's SVG and the table
change. Target: median key -> graph <= 100 ms. Stops only the server it started.

Both wall-clock and CPU time (``time.process_time``) are printed for the
kernel side: on the shared 2-core machine other jobs stretch the wall clock.
"""
from __future__ import annotations

import argparse
import statistics
import sys
import json
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from backprop_lab.dashboards.graphs import benchmark_scenarios  # noqa: E402
from benchmarks.bench_dashboards import BY_KIND_HEADER, measure_by_kind, report_by_kind  # noqa: E402  (the shared method)

BROWSER_TARGET_MS = 100.0
WARMUP = 2

TARGETS_MS = {"GraphDashboard 25 nodes": 30.0, "GraphDashboard lecture 002": 30.0}


def _encode(dash):
    """What the comm would send: the graph's SVG, the table and the status, as JSON."""
    json.dumps([dash.graph.widget.value, dash._table_html.value, dash.status.value])


_INSTALL_JS = """(area) => {
  const b = window.__bench = {results: [], current: null};
  const graph = () => { const g = area.querySelector('.bplab-graph'); return g ? g.innerHTML : ''; };
  const table = () => { const t = area.querySelector('.bplab-table'); return t ? t.textContent : ''; };
  b.arm = () => { b.current = {t0: null, graph: null, table: null, graphBefore: graph(), tableBefore: table()}; };
  const check = () => {
    const c = b.current;
    if (!c || c.t0 === null) return;
    const now = performance.now();
    if (c.graph === null && graph() !== c.graphBefore) c.graph = now - c.t0;
    if (c.table === null && table() !== c.tableBefore) c.table = now - c.t0;
  };
  b.observer = new MutationObserver(check);
  b.observer.observe(area, {subtree: true, childList: true, characterData: true, attributes: true});
  b.onKey = (e) => {
    const c = b.current;
    if (c && c.t0 === null && e.key.startsWith('Arrow')) c.t0 = performance.now();
  };
  document.addEventListener('keydown', b.onKey, true);
  b.done = () => {
    const c = b.current;
    if (!c || c.graph === null || c.table === null) return false;
    b.results.push({graph: c.graph, table: c.table});
    b.current = null;
    return true;
  };
}"""


def browser(presses):
    """Key press -> updated graph and table in JupyterLab + Chromium; returns True if the target is met."""
    from benchmarks.bench_browser import lab_and_chromium
    from tests.browser import lab
    from tests.browser.dash import dashboard

    with lab_and_chromium("bench_graphs_") as (server, chromium):
        page = chromium.new_context(viewport=lab.VIEWPORT).new_page()
        lab.open_notebook(page, server, "02_chain_rule_and_graphs.ipynb")
        lab.run_all(page)
        area = dashboard(page, "w3")
        area.scroll_into_view_if_needed()
        page.evaluate(_INSTALL_JS, area.element_handle())
        handle = area.locator(".widget-hslider").filter(
            has=page.locator(".widget-label", has_text="w3")).locator(".noUi-handle")
        handle.focus()
        for _ in range(WARMUP + presses):
            page.evaluate("() => window.__bench.arm()")
            page.keyboard.press("ArrowLeft")
            page.wait_for_function("() => window.__bench.done()", timeout=10_000)
        results = page.evaluate("() => window.__bench.results")[WARMUP:]
    ok = True
    print(f"\nbrowser, lecture 002 neuron (17 nodes), {len(results)} presses on w3:")
    for key in ("graph", "table"):
        v = sorted(r[key] for r in results)
        med = statistics.median(v)
        ok &= med <= BROWSER_TARGET_MS
        print(f"  key -> {key:<6} median {med:6.1f} ms   p90 {np.percentile(v, 90):6.1f} ms   max {v[-1]:6.1f} ms"
              f"   target median <= {BROWSER_TARGET_MS:.0f} ms: {'PASS' if med <= BROWSER_TARGET_MS else 'FAIL'}")
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--browser", action="store_true", help="also measure key press -> graph in Chromium")
    ap.add_argument("--presses", type=int, default=30, help="measured key presses in the browser")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    ap.add_argument("--cpu", action="store_true", help="judge the CPU-time median, not the wall clock")
    args = ap.parse_args()
    ok = True
    print(BY_KIND_HEADER)
    for name, factory, actions in benchmark_scenarios():
        by_kind, cpu_by_kind, _built = measure_by_kind(factory, list(actions), args.repeats, encode=_encode)
        ok &= report_by_kind(name, by_kind, cpu_by_kind, TARGETS_MS[name], args.cpu)
    if args.browser:
        ok &= browser(args.presses)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
