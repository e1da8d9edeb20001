"""Lesson 09, debugging backpropagation (lecture 003's gradient check).

* :mod:`.dashboard`: :class:`BugDashboard` and the lesson's tables and exercises;
* :mod:`.bug_hunt`: :class:`BugHuntDashboard` and :class:`BackwardChecker`;
* :mod:`.views`: what both share (the lesson's problem, the check table, the error maps).
"""
from .dashboard import BugDashboard
from .bug_hunt import BackwardChecker, BugHuntDashboard

__all__ = ["BugDashboard", "BackwardChecker", "BugHuntDashboard"]
