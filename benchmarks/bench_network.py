"""Kernel-side cost of one control change on lesson 06's network dashboard.

Each change is what a drag, a click on the diagram or a button press runs in
the kernel: recompute, rebuild the derivative table, send the diagram its
numbers (the browser draws it as SVG: backprop_lab.views.NetworkView), update
the cost surface and the error curve in place, update their canvas (a blit,
or a full draw when axes changed) and encode the PNG diff ipympl would send.
Run with the ipympl backend, as in the notebook:

    python benchmarks/bench_network.py
    python benchmarks/bench_network.py --browser   # also key press -> table in JupyterLab + Chromium

Targets (issue 7): median <= 30 ms per change with the diagram and the
contour map, <= 60 ms with the 3-D surface.

With ``--browser`` it also measures, in a real JupyterLab + Chromium, for the
w1 slider of notebook 06: key press to updated table (``benchmarks/bench_browser.py``'s
method; target median <= 100 ms), and key press to changed diagram (issue 18:
target median <= 30 ms): a capture keydown listener starts a clock
(``performance.now()``), a MutationObserver on the diagram's SVG stops it at the
first changed attribute or text, and the next animation frame after it (the
frame that paints those pixels) is reported too. The line of the moved weight
is restyled in the page from the slider itself (``NetworkView.follow``); the
labels are the kernel's text, and "key -> kernel's label" is that round trip.

Both wall-clock and CPU time (``time.process_time``) are printed: on the
shared 2-core machine other jobs stretch the wall clock, while the CPU time
of this process is what the change costs on an idle machine. The verdict
uses the wall clock unless ``--cpu`` is given.
"""
from __future__ import annotations

import argparse
import sys

import matplotlib

matplotlib.use("module://ipympl.backend_nbagg")


from backprop_lab.dashboards.network.dashboard import benchmark_scenarios  # noqa: E402
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))  # the repository
from benchmarks.bench_dashboards import BY_KIND_HEADER, measure_by_kind, report_by_kind  # noqa: E402

TARGETS_MS = {"NetworkDashboard": 30.0, "NetworkDashboard 3-D": 60.0}
#: issue 18: key press to updated diagram pixels, median
SVG_TARGET_MS = 30.0


def browser(presses):
    """Key press -> table / status / canvas for notebook 06 (bench_browser.py's method); True if on target."""
    from benchmarks.bench_browser import run_scenarios

    return run_scenarios([("NetworkDashboard (06), slider w1", "06_the_2_2_2_network.ipynb", "w1", "w1")], presses,
                         prefix="bench_network_")


#: Installed in the page: keydown -> first mutation of the SVG, and -> the animation frame after it.
_SVG_JS = """([svg, area]) => {
  const b = window.__svgBench = {results: [], current: null, last: performance.now()};
  // quiet: the kernel idle and nothing in the dashboard changed for 400 ms (the last press is all done,
  // the figure's heal frame included), so each press is timed from a kernel with nothing else to do
  new MutationObserver(() => { b.last = performance.now(); })
    .observe(area, {subtree: true, attributes: true, characterData: true, childList: true});
  b.quiet = () => {
    const kernel = window.jupyterapp.shell.currentWidget.sessionContext.session.kernel;
    return kernel.status === 'idle' && performance.now() - b.last > 400;
  };
  b.arm = () => { b.current = {t0: null, mutation: null, frame: null, label: null}; };
  b.observer = new MutationObserver((records) => {
    const c = b.current;
    if (!c || c.t0 === null) return;
    const now = performance.now();
    // the labels are the kernel's text: their change is the round trip
    if (c.label === null && records.some(r => (r.target.closest ? r.target : r.target.parentElement)
                                                .closest('text.bplab-label'))) c.label = now - c.t0;
    if (c.mutation !== null) return;
    c.mutation = now - c.t0;
    requestAnimationFrame(() => { c.frame = performance.now() - c.t0; });
  });
  b.observer.observe(svg, {subtree: true, attributes: true, characterData: true, childList: true});
  b.onKey = (e) => {
    const c = b.current;
    if (c && c.t0 === null && e.key.startsWith('Arrow')) c.t0 = performance.now();
  };
  document.addEventListener('keydown', b.onKey, true);
  b.done = () => {
    const c = b.current;
    if (!c || c.frame === null || c.label === null) return false;
    b.results.push({mutation: c.mutation, frame: c.frame, label: c.label}); b.current = null; return true;
  };
}"""


def browser_svg(presses, warmup=2, slider="w1", notebook="06_the_2_2_2_network.ipynb"):
    """Key press on a weight slider -> changed SVG diagram in notebook 06; True if the median is on target."""
    import statistics

    from benchmarks.bench_browser import _dashboard, _label, lab_and_chromium
    from tests.browser import lab

    with lab_and_chromium("bench_network_svg_") as (server, chromium):
        context = chromium.new_context(viewport=lab.VIEWPORT)
        try:
            page = context.new_page()
            lab.open_notebook(page, server, notebook)
            lab.run_all(page)
            area = _dashboard(page, slider)
            svg = area.locator(".bplab-netview svg")
            svg.wait_for(timeout=lab.WIDGET_TIMEOUT_MS)
            area.scroll_into_view_if_needed()
            page.evaluate(_SVG_JS, [svg.element_handle(), area.element_handle()])
            handle = area.locator(".widget-hslider").filter(has=_label(page, slider)).locator(".noUi-handle")
            handle.focus()
            for i in range(warmup + presses):
                page.wait_for_function("() => window.__svgBench.quiet()", timeout=30_000, polling=50)
                page.evaluate("() => window.__svgBench.arm()")
                page.keyboard.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                page.wait_for_function("() => window.__svgBench.done()", timeout=10_000)
            results = page.evaluate("() => window.__svgBench.results")[warmup:]
        finally:
            context.close()
    ok = True
    print(f"\nNetworkDashboard (06), slider {slider}: {len(results)} presses (after {warmup} warm-up)")
    for key, text in (("mutation", "key -> SVG changed   "), ("frame", "key -> next frame    "),
                      ("label", "key -> kernel's label")):
        v = sorted(r[key] for r in results)
        med = statistics.median(v)
        line = f"  {text}  median {med:6.1f} ms   p90 {v[int(round(0.9 * (len(v) - 1)))]:6.1f} ms   max {v[-1]:6.1f} ms"
        if key == "mutation":
            ok = med <= SVG_TARGET_MS
            line += f"   target median <= {SVG_TARGET_MS:.0f} ms: {'PASS' if ok else 'FAIL'}"
        print(line)
    return ok


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target is missed")
    ap.add_argument("--cpu", action="store_true", help="judge the CPU-time median, not the wall clock")
    ap.add_argument("--browser", action="store_true", help="also key press -> table in JupyterLab + Chromium")
    ap.add_argument("--presses", type=int, default=30, help="measured key presses with --browser")
    ap.add_argument("--svg-only", action="store_true", help="only key press -> SVG diagram in the browser")
    args = ap.parse_args()
    ok = True
    if args.svg_only:
        ok = browser_svg(args.presses)
        return 0 if ok or not args.strict else 1
    print(BY_KIND_HEADER)
    for name, factory, actions in benchmark_scenarios():
        by_kind, cpu_by_kind, _built = measure_by_kind(factory, list(actions), args.repeats)
        ok &= report_by_kind(name, by_kind, cpu_by_kind, TARGETS_MS[name], args.cpu)
    if args.browser:
        ok &= browser(args.presses)
        ok &= browser_svg(args.presses)
    return 0 if ok or not args.strict else 1


if __name__ == "__main__":
    sys.exit(main())
