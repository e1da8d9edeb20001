"""Exercises built from the lectures' networks, with feedback that names the mistake.

Every answer and every "typical wrong answer" is computed by
:mod:`backprop_core` for the weights at hand, so the same exercise works for
any weights a teacher (or a seed) picks.

:func:`course_exercises` lists every exercise of the course (lesson, the call
its notebook makes, a builder), so one test can check them all.

Left out: free-text questions; only numbers are checked. How an answer is
judged (tolerances, messages, when the solution opens) is
:mod:`backprop_lab.exercise_widgets`.
"""
from __future__ import annotations

import numpy as np

import backprop_core as bp

from .tables import Math
from .widgets import ChainRuleExercise, NumberExercise

__all__ = ["CourseExercise", "course_exercises", "lesson_05_exercises", "lesson_06_exercises",
           "chain_mistakes", "chain_rule_exercise", "chain_gradient_exercise", "chain_update_exercise",
           "random_chain_weights", "output_mistakes", "output_gradient_exercise", "output_chain_rule_exercise",
           "parabola_step_exercise", "iterations_exercise", "simultaneous_step_exercise"]

_WL = {"w0": "w_0", "w1": "w_1", "w2": "w_2"}


def random_chain_weights(seed):
    """Weights for a fresh exercise: ``{'w0', 'w1', 'w2'}`` rounded to 1 decimal, from ``seed``."""
    rng = np.random.default_rng(seed)
    w = np.round(rng.uniform(-2, 2, size=3), 1)
    w[w == 0] = 0.5
    return dict(zip(("w0", "w1", "w2"), map(float, w)))


def chain_mistakes(net, s0, target, lr=0.5):
    """Typical wrong values for each factor of lecture 000's chain-rule products.

    Returns ``{symbol: [(wrong_value, explanation), ...]}`` keyed like
    :meth:`backprop_core.ChainNetwork.factors` symbols, plus ``'dC/dw0'``... for
    the products.
    """
    f = net.forward(s0)
    w = net.weights
    err = f.out - target
    updated = net.step(s0, target, lr).weights
    sign = "Wrong sign: dC/dout = out - target. The derivative of 1/2 (target - out)^2 brings down a minus sign."
    m = {
        "dC/dout": [(target - f.out, sign)],
        "dout/ds2": [(updated["w2"], "You used the already-updated w2. Every derivative of one step uses the "
                                     "weights from before the step."),
                     (f.s2, "out = w2 s2, so dout/ds2 is the weight w2, not s2.")],
        "ds2/dx2": [(f.s2, "Forgot the (1 - s2): the sigmoid's derivative is S'(x2) = s2 (1 - s2)."),
                    (f.x2 * (1 - f.x2), "Used the neuron's input x2 in S(1 - S); use its output s2: s2 (1 - s2)."),
                    (1 - f.s2, "Forgot the s2 factor: S'(x2) = s2 (1 - s2).")],
        "dx2/dw1": [(f.s2, "Multiplied by the wrong activation: x2 = w1 s1, so dx2/dw1 = s1, the activation "
                           "that enters the weight, not s2."),
                    (w["w1"], "dx2/dw1 is what multiplies w1 in x2 = w1 s1: that is s1, not w1.")],
        "dx2/ds1": [(updated["w1"], "You used the already-updated w1; use the weight from before the step."),
                    (f.s1, "x2 = w1 s1, so dx2/ds1 is w1, not s1.")],
        "ds1/dx1": [(f.s1, "Forgot the (1 - s1): S'(x1) = s1 (1 - s1)."),
                    (f.s2 * (1 - f.s2), "That is S'(x2) of the second neuron; here you need S'(x1) = s1 (1 - s1)."),
                    (f.x1 * (1 - f.x1), "Used the input x1 in S(1 - S); use the output s1: s1 (1 - s1).")],
        "dx1/dw0": [(f.s1, "Multiplied by the wrong activation: x1 = w0 s0, so dx1/dw0 = s0."),
                    (w["w0"], "dx1/dw0 is what multiplies w0 in x1 = w0 s0: s0, not w0.")],
        "dout/dw2": [(w["w2"], "out = w2 s2, so dout/dw2 = s2, not w2."),
                     (f.s1, "Multiplied by the wrong activation: the activation entering w2 is s2, not s1.")],
    }
    ds2, ds1 = f.s2 * (1 - f.s2), f.s1 * (1 - f.s1)
    g = net.gradients(s0, target)
    up = bp.ChainNetwork(**updated)
    m["dC/dw2"] = [(-g["w2"], sign), (err * w["w2"], "dC/dw2 = (out - target) s2: multiply by s2, not w2.")]
    m["dC/dw1"] = [(err * w["w2"] * f.s1, "Forgot the S' factor s2 (1 - s2) of the second neuron."),
                   (-g["w1"], sign),
                   (err * w["w2"] * ds2 * f.s2, "Multiplied by the wrong activation: the last factor is s1, not s2."),
                   (err * updated["w2"] * ds2 * f.s1, "Used the already-updated w2; use the weights before the step.")]
    m["dC/dw0"] = [(err * w["w2"] * w["w1"] * f.s0, "Forgot both S' factors, s2 (1 - s2) and s1 (1 - s1)."),
                   (err * w["w2"] * ds2 * w["w1"] * f.s0, "Forgot the S' factor s1 (1 - s1) of the first neuron."),
                   (err * w["w2"] * w["w1"] * ds1 * f.s0, "Forgot the S' factor s2 (1 - s2) of the second neuron."),
                   (-g["w0"], sign),
                   (float(up.gradients(s0, target)["w0"]),
                    "That is the gradient after the update; use the weights before the step.")]
    return m


