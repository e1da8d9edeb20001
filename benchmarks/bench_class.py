"""A class on one server: N students' kernels, each running a lesson and moving its dashboards.

    python benchmarks/bench_class.py                       # N = 5 and 20, lesson 05
    python benchmarks/bench_class.py --kernels 5 20 50     # several class sizes, one after the other
    python benchmarks/bench_class.py --kernels 50 --lesson 04 --json /tmp/class50.json

For each class size N:

1. start N kernels (jupyter_client, the venv's Python, ``%matplotlib widget`` as in JupyterLab),
   at most ``--parallel`` at a time (default: one per core), and run every code cell of the lesson
   in each -- a whole class pressing Run All;
2. make each canvas behave as if a browser were connected (ipympl's ``initialized`` message: no
   data-URL PNG per frame; a requested full draw is done at once, as the browser's reply would);
3. drive the dashboards at a student's pace for ``--seconds`` (60): every ``--interval`` (0.5 s),
   per kernel, one random change of a random control of a random dashboard found in the kernel's
   namespace (a slider to a random value of its range, a dropdown to a random option, a box to a
   random allowed number, or a button press), exactly what ``dash.set(...)`` / ``dash.press(...)``
   do, including the ipympl frame (PNG diff) a browser would be sent;
4. leave every kernel alone for ``--idle-seconds`` (30) and measure the CPU it uses meanwhile
   (it should be ~0: no timers, no redraws while nobody touches it).

Reported: latency per change (the round trip of the request to the kernel and its reply, as a
browser waits for it; the kernel-side time and CPU time of the change alone; and, for scale, the
round trip of a request that does nothing), median and 95th percentile, for every change and for
control changes alone (button presses such as "Run N steps" are meant to take a while);
memory per kernel (RSS and USS with psutil) and in total; the CPU the kernels used while driven; idle
CPU per kernel. The run stops by itself: every wait has a timeout, the whole run has a deadline
(``--max-minutes``), and every kernel started here is shut down at the end (only those).

Latency is measured closed-loop per student: a student whose change has not been answered yet does
not send the next one (a browser would queue it); the next change is then sent at once. A 95th
percentile over 100 ms means the class is too large for the machine.
"""
from __future__ import annotations

import argparse
import ast
import asyncio
import json
import os
import platform
import random
import signal
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import numpy as np
import psutil
from jupyter_client.manager import AsyncKernelManager

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = ROOT / "notebooks"
P95_TARGET_MS = 100.0
CELL_TIMEOUT_S = 300.0
CHANGE_TIMEOUT_S = 60.0
START_TIMEOUT_S = 120.0

# Run in each kernel after the lesson: pretend a browser is connected to every canvas, find the
# dashboards and their controls, define the change a student makes.
SETUP_CODE = r'''
def __bench_setup(seed):
    import json as _json, random as _random, time as _time
    import ipywidgets as _W
    from backprop_lab.dashboard import Dashboard as _Dashboard
    dashes = [v for v in list(globals().values()) if isinstance(v, _Dashboard)]
    actions = []
    for d in dashes:
        for view in d.views:
            c = view.figure.canvas
            if hasattr(c, "syncing_data_url"):          # ipympl: what the browser's 'initialized' does
                c.syncing_data_url = False
                c.draw_idle = c.draw                     # the browser answers 'draw' with a draw request
        for name, w in d.controls.items():
            if getattr(w, "disabled", False):
                continue
            if isinstance(w, _W.FloatLogSlider):
                pick = lambda r, w=w: float(w.base ** r.uniform(w.min, w.max))
            elif isinstance(w, (_W.FloatSlider, _W.BoundedFloatText)):
                pick = lambda r, w=w: float(min(w.max, w.min + round(r.uniform(0, w.max - w.min) / (w.step or 0.01))
                                                * (w.step or 0.01)))
            elif isinstance(w, (_W.IntSlider, _W.BoundedIntText)):
                pick = lambda r, w=w: r.randint(w.min, w.max)
            elif isinstance(w, (_W.Dropdown, _W.RadioButtons, _W.ToggleButtons, _W.Select)):
                pick = lambda r, w=w: r.choice(list(w._options_values))
            elif isinstance(w, (_W.Checkbox, _W.ToggleButton)):
                pick = lambda r, w=w: not w.value
            else:
                continue
            actions.append((type(d).__name__, name, lambda r, d=d, name=name, pick=pick: d.set(**{name: pick(r)})))
        for desc in d.buttons:
            actions.append((type(d).__name__, "press " + desc, lambda r, d=d, desc=desc: d.press(desc)))
    rng = _random.Random(seed)

    def change():
        global __bench_last
        dash, what, act = rng.choice(actions)
        t, c = _time.perf_counter(), _time.process_time()
        act(rng)
        __bench_last = _json.dumps([dash, what, (_time.perf_counter() - t) * 1000, (_time.process_time() - c) * 1000])

    return change, len(dashes), len(actions)

__bench_change, __bench_dashes, __bench_actions = __bench_setup(%(seed)d)
__bench_last = ""
'''


