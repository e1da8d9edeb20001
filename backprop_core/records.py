"""One record of a training run, shared by every network of the course.

Four loops train something: :meth:`ChainNetwork.train` (lecture 000),
:meth:`MazurNetwork.train` (lecture 001), :func:`descent.gradient_descent`
(lecture 001, second half) and :meth:`MLP.fit` (lectures 002-004). Each
returns its own record (:class:`~backprop_core.chain.ChainRun`,
:class:`~backprop_core.mazur.MazurRun`,
:class:`~backprop_core.descent.DescentRun`,
:class:`~backprop_core.mlp.TrainingHistory`), and all four carry the same
fields, with one convention:

``costs``
    The cost before the first update, then after each update (a float array;
    :class:`TrainingHistory` documents its one difference for mini-batches).
``steps``
    Updates taken and kept.
``diverged_at``
    ``None``, or the 1-based number of the update whose *result* passed
    ``limit`` (or stopped being finite). The run stops before keeping it, so
    ``steps == diverged_at - 1`` and every stored number is finite. (``0``
    only if the starting point itself is not finite, which only
    :meth:`MLP.fit` can meet.)
``limit``
    The divergence limit that run used (``inf``: only non-finite numbers
    count as diverged).
``diverged``
    ``diverged_at is not None``.

:func:`divergence_sentence` writes the one sentence every dashboard shows
when a run diverged.

Left out: anything about plotting or formatting beyond that one sentence.
"""
from __future__ import annotations

import math

__all__ = ["TrainingRecord", "divergence_sentence"]


class TrainingRecord:
    """Base of every training record: the shared convention of this module.

    Subclasses (dataclasses) provide ``costs``, ``steps``, ``diverged_at``
    and ``limit``; the class attributes below name what grew and what the
    cost is called, for :func:`divergence_sentence`.
    """

    #: what passed the limit, as it reads in "... and <quantity> grew past 1e+08"
    quantity = "the cost"
    #: how the cost is named in "(step 6, <cost_name> = 0.12)"
    cost_name = "cost C"
    #: what the run stops at, as in "Stopped at the last finite <kept>"
    kept = "weights"

    @property
    def diverged(self):
        """True if an update's result passed ``limit`` (or was not finite)."""
        return self.diverged_at is not None

    @property
    def final_cost(self):
        """The cost with the weights handed back (``costs[-1]``)."""
        return float(self.costs[-1]) if len(self.costs) else float("nan")


def _g4(x):
    return f"{x:.4g}"


def divergence_sentence(record, lr=None, *, quantity=None, cost_name=None, kept=None, at=None, label=None,
                        start=0, cause="the update overshot", action="Lower the learning rate.", number=_g4):
    """The status sentence of a diverged run, the same for every dashboard.

    Parameters
    ----------
    record : TrainingRecord
        A diverged run (``record.diverged`` must be true).
    lr : float or False, optional
        The learning rate to quote; default ``record.lr``; ``False`` leaves
        the "with learning rate ..." clause out.
    quantity, cost_name, kept : str, optional
        Override the record's class attributes (``"the cost"``, ``"cost C"``,
        ``"weights"``; ``DescentRun`` says ``"J"``, ``"J"``, ``"theta"``).
    at : str, optional
        Where it stopped, appended to ``kept``, e.g. ``"theta = 3.2"``.
    label : str, optional
        Which run, in brackets after the step: ``"mini-batch"``.
    start : int
        Updates done before this run (a dashboard that runs in pieces adds
        them, so the step numbers count from the very start).
    cause : str
        What went wrong, read after "with learning rate 5 ".
    action : str
        The advice at the end (``""`` for none).
    number : callable
        Formats a number (default 4 significant digits; a dashboard passes
        its own table formatter).

    Returns
    -------
    str
        e.g. ``"Diverged at step 7: with learning rate 5 the update overshot
        and the cost grew past 1e+08. Stopped at the last finite weights
        (step 6, cost C = 0.1234). Lower the learning rate."``

    Examples
    --------
    >>> from backprop_core import ChainNetwork
    >>> run = ChainNetwork().train(s0=2.0, target=0.7, lr=50, steps=50)
    >>> divergence_sentence(run)[:70]
    'Diverged at step 4: with learning rate 50 the update overshot and the '
    """
    if not isinstance(record, TrainingRecord):
        raise TypeError(f"record must be a training record (ChainRun, MazurRun, DescentRun, TrainingHistory), "
                        f"got {type(record).__name__}.")
    if not record.diverged:
        raise ValueError(f"record did not diverge (diverged_at is None after {record.steps} steps); "
                         "there is no divergence to describe.")
    if lr is None:
        lr = getattr(record, "lr", None)
    if lr is False:
        lr = None
    quantity = record.quantity if quantity is None else quantity
    cost_name = record.cost_name if cost_name is None else cost_name
    kept = record.kept if kept is None else kept
    which = f" ({label})" if label else ""
    rate = f" with learning rate {number(lr)}" if lr is not None and math.isfinite(lr) else ""
    if math.isinf(record.limit):
        grew = f"{quantity} stopped being finite"
    else:
        grew = f"{quantity} grew past {record.limit:.0e}"
    where = f"{kept} {at}" if at else kept
    text = (f"Diverged at step {start + record.diverged_at}{which}:{rate} {cause} and {grew}. "
            f"Stopped at the last finite {where} (step {start + record.steps}, "
            f"{cost_name} = {number(record.final_cost)}).")
    return f"{text} {action}" if action else text
