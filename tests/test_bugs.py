"""Lesson 09: bugs on purpose, the per-layer gradient check, the bug hunt and the backward checker.

Every claim notebook 09 makes about which check catches which bug is asserted
here against the same functions, so a change in the maths that changes a
verdict fails a test (and the notebook's stored tables under nbval).
"""
import re

import numpy as np
import pytest

import backprop_core as bp
from backprop_core import bugs
from backprop_core.activations import sigmoid
from backprop_lab.dashboards.debugging.dashboard import (HINTS, SOLUTION, BackwardChecker, BugDashboard,
                                                         BugHuntDashboard, batch_sum_exercise, demo_problem,
                                                         methods_table, mystery, sign_exercise, special_points_table,
                                                         training_table)


@pytest.fixture(scope="module")
def problem():
    return demo_problem(seed=0)


# -- the catalogue and inject -----------------------------------------------------------
def test_catalogue_has_the_nine_bugs_of_the_issue_each_with_one_line():
    need = {"updated_output_weights", "fork_assign", "missing_derivative", "sprime_of_z", "sign_flipped",
            "no_batch_mean", "double_batch_mean", "transposed", "bias_not_summed", "wrong_layer_activations"}
    assert need <= set(bugs.BUGS)
    for b in bugs.BUGS.values():
        assert b.description and "\n" not in b.description and b.title and b.hides


def test_inject_copies_and_leaves_the_normal_mlp_alone(problem):
    net, X, Y = problem
    before = [W.copy() for W in net.weights]
    gW, gb = net.gradients(X, Y)
    buggy = bugs.inject(net, "missing_derivative")
    assert isinstance(buggy, bugs.BuggyMLP) and type(net) is bp.MLP
    assert bp.MLP._backprop is not bugs.BuggyMLP._backprop      # the normal path is a different function
    assert buggy.loss(X, Y) == net.loss(X, Y)
    assert not np.allclose(buggy.gradients(X, Y)[0][0], gW[0])
    assert all(np.array_equal(a, b) for a, b in zip(net.weights, before))
    gW2, gb2 = net.gradients(X, Y)
    assert all(np.array_equal(a, b) for a, b in zip(gW, gW2))
    assert type(buggy.copy()) is bugs.BuggyMLP and buggy.copy().bug == "missing_derivative"


def test_inject_rejects_what_a_network_cannot_have():
    with pytest.raises(ValueError, match="bug must be one of"):
        bugs.inject(bp.MLP([2, 2, 1]), "typo")
    with pytest.raises(ValueError, match="needs a hidden layer"):
        bugs.inject(bp.MLP([2, 1]), "fork_assign")
    with pytest.raises(ValueError, match="needs a square weight matrix"):
        bugs.inject(bp.MLP([2, 3, 1]), "transposed")
    with pytest.raises(ValueError, match=r"layers for bug 'missing_derivative' must be among \[0, 1\]"):
        bugs.inject(bp.MLP([2, 2, 2, 1]), "missing_derivative", layers=5)
    with pytest.raises(TypeError, match="needs an MLP"):
        bugs.inject("net", "fork_assign")


def test_the_correct_backward_pass_passes_the_check(problem):
    net, X, Y = problem
    c = bugs.check_layers(net, X, Y)
    assert c.passed() and c.max_rel_error < 1e-6


@pytest.mark.parametrize("method", ["central", "one-sided"])
def test_batched_numerical_gradient_equals_one_at_a_time(problem, method):
    net, X, Y = problem
    c = bugs.check_layers(net, X, Y, method)
    eps = bugs.METHODS[method]
    for l in range(len(net.weights)):
        work = net.copy()

        def g(_, work=work):
            return work.loss(X, Y)
        if method == "central":
            num = bp.numerical_gradient(g, work.weights[l], eps)
        else:
            f0 = work.loss(X, Y)
            num = np.empty_like(work.weights[l])
            for idx in np.ndindex(num.shape):
                old = work.weights[l][idx]
                work.weights[l][idx] = old + eps
                num[idx] = (work.loss(X, Y) - f0) / eps
                work.weights[l][idx] = old
        assert np.allclose(c.numeric[f"W{l}"], num, rtol=1e-5, atol=1e-11)


