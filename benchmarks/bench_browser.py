"""Key press to updated dashboard, measured in a real JupyterLab (headless Chromium).

Starts its own JupyterLab exactly as the browser tests do (tests/browser/lab.py:
a temp copy of notebooks/, temp Jupyter dirs, a free loopback port), opens
04_chain_network_training.ipynb (TrainingDashboard), 00_start_here.ipynb
(ForwardDashboard) and 05_gradient_descent.ipynb (Descent2D, Momentum and
BatchModes dashboards), runs all cells, focuses the handle of a slider and
presses an arrow key ~30 times.  For every press it records, in the page, with
``performance.now()``:

* key -> table: the keydown (a capture listener on document) to the moment a
  MutationObserver sees the text of the dashboard's ``.bplab-table`` change;
* key -> status: the same for the status line (its text or its ``data-plot``,
  the numbers read back from the plotted artists);
* key -> canvas (information): to the first animation frame whose
  ``canvas.toDataURL()`` differs from the picture before the press.

Each press waits for all three before the next one.  The first presses are
warm-up and not counted.  Stops only the server it started (by its PID).

    python benchmarks/bench_browser.py                  # 30 presses per dashboard
    python benchmarks/bench_browser.py --presses 50

Target: median key -> table <= 100 ms.
"""
from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.browser import lab  # noqa: E402

TARGET_MS = 100.0
PRESS_TIMEOUT_MS = 10_000
WARMUP = 2
#: A press whose canvas has not changed this long after the key is counted
#: as "no pixel change" (a 0.01 move of a point can stay on the same pixels).
CANVAS_GRACE_MS = 500

# Installed once per dashboard.  window.__bench.arm() is called before each
# press (outside the timing): it stores the canvas picture and the texts as
# they are; the keydown listener starts the clock and the canvas polling.
_INSTALL_JS = """([area, canvas]) => {
  const b = window.__bench = {results: [], current: null};
  const tableText = () => { const t = area.querySelector('.bplab-table'); return t ? t.textContent : ''; };
  // the status line's words can stay the same (4 digits); its data-plot (the plotted numbers) moves
  const statusText = () => { const s = area.querySelector('.bplab-status'); return s ? s.outerHTML : ''; };
  b.arm = () => {
    b.current = {armed: true, t0: null, table: null, status: null, canvas: null,
                 tableBefore: tableText(), statusBefore: statusText(), canvasBefore: canvas.toDataURL()};
  };
  const check = () => {
    const c = b.current;
    if (!c || c.t0 === null) return;
    const now = performance.now();
    if (c.table === null && tableText() !== c.tableBefore) c.table = now - c.t0;
    if (c.status === null && statusText() !== c.statusBefore) c.status = now - c.t0;
  };
  b.observer = new MutationObserver(check);
  b.observer.observe(area, {subtree: true, childList: true, characterData: true, attributes: true});
  const poll = () => {
    const c = b.current;
    if (!c || c.t0 === null || c.canvas !== null) return;
    if (canvas.toDataURL() !== c.canvasBefore) { c.canvas = performance.now() - c.t0; return; }
    requestAnimationFrame(poll);
  };
  b.onKey = (e) => {
    const c = b.current;
    if (!c || !c.armed || c.t0 !== null || !e.key.startsWith('Arrow')) return;
    c.t0 = performance.now();
    requestAnimationFrame(poll);
  };
  document.addEventListener('keydown', b.onKey, true);
  // Complete when the table changed, and the status line and the canvas did too -- or
  // graceMs passed without (a sub-pixel move draws the same picture; some changes keep the status).
  b.done = (graceMs) => {
    const c = b.current;
    if (!c || c.table === null) return false;
    if ((c.canvas === null || c.status === null) && performance.now() - c.t0 < graceMs) return false;
    b.results.push({table: c.table, status: c.status, canvas: c.canvas});
    b.current = null;
    return true;
  };
  b.uninstall = () => { b.observer.disconnect(); document.removeEventListener('keydown', b.onKey, true); };
}"""


def _label(page, text):
    return page.locator(".widget-label", has_text=re.compile(r"^\s*" + re.escape(text) + r"\s*$"))


def _dashboard(page, slider_label):
    from playwright.sync_api import expect

    area = (page.locator(lab.WIDGET_OUTPUT)
            .filter(has=page.locator(".bplab-status"))
            .filter(has=page.locator(".widget-hslider").filter(has=_label(page, slider_label))))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    return area


def measure(page, server, notebook, dashboard_slider, slider, presses, key="ArrowRight"):
    """Open *notebook*, run all, press *key* on *slider* ``WARMUP + presses`` times."""
    t = time.perf_counter()
    lab.open_notebook(page, server, notebook)
    lab.run_all(page)
    ready_s = time.perf_counter() - t
    area = _dashboard(page, dashboard_slider)
    control = area.locator(".widget-hslider").filter(has=_label(page, slider))
    handle = control.locator(".noUi-handle")
    canvas = area.locator(".jupyter-matplotlib-canvas-div canvas").first
    area.scroll_into_view_if_needed()
    page.evaluate(_INSTALL_JS, [area.element_handle(), canvas.element_handle()])
    handle.focus()
    for i in range(WARMUP + presses):
        page.evaluate("() => window.__bench.arm()")
        page.keyboard.press(key)
        try:
            page.wait_for_function("(g) => window.__bench.done(g)", arg=CANVAS_GRACE_MS, timeout=PRESS_TIMEOUT_MS)
        except Exception:
            state = page.evaluate("() => { const c = window.__bench.current; return c && "
                                  "{t0: c.t0, table: c.table, status: c.status, canvas: c.canvas}; }")
            raise RuntimeError(f"press {i + 1}: no complete update within {PRESS_TIMEOUT_MS} ms: {state}") from None
    results = page.evaluate("() => { window.__bench.uninstall(); return window.__bench.results; }")
    readout = control.locator(".widget-readout").text_content()
    return ready_s, results[WARMUP:], readout


