"""Debugging backpropagation: bugs on purpose, the gradient check as a detective's tool (lecture 003).

* :class:`BugDashboard`: pick a bug of :data:`backprop_core.bugs.BUGS`, a
  point to check at and the numerical method; see the loss curves with and
  without the bug, the relative error of every parameter as a heat map per
  layer, and whether the check catches it.
* :class:`BugHuntDashboard`, :class:`BackwardChecker` (in
  :mod:`~backprop_lab.dashboards.debugging.bug_hunt`, re-exported here): the bug hunt
  and "check your own backward pass". What both modules use (the lesson's problem,
  :func:`check_table`, :class:`ErrorMaps`) lives in :mod:`.views`, so neither
  imports the other's importer (no import cycle).
* Tables for the notebook: :func:`training_table`, :func:`special_points_table`,
  :func:`methods_table`, :func:`check_table`.

Left out: the maths (:mod:`backprop_core.bugs`).
"""
from __future__ import annotations

import numpy as np

from backprop_core import bugs as B

from ... import theme
from ...controls import dropdown
from ...dashboard import Dashboard, FigureView
from ...exercise_widgets import NumberExercise
from ...plotting import Lines
from ...tables import Table, fmt
from .views import (DEMO_SIZES, EPOCHS, EXAMPLES, LEVEL_SIZES, LOSS_RANGE, LR,  # noqa: F401
                                   METHOD_LABELS, N_EXAMPLES, ErrorDiagram, ErrorMaps, check_table, demo_problem)
from .bug_hunt import HINTS, SOLUTION, BackwardChecker, BugHuntDashboard, mystery  # noqa: F401  (built on the above)

__all__ = ["demo_problem", "training_curves", "check_table", "training_table", "special_points_table",
           "methods_table", "ErrorMaps", "BugDashboard", "BugHuntDashboard", "mystery", "BackwardChecker",
           "SOLUTION", "HINTS", "batch_sum_exercise", "sign_exercise", "benchmark_scenarios", "LEVEL_SIZES"]



def _with_bug(net, bug, **kw):
    return net if bug == "none" else B.inject(net, bug, **kw)


def training_curves(net, X, Y, bug, lr=LR, epochs=EPOCHS):
    """Train a copy with ``bug`` (``'none'``: correct), full batch: the
    :class:`~backprop_core.TrainingHistory` (``costs``: the loss before each
    epoch and at the end; ``diverged_at`` when the loss stopped being finite)."""
    m = _with_bug(net, bug, lr=lr)
    return m.copy().fit(X, Y, lr=lr, epochs=epochs)


def _loss_words(h):
    c = h.costs
    if h.diverged:
        return f"diverged at epoch {h.diverged_at}"
    return "falls" if c[-1] < c[0] else "RISES"


def _title(bug):
    return "none (correct)" if bug == "none" else B.BUGS[bug].title


def training_table(net, X, Y, lr=LR, epochs=EPOCHS):
    """Loss at the start and after ``epochs`` epochs for the correct pass and every bug."""
    rows = []
    for bug in ["none", *B.BUGS]:
        h = training_curves(net, X, Y, bug, lr, epochs)
        rows.append([_title(bug), h.costs[0], h.costs[-1] if not h.diverged else "-", _loss_words(h)])
    return Table(["backward pass", "loss at start", f"after {epochs} epochs", "loss"], rows, digits=4,
                 title=f"Training {list(net.sizes)} on {X.shape[0]} examples, learning rate {lr:g}")


def special_points_table(net, X, Y, method="central"):
    """For every bug and every special point: does the check (at its threshold) catch it?

    Returns ``(Table, caught)`` with ``caught[bug][point]`` a bool.
    """
    caught, rows = {}, []
    for bug in B.BUGS:
        m = B.inject(net, bug)
        caught[bug] = {}
        for point in B.SPECIAL_POINTS:
            c = B.check_layers(*B.special_point(m, X, Y, point), method=method)
            caught[bug][point] = not c.passed()
        rows.append([B.BUGS[bug].title] + ["caught" if caught[bug][p] else "MISSED" for p in B.SPECIAL_POINTS])
    t = Table(["bug"] + list(B.SPECIAL_POINTS), rows,
              title=f"Does the {method} check catch the bug? (threshold {B.THRESHOLDS[method]:g})")
    return t, caught