def test_each_bug_changes_the_gradient_the_way_its_description_says(problem):
    net, X, Y = problem
    n = X.shape[0]
    gW, gb = net.gradients(X, Y)
    g = {name: bugs.inject(net, name).gradients(X, Y) for name in bugs.BUGS}
    assert np.allclose(g["sign_flipped"][0][1], -gW[1])
    assert np.allclose(g["no_batch_mean"][0][0], n * gW[0])
    assert np.allclose(g["double_batch_mean"][1][2], gb[2] / n)
    # the output layer is untouched by bugs on the way down
    for name in ("fork_assign", "missing_derivative", "updated_output_weights", "transposed"):
        assert np.allclose(g[name][0][2], gW[2]) and np.allclose(g[name][1][2], gb[2])
    # bias not summed: only the biases change
    assert all(np.allclose(a, b) for a, b in zip(g["bias_not_summed"][0], gW))
    assert not np.allclose(g["bias_not_summed"][1][0], gb[0])
    # off-by-one: only the weights change
    assert all(np.allclose(a, b) for a, b in zip(g["wrong_layer_activations"][1], gb))


def test_updated_output_weights_is_lecture_001s_published_code():
    mlp = bp.MLP.from_mazur(bp.MazurNetwork())
    x, y = np.array([[0.05, 0.10]]), np.array([[0.01, 0.99]])
    gW, _ = bugs.inject(mlp, "updated_output_weights", lr=0.5).gradients(x, y)
    new = mlp.copy()
    new.weights = [W - 0.5 * g for W, g in zip(mlp.weights, gW)]
    assert round(new.loss(x, y), 9) == 0.291027924          # lecture 001: error after one round
    ip = bp.MazurNetwork().step((0.05, 0.10), (0.01, 0.99), 0.5, update="in_place").weights
    assert np.allclose(new.weights[0].ravel(), [ip[k] for k in ("w1", "w2", "w3", "w4")], rtol=1e-12)
    assert round(new.weights[1][0, 0], 8) == 0.35891648      # w5+: the output layer is exact
    gW, _ = mlp.gradients(x, y)
    assert round(mlp.weights[0][0, 0] - 0.5 * gW[0][0, 0], 9) == 0.149780716   # w1+ of the correct step
    c = bugs.check_layers(bugs.inject(mlp, "updated_output_weights", lr=0.5), x, y)
    assert c.failing() == ["W0", "b0"] and round(c.errors["W0"], 3) == 0.168


# -- what the notebook says ---------------------------------------------------------------------
def test_training_table_eight_bugs_still_train(problem):
    net, X, Y = problem
    text = training_table(net, X, Y).to_text()
    rows = {line.split("|")[0].strip(): line.split("|")[-1].strip() for line in text.splitlines()[3:]}
    assert rows["none (correct)"] == "falls" and rows["sign flipped"] == "RISES"
    assert rows["S'(z) as z(1 - z)"] == "diverged at epoch 10"
    assert sum(v == "falls" for v in rows.values()) == 9        # the correct pass and 8 bugs


def test_special_points_catch_exactly_as_the_notebook_says(problem):
    net, X, Y = problem
    _, caught = special_points_table(net, X, Y)
    missed = {p: sorted(b for b in caught if not caught[b][p]) for p in bugs.SPECIAL_POINTS}
    assert missed == {
        "random": [],
        "zero weights": ["fork_assign", "missing_derivative", "transposed", "wrong_layer_activations"],
        "symmetric weights": ["transposed"],
        "one example": ["bias_not_summed", "double_batch_mean", "no_batch_mean"],
    }


def test_fork_bug_hides_with_a_single_neuron_above():
    net, X, Y = demo_problem((3, 3, 1), seed=2)
    assert bugs.check_layers(bugs.inject(net, "fork_assign"), X, Y).passed()
    assert not bugs.check_layers(bugs.inject(net, "missing_derivative"), X, Y).passed()


