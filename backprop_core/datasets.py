"""Small data sets: logic-gate truth tables and 2-D classification sets.

Every generator takes its randomness as a parameter (``seed``, an int, or
``rng``, a ``numpy.random.Generator``) and never touches numpy's global
random state, so the same call always returns the same arrays.

All 2-D sets return ``(X, y)`` with ``X`` of shape ``(n, 2)`` and ``y`` of
shape ``(n, 1)`` holding 0.0/1.0 labels (``spiral`` with ``classes=k > 2``
returns one-hot ``y`` of shape ``(n, k)``).  Classes are balanced: ``n // 2``
points each, the odd point going to class 1.  ``noise`` is the standard
deviation of Gaussian noise added to both coordinates; with ``noise=0`` the
points lie exactly on the shapes described in each docstring.  Rows are
shuffled (``shuffle=False`` keeps them grouped by class).

>>> X, y = truth_table('xor')
>>> X.tolist(), y.ravel().tolist()
([[0.0, 0.0], [0.0, 1.0], [1.0, 0.0], [1.0, 1.0]], [0.0, 1.0, 1.0, 0.0])

What this module leaves out
---------------------------
* Files and downloads: everything is generated in memory.
* Train/test splitting, scaling and batching.
* Anything beyond two input features. The two regression sets
  (:func:`plane`, :func:`gaussian_bumps`, the web playground's) return real
  targets of shape ``(n, 1)``.
"""
from __future__ import annotations

import math

import numpy as np

from .validation import check_array, check_choice, check_int, check_real

__all__ = [
    "TRUTH_TABLES",
    "truth_table",
    "iris",
    "IRIS_FEATURES",
    "IRIS_SPECIES",
    "circles",
    "gaussians",
    "confusion_matrix",
    "xor_clusters",
    "two_gaussians",
    "moons",
    "spiral",
    "one_hot",
    "labels_of",
    "CLASSIFICATION_SETS",
    "classification_set",
    "plane",
    "gaussian_bumps",
    "REGRESSION_SETS",
    "regression_set",
]

# gate name -> outputs for the inputs (0,0), (0,1), (1,0), (1,1)
TRUTH_TABLES = {
    "AND": (0, 0, 0, 1),
    "OR": (0, 1, 1, 1),
    "XOR": (0, 1, 1, 0),
    "XNOR": (1, 0, 0, 1),
    "NAND": (1, 1, 1, 0),
    "NOR": (1, 0, 0, 0),
}


def truth_table(name):
    """Inputs and outputs of a two-input logic gate.

    Parameters
    ----------
    name : str
        One of ``'AND', 'OR', 'XOR', 'XNOR', 'NAND', 'NOR'`` (any case).

    Returns
    -------
    X : ndarray, shape (4, 2)
        Rows ``[0, 0], [0, 1], [1, 0], [1, 1]`` (float).
    y : ndarray, shape (4, 1)
        The gate's output for each row (float 0.0 / 1.0).

    >>> truth_table('AND')[1].ravel()
    array([0., 0., 0., 1.])
    """
    if not isinstance(name, str):
        raise TypeError(f"name must be a str such as 'XOR', got {name!r} ({type(name).__name__}).")
    key = check_choice("name", name.upper(), tuple(TRUTH_TABLES))
    X = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)
    y = np.array(TRUTH_TABLES[key], dtype=float).reshape(4, 1)
    return X, y

