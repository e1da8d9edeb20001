"""Small experiments on an MLP that lectures 003 and 004 state in words, run for real (lesson 07).

* batches: :func:`per_example_gradients` (the full-batch gradient is the mean of the examples'),
  :func:`minibatch_spread` (how well ``b`` examples estimate it), :func:`sum_vs_average` (lecture 003
  sums a batch's updates, lecture 004 averages: the same steps with ``n`` times the rate);
* initialisation: :func:`symmetry_run` (equal weights stay equal);
* lecture 003's formulas taken literally: :func:`lecture003_deltas` (unit by unit, sign ``y - a``),
  :func:`cross_entropy_l2` (``J(W)`` written out), :func:`l2_update_check` (its regularised update and
  the corrected one), :func:`softmax_example` (one-hot outputs: ``delta^L = a - y``);
* :func:`architecture_runs`: lecture 003's rules of thumb on XOR clusters;
* :func:`lecture_loop_raw`, :func:`lecture_loop_core`: lecture 003's numpy loop beside :class:`MLP`.

Left out: tables and figures (``backprop_lab``), the finite differences (:mod:`.finite_differences`).
"""
from __future__ import annotations

import time

import numpy as np

from . import datasets, losses
from .mlp import MLP
from .validation import check_choice

__all__ = ["per_example_gradients", "minibatch_spread", "sum_vs_average", "symmetry_run", "cross_entropy_l2",
           "lecture003_deltas", "l2_update_check", "softmax_example", "ARCHITECTURES", "architecture_runs",
           "N", "D_IN", "H", "D_OUT", "lecture_data", "lecture_loop_raw", "lecture_loop_core", "flat_gradient"]


def _rows(X, Y):
    X = np.asarray(X, float)
    return X, np.asarray(Y, float).reshape(len(X), -1)


def flat_gradient(gW, gb):
    """All weight gradients, then all bias gradients, as one vector."""
    return np.concatenate([g.ravel() for g in gW] + [g.ravel() for g in gb])


# ---------------------------------------------------------------------------
# batches
# ---------------------------------------------------------------------------
def per_example_gradients(mlp, X, Y, params=(("W", 0, 0, 0), ("W", 1, 0, 1), ("b", 0, 1, None))):
    """Each example's cost and gradient of a few parameters, and the full batch's (lecture 004).

    ``params``: ``(kind, layer, i, j)`` with code layers (``('W', 0, i, j)`` is ``weights[0][i, j]``,
    ``('b', l, i, None)`` is ``biases[l][i]``). Returns ``(costs, per, full_cost, full)``: ``costs[n]``
    and ``per[n]`` (one value per parameter) for example ``n``, then the whole batch's. Because the
    cost is the mean of the examples' costs, ``full`` is the mean of ``per``.
    """
    X, Y = _rows(X, Y)

    def pick(gW, gb):
        return [gW[l][i, j] if k == "W" else gb[l][i] for k, l, i, j in params]
    costs, per = [], []
    for x, y in zip(X, Y):
        gW, gb = mlp.gradients(x[None, :], y[None, :])
        per.append(pick(gW, gb))
        costs.append(mlp.loss(x[None, :], y[None, :]))
    return costs, per, mlp.loss(X, Y), pick(*mlp.gradients(X, Y))


def minibatch_spread(mlp, X, Y, sizes=(1, 2, 4, 8, 16, 32, 64, 128), draws=200, seed=0):
    """How well a random mini-batch of ``b`` examples estimates the full gradient.

    For each ``b``: ``draws`` mini-batches drawn without replacement; the
    relative error ``|g_b - g| / |g|`` of each (all parameters as one vector).
    Returns ``{b: (mean error, std of error, mean |g_b - g|)}``; a batch of all n examples has error 0.
    """
    rng = np.random.default_rng(seed)
    X, Y = _rows(X, Y)
    n = len(X)
    full = flat_gradient(*mlp.gradients(X, Y))
    out = {}
    for b in sizes:
        if not 1 <= b <= n:
            raise ValueError(f"batch sizes must be between 1 and n = {n}, got {b}.")
        errs = []
        for _ in range(draws if b < n else 1):
            # a batch of all n examples is the whole set (in order: exactly the full gradient)
            idx = rng.choice(n, size=b, replace=False) if b < n else np.arange(n)
            errs.append(np.linalg.norm(flat_gradient(*mlp.gradients(X[idx], Y[idx])) - full) / np.linalg.norm(full))
        out[b] = (float(np.mean(errs)), float(np.std(errs)), float(np.mean(errs) * np.linalg.norm(full)))
    return out


