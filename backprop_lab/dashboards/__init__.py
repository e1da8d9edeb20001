"""Dashboards, one module per part of the course (the lesson that uses each is in brackets)."""
from .batches import BatchModesDashboard
from .chain import ForwardDashboard, TrainingDashboard, WiggleDashboard
from .dataset_cost import DataSetCostDashboard
from .debugging import BugDashboard, BugHuntDashboard
from .descent import Descent2DDashboard, LearningRateDashboard
from .graphs import GraphDashboard
from .matrix_stepper import MatrixStepperDashboard
from .momentum import MomentumDashboard
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
    from . import dataset_cost, debugging, descent, graphs, matrix_stepper, network, neurons, playground

    for module in (neurons, graphs, dataset_cost, descent, network, matrix_stepper, playground, debugging):
        yield from module.benchmark_scenarios()
