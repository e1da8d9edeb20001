#!/usr/bin/env python
"""Speed of ``backprop_core`` against plain numpy loops doing the same maths.

Run from the repository root::

    python benchmarks/bench_core.py               # full run: ~35 s on an idle 2-core machine, ~2.5 min on a busy one
    python benchmarks/bench_core.py --quick       # smoke run, a few seconds
    python benchmarks/bench_core.py --repeats 9   # more repeats per case
    python benchmarks/bench_core.py --strict      # exit 1 if a target is missed
    python benchmarks/bench_core.py --profile     # also cProfile MLP.fit (bench 1 and 2)
    python benchmarks/bench_core.py --only 2,3    # a subset; --blas-threads 1 for steadier numbers

What is measured
----------------
1. Lecture 003's numpy training loop (N=64, D_in=1000, H=100, D_out=10,
   sigmoid hidden layer, linear output, 2000 steps), run exactly as the
   lecture prints it (less the ``print``), against
   ``MLP([1000, 100, 10], 'sigmoid', 'linear', loss='mse', bias=False).fit(x, y,
   lr=1e-4 * N * D_out, epochs=2000)`` started from the same weights
   (``weights = [w1.T, w2.T]``). ``'mse'`` is a mean over the N * D_out
   elements and the lecture's loss a sum, hence the lr scaling: both runs
   follow the same trajectory, which is checked (final weights within 1e-8).
   Target: median(MLP) / median(raw) <= 1.05. ``bias=True`` is timed for
   information.
2. A playground-size network, 2-8-8-1, tanh hidden and output, ``'half_sse'``
   loss, 500 XOR-cluster points (labels +-1), full batch, 2000 steps at lr 0.1:
   ``MLP.fit`` against a hand-written numpy loop with biases (loss recorded
   every step, as ``fit`` does). Final weights must agree within 1e-10.
   Target: ratio <= 1.15.
3. ``MazurNetwork().train((0.05, 0.1), (0.01, 0.99), lr=0.5, rounds=10_000)``
   for both update rules. Target: < 1 s each.

Method: ``time.perf_counter`` around the training call only (set-up and weight
copies are outside), one short warm-up run of every case, then ``--repeats``
rounds (three times as many for the short benchmarks 2 and 3) in which the
cases of a benchmark run interleaved, the order reversed every other round so
that slow drift (CPU frequency, other processes) falls on both sides alike.
The table reports median, min and max wall time and the median process CPU
time; the target ratios are of median wall times, with two cross-checks: the
median of the per-round ratios ("paired") and the ratio of CPU times.

BLAS: on some machines OPENBLAS_CORETYPE / OPENBLAS_L2_SIZE are set (older
OpenBLAS builds misbehave on some processors). They slow down a current numpy.
The header prints both variables and the OpenBLAS kernel actually in use
(threadpoolctl if installed, otherwise asked from the library via ctypes). To
compare, run once as is and once with both unset for that command alone::

    env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE python benchmarks/bench_core.py

The numbers are wall-clock times: on a shared 2-core machine anything else
running (a test suite, a browser) shows up as spread between min and max, and
OpenBLAS's two threads suffer most from it. ``--blas-threads 1`` pins OpenBLAS
to one thread, which is less sensitive to that noise.
"""
from __future__ import annotations

import argparse
import ctypes
import glob
import os
import platform
import statistics
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from backprop_core import MLP, MazurNetwork  # noqa: E402
from backprop_core import datasets  # noqa: E402

# benchmarks 2 and 3 take well under a second per run: give them more rounds
SHORT_FACTOR = 3

BLAS_ENV = ("OPENBLAS_CORETYPE", "OPENBLAS_L2_SIZE", "OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS")


