"""Lesson 06, lecture 001's 2-2-2 network.

* :mod:`.dashboard`: :class:`NetworkDashboard` (diagram, derivative table, cost surface) and
  :class:`UpdateOrderDashboard`;
* :mod:`.tables`: the lesson's tables and exercises (also used by lesson 07).
"""
from .dashboard import NetworkDashboard, UpdateOrderDashboard

__all__ = ["NetworkDashboard", "UpdateOrderDashboard"]
