"""Tests for ``backprop_core.datasets``: shapes, balance, seeds, geometry, bad input."""
import numpy as np
import pytest

from backprop_core.datasets import (
    CLASSIFICATION_SETS,
    TRUTH_TABLES,
    circles,
    classification_set,
    labels_of,
    moons,
    one_hot,
    spiral,
    truth_table,
    two_gaussians,
    xor_clusters,
)

INPUTS = [[0, 0], [0, 1], [1, 0], [1, 1]]


# --------------------------------------------------------------------------
# truth tables
# --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, outputs",
    [
        ("AND", [0, 0, 0, 1]),
        ("OR", [0, 1, 1, 1]),
        ("XOR", [0, 1, 1, 0]),
        ("XNOR", [1, 0, 0, 1]),
        ("NAND", [1, 1, 1, 0]),
        ("NOR", [1, 0, 0, 0]),
    ],
)
def test_truth_tables_exact(name, outputs):
    for spelling in (name, name.lower(), name.capitalize()):
        X, y = truth_table(spelling)
        assert X.shape == (4, 2) and y.shape == (4, 1)
        assert X.dtype == np.float64 and y.dtype == np.float64
        assert X.tolist() == INPUTS
        assert y.ravel().tolist() == outputs


def test_truth_tables_match_the_logic():
    ops = {
        "AND": lambda a, b: a and b,
        "OR": lambda a, b: a or b,
        "XOR": lambda a, b: a != b,
        "XNOR": lambda a, b: a == b,
        "NAND": lambda a, b: not (a and b),
        "NOR": lambda a, b: not (a or b),
    }
    assert set(ops) == set(TRUTH_TABLES)
    for name, op in ops.items():
        X, y = truth_table(name)
        assert [float(bool(op(bool(a), bool(b)))) for a, b in X] == y.ravel().tolist()


def test_truth_table_returns_fresh_arrays():
    X, y = truth_table("AND")
    X[0, 0] = 9.0
    y[0, 0] = 9.0
    assert truth_table("AND")[0][0, 0] == 0.0 and truth_table("AND")[1][0, 0] == 0.0


def test_truth_table_bad_name():
    with pytest.raises(ValueError,
                       match=r"name must be one of 'AND', 'OR', 'XOR', 'XNOR', 'NAND', 'NOR'; got 'IMPLIES'"):
        truth_table("implies")
    with pytest.raises(TypeError, match=r"name must be a str such as 'XOR', got 3 \(int\)"):
        truth_table(3)


# --------------------------------------------------------------------------
# 2-D classification sets: common properties
# --------------------------------------------------------------------------
SETS = sorted(CLASSIFICATION_SETS)


def test_registry():
    assert set(SETS) == {"circles", "xor_clusters", "two_gaussians", "moons", "spiral"}
    assert CLASSIFICATION_SETS["moons"] is moons
    X, y = classification_set("circles", n=10, seed=3)
    X2, y2 = circles(10, seed=3)
    assert np.array_equal(X, X2) and np.array_equal(y, y2)
    with pytest.raises(ValueError, match=r"name must be one of 'circles', .*got 'blobs'"):
        classification_set("blobs")


@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize("n", [2, 7, 200])
def test_shapes_dtypes_balance(name, n):
    X, y = CLASSIFICATION_SETS[name](n=n)
    assert X.shape == (n, 2) and y.shape == (n, 1)
    assert X.dtype == np.float64 and y.dtype == np.float64
    assert np.all(np.isfinite(X))
    assert set(np.unique(y)) <= {0.0, 1.0}
    assert int((y == 0).sum()) == n // 2
    assert int((y == 1).sum()) == n - n // 2  # the odd point goes to class 1


@pytest.mark.parametrize("name", SETS)
def test_same_seed_same_arrays_different_seed_different(name):
    make = CLASSIFICATION_SETS[name]
    X1, y1 = make(n=50, seed=7)
    X2, y2 = make(n=50, seed=7)
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    X3, _ = make(n=50, seed=8)
    assert not np.array_equal(X1, X3)


