"""Batch, mini-batch and stochastic gradient descent on one small network (lectures 001, 003, 004).

* :class:`BatchModesDashboard`: one network trained by
  :meth:`backprop_core.MLP.fit` three ways, with the count
  epochs x batches per epoch = iterations.

Left out: shuffling strategies other than the core's seeded permutation.
"""
from __future__ import annotations

import numpy as np

import backprop_core as bp

from ... import theme
from ...controls import check_setting, int_slider, log_slider
from ...blit import set_limits
from ...dashboard import Dashboard, FigureView
from ...plotting import Lines, side_by_side
from ...tables import Table, fmt
from backprop_core.records import divergence_sentence

from .parts import RUN_COLORS, fmt4 as _fmt4

__all__ = ["BatchModesDashboard", "batch_data", "MODES", "EPOCHS_RANGE", "LOG10_LR_RANGE"]

#: The ranges of the sliders (each stated once; the plots' x axes use EPOCHS_RANGE's end).
EPOCHS_RANGE = (1, 8)
LOG10_LR_RANGE = (-2.0, 1.5)


# ---------------------------------------------------------------------------
# batch, mini-batch, stochastic
# ---------------------------------------------------------------------------
def batch_data(n=100, seed=0):
    """The batch-modes data set: two overlapping Gaussian blobs, ``n`` points, labels 0/1."""
    return bp.datasets.two_gaussians(n, noise=0.8, seed=seed, distance=2.0)


MODES = ("full batch", "mini-batch", "stochastic")


