"""Where Chromium's time goes while lesson 08's Playground plays (issue 18): the top costs per painted frame.

The same page as ``bench_playground.py --browser`` (JupyterLab + headless Chromium, one
Playground 2-8-8-1 on 500 points, Play pressed). Over ``--seconds`` of Play it records,
through the Chrome DevTools Protocol (``page.context.new_cdp_session(page)``):

* a trace (``Tracing`` domain, the DevTools timeline categories): the renderer main
  thread's *self* time per event kind (``UpdateLayoutTree`` = style recalculation,
  ``Layout``, ``Paint``, ``FunctionCall``, ``ParseHTML``, ``Decode Image``, ...), and the
  elements whose style or layout was invalidated most (``Layout`` invalidation records);
* a JavaScript CPU profile (``Profiler`` domain): self time per function and file;
* how many times the decision map was painted (``putImageData`` on it: one per animation
  frame at most), which every figure is divided by.

Printed: the top costs in ms per painted frame, and the painted frames per second.

    python benchmarks/profile_playground_page.py            # 6 s of Play
    python benchmarks/profile_playground_page.py --seconds 10 --top 25

Left out: the kernel's time (``bench_playground.py`` measures it) and GPU/compositor
threads (headless Chromium composites in software on the raster threads, not the main thread).
"""
from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from benchmarks.bench_playground import _COUNT_JS, _READ_JS, PLAY_BUTTON, SETTINGS  # noqa: E402

CATEGORIES = ["devtools.timeline", "disabled-by-default-devtools.timeline", "v8.execute", "v8", "blink", "loading",
              "disabled-by-default-v8.gc", "toplevel", "ipc", "mojom"]
#: Blink's invalidation records (which element's style or layout was invalidated, and why): costly
#: themselves, so only with ``--invalidations`` (they inflate every other figure).
INVALIDATIONS = "disabled-by-default-devtools.timeline.invalidationTracking"


def self_times(events):
    """Self time (ms) per event name on the renderer main thread, from complete ('X') and B/E events."""
    main = {(e["pid"], e["tid"]) for e in events
            if e.get("ph") == "M" and e.get("name") == "thread_name" and e["args"].get("name") == "CrRendererMain"}
    spans = collections.defaultdict(list)
    open_ = collections.defaultdict(list)
    for e in events:
        key = (e.get("pid"), e.get("tid"))
        if key not in main:
            continue
        if e.get("ph") == "X" and "dur" in e:
            spans[key].append((e["ts"], e["ts"] + e["dur"], _label(e)))
        elif e.get("ph") == "B":
            open_[key].append(e)
        elif e.get("ph") == "E" and open_[key]:
            b = open_[key].pop()
            spans[key].append((b["ts"], e["ts"], _label(b)))
    out = collections.Counter()
    for items in spans.values():
        items.sort(key=lambda s: (s[0], -s[1]))
        _nest(items, out)
    return out


def _nest(items, out):
    """Add each span's self time (its length less its children's) to ``out``; ``items`` sorted by start."""
    stack = []  # [end, label, start, time in children]

    def close(entry):
        end, label, start, child = entry
        out[label] += (end - start - child) / 1000
        if stack:
            stack[-1][3] += end - start
    for start, end, label in items:
        while stack and stack[-1][0] <= start:
            close(stack.pop())
        stack.append([end, label, start, 0])
    while stack:
        close(stack.pop())


def _label(e):
    """An event's name, with the script file for JavaScript entry points."""
    name = e["name"]
    data = e.get("args", {}).get("data", {}) or {}
    if name in ("FunctionCall", "EvaluateScript", "v8.callFunction") and data.get("url"):
        return f"{name} {data['url'].rsplit('/', 1)[-1][:40]}"
    return name


def invalidations(events, top):
    """The nodes whose style or layout was invalidated most often (Blink's invalidation tracking)."""
    count = collections.Counter()
    for e in events:
        if e.get("name") in ("LayoutInvalidationTracking", "StyleRecalcInvalidationTracking",
                             "ScheduleStyleInvalidationTracking"):
            d = e.get("args", {}).get("data", {}) or {}
            count[(e["name"].replace("InvalidationTracking", ""), str(d.get("nodeName", "?"))[:60],
                   str(d.get("reason", ""))[:40])] += 1
    return count.most_common(top)


def resources(events, top):
    """The URLs the page requested (``ResourceSendRequest``), by their first 70 characters, most frequent first."""
    count = collections.Counter()
    for e in events:
        if e.get("name") == "ResourceSendRequest":
            url = str((e.get("args", {}).get("data", {}) or {}).get("url", "?"))
            count[url[:70]] += 1
    return count.most_common(top)


