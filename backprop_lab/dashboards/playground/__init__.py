"""Lesson 08, the playground.

* :mod:`.dashboard`: :class:`Playground`, the controls wired to the model and the views;
* :mod:`.model`: :class:`~.model.PlaygroundModel`, the state a session saves and restores (the maths is in
  :mod:`backprop_core.playground_training`);
* :mod:`.views`: the diagram, the decision and neuron maps and the curves;
* :mod:`.tour`: the guided tour's exercises.
* :mod:`.extras`: the More tab (thumbnails, your CSV, schedule, early stopping, per-layer activations, copy as
  code, share string, the lecturer's preset; the maths in :mod:`backprop_core.playground_extras`).
"""
from .dashboard import Playground

__all__ = ["Playground"]
