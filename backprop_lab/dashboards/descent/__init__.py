"""Lesson 05, gradient descent (lecture 001): the learning rate, a 2-D descent, momentum and batch modes.

* :mod:`.basic`: the learning-rate and 2-D descent dashboards;
* :mod:`.momentum`: momentum;
* :mod:`.batches`: full batch, mini-batch and stochastic descent;
* :mod:`.parts`: what they share (run colours, the contour plot).
"""
from .basic import Descent2DDashboard, LearningRateDashboard
from .batches import BatchModesDashboard
from .momentum import MomentumDashboard

__all__ = ["Descent2DDashboard", "LearningRateDashboard", "BatchModesDashboard", "MomentumDashboard"]
