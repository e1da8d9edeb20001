"""Views drawn by the browser (anywidget): the kernel sends numbers, the page draws.

* :class:`~backprop_lab.views.network_view.NetworkView`: a network diagram as SVG
  (any MLP up to 8 layers of 8 units, lecture 001's 2-2-2 network, lecture 000's
  chain); a click or Enter on a connection comes back as its ``selected`` traitlet.
* :class:`~backprop_lab.views.heatmap_view.HeatmapView`: the playground's decision
  map and per-neuron maps as canvases painted from float32 grids the kernel sends.

Each has a text form (``summary()``, a short ``repr``) for nbval and screen readers.

Left out: matplotlib figures (see :mod:`backprop_lab.plotting` and
:mod:`backprop_lab.diagram`, which draw in the kernel and ship PNGs).
"""
from .heatmap_view import HeatmapView
from .network_view import NetworkView

__all__ = ["HeatmapView", "NetworkView"]
