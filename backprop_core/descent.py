"""Gradient descent on small cost functions J(theta) (lecture 001, second half).

Objectives of one and two parameters with known minima, a descent loop with
the correct *simultaneous* update and the lecture's *incorrect sequential*
one, optional momentum, and a plain-words verdict on a learning rate (too
small, good, overshooting, diverging).

Left out: line searches, adaptive methods (Adam, RMSProp) and anything
stochastic (mini-batches live in :meth:`backprop_core.MLP.fit`).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .validation import check_array, check_choice, check_int, check_positive, check_real
from .records import TrainingRecord

__all__ = ["Objective", "OBJECTIVES", "DescentRun", "gradient_descent", "first_step", "iterations_per_epoch"]

#: A run is called diverging once |theta| or J exceeds this.
LIMIT = 1e6


@dataclass(frozen=True)
class Objective:
    """A cost function ``J(theta)`` with its gradient.

    ``f`` and ``grad`` take arrays whose *last* axis is the parameter vector
    (so ``f`` evaluates a whole grid at once); ``minima`` lists the local
    minima, the global one first.

    ``f_point`` and ``grad_point`` (optional) are the same two functions for one
    point given as a tuple of Python floats (``grad_point`` returns a tuple):
    :func:`gradient_descent` steps with them, 2.4 to 7 times faster than
    through numpy on one or two numbers (a dashboard runs a whole path on every
    slider move). They are written with ``*`` rather than ``**`` so that a huge
    value overflows to inf (a diverging run) instead of raising.
    ``tests/test_descent.py`` checks that both forms agree on every built-in objective.
    """

    name: str
    latex: str
    f: object
    grad: object
    dim: int
    minima: tuple
    window: tuple  # plotting range per parameter: ((lo, hi), ...)
    f_point: object = None
    grad_point: object = None

    @property
    def global_minimum(self):
        return np.array(self.minima[0], dtype=float)


def _bowl_f(t):
    t0, t1 = t[..., 0], t[..., 1]
    return 0.5 * (t0 - 1.0) ** 2 + 2.0 * (t1 + 0.5) ** 2 + 0.8 * (t0 - 1.0) * (t1 + 0.5)


def _bowl_grad(t):
    t0, t1 = t[..., 0] - 1.0, t[..., 1] + 0.5
    return np.stack([t0 + 0.8 * t1, 4.0 * t1 + 0.8 * t0], axis=-1)


def _bowl_f_point(t):
    a, b = t[0] - 1.0, t[1] + 0.5
    return 0.5 * a * a + 2.0 * b * b + 0.8 * a * b


def _bowl_grad_point(t):
    a, b = t[0] - 1.0, t[1] + 0.5
    return (a + 0.8 * b, 4.0 * b + 0.8 * a)


def _dwell_f_point(t):
    x = t[0]
    x2 = x * x
    return x2 * x2 - 3 * x2 + x


def _dwell_grad_point(t):
    x = t[0]
    return (4 * (x * x * x) - 6 * x + 1,)


def _dwell_roots():
    # J'(t) = 4 t^3 - 6 t + 1 = 0; minima where J'' = 12 t^2 - 6 > 0
    roots = np.roots([4.0, 0.0, -6.0, 1.0]).real
    mins = sorted((r for r in roots if 12 * r * r - 6 > 0), key=lambda r: r ** 4 - 3 * r * r + r)
    return tuple((float(r),) for r in mins)


OBJECTIVES = {
    "parabola": Objective(
        "parabola", r"J(\theta) = (\theta - 3)^2 + 1",
        lambda t: (t[..., 0] - 3.0) ** 2 + 1.0,
        lambda t: 2.0 * (t[..., :1] - 3.0),
        1, ((3.0,),), ((-2.0, 8.0),),
        lambda t: (t[0] - 3.0) * (t[0] - 3.0) + 1.0, lambda t: (2.0 * (t[0] - 3.0),)),
    "double_well": Objective(
        "double_well", r"J(\theta) = \theta^4 - 3\theta^2 + \theta",
        lambda t: t[..., 0] ** 4 - 3 * t[..., 0] ** 2 + t[..., 0],
        lambda t: 4 * t[..., :1] ** 3 - 6 * t[..., :1] + 1,
        1, _dwell_roots(), ((-2.2, 2.2),), _dwell_f_point, _dwell_grad_point),
    "bowl": Objective(
        "bowl", r"J(\theta_0, \theta_1) = \tfrac12(\theta_0 - 1)^2 + 2(\theta_1 + \tfrac12)^2"
                r" + 0.8(\theta_0 - 1)(\theta_1 + \tfrac12)",
        _bowl_f, _bowl_grad, 2, ((1.0, -0.5),), ((-3.0, 5.0), (-3.0, 2.0)), _bowl_f_point, _bowl_grad_point),
}


@dataclass
class DescentRun(TrainingRecord):
    """A gradient-descent path (a :class:`~backprop_core.records.TrainingRecord`).

    ``thetas`` has shape ``(k + 1, dim)``, ``costs`` (J) shape ``(k + 1,)``,
    ``steps`` is ``k``. ``diverged_at`` is the 1-based number of the update
    whose theta or J passed ``limit`` (:data:`LIMIT`); the path stops before
    it (``steps == diverged_at - 1``).
    """

    objective: Objective
    thetas: np.ndarray
    costs: np.ndarray
    lr: float
    update: str
    momentum: float
    diverged_at: int | None = None
    limit: float = LIMIT

    quantity = "J"
    cost_name = "J"
    kept = "theta"

    @property
    def steps(self):
        """Updates taken and kept."""
        return len(self.costs) - 1

    def verdict(self, tol=1e-3):
        """``'diverging'``, ``'overshooting'``, ``'too small'`` or ``'good'``.

        diverging: the cost grew past the limit (or ends above where it started);
        too small: the run did not get within ``tol`` (relative) of the nearest
        minimum's cost; overshooting: it got there, but jumped across the minimum
        (the step to the minimum changed sign) more than twice; good otherwise.
        """
        if self.diverged or self.costs[-1] > self.costs[0] + 1e-12:
            return "diverging"
        mins = np.array(self.objective.minima, dtype=float)
        end = self.thetas[-1]
        target = mins[np.argmin(np.linalg.norm(mins - end, axis=1))]
        j_star = float(self.objective.f(target))
        gap0 = max(self.costs[0] - j_star, 1e-12)
        if self.costs[-1] - j_star > tol * gap0:
            return "too small"
        # signed distance along the start's direction from the minimum: a sign
        # change means the step jumped across the minimum
        direction = self.thetas[0] - target
        norm = np.linalg.norm(direction)
        direction = direction / norm if norm > 0 else np.ones_like(direction) / np.sqrt(direction.size)
        offsets = (self.thetas - target) @ direction
        crossings = int(np.sum(np.diff(np.sign(offsets[np.abs(offsets) > 1e-9])) != 0))
        return "overshooting" if crossings > 2 else "good"

    @property
    def message(self):
        v = self.verdict()
        J = self.costs[-1]
        if v == "diverging":
            where = f"at step {self.diverged_at}" if self.diverged else f"within {self.steps} steps"
            return (f"Diverging {where}: each step overshoots the minimum by more than it corrects, "
                    f"so J grows. Lower the learning rate (now {self.lr:g}).")
        if v == "too small":
            return (f"Too small: after {self.steps} steps J = {J:.4g} is still far from the minimum. "
                    f"The learning rate {self.lr:g} makes tiny steps; raise it.")
        if v == "overshooting":
            return (f"Overshooting: J = {J:.4g} after {self.steps} steps, but theta jumps back and forth "
                    f"across the minimum. It converges, though a smaller learning rate would be smoother.")
        return f"Good: J = {J:.4g} after {self.steps} steps, approaching the minimum steadily."


def gradient_descent(objective, theta0, lr, steps=50, update="simultaneous", momentum=0.0):
    """Run gradient descent on an :class:`Objective` (or its name in :data:`OBJECTIVES`).

    ``update='simultaneous'`` is the correct rule (compute every partial
    derivative at the old point, then move); ``'sequential'`` is the lecture's
    incorrect version (``theta_0`` is moved before ``dJ/dtheta_1`` is
    computed). ``momentum`` adds ``momentum * (previous step)`` to every step.
    Stops (and records ``diverged_at``) once ``|theta|`` or ``J`` exceeds
    :data:`LIMIT`; every stored number is finite.
    """
    objective = _objective(objective)
    theta = check_array("theta0", theta0, shape=(objective.dim,)).copy()
    lr = check_positive("lr", lr)
    steps = check_int("steps", steps, minimum=0)
    check_choice("update", update, ("simultaneous", "sequential"))
    momentum = check_real("momentum", momentum)
    if not 0 <= momentum < 1:
        raise ValueError(f"momentum must be in [0, 1), got {momentum}.")
    if objective.f_point is not None and objective.grad_point is not None:
        thetas, costs, diverged_at = _descend_points(objective, theta, lr, steps, update, momentum)
        return DescentRun(objective, thetas, costs, lr, update, momentum, diverged_at)
    thetas = [theta.copy()]
    costs = [float(objective.f(theta))]
    velocity = np.zeros_like(theta)
    diverged_at = None
    # One step costs a few microseconds of arithmetic on one or two numbers, so the loop does nothing
    # else per step: no copies (every step makes a new array), the limits checked on Python floats.
    with np.errstate(all="ignore"):
        for k in range(steps):
            if update == "simultaneous":
                step = -lr * objective.grad(theta)
            else:
                new = theta.copy()
                step = np.zeros_like(theta)
                for j in range(theta.size):
                    step[j] = -lr * objective.grad(new)[j]
                    new[j] = theta[j] + step[j] + momentum * velocity[j]
            velocity = step + momentum * velocity
            new = theta + velocity
            cost = float(objective.f(new))
            if not (abs(cost) < LIMIT and all(abs(x) < LIMIT for x in new.tolist())):  # NaN fails both
                diverged_at = k + 1
                break
            theta = new
            thetas.append(theta)
            costs.append(cost)
    return DescentRun(objective, np.array(thetas), np.array(costs), lr, update, momentum, diverged_at)


def _descend_points(objective, theta, lr, steps, update, momentum):
    """:func:`gradient_descent`'s loop on Python floats (``objective.f_point``/``grad_point``): the same
    arithmetic, step for step, as the numpy loop there; returns ``(thetas, costs, diverged_at)``."""
    f, grad = objective.f_point, objective.grad_point
    theta = tuple(float(x) for x in theta)
    dim = len(theta)
    thetas, costs = [theta], [float(f(theta))]
    velocity = (0.0,) * dim
    diverged_at = None
    for k in range(steps):
        if update == "simultaneous":
            step = tuple(-lr * g for g in grad(theta))
        else:  # theta_j is moved before the next partial derivative is taken
            new, step = list(theta), [0.0] * dim
            for j in range(dim):
                step[j] = -lr * grad(new)[j]
                new[j] = theta[j] + step[j] + momentum * velocity[j]
        velocity = tuple(s + momentum * v for s, v in zip(step, velocity))
        new = tuple(t + v for t, v in zip(theta, velocity))
        cost = float(f(new))
        if not (abs(cost) < LIMIT and all(abs(x) < LIMIT for x in new)):  # NaN fails both
            diverged_at = k + 1
            break
        theta = new
        thetas.append(theta)
        costs.append(cost)
    return np.array(thetas, dtype=float), np.array(costs, dtype=float), diverged_at


def _objective(objective):
    if isinstance(objective, str):
        check_choice("objective", objective, tuple(OBJECTIVES))
        return OBJECTIVES[objective]
    if not isinstance(objective, Objective):
        raise TypeError(f"objective must be an Objective or one of {sorted(OBJECTIVES)}, "
                        f"got {objective!r} ({type(objective).__name__}).")
    return objective


def first_step(objective, theta, lr):
    """One step from ``theta`` computed both ways, as on lecture 001's slide.

    Returns a dict with ``dJ/dtheta0``, ``temp0``, and for each of
    ``'simultaneous'`` and ``'sequential'`` the derivative ``dJ/dtheta1`` used
    and ``temp1``. Simultaneous: both derivatives at the old point.
    Sequential (incorrect): theta0 := temp0 first, then dJ/dtheta1 at
    (temp0, theta1). Needs a 2-parameter objective (``'bowl'``).

    >>> one = first_step("bowl", [0.0, 0.0], 0.1)
    >>> round(one["temp0"], 4), round(one["simultaneous"]["temp1"], 4), round(one["sequential"]["temp1"], 4)
    (0.06, -0.12, -0.1248)
    """
    objective = _objective(objective)
    if objective.dim != 2:
        raise ValueError(f"first_step needs an objective of 2 parameters (theta0, theta1), "
                         f"got {objective.name!r} with {objective.dim}.")
    theta = check_array("theta", theta, shape=(2,))
    lr = check_positive("lr", lr)
    g = objective.grad(theta)
    temp0 = theta[0] - lr * g[0]
    g1_seq = objective.grad(np.array([temp0, theta[1]]))[1]
    return {"dJ/dtheta0": float(g[0]), "temp0": float(temp0),
            "simultaneous": {"dJ/dtheta1": float(g[1]), "temp1": float(theta[1] - lr * g[1])},
            "sequential": {"dJ/dtheta1": float(g1_seq), "temp1": float(theta[1] - lr * g1_seq)}}


def iterations_per_epoch(n_samples, batch_size):
    """Update steps in one epoch: ``ceil(n_samples / batch_size)``.

    Lecture 001: 1000 images in batches of 20 make 50 iterations per epoch.

    >>> iterations_per_epoch(1000, 20)
    50
    """
    n = check_int("n_samples", n_samples, minimum=1)
    b = check_int("batch_size", batch_size, minimum=1)
    if b > n:
        raise ValueError(f"batch_size must be <= n_samples ({n}), got {b}.")
    return -(-n // b)
