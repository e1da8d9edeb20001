"""The model behind the Playground dashboard: data, features, network, training, save/restore.

Plain Python on :mod:`backprop_core` (no widgets, no matplotlib), so it is
tested without a browser and the dashboard only shows what it computes::

    m = PlaygroundModel(dataset="circle", hidden=(4, 2), activation="tanh")
    m.train_epochs(10)
    m.losses()              # {'train': ..., 'test': ...}
    s = m.config_string()   # a short text string
    PlaygroundModel.from_config(s).losses() == m.losses()   # True: same data, network, weights

The web playground's pieces, all of them: four classification sets (circle,
xor, gauss, spiral) and two regression sets (plane, multi gaussian), noise,
train/test ratio, a seed; seven input features; 0 to 6 hidden layers of 1 to 8
neurons; learning rate, activation, L1/L2 regularisation and batch size.

Points live in the square [-6, 6]^2 (the playground's); the core's data sets
(on the unit scale) are stretched by :data:`SCALE`. Classification targets
are 0/1 with a sigmoid output and the cross-entropy loss (lecture 003);
regression targets are real with a linear output and the loss
1/2 (y - a)^2 (lecture 004).

Restoring is exact: a configuration records the settings, the points added
by hand, the seeds and the *training segments* (how many epochs with which
learning rate, regularisation and batch size); replaying the segments from
the same initial weights repeats every floating-point operation, so the
weights come out identical. The JSON file also stores the weights themselves.

Left out: drawing (:mod:`.playground_views`) and widgets (:mod:`.playground`).
"""
from __future__ import annotations

import base64
import json
import math
import zlib

import numpy as np

import backprop_core as bp
from backprop_core import datasets

__all__ = ["PlaygroundModel", "FEATURES", "DATASETS", "PROBLEMS", "ACTIVATIONS", "REGULARISATIONS",
           "LEARNING_RATES", "REG_RATES", "DOMAIN", "SCALE", "MAX_HIDDEN_LAYERS", "MAX_NEURONS",
           "BATCH_RANGE", "NOISE_RANGE", "RATIO_RANGE", "N_POINTS", "check_data", "parse_hidden",
           "MIN_STEPS_PER_FRAME", "CONFIG_PREFIX"]

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
#: Data set name -> problem type.
DATASETS = {"circle": "classification", "xor": "classification", "gauss": "classification",
            "spiral": "classification", "plane": "regression", "multi gaussian": "regression",
            "my data": None}
PROBLEMS = ("classification", "regression")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARISATIONS = ("none", "L1", "L2")
#: The web playground's choices.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
#: The plotted square is [-DOMAIN, DOMAIN]^2; the core's unit-scale sets are stretched by SCALE.
DOMAIN = 6.0
SCALE = 5.0
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
BATCH_RANGE = (1, 30)
NOISE_RANGE = (0.0, 0.5)
RATIO_RANGE = (10, 90)
N_POINTS = 500
#: A frame of Play trains whole epochs, at least this many steps.
MIN_STEPS_PER_FRAME = 10
#: The gauss blobs' own spread (added to the noise), on the unit scale.
GAUSS_SPREAD = 0.3
CONFIG_PREFIX = "pg1-"
#: Rows per forward pass when the whole grid goes through the network.
GRID_CHUNK = 1000
#: Settings a configuration stores, with their defaults.
DEFAULTS = dict(problem="classification", dataset="circle", noise=0.1, ratio=70, data_seed=0,
                features=("x1", "x2"), hidden=(4, 2), lr=0.03, activation="tanh", reg="none", reg_rate=0.0,
                batch_size=10, init_seed=0, n_points=N_POINTS)
#: Settings that change training but keep the network (a new segment starts).
TRAINING_KEYS = ("lr", "reg", "reg_rate", "batch_size")


