"""Gradient descent on small J(theta) (lecture 001, second half).

For J(theta) = (theta - 3)^2 + 1 the update is
theta <- theta - lr * 2 (theta - 3), i.e. theta - 3 <- (1 - 2 lr)(theta - 3):
it converges monotonically for 0 < lr < 0.5, oscillates but converges for
0.5 < lr < 1 (the factor is negative, |1 - 2 lr| < 1), and diverges for lr > 1.
"""
import numpy as np
import pytest

from backprop_core import descent
from backprop_core.descent import LIMIT, OBJECTIVES, Objective, gradient_descent


def parabola_by_hand(theta0, lr, k):
    return 3.0 + (theta0 - 3.0) * (1.0 - 2.0 * lr) ** k


# -- the objectives themselves -------------------------------------------------------
@pytest.mark.parametrize("name", sorted(OBJECTIVES))
def test_objective_gradients_equal_central_differences(name):
    obj = OBJECTIVES[name]
    rng = np.random.default_rng(0)
    h = 1e-6
    for _ in range(5):
        t = rng.uniform(-2, 2, size=obj.dim)
        numeric = [(obj.f(t + h * e) - obj.f(t - h * e)) / (2 * h) for e in np.eye(obj.dim)]
        assert np.allclose(obj.grad(t), numeric, rtol=1e-7, atol=1e-7)


@pytest.mark.parametrize("name", sorted(OBJECTIVES))
def test_point_forms_equal_the_array_forms(name):
    """f_point/grad_point (one point, Python floats) are the same functions as f/grad (numpy)."""
    obj = OBJECTIVES[name]
    rng = np.random.default_rng(1)
    for t in rng.uniform(-5, 5, size=(200, obj.dim)):
        assert obj.f_point(tuple(t.tolist())) == pytest.approx(float(obj.f(t)), rel=1e-13, abs=1e-13)
        assert obj.grad_point(tuple(t.tolist())) == pytest.approx(obj.grad(t).tolist(), rel=1e-13, abs=1e-13)
    # far out they overflow to inf or NaN, as numpy does (a diverging run), and do not raise
    far = (1e200,) * obj.dim
    with np.errstate(all="ignore"):
        assert not np.isfinite(obj.f_point(far)) and not np.isfinite(obj.f(np.array(far)))
        np.testing.assert_array_equal(obj.grad_point(far), obj.grad(np.array(far)))


def _array_only(obj):
    """The same objective without its point forms: gradient_descent takes its numpy loop."""
    return Objective(obj.name, obj.latex, obj.f, obj.grad, obj.dim, obj.minima, obj.window)


@pytest.mark.parametrize("name, theta0, lr, steps", [
    ("parabola", [0.0], 0.1, 50), ("parabola", [7.5], 1.05, 80),          # converging; diverging
    ("double_well", [2.0], 0.01, 300), ("double_well", [-2.2], 0.3, 40),
    ("bowl", [-2.0, 1.5], 0.2, 100), ("bowl", [4.0, -3.0], 0.9, 60)])
@pytest.mark.parametrize("update", ["simultaneous", "sequential"])
@pytest.mark.parametrize("momentum", [0.0, 0.7])
def test_the_point_loop_takes_the_numpy_loops_path(name, theta0, lr, steps, update, momentum):
    fast = gradient_descent(name, theta0, lr, steps, update=update, momentum=momentum)
    slow = gradient_descent(_array_only(OBJECTIVES[name]), theta0, lr, steps, update=update, momentum=momentum)
    assert fast.diverged_at == slow.diverged_at
    assert fast.thetas.shape == slow.thetas.shape and fast.thetas.dtype == slow.thetas.dtype == float
    np.testing.assert_allclose(fast.thetas, slow.thetas, rtol=1e-12, atol=1e-12)
    np.testing.assert_allclose(fast.costs, slow.costs, rtol=1e-12, atol=1e-12)


@pytest.mark.parametrize("name", sorted(OBJECTIVES))
def test_objective_minima_have_zero_gradient(name):
    obj = OBJECTIVES[name]
    for m in obj.minima:
        assert np.allclose(obj.grad(np.array(m)), 0.0, atol=1e-10)
    assert np.array_equal(obj.global_minimum, np.array(obj.minima[0]))
    # the global minimum is listed first
    assert all(obj.f(obj.global_minimum) <= obj.f(np.array(m)) for m in obj.minima)


