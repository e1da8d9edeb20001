"""The bug hunt and "check your own backward pass" (lesson 09, lecture 003).

* :class:`BugHuntDashboard`: a mystery network with a hidden bug (seeded,
  three levels); run checks, look at the layers, ask for hints that point to
  the evidence, name the bug, read the summary of the hunt.
* :func:`mystery`: the hunt's seeded draw (tests use it to know the answer).
* :class:`BackwardChecker`: runs :func:`backprop_core.bugs.check_backward` on a
  student's two-layer backward pass and says what is wrong in words; the
  solution (:data:`SOLUTION`) only appears behind its button.

Left out: the maths (:mod:`backprop_core.bugs`) and the bug dashboard
(:mod:`backprop_lab.dashboards.debugging.dashboard`; the heat maps both use are in :mod:`.views`).
"""
from __future__ import annotations

import html

import numpy as np
import ipywidgets as W

import backprop_core as bp
from backprop_core import bugs as B
from backprop_core.sandbox import DEFAULT_TIMEOUT, sentence

from ...controls import dropdown
from ...dashboard import Dashboard, FigureView
from ...exercise_widgets import ExerciseWidget
from ...tables import Table, fmt
from ...theme import STATUS_STYLE
from .views import EXAMPLES, LEVEL_SIZES, METHOD_LABELS, N_EXAMPLES, ErrorMaps, check_table, demo_problem

__all__ = ["BugHuntDashboard", "mystery", "HINTS", "BackwardChecker", "SOLUTION"]

# -- the bug hunt --------------------------------------------------------------------------
#: Hints per bug: each points to evidence, never names the bug.
HINTS = {
    "updated_output_weights": [
        "Which layers fail? The output layer passes, so its delta is right; the error enters on the way down.",
        "Look at the size of the errors: a few per cent, not 100%. The hidden deltas are almost right: "
        "what could make the numbers used on the way down slightly different from the forward pass's?"],
    "fork_assign": [
        "Which layers fail? The output layer passes; the error enters on the way down.",
        "Each hidden neuron feeds several neurons above. How are their contributions combined?"],
    "missing_derivative": [
        "Which layers fail? Only layers below a certain point: everything under it inherits the error.",
        "Look at backprop / numerical: the backprop gradients are several times too large. A factor that is "
        "at most 1/4 for a sigmoid seems to be missing."],
    "sprime_of_z": [
        "Which layers fail? All of them, even the output layer, and backprop / numerical differs from place "
        "to place.",
        "A factor that appears in every layer's delta is wrong. Which factor is computed the same way in every layer?"],
    "sign_flipped": [
        "Every parameter fails, all with the same relative error.",
        "Look at backprop / numerical: what does -1 mean?"],
    "transposed": [
        "Which layers fail? Only the ones below a square weight matrix.",
        "Run the check at symmetric weights in your head: (W + W^T)/2. Which mistake could not be seen there?"],
    "wrong_layer_activations": [
        "Which parameters fail? Weights fail, but their biases pass.",
        "A bias gradient is delta alone; a weight gradient is delta times an activation. Which one is off?"],
    "no_batch_mean": [
        "Check with 1 example, then with 8. What changes?",
        "backprop / numerical is the same number everywhere. Compare it with the number of examples."],
    "double_batch_mean": [
        "Check with 1 example, then with 8. What changes?",
        "backprop / numerical is the same number everywhere. Compare it with the number of examples."],
    "bias_not_summed": [
        "Check with 1 example, then with 8. What changes?",
        "With 8 examples, which parameters fail: weights, biases, or both?"],
}


def mystery(level, seed, round=0):
    """The hidden bug of round ``round`` of a hunt at ``level`` with ``seed``:
    ``(bug, net, X, Y)`` (``net`` already buggy). Deterministic."""
    pool = B.LEVELS[level]
    rng = np.random.default_rng([seed, round, list(B.LEVELS).index(level)])
    bug = str(pool[int(rng.integers(len(pool)))])
    sizes = LEVEL_SIZES[level]
    net, X, Y = demo_problem(sizes, N_EXAMPLES, seed=int(rng.integers(1000)))
    kw = {}
    if bug == "missing_derivative":
        kw["layers"] = int(rng.integers(len(sizes) - 2))
    return bug, B.inject(net, bug, **kw), X, Y