def methods_table(net, X, Y, thresholds=(1e-1, 1e-2, 1e-5)):
    """Worst relative error of the central and the one-sided check for every bug (and none),
    and which thresholds each would catch it at. Returns ``(Table, errors)`` with
    ``errors[row name] = (central, one-sided)``."""
    cases = [("none", {}), *[(b, {}) for b in B.BUGS], ("updated_output_weights", {"lr": 0.01})]
    rows, errors = [], {}

    def flags(e):
        """One mark per threshold: x where the error e is above it, . where it is not."""
        return " ".join("x" if e > t else "." for t in thresholds)

    for bug, kw in cases:
        m = _with_bug(net, bug, **kw)
        name = _title(bug) + (f" (lr {kw['lr']:g})" if kw else "")
        c = B.check_layers(m, X, Y, "central").max_rel_error
        o = B.check_layers(m, X, Y, "one-sided").max_rel_error
        errors[name] = (c, o)
        rows.append([name, c, flags(c), o, flags(o)])
    marks = " ".join(f"{t:g}" for t in thresholds)
    t = Table(["backward pass", "central", f"above {marks}", "one-sided", f"above {marks}"], rows, digits=2,
              title="Worst relative error: central (eps 1e-5) vs one-sided (eps 1e-4); x = above that threshold")
    return t, errors


# -- heat maps -----------------------------------------------------------------------
def _verdict(bug, check, right, wrong):
    """The status sentence of the bug dashboard (``right``, ``wrong``: training histories)."""
    start, end = wrong.costs[0], wrong.costs[-1]
    parts = []
    if bug == "none":
        parts.append("The correct backward pass.")
    else:
        parts.append(f"{B.BUGS[bug].title}: {B.BUGS[bug].description}")
    if wrong.diverged:
        parts.append(f"Training: the loss stopped being finite at epoch {wrong.diverged_at} (diverged); training "
                     "stopped there.")
    elif end < start:
        parts.append(f"Training: the loss falls from {fmt(start, 4)} to {fmt(end, 4)} (correct: to "
                     f"{fmt(right.costs[-1], 4)}){' - a falling loss proves nothing' if bug != 'none' else ''}.")
    else:
        parts.append(f"Training: the loss RISES from {fmt(start, 4)} to {fmt(end, 4)}.")
    failing = check.failing()
    if failing:
        name, idx, a, n, r = check.worst()
        parts.append(f"Check: fails in {', '.join(failing)} (worst {r:.2g} at {name}[{','.join(map(str, idx))}]).")
        if bug != "none":
            parts.append("Caught.")
    elif bug == "none":
        parts.append(f"Check: passes (worst {check.max_rel_error:.1e}).")
    else:
        parts.append(f"Check: passes (worst {check.max_rel_error:.1e}): MISSED here. It hides "
                     f"{B.BUGS[bug].hides}.")
    return " ".join(parts)


class BugDashboard(Dashboard):
    """One bug at a time: loss curves, relative-error heat maps, verdict.

    Controls: ``bug`` (``'none'`` or a key of :data:`~backprop_core.bugs.BUGS`),
    ``point`` (one of :data:`~backprop_core.bugs.SPECIAL_POINTS`), ``method``
    (``'central'`` or ``'one-sided'``). Training always starts from the random
    weights with every example; the check is made at the chosen point.
    ``sizes``: the network (any, up to 4 layers); bugs it cannot have are left out.
    Under the heat maps the network itself (``self.diagram``, an :class:`ErrorDiagram` the browser
    draws): each connection by its relative error, dashed when it fails; a click on one says its
    backprop and numerical gradients (``self.diagram.pick_text()``).
    """

    def __init__(self, bug="missing_derivative", point="random", method="central", sizes=DEMO_SIZES, seed=0,
                 lr=LR, epochs=EPOCHS):
        super().__init__()
        self.net, self.X, self.Y = demo_problem(sizes, N_EXAMPLES, seed)
        self.lr, self.epochs = lr, epochs
        options = [("none (correct)", "none")]
        for name, b in B.BUGS.items():
            try:
                B.inject(self.net, name)
            except ValueError:
                continue
            options.append((b.title, name))
        self._watch(bug=dropdown("bug", options, bug, name="bug"),
                    point=dropdown("check at", list(B.SPECIAL_POINTS), point, name="point"),
                    method=dropdown("method", [(v, k) for k, v in METHOD_LABELS.items()], method, name="method"))
        # the training runs are computed once, here; a control change only checks and redraws
        self._curves = {b: training_curves(self.net, self.X, self.Y, b, lr, epochs) for _, b in options}
        self._checks = {}
        self.view = FigureView("two panels")
        fig = self.view.figure
        ax = fig.add_axes([0.09, 0.16, 0.27, 0.72])
        self.loss = Lines(ax, {"correct": dict(color="#aaaaaa", lw=4, label="correct"),
                               "buggy": dict(color=theme.PALETTE["vermillion"], lw=1.5, ls="--",
                                             label="with the bug")},
                          self.view.blit, title="training loss", xlabel="epoch", ylabel="loss", yscale="log",
                          legend="lower left")
        self.maps = ErrorMaps(fig, [0.41, 0.16, 0.59, 0.72], sizes, self.view.blit)
        self.diagram = ErrorDiagram(sizes)
        self.diagram.view.observe(lambda _change: self._publish_plot(), names="selected")
        self.arrange(figures=[self.view, self.diagram.widget])
        self.refresh()

    def curves(self, bug):
        """The training history with ``bug`` (computed when the dashboard was built)."""
        return self._curves[bug]

    def check(self, bug, point, method):
        return self._checked(bug, point, method)[0]

    def _checked(self, bug, point, method):
        """``(check, net)``: the check and the network it was made on (the point's weights)."""
        key = (bug, point, method)
        if key not in self._checks:
            m, X, Y = B.special_point(_with_bug(self.net, bug), self.X, self.Y, point)
            self._checks[key] = (B.check_layers(m, X, Y, method=method), m)
        return self._checks[key]

    def update(self):
        v = self.values
        bug, point, method = v["bug"], v["point"], v["method"]
        right, wrong = self.curves("none"), self.curves(bug)
        check, checked_net = self._checked(bug, point, method)
        self.diagram.show(check, checked_net, B.THRESHOLDS[method])  # first: its message leaves before the blit
        self.loss.set("correct", np.arange(len(right.costs)), right.costs)
        self.loss.set("buggy", np.arange(len(wrong.costs)), wrong.costs)
        self.loss.limits((0, self.epochs), LOSS_RANGE)  # fixed: a new bug only redraws the lines
        self.maps.set_threshold(B.THRESHOLDS[method])
        self.maps.show(check)
        self.set_table(check_table(check, title=f"Gradient check at '{point}' ({METHOD_LABELS[method]}, "
                                   f"threshold {B.THRESHOLDS[method]:g})"))
        failing = check.failing()
        kind = "info" if bug == "none" and not failing else ("ok" if failing and bug != "none" else "warn")
        self.set_status(_verdict(bug, check, right, wrong), kind)

    def plot_values(self):
        ys = self.loss.lines["buggy"].get_ydata()
        return {"map_max": self.maps.values(), "layers": self.maps.verdicts(), "loss_end": float(ys[-1]),
                "loss_start": float(ys[0]), "failing_connections": len(self.diagram.failing()),
                "selected": self.diagram.view.selected}


