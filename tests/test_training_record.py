"""One record of a training run for all four training loops (backprop_core.records).

ChainRun, MazurRun, DescentRun and TrainingHistory carry the same fields with
one convention: ``costs`` (before the first update, then after each update),
``steps`` (updates kept), ``diverged_at`` (1-based number of the update whose
result passed ``limit``), ``limit`` and ``diverged``. A huge learning rate makes
each of them diverge, and each says so the same way.
"""
import warnings

import numpy as np
import pytest

from backprop_core import MLP, ChainNetwork, MazurNetwork, TrainingHistory
from backprop_core.activations import sigmoid
from backprop_core.chain import DIVERGENCE_LIMIT, ChainRun
from backprop_core.descent import LIMIT, DescentRun, gradient_descent
from backprop_core.mazur import DIVERGENCE_LIMIT as MAZUR_LIMIT
from backprop_core.mazur import MazurRun
from backprop_core.records import TrainingRecord, divergence_sentence

INPUTS, TARGETS = (0.05, 0.10), (0.01, 0.99)


def linear_net():
    """A 1-1 linear net whose weight grows by ~1e5 per step at lr = 1e5."""
    mlp = MLP([1, 1], activation="linear", loss="half_sse", seed=0)
    mlp.weights[0][0, 0] = 1.0
    return mlp


def diverging_runs():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        return {
            "chain": ChainNetwork().train(s0=2.0, target=0.7, lr=50, steps=50),
            "mazur": MazurNetwork().train(INPUTS, TARGETS, lr=1e10, rounds=20),
            "descent": gradient_descent("parabola", [0.0], lr=1.1, steps=500),
            "mlp": linear_net().fit([[1.0], [3.0]], [[0.0], [1.0]], lr=1e5, epochs=500),
        }


@pytest.fixture(scope="module")
def runs():
    return diverging_runs()


@pytest.mark.parametrize("name", ["chain", "mazur", "descent", "mlp"])
def test_every_run_reports_divergence_the_same_way(runs, name):
    run = runs[name]
    assert isinstance(run, TrainingRecord)
    assert run.diverged is True
    assert isinstance(run.diverged_at, int) and run.diverged_at >= 1
    assert isinstance(run.steps, int)
    assert run.steps == run.diverged_at - 1  # the diverging update is not kept
    costs = np.asarray(run.costs)
    assert costs.dtype == float and costs.shape == (run.steps + 1,)
    assert np.all(np.isfinite(costs))
    assert isinstance(run.limit, float)
    assert "Diverged at step" in divergence_sentence(run)


def test_limits(runs):
    assert runs["chain"].limit == DIVERGENCE_LIMIT == 1e8
    assert runs["mazur"].limit == MAZUR_LIMIT == 1e8
    assert runs["descent"].limit == LIMIT == 1e6
    assert runs["mlp"].limit == float("inf")  # MLP.fit stops only on a non-finite loss


def test_chain_diverged_at_is_the_update_whose_result_passed_the_limit(runs):
    run = runs["chain"]
    assert isinstance(run, ChainRun) and (run.diverged_at, run.steps) == (4, 3)
    w0, w1, w2 = run.weights[-1]
    g = ChainNetwork(w0, w1, w2).gradients(2.0, 0.7)
    n0, n1, n2 = w0 - 50 * g["w0"], w1 - 50 * g["w1"], w2 - 50 * g["w2"]
    cost = 0.5 * (n2 * sigmoid(n1 * sigmoid(n0 * 2.0)) - 0.7) ** 2
    assert max(abs(n0), abs(n1), abs(n2), cost) >= DIVERGENCE_LIMIT
    assert np.all(np.abs(run.weights) < DIVERGENCE_LIMIT) and np.all(run.costs < DIVERGENCE_LIMIT)


def test_mazur_train_reports_divergence(runs):
    run = runs["mazur"]
    assert isinstance(run, MazurRun) and (run.diverged_at, run.steps, run.rounds) == (1, 0, 0)
    # the first update itself throws a weight past 1e8: the network keeps its starting weights
    assert run.network == MazurNetwork()
    assert run.errors == [MazurNetwork().total_error(INPUTS, TARGETS)]
    step = MazurNetwork().step(INPUTS, TARGETS, lr=1e10).weights
    assert max(abs(v) for v in step.values()) >= MAZUR_LIMIT
    assert "diverged at step 1" in run.message


def test_mazur_train_without_divergence_is_unchanged():
    run = MazurNetwork().train(INPUTS, TARGETS, lr=0.5, rounds=3)
    assert not run.diverged and run.diverged_at is None and run.steps == run.rounds == 3
    assert run.costs.tolist() == run.errors and len(run.errors) == 4