# ----------------------------------------------------------------------------
# BLAS information
# ----------------------------------------------------------------------------
def _openblas_libs():
    """Paths of OpenBLAS libraries loaded into this process (numpy's first)."""
    paths = []
    try:
        with open("/proc/self/maps") as fh:
            for line in fh:
                p = line.split()[-1]
                if "blas" in os.path.basename(p).lower() and p.startswith("/") and p not in paths:
                    paths.append(p)
    except OSError:
        pass
    np_dir = os.path.dirname(np.__file__)
    for d in (np_dir + ".libs", os.path.join(np_dir, ".dylibs")):
        for p in sorted(glob.glob(os.path.join(d, "*openblas*"))):
            if p not in paths:
                paths.append(p)
    return paths


def _blas_symbol(lib, stem):
    """``openblas_<stem>`` under the prefixes/suffixes the various builds use."""
    for prefix in ("scipy_openblas_", "openblas_"):
        for suffix in ("64_", "", "_64_", "64"):
            f = getattr(lib, f"{prefix}{stem}{suffix}", None)
            if f is not None:
                return f
    return None


def blas_info():
    """A dict describing the BLAS numpy uses right now (never raises)."""
    info = {k: os.environ.get(k, "<unset>") for k in BLAS_ENV}
    try:
        from threadpoolctl import threadpool_info  # optional

        pools = [p for p in threadpool_info() if p.get("user_api") == "blas"]
        if pools:
            p = pools[0]
            info.update(source="threadpoolctl", library=p.get("internal_api"), version=p.get("version"),
                        kernel=p.get("architecture"), threads=p.get("num_threads"))
            return info
    except Exception:  # not installed, or failed: fall back to ctypes
        pass
    for path in _openblas_libs():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        core = _blas_symbol(lib, "get_corename")
        if core is None:
            continue
        core.restype = ctypes.c_char_p
        cfg = _blas_symbol(lib, "get_config")
        nthr = _blas_symbol(lib, "get_num_threads")
        info.update(source="ctypes (threadpoolctl not installed)", library="openblas",
                    kernel=core().decode(), library_path=os.path.basename(path))
        if cfg is not None:
            cfg.restype = ctypes.c_char_p
            info["version"] = cfg().decode().split(" ")[1] if cfg() else "?"
        if nthr is not None:
            info["threads"] = nthr()
        return info
    info.update(source="unknown", kernel="? (no OpenBLAS found; see numpy.show_config())")
    return info


def set_blas_threads(n):
    """Limit BLAS threads (threadpoolctl if present, else OpenBLAS via ctypes)."""
    try:
        from threadpoolctl import threadpool_limits

        return threadpool_limits(limits=n, user_api="blas")
    except Exception:
        pass
    for path in _openblas_libs():
        try:
            lib = ctypes.CDLL(path)
        except OSError:
            continue
        f = _blas_symbol(lib, "set_num_threads")
        if f is not None:
            f(ctypes.c_int(n))
            return True
    print(f"warning: could not set BLAS threads to {n}", file=sys.stderr)
    return None


# ----------------------------------------------------------------------------
# timing
# ----------------------------------------------------------------------------
class Timer:
    """Wall time (``perf_counter``: the reported number, targets are on it) and
    process CPU time (``process_time``, all threads) as a cross-check. With one
    BLAS thread the CPU time hardly moves when other processes compete for the
    cores; with more, OpenBLAS's spin-waiting threads are counted too."""

    def __enter__(self):
        self.c0 = time.process_time()
        self.t0 = time.perf_counter()
        return self

    def __exit__(self, *exc):
        self.wall = time.perf_counter() - self.t0
        self.cpu = time.process_time() - self.c0
        self.result = (self.wall, self.cpu)


def interleaved(cases, repeats, warmup):
    """Time ``cases`` (name -> zero-argument callable) in interleaved rounds;
    odd rounds run the cases in reverse order.

    Each callable does its own set-up and returns ``(wall, cpu)`` seconds of
    only the work it measures. ``warmup`` (name -> callable) is run once per
    case first. Returns name -> list of ``(wall, cpu)``.
    """
    for name in cases:
        warmup[name]()
    names = list(cases)
    times = {n: [] for n in names}
    for r in range(repeats):
        for n in (names if r % 2 == 0 else names[::-1]):
            times[n].append(cases[n]())
    return times