def parse_hidden(text):
    """``'4, 2'`` (or a sequence) -> ``(4, 2)``; ``''`` -> ``()`` (no hidden layer)."""
    if isinstance(text, str):
        parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
        try:
            sizes = tuple(int(p) for p in parts)
        except ValueError:
            raise ValueError(f"hidden layers must be whole numbers separated by commas, like '4, 2'; "
                             f"got {text!r}.") from None
    else:
        sizes = tuple(int(s) for s in text)
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise ValueError(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(sizes)}: {sizes}.")
    for s in sizes:
        if not 1 <= s <= MAX_NEURONS:
            raise ValueError(f"a hidden layer has 1 to {MAX_NEURONS} neurons, got {s} in {sizes}.")
    return sizes


def check_data(data, problem=None):
    """Check ``(X, y)`` a student passes in; return ``(X (n, 2), y (n,), problem)``.

    Classification labels must be 0 and 1; anything else real is regression
    (``problem`` forces one).
    """
    if not isinstance(data, (tuple, list)) or len(data) != 2:
        raise ValueError(f"data must be a pair (X, y), got {type(data).__name__}"
                         f"{' of length %d' % len(data) if hasattr(data, '__len__') else ''}.")
    X, y = data
    try:
        X = np.asarray(X, dtype=float)
        y = np.asarray(y, dtype=float)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"X and y must hold numbers: {exc}.") from None
    if X.ndim != 2 or X.shape[1] != 2:
        raise ValueError(f"X must have shape (n, 2) -- one row (x1, x2) per point -- got shape {X.shape}.")
    if y.ndim == 2 and y.shape[1] == 1:
        y = y[:, 0]
    if y.ndim != 1:
        raise ValueError(f"y must have shape (n,) or (n, 1), got shape {y.shape}.")
    if len(y) != len(X):
        raise ValueError(f"X has {len(X)} rows but y has {len(y)} values; they must match.")
    if len(X) < 2:
        raise ValueError(f"data needs at least 2 points, got {len(X)}.")
    for name, arr in (("X", X), ("y", y)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain only finite numbers, found {arr[~np.isfinite(arr)].ravel()[0]}.")
    if np.abs(X).max() > DOMAIN:
        raise ValueError(f"points must lie in the square [-{DOMAIN:g}, {DOMAIN:g}]^2 the playground shows; "
                         f"found a coordinate {np.abs(X).max():g}. Scale X first.")
    labels01 = bool(np.all((y == 0) | (y == 1)))
    if problem is None:
        problem = "classification" if labels01 else "regression"
    if problem == "classification" and not labels01:
        bad = y[(y != 0) & (y != 1)][0]
        raise ValueError(f"classification labels must be 0 or 1, found {bad:g}.")
    return np.ascontiguousarray(X), np.ascontiguousarray(y), problem


def _pack(obj):
    raw = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    return CONFIG_PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _unpack(text):
    if not isinstance(text, str) or not text.strip().startswith(CONFIG_PREFIX):
        raise ValueError(f"a playground configuration string starts with {CONFIG_PREFIX!r}; got "
                         f"{str(text)[:20]!r}.")
    body = text.strip()[len(CONFIG_PREFIX):]
    try:
        raw = zlib.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)))
        return json.loads(raw)
    except Exception:
        raise ValueError("this configuration string is damaged (cut off or mistyped?); copy it again whole.") \
            from None