def _hint(symbol):
    hints = {
        "dC/dout": "C = 1/2 (target - out)^2; differentiate with respect to out (chain rule on the square).",
        "dout/ds2": "out = w2 * s2. What multiplies s2?",
        "ds2/dx2": "s2 = S(x2) and S'(x) = S(x) (1 - S(x)).",
        "dx2/dw1": "x2 = w1 * s1. What multiplies w1?",
        "dx2/ds1": "x2 = w1 * s1. What multiplies s1?",
        "ds1/dx1": "s1 = S(x1) and S'(x) = S(x) (1 - S(x)).",
        "dx1/dw0": "x1 = w0 * s0. What multiplies w0?",
        "dout/dw2": "out = w2 * s2. What multiplies w2?",
    }
    return hints.get(symbol, "Multiply the factors above.")


def chain_rule_exercise(net=None, s0=2.0, target=0.7, weight="w1", lr=0.5):
    """A chain-rule table for ``dC/d<weight>``, filled in factor by factor.

    Each factor's cell is checked on its own; wrong answers that match a
    typical error (sign, missing S', wrong activation, updated weight) are named.
    """
    net = net or bp.ChainNetwork()
    if weight not in _WL:
        raise ValueError(f"weight must be one of 'w0', 'w1', 'w2', got {weight!r}.")
    mistakes = chain_mistakes(net, s0, target, lr)
    rows = []
    for fac in net.factors(s0, target):
        if fac.weight != weight:
            continue
        rows.append({"symbol": Math(fac.latex_symbol, fac.symbol), "answer": float(fac.value),
                     "hint": _hint(fac.symbol), "mistakes": mistakes.get(fac.symbol, [])})
    w = net.weights
    title = (rf"Fill in the chain rule for $\partial C/\partial {_WL[weight]}$ with "
             rf"$w_0 = {w['w0']:g},\ w_1 = {w['w1']:g},\ w_2 = {w['w2']:g},\ s_0 = {s0:g}$, target $= {target:g}$. "
             "Each factor gets its own box; the last row is their product.")
    return ChainRuleExercise(title, rows, solution=f"dC/d{weight} = " + " * ".join(
        f"{r['answer']:.6g}" for r in rows[:-1]) + f" = {rows[-1]['answer']:.6g}")