def stats(ts):
    wall = [w for w, _ in ts]
    cpu = [c for _, c in ts]
    return dict(median=statistics.median(wall), min=min(wall), max=max(wall), n=len(wall),
                cpu=statistics.median(cpu))


def paired_ratio(a, b):
    """Median over rounds of wall b[i] / a[i] (same round => same conditions)."""
    return statistics.median(y[0] / x[0] for x, y in zip(a, b))


# ----------------------------------------------------------------------------
# 1. lecture 003's numpy loop
# ----------------------------------------------------------------------------
N, D_IN, H, D_OUT = 64, 1000, 100, 10


def lecture_data(seed=0):
    rs = np.random.RandomState(seed)
    x, y = rs.randn(N, D_IN), rs.randn(N, D_OUT)
    w1, w2 = rs.randn(D_IN, H), rs.randn(H, D_OUT)
    return x, y, w1, w2


def lecture_raw(x, y, w1, w2, steps):
    """Lecture 003's loop verbatim (without the print); updates w1, w2 in place."""
    for _t in range(steps):
        h = 1 / (1 + np.exp(-x.dot(w1)))
        y_pred = h.dot(w2)
        loss = np.square(y_pred - y).sum()  # noqa: F841 -- the lecture computes (and prints) it

        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T.dot(grad_y_pred)
        grad_h = grad_y_pred.dot(w2.T)
        grad_w1 = x.T.dot(grad_h * h * (1 - h))

        w1 -= 1e-4 * grad_w1
        w2 -= 1e-4 * grad_w2
    return w1, w2


def lecture_mlp(w1, w2, bias):
    net = MLP([D_IN, H, D_OUT], activation="sigmoid", output_activation="linear", loss="mse", bias=bias)
    net.weights = [w1.T.copy(), w2.T.copy()]
    return net


def bench_lecture(steps, repeats, profile=False):
    x, y, w1_0, w2_0 = lecture_data()
    lr = 1e-4 * N * D_OUT
    out = {}

    def run_raw(n=steps):
        w1, w2 = w1_0.copy(), w2_0.copy()
        with Timer() as t:
            lecture_raw(x, y, w1, w2, n)
        out["raw"] = (w1, w2)
        return t.result

    def run_mlp(bias, n=steps):
        net = lecture_mlp(w1_0, w2_0, bias)
        with Timer() as t:
            net.fit(x, y, lr=lr, epochs=n)
        out["mlp" if not bias else "mlp_bias"] = net
        return t.result

    cases = {"raw": run_raw, "mlp": lambda: run_mlp(False), "mlp_bias": lambda: run_mlp(True)}
    warm = {"raw": lambda: run_raw(50), "mlp": lambda: run_mlp(False, 50), "mlp_bias": lambda: run_mlp(True, 50)}
    times = interleaved(cases, repeats, warm)
    # verification: the last runs of each case all did `steps` steps
    w1, w2 = out["raw"]
    net = out["mlp"]
    d1 = float(np.max(np.abs(w1 - net.weights[0].T)))
    d2 = float(np.max(np.abs(w2 - net.weights[1].T)))
    verify = dict(diff_w1=d1, diff_w2=d2, ok=max(d1, d2) < 1e-8)
    prof = None
    if profile:
        prof = profile_call(lambda: lecture_mlp(w1_0, w2_0, False).fit(x, y, lr=lr, epochs=steps))
    return times, verify, prof


# ----------------------------------------------------------------------------
# 2. playground-size network
# ----------------------------------------------------------------------------
PG_SIZES = [2, 8, 8, 1]
PG_N, PG_LR = 500, 0.1


def playground_data(seed=0):
    X, y01 = datasets.xor_clusters(PG_N, noise=0.3, seed=seed)
    Y = 2.0 * y01 - 1.0  # labels +-1 for the tanh output
    net = MLP(PG_SIZES, activation="tanh", output_activation="tanh", loss="half_sse", seed=seed)
    rng = np.random.default_rng(seed + 1)
    net.biases = [rng.uniform(-0.1, 0.1, size=b.shape) for b in net.biases]  # non-zero: test them too
    return X, Y, [W.copy() for W in net.weights], [b.copy() for b in net.biases]


