"""Lesson 07, backpropagation in matrix form and general MLPs (lectures 003, 004).

* :mod:`.tables`: the tables, figures and exercises of the lesson;
* :mod:`.stepper`: :class:`MatrixStepperDashboard`, the forward and backward pass one matrix at a time.
"""
from .stepper import MatrixStepperDashboard

__all__ = ["MatrixStepperDashboard"]