def chain_gradient_exercise(net=None, s0=2.0, target=0.7, weight="w1", lr=0.5):
    """"Compute dC/d<weight> for these weights": one box, feedback naming the mistake."""
    net = net or bp.ChainNetwork()
    g = float(net.gradients(s0, target)[weight])
    w = net.weights
    factors = [r for r in net.factors(s0, target) if r.weight == weight]
    question = (rf"Compute $\partial C/\partial {_WL[weight]}$ for $w_0 = {w['w0']:g}$, $w_1 = {w['w1']:g}$, "
                rf"$w_2 = {w['w2']:g}$, $s_0 = {s0:g}$ and target $= {target:g}$ (4 significant digits are enough).")
    hint = "Do a forward pass first, then multiply: " + " * ".join(r.formula for r in factors[:-1]) + "."
    solution = " * ".join(f"{r.value:.5g}" for r in factors[:-1]) + f" = {g:.6g}"
    return NumberExercise(question, g, hint=hint, solution=solution,
                          mistakes=chain_mistakes(net, s0, target, lr)[f"dC/d{weight}"])


# ---------------------------------------------------------------------------
# d out / d w_i (lecture 000, first half: no cost, no update yet)
# ---------------------------------------------------------------------------
def output_mistakes(net, s0):
    """Typical wrong values for the factors and products of ``d out/d w_i``.

    Like :func:`chain_mistakes` but for the output itself (no cost, no
    update): forgetting an S' factor, multiplying by the wrong activation,
    using the input x instead of the output s in S(1 - S). Keys are factor
    symbols (``'ds2/dx2'``) and ``'dout/dw0'``, ``'dout/dw1'``, ``'dout/dw2'``.
    """
    f = net.forward(s0)
    w = net.weights
    ds2, ds1 = f.s2 * (1 - f.s2), f.s1 * (1 - f.s1)
    xs2, xs1 = f.x2 * (1 - f.x2), f.x1 * (1 - f.x1)
    m = {
        "dout/ds2": [(f.s2, "out = w2 s2, so dout/ds2 is the weight w2, not s2.")],
        "ds2/dx2": [(f.s2, "Forgot the (1 - s2): the sigmoid's derivative is S'(x2) = s2 (1 - s2)."),
                    (xs2, "Used the neuron's input x2 in S(1 - S); use its output s2: s2 (1 - s2)."),
                    (1 - f.s2, "Forgot the s2 factor: S'(x2) = s2 (1 - s2).")],
        "dx2/dw1": [(f.s2, "Multiplied by the wrong activation: x2 = w1 s1, so dx2/dw1 = s1, the activation "
                           "that enters the weight, not s2."),
                    (w["w1"], "dx2/dw1 is what multiplies w1 in x2 = w1 s1: that is s1, not w1.")],
        "dx2/ds1": [(f.s1, "x2 = w1 s1, so dx2/ds1 is w1, not s1.")],
        "ds1/dx1": [(f.s1, "Forgot the (1 - s1): S'(x1) = s1 (1 - s1)."),
                    (ds2, "That is S'(x2) of the second neuron; here you need S'(x1) = s1 (1 - s1)."),
                    (xs1, "Used the input x1 in S(1 - S); use the output s1: s1 (1 - s1).")],
        "dx1/dw0": [(f.s1, "Multiplied by the wrong activation: x1 = w0 s0, so dx1/dw0 = s0."),
                    (w["w0"], "dx1/dw0 is what multiplies w0 in x1 = w0 s0: s0, not w0.")],
        "dout/dw2": [(w["w2"], "out = w2 s2, so dout/dw2 = s2, not w2."),
                     (f.s1, "Multiplied by the wrong activation: the activation entering w2 is s2, not s1.")],
        "dout/dw1": [(w["w2"] * f.s1, "Forgot the S' factor s2 (1 - s2) of the second neuron."),
                     (w["w2"] * ds2 * f.s2, "Multiplied by the wrong activation: the last factor is s1 "
                                            "(what w1 multiplies), not s2."),
                     (w["w2"] * xs2 * f.s1, "Used the input x2 in S(1 - S); use the output s2: s2 (1 - s2)."),
                     (ds2 * f.s1, "Forgot the first factor, dout/ds2 = w2.")],
        "dout/dw0": [(w["w2"] * w["w1"] * f.s0, "Forgot both S' factors, s2 (1 - s2) and s1 (1 - s1)."),
                     (w["w2"] * ds2 * w["w1"] * f.s0, "Forgot the S' factor s1 (1 - s1) of the first neuron."),
                     (w["w2"] * w["w1"] * ds1 * f.s0, "Forgot the S' factor s2 (1 - s2) of the second neuron."),
                     (w["w2"] * ds2 * w["w1"] * ds1 * f.s1,
                      "Multiplied by the wrong activation: the last factor is s0 (what w0 multiplies), not s1."),
                     (w["w2"] * xs2 * w["w1"] * xs1 * f.s0,
                      "Used the inputs x in S(1 - S); use the outputs: s2 (1 - s2) and s1 (1 - s1)."),
                     (w["w2"] * ds2 * ds1 * f.s0, "Forgot the factor dx2/ds1 = w1.")],
    }
    return {k: [(float(v), why) for v, why in rows] for k, rows in m.items()}


