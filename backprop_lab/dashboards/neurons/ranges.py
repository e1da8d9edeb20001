"""The ranges and colours lesson 01's dashboards share (units, gates, the perceptron rule, XNOR, ridges).

:mod:`.neurons`, :mod:`.perceptrons` and :mod:`.small_networks` all import from here, so none of them
imports another sideways (no import cycle), and each range is still stated once.

Left out: the dashboards themselves and every number they show (:mod:`backprop_core.logic_networks`).
"""
from __future__ import annotations

from ... import theme

# ranges (each stated once)
UNIT_WEIGHT_RANGE = (-5.0, 5.0)
UNIT_BIAS_RANGE = (-5.0, 5.0)
UNIT_X_RANGE = (-4.0, 4.0)
LOGIC_WEIGHT_RANGE = (-2.0, 2.0)
LOGIC_BIAS_RANGE = (-3.0, 3.0)
RULE_LR_RANGE = (0.05, 1.0)
RULE_START_RANGE = (-1.0, 1.0)
XNOR_INPUT_RANGE = (0.0, 1.0)
RIDGE_STEEPNESS_RANGE = (0.5, 20.0)
RIDGE_HALF_WIDTH_RANGE = (0.2, 2.0)
RIDGE_CENTRE_RANGE = (-2.0, 2.0)
#: the input plane the ridge dashboard draws
RIDGE_PLANE = (-4.0, 4.0)
#: the window of the input plane of the logic and perceptron plots
PLANE = (-0.5, 1.5)

FIRE = theme.PALETTE["blue"]       # target 1 / the unit fires (drawn as circles)
QUIET = theme.PALETTE["orange"]    # target 0
WRONG = theme.PALETTE["vermillion"]  # a wrong answer: a cross, so it is told apart without colour