@dataclass
class Student:
    index: int
    km: AsyncKernelManager
    kc: object = None
    pid: int = 0
    run_all_s: float = 0.0
    dashboards: int = 0
    actions: int = 0
    latencies_ms: list = field(default_factory=list)
    is_button: list = field(default_factory=list)
    kernel_ms: list = field(default_factory=list)
    kernel_cpu_ms: list = field(default_factory=list)
    by_action: dict = field(default_factory=dict)
    cpu_by_action: dict = field(default_factory=dict)
    late: int = 0
    errors: list = field(default_factory=list)


def lesson_path(lesson: str) -> Path:
    matches = sorted(NOTEBOOKS.glob(f"{int(lesson):02d}_*.ipynb")) if lesson.isdigit() else []
    if len(matches) != 1:
        names = ", ".join(p.stem for p in sorted(NOTEBOOKS.glob("[0-9][0-9]_*.ipynb")))
        raise SystemExit(f"--lesson {lesson!r}: expected the number of one lesson ({names})")
    return matches[0]


async def run_code(student: Student, code: str, timeout: float, **kw) -> dict:
    reply = await student.kc.execute(code, reply=True, timeout=timeout, store_history=False, **kw)
    content = reply["content"]
    if content["status"] != "ok":
        raise RuntimeError(f"kernel {student.index}: {content.get('ename')}: {content.get('evalue')}")
    return content


async def start_student(index: int, cells: list[str], env: dict, sem: asyncio.Semaphore, seed: int,
                        log) -> Student:
    async with sem:  # staggered: at most --parallel kernels start and run the lesson at once
        km = AsyncKernelManager(kernel_name="python3")
        student = Student(index, km)
        t = time.perf_counter()
        try:
            await km.start_kernel(env=env, cwd=str(NOTEBOOKS), stdout=log, stderr=log)
            student.pid = km.provisioner.process.pid
            kc = km.client()
            # Only the shell channel: outputs and widget messages go nowhere (no browser is there).
            kc.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            student.kc = kc
            await kc.wait_for_ready(timeout=START_TIMEOUT_S)
            for code in cells:
                await run_code(student, code, CELL_TIMEOUT_S)
            content = await run_code(student, SETUP_CODE % {"seed": seed + index}, CELL_TIMEOUT_S,
                                     user_expressions={"d": "__bench_dashes", "a": "__bench_actions"})
        except BaseException:  # failed or cancelled (deadline): stop this kernel, then report
            if student.kc is not None:
                student.kc.stop_channels()
            if km.has_kernel:
                await asyncio.shield(km.shutdown_kernel(now=True))
            raise
        ue = content["user_expressions"]
        student.dashboards = int(ue["d"]["data"]["text/plain"])
        student.actions = int(ue["a"]["data"]["text/plain"])
        student.run_all_s = time.perf_counter() - t
        return student


async def drive(student: Student, t_start: float, t_end: float, interval: float, rng: random.Random) -> None:
    loop = asyncio.get_running_loop()
    next_t = t_start + rng.uniform(0, interval)  # students do not move in step
    while next_t < t_end:
        now = loop.time()
        if now < next_t:
            await asyncio.sleep(next_t - now)
        t = time.perf_counter()
        try:
            content = await run_code(student, "__bench_change()", CHANGE_TIMEOUT_S,
                                     user_expressions={"r": "__bench_last"})
        except Exception as exc:  # noqa: BLE001 - reported, the class goes on
            student.errors.append(f"{type(exc).__name__}: {exc}")
            if len(student.errors) > 5:
                return
            next_t += interval
            continue
        student.latencies_ms.append((time.perf_counter() - t) * 1000)
        dash, what, ms, cpu_ms = json.loads(ast.literal_eval(content["user_expressions"]["r"]["data"]["text/plain"]))
        student.is_button.append(what.startswith("press "))
        student.kernel_ms.append(ms)
        student.kernel_cpu_ms.append(cpu_ms)
        student.by_action.setdefault(f"{dash}.{what}", []).append(ms)
        student.cpu_by_action.setdefault(f"{dash}.{what}", []).append(cpu_ms)
        next_t += interval
        if loop.time() > next_t:  # the answer came later than the next change was due
            student.late += 1
            next_t = loop.time()


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    out = {}
    for pid in pids:
        try:
            t = psutil.Process(pid).cpu_times()
            out[pid] = t.user + t.system
        except psutil.Error:
            out[pid] = float("nan")
    return out