@pytest.mark.parametrize("name", SETS)
def test_generator_as_rng_and_global_state_untouched(name):
    make = CLASSIFICATION_SETS[name]
    np.random.seed(123)
    before = np.random.get_state()[1].copy()
    X1, y1 = make(n=30, rng=np.random.default_rng(5))
    X2, y2 = make(n=30, rng=np.random.default_rng(5))
    X3, y3 = make(n=30, seed=np.random.default_rng(5))  # a Generator as seed works too
    assert np.array_equal(X1, X2) and np.array_equal(y1, y2)
    assert np.array_equal(X1, X3) and np.array_equal(y1, y3)
    assert np.array_equal(np.random.get_state()[1], before)


@pytest.mark.parametrize("name", SETS)
def test_shuffle_false_groups_classes(name):
    _, y = CLASSIFICATION_SETS[name](n=9, shuffle=False)
    assert y.ravel().tolist() == [0.0] * 4 + [1.0] * 5


# --------------------------------------------------------------------------
# geometry with noise = 0
# --------------------------------------------------------------------------
def test_circles_radii_exact():
    X, y = circles(101, noise=0.0, factor=0.3, seed=4)
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r[y[:, 0] == 0], 1.0, rtol=0, atol=1e-12)
    np.testing.assert_allclose(r[y[:, 0] == 1], 0.3, rtol=0, atol=1e-12)


def test_circles_noise_spreads_radii():
    X, y = circles(400, noise=0.1, seed=0)
    r = np.hypot(X[:, 0], X[:, 1])
    outer, inner = r[y[:, 0] == 0], r[y[:, 0] == 1]
    assert abs(outer.mean() - 1.0) < 0.05 and abs(inner.mean() - 0.5) < 0.05
    assert outer.std() > 0.02


def test_xor_clusters_labels_are_xor_of_signs():
    X, y = xor_clusters(41, noise=0.0, seed=1)
    assert set(map(tuple, X.tolist())) == {(1.0, 1.0), (-1.0, -1.0), (1.0, -1.0), (-1.0, 1.0)}
    xor = (X[:, 0] > 0) != (X[:, 1] > 0)
    assert np.array_equal(y[:, 0], xor.astype(float))
    # each class split evenly between its two blobs
    X, y = xor_clusters(40, noise=0.0)
    for c in (0.0, 1.0):
        blobs, counts = np.unique(X[y[:, 0] == c], axis=0, return_counts=True)
        assert len(blobs) == 2 and counts.tolist() == [10, 10]


def test_xor_clusters_small_noise_keeps_quadrants():
    X, y = xor_clusters(200, noise=0.1, seed=0)
    xor = (X[:, 0] > 0) != (X[:, 1] > 0)
    assert np.array_equal(y[:, 0], xor.astype(float))


def test_two_gaussians_centres():
    X, y = two_gaussians(10, noise=0.0, distance=3.0)
    c0, c1 = X[y[:, 0] == 0], X[y[:, 0] == 1]
    assert np.all(c0 == c0[0]) and np.all(c1 == c1[0])
    assert np.linalg.norm(c1[0] - c0[0]) == pytest.approx(3.0, abs=1e-12)
    np.testing.assert_allclose(c0[0] + c1[0], 0.0, atol=1e-15)  # symmetric about 0
    X, y = two_gaussians(2000, noise=0.5, distance=3.0, seed=2)
    assert X[y[:, 0] == 1].std(axis=0) == pytest.approx([0.5, 0.5], rel=0.1)


def test_moons_geometry():
    X, y = moons(60, noise=0.0, seed=2)
    up, low = X[y[:, 0] == 0], X[y[:, 0] == 1]
    np.testing.assert_allclose(np.hypot(up[:, 0], up[:, 1]), 1.0, atol=1e-12)
    assert np.all(up[:, 1] >= 0)
    np.testing.assert_allclose(np.hypot(low[:, 0] - 1.0, low[:, 1] - 0.5), 1.0, atol=1e-12)
    assert np.all(low[:, 1] <= 0.5)


def test_spiral_geometry_and_one_hot():
    X, y = spiral(12, noise=0.0, classes=3, turns=1.0, shuffle=False)
    assert y.shape == (12, 3)
    assert np.array_equal(y.sum(axis=1), np.ones(12))
    labels = labels_of(y)
    assert labels.tolist() == [0] * 4 + [1] * 4 + [2] * 4
    r = np.hypot(X[:, 0], X[:, 1])
    np.testing.assert_allclose(r, np.tile([0.25, 0.5, 0.75, 1.0], 3), atol=1e-12)
    angle = 2 * np.pi * (labels / 3 + r)
    np.testing.assert_allclose(X, np.column_stack([r * np.cos(angle), r * np.sin(angle)]), atol=1e-12)