def sum_vs_average(mlp, X, Y, lr_sum=0.05, steps=20):
    """Lecture 003's batch mode (sum the per-example updates, rate ``lr_sum``) against lecture 004's
    average (``MLP.fit`` with rate ``n * lr_sum``): returns ``(summed net, averaged net, max |difference|)``."""
    X, Y = _rows(X, Y)
    n = len(X)
    summed = mlp.copy()
    for _ in range(steps):
        total_W = [np.zeros_like(W) for W in summed.weights]
        total_b = [np.zeros_like(b) for b in summed.biases]
        for x, y in zip(X, Y):                     # one Delta per example, summed (lecture 003)
            gW, gb = summed.gradients(x[None, :], y[None, :])
            for t, g in zip(total_W + total_b, gW + gb):
                t += g
        for W, b, tW, tb in zip(summed.weights, summed.biases, total_W, total_b):
            W -= lr_sum * tW
            b -= lr_sum * tb
    averaged = mlp.copy()
    averaged.fit(X, Y, lr=n * lr_sum, epochs=steps)   # the mean gradient (lecture 004), rate n times larger
    diff = max(float(np.max(np.abs(a - b))) for a, b in zip(summed.weights + summed.biases,
                                                                averaged.weights + averaged.biases))
    return summed, averaged, diff


# ---------------------------------------------------------------------------
# initialisation: symmetry
# ---------------------------------------------------------------------------
def symmetry_run(init="equal", value=0.5, sizes=(2, 3, 1), lr=2.0, epochs=2000, seed=0):
    """Train on XOR from all-equal weights (``init='equal'``: every weight ``value``, biases 0) or from
    lecture 003's small random weights (``'random'``). Returns ``(mlp, history, X, Y)``.

    Equal weights get equal gradients (every hidden unit sees the same inputs and the same delta), so
    they stay equal for ever: the hidden layer acts as one unit.
    """
    check_choice("init", init, ["equal", "random"])
    X, Y = datasets.truth_table("XOR")
    mlp = MLP(list(sizes), activation="sigmoid", loss="half_sse", seed=seed)
    if init == "equal":
        mlp.weights = [np.full_like(W, value) for W in mlp.weights]
    hist = mlp.fit(X, Y, lr=lr, epochs=epochs)
    return mlp, hist, X, Y


# ---------------------------------------------------------------------------
# lecture 003's formulas, literally
# ---------------------------------------------------------------------------
def cross_entropy_l2(mlp, X, Y, lam):
    """Lecture 003's ``J(W)`` written out with numpy, beside :meth:`MLP.loss` ('bce', ``l2=lam``).

    ``J = -1/m sum_i sum_k [y log h + (1 - y) log(1 - h)] + lam/(2m) sum_l sum W^2`` (biases excluded).
    Returns ``(by hand, MLP.loss, penalty)``.
    """
    if mlp.loss_name != "bce":
        raise ValueError(f"cross_entropy_l2 needs an MLP with loss 'bce', got {mlp.loss_name!r}.")
    X, Y = _rows(X, Y)
    m = len(X)
    h = mlp.forward(X)
    data = -np.sum(Y * np.log(h) + (1 - Y) * np.log(1 - h)) / m
    penalty = lam / (2 * m) * sum(float(np.sum(W ** 2)) for W in mlp.weights)
    return float(data + penalty), float(mlp.loss(X, Y, l2=lam)), penalty