class BatchModesDashboard(Dashboard):
    """One network trained three ways by :meth:`backprop_core.MLP.fit` (lectures 001, 003, 004).

    Full batch (``batch_size=None``: one update per epoch), mini-batch
    (``batch_size`` from the slider) and stochastic (``batch_size=1``: one
    update per sample). Controls: ``lr`` (log slider, 0.01 to 30),
    ``epochs`` (1 to 8), ``batch_size`` (2 to 50). Every run starts from the
    same weights (``MLP(sizes, seed=net_seed)``) and shuffles with ``seed``;
    ``histories`` holds the three :class:`~backprop_core.TrainingHistory`
    objects.
    """

    def __init__(self, lr=1.0, epochs=4, batch_size=10, n=100, sizes=(2, 4, 1), seed=0, net_seed=0):
        super().__init__()
        n = check_setting("n", n, 3, None, kind="int")
        if len(sizes) < 2 or sizes[0] != 2 or sizes[-1] != 1:
            raise ValueError(f"sizes must start with 2 inputs and end with 1 output (the data set's shape), "
                             f"got {sizes}.")
        self.X, self.y = batch_data(n, seed)
        self.n = n
        self.sizes = list(sizes)
        self.seed, self.net_seed = seed, net_seed
        self._watch(lr=log_slider("learning rate", lr, *LOG10_LR_RANGE, name="lr"),
                    epochs=int_slider("epochs", epochs, *EPOCHS_RANGE),
                    batch_size=int_slider("batch size", batch_size, 2, min(50, n - 1), name="batch_size"))
        self._cache = {}
        self.histories = {}
        self.view = FigureView("two panels")
        fig = self.view.figure
        ax_e, ax_i = side_by_side(fig)
        # each mode has its own line style and marker as well as its colour
        styles = {m: dict(color=RUN_COLORS[m], lw=1.4, ls=theme.LINESTYLES[k], marker=theme.MARKERS[k], ms=3.5, label=m)
                  for k, m in enumerate(MODES)}
        self.by_epoch = Lines(ax_e, styles, self.view.blit, title="loss against epoch", xlabel="epoch",
                               ylabel="loss (mean over the epoch)", legend="upper right")
        # stochastic first, so the smoother lines are drawn over its noise
        step_styles = {m: dict(color=RUN_COLORS[m], lw=1.0 if m == "stochastic" else 1.4,
                               alpha=0.4 if m == "stochastic" else 1.0, ls=theme.LINESTYLES[MODES.index(m)],
                               marker="o" if m == "full batch" else None, ms=3, label=m) for m in MODES[::-1]}
        self.by_step = Lines(ax_i, step_styles, self.view.blit, title="loss against iteration (update)",
                              xlabel="iteration (log scale)", ylabel="loss of the batch", xscale="log")
        self.arrange()
        self.refresh()

    def batch_sizes(self):
        """``{mode: batch_size}`` as passed to ``MLP.fit`` (None for full batch)."""
        return {"full batch": None, "mini-batch": int(self.values["batch_size"]), "stochastic": 1}

    def fit(self, mode, lr, epochs, batch_size):
        """A fresh network trained one way; runs are cached by their settings."""
        key = (mode, lr, epochs, batch_size)
        if key not in self._cache:
            net = bp.MLP(self.sizes, seed=self.net_seed)
            hist = net.fit(self.X, self.y, lr=lr, epochs=epochs, batch_size=batch_size, seed=self.seed,
                           record_steps=True)
            if len(self._cache) > 256:
                self._cache.clear()
            self._cache[key] = hist
        return self._cache[key]

    def plot_values(self):
        """The last plotted loss of each mode, per epoch."""
        return {m: float(self.by_epoch.lines[m].get_ydata()[-1]) for m in MODES}

    def update(self):
        lr, epochs = float(self.values["lr"]), int(self.values["epochs"])
        sizes = self.batch_sizes()
        self.histories = {m: self.fit(m, lr, epochs, sizes[m]) for m in MODES}
        top = 0.0
        for m, h in self.histories.items():
            self.by_epoch.set(m, np.arange(1, len(h.loss) + 1), h.loss)
            self.by_step.set(m, np.arange(1, len(h.step_loss) + 1), h.step_loss)
            top = max(top, max(h.loss, default=0.0))
        # fixed limits (no full redraw while dragging): a half-SSE loss with a sigmoid output is below 0.5
        set_limits(self.by_epoch.ax, (0.5, EPOCHS_RANGE[1] + 0.5), (0.0, 0.3 if top < 0.3 else 0.5))
        set_limits(self.by_step.ax, (0.8, 1.25 * EPOCHS_RANGE[1] * self.n), (0.0, 0.5))
        self.set_table(self.counts_table())
        self._report()

    def counts_table(self):
        """Per mode: batch size, batches per epoch, epochs, iterations = epochs x batches, final loss."""
        rows = []
        for m, h in self.histories.items():
            b = self.batch_sizes()[m] or self.n
            rows.append([m, b, h.batches_per_epoch, h.epochs, f"{h.epochs} x {h.batches_per_epoch} = {h.steps}",
                         h.final_loss])
        return Table(["mode", "batch size", "batches per epoch", "epochs", "iterations (updates)", "final loss"], rows,
                     title=(f"{self.n} samples, learning rate {fmt(float(self.values['lr']), 4)}, "
                            f"network {self.sizes}"), numeric_columns={1, 2, 3, 5})

    def _report(self):
        h = self.histories
        bad = [m for m in MODES if h[m].diverged]
        if bad:
            m = bad[0]
            self.set_status(divergence_sentence(h[m], lr=float(self.values["lr"]), label=m, number=_fmt4), "error")
            return
        b = self.batch_sizes()["mini-batch"]
        per = {m: h[m].batches_per_epoch for m in MODES}
        left = self.n - (per["mini-batch"] - 1) * b
        note = f" (the last batch holds only {left})" if left != b else ""
        epochs = h["full batch"].epochs
        best = min(MODES, key=lambda m: h[m].final_loss)
        text = (f"One epoch is one pass over all {self.n} samples: full batch makes {per['full batch']} update "
                f"per epoch, mini-batches of {b} make {per['mini-batch']}{note}, stochastic makes "
                f"{per['stochastic']}. After {epochs} epoch{'s' if epochs > 1 else ''}: final loss "
                + ", ".join(f"{m} {fmt(h[m].final_loss, 4)}" for m in MODES) + f"; lowest: {best}.")
        self.set_status(text, "info")