class BugHuntDashboard(Dashboard):
    """Find the hidden bug of a mystery network.

    Controls: ``level`` (a key of :data:`~backprop_core.bugs.LEVELS`; a new
    level starts a new mystery), ``examples`` (``'8 examples'`` or ``'1 example'``),
    ``method``, ``guess`` (a bug name, ``''`` for none). Buttons: ``Run check``,
    ``Name the bug``, ``Hint``, ``New mystery``. The mystery of round k is
    :func:`mystery` ``(level, seed, k)``.
    """

    def __init__(self, level="one layer", seed=0, examples="8 examples", method="central"):
        super().__init__()
        self.seed = seed
        self._watch(level=dropdown("level", list(B.LEVELS), level, name="level"),
                    examples=dropdown("check with", list(EXAMPLES), examples, name="examples"),
                    method=dropdown("method", [(v, k) for k, v in METHOD_LABELS.items()], method, name="method"),
                    guess=dropdown("the bug is", [("(choose)", "")] + [(b.title, k) for k, b in B.BUGS.items()],
                                   "", name="guess"))
        self._button("Run check", self.run_check, "run the gradient check on the mystery network", "primary")
        self._button("Name the bug", self.name_bug, "say which bug you think it is", "success")
        self._button("Hint", self.hint, "a hint that points to the evidence")
        self._button("New mystery", self.new_mystery, "another network with another hidden bug", "warning")
        self.view = FigureView("beside strip")  # beside the controls in a 850 px notebook
        self.maps = ErrorMaps(self.view.figure, [0.01, 0.12, 0.97, 0.82], LEVEL_SIZES[level], self.view.blit,
                              slots=max(len(s) - 1 for s in LEVEL_SIZES.values()))
        self.log = W.HTML(layout=W.Layout(max_width="100%"))
        self.round = -1
        self._level = None
        self.arrange(controls=["level", "examples", "method", "guess"], below=(self.log,))
        self.new_mystery()

    # -- actions --------------------------------------------------------------------------
    def new_mystery(self):
        self.round += 1
        self._level = self.values["level"]
        self.bug, self.net, self.X, self.Y = mystery(self._level, self.seed, self.round)
        self.checks, self.hints, self.guesses, self.solved = [], 0, [], False
        self.last = None
        self.maps.set_sizes(LEVEL_SIZES[self._level])
        self.maps.show(None)
        self._say(f"Mystery {self.round + 1} ({self._level}, network {list(self.net.sizes)}): somewhere in its "
                  "backward pass hides one bug. Run a check to see which layers fail.", "info")
        self.refresh()

    def on_control_change(self, change):
        if self.values["level"] != self._level:
            self.new_mystery()
        else:
            self.refresh()

    def run_check(self):
        n = EXAMPLES[self.values["examples"]]
        method = self.values["method"]
        X, Y = self.X[:n], self.Y[:n]
        self.last = B.check_layers(self.net, X, Y, method=method)
        self.checks.append((method, n, self.last.failing()))
        failing = self.last.failing()
        self.maps.set_threshold(B.THRESHOLDS[method])
        self.maps.show(self.last)
        what = f"Check {len(self.checks)} ({method}, {n} example{'s' if n > 1 else ''})"
        if failing:
            self._say(f"{what}: fails in {', '.join(failing)}; passes in "
                      f"{', '.join(k for k in self.last.errors if k not in failing) or 'nothing'}. "
                      "Look at which layers fail and at backprop / numerical.", "warn")
        else:
            self._say(f"{what}: every parameter passes (worst {self.last.max_rel_error:.1e}). "
                      "A bug that hides here may show elsewhere: try other settings.", "info")
        self.refresh()

    def name_bug(self):
        guess = self.values["guess"]
        if self.solved:
            self._say("Solved already. Press New mystery for another one.", "info")
        elif not guess:
            self._say("Choose a bug from the list 'the bug is' first.", "warn")
        elif guess == self.bug:
            self.solved = True
            self.guesses.append(guess)
            self._say(f"Right: {B.BUGS[guess].title}. {B.BUGS[guess].description} " + self.summary(), "ok")
        else:
            self.guesses.append(guess)
            self._say(f"Not '{B.BUGS[guess].title}'. {self._why_not(guess)}", "warn")
        self.refresh()

    def hint(self):
        if not self.checks:
            self._say("Hint: run a check first (Run check) and look at which layers fail.", "info")
        else:
            tips = HINTS[self.bug]
            self._say("Hint: " + tips[min(self.hints, len(tips) - 1)], "info")
            self.hints += 1
        self.refresh()

    def _why_not(self, guess):
        """Evidence against a wrong guess: what that bug would show at the last check's settings."""
        if self.last is None:
            return "Run a check first: the evidence decides, not the guess."
        n = self.last.n_examples
        try:
            other = B.inject(bp.MLP.copy(self.net), guess)
        except ValueError as exc:
            return f"This network cannot have it: {exc}"
        c = B.check_layers(other, self.X[:n], self.Y[:n], method=self.last.method)
        theirs, ours = c.failing(), self.last.failing()
        if theirs != ours:
            return (f"With that bug the same check would fail in {', '.join(theirs) or 'nothing'}; "
                    f"here it fails in {', '.join(ours) or 'nothing'}.")
        if ours:
            name, idx, a, num, _ = self.last.worst()
            guess_a = float(c.analytic[name][idx])
            if not np.isclose(guess_a, a, rtol=1e-3, atol=0):
                where = f"{name}[{','.join(map(str, idx))}]"
                return (f"It fails in the same places, but with that bug backprop / numerical at {where} would be "
                        f"{fmt(guess_a / num, 3)}; here it is {fmt(a / num, 3)}.")
        return ("With that bug this check would look the same, so it cannot tell them apart: "
                "check with other settings.")

    # -- view ---------------------------------------------------------------------------------
    def _say(self, text, kind):
        self._message = (text, kind)

    def summary(self):
        """The hunt so far, in one paragraph."""
        checks = len(self.checks)
        wrong = [B.BUGS[g].title for g in self.guesses if g != self.bug]
        text = (f"Hunt {self.round + 1} ({self._level}): {checks} check{'s' if checks != 1 else ''}, "
                f"{self.hints} hint{'s' if self.hints != 1 else ''}, {len(wrong)} wrong "
                f"guess{'es' if len(wrong) != 1 else ''}{' (' + ', '.join(wrong) + ')' if wrong else ''}")
        if self.solved:
            return text + f"; solved: {B.BUGS[self.bug].title}."
        return text + "; not solved yet."

    def update(self):
        if self.last is not None:
            self.set_table(check_table(self.last, title=f"Check {len(self.checks)}: {self.last.method}, "
                                       f"{self.last.n_examples} example{'s' if self.last.n_examples > 1 else ''}"))
        else:
            self.set_table(Table(["parameter", "worst relative error", "verdict"], [],
                                 title="No check yet: press Run check"))
        text, kind = self._message
        self.set_status(text, kind)
        lines = [f"{i + 1}. {m}, {n} example{'s' if n > 1 else ''}: "
                 f"{'fails in ' + ', '.join(f) if f else 'passes'}" for i, (m, n, f) in enumerate(self.checks)]
        self.log.value = (f'<div style="font-size:90%">{html.escape(self.summary())}'
                          + "".join(f"<br>{html.escape(x)}" for x in lines) + "</div>")

    def plot_values(self):
        return {"map_max": self.maps.values(), "layers": self.maps.verdicts(), "checks": len(self.checks),
                "solved": self.solved,
                "round": self.round}