def _stats(values):
    v = sorted(values)
    p90 = v[min(len(v) - 1, int(round(0.9 * (len(v) - 1))))]
    return statistics.median(v), p90, v[-1]


def report(name, ready_s, results, readout):
    print(f"\n{name}: open + Run All {ready_s:.1f} s; {len(results)} presses "
          f"(after {WARMUP} warm-up), slider now at {readout.strip()}")
    ok = True
    for key, label in (("table", "key -> table text   "), ("status", "key -> status line  "),
                       ("canvas", "key -> canvas pixels")):
        values = [r[key] for r in results if r[key] is not None]
        if not values:
            print(f"  {label}  no press changed it within {CANVAS_GRACE_MS} ms")
            continue
        med, p90, mx = _stats(values)
        line = f"  {label}  median {med:6.1f} ms   p90 {p90:6.1f} ms   max {mx:6.1f} ms"
        if key == "table":
            passed = med <= TARGET_MS
            ok &= passed
            line += f"   target median <= {TARGET_MS:.0f} ms: {'PASS' if passed else 'FAIL'}"
        elif key == "canvas":
            line += f"   (information; {len(values)} of {len(results)} presses changed pixels)"
        print(line)
    return ok


@contextlib.contextmanager
def lab_and_chromium(prefix="bench_browser_", fill=None):
    """``(server, chromium)``: a JupyterLab started as the browser tests start it, and a headless Chromium.

    The server serves a temporary folder that ``fill(folder)`` writes (default: a copy of
    ``notebooks/``). Both are stopped afterwards, and only what this started.
    """
    executable = shutil.which("chromium")
    if executable is None:
        sys.exit(lab.CHROMIUM_MISSING)
    from playwright.sync_api import sync_playwright

    with tempfile.TemporaryDirectory(prefix=prefix) as tmp:
        work = Path(tmp)
        root = work / "notebooks"
        if fill is None:
            lab.copy_notebooks(ROOT / "notebooks", root)
        else:
            root.mkdir()
            fill(root)
        t = time.perf_counter()
        server = lab.start_lab_server(root, work)
        print(f"JupyterLab up in {time.perf_counter() - t:.1f} s at {server.base_url} (pid {server.process.pid})")
        try:
            with sync_playwright() as pw:
                chromium = pw.chromium.launch(executable_path=executable, args=lab.CHROMIUM_ARGS)
                try:
                    yield server, chromium
                finally:
                    chromium.close()
        finally:
            lab.stop_lab_server(server)


def run_scenarios(scenarios, presses=30, prefix="bench_browser_"):
    """:func:`measure` and :func:`report` each ``(name, notebook, dashboard slider, slider[, key[, presses]])``
    in a fresh page of one JupyterLab; True if every median key -> table is on target."""
    ok = True
    with lab_and_chromium(prefix) as (server, chromium):
        for name, notebook, dash_slider, slider, *rest in scenarios:
            key = rest[0] if rest else "ArrowRight"
            n = rest[1] if len(rest) > 1 else presses
            context = chromium.new_context(viewport=lab.VIEWPORT)
            try:
                ready_s, results, readout = measure(context.new_page(), server, notebook, dash_slider, slider, n, key)
                ok &= report(name, ready_s, results, readout)
            finally:
                context.close()
    return ok


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--presses", type=int, default=30, help="measured presses per dashboard (default 30)")
    ap.add_argument("--only", default="", help="run the scenarios whose name contains this text")
    args = ap.parse_args(argv)

    scenarios = [  # (name, notebook, a slider that identifies the dashboard, the slider pressed)
        # w0: the light path (table, point, cost curve; the surface stays)
        ("TrainingDashboard (04), slider w0", "04_chain_network_training.ipynb", "learning rate", "w0"),
        # the lessons of round two: one slider each
        ("LogicDashboard (01), slider b", "01_neurons_and_perceptrons.ipynb", "w3", "b"),
        ("MatrixStepperDashboard (07), slider seed", "07_matrix_backprop_and_mlps.ipynb", "layers", "seed"),
        ("NetworkDashboard (06), slider w1", "06_the_2_2_2_network.ipynb", "w1", "w1"),
        # w1 is the surface's third weight: a new 81 x 81 cost surface and a full draw on every press
        ("TrainingDashboard (04), slider w1", "04_chain_network_training.ipynb", "learning rate", "w1"),
        ("ForwardDashboard (00), slider w0", "00_start_here.ipynb", "w0", "w0"),
        # notebook 05: two descent runs of 30 steps; a 1-D pair with momentum; three MLP.fit runs per press
        ("Descent2DDashboard (05), slider start theta0", "05_gradient_descent.ipynb", "start theta1",
         "start theta0"),
        ("MomentumDashboard (05), slider momentum", "05_gradient_descent.ipynb", "momentum", "momentum",
         "ArrowLeft"),
        ("BatchModesDashboard (05), slider learning rate", "05_gradient_descent.ipynb", "batch size",
         "learning rate", "ArrowLeft"),
    ]
    ok = run_scenarios([s for s in scenarios if args.only in s[0]], args.presses)
    print(f"\noverall: {'PASS' if ok else 'FAIL'} (median key -> table <= {TARGET_MS:.0f} ms on every dashboard)")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