def _output_question(net, s0):
    w = net.weights
    return rf"$w_0 = {w['w0']:g},\ w_1 = {w['w1']:g},\ w_2 = {w['w2']:g},\ s_0 = {s0:g}$"


def output_gradient_exercise(net=None, s0=2.0, weight="w1"):
    """"Compute d out/d<weight> for these weights": one box, feedback naming the mistake."""
    net = net or bp.ChainNetwork()
    if weight not in _WL:
        raise ValueError(f"weight must be one of 'w0', 'w1', 'w2', got {weight!r}.")
    factors = net.output_factors(s0, weight)
    answer = float(net.output_gradients(s0)[weight])
    question = (rf"Compute $\partial\, out/\partial {_WL[weight]}$ for {_output_question(net, s0)} "
                "(4 significant digits are enough).")
    hint = "Do a forward pass first, then multiply: " + " * ".join(f.formula for f in factors) + "."
    solution = " * ".join(f"{f.value:.5g}" for f in factors) + f" = {answer:.6g}"
    return NumberExercise(question, answer, hint=hint, solution=solution,
                          mistakes=output_mistakes(net, s0)[f"dout/d{weight}"])


def output_chain_rule_exercise(net=None, s0=2.0, weight="w0"):
    """A chain-rule table for ``d out/d<weight>``, filled in factor by factor; the last row is the product."""
    net = net or bp.ChainNetwork()
    if weight not in _WL:
        raise ValueError(f"weight must be one of 'w0', 'w1', 'w2', got {weight!r}.")
    mistakes = output_mistakes(net, s0)
    factors = net.output_factors(s0, weight)
    rows = [{"symbol": Math(f.latex_symbol, f.symbol), "answer": float(f.value), "hint": _hint(f.symbol),
             "mistakes": mistakes.get(f.symbol, [])} for f in factors]
    answer = float(net.output_gradients(s0)[weight])
    rows.append({"symbol": Math(rf"\frac{{\partial out}}{{\partial {_WL[weight]}}}", f"dout/d{weight}"),
                 "answer": answer, "hint": "Multiply the factors above.",
                 "mistakes": mistakes[f"dout/d{weight}"]})
    title = (rf"Fill in the chain rule for $\partial\, out/\partial {_WL[weight]}$ with {_output_question(net, s0)}. "
             "Each factor gets its own box; the last row is their product.")
    return ChainRuleExercise(title, rows, solution=f"dout/d{weight} = " + " * ".join(
        f"{r['answer']:.6g}" for r in rows[:-1]) + f" = {answer:.6g}")