# -- check your own backward pass ---------------------------------------------------------------
SOLUTION = '''def my_backward(W0, b0, W1, b1, X, Y):
    n = X.shape[0]
    A1 = sigmoid(X @ W0.T + b0)            # (n, 4)
    A2 = sigmoid(A1 @ W1.T + b1)           # (n, 2)
    delta2 = (A2 - Y) / n * A2 * (1 - A2)  # dC/dZ2: dC/dA2 (Hadamard) S'(Z2)
    dW1 = delta2.T @ A1                    # (2, 4)
    db1 = delta2.sum(axis=0)               # (2,): summed over the examples
    delta1 = (delta2 @ W1) * A1 * (1 - A1) # W1^T delta2, then S'(Z1)
    dW0 = delta1.T @ X                     # (4, 3)
    db0 = delta1.sum(axis=0)               # (4,)
    return dW0, db0, dW1, db1'''


class BackwardChecker(ExerciseWidget):
    """Check a student's backward function (see :func:`backprop_core.bugs.check_backward`).

    ``fn``: the function, or its name (a string) looked up in the notebook
    when Check is pressed, so re-running the template cell is enough.
    Buttons ``Check my backward pass`` and ``Show solution``; ``check()``
    returns the :class:`~backprop_core.bugs.BackwardReport`. The function runs
    through the course's one runner (:func:`backprop_core.sandbox.run_student`):
    after ``timeout`` seconds (default 10) it is stopped, and ``sys.exit()``, the
    stop button or endless recursion are said in a sentence; the kernel survives.
    """

    def __init__(self, fn, seed=0, timeout=DEFAULT_TIMEOUT):
        self.fn, self.seed, self.timeout = fn, seed, timeout
        self.result = W.HTML(layout=W.Layout(max_width="100%"))
        self.solution = W.HTML(layout=W.Layout(max_width="100%"))
        check = W.Button(description="Check my backward pass", button_style="primary", layout=W.Layout(width="auto"))
        sol = W.Button(description="Show solution", layout=W.Layout(width="auto"))
        check.on_click(lambda _b: self.check())
        sol.on_click(lambda _b: self.show_solution())
        self.buttons = {"Check my backward pass": check, "Show solution": sol}
        self.widget = W.VBox([W.Box([check, sol], layout=W.Layout(display="flex", flex_flow="row wrap")),
                              self.result, self.solution],
                             layout=W.Layout(border="1px solid #ddd", padding="6px", margin="6px 0",
                                             max_width="100%"))
        self.report = None

    def _function(self):
        if callable(self.fn):
            return self.fn
        try:
            from IPython import get_ipython

            ns = get_ipython().user_ns
        except Exception:  # not in IPython
            ns = {}
        if self.fn not in ns:
            return None
        return ns[self.fn]

    def check(self):
        fn = self._function()
        if fn is None or not callable(fn):
            self.report = B.BackwardReport(False, "missing", f"No function named {self.fn!r} yet: run the "
                                           "template cell first.", {})
        else:
            try:   # the student's code runs inside check_backward, through backprop_core.sandbox.run_student
                self.report = B.check_backward(fn, seed=self.seed, timeout=self.timeout)
            except Exception as exc:  # a fault of the checker itself: still words, never a traceback
                text = sentence(exc)
                self.report = B.BackwardReport(False, "raised", f"Could not check your function "
                                               f"({type(exc).__name__}{': ' + text if text else ''}).", {})
        kind = "ok" if self.report.passed else "warn"
        self.result.value = (f'<div style="{STATUS_STYLE[kind]};white-space:normal">'
                             f'{html.escape(self.report.message)}</div>')
        return self.report

    def show_solution(self):
        self.solution.value = (f'<pre style="font-size:85%;white-space:pre-wrap;overflow-wrap:anywhere">'
                               f"{html.escape(SOLUTION)}</pre>")