def playground_raw(X, Y, Ws, bs, lr, steps):
    """A plain numpy full-batch loop, 2-8-8-1 tanh, 0.5 * mean sum of squares.

    Updates ``Ws`` and ``bs`` in place; returns the loss of every step (before
    its update), as MLP.fit records it.
    """
    W1, W2, W3 = Ws
    b1, b2, b3 = bs
    n = X.shape[0]
    losses = []
    for _ in range(steps):
        # forward
        A1 = np.tanh(X @ W1.T + b1)
        A2 = np.tanh(A1 @ W2.T + b2)
        A3 = np.tanh(A2 @ W3.T + b3)
        E = A3 - Y
        losses.append(float(0.5 * np.sum(E * E) / n))
        # backward
        D3 = E * (1 - A3 * A3) / n
        D2 = (D3 @ W3) * (1 - A2 * A2)
        D1 = (D2 @ W2) * (1 - A1 * A1)
        gW3, gb3 = D3.T @ A2, D3.sum(axis=0)
        gW2, gb2 = D2.T @ A1, D2.sum(axis=0)
        gW1, gb1 = D1.T @ X, D1.sum(axis=0)
        # update
        W3 -= lr * gW3
        b3 -= lr * gb3
        W2 -= lr * gW2
        b2 -= lr * gb2
        W1 -= lr * gW1
        b1 -= lr * gb1
    return losses


def bench_playground(steps, repeats, profile=False):
    X, Y, W0, b0 = playground_data()
    out = {}

    def make_net():
        net = MLP(PG_SIZES, activation="tanh", output_activation="tanh", loss="half_sse")
        net.weights = [W.copy() for W in W0]
        net.biases = [b.copy() for b in b0]
        return net

    def run_raw(n=steps):
        Ws, bs = [W.copy() for W in W0], [b.copy() for b in b0]
        with Timer() as t:
            losses = playground_raw(X, Y, Ws, bs, PG_LR, n)
        out["raw"] = (Ws, bs, losses)
        return t.result

    def run_mlp(n=steps):
        net = make_net()
        with Timer() as t:
            hist = net.fit(X, Y, lr=PG_LR, epochs=n)
        out["mlp"] = (net, hist)
        return t.result

    cases = {"raw": run_raw, "mlp": run_mlp}
    warm = {"raw": lambda: run_raw(100), "mlp": lambda: run_mlp(100)}
    times = interleaved(cases, repeats, warm)
    Ws, bs, losses = out["raw"]
    net, hist = out["mlp"]
    dW = max(float(np.max(np.abs(a - b))) for a, b in zip(Ws, net.weights))
    db = max(float(np.max(np.abs(a - b))) for a, b in zip(bs, net.biases))
    dl = float(np.max(np.abs(np.array(losses) - np.array(hist.loss))))
    verify = dict(diff_W=dW, diff_b=db, diff_loss=dl, ok=max(dW, db) < 1e-10 and len(hist.loss) == len(losses),
                  first_loss=losses[0], last_loss=losses[-1])
    prof = None
    if profile:
        prof = profile_call(lambda: make_net().fit(X, Y, lr=PG_LR, epochs=steps))
    return times, verify, prof


# ----------------------------------------------------------------------------
# 3. lecture 001's 2-2-2 network
# ----------------------------------------------------------------------------
MAZUR_ROUNDS = 10_000


def bench_mazur(repeats):
    out = {}

    def run(update):
        net = MazurNetwork()
        with Timer() as t:
            run_ = net.train((0.05, 0.1), (0.01, 0.99), lr=0.5, rounds=MAZUR_ROUNDS, update=update)
        out[update] = run_
        return t.result

    cases = {u: (lambda u=u: run(u)) for u in ("simultaneous", "in_place")}
    warm = {u: (lambda u=u: MazurNetwork().train((0.05, 0.1), (0.01, 0.99), rounds=100, update=u))
            for u in cases}
    times = interleaved(cases, repeats, warm)
    return times, {u: r.errors[-1] for u, r in out.items()}