# Fisher's iris measurements (1936; the 150 rows as scikit-learn ships them): sepal length,
# sepal width, petal length, petal width in cm, then the species 0/1/2.
_IRIS_ROWS = (
    "5.1,3.5,1.4,0.2,0 4.9,3.0,1.4,0.2,0 4.7,3.2,1.3,0.2,0 4.6,3.1,1.5,0.2,0 5.0,3.6,1.4,0.2,0 5.4,3.9,1.7,0.4,0\n"
    "4.6,3.4,1.4,0.3,0 5.0,3.4,1.5,0.2,0 4.4,2.9,1.4,0.2,0 4.9,3.1,1.5,0.1,0 5.4,3.7,1.5,0.2,0 4.8,3.4,1.6,0.2,0\n"
    "4.8,3.0,1.4,0.1,0 4.3,3.0,1.1,0.1,0 5.8,4.0,1.2,0.2,0 5.7,4.4,1.5,0.4,0 5.4,3.9,1.3,0.4,0 5.1,3.5,1.4,0.3,0\n"
    "5.7,3.8,1.7,0.3,0 5.1,3.8,1.5,0.3,0 5.4,3.4,1.7,0.2,0 5.1,3.7,1.5,0.4,0 4.6,3.6,1.0,0.2,0 5.1,3.3,1.7,0.5,0\n"
    "4.8,3.4,1.9,0.2,0 5.0,3.0,1.6,0.2,0 5.0,3.4,1.6,0.4,0 5.2,3.5,1.5,0.2,0 5.2,3.4,1.4,0.2,0 4.7,3.2,1.6,0.2,0\n"
    "4.8,3.1,1.6,0.2,0 5.4,3.4,1.5,0.4,0 5.2,4.1,1.5,0.1,0 5.5,4.2,1.4,0.2,0 4.9,3.1,1.5,0.2,0 5.0,3.2,1.2,0.2,0\n"
    "5.5,3.5,1.3,0.2,0 4.9,3.6,1.4,0.1,0 4.4,3.0,1.3,0.2,0 5.1,3.4,1.5,0.2,0 5.0,3.5,1.3,0.3,0 4.5,2.3,1.3,0.3,0\n"
    "4.4,3.2,1.3,0.2,0 5.0,3.5,1.6,0.6,0 5.1,3.8,1.9,0.4,0 4.8,3.0,1.4,0.3,0 5.1,3.8,1.6,0.2,0 4.6,3.2,1.4,0.2,0\n"
    "5.3,3.7,1.5,0.2,0 5.0,3.3,1.4,0.2,0 7.0,3.2,4.7,1.4,1 6.4,3.2,4.5,1.5,1 6.9,3.1,4.9,1.5,1 5.5,2.3,4.0,1.3,1\n"
    "6.5,2.8,4.6,1.5,1 5.7,2.8,4.5,1.3,1 6.3,3.3,4.7,1.6,1 4.9,2.4,3.3,1.0,1 6.6,2.9,4.6,1.3,1 5.2,2.7,3.9,1.4,1\n"
    "5.0,2.0,3.5,1.0,1 5.9,3.0,4.2,1.5,1 6.0,2.2,4.0,1.0,1 6.1,2.9,4.7,1.4,1 5.6,2.9,3.6,1.3,1 6.7,3.1,4.4,1.4,1\n"
    "5.6,3.0,4.5,1.5,1 5.8,2.7,4.1,1.0,1 6.2,2.2,4.5,1.5,1 5.6,2.5,3.9,1.1,1 5.9,3.2,4.8,1.8,1 6.1,2.8,4.0,1.3,1\n"
    "6.3,2.5,4.9,1.5,1 6.1,2.8,4.7,1.2,1 6.4,2.9,4.3,1.3,1 6.6,3.0,4.4,1.4,1 6.8,2.8,4.8,1.4,1 6.7,3.0,5.0,1.7,1\n"
    "6.0,2.9,4.5,1.5,1 5.7,2.6,3.5,1.0,1 5.5,2.4,3.8,1.1,1 5.5,2.4,3.7,1.0,1 5.8,2.7,3.9,1.2,1 6.0,2.7,5.1,1.6,1\n"
    "5.4,3.0,4.5,1.5,1 6.0,3.4,4.5,1.6,1 6.7,3.1,4.7,1.5,1 6.3,2.3,4.4,1.3,1 5.6,3.0,4.1,1.3,1 5.5,2.5,4.0,1.3,1\n"
    "5.5,2.6,4.4,1.2,1 6.1,3.0,4.6,1.4,1 5.8,2.6,4.0,1.2,1 5.0,2.3,3.3,1.0,1 5.6,2.7,4.2,1.3,1 5.7,3.0,4.2,1.2,1\n"
    "5.7,2.9,4.2,1.3,1 6.2,2.9,4.3,1.3,1 5.1,2.5,3.0,1.1,1 5.7,2.8,4.1,1.3,1 6.3,3.3,6.0,2.5,2 5.8,2.7,5.1,1.9,2\n"
    "7.1,3.0,5.9,2.1,2 6.3,2.9,5.6,1.8,2 6.5,3.0,5.8,2.2,2 7.6,3.0,6.6,2.1,2 4.9,2.5,4.5,1.7,2 7.3,2.9,6.3,1.8,2\n"
    "6.7,2.5,5.8,1.8,2 7.2,3.6,6.1,2.5,2 6.5,3.2,5.1,2.0,2 6.4,2.7,5.3,1.9,2 6.8,3.0,5.5,2.1,2 5.7,2.5,5.0,2.0,2\n"
    "5.8,2.8,5.1,2.4,2 6.4,3.2,5.3,2.3,2 6.5,3.0,5.5,1.8,2 7.7,3.8,6.7,2.2,2 7.7,2.6,6.9,2.3,2 6.0,2.2,5.0,1.5,2\n"
    "6.9,3.2,5.7,2.3,2 5.6,2.8,4.9,2.0,2 7.7,2.8,6.7,2.0,2 6.3,2.7,4.9,1.8,2 6.7,3.3,5.7,2.1,2 7.2,3.2,6.0,1.8,2\n"
    "6.2,2.8,4.8,1.8,2 6.1,3.0,4.9,1.8,2 6.4,2.8,5.6,2.1,2 7.2,3.0,5.8,1.6,2 7.4,2.8,6.1,1.9,2 7.9,3.8,6.4,2.0,2\n"
    "6.4,2.8,5.6,2.2,2 6.3,2.8,5.1,1.5,2 6.1,2.6,5.6,1.4,2 7.7,3.0,6.1,2.3,2 6.3,3.4,5.6,2.4,2 6.4,3.1,5.5,1.8,2\n"
    "6.0,3.0,4.8,1.8,2 6.9,3.1,5.4,2.1,2 6.7,3.1,5.6,2.4,2 6.9,3.1,5.1,2.3,2 5.8,2.7,5.1,1.9,2 6.8,3.2,5.9,2.3,2\n"
    "6.7,3.3,5.7,2.5,2 6.7,3.0,5.2,2.3,2 6.3,2.5,5.0,1.9,2 6.5,3.0,5.2,2.0,2 6.2,3.4,5.4,2.3,2 5.9,3.0,5.1,1.8,2\n"
)
IRIS_FEATURES = ("sepal length", "sepal width", "petal length", "petal width")
IRIS_SPECIES = ("setosa", "versicolor", "virginica")


