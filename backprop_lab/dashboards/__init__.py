"""Dashboards, one module per part of the course."""
from .chain import ForwardDashboard, TrainingDashboard, WiggleDashboard
from .descent import BatchModesDashboard, Descent2DDashboard, LearningRateDashboard, MomentumDashboard
from .descent import benchmark_scenarios as _descent_scenarios

__all__ = ["ForwardDashboard", "TrainingDashboard", "WiggleDashboard",
           "LearningRateDashboard", "Descent2DDashboard", "MomentumDashboard", "BatchModesDashboard"]


def BENCHMARK_SCENARIOS():
    """Extra scenarios for benchmarks/bench_dashboards.py (the chain dashboards are listed there)."""
    yield from _descent_scenarios()
