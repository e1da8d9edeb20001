"""Backpropagation with one bug on purpose, and the checks that find it (lectures 001, 003).

Most first implementations of backpropagation are wrong in quiet ways: the
loss still falls and the numbers look plausible. This module keeps a
catalogue of such bugs, :data:`BUGS`, and runs an :class:`~backprop_core.MLP`'s
backward pass with one of them::

    >>> import backprop_core as bp
    >>> net = bp.MLP([3, 3, 2], seed=0)
    >>> buggy = bp.bugs.inject(net, "missing_derivative")
    >>> buggy.bug, type(buggy).__name__
    ('missing_derivative', 'BuggyMLP')

The buggy network is a copy (``net`` is untouched) whose ``gradients`` and
``fit`` use the buggy backward pass; the forward pass and the loss are the
normal ones, so a numerical gradient check (:func:`check_layers`) measures
exactly how wrong the backpropagated gradient is, parameter by parameter.
The normal :class:`~backprop_core.MLP` code path is not touched.

:func:`check_layers` compares the backpropagated gradients with numerical
ones, by central differences (error ~ eps^2) or by lecture 003's one-sided
difference ``(J(w + eps) - J(w)) / eps`` (error ~ eps). :func:`check_backward`
runs the same comparison on a student's own backward function for a
two-layer network and says, in words, which gradient is wrong and by how much;
the student's function runs through the course's one runner,
:func:`backprop_core.sandbox.run_student` (time limit, ``sys.exit()`` and the
stop button become sentences, the kernel survives).

Left out: bugs in the forward pass (a gradient check cannot see them: it
differentiates whatever the forward pass computes) and bugs that raise
errors (those announce themselves).
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from . import activations as _act
from . import losses as _loss
from .validation import check_choice, check_int, check_positive
from .gradcheck import relative_error
from .mlp import MLP
from .sandbox import DEFAULT_TIMEOUT, run_student

__all__ = ["Bug", "BUGS", "LEVELS", "BuggyMLP", "inject", "check_layers", "LayerCheck", "METHODS",
           "THRESHOLDS", "FLOOR", "special_point", "SPECIAL_POINTS", "check_backward", "BackwardReport",
           "two_layer_network", "reference_backward", "BLANKS"]


@dataclass(frozen=True)
class Bug:
    """One bug of the catalogue.

    ``name`` is its stable key, ``title`` a few words, ``description`` one
    line a student can read, ``hides`` where a gradient check cannot see it.
    """

    name: str
    title: str
    description: str
    hides: str


_BUG_LIST = [
    Bug("updated_output_weights", "updated weights above",
        "The hidden deltas are computed with the weights of the layer above already updated "
        "(W - lr dC/dW), as lecture 001's published code does.",
        "with a tiny learning rate or tiny gradients (the updated weights are then almost the old ones)"),
    Bug("fork_assign", "= instead of += at a fork",
        "Where a hidden neuron feeds several neurons above, dC/da is assigned (=) path by path instead of "
        "summed (+=), so only the last path is kept.",
        "when the layer above has one neuron (there is no fork), or the other paths carry zero"),
    Bug("missing_derivative", "missing activation derivative",
        "The activation's derivative phi'(z) is missing in a hidden layer: delta{l} = W{l}^T delta{l+1} "
        "without the Hadamard product with phi'(z).",
        "at zero weights (every hidden gradient is 0 anyway), and for linear or active ReLU units (phi' = 1)"),
    Bug("sprime_of_z", "S'(z) as z(1 - z)",
        "The sigmoid's derivative is taken as z(1 - z) of its input z instead of s(1 - s) of its output s.",
        "nowhere useful: z(1 - z) and s(1 - s) agree only at isolated points"),
    Bug("sign_flipped", "sign flipped",
        "The sign of the update is flipped: w <- w + lr dC/dw (the gradient comes out negated).",
        "only where the gradient is exactly zero"),
    Bug("no_batch_mean", "batch sum not divided",
        "The batch gradient is summed over the examples but not divided by the batch size n.",
        "with one example (n = 1)"),
    Bug("double_batch_mean", "batch mean taken twice",
        "The batch gradient is divided by the batch size n twice.",
        "with one example (n = 1)"),
    Bug("transposed", "W not transposed",
        "A square weight matrix is not transposed in the backward pass: dC/da = W delta instead of "
        "W^T delta (the shapes match, the values do not).",
        "when that weight matrix is symmetric (W = W^T), e.g. all zero"),
    Bug("bias_not_summed", "bias gradient not summed",
        "The bias gradient is not summed over the batch: only the first example's delta is used.",
        "with one example (n = 1)"),
    Bug("wrong_layer_activations", "off-by-one activations",
        "dC/dW uses the wrong layer's activations (off by one): dC/dW{l} = delta{l+1} times the layer's own "
        "output a{l+1} instead of its input a{l}, which fits only a square layer.",
        "when a layer's output happens to equal its input"),
]

#: Every bug by name.
BUGS = {b.name: b for b in _BUG_LIST}

#: The bug hunt's levels: which bugs a mystery network of that level may hide.
LEVELS = {
    "one layer": ("updated_output_weights", "fork_assign", "missing_derivative", "sprime_of_z", "sign_flipped",
                  "wrong_layer_activations"),
    "deep": ("updated_output_weights", "fork_assign", "missing_derivative", "sprime_of_z", "transposed",
             "wrong_layer_activations"),
    "batch-only": ("no_batch_mean", "double_batch_mean", "bias_not_summed"),
}

#: Ways to compute the numerical gradient, with their default eps.
METHODS = {"central": 1e-5, "one-sided": 1e-4}

#: Relative-error thresholds that work in double precision for each method:
#: a correct backward pass stays below (central: worst seen ~5e-7 over 60
#: random networks up to 4 layers of 8; one-sided: ~5e-2), a wrong one is
#: usually far above.
THRESHOLDS = {"central": 1e-5, "one-sided": 1e-1}

#: The relative error's floor, as a fraction of the network's largest gradient.
FLOOR = 1e-4


class BuggyMLP(MLP):
    """An :class:`~backprop_core.MLP` whose backward pass has one bug (see :func:`inject`).

    Attributes
    ----------
    bug : str
        A key of :data:`BUGS`.
    bug_layers : tuple of int
        The code's layers the bug acts on (``weights[l]``); for
        ``'missing_derivative'`` the hidden layers (``zs[l]``) whose
        derivative is missing.
    bug_lr : float
        The learning rate of ``'updated_output_weights'``.
    """

    bug = None
    bug_layers = ()
    bug_lr = 0.5

    def __repr__(self):
        return f"BuggyMLP({self.sizes}, bug={self.bug!r}, layers={list(self.bug_layers)})"

    def copy(self):
        """An independent copy with the same bug."""
        new = super().copy()
        new.__class__ = BuggyMLP
        return new

    def _dphi(self, name, z, a):
        if self.bug == "sprime_of_z":
            return _act.ACTIVATIONS[name][1](z, z)
        return _act.ACTIVATIONS[name][1](z, a)

    def _backprop(self, Ws, bs, X, Y, scale=1.0):
        """Loss and ``scale * gradients`` with the bug (the normal method is :meth:`MLP._backprop`)."""
        bug = self.bug
        zs, acts = self._forward(Ws, bs, X)
        n = X.shape[0]
        loss = _loss.loss_value(self.loss_name, acts[-1], zs[-1], Y)
        out_name = self.output_activation
        if bug == "sprime_of_z" and self.loss_name in ("half_sse", "mse") and out_name != "softmax":
            grad_a = (acts[-1] - Y) / n if self.loss_name == "half_sse" else (2.0 / Y.size) * (acts[-1] - Y)
            delta = grad_a * self._dphi(out_name, zs[-1], acts[-1])
        else:
            delta = _loss.output_delta(self.loss_name, out_name, acts[-1], zs[-1], Y)
        if bug == "no_batch_mean":
            delta = delta * n
        elif bug == "double_batch_mean":
            delta = delta / n
        if scale != 1.0:
            delta = delta * scale
        names = self.layer_activations
        L = len(Ws)
        gW, gb = [None] * L, [None] * L
        for l in range(L - 1, -1, -1):
            a_in = acts[l + 1] if bug == "wrong_layer_activations" and l in self.bug_layers else acts[l]
            gW[l] = delta.T @ a_in
            if self.bias:
                gb[l] = delta[0].copy() if bug == "bias_not_summed" else delta.sum(axis=0)
            if not l:
                break
            W = Ws[l]
            if bug == "updated_output_weights":
                W = W - self.bug_lr * gW[l] / scale
            if bug == "transposed" and l in self.bug_layers:
                grad_a = delta @ W.T
            elif bug == "fork_assign":
                grad_a = delta[:, -1:] * W[-1:, :]     # the loop's last "=" wins
            else:
                grad_a = delta @ W
            if bug == "missing_derivative" and (l - 1) in self.bug_layers:
                delta = grad_a
            elif names[l - 1] == "softmax":
                delta = _act.backward("softmax", zs[l - 1], acts[l], grad_a)
            else:
                delta = grad_a * self._dphi(names[l - 1], zs[l - 1], acts[l])
        if bug == "sign_flipped":
            gW = [-g for g in gW]
            gb = [None if g is None else -g for g in gb]
        return loss, gW, gb


def _square_layers(sizes, start):
    return tuple(l for l in range(start, len(sizes) - 1) if sizes[l] == sizes[l + 1])


def inject(mlp, bug, layers=None, lr=0.5):
    """A copy of ``mlp`` whose backward pass has the bug ``bug`` (a key of :data:`BUGS`).

    Parameters
    ----------
    mlp : MLP
        The network; it is copied, never changed.
    bug : str
        The bug's name.
    layers : int or sequence of int, optional
        Where the bug acts (code's layer numbers). ``'missing_derivative'``:
        the hidden layers (``zs[l]``) whose derivative is dropped, default
        the top hidden layer; ``'transposed'``: the square weight matrices
        (``l >= 1``) used untransposed, default all; ``'wrong_layer_activations'``:
        the square layers whose ``dC/dW`` uses the wrong activations, default all.
        Other bugs act everywhere and ignore it.
    lr : float
        The learning rate of ``'updated_output_weights'`` (the step taken
        before the hidden deltas are computed).

    Raises
    ------
    ValueError
        For an unknown bug, or a bug the network cannot have (no hidden layer,
        no square layer where the bug needs one).
    """
    if not isinstance(mlp, MLP):
        raise TypeError(f"inject needs an MLP, got {type(mlp).__name__}.")
    check_choice("bug", bug, tuple(BUGS))
    lr = check_positive("lr", lr)
    sizes = mlp.sizes
    hidden = tuple(range(len(sizes) - 2))
    if bug in ("missing_derivative", "fork_assign", "updated_output_weights") and not hidden:
        raise ValueError(f"bug {bug!r} needs a hidden layer; the network {sizes} has none.")
    allowed = {"missing_derivative": hidden, "transposed": _square_layers(sizes, 1),
               "wrong_layer_activations": _square_layers(sizes, 0)}.get(bug)
    if allowed is not None:
        if not allowed:
            raise ValueError(f"bug {bug!r} needs a square weight matrix "
                             f"{'above a hidden layer ' if bug == 'transposed' else ''}"
                             f"(two neighbouring layers of the same size); the network {sizes} has none.")
        if layers is None:
            layers = (hidden[-1],) if bug == "missing_derivative" else allowed
        layers = (layers,) if np.ndim(layers) == 0 else tuple(layers)
        layers = tuple(check_int("layers", l) for l in layers)
        bad = [l for l in layers if l not in allowed]
        if bad or not layers:
            raise ValueError(f"layers for bug {bug!r} must be among {list(allowed)} for the network {sizes}, "
                             f"got {list(layers)}.")
    else:
        layers = ()
    new = mlp.copy()
    new.__class__ = BuggyMLP
    new.bug, new.bug_layers, new.bug_lr = bug, layers, lr
    return new


# -- the gradient check, layer by layer -------------------------------------------------
@dataclass
class LayerCheck:
    """Backpropagated vs numerical gradients, per parameter array.

    ``analytic``, ``numeric`` and ``rel`` map ``'W0', 'b0', 'W1', ...`` to
    arrays shaped like the parameters; ``rel`` is the element-wise relative
    error ``|a - n| / max(|a|, |n|, floor)`` with ``floor`` =
    :data:`FLOOR` times the largest numerical gradient of the network (a
    gradient ten thousand times smaller than the largest is lost in the
    rounding of ``J(w + eps) - J(w - eps)``; without the floor its relative
    error would be noise).
    """

    analytic: dict
    numeric: dict
    rel: dict
    method: str
    eps: float
    n_examples: int
    floor: float = 0.0

    @property
    def errors(self):
        """Worst relative error of each parameter array."""
        return {k: float(np.max(v, initial=0.0)) for k, v in self.rel.items()}

    @property
    def max_rel_error(self):
        return max(self.errors.values(), default=0.0)

    def failing(self, threshold=None):
        """Names of the parameter arrays whose worst relative error is above ``threshold``."""
        t = THRESHOLDS[self.method] if threshold is None else threshold
        return [k for k, e in self.errors.items() if e > t]

    def passed(self, threshold=None):
        return not self.failing(threshold)

    def worst(self):
        """``(name, index, analytic, numeric, rel)`` of the single worst element."""
        name = max(self.rel, key=lambda k: self.errors[k])
        idx = np.unravel_index(int(np.argmax(self.rel[name])), self.rel[name].shape)
        return name, tuple(int(i) for i in idx), float(self.analytic[name][idx]), float(self.numeric[name][idx]), \
            float(self.rel[name][idx])


def _numeric(f, arr, eps, method, f0):
    grad = np.empty_like(arr)
    flat, g = arr.reshape(-1), grad.reshape(-1)
    for i in range(flat.size):
        old = flat[i]
        flat[i] = old + eps
        fp = f()
        if method == "central":
            flat[i] = old - eps
            g[i] = (fp - f()) / (2 * eps)
        else:
            g[i] = (fp - f0) / eps
        flat[i] = old
    return grad


def _numeric_batched(net, zs, acts, Y, l, kind, eps, method, f0):
    """Numerical gradient of every element of ``weights[l]`` (``kind='W'``) or
    ``biases[l]`` (``'b'``) at once: each nudged copy of the network differs
    from the unnudged one only from layer ``l`` up, so the forward pass from
    there is run for all nudges together (a stack of ``P`` networks).
    Same numbers as nudging one parameter at a time, up to rounding.
    """
    a_in, z = acts[l], zs[l]
    n, k = z.shape
    m = a_in.shape[1]
    P = k * m if kind == "W" else k

    def losses(sign):
        Z = np.broadcast_to(z, (P, n, k)).copy()
        if kind == "W":
            # nudging W[i, j] by e moves z[:, i] by e * a_in[:, j]
            idx = np.arange(P)
            Z[idx, :, idx // m] += sign * eps * a_in[:, idx % m].T
        else:
            Z[np.arange(P), :, np.arange(P)] += sign * eps
        names = net.layer_activations
        A = _act.ACTIVATIONS[names[l]][0](Z)
        for q in range(l + 1, len(net.weights)):
            Z = A @ net.weights[q].T
            if net.bias:
                Z += net.biases[q]
            A = _act.ACTIVATIONS[names[q]][0](Z)
        D = A - Y
        sq = np.einsum("pnk,pnk->p", D, D)
        return 0.5 * sq / n if net.loss_name == "half_sse" else sq / D[0].size

    fp = losses(+1.0)
    g = (fp - losses(-1.0)) / (2 * eps) if method == "central" else (fp - f0) / eps
    return g.reshape((k, m) if kind == "W" else (k,))


def check_layers(mlp, X, Y, method="central", eps=None):
    """Check ``mlp``'s backpropagated gradients against numerical ones, every parameter.

    ``method``: ``'central'`` (``(J(w + eps) - J(w - eps)) / 2 eps``, default
    eps 1e-5) or ``'one-sided'`` (lecture 003's ``(J(w + eps) - J(w)) / eps``,
    default eps 1e-4). Works for an :class:`~backprop_core.MLP` or a
    :class:`BuggyMLP` (the loss is the same; only the backward pass differs).
    Returns a :class:`LayerCheck`.
    """
    if not isinstance(mlp, MLP):
        raise TypeError(f"check_layers needs an MLP, got {type(mlp).__name__}.")
    check_choice("method", method, tuple(METHODS))
    eps = METHODS[method] if eps is None else check_positive("eps", eps)
    gW, gb = mlp.gradients(X, Y)
    X, Y = mlp._check_XY(X, Y)
    work = mlp.copy()
    Ws, bs = work.weights, work.biases

    def f():
        zs, acts = work._forward(Ws, bs, X)
        return _loss.loss_value(work.loss_name, acts[-1], zs[-1], Y)

    batched = work.loss_name in ("half_sse", "mse") and "softmax" not in work.layer_activations
    with np.errstate(all="ignore"):
        f0 = f()
        if batched:
            zs, acts = work._forward(Ws, bs, X)
        analytic, numeric = {}, {}
        for l in range(len(Ws)):
            parts = [("W", gW[l], Ws[l])] + ([("b", gb[l], bs[l])] if mlp.bias else [])
            for kind, a, p in parts:
                k = f"{kind}{l}"
                analytic[k] = np.asarray(a, float)
                if batched:
                    numeric[k] = _numeric_batched(work, zs, acts, Y, l, kind, eps, method, f0)
                else:
                    numeric[k] = _numeric(f, p, eps, method, f0)
    floor = _floor(numeric)
    rel = {k: relative_error(analytic[k], numeric[k], floor) for k in analytic}
    return LayerCheck(analytic, numeric, rel, method, eps, X.shape[0], floor)


def _floor(numeric):
    largest = max((float(np.max(np.abs(v), initial=0.0)) for v in numeric.values()), default=0.0)
    return max(FLOOR * largest, 1e-12)


#: The special points of the lesson (see :func:`special_point`).
SPECIAL_POINTS = ("random", "zero weights", "symmetric weights", "one example")


def special_point(mlp, X, Y, point, seed=0):
    """A network and data at one of :data:`SPECIAL_POINTS`: ``(mlp, X, Y)``.

    * ``'random'``: the network and data as given;
    * ``'zero weights'``: every weight and bias 0 (every hidden gradient is 0);
    * ``'symmetric weights'``: each square weight matrix replaced by ``(W + W^T) / 2``;
    * ``'one example'``: only the first row of ``X``, ``Y``.

    ``mlp`` may be buggy; a copy is returned (the original is not changed).
    """
    check_choice("point", point, SPECIAL_POINTS)
    net = mlp.copy()
    if point == "zero weights":
        for W in net.weights:
            W[...] = 0.0
        for b in net.biases:
            b[...] = 0.0
    elif point == "symmetric weights":
        for W in net.weights:
            if W.shape[0] == W.shape[1]:
                W[...] = (W + W.T) / 2
    elif point == "one example":
        X, Y = np.asarray(X)[:1], np.asarray(Y)[:1]
    return net, X, Y


# -- a student's own backward pass ------------------------------------------------------
#: The two-layer network of "check your own backward pass": sizes and names.
STUDENT_SIZES = (3, 4, 2)
STUDENT_PARAMS = ("dW0", "db0", "dW1", "db1")


def two_layer_network(seed=0, n=5):
    """Weights and data for checking a two-layer backward pass: a dict with
    ``W0 (4, 3), b0 (4,), W1 (2, 4), b1 (2,), X (n, 3), Y (n, 2)``, all from ``seed``.

    The network: ``Z1 = X W0^T + b0``, ``A1 = S(Z1)``, ``Z2 = A1 W1^T + b1``,
    ``A2 = S(Z2)``, ``C = 1/(2n) sum (A2 - Y)^2`` (rows are examples).
    """
    seed = check_int("seed", seed)
    n = check_int("n", n, minimum=1)
    rng = np.random.default_rng(seed)
    n_in, n_hid, n_out = STUDENT_SIZES
    return {"W0": rng.uniform(-1, 1, (n_hid, n_in)), "b0": rng.uniform(-0.5, 0.5, n_hid),
            "W1": rng.uniform(-1, 1, (n_out, n_hid)), "b1": rng.uniform(-0.5, 0.5, n_out),
            "X": rng.uniform(-1, 1, (n, n_in)), "Y": rng.uniform(0.1, 0.9, (n, n_out))}


def _student_mlp(p):
    mlp = MLP(list(STUDENT_SIZES), activation="sigmoid", loss="half_sse")
    mlp.weights = [p["W0"].copy(), p["W1"].copy()]
    mlp.biases = [p["b0"].copy(), p["b1"].copy()]
    return mlp


def reference_backward(W0, b0, W1, b1, X, Y):
    """A correct backward pass of :func:`two_layer_network`'s network: ``(dW0, db0, dW1, db1)``."""
    n = X.shape[0]
    A1 = _act.sigmoid(X @ W0.T + b0)
    A2 = _act.sigmoid(A1 @ W1.T + b1)
    delta2 = (A2 - Y) / n * A2 * (1 - A2)
    delta1 = (delta2 @ W1) * A1 * (1 - A1)
    return delta1.T @ X, delta1.sum(axis=0), delta2.T @ A1, delta2.sum(axis=0)


@dataclass
class BackwardReport:
    """The verdict on a student's backward function.

    ``passed`` (bool), ``message`` (words, never a traceback), ``problem``
    (``'passed'``, ``'raised'``, ``'timeout'``, ``'blanks'``, ``'returned'``,
    ``'shape'``, ``'not finite'`` or ``'wrong'``), ``errors`` (worst relative
    error per gradient, when they could be compared), ``wrong`` (names of the
    wrong gradients), ``looks_like`` (catalogue bugs whose gradients the
    student's match), ``warnings`` (numpy's warnings while it ran, each once),
    ``run`` (the :class:`~backprop_core.sandbox.StudentRun` of the call).
    """

    passed: bool
    problem: str
    message: str
    errors: dict
    wrong: tuple = ()
    looks_like: tuple = ()
    warnings: tuple = ()
    run: object = None


BLANKS = "Your function still has blanks: replace every ... with code, then check again."


def _report(passed, problem, message, run, errors=None, wrong=(), looks=()):
    """A :class:`BackwardReport` whose message ends with numpy's warnings, if any, said once."""
    extra = run.warning_text if run is not None else ""
    message = f"{message} {extra}" if extra else message
    return BackwardReport(passed, problem, message, errors or {}, wrong, looks,
                          run.warnings if run is not None else (), run)


def _student_arrays(out, want):
    """Turn what the student's function returned into four float arrays, or say why not:
    returns ``(grads, None)`` or ``(None, (problem, message))``. Run through the runner
    too, because converting a student's object can run the student's code."""
    if out is Ellipsis or (isinstance(out, tuple) and any(o is Ellipsis for o in out)):
        return None, ("blanks", BLANKS)
    if not isinstance(out, (tuple, list)) or len(out) != 4:
        got = f"{len(out)} values" if isinstance(out, (tuple, list)) else f"a {type(out).__name__}"
        return None, ("returned", "Your function must return four arrays (dW0, db0, dW1, db1); "
                      f"it returned {got}.")
    grads = {}
    for name, g in zip(STUDENT_PARAMS, out):
        what = "complex numbers" if np.iscomplexobj(g) else type(g).__name__
        try:
            if np.iscomplexobj(g):
                raise TypeError(what)
            arr = np.asarray(g, dtype=float)
        except (TypeError, ValueError):
            return None, ("returned", f"{name} must be an array of real numbers, got {what}.")
        if arr.shape != want[name]:
            hint = ""
            if arr.shape == want[name][::-1] and arr.ndim == 2:
                hint = " It is transposed: check the order of the factors in the matrix product."
            elif arr.ndim == 2 and name.startswith("db"):
                hint = " A bias gradient is summed over the examples (rows)."
            return None, ("shape", f"{name} has shape {arr.shape}, expected {want[name]} (the "
                          f"shape of {name[1:]}).{hint}")
        if not np.all(np.isfinite(arr)):
            return None, ("not finite", f"{name} contains inf or NaN: look for a division by zero or an overflow.")
        grads[name] = arr
    return grads, None


def check_backward(fn, seed=0, n=5, threshold=THRESHOLDS["central"], eps=METHODS["central"],
                   timeout=DEFAULT_TIMEOUT):
    """Run the gradient check on a student's backward function; say what is wrong, in words.

    ``fn(W0, b0, W1, b1, X, Y)`` must return ``(dW0, db0, dW1, db1)`` shaped like
    ``W0, b0, W1, b1`` for the network of :func:`two_layer_network`. The
    gradients are compared with central differences of the loss; a gradient
    passes when its worst relative error is at most ``threshold``.

    The function runs through :func:`~backprop_core.sandbox.run_student`: one
    that raises, calls ``sys.exit()``, is stopped with the stop button,
    recurses without end or runs longer than ``timeout`` seconds (default 10)
    gets a sentence saying so, and the kernel keeps running. One that still
    has blanks (``...``), returns the wrong number of arrays, wrong shapes or
    non-finite numbers gets a message saying so. Numpy's warnings (overflow,
    ...) are added to the message once. Returns a :class:`BackwardReport`.
    """
    if not callable(fn):
        raise TypeError(f"check_backward needs your backward function, got {type(fn).__name__}.")
    p = two_layer_network(seed, n)
    args = [p[k].copy() for k in ("W0", "b0", "W1", "b1", "X", "Y")]
    run = run_student(fn, *args, timeout=timeout)
    if not run.ok:
        if run.kind == "raised" and "ellipsis" in run.message:
            return _report(False, "blanks", BLANKS, run)
        if run.kind == "timeout":
            return _report(False, "timeout", run.message, run)
        if run.kind in ("exited", "interrupted"):   # the sentence already says what to do
            return _report(False, "raised", run.message, run)
        return _report(False, "raised", f"{run.message} Fix that first: the gradient check needs four arrays back.",
                       run)
    want = {"dW0": p["W0"].shape, "db0": p["b0"].shape, "dW1": p["W1"].shape, "db1": p["b1"].shape}
    conv = run_student(_student_arrays, run.value, want, timeout=max(timeout - run.elapsed, 0.5))
    if not conv.ok:
        return _report(False, "raised" if conv.kind != "timeout" else "timeout",
                       conv.message.replace("Your function", "Converting what your function returned"), run)
    grads, problem = conv.value
    if problem:
        return _report(False, *problem, run)
    mlp = _student_mlp(p)
    X, Y = p["X"], p["Y"]
    Ws, bs = mlp.weights, mlp.biases

    def f():
        zs, acts = mlp._forward(Ws, bs, X)
        return _loss.loss_value("half_sse", acts[-1], zs[-1], Y)

    numeric = {"dW0": _numeric(f, Ws[0], eps, "central", None), "db0": _numeric(f, bs[0], eps, "central", None),
               "dW1": _numeric(f, Ws[1], eps, "central", None), "db1": _numeric(f, bs[1], eps, "central", None)}
    floor = _floor(numeric)
    rel = {k: relative_error(grads[k], numeric[k], floor) for k in STUDENT_PARAMS}
    errors = {k: float(rel[k].max()) for k in STUDENT_PARAMS}
    wrong = tuple(k for k in STUDENT_PARAMS if errors[k] > threshold)
    if not wrong:
        return _report(True, "passed", f"Passed: all four gradients agree with central differences "
                       f"(worst relative error {max(errors.values()):.1e}, threshold {threshold:g}).", run, errors)
    looks = _matching_bugs(grads, p)
    parts = []
    for k in wrong:
        idx = np.unravel_index(int(np.argmax(rel[k])), rel[k].shape)
        at = f"[{', '.join(str(int(i)) for i in idx)}]"
        parts.append(f"{k} is wrong: worst relative error {errors[k]:.2g} at {k}{at} (yours "
                     f"{grads[k][idx]:.6g}, numerical {numeric[k][idx]:.6g})")
    right = [k for k in STUDENT_PARAMS if k not in wrong]
    msg = "; ".join(parts) + "."
    if right:
        msg += f" {', '.join(right)} {'passes' if len(right) == 1 else 'pass'}."
    if looks:
        msg += " This is what the bug '" + "' or '".join(BUGS[b].title for b in looks) + "' gives."
    if wrong == ("dW0", "db0"):
        msg += " The output layer is right, so look at the step from delta2 down to delta1."
    return _report(False, "wrong", msg, run, errors, wrong, looks)


def _matching_bugs(grads, p):
    """Catalogue bugs whose gradients at this point equal the student's."""
    mlp = _student_mlp(p)
    found = []
    for name in BUGS:
        try:
            buggy = inject(mlp, name)
        except ValueError:
            continue
        with np.errstate(all="ignore"):
            gW, gb = buggy.gradients(p["X"], p["Y"])
        theirs = {"dW0": gW[0], "db0": gb[0], "dW1": gW[1], "db1": gb[1]}
        if all(np.allclose(grads[k], theirs[k], rtol=1e-6, atol=1e-12) for k in STUDENT_PARAMS):
            found.append(name)
    return tuple(found)
