"""Lesson 04's data-set dashboard: lecture 002's average gradient, one step per press."""
from __future__ import annotations

import numpy as np

import backprop_core as bp
from backprop_lab.dashboards.dataset_cost import DataSetCostDashboard, example_gradient_table, iris_question


def test_questions_rows_alternate_species():
    X, y = iris_question()
    assert X.shape == (100, 3) and y.ravel()[:4].tolist() == [0.0, 1.0, 0.0, 1.0]


def test_table_has_examples_and_their_average():
    X, y = iris_question()
    n = bp.SigmoidNeuron([-1.0, 0.0, 0.5, 1.0])
    t = example_gradient_table(n, X, y)
    assert t.columns[-1] == "average of all 100" and t.columns[1] == "ex. 1 (y=0)"
    G = n.example_gradients(X, y)
    assert [row[-1] for row in t.rows] == [f"{g:.4g}" for g in G.mean(axis=0)]


def test_step_reset_and_divergence_in_words():
    dash = DataSetCostDashboard()
    start = dash.neuron
    X, y = iris_question()
    dash.press("Step")
    assert np.allclose(dash.neuron.weights, start.step(X, y, 0.1).weights)
    assert dash.status_text == "Step 1: C(W) went from 0.420232 to 0.392036." and dash.status_kind == "ok"
    dash.press("Reset")
    assert np.allclose(dash.neuron.weights, start.weights) and dash.steps == 0
    dash.set(r=3.0)
    for _ in range(4):
        dash.press("Step")
    assert "went from" in dash.status_text
    assert "nan" not in dash.table_text.lower()
    dash.close()