def test_double_well_minima_by_hand():
    # J = t^4 - 3 t^2 + t, J' = 4 t^3 - 6 t + 1; the global minimum is on the left
    (g,), (l,) = OBJECTIVES["double_well"].minima
    assert 4 * g ** 3 - 6 * g + 1 == pytest.approx(0, abs=1e-12)
    assert 4 * l ** 3 - 6 * l + 1 == pytest.approx(0, abs=1e-12)
    assert g == pytest.approx(-1.30084, abs=1e-5) and l == pytest.approx(1.13090, abs=1e-5)
    assert g ** 4 - 3 * g ** 2 + g < l ** 4 - 3 * l ** 2 + l


def test_objectives_evaluate_a_whole_grid():
    bowl = OBJECTIVES["bowl"]
    T0, T1 = np.meshgrid(np.linspace(-3, 5, 5), np.linspace(-3, 2, 4))
    grid = np.stack([T0, T1], axis=-1)
    J = bowl.f(grid)
    assert J.shape == (4, 5)
    for i in range(4):
        for j in range(5):
            t0, t1 = T0[i, j], T1[i, j]
            by_hand = 0.5 * (t0 - 1) ** 2 + 2 * (t1 + 0.5) ** 2 + 0.8 * (t0 - 1) * (t1 + 0.5)
            assert J[i, j] == pytest.approx(by_hand, abs=1e-12)


# -- the parabola and the learning-rate verdicts -----------------------------------------
def test_parabola_converges_to_3_with_a_good_lr():
    run = gradient_descent("parabola", [0.0], lr=0.1, steps=50)
    assert run.steps == 50 and run.thetas.shape == (51, 1) and run.costs.shape == (51,)
    assert not run.diverged
    for k in (0, 1, 2, 10, 50):
        assert run.thetas[k, 0] == pytest.approx(parabola_by_hand(0.0, 0.1, k), abs=1e-12)
    assert abs(run.thetas[-1, 0] - 3.0) < 1e-4
    assert run.costs[-1] == pytest.approx(1.0, abs=1e-8)
    assert np.all(np.diff(run.costs) < 0)
    assert run.verdict() == "good"
    assert run.message.startswith("Good:")


def test_lr_too_small():
    run = gradient_descent("parabola", [0.0], lr=0.001, steps=50)
    # (1 - 0.002)^50 = 0.905: still 90% of the way from the minimum
    assert run.thetas[-1, 0] == pytest.approx(parabola_by_hand(0.0, 0.001, 50), abs=1e-12)
    assert run.verdict() == "too small"
    assert "Too small" in run.message and "raise it" in run.message


def test_lr_overshooting_oscillates_but_converges():
    # lr = 0.9: theta - 3 is multiplied by 1 - 1.8 = -0.8 each step
    run = gradient_descent("parabola", [0.0], lr=0.9, steps=50)
    offsets = run.thetas[:, 0] - 3.0
    assert np.all(np.sign(offsets[1:]) == -np.sign(offsets[:-1]))  # jumps across every step
    assert np.all(np.abs(offsets[1:]) < np.abs(offsets[:-1]))       # but gets closer
    assert run.thetas[-1, 0] == pytest.approx(parabola_by_hand(0.0, 0.9, 50), abs=1e-12)
    assert run.verdict() == "overshooting"
    assert "Overshooting" in run.message and "back and forth" in run.message


def test_lr_diverging():
    # lr = 1.1: the factor is 1 - 2.2 = -1.2, |theta - 3| grows 20% per step
    run = gradient_descent("parabola", [0.0], lr=1.1, steps=50)
    assert run.diverged
    assert isinstance(run.diverged_at, int) and 1 <= run.diverged_at <= 50
    # it stops at the first step whose J would pass LIMIT = 1e6
    k = run.diverged_at
    assert (parabola_by_hand(0.0, 1.1, k) - 3) ** 2 + 1 >= LIMIT
    assert (parabola_by_hand(0.0, 1.1, k - 1) - 3) ** 2 + 1 < LIMIT
    assert run.steps == k - 1
    assert np.all(np.isfinite(run.thetas)) and np.all(np.isfinite(run.costs))
    assert np.all(np.abs(run.thetas) < LIMIT) and np.all(run.costs < LIMIT)
    assert run.verdict() == "diverging"
    assert f"Diverging at step {k}" in run.message and "Lower the learning rate" in run.message