def chain_update_exercise(net=None, s0=2.0, target=0.7, lr=0.5, weight="w2"):
    """"What is <weight> after one gradient-descent step?": one box; the typical slips named."""
    net = net or bp.ChainNetwork()
    if weight not in _WL:
        raise ValueError(f"weight must be one of 'w0', 'w1', 'w2', got {weight!r}.")
    f = net.forward(s0)
    w = net.weights
    g = float(net.gradients(s0, target)[weight])
    new = float(net.step(s0, target, lr).weights[weight])
    factors = [r for r in net.factors(s0, target) if r.weight == weight]
    mistakes = [(w[weight] + lr * g, f"Wrong sign: step against the gradient, {weight} - alpha * dC/d{weight}."),
                (w[weight] - g, "Forgot the learning rate alpha."),
                (-lr * g, f"That is the change of {weight}; add it to the old {weight}."),
                (g, f"That is dC/d{weight} itself; now take the step."),
                (w[weight], f"That is {weight} before the step; subtract alpha * dC/d{weight} from it.")]
    if weight == "w2":
        mistakes.append((w["w2"] - lr * (f.out - target) * f.s1, "dC/dw2 = (out - target) s2: you used s1."))
    mistakes += [(w[weight] - lr * wrong, f"dC/d{weight} is off: {why}")
                 for wrong, why in chain_mistakes(net, s0, target, lr)[f"dC/d{weight}"]]
    question = (rf"With $w_0 = {w['w0']:g},\ w_1 = {w['w1']:g},\ w_2 = {w['w2']:g}$, $s_0 = {s0:g}$, "
                rf"target $= {target:g}$ and $\alpha = {lr:g}$: what is ${_WL[weight]}$ after one step of "
                rf"${_WL[weight]} \leftarrow {_WL[weight]} - \alpha\,\partial C/\partial {_WL[weight]}$?")
    hint = ("Forward pass first, then dC/d" + weight + " = " + " * ".join(r.formula for r in factors[:-1])
            + ", then the update.")
    solution = (f"out = {f.out:.5g}; dC/d{weight} = " + " * ".join(f"{r.value:.5g}" for r in factors[:-1])
                + f" = {g:.5g}; {weight} <- {w[weight]:g} - {lr:g} * ({g:.5g}) = {new:.6g}")
    return NumberExercise(question, new, hint=hint, solution=solution, mistakes=mistakes, step=lr * g)


# ---------------------------------------------------------------------------
# gradient descent itself (lecture 001, second half; lecture 004)
# ---------------------------------------------------------------------------
def parabola_step_exercise(theta=0.0, lr=0.1):
    """One step of gradient descent on lecture 001's kind of 1-D cost, ``J = (theta - 3)^2 + 1``."""
    from backprop_core.descent import OBJECTIVES, gradient_descent

    parabola = OBJECTIVES["parabola"]
    slope = float(parabola.grad(np.array([theta]))[0])
    answer = float(gradient_descent(parabola, [theta], lr, steps=1).thetas[1, 0])
    return NumberExercise(
        rf"For $J(\theta) = (\theta - 3)^2 + 1$, starting from $\theta = {theta:g}$ with $\alpha = {lr:g}$: "
        r"what is $\theta$ after one step of $\theta := \theta - \alpha\, dJ/d\theta$?",
        answer,
        hint=f"dJ/dtheta = 2 (theta - 3); evaluate it at theta = {theta:g}, then step against it.",
        solution=f"dJ/dtheta = 2 ({theta:g} - 3) = {slope:g}; theta := {theta:g} - {lr:g} * ({slope:g}) = {answer:g}",
        mistakes=[(theta + lr * slope, "Wrong sign: the update is theta - alpha * dJ/dtheta (minus), so a "
                                       "negative slope moves theta to the right."),
                  (theta - lr * slope / 2, "Forgot the factor 2: the derivative of (theta - 3)^2 is 2 (theta - 3)."),
                  (theta - slope, "Forgot the learning rate alpha."),
                  (slope, "That is dJ/dtheta itself; now take the step."),
                  (theta, "That is theta before the step; subtract alpha * dJ/dtheta from it.")],
        step=lr * slope)


