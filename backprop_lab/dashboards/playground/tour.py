"""Lesson 08's guided tour: five playground experiments, each with a question and instant feedback.

Each builder returns a :class:`~backprop_lab.exercise_widgets.NumberExercise`
whose answer (and typical wrong answers) follow from the formulas the
playground trains with; :func:`l2_step` and :func:`sigmoid_depth_bound` are the
numbers themselves, so a notebook can check them against ``bp.MLP``.

1. :func:`circle_exercise` -- which features solve the circle with no hidden layer;
2. :func:`xor_exercise` -- why XOR needs a hidden layer or the x1*x2 feature;
3. :func:`learning_rate_exercise` -- what too large a learning rate does;
4. :func:`l2_exercise` -- what L2 does to the weights;
5. :func:`depth_exercise` -- sigmoid vs ReLU at depth 6.
"""
from __future__ import annotations

from ...exercise_widgets import NumberExercise

__all__ = ["circle_exercise", "xor_exercise", "learning_rate_exercise", "l2_exercise", "depth_exercise",
           "l2_step", "sigmoid_depth_bound", "TOUR"]


def circle_exercise(w=-1.0, b=9.0):
    """With features x1^2, x2^2 and no hidden layer the boundary is a circle: its radius."""
    r2 = -b / w
    return NumberExercise(
        "Experiment 1. With only the features x1² and x2² and no hidden layer, the output is "
        "σ(w·x1² + w·x2² + b), and the boundary between the colours is where w·x1² + w·x2² + b = 0. "
        f"Training gave w = {w:g} for both features and b = {b:g}. What is the radius of the boundary circle?",
        r2 ** 0.5,
        hint="Solve w (x1² + x2²) + b = 0 for x1² + x2² = r².",
        solution=f"x1² + x2² = -b / w = {r2:g}, so r = √{r2:g} = {r2 ** 0.5:g}.",
        mistakes=[(r2, "That is r², the square of the radius: take the square root."),
                  (-r2 ** 0.5, "A radius is positive."), (b, "b alone is not r²: divide by -w.")])


def xor_exercise():
    """The sign of the weight of the x1*x2 feature that separates XOR (class 1 where x1 x2 < 0)."""
    return NumberExercise(
        "Experiment 2. XOR's blue points (class 1) sit where x1 and x2 have opposite signs. With the single "
        "feature x1·x2 and no hidden layer the output is σ(w·x1x2 + b). Must the trained w be positive or "
        "negative? Type +1 or -1.",
        -1.0,
        hint="Where x1 and x2 have opposite signs, x1·x2 < 0. Which sign of w makes w·x1x2 large there?",
        solution="w < 0: then w·x1x2 > 0 exactly where x1·x2 < 0, so σ is near 1 (blue) there.",
        mistakes=[(1.0, "With w > 0, σ(w·x1x2) is large where x1·x2 > 0: the orange quadrants, not the blue.")])


def learning_rate_exercise(w=0.5, grad=0.4, lr=3.0):
    """One update with a large learning rate: it jumps past the minimum."""
    new = w - lr * grad
    return NumberExercise(
        f"Experiment 3. A weight w = {w:g} has gradient ∂J/∂w = {grad:g} on the batch; the learning rate "
        f"is α = {lr:g}. What is w after one step? (Compare the size of the step with the weight itself.)",
        new,
        hint="w ← w - α ∂J/∂w.",
        solution=f"{w:g} - {lr:g} × {grad:g} = {new:g}: the step ({lr * grad:g}) is larger than the weight, so "
                 "it jumps across the minimum -- the loss curve zig-zags or grows.",
        mistakes=[(w + lr * grad, "Gradient descent goes against the gradient: subtract α ∂J/∂w."),
                  (w - grad, "You forgot the learning rate.")])


def l2_step(w, lr, lam, m, data_grad=0.0):
    """One gradient step with L2: ``w - lr * (data_grad + lam / m * w)`` (the update ``MLP.fit`` takes)."""
    return w - lr * (data_grad + lam / m * w)


def l2_exercise(w=2.0, lr=0.1, lam=0.3, m=10):
    """L2 shrinks every weight by the factor (1 - lr lam / m) when its data gradient is 0."""
    new = l2_step(w, lr, lam, m)
    return NumberExercise(
        f"Experiment 4. L2 adds λ/(2m) Σ W² to the cost. With λ = {lam:g}, a batch of m = {m} examples, "
        f"learning rate α = {lr:g} and a weight w = {w:g} whose data gradient is 0, what is w after one step?",
        new, rtol=1e-6, atol=1e-9,
        hint="The penalty's gradient is (λ/m) w, so w ← w - α (λ/m) w.",
        solution=f"{w:g} - {lr:g} × ({lam:g}/{m}) × {w:g} = {new:g}: every step shrinks the weight by the factor "
                 f"{1 - lr * lam / m:g} -- weight decay.",
        mistakes=[(w - lr * lam * w, "You forgot to divide λ by the batch size m."),
                  (w - lr * lam / m, "That is an L1 step (λ/m sign(w)); L2's step is proportional to w.")])


def sigmoid_depth_bound(layers=6, slope=0.25):
    """The largest product of ``layers`` sigmoid slopes (each at most 1/4)."""
    return slope ** layers


def depth_exercise(layers=6):
    """How small six sigmoid slopes make the first layer's gradient."""
    bound = sigmoid_depth_bound(layers)
    return NumberExercise(
        f"Experiment 5. The sigmoid's slope S'(z) = S(1 - S) is at most 0.25. The gradient of the first layer "
        f"of a network with {layers} sigmoid hidden layers carries one such factor per layer. At most how large "
        "is the product of these factors?",
        bound, rtol=1e-3, atol=1e-9,
        hint=f"Multiply 0.25 by itself {layers} times.",
        solution=f"0.25^{layers} = {bound:.6g}: each sigmoid layer divides the gradient by at least 4, so the "
                 "first layers of a deep sigmoid network hardly move. ReLU's slope is 1 where it is on.",
        mistakes=[(0.25 * layers, "The factors multiply (chain rule); they do not add."),
                  (0.25, "One factor per layer: all of them multiply.")])


#: The five experiments in order: (title, builder).
TOUR = [("The circle without a hidden layer", circle_exercise), ("XOR", xor_exercise),
        ("Too large a learning rate", learning_rate_exercise), ("L2 shrinks the weights", l2_exercise),
        ("Sigmoid vs ReLU at depth 6", depth_exercise)]