def test_descent_diverged_at(runs):
    run = runs["descent"]
    assert isinstance(run, DescentRun)
    k = run.diverged_at
    theta = run.thetas[-1, 0]
    nxt = theta - 1.1 * 2 * (theta - 3)  # the update that was not kept
    assert (nxt - 3) ** 2 + 1 >= LIMIT or abs(nxt) >= LIMIT
    assert run.steps == k - 1 == len(run.thetas) - 1


def test_training_history_diverged_at_is_1_based(runs):
    hist = runs["mlp"]
    assert isinstance(hist, TrainingHistory)
    assert not hasattr(hist, "diverged_at_step")
    # full batch: costs are the loss before each update, then after the last kept one
    assert hist.costs.tolist() == hist.loss
    assert hist.final_loss == hist.costs[-1]
    # the kept weights are those after `steps` updates; one more update overflows
    again = linear_net()
    part = again.fit([[1.0], [3.0]], [[0.0], [1.0]], lr=1e5, epochs=hist.steps)
    assert not part.diverged and part.steps == hist.steps and part.costs[-1] == hist.final_loss
    assert len(part.costs) == part.steps + 1


def test_training_history_without_divergence():
    X = np.array([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]])
    Y = np.array([[0.0], [1.0], [1.0], [0.0]])
    full = MLP([2, 3, 1], seed=0).fit(X, Y, lr=0.5, epochs=5)
    assert not full.diverged and full.diverged_at is None and full.steps == 5
    assert full.costs.shape == (6,) and full.costs[-1] == full.final_loss
    assert full.costs[:-1].tolist() == full.loss
    mini = MLP([2, 3, 1], seed=0).fit(X, Y, lr=0.5, epochs=5, batch_size=2)
    assert mini.steps == 10 and mini.costs.shape == (6,)  # per epoch, then the final loss
    with pytest.raises(ValueError, match="did not diverge"):
        divergence_sentence(full)


# -- the sentence --------------------------------------------------------------------
def test_sentence_for_the_chain(runs):
    run = runs["chain"]
    assert divergence_sentence(run) == (
        "Diverged at step 4: with learning rate 50 the update overshot and the cost grew past 1e+08. "
        f"Stopped at the last finite weights (step 3, cost C = {run.costs[-1]:.4g}). Lower the learning rate.")
    # a dashboard that ran 10 steps before, with its own number format and advice
    assert divergence_sentence(run, start=10, number=lambda v: f"{v:.3f}",
                               action="Press Reset, then try a smaller learning rate.") == (
        "Diverged at step 14: with learning rate 50.000 the update overshot and the cost grew past 1e+08. "
        f"Stopped at the last finite weights (step 13, cost C = {run.costs[-1]:.3f}). "
        "Press Reset, then try a smaller learning rate.")


def test_sentence_for_the_other_runs(runs):
    d = runs["descent"]
    assert divergence_sentence(d, at=f"= {d.thetas[-1, 0]:.4g}", label="plain gradient descent",
                               cause="every step overshot the minimum",
                               action="Lower the learning rate or the momentum.") == (
        f"Diverged at step {d.diverged_at} (plain gradient descent): with learning rate 1.1 every step "
        f"overshot the minimum and J grew past 1e+06. Stopped at the last finite theta = "
        f"{d.thetas[-1, 0]:.4g} (step {d.steps}, J = {d.costs[-1]:.4g}). Lower the learning rate or the momentum.")
    h = runs["mlp"]
    assert divergence_sentence(h, label="full batch") == (
        f"Diverged at step {h.diverged_at} (full batch): with learning rate 1e+05 the update overshot and the "
        f"loss stopped being finite. Stopped at the last finite weights (step {h.steps}, loss = "
        f"{h.final_loss:.4g}). Lower the learning rate.")
    m = runs["mazur"]
    assert divergence_sentence(m, action="") == (
        "Diverged at step 1: with learning rate 1e+10 the update overshot and a weight grew past 1e+08. "
        f"Stopped at the last finite weights (step 0, E_total = {m.errors[0]:.4g}).")


def test_sentence_validates():
    with pytest.raises(TypeError, match="training record"):
        divergence_sentence({"diverged_at": 3})


def test_sentence_without_the_learning_rate(runs):
    d = runs["descent"]
    text = divergence_sentence(d, lr=False, label="the run with momentum", cause="the steps overshot",
                               kept=f"theta = {d.thetas[-1, 0]:.4g}", action="Lower the learning rate or the momentum.")
    assert text.startswith(f"Diverged at step {d.diverged_at} (the run with momentum): the steps overshot and "
                           "J grew past 1e+06. Stopped at the last finite theta = ")