def test_diverging_within_the_steps_without_hitting_the_limit():
    # a few steps at lr = 1.1: the cost grew but never reached LIMIT
    run = gradient_descent("parabola", [0.0], lr=1.1, steps=5)
    assert not run.diverged
    assert run.costs[-1] > run.costs[0]
    assert run.verdict() == "diverging"
    assert "within 5 steps" in run.message


@pytest.mark.parametrize("momentum", [0.0, 0.5, 0.9])
@pytest.mark.parametrize("name, theta0", [("parabola", [0.0]), ("bowl", [-2.0, 1.5]), ("double_well", [2.0])])
def test_every_stored_number_is_finite_when_diverging(name, theta0, momentum):
    run = gradient_descent(name, theta0, lr=50.0, steps=200, momentum=momentum)
    assert run.diverged
    assert np.all(np.isfinite(run.thetas)) and np.all(np.isfinite(run.costs))
    assert run.verdict() == "diverging"


def test_zero_steps():
    run = gradient_descent("parabola", [1.0], lr=0.1, steps=0)
    assert run.steps == 0 and run.thetas.tolist() == [[1.0]] and run.costs.tolist() == [5.0]


def test_objective_can_be_passed_as_an_object():
    a = gradient_descent(OBJECTIVES["bowl"], [-2.0, 1.5], lr=0.2, steps=10)
    b = gradient_descent("bowl", [-2.0, 1.5], lr=0.2, steps=10)
    assert np.array_equal(a.thetas, b.thetas)


def test_theta0_is_not_modified():
    theta0 = np.array([-2.0, 1.5])
    gradient_descent("bowl", theta0, lr=0.2, steps=10)
    assert theta0.tolist() == [-2.0, 1.5]


# -- simultaneous vs (incorrect) sequential update -------------------------------------------
def bowl_grad_by_hand(t0, t1):
    # J = 1/2 (t0-1)^2 + 2 (t1+1/2)^2 + 0.8 (t0-1)(t1+1/2)
    return (t0 - 1) + 0.8 * (t1 + 0.5), 4 * (t1 + 0.5) + 0.8 * (t0 - 1)


def test_simultaneous_first_step_by_hand():
    lr, t0, t1 = 0.2, -2.0, 1.5
    run = gradient_descent("bowl", [t0, t1], lr=lr, steps=1, update="simultaneous")
    g0, g1 = bowl_grad_by_hand(t0, t1)
    # temp0 := t0 - lr dJ/dt0 ; temp1 := t1 - lr dJ/dt1 ; then assign both
    assert run.thetas[1] == pytest.approx([t0 - lr * g0, t1 - lr * g1], abs=1e-15)


def test_sequential_first_step_by_hand():
    lr, t0, t1 = 0.2, -2.0, 1.5
    run = gradient_descent("bowl", [t0, t1], lr=lr, steps=1, update="sequential")
    # the lecture's incorrect version: theta0 is moved before dJ/dtheta1 is computed
    new0 = t0 - lr * bowl_grad_by_hand(t0, t1)[0]
    new1 = t1 - lr * bowl_grad_by_hand(new0, t1)[1]
    assert run.thetas[1] == pytest.approx([new0, new1], abs=1e-15)
    simultaneous = gradient_descent("bowl", [t0, t1], lr=lr, steps=1).thetas[1]
    assert run.thetas[1][0] == simultaneous[0]
    assert abs(run.thetas[1][1] - simultaneous[1]) > 0.01


