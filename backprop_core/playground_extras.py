"""The playground's conveniences (lesson 08), the maths part: schedules, early stopping, CSV, code, share strings.

* :func:`scheduled_lr` -- the learning rate of an epoch: ``'constant'``, or ``'step'`` decay
  (``lr * factor ** (epoch // every)``, never below :data:`MIN_LR`), checked by :func:`check_schedule`;
* :func:`early_stop` -- has the test loss stopped improving for ``patience`` epochs? (the epoch it stopped
  and the best loss, an :class:`EarlyStop`);
* :func:`parse_csv` -- your own points from CSV text ``x1, x2, label``: 2 to 4 classes (labels 0..K-1,
  or -1/+1 for two) or real targets (regression), one sentence naming the row for anything wrong;
* :func:`to_code` -- a short, runnable script that trains the same :class:`~backprop_core.MLP` on the same
  data with the same steps (so it ends at the same loss);
* :func:`encode_share` / :func:`decode_share` -- settings as a short URL-safe string and back, with a
  checksum, so a damaged string is said in one sentence.

Decisions: a CSV has at most :data:`MAX_ROWS` rows and :data:`MAX_CSV_CHARS` characters; its coordinates
must be finite and at most :data:`MAX_ABS` in size; points outside the playground's square
``[-DOMAIN, DOMAIN]^2`` are *rescaled* (all of them by one factor, so the largest coordinate lands on the
square's edge; the factor is reported), never cut off.

Left out: the playground's state and its controls (``backprop_lab.dashboards.playground``), other
schedules (exponential, cosine, warm-up), early stopping on anything but the test loss, restoring the best
weights (the playground keeps the last ones), and reading files (the caller passes text).
"""
from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from dataclasses import dataclass

import numpy as np

from .messages import Refused, WrongType
from .playground_training import DATASETS, DOMAIN, FEATURES

__all__ = ["SCHEDULES", "MIN_LR", "MAX_EVERY", "check_schedule", "scheduled_lr", "EarlyStop", "early_stop",
           "MAX_PATIENCE", "read_labels", "MAX_ROWS", "MAX_CSV_CHARS", "MAX_ABS", "MAX_CLASSES", "CsvData", "parse_csv",
           "to_code", "SHARE_PREFIX", "MAX_SHARE_CHARS", "encode_share", "decode_share"]

#: The learning-rate schedules: the same rate every epoch, or step decay.
SCHEDULES = ("constant", "step")
#: Step decay never takes the learning rate below this (a smaller step changes nothing one can see).
MIN_LR = 1e-8
#: Step decay's period: 1 to this many epochs.
MAX_EVERY = 100_000
#: Early stopping waits 1 to this many epochs for a better test loss (0: off).
MAX_PATIENCE = 10_000
#: A CSV of your own points: at most this many rows (the playground's MAX_POINTS) and characters.
MAX_ROWS = 2000
MAX_CSV_CHARS = 200_000
#: Coordinates larger than this are refused (rescaling them would squash every other point to 0).
MAX_ABS = 1e6
#: Your own data has 2 to this many classes.
MAX_CLASSES = 4
#: Share strings start with this and have at most MAX_SHARE_CHARS characters.
SHARE_PREFIX = "pgs1-"
MAX_SHARE_CHARS = 2000


# -- learning-rate schedule ------------------------------------------------------------------------
def check_schedule(kind, factor, every):
    """Check a schedule; return ``(kind, factor, every)`` or raise ``ValueError`` with one sentence.

    ``factor`` is a number in (0, 1] (1: no decay), ``every`` a whole number of epochs from 1 to
    :data:`MAX_EVERY`.
    """
    if kind not in SCHEDULES:
        raise Refused(f"schedule must be one of {SCHEDULES}, got {str(kind)[:40]!r}.")
    try:
        f = float(factor)
    except (TypeError, ValueError, OverflowError):
        f = math.nan
    if isinstance(factor, bool) or not (math.isfinite(f) and 0 < f <= 1):
        raise Refused(f"the decay factor must be a number in (0, 1] (0.5 halves the rate), got {str(factor)[:40]!r}.")
    try:
        whole = not isinstance(every, bool) and float(every) == int(every)
    except (TypeError, ValueError, OverflowError):
        whole = False
    if not whole or not 1 <= int(every) <= MAX_EVERY:
        raise Refused(f"decay every must be a whole number of epochs from 1 to {MAX_EVERY:,}, "
                         f"got {str(every)[:40]!r}.")
    return kind, f, int(every)