def iris(features=IRIS_FEATURES, species=IRIS_SPECIES):
    """A small real data set: Fisher's 150 iris flowers (50 of each species).

    Parameters
    ----------
    features : sequence of str
        Which measurements to return, from :data:`IRIS_FEATURES` (cm), in that order.
    species : sequence of str
        Which species to keep, from :data:`IRIS_SPECIES`; with two species the label is
        1.0 for the second one named and 0.0 for the first (a yes/no question).

    Returns
    -------
    X : ndarray, shape (n, len(features))
    y : ndarray, shape (n, 1)
        The species' index in ``species`` (0.0, 1.0, ...), rows in the data set's order.

    >>> X, y = iris(("petal length",), ("setosa", "virginica"))
    >>> X.shape, float(y.sum())
    ((100, 1), 50.0)
    """
    features, species = tuple(features), tuple(species)
    for name, chosen, allowed in (("features", features, IRIS_FEATURES), ("species", species, IRIS_SPECIES)):
        if not chosen:
            raise ValueError(f"{name} must name at least one of {allowed}, got an empty list.")
        for item in chosen:
            check_choice(name[:-1], item, allowed)
        if len(set(chosen)) != len(chosen):
            raise ValueError(f"{name} must not repeat a name, got {chosen}.")
    table = np.array([[float(v) for v in row.split(",")] for row in "".join(_IRIS_ROWS).split()])
    keep = np.isin(table[:, 4], [IRIS_SPECIES.index(s) for s in species])
    table = table[keep]
    label = np.array([species.index(IRIS_SPECIES[int(k)]) for k in table[:, 4]], dtype=float)
    cols = [IRIS_FEATURES.index(f) for f in features]
    return table[:, cols], label.reshape(-1, 1)