def iterations_exercise(n, batch_size, epochs=1):
    """"How many weight updates?" for ``n`` samples in batches of ``batch_size`` over ``epochs`` epochs."""
    from backprop_core.descent import iterations_per_epoch

    per = iterations_per_epoch(n, batch_size)
    mode = ("stochastic gradient descent (batch size 1)" if batch_size == 1 else
            "full-batch gradient descent" if batch_size >= n else f"mini-batches of {batch_size}")
    if epochs == 1:
        question = (f"A data set of {n} samples is trained with {mode}. "
                    "How many iterations (weight updates) make one epoch?")
        solution = f"ceil({n} / {batch_size}) = {per} iterations per epoch."
    else:
        question = f"{mode[0].upper() + mode[1:]} on {n} samples for {epochs} epochs: how many weight updates?"
        solution = f"{epochs} epochs x {per} updates per epoch = {epochs * per}."
    mistakes = [(batch_size / n, "Upside down: the number of batches is samples / batch size.")]
    if batch_size > 1:  # with batches of 1, n * b is n itself: one epoch's updates, said below
        mistakes += [(n * batch_size, f"Multiplied: the samples are divided into batches, {n} / {batch_size}."),
                     (epochs * n, "That is stochastic gradient descent (batch size 1); here each update "
                                  f"uses {batch_size} samples.")]
    if epochs > 1:
        mistakes += [(per, f"That is one epoch's updates; there are {epochs} epochs."),
                     (epochs, "That is full-batch gradient descent (one update per epoch).")]
    seen = set()  # one explanation per wrong number, and none for the answer itself
    mistakes = [(v, why) for v, why in mistakes if v != epochs * per and not (v in seen or seen.add(v))]
    return NumberExercise(question, int(epochs * per), solution=solution, mistakes=mistakes, exact=True,
                          hint=f"One epoch passes over every sample once; each batch of {batch_size} gives one update"
                               + (", and every epoch does it again." if epochs > 1 else "."))


def simultaneous_step_exercise(theta=(0.0, 0.0), lr=0.1):
    """One *simultaneous* gradient-descent step on lecture 001-style ``J(theta0, theta1)`` (the 'bowl'),
    cell by cell: both derivatives at the old point, then temp0 and temp1. The incorrect sequential
    update (dJ/dtheta1 at the already-moved theta0) is named when a cell matches it."""
    from backprop_core.descent import OBJECTIVES, first_step

    bowl = OBJECTIVES["bowl"]
    theta = np.asarray(theta, dtype=float)
    one = first_step(bowl, theta, lr)
    g = bowl.grad(theta)
    sim, seq = one["simultaneous"], one["sequential"]
    seq_used = ("You used the already-updated theta0 (the incorrect sequential update): "
                "take dJ/dtheta1 at the old point.")
    rows = [
        {"symbol": Math(r"\partial J/\partial\theta_0", "dJ/dtheta0"), "answer": one["dJ/dtheta0"],
         "hint": f"(theta0 - 1) + 0.8 (theta1 + 1/2) at ({theta[0]:g}, {theta[1]:g}).",
         "mistakes": [(theta[0] - 1, "Forgot the coupling term 0.8 (theta1 + 1/2).")]},
        {"symbol": Math(r"\partial J/\partial\theta_1", "dJ/dtheta1"), "answer": sim["dJ/dtheta1"],
         "hint": f"4 (theta1 + 1/2) + 0.8 (theta0 - 1) at the OLD point ({theta[0]:g}, {theta[1]:g}).",
         "mistakes": [(seq["dJ/dtheta1"], seq_used),
                      (4 * (theta[1] + 0.5), "Forgot the coupling term 0.8 (theta0 - 1).")]},
        {"symbol": Math(r"\mathrm{temp0}", "temp0"), "answer": one["temp0"],
         "hint": "temp0 = theta0 - alpha * dJ/dtheta0.", "step": lr * g[0],
         "mistakes": [(theta[0] + lr * g[0], "Wrong sign: temp0 = theta0 MINUS alpha * dJ/dtheta0.")]},
        {"symbol": Math(r"\mathrm{temp1}", "temp1"), "answer": sim["temp1"],
         "hint": "temp1 = theta1 - alpha * dJ/dtheta1, with dJ/dtheta1 from the old point.", "step": lr * g[1],
         "mistakes": [(seq["temp1"], seq_used),
                      (theta[1] + lr * g[1], "Wrong sign: temp1 = theta1 MINUS alpha * dJ/dtheta1.")]},
    ]
    title = (r"$J(\theta_0, \theta_1) = \tfrac12(\theta_0 - 1)^2 + 2(\theta_1 + \tfrac12)^2 + "
             r"0.8\,(\theta_0 - 1)(\theta_1 + \tfrac12)$, "
             rf"$(\theta_0, \theta_1) = ({theta[0]:g}, {theta[1]:g})$, $\alpha = {lr:g}$. "
             "Fill in one <b>simultaneous</b> step:")
    return ChainRuleExercise(title, rows, results=(2, 3), solution=(
        f"dJ/dtheta0 = {one['dJ/dtheta0']:g}, dJ/dtheta1 = {sim['dJ/dtheta1']:g}; temp0 = {one['temp0']:g}, "
        f"temp1 = {sim['temp1']:g}; then theta0 := temp0 and theta1 := temp1."))