class PlaygroundModel:
    """Data, features and network of the playground, and their training.

    Parameters are the settings of :data:`DEFAULTS`; ``data=(X, y)`` uses
    your own points instead of a generated set (``dataset`` becomes
    ``'my data'``).

    Attributes
    ----------
    net : backprop_core.MLP
        The network; its input is the ticked features (see :meth:`feature_matrix`).
    X_train, y_train, X_test, y_test : ndarray
        Raw points ``(n, 2)`` and targets ``(n,)``.
    epoch : int
        Epochs trained since the last reset.
    history : dict
        ``'epoch'``, ``'train'``, ``'test'`` (losses) and ``'grad'`` (mean
        ``|dC/dW|`` per layer of weights, a list per epoch), from epoch 0.
    """

    def __init__(self, data=None, **settings):
        unknown = sorted(set(settings) - set(DEFAULTS))
        if unknown:
            raise TypeError(f"unknown setting(s) {unknown}; settings are {sorted(DEFAULTS)}.")
        s = dict(DEFAULTS, **settings)
        self.custom = self.custom_problem = None
        if data is not None:
            X, y, problem = check_data(data, settings.get("problem"))
            self.custom = (X, y)
            self.custom_problem = problem
            s["problem"], s["dataset"] = problem, "my data"
        self.settings = {}
        self.added = []          # points added by hand: [x1, x2, target]
        self.apply(**s)

    # -- settings ---------------------------------------------------------------
    def apply(self, **changes):
        """Change settings; returns what had to be rebuilt: ``'data'``, ``'network'`` or ``'training'``."""
        s = dict(self.settings, **changes)
        s["features"] = tuple(s["features"])
        s["hidden"] = parse_hidden(s["hidden"])
        for f in s["features"]:
            if f not in FEATURES:
                raise ValueError(f"unknown feature {f!r}; features are {list(FEATURES)}.")
        if not s["features"]:
            raise ValueError("tick at least one input feature: the network needs an input.")
        s["features"] = tuple(f for f in FEATURES if f in s["features"])  # the playground's order
        if s["problem"] not in PROBLEMS:
            raise ValueError(f"problem must be one of {PROBLEMS}, got {s['problem']!r}.")
        if s["dataset"] not in DATASETS:
            raise ValueError(f"dataset must be one of {list(DATASETS)}, got {s['dataset']!r}.")
        if s["dataset"] == "my data" and self.custom is None:
            raise ValueError("'my data' needs points: pass Playground(data=(X, y)).")
        kind = DATASETS[s["dataset"]]
        if kind is not None and kind != s["problem"]:
            raise ValueError(f"data set {s['dataset']!r} is for {kind}, not {s['problem']}.")
        if s["activation"] not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {s['activation']!r}.")
        if s["reg"] not in REGULARISATIONS:
            raise ValueError(f"regularisation must be one of {REGULARISATIONS}, got {s['reg']!r}.")
        for key, lo, hi in (("lr", 1e-5, 10.0), ("reg_rate", 0.0, 10.0), ("noise", *NOISE_RANGE)):
            v = float(s[key])
            if not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{key} must be between {lo:g} and {hi:g}, got {s[key]!r}.")
            s[key] = v
        for key, lo, hi in (("batch_size", *BATCH_RANGE), ("ratio", *RATIO_RANGE), ("n_points", 10, 2000),
                            ("data_seed", 0, 2**31), ("init_seed", 0, 2**31)):
            if int(s[key]) != s[key] or not lo <= int(s[key]) <= hi:
                raise ValueError(f"{key} must be a whole number from {lo} to {hi}, got {s[key]!r}.")
            s[key] = int(s[key])
        old = self.settings
        self.settings = s
        data_keys = ("problem", "dataset", "noise", "ratio", "data_seed", "n_points")
        if not old or any(old[k] != s[k] for k in data_keys):
            self._make_data()
            self.reset()
            return "data"
        if any(old[k] != s[k] for k in ("features", "hidden", "activation", "init_seed")):
            self.reset()
            return "network"
        return "training"

    # -- data ----------------------------------------------------------------------
    def _make_data(self):
        s = self.settings
        if s["dataset"] == "my data":
            X, y = self.custom
        else:
            n, noise, seed = s["n_points"], s["noise"], s["data_seed"]
            name = s["dataset"]
            if name == "circle":
                X, y = datasets.circles(n, noise=noise, seed=seed)
            elif name == "xor":
                X, y = datasets.xor_clusters(n, noise=noise + GAUSS_SPREAD, seed=seed)
            elif name == "gauss":
                X, y = datasets.two_gaussians(n, noise=noise + GAUSS_SPREAD, seed=seed, distance=1.6)
            elif name == "spiral":
                X, y = datasets.spiral(n, noise=noise / 2, seed=seed)
            elif name == "plane":
                X, y = datasets.plane(n, noise=noise, seed=seed)
            else:
                X, y = datasets.gaussian_bumps(n, noise=noise, seed=seed)
            X = np.clip(SCALE * X, -DOMAIN, DOMAIN)
            y = y[:, 0]
        n_train = max(1, min(len(X) - 1, int(round(len(X) * s["ratio"] / 100))))
        # the split is fixed by the data seed (the rows are already shuffled by the generators)
        self.X_train, self.y_train = X[:n_train], y[:n_train]
        self.X_test, self.y_test = X[n_train:], y[n_train:]
        if self.added:
            pts = np.array(self.added, dtype=float)
            self.X_train = np.vstack([self.X_train, pts[:, :2]])
            self.y_train = np.concatenate([self.y_train, pts[:, 2]])
        self.data_version = getattr(self, "data_version", 0) + 1

    def add_point(self, x1, x2, target):
        """Add a training point (clicked on the plot); the network keeps its weights."""
        x1, x2, target = float(x1), float(x2), float(target)
        for name, v in (("x1", x1), ("x2", x2)):
            if not (math.isfinite(v) and -DOMAIN <= v <= DOMAIN):
                raise ValueError(f"{name} must be between -{DOMAIN:g} and {DOMAIN:g}, got {v:g}.")
        if self.settings["problem"] == "classification" and target not in (0.0, 1.0):
            raise ValueError(f"a classification point has class 0 or 1, got {target:g}.")
        self.added.append([x1, x2, target])
        self.segments.append(["add", x1, x2, target])
        self._make_data()
        self._record()

    def clear_points(self):
        """Remove every point added by hand."""
        self.added = []
        self.segments.append(["clear"])
        self._make_data()
        self._record()

    # -- features and network ------------------------------------------------------------
    @property
    def sizes(self):
        """Layer sizes of the network: ``[n_features, *hidden, 1]``."""
        return [len(self.settings["features"]), *self.settings["hidden"], 1]

    @property
    def problem(self):
        return self.settings["problem"]

    def feature_matrix(self, X):
        """The network's input for raw points ``X`` (n, 2): one column per ticked feature."""
        X = np.asarray(X, dtype=float)
        x1, x2 = X[:, 0], X[:, 1]
        return np.column_stack([FEATURES[f](x1, x2) for f in self.settings["features"]])

    def reset(self):
        """New initial weights (from ``init_seed``), epoch 0, empty history."""
        s = self.settings
        classification = s["problem"] == "classification"
        self.net = bp.MLP(self.sizes, activation=s["activation"],
                          output_activation="sigmoid" if classification else "linear",
                          loss="bce" if classification else "half_sse", seed=s["init_seed"], init="lecture")
        self.epoch = 0
        self.start_added = [list(p) for p in self.added]  # the hand-made points when training started
        self.segments = []   # what happened since: [epochs, lr, reg, reg_rate, batch_size], ['add', ...], ['clear']
        self.diverged = None
        self.history = {"epoch": [], "train": [], "test": [], "grad": []}
        self._record()

    def _targets(self, y):
        return y.reshape(-1, 1)

    def _reg(self):
        s = self.settings
        rate = s["reg_rate"]
        return {"l1": rate if s["reg"] == "L1" else 0.0, "l2": rate if s["reg"] == "L2" else 0.0}

    @property
    def batches_per_epoch(self):
        return -(-len(self.X_train) // self.settings["batch_size"])

    @property
    def epochs_per_frame(self):
        """Whole epochs one frame of Play trains: at least :data:`MIN_STEPS_PER_FRAME` steps."""
        return max(1, -(-MIN_STEPS_PER_FRAME // self.batches_per_epoch))

    # -- training ---------------------------------------------------------------------------
    def train_epochs(self, k=1):
        """Train ``k`` epochs of mini-batch gradient descent; returns the steps taken.

        Epoch ``e`` shuffles its batches with seed ``e`` (so a replay repeats
        it). If the loss stops being finite, training stops at the last finite
        weights and :attr:`diverged` says so.
        """
        s = self.settings
        Xf, Y = self.feature_matrix(self.X_train), self._targets(self.y_train)
        steps = 0
        for _ in range(int(k)):
            if self.diverged is not None:
                break
            hist = self.net.fit(Xf, Y, lr=s["lr"], epochs=1, batch_size=s["batch_size"], seed=self.epoch,
                                **self._reg())
            steps += hist.steps
            if hist.diverged:
                self.diverged = {"epoch": self.epoch + 1, "lr": s["lr"]}
                self._record()  # the weights kept (the last finite ones, part way into the epoch)
                break
            self.epoch += 1
            seg = [s[k] for k in TRAINING_KEYS]
            if self.segments and self.segments[-1][0] not in ("add", "clear") and self.segments[-1][1:] == seg:
                self.segments[-1][0] += 1
            else:
                self.segments.append([1, *seg])
            self._record()
        return steps

    def _record(self):
        h = self.history
        losses = self.losses()
        if h["epoch"] and h["epoch"][-1] == self.epoch:  # the data changed: replace this epoch's point
            for key in ("epoch", "train", "test", "grad"):
                h[key].pop()
        h["epoch"].append(self.epoch)
        h["train"].append(losses["train"])
        h["test"].append(losses["test"])
        h["grad"].append(self.gradient_sizes())

    def losses(self):
        """The data loss (no regularisation term) on the training and the test points."""
        out = {}
        for name, X, y in (("train", self.X_train, self.y_train), ("test", self.X_test, self.y_test)):
            out[name] = float(self.net.loss(self.feature_matrix(X), self._targets(y))) if len(X) else float("nan")
        return out

    def gradient_sizes(self):
        """Mean ``|dC/dW|`` of each layer of weights over the training set (input side first)."""
        gW, _ = self.net.gradients(self.feature_matrix(self.X_train), self._targets(self.y_train))
        return [float(np.abs(g).mean()) for g in gW]

    def accuracy(self, which="test"):
        """Fraction of points classified right (classification only)."""
        X, y = (self.X_test, self.y_test) if which == "test" else (self.X_train, self.y_train)
        if not len(X):
            return float("nan")
        return float(np.mean(self.net.predict(self.feature_matrix(X)) == y))

    # -- what the views show ---------------------------------------------------------------
    def grid(self, cells):
        """The raw points of a ``cells x cells`` grid over the square, row 0 at the bottom."""
        axis = np.linspace(-DOMAIN, DOMAIN, cells)
        g1, g2 = np.meshgrid(axis, axis)
        return np.column_stack([g1.ravel(), g2.ravel()])

    def surfaces(self, cells, thumb_every=4):
        """Output over the grid ``(cells, cells)`` and every unit's activation on a coarser grid.

        Returns ``(output, units)``: ``units[l]`` has shape ``(sizes[l], c, c)``
        with ``c = ceil(cells / thumb_every)``; ``units[0]`` are the features.
        """
        F = self.feature_matrix(self.grid(cells))
        # in chunks: numpy's BLAS would spread one tall product over every core, which costs
        # several times the CPU time of the work itself on a small machine
        parts = [self.net.forward_pass(F[k:k + GRID_CHUNK])[1] for k in range(0, len(F), GRID_CHUNK)]
        acts = [np.concatenate([p[l] for p in parts]) for l in range(len(parts[0]))]
        out = acts[-1][:, 0].reshape(cells, cells)
        units = []
        for a in acts:
            a = a.reshape(cells, cells, -1)[::thumb_every, ::thumb_every]
            units.append(np.moveaxis(a, 2, 0))
        return out, units

    def batch(self):
        """The rows of the training set in the next step's mini-batch (the first batch of the next epoch)."""
        n, bs = len(self.X_train), self.settings["batch_size"]
        if bs >= n:
            return np.arange(n)
        return np.random.default_rng(self.epoch).permutation(n)[:bs]

    def batch_gradients(self):
        """``(grad_W, grad_b)`` of the cost (with regularisation) on the next mini-batch."""
        idx = self.batch()
        return self.net.gradients(self.feature_matrix(self.X_train[idx]), self._targets(self.y_train[idx]),
                                  **self._reg())

    # -- save, restore, export -------------------------------------------------------------------
    def config(self, weights=False):
        """Everything needed to rebuild this state, as plain JSON-able data."""
        s = dict(self.settings)
        s["features"], s["hidden"] = list(s["features"]), list(s["hidden"])
        out = {"version": 1, "settings": s, "added": self.start_added, "segments": self.segments}
        if self.custom is not None:
            out["custom"] = {"X": self.custom[0].tolist(), "y": self.custom[1].tolist()}
            out["custom_problem"] = self.custom_problem
        if weights:
            out["epoch"] = self.epoch
            out["weights"] = [W.tolist() for W in self.net.weights]
            out["biases"] = [b.tolist() for b in self.net.biases]
        return out

    def config_string(self):
        """A short text string (``'pg1-...'``) to paste into a cell or an email."""
        return _pack(self.config())

    def save(self, path):
        """Write the configuration and the exact weights to a JSON file."""
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.config(weights=True), fh, indent=1)

    @classmethod
    def from_config(cls, config):
        """Rebuild from :meth:`config_string`'s string, a path to a saved JSON file, or a config dict."""
        if isinstance(config, dict):
            cfg = config
        elif isinstance(config, str) and config.strip().startswith(CONFIG_PREFIX):
            cfg = _unpack(config)
        else:
            try:
                with open(config, encoding="utf-8") as fh:
                    cfg = json.load(fh)
            except (OSError, TypeError, json.JSONDecodeError) as exc:
                raise ValueError(f"expected a configuration string starting with {CONFIG_PREFIX!r} or a saved "
                                 f"JSON file; could not read {str(config)[:40]!r}: {exc}.") from None
        model = cls.__new__(cls)
        model.replay(cfg)
        return model

    def replay(self, cfg):
        """Become the state ``cfg`` describes (same data, network and weights)."""
        if not isinstance(cfg, dict) or cfg.get("version") != 1 or "settings" not in cfg:
            raise ValueError("not a playground configuration (version 1 with 'settings').")
        settings = dict(cfg["settings"])
        self.custom = self.custom_problem = None
        if "custom" in cfg:
            X, y, self.custom_problem = check_data((cfg["custom"]["X"], cfg["custom"]["y"]),
                                                   cfg.get("custom_problem", settings.get("problem")))
            self.custom = (X, y)
        self.settings = {}
        self.added = [list(map(float, p)) for p in cfg.get("added", [])]
        self.apply(**settings)
        for seg in cfg.get("segments", []):
            if seg[0] == "add":
                self.add_point(*seg[1:])
            elif seg[0] == "clear":
                self.clear_points()
            else:
                n, *values = seg
                self.apply(**dict(zip(TRAINING_KEYS, values)))
                self.train_epochs(int(n))
        self.apply(**{k: settings[k] for k in TRAINING_KEYS})
        if "weights" in cfg:
            self.net.weights = [np.array(W, dtype=float) for W in cfg["weights"]]
            self.net.biases = [np.array(b, dtype=float) for b in cfg["biases"]]
            self.net._check_params()
            self.epoch = int(cfg.get("epoch", self.epoch))
            self._record()
        return self

    def export(self):
        """The trained network as an independent :class:`backprop_core.MLP` (input: :meth:`feature_matrix`)."""
        return self.net.copy()

    def export_arrays(self):
        """Plain numpy arrays: ``{'weights': [...], 'biases': [...], 'features': [...], ...}``."""
        return {"weights": [W.copy() for W in self.net.weights], "biases": [b.copy() for b in self.net.biases],
                "features": list(self.settings["features"]), "activation": self.net.activation,
                "output_activation": self.net.output_activation}


def compare_depth(model, epochs=60, depth=6, width=8, activations=("sigmoid", "relu")):
    """Train a deep copy of ``model``'s problem once per activation; the gradient sizes per layer.

    Returns ``{activation: ndarray (epochs + 1, depth + 1)}`` of mean ``|dC/dW|``
    per layer of weights (input side first), epoch 0 included.
    """
    out = {}
    for act in activations:
        cfg = model.config()
        cfg["settings"] = dict(cfg["settings"], activation=act, hidden=[width] * depth)
        cfg["added"], cfg["segments"] = [list(p) for p in model.added], []
        m = PlaygroundModel.__new__(PlaygroundModel)
        m.replay(cfg)
        m.train_epochs(epochs)
        out[act] = np.array(m.history["grad"])
    return out