# ---------------------------------------------------------------------------
# shared checks
# ---------------------------------------------------------------------------
def _generator(seed, rng):
    """The Generator to draw from: ``rng`` if given, else one made from ``seed``."""
    if rng is not None:
        if not isinstance(rng, np.random.Generator):
            raise TypeError(f"rng must be a numpy.random.Generator or None, got {rng!r} ({type(rng).__name__}).")
        return rng
    if isinstance(seed, np.random.Generator):
        return seed
    return np.random.default_rng(check_int("seed", seed, minimum=0))


def _check_common(n, noise, classes=2):
    n = check_int("n", n, minimum=max(2, classes))
    noise = check_real("noise", noise)
    if noise < 0:
        raise ValueError(f"noise must be a finite number >= 0, got {noise}.")
    return n, noise


def _class_sizes(n, k):
    """``n // k`` points per class; the remainder goes to classes 1, 2, ..."""
    sizes = [n // k] * k
    for c in range(1, n % k + 1):
        sizes[c] += 1
    return sizes


def _finish(X, labels, noise, rng, shuffle, k=2):
    """Add noise, shuffle, and shape the labels as (n, 1) or one-hot (n, k)."""
    if noise > 0:
        X = X + noise * rng.standard_normal(X.shape)
    if shuffle:
        order = rng.permutation(len(X))
        X, labels = X[order], labels[order]
    y = labels.astype(float).reshape(-1, 1) if k == 2 else one_hot(labels, k)
    return np.ascontiguousarray(X, dtype=float), y


def _labels(sizes):
    return np.concatenate([np.full(m, c) for c, m in enumerate(sizes)])


# ---------------------------------------------------------------------------
# 2-D classification sets
# ---------------------------------------------------------------------------
def circles(n=200, noise=0.1, seed=0, *, factor=0.5, rng=None, shuffle=True):
    """An inner disc (class 1) inside an outer ring (class 0).

    With ``noise=0`` class-0 points lie on the unit circle and class-1 points
    on the circle of radius ``factor``, at random angles.  Not linearly
    separable: a single perceptron fails, one hidden layer suffices.

    Parameters
    ----------
    n : int
        Number of points (>= 2).
    noise : float
        Standard deviation of the Gaussian noise added to x and y (>= 0).
    seed : int
        Seed for a fresh ``numpy.random.default_rng`` (ignored if ``rng``
        is given).
    factor : float
        Radius of the inner circle relative to the outer one, in (0, 1).
    rng : numpy.random.Generator, optional
        Draw from this generator instead of one made from ``seed``.
    shuffle : bool
        Shuffle the rows (default) or keep class 0 first.

    Returns
    -------
    X : ndarray, shape (n, 2)
    y : ndarray, shape (n, 1), 0.0 (outer) or 1.0 (inner)

    >>> X, y = circles(6, noise=0.0, shuffle=False)
    >>> np.round(np.hypot(X[:, 0], X[:, 1]), 3).tolist()
    [1.0, 1.0, 1.0, 0.5, 0.5, 0.5]
    """
    n, noise = _check_common(n, noise)
    factor = check_real("factor", factor)
    if not 0 < factor < 1:
        raise ValueError(f"factor must be a number strictly between 0 and 1, got {factor}.")
    g = _generator(seed, rng)
    sizes = _class_sizes(n, 2)
    labels = _labels(sizes)
    radius = np.where(labels == 0, 1.0, factor)
    angle = g.uniform(0.0, 2 * np.pi, n)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _finish(X, labels, noise, g, shuffle)


XOR_CENTRES = np.array([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]])


def xor_clusters(n=200, noise=0.1, seed=0, *, rng=None, shuffle=True):
    """Four Gaussian blobs at ``(+-1, +-1)``; the label is the XOR of the signs.

    Blobs at ``(1, 1)`` and ``(-1, -1)`` are class 0, blobs at ``(1, -1)``
    and ``(-1, 1)`` class 1 -- the XOR truth table spread out in the plane.
    Each class is split as evenly as possible between its two blobs.  With
    ``noise=0`` every point sits exactly on its blob's centre.

    Parameters and returns as for :func:`circles` (without ``factor``).

    >>> X, y = xor_clusters(4, noise=0.0, shuffle=False)
    >>> X.tolist(), y.ravel().tolist()
    ([[1.0, 1.0], [-1.0, -1.0], [1.0, -1.0], [-1.0, 1.0]], [0.0, 0.0, 1.0, 1.0])
    """
    n, noise = _check_common(n, noise)
    g = _generator(seed, rng)
    sizes = _class_sizes(n, 2)
    labels = _labels(sizes)
    # within class c, alternate between its two blobs: centres 2c and 2c+1
    blob = np.concatenate([2 * c + np.arange(m) % 2 for c, m in enumerate(sizes)])
    X = XOR_CENTRES[blob].copy()
    return _finish(X, labels, noise, g, shuffle)


