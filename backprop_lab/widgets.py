"""The widget layer in one import (kept for notebooks and older code).

The pieces live in modules by job:

* :mod:`backprop_lab.controls`: control builders that check their own range;
* :mod:`backprop_lab.echo`: the slider echo guard (a slider's answers to the kernel's values);
* :mod:`backprop_lab.dashboard`: the :class:`Dashboard` base, :class:`FigureView`, the layout helper;
* :mod:`backprop_lab.exercise_widgets`: exercises with instant feedback;
* :mod:`backprop_lab._private`: every use of a private ipympl/matplotlib API;
* :mod:`backprop_lab.theme`: shared sizes and status colours.
"""
from .controls import check_setting, dropdown, int_box, int_slider, log_slider, set_range, slider
from .dashboard import Dashboard, FigureView
from .exercise_widgets import ChainRuleExercise, Feedback, NumberExercise, judge, parse_number
from .theme import STATUS_STYLE

__all__ = ["Dashboard", "FigureView", "Feedback", "NumberExercise", "ChainRuleExercise", "parse_number", "judge",
           "slider", "log_slider", "int_slider", "int_box", "dropdown", "check_setting", "set_range",
           "STATUS_STYLE"]