def js_self_times(profile):
    """Self time (ms) per (function, file) from a ``Profiler.stop`` profile."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    out = collections.Counter()
    for sample, dt in zip(profile["samples"], profile["timeDeltas"]):
        frame = nodes[sample]["callFrame"]
        out[_frame_name(frame)] += dt / 1000
    return out


def js_callers(profile, leaves, depth=5):
    """For each leaf function named in ``leaves``: its most frequent call chain (``depth`` frames up)."""
    nodes = {n["id"]: n for n in profile["nodes"]}
    parent = {c: n["id"] for n in profile["nodes"] for c in n.get("children", [])}
    chains = collections.defaultdict(collections.Counter)
    for sample, dt in zip(profile["samples"], profile["timeDeltas"]):
        leaf = _frame_name(nodes[sample]["callFrame"])
        if leaf not in leaves:
            continue
        up, node = [], parent.get(sample)
        while node is not None and len(up) < depth:
            up.append(_frame_name(nodes[node]["callFrame"]))
            node = parent.get(node)
        chains[leaf][" < ".join(up)] += dt / 1000
    return {leaf: c.most_common(2) for leaf, c in chains.items()}


def ws_message(payload, binary):
    """``(direction-free) label`` of one Jupyter websocket frame (JupyterLab's v1 binary protocol or JSON):
    the message type, and for a widget update the names of the traits it sets."""
    import base64
    import struct

    try:
        if binary:
            raw = base64.b64decode(payload)
            n = struct.unpack_from("<Q", raw, 0)[0]
            offsets = struct.unpack_from(f"<{n}Q", raw, 8)
            part = lambda i: raw[offsets[i]:offsets[i + 1] if i + 1 < n else len(raw)]  # noqa: E731
            header, content = json.loads(part(1)), json.loads(part(4))
        else:
            msg = json.loads(payload)
            header, content = msg["header"], msg["content"]
    except (ValueError, KeyError, struct.error, IndexError):
        return "(unparsed)", 0
    kind = header.get("msg_type", "?")
    if kind == "status":
        return f"status {content.get('execution_state')}", 0
    data = content.get("data", {}) if isinstance(content.get("data"), dict) else {}
    state = data.get("state") if isinstance(data.get("state"), dict) else None
    if state is not None:
        return f"{kind} {data.get('method')} {','.join(sorted(state))[:60]}", 0
    return kind, 0


def _frame_name(frame):
    return f"{frame.get('functionName') or '(anonymous)'} [{frame.get('url', '').rsplit('/', 1)[-1][:24]}]"


#: JupyterLab's plugin that swaps the tab's icon on every kernel busy / idle: with a kernel message per
#: frame, two icon requests to the server and two changes of the document's <head> per frame.
FAVICON_PLUGIN = "@jupyterlab/application-extension:faviconbusy"


def profile(seconds, top, with_invalidations=False, with_js=False, no_busy_favicon=False):
    import nbformat as nbf

    from benchmarks.bench_browser import lab_and_chromium
    from tests.browser import lab

    def fill(folder):
        nb = nbf.v4.new_notebook()
        nb.cells = [nbf.v4.new_code_cell("%matplotlib widget\n"
                                         "from backprop_lab.dashboards.playground.dashboard import Playground"),
                    nbf.v4.new_code_cell(f"dash = Playground(**{SETTINGS!r})\ndash")]
        nb.metadata["kernelspec"] = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}
        nbf.write(nb, folder / "bench.ipynb")

    if no_busy_favicon:  # the page config the test servers write (tests.browser.lab), with the plugin off
        lab.LAB_PAGE_CONFIG = {**lab.LAB_PAGE_CONFIG, "disabledExtensions": {FAVICON_PLUGIN: True}}
    with lab_and_chromium("profile_playground_", fill) as (server, chromium):
        page = chromium.new_page(viewport=lab.VIEWPORT)
        page.add_init_script(f"({_COUNT_JS})()")
        lab.open_notebook(page, server, "bench.ipynb")
        lab.run_all(page)
        page.wait_for_selector(".bplab-status[data-plot]", timeout=60_000)
        page.locator(".bplab-heat-map").first.scroll_into_view_if_needed()
        page.locator(PLAY_BUTTON).first.click()
        page.wait_for_function("() => JSON.parse(document.querySelector('.bplab-status').dataset.plot).epoch >= 5",
                               timeout=60_000)
        cdp = page.context.new_cdp_session(page)
        cdp.send("Profiler.enable")
        cdp.send("Profiler.setSamplingInterval", {"interval": 500})
        chunks = []
        cdp.on("Tracing.dataCollected", lambda p: chunks.extend(p["value"]))
        done = []
        cdp.on("Tracing.tracingComplete", lambda p: done.append(True))
        cdp.send("Network.enable")
        ws = collections.Counter()
        ws_bytes = collections.Counter()
        recording = []

        def frame(direction):
            def on(p):
                if recording:
                    r = p["response"]
                    label = f"{direction} {ws_message(r['payloadData'], r['opcode'] == 2)[0]}"
                    ws[label] += 1
                    ws_bytes[label] += len(r["payloadData"])
            return on
        cdp.on("Network.webSocketFrameReceived", frame("in "))
        cdp.on("Network.webSocketFrameSent", frame("out"))
        a = page.evaluate(_READ_JS)
        categories = CATEGORIES + ([INVALIDATIONS] if with_invalidations else [])
        cdp.send("Tracing.start", {"categories": ",".join(categories), "transferMode": "ReportEvents"})
        if with_js:
            cdp.send("Profiler.start")
        recording.append(True)
        page.wait_for_timeout(seconds * 1000)  # the window measured, not a wait for a condition
        recording.clear()
        js = cdp.send("Profiler.stop")["profile"] if with_js else {"nodes": [], "samples": [], "timeDeltas": []}
        cdp.send("Tracing.end")
        z = page.evaluate(_READ_JS)
        while not done:
            page.wait_for_timeout(100)  # polls the CDP event queue until the trace is complete
        page.locator(PLAY_BUTTON).first.click()
    dt = (z["t"] - a["t"]) / 1000
    frames = max(z["frames"][0] - a["frames"][0], 1)
    trace = self_times(chunks)
    scripts = js_self_times(js)
    busy = sum(trace.values())
    print(f"painted {frames} decision-map frames in {dt:.1f} s: {frames / dt:.1f} frames/s; "
          f"renderer main thread busy {busy / dt / 10:.0f}% = {busy / frames:.1f} ms per painted frame; "
          f"kernel epochs/s {(z['epoch'] - a['epoch']) / dt:.1f}")
    print(f"\nmain thread, self time per event kind (ms per painted frame), top {top}:")
    for name, ms in trace.most_common(top):
        print(f"  {ms / frames:7.2f}  {name}")
    print(f"\nJavaScript, self time per function (ms per painted frame), top {top}:")
    for name, ms in scripts.most_common(top):
        if name.startswith("(idle)"):
            continue
        print(f"  {ms / frames:7.2f}  {name}")
    leaves = [n for n, _ in scripts.most_common(12) if not n.startswith("(")]
    print("\nwho calls the costliest functions (ms per painted frame, the two commonest chains):")
    for leaf, chains in js_callers(js, leaves).items():
        for chain, ms in chains:
            print(f"  {ms / frames:7.2f}  {leaf} < {chain}")
    print("\nresources requested per painted frame (images, blob: URLs of ipympl frames, data: URIs ...):")
    for url, n in resources(chunks, top):
        print(f"  {n / frames:6.2f}  {url}")
    print("\nwebsocket messages per painted frame (in = kernel to page), and bytes (base64 for binary):")
    for label, n in ws.most_common(top):
        print(f"  {n / frames:6.2f}  {ws_bytes[label] / n:8.0f} B  {label}")
    if with_invalidations:
        print("\nmost invalidated (style / layout), count over the window:")
    for (kind, node, reason), n in invalidations(chunks, top):
        print(f"  {n:6d}  {kind:<22} {node:<60} {reason}")
    return {"fps": frames / dt, "trace": dict(trace), "js": dict(scripts), "ws": dict(ws)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=6.0)
    parser.add_argument("--top", type=int, default=20)
    parser.add_argument("--invalidations", action="store_true",
                        help="also record which elements' style / layout were invalidated (slows the page)")
    parser.add_argument("--js", action="store_true",
                        help="also record a JavaScript CPU profile (its sampling costs the page 10-40 ms a frame)")
    parser.add_argument("--no-busy-favicon", action="store_true",
                        help=f"JupyterLab without {FAVICON_PLUGIN} (an experiment: what it costs per frame)")
    parser.add_argument("--json", default=None, help="also write the figures to this file")
    args = parser.parse_args()
    result = profile(args.seconds, args.top, args.invalidations, args.js, args.no_busy_favicon)
    if args.json:
        Path(args.json).write_text(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