def two_gaussians(n=200, noise=0.1, seed=0, *, distance=2.0, rng=None, shuffle=True):
    """Two round Gaussian blobs ``distance`` apart along the diagonal.

    Class 0 is centred at ``-(d/2)(1, 1)/sqrt(2)``, class 1 at
    ``+(d/2)(1, 1)/sqrt(2)``, so the centres are exactly ``distance`` apart;
    ``noise`` is each blob's standard deviation.  Linearly separable when
    ``distance`` is large compared with ``noise``.

    Parameters and returns as for :func:`circles`, with ``distance`` (>= 0)
    instead of ``factor``.

    >>> X, y = two_gaussians(2, noise=0.0, distance=2.0, shuffle=False)
    >>> round(float(np.linalg.norm(X[1] - X[0])), 12)
    2.0
    """
    n, noise = _check_common(n, noise)
    distance = check_real("distance", distance)
    if distance < 0:
        raise ValueError(f"distance must be a finite number >= 0, got {distance}.")
    g = _generator(seed, rng)
    labels = _labels(_class_sizes(n, 2))
    offset = distance / 2 / math.sqrt(2)
    sign = np.where(labels == 0, -1.0, 1.0)
    X = np.column_stack([sign * offset, sign * offset])
    return _finish(X, labels, noise, g, shuffle)


def moons(n=200, noise=0.1, seed=0, *, rng=None, shuffle=True):
    """Two interleaving half circles (the "moons").

    With ``noise=0`` class 0 lies on the upper half of the unit circle,
    ``(cos t, sin t)`` for ``t`` in [0, pi], and class 1 on the lower half of
    the unit circle centred at ``(1, 0.5)``: ``(1 - cos t, 0.5 - sin t)``.
    ``t`` is drawn uniformly at random.

    Parameters and returns as for :func:`circles` (without ``factor``).

    >>> X, y = moons(4, noise=0.0, shuffle=False)
    >>> bool(np.allclose(np.hypot(X[:2, 0], X[:2, 1]), 1.0))
    True
    """
    n, noise = _check_common(n, noise)
    g = _generator(seed, rng)
    labels = _labels(_class_sizes(n, 2))
    t = g.uniform(0.0, np.pi, n)
    upper = np.column_stack([np.cos(t), np.sin(t)])
    lower = np.column_stack([1.0 - np.cos(t), 0.5 - np.sin(t)])
    X = np.where((labels == 0)[:, None], upper, lower)
    return _finish(X, labels, noise, g, shuffle)


def spiral(n=200, noise=0.1, seed=0, *, classes=2, turns=1.0, rng=None, shuffle=True):
    """``classes`` interleaved spiral arms (the cs231n spiral).

    Arm ``c`` has points at radius ``r`` evenly spaced in (0, 1] and angle
    ``2 pi (c / classes + turns * r)``, i.e. ``(r cos angle, r sin angle)``
    exactly when ``noise=0``.

    Parameters
    ----------
    n, noise, seed, rng, shuffle
        As for :func:`circles`; ``n >= classes``.
    classes : int
        Number of arms (>= 2).  For 2 arms ``y`` has shape ``(n, 1)``; for
        ``k > 2`` it is one-hot with shape ``(n, k)``.
    turns : float
        How many full turns each arm makes (> 0).

    >>> X, y = spiral(9, classes=3)
    >>> X.shape, y.shape, y.sum(axis=0).tolist()
    ((9, 2), (9, 3), [3.0, 3.0, 3.0])
    """
    k = check_int("classes", classes, minimum=2)
    n, noise = _check_common(n, noise, classes=k)
    turns = check_real("turns", turns)
    if turns <= 0:
        raise ValueError(f"turns must be a finite number > 0, got {turns}.")
    g = _generator(seed, rng)
    sizes = _class_sizes(n, k)
    labels = _labels(sizes)
    radius = np.concatenate([np.arange(1, m + 1) / m for m in sizes])
    angle = 2 * np.pi * (labels / k + turns * radius)
    X = np.column_stack([radius * np.cos(angle), radius * np.sin(angle)])
    return _finish(X, labels, noise, g, shuffle, k=k)


