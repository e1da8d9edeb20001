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
:mod:`notation`           the one layer-index notation: labels ``a1[0]``, ``W0[0,1]``
:mod:`records`            the shared record of a training run
:func:`run_student`       the one runner for a student's code (time limit, no crash)
========================  ===============================================

The notation (one layer-index convention, for every lesson, table and label)
---------------------------------------------------------------------------
Layers are counted from the input: ``a0 = x`` is layer 0, the output is layer L.
``W_l``, ``b_l`` are the code's ``mlp.weights[l]``, ``mlp.biases[l]`` and lead FROM
layer l TO layer l + 1::

    z_{l+1} = W_l a_l + b_l              code: zs[l]
    a_{l+1} = phi(z_{l+1})               code: activations[l + 1]   (activations[0] = x)
    delta_{l+1} = dC/dz_{l+1}            code: the delta of MLP._backprop
    dC/dW_l = delta_{l+1} a_l^T          code: mlp.gradients(X, Y)[0][l]

``W_l[j, k]`` is the weight from neuron k of layer l to neuron j of layer l + 1.
Plain-text labels: ``a0``, ``a1[0]``, ``z1[0]``, ``W0[0,1]``, ``b0[1]``, ``delta1[0]``
(built by :mod:`notation`); in math ``a_0``, ``W_0``. Lecture 000's chain counts the
same way (``s0 -w0-> ...``). Lecture-specific names (lecture 000's w0..w2, lecture
001's w1..w8, lecture 003's ``a^(1) = x``, Theta, Delta, lecture 004's ``W^l``) appear
only in that lesson's translation table (lecture symbol -> course symbol -> code name).

Nothing here imports matplotlib or ipywidgets; the plots and dashboards live
in :mod:`backprop_lab`, on top of this package.
"""
from . import activations, datasets, descent, factors, losses, notation, records, sandbox
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
    "activations", "losses", "datasets", "descent", "factors", "notation", "records", "sandbox",
]
__version__ = "0.1.0"