def memory(pids: list[int]) -> tuple[list[float], list[float]]:
    rss, uss = [], []
    for pid in pids:
        try:
            info = psutil.Process(pid).memory_full_info()
            rss.append(info.rss / 2**20)
            uss.append(info.uss / 2**20)
        except psutil.Error:
            pass
    return rss, uss


def pct(values, q):
    return float(np.percentile(values, q)) if values else float("nan")


async def one_class(n: int, args, cells: list[str], deadline: float) -> dict:
    tmp = tempfile.mkdtemp(prefix="bench-class-")
    env = dict(os.environ)
    env.pop("MPLBACKEND", None)  # ipykernel then sets up as in JupyterLab; %matplotlib widget picks ipympl
    # never read or write a real student's progress file
    env["BACKPROP_LAB_PROGRESS"] = os.path.join(tmp, "progress.json")
    sem = asyncio.Semaphore(args.parallel)
    t0 = time.perf_counter()
    log = open(os.path.join(tmp, "kernels.log"), "wb")  # the kernels' own stdout/stderr
    tasks = [asyncio.create_task(start_student(i, cells, env, sem, args.seed, log)) for i in range(n)]
    students: list[Student] = []
    result: dict = {"kernels": n}
    try:
        remaining = deadline - time.monotonic()
        done, pending = await asyncio.wait(tasks, timeout=max(1.0, remaining))
        for t in done:
            if t.exception() is not None:
                raise t.exception()
            students.append(t.result())
        if pending:
            raise TimeoutError(f"{len(pending)} of {n} kernels had not run the lesson before the deadline")
        students.sort(key=lambda s: s.index)
        started_s = time.perf_counter() - t0
        pids = [s.pid for s in students]
        rss_ready, uss_ready = memory(pids)

        # the cost of the round trip itself: an execute request that does nothing
        async def noop_trips(student, n=10):
            out = []
            for _ in range(n):
                t = time.perf_counter()
                await run_code(student, "pass", CHANGE_TIMEOUT_S)
                out.append((time.perf_counter() - t) * 1000)
            return out
        noop = [x for trips in await asyncio.gather(*(noop_trips(s) for s in students)) for x in trips]

        # drive at a student's pace
        if time.monotonic() + args.seconds + args.idle_seconds + 30 > deadline:
            raise TimeoutError("no time left before --max-minutes for the drive and idle phases")
        loop = asyncio.get_running_loop()
        cpu0 = cpu_seconds(pids)
        t_start = loop.time() + 0.5
        rng = random.Random(args.seed)
        await asyncio.wait_for(
            asyncio.gather(*(drive(s, t_start, t_start + args.seconds, args.interval, random.Random(rng.random()))
                             for s in students)),
            timeout=args.seconds + CHANGE_TIMEOUT_S + 10)
        drive_s = loop.time() - t_start
        cpu1 = cpu_seconds(pids)
        rss_driven, uss_driven = memory(pids)

        # idle: nobody touches anything
        await asyncio.sleep(args.idle_seconds)
        cpu2 = cpu_seconds(pids)
        idle = [100 * (cpu2[p] - cpu1[p]) / args.idle_seconds for p in pids]

        lat = [x for s in students for x in s.latencies_ms]
        kms = [x for s in students for x in s.kernel_ms]
        kcpu = [x for s in students for x in s.kernel_cpu_ms]
        by_action, cpu_by_action = {}, {}
        for s in students:
            for k, v in s.by_action.items():
                by_action.setdefault(k, []).extend(v)
            for k, v in s.cpu_by_action.items():
                cpu_by_action.setdefault(k, []).extend(v)
        buttons = [b for s in students for b in s.is_button]
        lat_controls = [x for x, b in zip(lat, buttons) if not b]
        lat_buttons = [x for x, b in zip(lat, buttons) if b]
        cpu_controls = [x for x, b in zip(kcpu, buttons) if not b]
        result.update(
            lesson=args.lesson_name, cores=psutil.cpu_count(), started_s=round(started_s, 1),
            run_all_s_median=round(statistics.median(s.run_all_s for s in students), 2),
            dashboards=students[0].dashboards, controls=students[0].actions,
            changes=len(lat), changes_per_s=round(len(lat) / drive_s, 1), late=sum(s.late for s in students),
            errors=[e for s in students for e in s.errors][:5],
            latency_ms={"median": round(pct(lat, 50), 1), "p95": round(pct(lat, 95), 1), "max": round(max(lat), 1)},
            latency_ms_controls={"median": round(pct(lat_controls, 50), 1), "p95": round(pct(lat_controls, 95), 1),
                                 "changes": len(lat_controls)},
            latency_ms_buttons={"median": round(pct(lat_buttons, 50), 1), "p95": round(pct(lat_buttons, 95), 1),
                                "presses": len(lat_buttons)},
            noop_round_trip_ms={"median": round(pct(noop, 50), 1), "p95": round(pct(noop, 95), 1)},
            kernel_ms={"median": round(pct(kms, 50), 1), "p95": round(pct(kms, 95), 1)},
            kernel_cpu_ms_controls={"median": round(pct(cpu_controls, 50), 1), "p95": round(pct(cpu_controls, 95), 1)},
            slowest_actions_cpu={k: round(pct(v, 95), 1) for k, v in sorted(
                cpu_by_action.items(), key=lambda kv: -pct(kv[1], 95))[:6]},
            kernel_cpu_ms={"median": round(pct(kcpu, 50), 1), "p95": round(pct(kcpu, 95), 1),
                           "mean": round(statistics.mean(kcpu), 1)},
            load_average=round(os.getloadavg()[0], 2),
            slowest_actions={k: round(pct(v, 95), 1) for k, v in sorted(
                by_action.items(), key=lambda kv: -pct(kv[1], 95))[:5]},
            rss_mib={"per_kernel_median": round(statistics.median(rss_driven), 1),
                     "per_kernel_max": round(max(rss_driven), 1), "total": round(sum(rss_driven), 1),
                     "per_kernel_after_run_all": round(statistics.median(rss_ready), 1)},
            uss_mib={"per_kernel_median": round(statistics.median(uss_driven), 1), "total": round(sum(uss_driven), 1),
                     "per_kernel_after_run_all": round(statistics.median(uss_ready), 1)},
            drive_cpu_cores=round(sum(cpu1[p] - cpu0[p] for p in pids) / drive_s, 3),
            idle_cpu_percent={"mean": round(statistics.mean(idle), 3), "max": round(max(idle), 3)},
        )
        return result
    finally:
        for t in tasks:
            t.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)
        for s in students:
            if s.kc is not None:
                s.kc.stop_channels()
        # only the kernels started here, by their managers
        await asyncio.gather(*(s.km.shutdown_kernel(now=True) for s in students), return_exceptions=True)
        log.close()
        print(f"   kernels' log: {log.name}")