def gaussians(n=200, noise=0.1, seed=0, *, classes=3, radius=1.0, rng=None, shuffle=True):
    """``classes`` round Gaussian blobs, their centres evenly spaced on a circle.

    Blob ``c`` is centred at ``radius (cos a_c, sin a_c)`` with
    ``a_c = 2 pi c / classes + pi / 2`` (class 0 at the top); ``noise`` is
    each blob's standard deviation. The several-class twin of
    :func:`two_gaussians`: separable by straight lines when ``radius`` is large
    compared with ``noise``.

    Parameters and returns as for :func:`spiral` (``classes >= 2``; one-hot
    ``y`` of shape ``(n, k)`` for ``k > 2``), with ``radius`` (> 0) instead of ``turns``.

    >>> X, y = gaussians(4, noise=0.0, classes=4, shuffle=False)
    >>> np.round(X, 12).tolist(), y.argmax(axis=1).tolist()
    ([[0.0, 1.0], [-1.0, 0.0], [-0.0, -1.0], [1.0, -0.0]], [0, 1, 2, 3])
    """
    k = check_int("classes", classes, minimum=2)
    n, noise = _check_common(n, noise, classes=k)
    radius = check_real("radius", radius)
    if radius <= 0:
        raise ValueError(f"radius must be a finite number > 0, got {radius}.")
    g = _generator(seed, rng)
    labels = _labels(_class_sizes(n, k))
    angle = 2 * np.pi * labels / k + np.pi / 2
    X = radius * np.column_stack([np.cos(angle), np.sin(angle)])
    return _finish(X, labels, noise, g, shuffle, k=k)


CLASSIFICATION_SETS = {
    "circles": circles,
    "xor_clusters": xor_clusters,
    "two_gaussians": two_gaussians,
    "moons": moons,
    "spiral": spiral,
}


def classification_set(name, **kwargs):
    """Call the generator ``name`` from :data:`CLASSIFICATION_SETS` (for dropdowns).

    >>> X, y = classification_set('moons', n=10)
    >>> X.shape
    (10, 2)
    """
    check_choice("name", name, tuple(CLASSIFICATION_SETS))
    return CLASSIFICATION_SETS[name](**kwargs)


# ---------------------------------------------------------------------------
# 2-D regression sets (the web playground's "plane" and "multi gaussian")
# ---------------------------------------------------------------------------
#: Centres and signs of :func:`gaussian_bumps`' bumps.
BUMPS = ((-0.6, 0.6, 1.0), (0.0, 0.6, -1.0), (0.6, 0.6, 1.0),
         (-0.6, -0.6, -1.0), (0.0, -0.6, 1.0), (0.6, -0.6, -1.0))
BUMP_WIDTH = 0.25


def _uniform_square(n, noise, seed, rng):
    n, noise = _check_common(n, noise)
    g = _generator(seed, rng)
    return n, noise, g, g.uniform(-1.0, 1.0, size=(n, 2))


def plane(n=200, noise=0.0, seed=0, *, rng=None):
    """Points uniform in the square [-1, 1]^2 with target ``(x1 + x2) / 2`` (in [-1, 1]).

    ``noise`` is the standard deviation of Gaussian noise added to the
    target (not to the points).

    >>> X, y = plane(3, noise=0.0)
    >>> bool(np.allclose(y[:, 0], X.sum(axis=1) / 2))
    True
    """
    n, noise, g, X = _uniform_square(n, noise, seed, rng)
    y = X.sum(axis=1) / 2
    if noise > 0:
        y = y + noise * g.standard_normal(n)
    return np.ascontiguousarray(X), y.reshape(-1, 1)