# -- exercises ---------------------------------------------------------------------------------------
def batch_sum_exercise(n=N_EXAMPLES):
    """What relative error does the check report for 'batch sum not divided' with ``n`` examples?"""
    net, X, Y = demo_problem(n=n)
    answer = B.check_layers(B.inject(net, "no_batch_mean"), X, Y).max_rel_error
    return NumberExercise(
        f"The bug 'batch sum not divided' on a batch of {n} examples: backprop returns n times the true gradient. "
        "What relative error |a - n| / max(|a|, |n|) does the check report (the same for every parameter)?",
        answer, hint="Write the backprop gradient as n g and the numerical one as g.",
        solution=f"|n g - g| / |n g| = 1 - 1/n = {1 - 1 / n:g}.",
        mistakes=[(float(n), "That is backprop / numerical, the ratio; the relative error divides the "
                              "difference by the larger of the two."),
                  (float(n - 1), "Divide the difference by the larger of the two gradients, n g.")])


def sign_exercise():
    """What relative error does the check report for 'sign flipped'?"""
    net, X, Y = demo_problem()
    answer = B.check_layers(B.inject(net, "sign_flipped"), X, Y).max_rel_error
    return NumberExercise(
        "The bug 'sign flipped': backprop returns -g instead of g. What relative error does the check report?",
        answer, hint="|(-g) - g| / max(|-g|, |g|).", solution="|-2 g| / |g| = 2, for every parameter.",
        mistakes=[(1.0, "The difference is -g - g = -2 g, twice the gradient."),
                  (-1.0, "That is backprop / numerical; the relative error is never negative.")])


def benchmark_scenarios():
    """(name, factory, actions) for benchmarks/bench_dashboards.py: a student's control changes."""
    bug_names = [b for b in B.BUGS] + ["none"]

    def sweep(name, values):
        return [(f"{name}={v}", (lambda d, v=v: d.set(**{name: v}))) for v in values]

    yield "BugDashboard", BugDashboard, (
        sweep("bug", bug_names) + sweep("point", list(B.SPECIAL_POINTS)) + sweep("method", ["one-sided", "central"])
        + sweep("bug", bug_names))
    yield "BugDashboard 4x8", (lambda: BugDashboard(sizes=(8, 8, 8, 8, 8))), (
        sweep("bug", bug_names) + sweep("point", list(B.SPECIAL_POINTS)) + sweep("method", ["one-sided", "central"]))
    yield "BugHuntDashboard", BugHuntDashboard, (
        [("Run check", lambda d: d.press("Run check")), ("examples=1", lambda d: d.set(examples="1 example")),
         ("Run check", lambda d: d.press("Run check")), ("Hint", lambda d: d.press("Hint")),
         ("guess", lambda d: d.set(guess="sign_flipped")), ("Name the bug", lambda d: d.press("Name the bug")),
         ("level=deep", lambda d: d.set(level="deep")), ("Run check", lambda d: d.press("Run check")),
         ("New mystery", lambda d: d.press("New mystery"))] * 3)