def test_sequential_and_simultaneous_paths_differ_on_the_coupled_bowl():
    a = gradient_descent("bowl", [-2.0, 1.5], lr=0.3, steps=40, update="simultaneous")
    b = gradient_descent("bowl", [-2.0, 1.5], lr=0.3, steps=40, update="sequential")
    assert np.max(np.abs(a.thetas - b.thetas)) > 0.05
    # both still reach the minimum (1, -1/2) here
    assert np.allclose(a.thetas[-1], [1.0, -0.5], atol=1e-3)
    assert np.allclose(b.thetas[-1], [1.0, -0.5], atol=1e-3)


def test_sequential_and_simultaneous_agree_when_the_axes_are_uncoupled():
    # J = (t0 - 1)^2 + 2 (t1 + 1/2)^2: dJ/dt1 does not depend on t0
    uncoupled = Objective(
        "uncoupled", r"(\theta_0 - 1)^2 + 2(\theta_1 + 1/2)^2",
        lambda t: (t[..., 0] - 1) ** 2 + 2 * (t[..., 1] + 0.5) ** 2,
        lambda t: np.stack([2 * (t[..., 0] - 1), 4 * (t[..., 1] + 0.5)], axis=-1),
        2, ((1.0, -0.5),), ((-3.0, 5.0), (-3.0, 2.0)))
    for mom in (0.0, 0.6):
        a = gradient_descent(uncoupled, [-2.0, 1.5], lr=0.1, steps=30, update="simultaneous", momentum=mom)
        b = gradient_descent(uncoupled, [-2.0, 1.5], lr=0.1, steps=30, update="sequential", momentum=mom)
        assert np.array_equal(a.thetas, b.thetas)
    # and in 1-D there is nothing to be sequential about
    a = gradient_descent("parabola", [0.0], lr=0.3, steps=20, update="simultaneous")
    b = gradient_descent("parabola", [0.0], lr=0.3, steps=20, update="sequential")
    assert np.array_equal(a.thetas, b.thetas)


# -- local minima and momentum ------------------------------------------------------------------
def test_double_well_small_lr_from_2_ends_in_the_local_minimum():
    run = gradient_descent("double_well", [2.0], lr=0.01, steps=300)
    local_min = OBJECTIVES["double_well"].minima[1][0]
    global_min = OBJECTIVES["double_well"].minima[0][0]
    assert run.thetas[-1, 0] == pytest.approx(local_min, abs=1e-6)
    assert abs(run.thetas[-1, 0] - global_min) > 2
    assert run.verdict() == "good"  # good by its own measure: it reached *a* minimum


def test_momentum_formula_two_steps_by_hand():
    lr, mu, t = 0.1, 0.6, 0.0
    run = gradient_descent("parabola", [t], lr=lr, steps=2, momentum=mu)
    v1 = -lr * 2 * (t - 3)                     # dtheta(1) = -lr J'(theta0)
    t1 = t + v1
    v2 = -lr * 2 * (t1 - 3) + mu * v1          # dtheta(2) = -lr J'(theta1) + momentum dtheta(1)
    t2 = t1 + v2
    assert run.thetas[:, 0] == pytest.approx([t, t1, t2], abs=1e-15)


def test_momentum_changes_the_path():
    a = gradient_descent("double_well", [2.0], lr=0.01, steps=300)
    b = gradient_descent("double_well", [2.0], lr=0.01, steps=300, momentum=0.5)
    assert np.max(np.abs(a.thetas - b.thetas)) > 0.01
    # with this modest momentum both still settle in the local minimum
    local_min = OBJECTIVES["double_well"].minima[1][0]
    assert b.thetas[-1, 0] == pytest.approx(local_min, abs=1e-6)


def test_momentum_0_9_escapes_the_local_minimum():
    # lr = 0.01 from theta = 2.0: plain descent stops at 1.1309; with momentum
    # 0.9 the ball rolls over the hump and ends in the global minimum -1.3008
    run = gradient_descent("double_well", [2.0], lr=0.01, steps=500, momentum=0.9)
    global_min = OBJECTIVES["double_well"].minima[0][0]
    assert not run.diverged
    assert run.thetas[-1, 0] == pytest.approx(global_min, abs=1e-4)
    assert np.min(run.thetas[:, 0]) < 0 < np.max(run.thetas[:, 0])


def test_iterations_per_epoch_is_exported_from_descent():
    assert descent.iterations_per_epoch(1000, 20) == 50