def gaussian_bumps(n=200, noise=0.0, seed=0, *, rng=None):
    """Points uniform in [-1, 1]^2; the target is a sum of six signed Gaussian bumps.

    Bump ``k`` sits at ``BUMPS[k][:2]`` with sign ``BUMPS[k][2]`` and width
    ``BUMP_WIDTH``: ``y = sum_k s_k exp(-|x - c_k|^2 / (2 w^2))``. ``noise``
    is added to the target.

    >>> X, y = gaussian_bumps(2, noise=0.0)
    >>> X.shape, y.shape
    ((2, 2), (2, 1))
    """
    n, noise, g, X = _uniform_square(n, noise, seed, rng)
    y = np.zeros(n)
    for cx, cy, sign in BUMPS:
        y += sign * np.exp(-((X[:, 0] - cx) ** 2 + (X[:, 1] - cy) ** 2) / (2 * BUMP_WIDTH ** 2))
    if noise > 0:
        y = y + noise * g.standard_normal(n)
    return np.ascontiguousarray(X), y.reshape(-1, 1)


REGRESSION_SETS = {"plane": plane, "gaussian_bumps": gaussian_bumps}


def regression_set(name, **kwargs):
    """Call the generator ``name`` from :data:`REGRESSION_SETS` (for dropdowns)."""
    check_choice("name", name, tuple(REGRESSION_SETS))
    return REGRESSION_SETS[name](**kwargs)


# ---------------------------------------------------------------------------
# label helpers
# ---------------------------------------------------------------------------
def one_hot(labels, k):
    """Integer labels ``0..k-1`` as one-hot rows.

    Parameters
    ----------
    labels : array_like of int, shape (n,) or (n, 1)
    k : int
        Number of classes (>= 1, larger than every label).

    Returns
    -------
    ndarray, shape (n, k)
        Row ``i`` is 1.0 in column ``labels[i]`` and 0.0 elsewhere.

    >>> one_hot([2, 0], 3)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    k = check_int("k", k, minimum=1)
    arr = check_array("labels", labels)
    if arr.ndim == 2 and arr.shape[1] == 1:
        arr = arr[:, 0]
    if arr.ndim != 1:
        raise ValueError(f"labels must have shape (n,) or (n, 1), got shape {np.shape(labels)}.")
    bad = arr[(arr != np.round(arr)) | (arr < 0) | (arr >= k)]
    if bad.size:
        raise ValueError(f"labels must be integers in 0..{k - 1} (k={k}), found {bad[0]:g}.")
    out = np.zeros((arr.size, k))
    out[np.arange(arr.size), arr.astype(int)] = 1.0
    return out


def confusion_matrix(true, predicted, k):
    """Counts of (true class, predicted class) pairs: row ``i``, column ``j`` counts the points of class
    ``i`` the network put in class ``j``. The diagonal holds the right answers; the total is the number of points.

    Parameters
    ----------
    true, predicted : array_like of int, shape (n,)
        Class labels ``0..k-1`` (e.g. from :func:`labels_of`).
    k : int
        Number of classes (>= 2).

    Returns
    -------
    ndarray of int, shape (k, k)

    >>> confusion_matrix([0, 0, 1, 2, 2], [0, 1, 1, 2, 0], 3).tolist()
    [[1, 1, 0], [0, 1, 0], [1, 0, 1]]
    """
    k = check_int("k", k, minimum=2)
    t = one_hot(true, k).argmax(axis=1) if len(np.ravel(true)) else np.zeros(0, int)
    p = one_hot(predicted, k).argmax(axis=1) if len(np.ravel(predicted)) else np.zeros(0, int)
    if len(t) != len(p):
        raise ValueError(f"true has {len(t)} labels but predicted has {len(p)}; they must match.")
    out = np.zeros((k, k), dtype=int)
    np.add.at(out, (t, p), 1)
    return out


def labels_of(y, threshold=0.5):
    """Integer class labels from targets or network outputs.

    A single column (shape ``(n,)`` or ``(n, 1)``) is thresholded:
    ``1 if y >= threshold else 0``.  Several columns (one-hot targets or
    per-class scores) give the index of the largest entry in each row.

    >>> labels_of([[0.2], [0.9]]).tolist(), labels_of([[0.1, 0.7, 0.2]]).tolist()
    ([0, 1], [1])
    """
    threshold = check_real("threshold", threshold)
    arr = check_array("y", y)
    if arr.ndim == 1 or (arr.ndim == 2 and arr.shape[1] == 1):
        return (arr.reshape(-1) >= threshold).astype(int)
    if arr.ndim == 2:
        return np.argmax(arr, axis=1)
    raise ValueError(f"y must have shape (n,), (n, 1) or (n, k), got shape {arr.shape}.")
