"""Lesson 01, neurons and perceptrons (lectures 002, 003): one unit, logic gates, the perceptron rule, XNOR,
ridges and bumps.

* :mod:`.units`: the unit, logic and XNOR dashboards and the lesson's exercises;
* :mod:`.perceptrons`: the perceptron rule and the separating sweep;
* :mod:`.small_networks`: small networks of units (XNOR, ridges and bumps);
* :mod:`.ranges`: what the three share (the colours of firing and quiet units, the plot ranges).
"""
from .units import LogicDashboard, PerceptronRuleDashboard, RidgeDashboard, UnitDashboard, XnorDashboard

__all__ = ["LogicDashboard", "PerceptronRuleDashboard", "RidgeDashboard", "UnitDashboard", "XnorDashboard"]