def test_one_sided_vs_central_as_the_notebook_says(problem):
    net, X, Y = problem
    _, errors = methods_table(net, X, Y)
    c_ok, o_ok = errors["none (correct)"]
    assert c_ok < 1e-6 < 1e-4 < o_ok < 1e-2                  # one-sided's own error ~1e-3
    c, o = errors["updated weights above (lr 0.01)"]
    assert bugs.THRESHOLDS["central"] < c < 1e-2 and o < 1e-2  # central catches it, one-sided at 0.01 does not
    c, o = errors["updated weights above"]
    assert 1e-2 < o < bugs.THRESHOLDS["one-sided"]           # one-sided at its threshold misses even lr 0.5
    for name, (c, o) in errors.items():
        if name.startswith(("none", "updated")):
            continue
        assert c > 0.5 and o > 0.5, name                      # every other bug: errors of order 1


def test_thresholds_pass_correct_networks_up_to_four_layers_of_eight():
    worst = 0.0
    for seed in range(5):
        for sizes in ((8, 8, 8, 8, 8), (2, 8, 8, 1), (3, 3, 2)):
            net, X, Y = demo_problem(sizes, seed=seed)
            for point in bugs.SPECIAL_POINTS:
                c = bugs.check_layers(*bugs.special_point(net, X, Y, point))
                worst = max(worst, c.max_rel_error)
    assert worst < bugs.THRESHOLDS["central"] / 5


# -- the dashboards ----------------------------------------------------------------------------
def test_bug_dashboard_verdicts_and_maps(problem):
    d = BugDashboard()
    assert d.status_text.endswith("Caught.") and "a falling loss proves nothing" in d.status_text
    maps = d.plot_values()["map_max"]
    c = d.check("missing_derivative", "random", "central")
    assert np.allclose(maps, [max(c.errors[f"W{l}"], c.errors[f"b{l}"]) for l in range(3)], rtol=1e-9)
    assert d.plot_values()["layers"] == ["fail", "fail", "pass"]
    d.set(bug="transposed", point="symmetric weights")
    assert "MISSED here" in d.status_text and d.status_kind == "warn"
    d.set(bug="sign_flipped", point="random")
    assert "RISES" in d.status_text and d.plot_values()["loss_end"] > d.plot_values()["loss_start"]
    d.set(bug="sprime_of_z")
    assert "diverged" in d.status_text
    d.set(bug="none", method="one-sided")
    assert "passes" in d.status_text and "nan" not in d.table_text.lower()
    d.close()


def test_bug_dashboard_updates_artists_in_place():
    d = BugDashboard()
    images = list(d.maps.images)
    figure = d.view.figure
    d.set(bug="fork_assign")
    assert d.view.figure is figure and d.maps.images == images
    d.close()


def test_mystery_is_seeded_and_levels_draw_from_their_pools():
    for level, pool in bugs.LEVELS.items():
        seen = set()
        for r in range(12):
            bug, net, X, Y = mystery(level, 3, r)
            assert bug in pool and net.bug == bug
            assert mystery(level, 3, r)[0] == bug
            seen.add(bug)
        assert len(seen) >= 2


def test_hints_never_name_the_bug():
    for name, tips in HINTS.items():
        for tip in tips:
            assert bugs.BUGS[name].title.lower() not in tip.lower()
            assert name not in tip


def test_bug_hunt_from_python():
    h = BugHuntDashboard(level="batch-only", seed=1)
    assert h.bug == "double_batch_mean"
    h.press("Name the bug")
    assert h.status_text.startswith("Choose a bug")
    h.set(examples="1 example")
    h.press("Run check")
    assert "every parameter passes" in h.status_text
    h.set(examples="8 examples")
    h.press("Run check")
    assert "fails in W0, b0, W1, b1" in h.status_text
    assert h.plot_values()["checks"] == 2
    assert np.allclose(h.plot_values()["map_max"][:2], [0.875, 0.875], rtol=1e-6)
    assert h.plot_values()["layers"] == ["fail", "fail"]
    h.press("Hint")
    assert h.status_text.startswith("Hint:")
    h.set(guess="no_batch_mean")
    h.press("Name the bug")
    assert "would be 8; here it is 0.125" in h.status_text and not h.solved
    h.set(guess="double_batch_mean")
    h.press("Name the bug")
    assert h.solved and h.status_kind == "ok"
    assert "2 checks, 1 hint, 1 wrong guess (batch sum not divided); solved" in h.status_text
    h.set(level="deep")
    assert h.round == 1 and not h.solved and h.plot_values()["map_max"] == [None, None, None]
    assert h.plot_values()["layers"] == [None, None, None]
    h.close()


