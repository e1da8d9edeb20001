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
Beyond it: four sets of 3 or 4 classes (gauss 3, spiral 3, gauss 4, spiral 4:
a softmax output of one unit per class), a confusion matrix of the test set
(:meth:`PlaygroundModel.confusion`), and the initial weights' seed and
initialisation (uniform as lecture 003, Xavier/Glorot, He).

Points live in the square [-6, 6]^2 (the playground's); the core's data sets
(on the unit scale) are stretched by :data:`SCALE`. Classification targets
are 0/1 with a sigmoid output and the cross-entropy loss (lecture 003);
regression targets are real with a linear output and the loss
1/2 (y - a)^2 (lecture 004).

Restoring is exact: a configuration records the settings, the points added
by hand, the seeds and the *training segments* (how many epochs with which
learning rate, regularisation and batch size); replaying the segments from
the same initial weights repeats every floating-point operation, so the
weights come out identical. The JSON file stores the weights themselves, and
so does the string of a session longer than :data:`STRING_WEIGHTS_AFTER_STEPS`
steps: restoring those puts the weights back directly (milliseconds, however
long the session was) and replays only when asked to verify
(``from_config(..., verify=True)``, with a progress callback).

Limits (checked by :func:`check_config` before anything runs; asking for
more is refused with the limit in the sentence): :data:`MAX_EPOCHS` epochs,
:data:`MAX_POINTS` points, :data:`MAX_ADDED_POINTS` points added by hand,
:data:`MAX_HIDDEN_LAYERS` hidden layers of at most :data:`MAX_NEURONS`
neurons, batch sizes in :data:`BATCH_RANGE`, :data:`MAX_SEGMENTS` training
segments, :data:`MAX_CONFIG_CHARS` characters, and a configuration without
weights may ask for at most :data:`MAX_REPLAY_STEPS` gradient steps (about 5 s).

Labels -1/+1 in your own data are read as the two classes (-1 is class 0,
the orange one; +1 is class 1), as the web playground labels its points;
labels 0..K-1 are K = 2 to 4 classes (the softmax output of the 3- and
4-class sets). Your own points come as arrays (``data=(X, y)``) or as CSV text
(:meth:`PlaygroundModel.data_config`, read by
:func:`backprop_core.playground_extras.parse_csv`).

The conveniences (issue 19; maths in :mod:`backprop_core.playground_extras`):
a learning-rate schedule (``schedule='constant'`` or ``'step'``: times
``decay_factor`` every ``decay_every`` epochs, counted from the last Reset, so
changing it starts again from the initial weights), an activation per hidden
layer (``layer_acts``; empty: every hidden layer uses ``activation``), early
stopping (``patience``: stop when the test loss has not improved for that many
epochs; 0 is off; :attr:`PlaygroundModel.stopped`), "copy as code"
(:meth:`PlaygroundModel.code`) and a share string of the settings
(:meth:`PlaygroundModel.share_string`, :func:`settings_from_share`).

The maths (data sets, features, the network, an epoch of training, gradient sizes, the next
mini-batch's gradient) is :mod:`backprop_core.playground_training`; this module keeps the state
(settings, points added, training segments), the limits, and save/restore.

Left out: the maths (:mod:`backprop_core.playground_training`), drawing (:mod:`.views`) and
widgets (:mod:`.playground`).
"""
from __future__ import annotations

import base64
import json
import math
import zlib

import numpy as np

from backprop_core import playground_extras as E
from backprop_core import playground_training as T
from backprop_core.mlp import TrainingHistory
from backprop_core.datasets import confusion_matrix
from backprop_core.playground_training import CLASSES, DATASETS, DOMAIN, FEATURES, INITS, SCALE  # noqa: F401
from backprop_core.records import divergence_sentence

from backprop_core.messages import Refused, sentence

__all__ = ["PlaygroundModel", "FEATURES", "DATASETS", "PROBLEMS", "ACTIVATIONS", "REGULARISATIONS",
           "LEARNING_RATES", "REG_RATES", "DOMAIN", "SCALE", "MAX_HIDDEN_LAYERS", "MAX_NEURONS",
           "BATCH_RANGE", "NOISE_RANGE", "RATIO_RANGE", "N_POINTS", "check_data", "parse_hidden",
           "MIN_STEPS_PER_FRAME", "CONFIG_PREFIX", "MAX_EPOCHS", "MAX_POINTS", "MAX_ADDED_POINTS",
           "MAX_SEGMENTS", "MAX_CONFIG_CHARS", "MAX_REPLAY_STEPS", "STRING_WEIGHTS_AFTER_STEPS", "check_config",
           "replay_cost", "pack_config", "CLASSES", "INIT_NAMES", "parse_layer_acts", "settings_from_share",
           "NETWORK_KEYS"]

PROBLEMS = ("classification", "regression")
ACTIVATIONS = ("relu", "tanh", "sigmoid", "linear")
REGULARISATIONS = ("none", "L1", "L2")
#: The initialisations a student picks (:data:`backprop_core.playground_training.INITS`).
INIT_NAMES = tuple(INITS)
#: The web playground's choices.
LEARNING_RATES = (0.00001, 0.0001, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
REG_RATES = (0.0, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
MAX_HIDDEN_LAYERS = 6
MAX_NEURONS = 8
BATCH_RANGE = (1, 30)
NOISE_RANGE = (0.0, 0.5)
RATIO_RANGE = (10, 90)
N_POINTS = 500
#: At most this many points in a data set (generated or your own).
MAX_POINTS = 2000
#: At most this many points added by hand (clicks or typed).
MAX_ADDED_POINTS = 500
#: At most this many epochs since the last Reset (Play pauses there; about 8 hours of Play).
MAX_EPOCHS = 1_000_000
#: At most this many training segments (a new segment at each change of learning rate, batch size, ...).
MAX_SEGMENTS = 20_000
#: At most this many characters in a configuration string (and 50 MB of JSON once unpacked).
MAX_CONFIG_CHARS = 2_000_000
MAX_JSON_BYTES = 50_000_000
#: A configuration without stored weights is replayed: at most this many gradient steps (about 5 s).
MAX_REPLAY_STEPS = 50_000
#: A configuration string stores the weights once the session took more steps than this.
STRING_WEIGHTS_AFTER_STEPS = 5_000
#: A frame of Play trains whole epochs, at least this many steps.
MIN_STEPS_PER_FRAME = 10
CONFIG_PREFIX = "pg1-"
#: Rows per forward pass when the whole grid goes through the network.
GRID_CHUNK = 1000
#: Settings a configuration stores, with their defaults.
DEFAULTS = dict(problem="classification", dataset="circle", noise=0.1, ratio=70, data_seed=0,
                features=("x1", "x2"), hidden=(4, 2), lr=0.03, activation="tanh", reg="none", reg_rate=0.0,
                batch_size=10, init_seed=0, n_points=N_POINTS, init="uniform",
                schedule="constant", decay_factor=0.5, decay_every=100, patience=0, layer_acts=())
#: The conveniences' settings (issue 19); a configuration stores them only when they differ from the default.
EXTRA_KEYS = ("schedule", "decay_factor", "decay_every", "patience", "layer_acts")
#: Settings that restart from the initial weights when they change (the network or the schedule).
NETWORK_KEYS = ("features", "hidden", "activation", "init_seed", "init", "layer_acts", "schedule", "decay_factor",
                "decay_every")
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
        try:
            sizes = tuple(int(s) if float(s) == int(s) else None for s in text)
        except (TypeError, ValueError, OverflowError):  # a number, None, NaN, inf, 'x' where a list belongs
            sizes = (None,)
        if None in sizes:
            raise ValueError(f"hidden layers must be whole numbers, like [4, 2]; got {str(text)[:40]}.")
    if len(sizes) > MAX_HIDDEN_LAYERS:
        raise Refused(f"at most {MAX_HIDDEN_LAYERS} hidden layers, got {len(sizes)}: {sizes}.")
    for s in sizes:
        if not 1 <= s <= MAX_NEURONS:
            raise Refused(f"a hidden layer has 1 to {MAX_NEURONS} neurons, got {s} in {sizes}.")
    return sizes


def parse_layer_acts(value, hidden, activation):
    """One activation per hidden layer, from ``'relu, tanh'`` or a list; ``()`` when all are ``activation``.

    A list shorter or longer than ``hidden`` is refused with a sentence; ``''``/``()`` means all the same.
    """
    if isinstance(value, str):
        names = tuple(p.strip() for p in value.replace(";", ",").split(",") if p.strip())
    else:
        try:
            names = tuple(value)
        except TypeError:
            raise Refused(f"layer activations must be names like 'relu, tanh', got {str(value)[:40]!r}.") from None
    if not names:
        return ()
    for name in names:
        if name not in ACTIVATIONS:
            raise Refused(f"a layer's activation must be one of {ACTIVATIONS}, got {str(name)[:20]!r}.")
    if len(names) != len(hidden):
        raise Refused(f"give one activation per hidden layer: {len(hidden)} for hidden {tuple(hidden)}, "
                         f"got {len(names)} ({', '.join(names)}).")
    return () if set(names) == {activation} else names


def check_data(data, problem=None):
    """Check ``(X, y)`` a student passes in; return ``(X (n, 2), y (n,), problem)``.

    Classification labels are the class numbers 0..K-1 (K = 2 to 4, every
    class present), or -1 and +1 (read as 0 and 1: -1 is the orange class);
    anything else real is regression (``problem`` forces one; ``'regression'``
    keeps -1/+1 as numbers). At most :data:`MAX_POINTS` points.
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
    if len(X) > MAX_POINTS:
        raise Refused(f"data may have at most {MAX_POINTS:,} points (the playground's limit), got {len(X):,}.")
    for name, arr in (("X", X), ("y", y)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} must contain only finite numbers, found {arr[~np.isfinite(arr)].ravel()[0]}.")
    if np.abs(X).max() > DOMAIN:
        raise ValueError(f"points must lie in the square [-{DOMAIN:g}, {DOMAIN:g}]^2 the playground shows; "
                         f"found a coordinate {np.abs(X).max():g}. Scale X first.")
    y, problem, _ = E.read_labels(y, problem)  # -1/+1 -> 0/1 (-1 is the orange class)
    return np.ascontiguousarray(X), np.ascontiguousarray(y), problem


def pack_config(obj):
    """A configuration dict as a ``'pg1-...'`` string (compressed JSON, URL-safe base64)."""
    raw = json.dumps(obj, separators=(",", ":"), sort_keys=True).encode()
    return CONFIG_PREFIX + base64.urlsafe_b64encode(zlib.compress(raw, 9)).decode().rstrip("=")


def _unpack(text):
    if not isinstance(text, str) or not text.strip().startswith(CONFIG_PREFIX):
        raise ValueError(f"a playground configuration string starts with {CONFIG_PREFIX!r}; got "
                         f"{str(text)[:20]!r}.")
    if len(text) > MAX_CONFIG_CHARS:
        raise Refused(f"a configuration string has at most {MAX_CONFIG_CHARS:,} characters, got {len(text):,}.")
    body = text.strip()[len(CONFIG_PREFIX):]
    try:
        unzip = zlib.decompressobj()
        raw = unzip.decompress(base64.urlsafe_b64decode(body + "=" * (-len(body) % 4)), MAX_JSON_BYTES)
        too_big = bool(unzip.unconsumed_tail)
    except Exception:
        raise ValueError("this configuration string is damaged (cut off or mistyped?); copy it again whole.") \
            from None
    if too_big:
        raise Refused(f"this configuration unpacks to more than {MAX_JSON_BYTES:,} bytes, the playground's limit.")
    try:
        return json.loads(raw)
    except ValueError:
        raise ValueError("this configuration string is damaged (cut off or mistyped?); copy it again whole.") \
            from None


def _whole(name, value, lo, hi):
    """``value`` as an int in ``[lo, hi]``, or :class:`Refused` naming ``name`` and the limits."""
    try:
        whole = not isinstance(value, bool) and isinstance(value, (int, float)) and value == int(value)
    except (ValueError, OverflowError):  # NaN, inf
        whole = False
    if not whole:
        raise Refused(f"{name} must be a whole number, got {str(value)[:40]!r}.")
    if not lo <= value <= hi:
        raise Refused(f"{name} must be from {lo:,} to {hi:,} (the playground's limit), got {int(value):,}.")
    return int(value)


def replay_cost(cfg):
    """``(epochs, steps)`` a configuration's training segments ask for, after checking each segment.

    Steps are the gradient steps of a replay: per segment, epochs times
    batches per epoch (training points plus points added so far, over the
    batch size). Raises :class:`Refused` for a malformed segment or one over
    the limits.
    """
    settings = cfg.get("settings", {})
    if "custom" in cfg:
        n_points = len(cfg["custom"].get("y", ()))
    else:
        n_points = _whole("n_points", settings.get("n_points", N_POINTS), 10, MAX_POINTS)
    ratio = _whole("ratio", settings.get("ratio", DEFAULTS["ratio"]), *RATIO_RANGE)
    n_train = max(1, min(n_points - 1, int(round(n_points * ratio / 100))))
    added = len(cfg.get("added", []))
    segments = cfg.get("segments", [])
    if not isinstance(segments, list):
        raise Refused("the configuration's training segments must be a list.")
    if len(segments) > MAX_SEGMENTS:
        raise Refused(f"a configuration has at most {MAX_SEGMENTS:,} training segments, got {len(segments):,}.")
    epochs = steps = 0
    for seg in segments:
        if not isinstance(seg, list) or not seg:
            raise Refused(f"a training segment must be a list like [epochs, lr, reg, reg_rate, batch_size], "
                          f"got {str(seg)[:40]!r}.")
        if seg[0] == "add":
            if len(seg) != 4:
                raise Refused(f"an added point is ['add', x1, x2, target], got {str(seg)[:40]!r}.")
            added += 1
            if added > MAX_ADDED_POINTS:
                raise Refused(f"at most {MAX_ADDED_POINTS} points may be added by hand, got more.")
        elif seg[0] == "clear":
            added = 0
        else:
            if len(seg) != 1 + len(TRAINING_KEYS):
                raise Refused(f"a training segment is [epochs, lr, reg, reg_rate, batch_size], got {str(seg)[:40]!r}.")
            n = _whole("a segment's epochs", seg[0], 1, MAX_EPOCHS)
            batch = _whole("batch_size", seg[-1], *BATCH_RANGE)
            epochs += n
            if epochs > MAX_EPOCHS:
                raise Refused(f"a configuration may train at most {MAX_EPOCHS:,} epochs (the playground's limit); "
                              f"this one asks for more.")
            steps += n * -(-(n_train + added) // batch)
    return epochs, steps


def check_config(cfg):
    """Check a configuration (a dict) against the playground's limits before anything runs; return its
    ``(epochs, steps)``. Raises :class:`~backprop_lab.messages.Refused` (a ``ValueError``) with one sentence."""
    if not isinstance(cfg, dict) or cfg.get("version") != 1 or not isinstance(cfg.get("settings"), dict):
        raise Refused("not a playground configuration (version 1 with 'settings').")
    settings = cfg["settings"]
    unknown = sorted(set(settings) - set(DEFAULTS))
    if unknown:
        raise Refused(f"unknown setting(s) {unknown} in the configuration; settings are {sorted(DEFAULTS)}.")
    parse_hidden(settings.get("hidden", DEFAULTS["hidden"]))
    _whole("batch_size", settings.get("batch_size", DEFAULTS["batch_size"]), *BATCH_RANGE)
    added = cfg.get("added", [])
    if not isinstance(added, list) or len(added) > MAX_ADDED_POINTS:
        raise Refused(f"at most {MAX_ADDED_POINTS} points may be added by hand, got "
                      f"{len(added) if isinstance(added, list) else str(added)[:20]}.")
    if "custom" in cfg:
        custom = cfg["custom"]
        if not isinstance(custom, dict) or not isinstance(custom.get("y"), list):
            raise Refused("the configuration's own data must be {'X': [...], 'y': [...]}.")
        if len(custom["y"]) > MAX_POINTS:
            raise Refused(f"data may have at most {MAX_POINTS:,} points (the playground's limit), "
                          f"got {len(custom['y']):,}.")
    epochs, steps = replay_cost(cfg)
    if "weights" in cfg:
        _whole("epoch", cfg.get("epoch", epochs), 0, MAX_EPOCHS)
    elif steps > MAX_REPLAY_STEPS:
        raise Refused(f"this configuration has no weights and asks to replay {steps:,} training steps; at most "
                      f"{MAX_REPLAY_STEPS:,} (about 5 s) are replayed, so save it again from the playground "
                      "(its string then stores the weights).")
    return epochs, steps


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
        if "activation" in changes and "layer_acts" not in changes:
            s["layer_acts"] = ()  # the activation drop-down sets every hidden layer
        try:
            s["features"] = tuple(s["features"])
        except TypeError:  # a number where the list of names belongs
            raise ValueError(f"features must be a list of names from {list(FEATURES)}, "
                             f"got {str(s['features'])[:40]}.") from None
        s["hidden"] = parse_hidden(s["hidden"])
        for f in s["features"]:
            if not isinstance(f, str) or f not in FEATURES:
                raise ValueError(f"unknown feature {f!r}; features are {list(FEATURES)}.")
        if not s["features"]:
            raise ValueError("tick at least one input feature: the network needs an input.")
        s["features"] = tuple(f for f in FEATURES if f in s["features"])  # the playground's order
        if s["problem"] not in PROBLEMS:
            raise ValueError(f"problem must be one of {PROBLEMS}, got {s['problem']!r}.")
        if not isinstance(s["dataset"], str) or s["dataset"] not in DATASETS:
            raise ValueError(f"dataset must be one of {list(DATASETS)}, got {s['dataset']!r}.")
        if s["dataset"] == "my data" and self.custom is None:
            raise ValueError("'my data' needs points: pass Playground(data=(X, y)).")
        kind = DATASETS[s["dataset"]]
        if kind is not None and kind != s["problem"]:
            raise ValueError(f"data set {s['dataset']!r} is for {kind}, not {s['problem']}.")
        if s["activation"] not in ACTIVATIONS:
            raise ValueError(f"activation must be one of {ACTIVATIONS}, got {s['activation']!r}.")
        if s["init"] not in INIT_NAMES:
            raise ValueError(f"init must be one of {INIT_NAMES}, got {s['init']!r}.")
        s["layer_acts"] = self._fit_layer_acts(s, changes)
        s["schedule"], s["decay_factor"], s["decay_every"] = E.check_schedule(s["schedule"], s["decay_factor"],
                                                                              s["decay_every"])
        if s["reg"] not in REGULARISATIONS:
            raise ValueError(f"regularisation must be one of {REGULARISATIONS}, got {s['reg']!r}.")
        for key, lo, hi in (("lr", 1e-5, 10.0), ("reg_rate", 0.0, 10.0), ("noise", *NOISE_RANGE)):
            try:
                v = float(s[key])
            except (TypeError, ValueError, OverflowError):  # None, 'x', a list, 10**400: said below
                v = math.nan
            if not (math.isfinite(v) and lo <= v <= hi):
                raise ValueError(f"{key} must be between {lo:g} and {hi:g}, got {s[key]!r}.")
            s[key] = v
        for key, lo, hi in (("batch_size", *BATCH_RANGE), ("ratio", *RATIO_RANGE), ("n_points", 10, MAX_POINTS),
                            ("data_seed", 0, 2**31), ("init_seed", 0, 2**31), ("patience", 0, E.MAX_PATIENCE)):
            try:
                whole = int(s[key]) == s[key]
            except (TypeError, ValueError, OverflowError):  # None, 'x', NaN, inf: said below
                whole = False
            if not whole or not lo <= int(s[key]) <= hi:
                raise ValueError(f"{key} must be a whole number from {lo} to {hi}, got {s[key]!r}.")
            s[key] = int(s[key])
        old = self.settings
        self.settings = s
        data_keys = ("problem", "dataset", "noise", "ratio", "data_seed", "n_points")
        if not old or any(old[k] != s[k] for k in data_keys):
            self._make_data()
            self.reset()
            return "data"
        if any(old[k] != s[k] for k in NETWORK_KEYS):
            self.reset()
            return "network"
        if old["patience"] != s["patience"]:
            self.stopped = None  # judged again after the next epoch
        return "training"

    @staticmethod
    def _fit_layer_acts(s, changes):
        """The per-layer activations for the (maybe new) hidden layers: typed ones are checked; when only
        the layers changed, the list is cut or extended with ``activation``."""
        acts = s.get("layer_acts", ())
        if "layer_acts" not in changes and acts and len(acts) != len(s["hidden"]):
            acts = (tuple(acts) + (s["activation"],) * len(s["hidden"]))[:len(s["hidden"])]
        return parse_layer_acts(acts, s["hidden"], s["activation"])

    @property
    def hidden_activations(self):
        """The activation of each hidden layer, input side first."""
        s = self.settings
        return tuple(s["layer_acts"]) or (s["activation"],) * len(s["hidden"])

    # -- data ----------------------------------------------------------------------
    def _make_data(self):
        s = self.settings
        if s["dataset"] == "my data":
            X, y = self.custom
        else:
            X, y = T.make_dataset(s["dataset"], s["n_points"], s["noise"], s["data_seed"])
        # the split is fixed by the data seed (the rows are already shuffled by the generators)
        self.X_train, self.y_train, self.X_test, self.y_test = T.split_train_test(X, y, s["ratio"])
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
        k = self.classes
        if self.settings["problem"] == "classification" and target not in range(k):
            raise ValueError(f"a classification point has a class from 0 to {k - 1}, got {target:g}.")
        if len(self.added) >= MAX_ADDED_POINTS:
            raise Refused(f"at most {MAX_ADDED_POINTS} points may be added by hand; press Clear my points first.")
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
    def classes(self):
        """How many classes the data has (2 for the two-class sets and your own data; 0 for regression)."""
        if self.settings["problem"] != "classification":
            return 0
        if self.settings["dataset"] == "my data":
            return max(2, int(self.custom[1].max()) + 1)
        return CLASSES.get(self.settings["dataset"], 2)

    @property
    def sizes(self):
        """Layer sizes of the network: ``[n_features, *hidden, 1]`` (``k`` outputs for ``k > 2`` classes)."""
        k = self.classes
        return [len(self.settings["features"]), *self.settings["hidden"], k if k > 2 else 1]

    @property
    def problem(self):
        return self.settings["problem"]

    def feature_matrix(self, X):
        """The network's input for raw points ``X`` (n, 2): one column per ticked feature."""
        return T.feature_matrix(X, self.settings["features"])

    def reset(self):
        """The initial weights (drawn from ``init_seed`` by ``init``) again, epoch 0, empty history.

        The same seed gives the same weights; :meth:`new_weights` draws other ones.
        """
        s = self.settings
        acts = list(s["layer_acts"]) if s["layer_acts"] else s["activation"]
        self.net = T.playground_network(self.sizes, acts, s["problem"], s["init_seed"], s["init"])
        self.stopped = None  # or an EarlyStop: where early stopping stopped
        self.epoch = 0
        self.steps_done = 0  # gradient steps since the reset (divergence is counted in them)
        self.start_added = [list(p) for p in self.added]  # the hand-made points when training started
        self.segments = []   # what happened since: [epochs, lr, reg, reg_rate, batch_size], ['add', ...], ['clear']
        self.diverged = None  # or {'epoch', 'lr', 'step', 'loss'}: where training stopped being finite
        self.history = {"epoch": [], "train": [], "test": [], "grad": []}
        self._record()

    def new_weights(self, seed=None):
        """New initial weights: from ``seed``, or the next seed (``init_seed + 1``); epoch 0. Returns the seed."""
        seed = self.settings["init_seed"] + 1 if seed is None else seed
        if self.apply(init_seed=seed) == "training":  # the same seed as before: start again anyway
            self.reset()
        return self.settings["init_seed"]

    def _targets(self, y):
        return T.targets(y, self.classes)

    def _reg(self):
        return T.regularisation(self.settings["reg"], self.settings["reg_rate"])

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
        weights and :attr:`diverged` says so. Training stops at
        :data:`MAX_EPOCHS` epochs (see :attr:`at_limit`).
        """
        s = self.settings
        Xf, Y = self.feature_matrix(self.X_train), self._targets(self.y_train)
        steps = 0
        for _ in range(min(int(k), MAX_EPOCHS - self.epoch)):
            if self.diverged is not None or (self.stopped is not None and not self._replaying):
                break
            lr = self.lr_now
            hist = T.train_epoch(self.net, Xf, Y, lr, s["batch_size"], self.epoch, self._reg())
            steps += hist.steps
            self.steps_done += hist.steps
            if hist.diverged:
                self.diverged = {"epoch": self.epoch + 1, "lr": s["lr"], "step": self.steps_done + 1,
                                 "loss": self.losses()["train"]}  # of the weights kept
                self._record()  # the weights kept (the last finite ones, part way into the epoch)
                break
            self.epoch += 1
            seg = [s[k] for k in TRAINING_KEYS]
            if self.segments and self.segments[-1][0] not in ("add", "clear") and self.segments[-1][1:] == seg:
                self.segments[-1][0] += 1
            else:
                self.segments.append([1, *seg])
            self._record()
            if not self._replaying and s["patience"]:
                self._check_early_stop()
        return steps

    _replaying = False  # a replay repeats the epochs a session trained; early stopping does not cut it short

    @property
    def lr_now(self):
        """The learning rate of the next epoch (the schedule applied to the chosen rate)."""
        s = self.settings
        return E.scheduled_lr(s["lr"], self.epoch, s["schedule"], s["decay_factor"], s["decay_every"])

    def _check_early_stop(self):
        """Set :attr:`stopped` when the test loss has not improved for ``patience`` epochs."""
        h = self.history
        stop = E.early_stop(h["test"], self.settings["patience"])
        if stop is not None:
            self.stopped = E.EarlyStop(epoch=h["epoch"][stop.epoch], best_epoch=h["epoch"][stop.best_epoch],
                                       best_loss=stop.best_loss, patience=stop.patience)

    @property
    def finished(self):
        """True when Play has nothing more to do: diverged, stopped early, or at :data:`MAX_EPOCHS`."""
        return self.diverged is not None or self.stopped is not None or self.at_limit

    @property
    def at_limit(self):
        """True once :data:`MAX_EPOCHS` epochs were trained since the last reset."""
        return self.epoch >= MAX_EPOCHS

    def check_finite(self, outputs=None):
        """Mark the network diverged if its losses (or the given ``outputs``) are not all finite; return
        True if it is healthy. Training that overflowed without a non-finite batch loss is caught here."""
        if self.diverged is not None:
            return False
        losses = self.losses()
        finite = all(math.isfinite(v) for k, v in losses.items() if len(getattr(self, f"X_{k}")))
        if finite and outputs is not None:
            finite = bool(np.all(np.isfinite(outputs)))
        if not finite:
            last = [v for v in self.history["train"] if math.isfinite(v)]
            self.diverged = {"epoch": self.epoch, "lr": self.settings["lr"], "step": self.steps_done,
                             "loss": last[-1] if last else float("nan")}
        return finite

    def divergence_text(self, number=None):
        """The status sentence of a diverged network (:func:`backprop_core.records.divergence_sentence`),
        or None if it did not diverge."""
        d = self.diverged
        if d is None:
            return None
        step = max(int(d["step"]), 1)
        loss = d["loss"] if math.isfinite(d["loss"]) else None
        record = TrainingHistory(final_loss=loss if loss is not None else 0.0, diverged_at=1, steps=0, lr=d["lr"])
        kwargs = {"number": number} if number is not None else {}
        text = divergence_sentence(record, start=step - 1, action="Lower the learning rate and press Reset.",
                                   **kwargs)
        if loss is None:  # the weights kept are finite, their loss on the whole set is not: no number to quote
            text = (text.split(" Stopped at")[0] + f" Stopped at the last finite weights (step {step - 1}). "
                    "Lower the learning rate and press Reset.")
        return sentence(f"Epoch {d['epoch']}.", text)

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
        return T.gradient_sizes(self.net, self.feature_matrix(self.X_train), self._targets(self.y_train))

    def accuracy(self, which="test"):
        """Fraction of points classified right (classification only); NaN when there is nothing to
        judge: no points, or outputs that are not finite (a diverged network has no accuracy)."""
        X, y = (self.X_test, self.y_test) if which == "test" else (self.X_train, self.y_train)
        if not len(X):
            return float("nan")
        if not np.all(np.isfinite(self.net.forward(self.feature_matrix(X)))):
            return float("nan")
        return float(np.mean(self.net.predict(self.feature_matrix(X)) == y))

    def confusion(self, which="test"):
        """The confusion matrix of the test (or ``'train'``) points: ``(k, k)`` counts, row = true class,
        column = predicted class (:func:`backprop_core.datasets.confusion_matrix`); None for regression."""
        k = self.classes
        if not k:
            return None
        X, y = (self.X_test, self.y_test) if which == "test" else (self.X_train, self.y_train)
        predicted = self.net.predict(self.feature_matrix(X)) if len(X) else np.zeros(0, int)
        return confusion_matrix(y.astype(int), predicted, k)

    # -- what the views show ---------------------------------------------------------------
    def grid(self, cells):
        """The raw points of a ``cells x cells`` grid over the square, row 0 at the bottom."""
        axis = np.linspace(-DOMAIN, DOMAIN, cells)
        g1, g2 = np.meshgrid(axis, axis)
        return np.column_stack([g1.ravel(), g2.ravel()])

    def surfaces(self, cells, thumb_every=4):
        """Output over the grid ``(cells, cells)`` and every unit's activation on a coarser grid.

        Returns ``(output, units)``: ``output`` is ``(cells, cells)``, or ``(k, cells, cells)`` (one
        probability grid per class) for ``k > 2`` classes; ``units[l]`` has shape ``(sizes[l], c, c)``
        with ``c = ceil(cells / thumb_every)``; ``units[0]`` are the features.
        """
        F = self.feature_matrix(self.grid(cells))
        # in chunks: numpy's BLAS would spread one tall product over every core, which costs
        # several times the CPU time of the work itself on a small machine
        parts = [self.net.forward_pass(F[k:k + GRID_CHUNK])[1] for k in range(0, len(F), GRID_CHUNK)]
        acts = [np.concatenate([p[l] for p in parts]) for l in range(len(parts[0]))]
        last = acts[-1]
        out = (last[:, 0].reshape(cells, cells) if last.shape[1] == 1
               else np.moveaxis(last.reshape(cells, cells, -1), 2, 0))
        units = []
        for a in acts:
            a = a.reshape(cells, cells, -1)[::thumb_every, ::thumb_every]
            units.append(np.moveaxis(a, 2, 0))
        return out, units

    def batch(self):
        """The rows of the training set in the next step's mini-batch (the first batch of the next epoch)."""
        return T.batch_rows(len(self.X_train), self.settings["batch_size"], self.epoch)

    def batch_gradients(self):
        """``(grad_W, grad_b)`` of the cost (with regularisation) on the next mini-batch."""
        idx = self.batch()
        return T.batch_gradients(self.net, self.feature_matrix(self.X_train[idx]), self._targets(self.y_train[idx]),
                                 self._reg())

    # -- save, restore, export -------------------------------------------------------------------
    def config(self, weights=False):
        """Everything needed to rebuild this state, as plain JSON-able data."""
        s = dict(self.settings)
        s["features"], s["hidden"], s["layer_acts"] = list(s["features"]), list(s["hidden"]), list(s["layer_acts"])
        for key in EXTRA_KEYS:  # the conveniences' settings only when used: older strings stay as they were
            if s[key] == (list(DEFAULTS[key]) if key == "layer_acts" else DEFAULTS[key]):
                del s[key]
        out = {"version": 1, "settings": s, "added": self.start_added, "segments": self.segments}
        if self.custom is not None:
            out["custom"] = {"X": self.custom[0].tolist(), "y": self.custom[1].tolist()}
            out["custom_problem"] = self.custom_problem
        if weights:
            out["epoch"] = self.epoch
            out["steps"] = self.steps_done
            if self.diverged is not None:
                out["diverged"] = dict(self.diverged)
            if self.stopped is not None:
                out["stopped"] = [self.stopped.epoch, self.stopped.best_epoch, self.stopped.best_loss]
            out["weights"] = [W.tolist() for W in self.net.weights]
            out["biases"] = [b.tolist() for b in self.net.biases]
        return out

    def config_string(self):
        """A short text string (``'pg1-...'``) to paste into a cell or an email.

        After more than :data:`STRING_WEIGHTS_AFTER_STEPS` steps of training it
        also stores the weights (longer, but restored at once, never replayed).
        """
        return pack_config(self.config(weights=self.steps_done > STRING_WEIGHTS_AFTER_STEPS))

    def save(self, path):
        """Write the configuration and the exact weights to a JSON file."""
        with open(path, "w", encoding="utf-8") as fh:
            json.dump(self.config(weights=True), fh, indent=1)

    @classmethod
    def from_config(cls, config, verify=False, progress=None):
        """Rebuild from :meth:`config_string`'s string, a path to a saved JSON file, or a config dict.

        Checked first (:func:`check_config`). Stored weights are put back
        directly; ``verify=True`` replays the training instead and sets
        :attr:`verified` (the replay gave the stored weights exactly).
        ``progress(done, total)`` is called during a replay (epochs).
        """
        if isinstance(config, dict):
            cfg = config
        elif isinstance(config, str) and config.strip().startswith(CONFIG_PREFIX):
            cfg = _unpack(config)
        else:
            try:
                with open(config, encoding="utf-8") as fh:
                    text = fh.read(MAX_JSON_BYTES + 1)
                if len(text) > MAX_JSON_BYTES:
                    raise Refused(f"a saved playground file has at most {MAX_JSON_BYTES:,} characters.")
                cfg = json.loads(text)
            except (OSError, TypeError, json.JSONDecodeError) as exc:
                raise ValueError(f"expected a configuration string starting with {CONFIG_PREFIX!r} or a saved "
                                 f"JSON file; could not read {str(config)[:40]!r}: {exc}.") from None
        model = cls.__new__(cls)
        model.replay(cfg, verify=verify, progress=progress)
        return model

    def replay(self, cfg, verify=False, progress=None):
        """Become the state ``cfg`` describes (same data, network and weights).

        With stored weights (and not ``verify``) the training is not replayed:
        the data and the points added are rebuilt and the weights put back.
        Otherwise the segments are replayed, calling ``progress(done, total)``
        (epochs) about a hundred times.
        """
        epochs, _ = check_config(cfg)
        settings = dict(DEFAULTS, **cfg["settings"])  # a string saved before a setting existed: its default
        self.custom = self.custom_problem = None
        if "custom" in cfg:
            X, y, self.custom_problem = check_data((cfg["custom"]["X"], cfg["custom"]["y"]),
                                                   cfg.get("custom_problem", settings.get("problem")))
            self.custom = (X, y)
        self.settings = {}
        self.added = [list(map(float, p)) for p in cfg.get("added", [])]
        self.verified = None
        self.apply(**settings)
        self._replaying = True
        try:
            self._replay_segments(cfg, settings, epochs, verify, progress)
        finally:
            self._replaying = False
        if self.settings["patience"] and ("weights" not in cfg or verify):
            self._check_early_stop()
        return self

    def _replay_segments(self, cfg, settings, epochs, verify, progress):
        if "weights" in cfg and not verify:
            self._put_back(cfg)
            return self
        every, done = max(1, epochs // 100), 0
        for seg in cfg.get("segments", []):
            if seg[0] == "add":
                self.add_point(*seg[1:])
            elif seg[0] == "clear":
                self.clear_points()
            else:
                n, *values = seg
                self.apply(**dict(zip(TRAINING_KEYS, values)))
                for k in range(0, int(n), every):
                    self.train_epochs(min(every, int(n) - k))
                    done += min(every, int(n) - k)
                    if progress is not None:
                        progress(done, epochs)
        self.apply(**{k: settings[k] for k in TRAINING_KEYS})
        if "weights" in cfg:
            stored = [np.array(W, dtype=float) for W in [*cfg["weights"], *cfg["biases"]]]
            mine = [*self.net.weights, *self.net.biases]
            self.verified = len(stored) == len(mine) and all(a.shape == b.shape and np.array_equal(a, b)
                                                              for a, b in zip(stored, mine))
            self._put_back(cfg)
        return self

    def _put_back(self, cfg):
        """The stored weights, epoch and segments, without replaying (the data is already rebuilt)."""
        for seg in cfg.get("segments", []):  # the points added by hand, as they stood at the end
            if seg[0] == "add":
                self.added.append([float(v) for v in seg[1:]])
            elif seg[0] == "clear":
                self.added = []
        self._make_data()
        net = self.net
        weights = [np.array(W, dtype=float) for W in cfg["weights"]]
        biases = [np.array(b, dtype=float) for b in cfg["biases"]]
        shapes = [W.shape for W in net.weights] + [b.shape for b in net.biases]
        if [W.shape for W in weights] + [b.shape for b in biases] != shapes:
            raise Refused(f"the stored weights do not fit the network {self.sizes}; the file was changed by hand.")
        net.weights, net.biases = weights, biases
        net._check_params()
        self.epoch = int(cfg.get("epoch", self.epoch))
        self.steps_done = int(cfg.get("steps", 0))
        self.segments = [list(seg) for seg in cfg.get("segments", [])]
        d = cfg.get("diverged")
        keys = ("epoch", "lr", "step", "loss")
        ok = isinstance(d, dict) and all(isinstance(d.get(k), (int, float)) for k in keys)
        self.diverged = {k: d[k] for k in keys} if ok else None
        st = cfg.get("stopped")
        ok = isinstance(st, list) and len(st) == 3 and all(isinstance(v, (int, float)) for v in st)
        self.stopped = E.EarlyStop(int(st[0]), int(st[1]), float(st[2]), self.settings["patience"]) if ok else None
        self.history = {"epoch": [], "train": [], "test": [], "grad": []}
        self._record()

    # -- the conveniences: your CSV, copy as code, share string ----------------------------------------
    def data_config(self, text, problem=None):
        """A configuration with your own points from CSV ``text`` and the current settings (epoch 0), and
        the note of :func:`~backprop_core.playground_extras.parse_csv`: ``(config, note)``. Restore it with
        :meth:`from_config` (the dashboard's Load does)."""
        csv = E.parse_csv(text, problem)
        settings = dict(self.config()["settings"], dataset="my data", problem=csv.problem)
        cfg = {"version": 1, "settings": settings, "added": [], "segments": [],
               "custom": {"X": csv.X.tolist(), "y": csv.y.tolist()}, "custom_problem": csv.problem}
        return cfg, csv.note

    def code_spec(self):
        """What :func:`~backprop_core.playground_extras.to_code` needs to train this session again."""
        s = self.settings
        if s["dataset"] == "my data":
            X, y = self.custom
            data = {"X": X.tolist(), "y": y.tolist()}
        else:
            data = {"dataset": s["dataset"], "n_points": s["n_points"], "noise": s["noise"], "seed": s["data_seed"]}
        return {"data": data, "ratio": s["ratio"], "added": self.start_added, "features": list(s["features"]),
                "hidden": list(s["hidden"]), "activations": list(self.hidden_activations), "problem": s["problem"],
                "classes": self.classes, "init": s["init"], "init_seed": s["init_seed"],
                "schedule": {"kind": s["schedule"], "factor": s["decay_factor"], "every": s["decay_every"]},
                "segments": [seg for seg in self.segments if seg[0] not in ("add", "clear")]}

    def code(self):
        """"Copy as code": a short script training the same :class:`backprop_core.MLP` on the same data with
        the same steps; it prints the final training loss, :meth:`losses`' ``'train'``. Points added during
        training are in its data from the start (then its numbers differ: the first line says so)."""
        script = E.to_code(self.code_spec())
        if any(seg[0] in ("add", "clear") for seg in self.segments):
            script = ("# Note: points were added or cleared during training; this script trains on the points of the\n"
                      "# start, so it ends at a different loss than the playground.\n") + script
        return script

    def share_string(self):
        """The settings (not the points, the weights or the training) as a short ``'pgs1-...'`` string;
        :func:`settings_from_share` reads it. Your own data does not fit in one (use :meth:`config_string`)."""
        if self.settings["dataset"] == "my data":
            raise Refused("a share string holds settings, not your own points; press Save and share the "
                          "configuration string instead.")
        cfg = self.config()["settings"]
        return E.encode_share({k: v for k, v in cfg.items() if DEFAULTS[k] != (tuple(v) if isinstance(v, list) else v)})

    def export(self):
        """The trained network as an independent :class:`backprop_core.MLP` (input: :meth:`feature_matrix`)."""
        return self.net.copy()

    def export_arrays(self):
        """Plain numpy arrays: ``{'weights': [...], 'biases': [...], 'features': [...], ...}``."""
        return {"weights": [W.copy() for W in self.net.weights], "biases": [b.copy() for b in self.net.biases],
                "features": list(self.settings["features"]), "activation": self.net.activation,
                "output_activation": self.net.output_activation}


def settings_from_share(text):
    """The configuration (epoch 0, no points added) of a share string; checked like every configuration.
    A damaged string, an unknown setting or a value out of range is one ``ValueError`` sentence."""
    settings = E.decode_share(text, allowed=DEFAULTS)
    if settings.get("dataset") == "my data":
        raise Refused("a share string cannot carry your own points; paste a configuration string (pg1-...).")
    cfg = {"version": 1, "settings": settings, "added": [], "segments": []}
    check_config(cfg)
    PlaygroundModel(**settings)  # every value checked, before the dashboard changes anything
    return cfg


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