# ---------------------------------------------------------------------------
# every exercise of the course, in one list
# ---------------------------------------------------------------------------
class CourseExercise:
    """One exercise of the course: where it is and how it is built.

    ``lesson`` is the notebook's number (``'05'``), ``call`` the exact expression
    its notebook cell evaluates (a test finds the cell by it), ``build()`` builds
    the same exercise with the same arguments.
    """

    def __init__(self, lesson, call, build):
        self.lesson, self.call, self.build = lesson, call, build

    def __repr__(self):
        return f"CourseExercise({self.lesson!r}, {self.call!r})"


def _warmup_00():
    from .widgets import NumberExercise

    f = bp.ChainNetwork(w0=2.0, w1=1.0, w2=0.5).forward(s0=2.0)
    return NumberExercise(
        r"Which $w_2$ gives $out = 0.7$ when $s_0 = 2$, $w_0 = 2$, $w_1 = 1$?", answer=0.7 / f.s2,
        mistakes=[(0.7 * f.s2, "You multiplied by s2; out = w2 * s2, so divide: w2 = 0.7 / s2."),
                  (0.7 / f.s1, "You divided by s1; the output neuron's activation is s2."),
                  (0.7 / f.x2, "You divided by x2 (the neuron's input); out uses its output s2.")])


def _lazy(module, name, *args, **kwargs):
    """A builder calling ``module.name(*args, **kwargs)`` when asked (the dashboards import matplotlib)."""
    def build():
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)
    return build


def _course():
    chain = lambda seed: bp.ChainNetwork(**random_chain_weights(seed))  # noqa: E731
    gr = "backprop_lab.dashboards.graphs"
    ne, mx = "backprop_lab.dashboards.neurons.units", "backprop_lab.dashboards.matrix.tables"
    pt, db = "backprop_lab.dashboards.playground.tour", "backprop_lab.dashboards.debugging.dashboard"
    return [
        CourseExercise("00", "warmup = NumberExercise(", _warmup_00),
        CourseExercise("00", 'output_chain_rule_exercise(bp.ChainNetwork(w0=2.0, w1=1.0, w2=0.5), s0=2.0, weight="w1")',
                       lambda: output_chain_rule_exercise(bp.ChainNetwork(w0=2.0, w1=1.0, w2=0.5), s0=2.0,
                                                          weight="w1")),
        CourseExercise("01", "threshold_exercise(w=2.5, b=-2.0)", _lazy(ne, "threshold_exercise", w=2.5, b=-2.0)),
        CourseExercise("01", "perceptron_update_exercise(weights=(0.5, 0.2, -0.1), lr=0.1, x=(1, 1), y=1)",
                       _lazy(ne, "perceptron_update_exercise", weights=(0.5, 0.2, -0.1), lr=0.1, x=(1, 1), y=1)),
        CourseExercise("01", "xnor_exercise((0, 0), scale=10)", _lazy(ne, "xnor_exercise", (0, 0), scale=10)),
        CourseExercise("02", "G.graph_exercise()", _lazy(gr, "graph_exercise")),
        CourseExercise("02", "G.sigmoid_gate_exercise()", _lazy(gr, "sigmoid_gate_exercise")),
        CourseExercise("02", "G.nudge_exercise()", _lazy(gr, "nudge_exercise")),
        CourseExercise("03", 'output_gradient_exercise(ex_net, s0=ex_s0, weight="w1")',
                       lambda: output_gradient_exercise(chain(4), s0=2.0, weight="w1")),
        CourseExercise("03", 'output_chain_rule_exercise(ex_net, s0=ex_s0, weight="w0")',
                       lambda: output_chain_rule_exercise(chain(4), s0=2.0, weight="w0")),
        CourseExercise("04", 'chain_gradient_exercise(ex1_net, S0, TARGET, weight="w1")',
                       lambda: chain_gradient_exercise(chain(0), 2.0, 0.7, weight="w1")),
        CourseExercise("04", 'chain_rule_exercise(ex2_net, S0, TARGET, weight="w0")',
                       lambda: chain_rule_exercise(chain(1), 2.0, 0.7, weight="w0")),
        CourseExercise("04", 'chain_update_exercise(ex1_net, S0, TARGET, LR, weight="w2")',
                       lambda: chain_update_exercise(chain(0), 2.0, 0.7, 0.5, weight="w2")),
        *lesson_05_exercises(),
        *lesson_06_exercises(),
        CourseExercise("07", "shapes_exercise((3, 5, 2))", _lazy(mx, "shapes_exercise", (3, 5, 2))),
        CourseExercise("07", "xnor_delta_exercise()", _lazy(mx, "xnor_delta_exercise")),
        CourseExercise("07", "sum_average_exercise(batch=32, lr=0.01)",
                       _lazy(mx, "sum_average_exercise", batch=32, lr=0.01)),
        CourseExercise("08", "circle_exercise()", _lazy(pt, "circle_exercise")),
        CourseExercise("08", "xor_exercise()", _lazy(pt, "xor_exercise")),
        CourseExercise("08", "learning_rate_exercise()", _lazy(pt, "learning_rate_exercise")),
        CourseExercise("08", "l2_exercise()", _lazy(pt, "l2_exercise")),
        CourseExercise("08", "depth_exercise()", _lazy(pt, "depth_exercise")),
        CourseExercise("09", "batch_sum_exercise(n=4)", _lazy(db, "batch_sum_exercise", n=4)),
        CourseExercise("09", "sign_exercise()", _lazy(db, "sign_exercise")),
    ]


