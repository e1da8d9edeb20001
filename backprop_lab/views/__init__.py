"""Views drawn by the browser (anywidget): the kernel sends numbers, the page draws.

* :class:`~backprop_lab.views.network_view.NetworkView`: a network diagram as SVG
  (any MLP up to 8 layers of 8 units, lecture 001's 2-2-2 network, lecture 000's
  chain); a click or Enter on a connection comes back as its ``selected`` traitlet.

Left out: matplotlib figures (see :mod:`backprop_lab.plotting` and
:mod:`backprop_lab.diagram`, which draw in the kernel and ship PNGs).
"""
from .network_view import NetworkView

__all__ = ["NetworkView"]
