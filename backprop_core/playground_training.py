"""The playground's maths (lesson 08): its data sets, input features, network, and one epoch of training.

The web playground's pieces, computed here so the lab's :class:`PlaygroundModel` only keeps state:

* data: :data:`DATASETS` (four two-class sets, four sets of 3 or 4 classes (:data:`CLASSES`), two
  regression sets) made by :func:`make_dataset` on the
  playground's square ``[-DOMAIN, DOMAIN]^2`` (the core's unit-scale sets stretched by :data:`SCALE`), and
  split by :func:`split_train_test`;
* features: :data:`FEATURES` (``x1, x2, x1^2, x2^2, x1*x2, sin(x1), sin(x2)``) and :func:`feature_matrix`;
* the network: :func:`playground_network` (sigmoid output and cross-entropy for two classes, lecture 003;
  ``k`` softmax outputs and the cross-entropy for ``k > 2`` classes; linear output and ``1/2 (y - a)^2`` for
  regression, lecture 004), its initial weights from a seed and one of :data:`INITS`, and :func:`regularisation`;
* targets: :func:`targets` (a column of 0/1 for two classes, one-hot rows for more);
* training: :func:`train_epoch` (one epoch of mini-batch descent, batches shuffled by the epoch's seed, so
  a replay repeats every floating-point operation), :func:`gradient_sizes` (mean ``|dC/dW|`` per layer:
  vanishing gradients), :func:`batch_rows` and :func:`batch_gradients` (the next step's mini-batch).

Left out: the playground's state, limits and save/restore (``backprop_lab.dashboards.playground.model``),
and every drawing.
"""
from __future__ import annotations

import numpy as np

from . import datasets
from .mlp import MLP
from .validation import check_choice

__all__ = ["FEATURES", "DATASETS", "DOMAIN", "SCALE", "GAUSS_SPREAD", "make_dataset", "split_train_test",
           "feature_matrix", "playground_network", "CLASSES", "INITS", "targets", "regularisation", "train_epoch",
           "gradient_sizes",
           "batch_rows", "batch_gradients"]

#: Input features: name -> function of the raw coordinates (x1, x2).
FEATURES = {
    "x1": lambda x1, x2: x1,
    "x2": lambda x1, x2: x2,
    "x1^2": lambda x1, x2: x1 * x1,
    "x2^2": lambda x1, x2: x2 * x2,
    "x1*x2": lambda x1, x2: x1 * x2,
    "sin(x1)": lambda x1, x2: np.sin(x1),
    "sin(x2)": lambda x1, x2: np.sin(x2),
}
#: Data set name -> problem type (``'my data'``: a student's points, either type).
DATASETS = {"circle": "classification", "xor": "classification", "gauss": "classification",
            "spiral": "classification", "gauss 3": "classification", "spiral 3": "classification",
            "gauss 4": "classification", "spiral 4": "classification",
            "plane": "regression", "multi gaussian": "regression", "my data": None}
#: Data set name -> number of classes, for the sets of more than two (the rest have two).
CLASSES = {"gauss 3": 3, "spiral 3": 3, "gauss 4": 4, "spiral 4": 4}
#: The playground's initialisations -> :class:`MLP`'s ``init``: ``'uniform'`` in [-0.5, 0.5] (lecture 003, the
#: default), ``'xavier'`` (Glorot: uniform in +-sqrt(6 / (n_in + n_out))), ``'he'`` (normal, std sqrt(2 / n_in)).
INITS = {"uniform": "lecture", "xavier": "xavier", "he": "he"}
#: The plotted square is [-DOMAIN, DOMAIN]^2; the core's unit-scale sets are stretched by SCALE.
DOMAIN = 6.0
SCALE = 5.0
#: The gauss blobs' own spread (added to the noise), on the unit scale.
GAUSS_SPREAD = 0.3


def make_dataset(name, n, noise, seed):
    """``n`` points of the playground's set ``name``: ``X`` (n, 2) in the square, ``y`` (n,).

    Classification targets are the class numbers 0, 1 (, 2, 3 for the sets of :data:`CLASSES`), regression
    targets real. The rows come shuffled by the generators.
    """
    check_choice("dataset", name, [d for d in DATASETS if d != "my data"])
    if name == "circle":
        X, y = datasets.circles(n, noise=noise, seed=seed)
    elif name == "xor":
        X, y = datasets.xor_clusters(n, noise=noise + GAUSS_SPREAD, seed=seed)
    elif name == "gauss":
        X, y = datasets.two_gaussians(n, noise=noise + GAUSS_SPREAD, seed=seed, distance=1.6)
    elif name == "spiral":
        X, y = datasets.spiral(n, noise=noise / 2, seed=seed)
    elif name in CLASSES:
        if name.startswith("gauss"):  # the blobs sit as far from the centre as gauss's two do
            X, Y = datasets.gaussians(n, noise=noise + GAUSS_SPREAD, seed=seed, classes=CLASSES[name], radius=0.8)
        else:
            X, Y = datasets.spiral(n, noise=noise / 2, seed=seed, classes=CLASSES[name])
        return np.clip(SCALE * X, -DOMAIN, DOMAIN), Y.argmax(axis=1).astype(float)
    elif name == "plane":
        X, y = datasets.plane(n, noise=noise, seed=seed)
    else:
        X, y = datasets.gaussian_bumps(n, noise=noise, seed=seed)
    return np.clip(SCALE * X, -DOMAIN, DOMAIN), y[:, 0]