def course_exercises(lesson=None):
    """Every exercise of the course (or of one ``lesson``, e.g. ``'05'``) as :class:`CourseExercise` entries.

    Lessons 05 and 06 build theirs from :func:`lesson_05_exercises` and
    :func:`lesson_06_exercises`; the other lessons' entries repeat the
    arguments their notebooks use (``call`` is the notebook's own text, so a
    test notices when the two drift apart).
    """
    entries = _course()
    return [e for e in entries if lesson is None or e.lesson == str(lesson)]


def lesson_05_exercises():
    """Lesson 05's exercises, each with the call its notebook cell makes.

    Exercise 1 takes other numbers than the lesson's worked step (theta = 0,
    alpha = 0.1 -> 0.6), so the lesson's outputs do not give its answer away.
    """
    return [
        CourseExercise("05", "parabola_step_exercise(theta=1.0, lr=0.3)",
                       lambda: parabola_step_exercise(theta=1.0, lr=0.3)),
        CourseExercise("05", "iterations_exercise(n=1200, batch_size=50)",
                       lambda: iterations_exercise(n=1200, batch_size=50)),
        CourseExercise("05", "iterations_exercise(n=1200, batch_size=1, epochs=5)",
                       lambda: iterations_exercise(n=1200, batch_size=1, epochs=5)),
        CourseExercise("05", "simultaneous_step_exercise((-1.0, 0.0), 0.2)",
                       lambda: simultaneous_step_exercise((-1.0, 0.0), 0.2)),
    ]


def lesson_06_exercises(seed=0):
    """Lesson 06's exercises: the lecture's home task (w8+) and its twin for w3 on ``random_network(seed)``."""
    def home():
        from .dashboards.network.dashboard import home_task_exercise

        return home_task_exercise(bp.MazurNetwork())

    def twin():
        from .dashboards.network.dashboard import hidden_weight_exercise, random_network

        return hidden_weight_exercise(random_network(seed), weight="w3")

    return [CourseExercise("06", "home_task_exercise(net, INPUTS, TARGETS, LR)", home),
            CourseExercise("06", 'hidden_weight_exercise(twin, INPUTS, TARGETS, LR, weight="w3")', twin)]