# ----------------------------------------------------------------------------
# profiling
# ----------------------------------------------------------------------------
def profile_call(fn, top=14):
    import cProfile
    import io
    import pstats

    pr = cProfile.Profile()
    pr.enable()
    fn()
    pr.disable()
    s = io.StringIO()
    pstats.Stats(pr, stream=s).sort_stats("tottime").print_stats(top)
    return s.getvalue()


# ----------------------------------------------------------------------------
# report
# ----------------------------------------------------------------------------
def fmt_s(t):
    return f"{t * 1e3:8.1f} ms" if t < 10 else f"{t:8.2f} s "


def loadavg():
    try:
        return " ".join(f"{v:.2f}" for v in os.getloadavg())
    except OSError:
        return "?"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0],
                                 formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="short smoke run (200 steps, 2 repeats)")
    ap.add_argument("--repeats", type=int, default=None, help="timed repeats per case (default 5, quick 2)")
    ap.add_argument("--strict", action="store_true", help="exit 1 if a target or a verification is missed")
    ap.add_argument("--profile", action="store_true", help="print a cProfile of MLP.fit for benchmarks 1 and 2")
    ap.add_argument("--blas-threads", type=int, default=None, help="limit OpenBLAS to this many threads")
    ap.add_argument("--only", default="1,2,3", help="comma-separated benchmarks to run (default 1,2,3)")
    args = ap.parse_args(argv)
    only = {b.strip() for b in args.only.split(",") if b.strip()}
    if not only or not only <= {"1", "2", "3"}:
        ap.error(f"--only takes benchmark numbers among 1,2,3, got {args.only!r}")
    repeats = args.repeats if args.repeats is not None else (2 if args.quick else 5)
    if repeats < 1:
        ap.error("--repeats must be >= 1")
    steps = 200 if args.quick else 2000

    limiter = set_blas_threads(args.blas_threads) if args.blas_threads else None  # noqa: F841 (kept alive)

    info = blas_info()
    print("backprop_core benchmarks" + ("  [--quick: smoke run, ratios indicative only]" if args.quick else ""))
    print(f"python {platform.python_version()}  numpy {np.__version__}  {platform.machine()}  "
          f"cpus {os.cpu_count()}  load avg {loadavg()}")
    print("env   " + "  ".join(f"{k}={info[k]}" for k in BLAS_ENV))
    print(f"BLAS  {info.get('library', '?')} {info.get('version', '')}  kernel={info.get('kernel')}  "
          f"threads={info.get('threads', '?')}  (via {info['source']})")
    print(f"timed repeats per case: {repeats} (benchmark 1), {SHORT_FACTOR * repeats} (2 and 3, which are short); "
          f"interleaved, order reversed every other round, after one warm-up\n")

    t_start = time.perf_counter()
    rows = []      # (bench, case, stats, steps, ratio, paired, cpu_ratio, target)
    checks = []    # (label, ok, detail)

    def ratio_row(bench, name, base, st, times_base, times, steps_, target):
        r = st["median"] / base["median"]
        rows.append((bench, name, st, steps_, r, paired_ratio(times_base, times), st["cpu"] / base["cpu"], target))
        return r

    p1 = p2 = None
    # --- 1: lecture 003 ---
    if "1" in only:
        t1, v1, p1 = bench_lecture(steps, repeats, args.profile)
        s_raw = stats(t1["raw"])
        rows.append(("1", f"lecture 003 loop, raw numpy, {steps} steps", s_raw, steps, None, None, None, None))
        r1 = ratio_row("1", "MLP.fit bias=False (same maths)", s_raw, stats(t1["mlp"]), t1["raw"], t1["mlp"],
                       steps, 1.05)
        ratio_row("1", "MLP.fit bias=True (information)", s_raw, stats(t1["mlp_bias"]), t1["raw"], t1["mlp_bias"],
                  steps, None)
        checks.append(("1 lecture loop: MLP/raw <= 1.05", r1 <= 1.05, f"ratio {r1:.3f}"))
        checks.append(("1 VERIFY final weights agree (< 1e-8)", v1["ok"],
                       f"max|w1_raw - W1.T| = {v1['diff_w1']:.2e}, max|w2_raw - W2.T| = {v1['diff_w2']:.2e}"))

    # --- 2: playground ---
    if "2" in only:
        t2, v2, p2 = bench_playground(steps, SHORT_FACTOR * repeats, args.profile)
        s_raw2 = stats(t2["raw"])
        rows.append(("2", f"2-8-8-1 tanh, 500 pts, raw numpy, {steps} st", s_raw2, steps, None, None, None, None))
        r2 = ratio_row("2", "MLP.fit", s_raw2, stats(t2["mlp"]), t2["raw"], t2["mlp"], steps, 1.15)
        checks.append(("2 playground: MLP/raw <= 1.15", r2 <= 1.15, f"ratio {r2:.3f}"))
        checks.append(("2 VERIFY final weights agree (< 1e-10)", v2["ok"],
                       f"max|dW| = {v2['diff_W']:.2e}, max|db| = {v2['diff_b']:.2e}, per-step loss "
                       f"max|d| = {v2['diff_loss']:.2e} (loss {v2['first_loss']:.4f} -> {v2['last_loss']:.4f})"))

    # --- 3: Mazur ---
    if "3" in only:
        t3, err3 = bench_mazur(SHORT_FACTOR * repeats)
        for u in ("simultaneous", "in_place"):
            s = stats(t3[u])
            rows.append(("3", f"MazurNetwork.train 10,000 rounds, {u}", s, MAZUR_ROUNDS, None, None, None, "<1 s"))
            checks.append((f"3 Mazur {u}: 10,000 rounds < 1 s", s["median"] < 1.0,
                           f"{s['median'] * 1e3:.1f} ms (E_total after: {err3[u]:.10f})"))

    # --- table ---
    head = (f"{'#':<2} {'case':<44} {'median':>11} {'min':>11} {'max':>11} {'cpu med':>11} {'steps/s':>8} "
            f"{'ratio':>6} {'paired':>6} {'cpu r.':>6} {'target':>7}")
    print(head)
    print("-" * len(head))
    num = lambda v: f"{v:6.3f}" if v is not None else "     -"  # noqa: E731
    for bench, name, s, n, r, pr, cr, target in rows:
        tgt = target if isinstance(target, str) else (f"<={target:.2f}" if target else "-")
        print(f"{bench:<2} {name:<44} {fmt_s(s['median'])} {fmt_s(s['min'])} {fmt_s(s['max'])} "
              f"{fmt_s(s['cpu'])} {n / s['median']:8.0f} {num(r)} {num(pr)} {num(cr)} {tgt:>7}")
    print("ratio = median wall(MLP) / median wall(raw), the number the target is on; paired = median of the\n"
          "per-round wall ratios; cpu r. = same ratio of process CPU time (all threads); steps/s from the median")
    print()

    missed = 0
    for label, ok, detail in checks:
        print(f"{'PASS' if ok else 'FAIL'}  {label:<42} {detail}")
        missed += not ok
    print(f"\n{len(checks) - missed}/{len(checks)} checks passed; wall time {time.perf_counter() - t_start:.1f} s; "
          f"load avg now {loadavg()}")
    spread = max(s["max"] / s["min"] for _, _, s, *_ in rows)
    if spread > 1.3:
        print(f"note: max/min up to {spread:.1f}x within one case -- something else was using the CPUs; trust the\n"
              f"      medians and paired ratios less, rerun with more --repeats, or with --blas-threads 1")

    for title, p in (("1: MLP.fit, lecture 003 network", p1), ("2: MLP.fit, 2-8-8-1 playground", p2)):
        if p:
            print(f"\n--- cProfile {title} (sorted by own time) ---")
            print(p)

    return 1 if (args.strict and missed) else 0


if __name__ == "__main__":
    sys.exit(main())