def report(results: list[dict]) -> None:
    print()
    print(f"{'N':>4} {'run all s':>9} {'changes/s':>9} {'lat med':>8} {'lat p95':>8} {'ctl p95':>8}"
          f" {'kern med':>8} {'kern p95':>8}"
          f" {'RSS/kern':>9} {'USS/kern':>9} {'RSS total':>10} {'drive CPU':>9} {'idle CPU':>9}")
    for r in results:
        print(f"{r['kernels']:>4} {r['run_all_s_median']:>9.1f} {r['changes_per_s']:>9.1f} "
              f"{r['latency_ms']['median']:>6.1f}ms {r['latency_ms']['p95']:>6.1f}ms "
              f"{r['latency_ms_controls']['p95']:>6.1f}ms "
              f"{r['kernel_ms']['median']:>6.1f}ms {r['kernel_ms']['p95']:>6.1f}ms "
              f"{r['rss_mib']['per_kernel_median']:>6.0f}MiB {r['uss_mib']['per_kernel_median']:>6.0f}MiB "
              f"{r['rss_mib']['total'] / 1024:>7.2f}GiB {r['drive_cpu_cores']:>7.2f}c "
              f"{r['idle_cpu_percent']['max']:>7.3f}%")
    cores = psutil.cpu_count()
    print(f"(load averages during the runs: {', '.join(str(r['load_average']) for r in results)} on {cores} cores)")
    for key, what in (("latency_ms", "every change"), ("latency_ms_controls", "control changes (no button presses)")):
        ok = [r for r in results if r[key]["p95"] <= P95_TARGET_MS]
        if ok:
            best = max(ok, key=lambda r: r["kernels"])
            print(f"Measured, {what}: {best['kernels']} students kept the 95th percentile at "
                  f"{best[key]['p95']:.0f} ms <= {P95_TARGET_MS:g} ms.")
        else:
            print(f"Measured, {what}: no class size kept the 95th percentile <= {P95_TARGET_MS:g} ms.")
    # Capacity from CPU time, which other processes on the machine disturb less than wall time:
    # a change needs s = its CPU time; with the cores busy a fraction rho of the time, a change takes
    # about s / (1 - rho) (processor sharing).  p95(s) / (1 - rho) <= 100 ms gives the highest rho,
    # and each active student keeps u cores busy (the kernels' CPU while driven / N, smallest class:
    # a saturated class gets less CPU than it asks for).
    base = min(results, key=lambda r: r["kernels"])
    u = base["drive_cpu_cores"] / base["kernels"]
    print(f"CPU: an active student keeps {u:.3f} cores busy ({1 / u:.1f} students would fill a core), "
          f"measured with {base['kernels']} students.")
    for key, what in (("kernel_cpu_ms", "every change"), ("kernel_cpu_ms_controls", "control changes")):
        s95 = base[key]["p95"]
        rho = max(0.0, 1 - s95 / P95_TARGET_MS)
        print(f"  {what}: p95 of its CPU time {s95:.0f} ms -> p95 <= {P95_TARGET_MS:g} ms while the cores are "
              f"at most {rho:.0%} busy: {rho / u:.1f} active students per core.")
    rss = max(r["rss_mib"]["per_kernel_median"] for r in results)
    uss = max(r["uss_mib"]["per_kernel_median"] for r in results)
    print(f"Memory: {rss:.0f} MiB RSS per kernel ({uss:.0f} MiB of it its own, USS) -> "
          f"{1024 / rss:.1f} students per GiB (RSS; {1024 / uss:.1f} by USS).")


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter, epilog=__doc__)
    ap.add_argument("--kernels", type=int, nargs="+", default=[5, 20], help="class sizes N (default: 5 20)")
    ap.add_argument("--lesson", default="05", help="the lesson's number (default 05: four dashboards)")
    ap.add_argument("--seconds", type=float, default=60.0, help="how long students drive (default 60)")
    ap.add_argument("--interval", type=float, default=0.5, help="seconds between a student's changes (0.5)")
    ap.add_argument("--idle-seconds", type=float, default=30.0, help="idle phase (default 30)")
    ap.add_argument("--parallel", type=int, default=psutil.cpu_count() or 2,
                    help="kernels starting / running the lesson at once (default: one per core)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--max-minutes", type=float, default=30.0, help="the whole run stops by then (default 30)")
    ap.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = ap.parse_args(argv)
    if any(n < 1 for n in args.kernels) or args.interval <= 0 or args.seconds <= 0 or args.idle_seconds <= 0:
        ap.error("--kernels must be >= 1 and --seconds, --interval, --idle-seconds > 0")
    path = lesson_path(args.lesson)
    args.lesson_name = path.stem
    nb = nbformat.read(str(path), as_version=4)
    cells = [c.source for c in nb.cells if c.cell_type == "code" and c.source.strip()]
    mem = psutil.virtual_memory().total / 2**30
    print(f"machine: {platform.node()}, {psutil.cpu_count()} cores ({platform.processor() or platform.machine()}), "
          f"{mem:.1f} GiB RAM, Python {platform.python_version()}, load {os.getloadavg()[0]:.2f}")
    print(f"lesson {path.name}: {len(cells)} code cells; {args.seconds:g} s of changes every {args.interval:g} s "
          f"per kernel, then {args.idle_seconds:g} s idle")
    deadline = time.monotonic() + args.max_minutes * 60

    def _stop(signum, frame):  # kill <pid>: unwind like Ctrl-C, so every kernel started here is shut down
        raise KeyboardInterrupt(f"signal {signum}")

    signal.signal(signal.SIGTERM, _stop)
    results = []
    for n in args.kernels:
        t = time.perf_counter()
        print(f"\n-- {n} kernels: starting (at most {args.parallel} at a time) ...", flush=True)
        try:
            r = asyncio.run(one_class(n, args, cells, deadline))
        except (TimeoutError, asyncio.TimeoutError) as exc:
            print(f"   stopped: {exc or 'timed out'}")
            break
        r["wall_s"] = round(time.perf_counter() - t, 1)
        print(json.dumps(r, indent=1), flush=True)
        results.append(r)
    if results:
        report(results)
    if args.json:
        args.json.write_text(json.dumps({"machine": {"cores": psutil.cpu_count(), "ram_gib": round(mem, 1),
                                                     "node": platform.node()}, "results": results}, indent=1))
    return 0 if results else 1


if __name__ == "__main__":
    sys.exit(main())