def lecture003_deltas(mlp, x, y):
    """Lecture 003's back-propagation for one example of a network with one hidden layer, unit by unit.

    ``Err_i = y_i - a_i``, ``Delta_i = Err_i g'(in_i)`` for the outputs, ``Delta_j = g'(in_j) sum_i W_{j,i}
    Delta_i`` for the hidden units, and ``dE/dW_{j,i} = -a_j Delta_i``. Lecture 003 writes ``W_{j,i}`` for
    the weight *from* j *to* i, which is ``mlp.weights[1][i, j]`` (row = the unit fed). Returns
    ``(Delta_i, Delta_j, dE/dW_{j,i} as a matrix shaped like weights[1])``.
    """
    if len(mlp.weights) != 2 or mlp.loss_name != "half_sse" or mlp.activation != "sigmoid":
        raise ValueError("lecture003_deltas needs a sigmoid MLP with one hidden layer and loss 'half_sse', "
                         f"got {mlp!r}.")
    zs, acts = mlp.forward_pass(x)
    a_j = acts[1][0]
    a_i = acts[2][0]
    y = np.asarray(y, float).ravel()

    def g_prime(a):
        return a * (1 - a)
    W = mlp.weights[1]
    Delta_i = np.array([(y[i] - a_i[i]) * g_prime(a_i[i]) for i in range(len(a_i))])
    Delta_j = np.array([g_prime(a_j[j]) * sum(W[i, j] * Delta_i[i] for i in range(len(a_i)))
                        for j in range(len(a_j))])
    dE = np.array([[-a_j[j] * Delta_i[i] for j in range(len(a_j))] for i in range(len(a_i))])
    return Delta_i, Delta_j, dE


def l2_update_check(mlp, X, Y, lam, lr=0.5, steps=2000):
    """Lecture 003's update ``W := W + alpha (a_j delta_i + lambda W)`` against the corrected
    ``W := W + alpha (a_j delta_i - (lambda / m) W)``, on the cost ``J(W)`` with ``lambda/(2m) sum W^2``.

    Lecture 003's ``a_j delta_i`` (``delta`` with the sign ``y - a``) is ``-dJ_data/dW``: its update adds it,
    so it must *subtract* the penalty's slope ``(lambda / m) W``. Biases get no penalty in either rule.
    Returns ``{rule: (J after 1 step, J after steps, sum of W^2 after steps)}`` and ``J`` at the start.
    """
    X, Y = _rows(X, Y)
    m = len(X)
    start = float(mlp.loss(X, Y, l2=lam))
    out = {}
    for rule, sign, scale in (("lecture's line: + lambda W", +1.0, 1.0), ("corrected: - (lambda/m) W", -1.0, 1.0 / m)):
        net = mlp.copy()
        after = []
        for _ in range(steps):
            gW, gb = net.gradients(X, Y)               # dJ_data/dW: lecture 003's a_j delta_i is minus this
            for W, g in zip(net.weights, gW):
                W += lr * (-g + sign * scale * lam * W)
            for b, g in zip(net.biases, gb):
                b -= lr * g
            if not after:
                after.append(float(net.loss(X, Y, l2=lam)))
        out[rule] = (after[0], float(net.loss(X, Y, l2=lam)), sum(float(np.sum(W ** 2)) for W in net.weights))
    return start, out


def softmax_example(x=(0.5, -1.0), label=2, seed=0, eps=1e-6):
    """A 2-3-3 network (tanh hidden, softmax output, cross-entropy) on one example of class ``label``.

    Returns ``z``, ``a = softmax(z)``, the one-hot ``y``, ``delta^L`` from the core
    (:func:`backprop_core.losses.output_delta`), ``a - y``, and ``dC/dz`` by central differences of
    ``C(z) = -sum_k y_k log softmax(z)_k``.
    """
    mlp = MLP([2, 3, 3], activation="tanh", output_activation="softmax", loss="cross_entropy", seed=seed)
    y = datasets.one_hot(np.array([label]), 3)
    zs, acts = mlp.forward_pass(x)
    z, a = zs[-1], acts[-1]
    delta = losses.output_delta("cross_entropy", "softmax", a, z, y)
    numeric = np.empty(3)
    for k in range(3):
        up, down = z.copy(), z.copy()
        up[0, k] += eps
        down[0, k] -= eps
        numeric[k] = (losses.loss_value("cross_entropy", a, up, y)
                      - losses.loss_value("cross_entropy", a, down, y)) / (2 * eps)
    return {"mlp": mlp, "z": z[0], "a": a[0], "y": y[0], "delta": delta[0], "a_minus_y": (a - y)[0], "numeric": numeric}