def scheduled_lr(lr, epoch, kind="constant", factor=0.5, every=100):
    """The learning rate of epoch ``epoch`` (0 is the first): ``lr``, or with ``kind='step'``
    ``max(lr * factor ** (epoch // every), MIN_LR)``.

    >>> scheduled_lr(0.1, 250, "step", 0.5, 100)     # two halvings: epochs 100 and 200
    0.025
    """
    if kind == "constant":
        return lr
    return max(lr * factor ** (epoch // every), MIN_LR)


# -- early stopping -------------------------------------------------------------------------------
@dataclass(frozen=True)
class EarlyStop:
    """Where early stopping stopped: at ``epoch``; the best test loss ``best_loss`` was at ``best_epoch``."""

    epoch: int
    best_epoch: int
    best_loss: float
    patience: int

    def sentence(self):
        return (f"Stopped early at epoch {self.epoch:,}: the test loss has not improved for {self.patience:,} "
                f"epoch(s); the best was {self.best_loss:.4f} at epoch {self.best_epoch:,}.")


def early_stop(test_losses, patience):
    """Stop when the test loss has not improved for ``patience`` epochs.

    ``test_losses[e]`` is the test loss after epoch ``e`` (``e = 0``: before training). Returns an
    :class:`EarlyStop` when the last ``patience`` epochs were no better than the best before them, else
    None (also for ``patience = 0``, which means off). A non-finite loss never counts as better.

    >>> early_stop([0.9, 0.5, 0.6, 0.55], patience=2)
    EarlyStop(epoch=3, best_epoch=1, best_loss=0.5, patience=2)
    """
    if not patience:
        return None
    best_epoch, best = None, math.inf
    for e, loss in enumerate(test_losses):
        if math.isfinite(loss) and loss < best:
            best_epoch, best = e, float(loss)
    last = len(test_losses) - 1
    if best_epoch is None or last - best_epoch < patience:
        return None
    return EarlyStop(epoch=last, best_epoch=best_epoch, best_loss=best, patience=int(patience))


# -- your own points as CSV -----------------------------------------------------------------------
@dataclass
class CsvData:
    """Points read by :func:`parse_csv`: ``X`` (n, 2) inside the square, targets ``y`` (n,), the problem,
    the number of classes (0 for regression), the factor the coordinates were multiplied by (1: none) and
    a note saying what was done."""

    X: np.ndarray
    y: np.ndarray
    problem: str
    classes: int
    scale: float
    note: str


_SPLIT = re.compile(r"\s*[,;\t]\s*|\s+")


def _is_number(field):
    try:
        float(field)
    except ValueError:
        return False
    return True


def _row_values(line, number):
    fields = [f for f in _SPLIT.split(line.strip()) if f != ""]
    if len(fields) != 3:
        raise Refused(f"row {number} must have three values x1, x2, label; got {len(fields)}: {line.strip()[:40]!r}.")
    values = []
    for name, field in zip(("x1", "x2", "label"), fields):
        try:
            v = float(field)
        except ValueError:
            raise Refused(f"row {number}: {name} must be a number, got {field[:20]!r}.") from None
        if not math.isfinite(v):
            raise Refused(f"row {number}: {name} must be a finite number, got {field[:20]!r}.")
        values.append(v)
    return values


def read_labels(y, problem=None):
    """``(y, problem, classes)``: class numbers 0..K-1 (-1/+1 read as 0/1) or regression targets."""
    uniq = np.unique(y)
    if problem != "regression" and len(uniq) == 2 and set(uniq) == {-1.0, 1.0}:
        return (y > 0).astype(float), "classification", 2
    whole = bool(np.all(uniq == np.round(uniq))) and uniq.min() >= 0
    if problem is None:
        problem = "classification" if whole and uniq.max() < MAX_CLASSES else "regression"
    if problem == "regression":
        return y, problem, 0
    if not whole or uniq.max() >= MAX_CLASSES:
        bad = next(v for v in uniq if v != round(v) or v < 0 or v >= MAX_CLASSES)
        raise Refused(f"class labels must be 0 to {MAX_CLASSES - 1} (or -1 and +1 for two classes), found {bad:g}.")
    k = int(uniq.max()) + 1
    if len(uniq) != k or k < 2:
        missing = sorted(set(range(max(k, 2))) - set(int(v) for v in uniq))
        raise Refused(f"class labels must be 0 to K-1 with every class present (2 to {MAX_CLASSES} classes); "
                         f"class {missing[0]} has no point.")
    return y, "classification", k


def parse_csv(text, problem=None, max_rows=MAX_ROWS):
    """Read points ``x1, x2, label`` from CSV text (commas, semicolons, tabs or spaces between values).

    A first row that is not numbers is a header and skipped; empty rows and rows starting with ``#`` too.
    Labels that are whole numbers 0..3 (each class from 0 up present) are classes, -1/+1 two classes,
    anything else a regression target (``problem`` forces one). Coordinates outside ``[-6, 6]`` are
    rescaled (see the module). Every error is one ``ValueError`` sentence naming the row (1 = the first
    line of the text).
    """
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise Refused("the file is not text (UTF-8); save it as CSV.") from None
    if not isinstance(text, str):
        raise WrongType(f"CSV text must be a string, got {type(text).__name__}.")
    if len(text) > MAX_CSV_CHARS:
        raise Refused(f"a CSV has at most {MAX_CSV_CHARS:,} characters, got {len(text):,}.")
    if problem not in (None, "classification", "regression"):
        raise Refused(f"problem must be None, 'classification' or 'regression', got {problem!r}.")
    rows, header = [], False
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if not rows and not header and not any(_is_number(f) for f in _SPLIT.split(line.strip())):
            header = True  # e.g. 'x1,x2,label'
            continue
        rows.append(_row_values(line, number))
        if len(rows) > max_rows:
            raise Refused(f"a CSV has at most {max_rows:,} rows of points, got more (row {number}).")
    if len(rows) < 4:
        raise Refused(f"a CSV needs at least 4 rows of points (some to train, some to test), got {len(rows)}.")
    data = np.array(rows, dtype=float)
    X, y = data[:, :2], data[:, 2]
    big = float(np.abs(X).max())
    if big > MAX_ABS:
        raise Refused(f"coordinates must be at most {MAX_ABS:g} in size, found {big:g}; scale your data first.")
    y, problem, classes = read_labels(y, problem)
    scale, note = 1.0, f"{len(X)} points"
    if big > DOMAIN:
        scale = DOMAIN / big
        X = X * scale
        note += f", coordinates multiplied by {scale:.4g} to fit the square [-{DOMAIN:g}, {DOMAIN:g}]"
    note += f", {classes} classes" if classes else ", regression targets"
    return CsvData(np.ascontiguousarray(X), np.ascontiguousarray(y), problem, classes, scale, note + ".")


# -- copy as code ----------------------------------------------------------------------------------
_FEATURE_CODE = {"x1": "x1", "x2": "x2", "x1^2": "x1 * x1", "x2^2": "x2 * x2", "x1*x2": "x1 * x2",
                 "sin(x1)": "np.sin(x1)", "sin(x2)": "np.sin(x2)"}


def _array_literal(a):
    return "np.array(" + json.dumps(np.asarray(a, dtype=float).tolist()) + ")"


def to_code(spec):
    """A short Python script that trains the same network on the same data, step for step.

    ``spec`` (a dict): ``data`` (``{'dataset', 'n_points', 'noise', 'seed'}`` or ``{'X', 'y'}``),
    ``ratio``, ``added`` (points added by hand, ``[x1, x2, target]``), ``features``, ``hidden``,
    ``activations`` (one per hidden layer), ``problem``, ``classes``, ``init``, ``init_seed``, ``schedule``
    (``{'kind', 'factor', 'every'}``) and ``segments`` (``[epochs, lr, reg, reg_rate, batch_size]``: what
    was trained, in order). The script prints its final training loss; run with the same numpy it ends
    where the playground did.
    """
    feats = list(spec["features"])
    unknown = [f for f in feats if f not in FEATURES]
    if unknown or not feats:
        raise Refused(f"features must be names from {list(FEATURES)}, got {feats}.")
    data = spec["data"]
    k = int(spec.get("classes", 2))
    sched = spec.get("schedule", {"kind": "constant", "factor": 1.0, "every": 1})
    kind, factor, every = check_schedule(sched["kind"], sched["factor"], sched["every"])
    lines = ['"""The playground\'s network, trained again with backprop_core.MLP (generated by to_code)."""',
             "import numpy as np", "", "from backprop_core import MLP"]
    if "dataset" in data:
        if data["dataset"] not in DATASETS or data["dataset"] == "my data":
            raise Refused(f"unknown data set {data['dataset']!r}.")
        lines += ["from backprop_core.playground_training import make_dataset", "",
                  f"X, y = make_dataset({data['dataset']!r}, n={int(data['n_points'])}, "
                  f"noise={float(data['noise'])!r}, seed={int(data['seed'])})"]
    else:
        lines += ["", f"X = {_array_literal(data['X'])}", f"y = {_array_literal(data['y'])}"]
    lines += [f"n_train = max(1, min(len(X) - 1, int(round(len(X) * {int(spec['ratio'])} / 100))))",
              "X, y = X[:n_train], y[:n_train]  # the first rows train (the rest test)"]
    if spec.get("added"):
        pts = np.array(spec["added"], dtype=float)
        lines += [f"added = {_array_literal(pts)}  # your points: x1, x2, target",
                  "X, y = np.vstack([X, added[:, :2]]), np.concatenate([y, added[:, 2]])"]
    lines += ["x1, x2 = X[:, 0], X[:, 1]",
              f"Xf = np.column_stack([{', '.join(_FEATURE_CODE[f] for f in feats)}])  # {', '.join(feats)}"]
    lines.append(f"Y = np.eye({k})[y.astype(int)]  # one-hot" if spec["problem"] == "classification" and k > 2
                 else "Y = y.reshape(-1, 1)")
    if spec["problem"] == "regression":
        out, loss = "linear", "half_sse"
    else:
        out, loss = ("sigmoid", "bce") if k <= 2 else ("softmax", "cross_entropy")
    sizes = [len(feats), *[int(h) for h in spec["hidden"]], k if spec["problem"] == "classification" and k > 2 else 1]
    acts = list(spec["activations"])
    act = repr(acts[0]) if acts and len(set(acts)) == 1 else (repr(acts) if acts else "'linear'")
    init = {"uniform": "lecture"}.get(spec.get("init", "uniform"), spec.get("init", "uniform"))
    lines += ["", f"net = MLP({sizes}, activation={act}, output_activation={out!r}, loss={loss!r}, "
                  f"seed={int(spec['init_seed'])}, init={init!r})"]
    if kind == "step":
        lines += [f"def lr_at(lr, epoch):  # step decay: times {factor!r} every {every} epochs, never below {MIN_LR!r}",
                  f"    return max(lr * {factor!r} ** (epoch // {every}), {MIN_LR!r})", ""]
    segs = [list(s) for s in spec.get("segments", [])]
    lines += [f"segments = {json.dumps(segs)}  # [epochs, lr, regularisation, rate, batch size]", "epoch = 0",
              "for epochs, lr, reg, rate, batch in segments:",
              "    for _ in range(epochs):  # one epoch at a time, batches shuffled by the epoch's number",
              f"        net.fit(Xf, Y, lr={'lr_at(lr, epoch)' if kind == 'step' else 'lr'}, epochs=1, "
              "batch_size=batch, seed=epoch,",
              "                l1=rate if reg == 'L1' else 0.0, l2=rate if reg == 'L2' else 0.0)",
              "        epoch += 1",
              "print(repr(float(net.loss(Xf, Y))))  # the training loss (no regularisation term)"]
    return "\n".join(lines) + "\n"


# -- share strings -------------------------------------------------------------------------------------
def encode_share(settings):
    """Settings (a JSON-able dict) as a short URL-safe string ``'pgs1-...'`` with a checksum."""
    raw = json.dumps(settings, separators=(",", ":"), sort_keys=True).encode()
    deflate = zlib.compressobj(9, zlib.DEFLATED, -15)  # raw deflate: no zlib header, the crc32 checks it
    packed = deflate.compress(raw) + deflate.flush()
    body = (b"z" + packed) if len(packed) < len(raw) else (b"j" + raw)
    crc = zlib.crc32(body).to_bytes(4, "big")
    return SHARE_PREFIX + base64.urlsafe_b64encode(crc + body).decode().rstrip("=")


_DAMAGED = "this share string is damaged (cut off or mistyped?); copy it again whole."


def decode_share(text, allowed=None):
    """The settings dict of :func:`encode_share`'s string; ``ValueError`` (one sentence) for anything else.

    ``allowed``: the setting names a string may carry (others are refused by name). The values are the
    caller's to check (the playground checks them as it applies them).
    """
    if not isinstance(text, str) or not text.strip().startswith(SHARE_PREFIX):
        raise Refused(f"a share string starts with {SHARE_PREFIX!r}; got {str(text)[:20]!r}.")
    text = text.strip()
    if len(text) > MAX_SHARE_CHARS:
        raise Refused(f"a share string has at most {MAX_SHARE_CHARS:,} characters, got {len(text):,}.")
    body = text[len(SHARE_PREFIX):]
    try:
        blob = base64.urlsafe_b64decode(body + "=" * (-len(body) % 4))
    except (binascii.Error, ValueError):
        raise Refused(_DAMAGED) from None
    if len(blob) < 6 or zlib.crc32(blob[4:]).to_bytes(4, "big") != blob[:4]:
        raise Refused(_DAMAGED)
    kind, payload = blob[4:5], blob[5:]
    try:
        if kind == b"z":
            unzip = zlib.decompressobj(-15)
            payload = unzip.decompress(payload, 20 * MAX_SHARE_CHARS)
            if unzip.unconsumed_tail or not unzip.eof:
                raise ValueError
        elif kind != b"j":
            raise ValueError
        settings = json.loads(payload)
    except (ValueError, zlib.error):
        raise Refused(_DAMAGED) from None
    if not isinstance(settings, dict):
        raise Refused("a share string holds the playground's settings; this one holds something else.")
    if allowed is not None:
        unknown = sorted(set(settings) - set(allowed))
        if unknown:
            raise Refused(f"unknown setting(s) {unknown[:5]} in the share string; settings are {sorted(allowed)}.")
    return settings