def test_spiral_two_classes_is_a_column():
    X, y = spiral(11)
    assert y.shape == (11, 1)
    X, y = spiral(11, classes=4)
    # 11 = 2 + 3 + 3 + 3: the remainder goes to classes 1, 2, 3
    assert y.sum(axis=0).tolist() == [2.0, 3.0, 3.0, 3.0]


# --------------------------------------------------------------------------
# label helpers
# --------------------------------------------------------------------------
def test_one_hot_and_back():
    labels = np.array([0, 2, 1, 2])
    Y = one_hot(labels, 3)
    assert Y.tolist() == [[1, 0, 0], [0, 0, 1], [0, 1, 0], [0, 0, 1]]
    assert labels_of(Y).tolist() == labels.tolist()
    assert one_hot(np.array([[1.0], [0.0]]), 2).tolist() == [[0, 1], [1, 0]]


def test_labels_of_thresholds_single_column():
    assert labels_of(np.array([[0.49], [0.5], [0.99]])).tolist() == [0, 1, 1]
    assert labels_of([0.0, 1.0]).tolist() == [0, 1]
    assert labels_of([0.2, 0.4], threshold=0.3).tolist() == [0, 1]
    assert labels_of([0.0, 1.0]).dtype.kind == "i"


def test_label_helpers_bad_input():
    with pytest.raises(ValueError, match=r"labels must be integers in 0\.\.1 \(k=2\), found 2"):
        one_hot([0, 2], 2)
    with pytest.raises(ValueError, match=r"found 0\.5"):
        one_hot([0.5], 2)
    with pytest.raises(ValueError, match=r"labels must have shape \(n,\) or \(n, 1\), got shape \(2, 2\)"):
        one_hot([[0, 1], [1, 0]], 2)
    with pytest.raises(ValueError, match=r"k must be an integer >= 1, got 0"):
        one_hot([0], 0)
    with pytest.raises(ValueError, match=r"y must have shape \(n,\), \(n, 1\) or \(n, k\), got shape \(1, 1, 1\)"):
        labels_of(np.zeros((1, 1, 1)))
    with pytest.raises(ValueError, match=r"y must contain only finite numbers, found nan"):
        labels_of([np.nan])


# --------------------------------------------------------------------------
# bad input to the generators
# --------------------------------------------------------------------------
@pytest.mark.parametrize("name", SETS)
@pytest.mark.parametrize(
    "kwargs, exc, pattern",
    [
        (dict(n=1), ValueError, r"n must be an integer >= 2, got 1"),
        (dict(n=10.0), TypeError, r"n must be an integer, got 10\.0 \(float\)"),
        (dict(n=True), TypeError, r"n must be an integer, got True"),
        (dict(noise=-0.1), ValueError, r"noise must be a finite number >= 0, got -0\.1"),
        (dict(noise=float("nan")), ValueError, r"noise must be a finite number, got nan"),
        (dict(noise="a"), TypeError, r"noise must be a real number, got 'a'"),
        (dict(seed=-1), ValueError, r"seed must be an integer >= 0, got -1"),
        (dict(seed=1.5), TypeError, r"seed must be an integer, got 1\.5"),
        (dict(rng=42), TypeError, r"rng must be a numpy\.random\.Generator or None, got 42"),
    ],
)
def test_bad_generator_arguments(name, kwargs, exc, pattern):
    with pytest.raises(exc, match=pattern):
        CLASSIFICATION_SETS[name](**kwargs)


def test_bad_specific_arguments():
    with pytest.raises(ValueError, match=r"factor must be a number strictly between 0 and 1, got 1\.0"):
        circles(factor=1.0)
    with pytest.raises(ValueError, match=r"distance must be a finite number >= 0, got -1\.0"):
        two_gaussians(distance=-1)
    with pytest.raises(ValueError, match=r"classes must be an integer >= 2, got 1"):
        spiral(classes=1)
    with pytest.raises(ValueError, match=r"n must be an integer >= 5, got 4"):
        spiral(n=4, classes=5)
    with pytest.raises(ValueError, match=r"turns must be a finite number > 0, got 0\.0"):
        spiral(turns=0)