def test_hunt_wrong_guess_names_the_evidence():
    h = BugHuntDashboard(level="one layer", seed=0)
    assert h.bug == "wrong_layer_activations"
    h.press("Run check")
    h.set(guess="sign_flipped")
    h.press("Name the bug")
    assert re.search(r"would fail in W0, b0, W1, b1; here it fails in W0\.", h.status_text)
    h.close()


# -- check your own backward pass ---------------------------------------------------------------------
def _solution():
    ns = {"sigmoid": sigmoid}
    exec(SOLUTION, ns)
    return ns["my_backward"]


def _variant(**changes):
    """A student's function: the solution with some lines replaced."""
    def fn(W0, b0, W1, b1, X, Y):
        n = X.shape[0]
        A1 = sigmoid(X @ W0.T + b0)
        A2 = sigmoid(A1 @ W1.T + b1)
        delta2 = changes.get("delta2", lambda: (A2 - Y) / n * A2 * (1 - A2))()
        delta1 = changes.get("delta1", lambda: (delta2 @ W1) * A1 * (1 - A1))(delta2, W1, A1) \
            if "delta1" in changes else (delta2 @ W1) * A1 * (1 - A1)
        return (delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1,
                changes["db1"](delta2) if "db1" in changes else delta2.sum(axis=0))
    return fn


def test_checker_passes_the_solution_and_the_reference():
    for fn in (_solution(), bugs.reference_backward):
        r = bugs.check_backward(fn)
        assert r.passed and r.problem == "passed" and r.message.startswith("Passed")


def test_checker_names_the_wrong_gradient_and_by_how_much():
    r = bugs.check_backward(_variant(delta1=lambda d2, W1, A1: d2 @ W1))   # missing S'(Z1)
    assert not r.passed and r.wrong == ("dW0", "db0")
    assert re.search(r"dW0 is wrong: worst relative error \d\.\d+ at dW0\[\d, \d\]", r.message)
    assert "dW1, db1 pass" in r.message and r.looks_like == ("missing_derivative",)
    r = bugs.check_backward(lambda *a: tuple(-g for g in bugs.reference_backward(*a)))
    assert r.wrong == ("dW0", "db0", "dW1", "db1") and r.looks_like == ("sign_flipped",)
    assert all(abs(e - 2) < 1e-6 for e in r.errors.values())


def test_checker_explains_shapes_errors_and_blanks_without_a_traceback():
    r = bugs.check_backward(_variant(db1=lambda d2: d2))
    assert r.problem == "shape" and "db1 has shape (5, 2), expected (2,)" in r.message

    def transposed(*a):
        dW0, db0, dW1, db1 = bugs.reference_backward(*a)
        return dW0, db0, dW1.T, db1
    r = bugs.check_backward(transposed)
    assert r.problem == "shape" and "It is transposed" in r.message

    def raises(W0, b0, W1, b1, X, Y):
        return (X @ W1.T, b0, W1, b1)                       # (5, 3) @ (4, 2): shapes do not fit
    r = bugs.check_backward(raises)
    assert r.problem == "raised" and r.message.startswith("Your function raised ValueError")
    assert "Traceback" not in r.message

    def blanks(W0, b0, W1, b1, X, Y):
        delta2 = ...
        dW1 = delta2 * 2
        return dW1, ..., ..., ...
    assert bugs.check_backward(blanks).problem == "blanks"
    assert bugs.check_backward(lambda *a: (..., ..., ..., ...)).problem == "blanks"
    assert bugs.check_backward(lambda *a: bugs.reference_backward(*a)[:3]).problem == "returned"
    assert bugs.check_backward(lambda *a: None).problem == "returned"
    nan = bugs.check_backward(lambda *a: (np.full((4, 3), np.nan), np.zeros(4), np.zeros((2, 4)), np.zeros(2)))
    assert nan.problem == "not finite"
    cplx = bugs.check_backward(lambda *a: tuple(g + 0j for g in bugs.reference_backward(*a)))
    assert cplx.problem == "returned" and "dW0 must be an array of real numbers, got complex numbers" in cplx.message
    with pytest.raises(TypeError, match="needs your backward function"):
        bugs.check_backward(3)