def split_train_test(X, y, ratio):
    """The first ``ratio`` % of the rows (at least one, leaving at least one) train, the rest test.

    Returns ``(X_train, y_train, X_test, y_test)``; the split is fixed by the order of the rows.
    """
    n_train = max(1, min(len(X) - 1, int(round(len(X) * ratio / 100))))
    return X[:n_train], y[:n_train], X[n_train:], y[n_train:]


def feature_matrix(X, features):
    """The network's input for raw points ``X`` (n, 2): one column per feature name, in the given order."""
    X = np.asarray(X, dtype=float)
    x1, x2 = X[:, 0], X[:, 1]
    return np.column_stack([FEATURES[f](x1, x2) for f in features])


def playground_network(sizes, activation, problem, seed, init="uniform"):
    """The playground's :class:`MLP`, its initial weights drawn from ``seed`` by ``init`` (:data:`INITS`).

    ``'classification'`` with one output: a sigmoid output and the cross-entropy (lecture 003); with
    ``sizes[-1] = k > 1`` outputs: a softmax over the ``k`` classes and the cross-entropy; ``'regression'``:
    a linear output with ``1/2 (y - a)^2``. The default (``'uniform'``) draws lecture 003's weights in
    [-0.5, 0.5]; ``'xavier'`` scales them by ``sqrt(6 / (n_in + n_out))``, ``'he'`` by ``sqrt(2 / n_in)``.
    """
    check_choice("problem", problem, ["classification", "regression"])
    check_choice("init", init, list(INITS))
    if problem == "regression":
        out, loss = "linear", "half_sse"
    else:
        out, loss = ("sigmoid", "bce") if sizes[-1] == 1 else ("softmax", "cross_entropy")
    return MLP(sizes, activation=activation, output_activation=out, loss=loss, seed=seed, init=INITS[init])


def targets(y, classes=2):
    """The network's targets for class numbers or real targets ``y`` (n,): a column ``(n, 1)`` (two classes,
    regression), or one-hot rows ``(n, classes)`` for ``classes > 2``."""
    y = np.asarray(y, dtype=float)
    return y.reshape(-1, 1) if classes <= 2 else datasets.one_hot(y, classes)


def regularisation(kind, rate):
    """``{'l1': .., 'l2': ..}`` for :meth:`MLP.fit`/:meth:`MLP.gradients`: ``rate`` on the one ``kind`` names
    (``'L1'``, ``'L2'``; ``'none'``: both 0)."""
    check_choice("regularisation", kind, ["none", "L1", "L2"])
    return {"l1": rate if kind == "L1" else 0.0, "l2": rate if kind == "L2" else 0.0}


def train_epoch(net, Xf, Y, lr, batch_size, epoch, reg):
    """One epoch of mini-batch gradient descent on ``net`` (in place), batches shuffled with seed ``epoch``.

    ``Xf``: the feature matrix, ``Y`` (n, 1) the targets, ``reg`` from :func:`regularisation`. Returns the
    :class:`~backprop_core.TrainingHistory` (``steps``; ``diverged`` with the last finite weights kept).
    """
    return net.fit(Xf, Y, lr=lr, epochs=1, batch_size=batch_size, seed=epoch, **reg)


def gradient_sizes(net, Xf, Y):
    """Mean ``|dC/dW|`` of each layer of weights over ``(Xf, Y)``, input side first (no regularisation)."""
    gW, _ = net.gradients(Xf, Y)
    return [float(np.abs(g).mean()) for g in gW]


def batch_rows(n, batch_size, epoch):
    """The rows of the first mini-batch of epoch ``epoch`` (the order :func:`train_epoch` draws them in)."""
    if batch_size >= n:
        return np.arange(n)
    return np.random.default_rng(epoch).permutation(n)[:batch_size]


def batch_gradients(net, Xf, Y, reg):
    """``(grad_W, grad_b)`` of the cost with regularisation ``reg`` (:func:`regularisation`) on one mini-batch
    ``(Xf, Y)``: the step :func:`train_epoch` takes next is ``-lr`` times it."""
    return net.gradients(Xf, Y, **reg)
