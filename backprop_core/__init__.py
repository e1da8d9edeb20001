"""backprop_core: the maths of Backprop Lab, numpy only.

========================  ===============================================
:class:`ChainNetwork`     lecture 000's chain s0 -w0-> S -w1-> S -w2-> out
:class:`MazurNetwork`     lecture 001's 2-2-2 network
:class:`MLP`              a general vectorised network (lectures 002-004)
:class:`Value`            a scalar computational graph (lectures 002, 003)
:class:`Perceptron`       the perceptron learning rule (lecture 003)
:class:`SigmoidNeuron`    lecture 002's neuron and its cost over a data set
:func:`gradient_check`    backprop vs central differences, for all of them
:mod:`datasets`           truth tables and 2-D classification sets
:mod:`descent`            gradient descent on small J(theta) (lecture 001)
:mod:`factors`            chain-rule factor records (:class:`FactorChain`)
:mod:`records`            the shared record of a training run
:func:`run_student`       the one runner for a student's code (time limit, no crash)
========================  ===============================================

Nothing here imports matplotlib or ipywidgets; the plots and dashboards live
in :mod:`backprop_lab`, on top of this package.
"""
from . import activations, datasets, descent, factors, losses, records, sandbox
from . import bugs  # noqa: E402,F401  (after the modules it builds on)
from .activations import sigmoid
from .chain import ChainNetwork
from .factors import Factor, FactorChain
from .gradcheck import gradient_check, numerical_gradient
from .graph import Value, trace
from .mazur import MazurNetwork
from .mlp import MLP, TrainingHistory
from .neuron import SigmoidNeuron
from .perceptron import Perceptron
from .records import TrainingRecord, divergence_sentence
from .sandbox import StudentRun, run_student

__all__ = [
    "ChainNetwork", "MazurNetwork", "MLP", "TrainingHistory", "Value", "trace", "Perceptron", "SigmoidNeuron",
    "gradient_check", "numerical_gradient", "sigmoid",
    "Factor", "FactorChain", "TrainingRecord", "divergence_sentence", "run_student", "StudentRun",
    "activations", "losses", "datasets", "descent", "factors", "records", "sandbox",
]
__version__ = "0.1.0"
