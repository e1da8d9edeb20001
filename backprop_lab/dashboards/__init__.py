"""Dashboards, one room per lesson: a module for a lesson with one, a package for a lesson with several.

=================  ==========================================================
``chain``          lessons 00, 03, 04: the chain network s0 -w0-> S -w1-> S -w2-> out
``neurons``        lesson 01: units, logic gates, perceptrons, small networks
``graphs``         lesson 02: computational graphs
``dataset_cost``   lesson 04: lecture 002's cost over a data set
``descent``        lesson 05: gradient descent, momentum, batch modes
``network``        lesson 06: the 2-2-2 network
``matrix``         lesson 07: backprop in matrix form
``playground``     lesson 08: the playground
``debugging``      lesson 09: gradient checks and the bug hunt
=================  ==========================================================
"""
from .chain import ForwardDashboard, TrainingDashboard, WiggleDashboard
from .dataset_cost import DataSetCostDashboard
from .debugging import BugDashboard, BugHuntDashboard
from .descent import BatchModesDashboard, Descent2DDashboard, LearningRateDashboard, MomentumDashboard
from .graphs import GraphDashboard
from .matrix import MatrixStepperDashboard
from .network import NetworkDashboard, UpdateOrderDashboard
from .neurons import LogicDashboard, PerceptronRuleDashboard, RidgeDashboard, UnitDashboard, XnorDashboard
from .playground import Playground

__all__ = ["UnitDashboard", "LogicDashboard", "PerceptronRuleDashboard", "XnorDashboard", "RidgeDashboard",  # 01
           "GraphDashboard",  # 02
           "ForwardDashboard", "WiggleDashboard", "TrainingDashboard", "DataSetCostDashboard",  # 00, 03, 04
           "LearningRateDashboard", "Descent2DDashboard", "MomentumDashboard", "BatchModesDashboard",  # 05
           "NetworkDashboard", "UpdateOrderDashboard",  # 06
           "MatrixStepperDashboard",  # 07
           "Playground",  # 08
           "BugDashboard", "BugHuntDashboard"]  # 09


def BENCHMARK_SCENARIOS():
    """Extra scenarios for benchmarks/bench_dashboards.py (the chain dashboards are listed there)."""
    from . import dataset_cost, graphs
    from .debugging import dashboard as debugging
    from .descent import basic as descent
    from .matrix import stepper as matrix_stepper
    from .network import dashboard as network
    from .neurons import units as neurons
    from .playground import dashboard as playground

    for module in (neurons, graphs, dataset_cost, descent, network, matrix_stepper, playground, debugging):
        yield from module.benchmark_scenarios()