# ---------------------------------------------------------------------------
# lecture 003's architectures and practical rules, on a small run
# ---------------------------------------------------------------------------
ARCHITECTURES = ((2, 1), (2, 2, 1), (2, 8, 1), (2, 8, 8, 1), (2, 2, 8, 1))


def architecture_runs(architectures=ARCHITECTURES, seeds=(0, 1, 2), epochs=1000, lr=0.5, n=200):
    """Train each architecture on the XOR clusters (tanh hidden units, sigmoid output, cross-entropy,
    full batch) from several seeds. Returns ``{sizes: (mean final loss, mean accuracy, seeds with
    accuracy >= 95 %)}``."""
    X, Y = datasets.xor_clusters(n, noise=0.3, seed=0)
    out = {}
    for sizes in architectures:
        loss, acc, solved = [], [], 0
        for seed in seeds:
            net = MLP(list(sizes), activation="tanh", output_activation="sigmoid", loss="bce", seed=seed,
                      init="xavier")
            hist = net.fit(X, Y, lr=lr, epochs=epochs)
            a = float(np.mean(net.predict(X) == Y[:, 0]))
            loss.append(hist.final_loss)
            acc.append(a)
            solved += a >= 0.95
        out[tuple(sizes)] = (float(np.mean(loss)), float(np.mean(acc)), solved)
    return out


# ---------------------------------------------------------------------------
# lecture 003's numpy loop
# ---------------------------------------------------------------------------
N, D_IN, H, D_OUT = 64, 1000, 100, 10


def lecture_data(seed=0):
    """The loop's random data and weights: ``x, y, w1, w2`` (``randn`` with a fixed seed)."""
    rs = np.random.RandomState(seed)
    return rs.randn(N, D_IN), rs.randn(N, D_OUT), rs.randn(D_IN, H), rs.randn(H, D_OUT)


def lecture_loop_raw(steps=2000, seed=0):
    """Lecture 003's loop as printed (losses kept instead of printed). Returns ``(losses, seconds)``."""
    x, y, w1, w2 = lecture_data(seed)
    losses_ = np.empty(steps)
    start = time.perf_counter()
    for t in range(steps):
        h = 1 / (1 + np.exp(-x.dot(w1)))
        y_pred = h.dot(w2)
        losses_[t] = np.square(y_pred - y).sum()

        grad_y_pred = 2.0 * (y_pred - y)
        grad_w2 = h.T.dot(grad_y_pred)
        grad_h = grad_y_pred.dot(w2.T)
        grad_w1 = x.T.dot(grad_h * h * (1 - h))

        w1 -= 1e-4 * grad_w1
        w2 -= 1e-4 * grad_w2
    return losses_, time.perf_counter() - start


def lecture_loop_core(steps=2000, seed=0):
    """The same run through :class:`backprop_core.MLP` (sigmoid hidden layer, linear output, no biases).

    The lecture's loss is a *sum* of squares, ``'half_sse'`` is ``1/(2N) sum``: the lecture's loss is
    ``2N`` times it, so its gradient is too, and the lecture's rate 1e-4 is ``lr = 2N * 1e-4`` here.
    Returns ``(losses in the lecture's units, seconds)``.
    """
    x, y, w1, w2 = lecture_data(seed)
    mlp = MLP([D_IN, H, D_OUT], activation="sigmoid", output_activation="linear", loss="half_sse", bias=False)
    mlp.weights = [w1.T.copy(), w2.T.copy()]
    start = time.perf_counter()
    hist = mlp.fit(x, y, lr=2 * N * 1e-4, epochs=steps)
    seconds = time.perf_counter() - start
    return np.asarray(hist.loss) * 2 * N, seconds
