"""backprop_lab: the presentation layer of Backprop Lab.

:mod:`~backprop_lab.tables` (HTML + plain-text tables), :mod:`~backprop_lab.plotting`
(matplotlib pieces updated in place), :mod:`~backprop_lab.widgets` (the
:class:`~backprop_lab.widgets.Dashboard` base class and exercise widgets),
:mod:`~backprop_lab.dashboards` and :mod:`~backprop_lab.exercises`. It sits
on top of :mod:`backprop_core`; the core never imports it.
"""
from .tables import Math, Table, fmt

__all__ = ["Math", "Table", "fmt"]