def test_checker_widget_reports_and_shows_the_solution_only_on_demand():
    c = BackwardChecker(_variant(db1=lambda d2: d2))
    c.buttons["Check my backward pass"].click()
    assert "db1 has shape" in c.result.value and c.solution.value == ""
    c.buttons["Show solution"].click()
    assert "delta1 = (delta2 @ W1) * A1 * (1 - A1)" in c.solution.value.replace("&gt;", ">")
    missing = BackwardChecker("no_such_function_here")
    assert missing.check().problem == "missing" and "run the template cell" in missing.result.value


# -- exercises -----------------------------------------------------------------------------
def test_exercises_answers_and_mistakes():
    ex = batch_sum_exercise()
    assert ex.answer == pytest.approx(0.875) and ex.check("0.875").correct
    assert "ratio" in ex.check("8").message
    ex = sign_exercise()
    assert ex.answer == pytest.approx(2.0) and ex.check("2").correct and not ex.check("1").correct


# -- every dashboard: every option, in-place, not stale, bad names ------------------------------------
def _assert_worded(d):
    text = (d.table_text + " " + d.status_text).lower()
    assert not re.search(r"\b(nan|inf|undefined|overflow|traceback)\b", text), text
    assert d.status_kind != "error", d.status_text


def test_bug_dashboard_every_option_gives_finite_words():
    d = BugDashboard()
    for method in ("central", "one-sided"):
        for point in bugs.SPECIAL_POINTS:
            for bug in ["none", *bugs.BUGS]:
                with d.hold():
                    d.set(method=method, point=point, bug=bug)
                d.refresh()
                _assert_worded(d)
                c = d.check(bug, point, method)
                assert ("Caught." in d.status_text) == (bug != "none" and not c.passed())
    d.close()


def test_bug_dashboard_leaves_out_bugs_the_network_cannot_have():
    d = BugDashboard(bug="fork_assign", sizes=(3, 4, 2))
    options = [v for _, v in d.controls["bug"].options]
    assert "transposed" not in options and "wrong_layer_activations" not in options and "fork_assign" in options
    with pytest.raises(ValueError, match="bug must be one of"):
        BugDashboard(bug="transposed", sizes=(3, 4, 2))
    d.close()


@pytest.mark.parametrize("cls", [BugDashboard, BugHuntDashboard])
def test_a_drawn_figure_is_not_stale_and_names_are_checked(cls):
    d = cls()
    d.view.blit.invalidate()
    d.view.blit.update()
    assert not d.view.figure.stale and not any(ax.stale for ax in d.view.figure.axes)
    with pytest.raises(KeyError, match="no control named"):
        d.set(alpha=1.0)
    d.close()


def test_bug_hunt_every_level_and_setting_gives_finite_words():
    h = BugHuntDashboard()
    for level in bugs.LEVELS:
        h.set(level=level)
        for examples in ("1 example", "8 examples"):
            for method in ("central", "one-sided"):
                h.set(examples=examples, method=method)
                h.press("Run check")
                _assert_worded(h)
                assert h.plot_values()["map_max"][:len(h.net.sizes) - 1] == pytest.approx(
                    [max(h.last.errors[f"W{l}"], h.last.errors[f"b{l}"]) for l in range(len(h.net.sizes) - 1)],
                    rel=1e-9)
        for guess in bugs.BUGS:
            h.set(guess=guess)
            h.press("Name the bug")
            _assert_worded(h)
        assert h.solved
    h.close()


def test_every_mystery_shows_with_the_central_check_and_eight_examples():
    # the hunt is always solvable: the evidence is there at the default settings
    for level in bugs.LEVELS:
        for seed in range(4):
            for r in range(6):
                bug, net, X, Y = mystery(level, seed, r)
                assert bugs.check_layers(net, X, Y).failing(), (level, seed, r, bug)
                if level == "batch-only":
                    assert bugs.check_layers(net, X[:1], Y[:1]).passed(), (level, seed, r, bug)
