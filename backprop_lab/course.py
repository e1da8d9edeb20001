"""The course map and the notation table, in one place.

``NOTEBOOKS`` lists every lesson in order; ``00_start_here`` shows it as a
table, and a test checks it against the files in ``notebooks/``. To add a
lesson, add one line here.
"""
from __future__ import annotations

from .tables import Math, Table

__all__ = ["NOTEBOOKS", "NOTATION", "course_map", "next_notebook", "notation_table", "progress_table", "ProgressMap"]

# (file stem, lectures, one line), in the order of the course
NOTEBOOKS = [
    ("00_start_here", "-", "What the course is, how to use a dashboard, this map, the notation."),
    ("01_neurons_and_perceptrons", "002, 003",
     "One unit, its activation and derivative; logic gates, XOR, the perceptron rule; the XNOR network; bumps."),
    ("02_chain_rule_and_graphs", "002, 003",
     "The chain rule step by step; live computational graphs with a backward stepper; gradient-flow patterns."),
    ("03_chain_network_forward_and_derivatives", "000",
     "The chain network: forward pass, wiggling a weight, S' = S(1 - S), d out/d w by the chain rule."),
    ("04_chain_network_training", "000",
     "Cost, dC/dw, the update rules; train the chain network live; a data set's cost and its average gradient."),
    ("05_gradient_descent", "001, 004",
     "Learning rates, simultaneous updates, local minima, momentum, batch vs mini-batch vs stochastic."),
    ("06_the_2_2_2_network", "001",
     "The 2-2-2 network by hand, every published number reproduced; the linked network dashboard."),
    ("07_matrix_backprop_and_mlps", "003, 004",
     "Backprop as six matrix formulas with their shapes; the matrix stepper; batches, gradient checks, "
     "the numpy loop."),
    ("08_playground", "000, 003, 004",
     "The playground in the notebook: data, features, layers, Play; each connection's gradient; vanishing gradients."),
    ("09_debugging_backprop", "003",
     "Bugs on purpose, gradient checks per layer, a bug hunt, check your own backward pass."),
    ("10_instructor_appendix", "000-004",
     "For teachers: every slip in the lectures, where it is, what is right, which lesson shows it; "
     "each checked by computation."),
]

# (symbol (LaTeX), plain, code name, where): lecture 000's and 001's own names, then the course's MLP notation
# (lecture 003's and 004's own numbering is translated in lesson 07's translation table)
NOTATION = [
    ("s_0", "s0", "s0", "000 chain: the input"),
    ("w_0, w_1, w_2", "w0, w1, w2", "w0, w1, w2", "000 chain: the weights"),
    ("x_1, x_2", "x1, x2", "f.x1, f.x2", "000 chain: a neuron's input (activity)"),
    ("s_1, s_2", "s1, s2", "f.s1, f.s2", "000 chain: a neuron's output S(x)"),
    ("out", "out", "f.out", "000 chain: out = w2 s2"),
    ("C", "C", "net.cost(s0, target)", "000: C = 1/2 (target - out)^2"),
    (r"\alpha,\ \eta", "alpha, eta", "lr", "000, 001: the learning rate"),
    ("i_1, i_2", "i1, i2", "inputs", "001 2-2-2: inputs"),
    ("w_1 \\ldots w_8,\\ b_1, b_2", "w1..w8, b1, b2", "net.weights['w5']", "001 2-2-2: weights, shared biases"),
    ("net_{h1},\\ out_{h1}", "net_h1, out_h1", "f.net_h1, f.out_h1", "001 2-2-2: a neuron's input and output"),
    ("E_{total}", "E_total", "net.total_error(inputs, targets)", "001: sum of 1/2 (target - out)^2"),
    ("\\delta_{o1}", "delta_o1", "net.backward(...).delta_o1", "001: dE_total/dnet_o1"),
    # the MLP in the course's one notation (backprop_core.notation): a_0 = x, W_l leads from layer l to l + 1
    ("z_{l+1} = W_l a_l + b_l", "z_(l+1) = W_l a_l + b_l", "zs[l], mlp.weights[l], mlp.biases[l]",
     "002-004 MLP: layers counted from the input (a_0 = x), W_l[j, k] from neuron k of layer l to neuron j of l + 1"),
    ("a_l = \\phi(z_l),\\ a_0 = x", "a_l = phi(z_l), a_0 = x", "activations[l]", "002-004 MLP"),
    ("\\delta_{l+1} = \\partial C/\\partial z_{l+1}", "delta_(l+1) = dC/dz_(l+1)", "delta",
     "004: the local gradient (in MLP._backprop); dC/dW_l = delta_(l+1) a_l^T"),
    ("\\theta_j,\\ J(\\theta)", "theta_j, J(theta)", "descent.gradient_descent(...)", "001: gradient descent"),
]


def course_map():
    """The notebooks of the course as a table."""
    rows = [[stem + ".ipynb", lectures, line] for stem, lectures, line in NOTEBOOKS]
    return Table(["notebook", "lectures", "what you do there"], rows, title="Course map")


def next_notebook(stem):
    """The lesson after ``stem`` in the course (``None`` after the last)."""
    stems = [s for s, *_ in NOTEBOOKS]
    if stem not in stems:
        raise ValueError(f"stem must be one of the course's notebooks {stems}, got {stem!r}.")
    i = stems.index(stem)
    return stems[i + 1] if i + 1 < len(stems) else None


def notation_table():
    """The symbols of the lectures and of the course, and their names in the code."""
    rows = [[Math(tex, plain), code, where] for tex, plain, code, where in NOTATION]
    return Table(["symbol", "code", "meaning"], rows, title="Notation")


def progress_table(summary):
    """Per lesson, how many of its exercises are solved (``summary``: ``{stem: (solved, seen)}``)."""
    rows = []
    for stem, _lectures, _line in NOTEBOOKS:
        solved, seen = summary.get(stem, (0, 0))
        rows.append([stem, f"{solved} of {seen}" if seen else "not started",
                     "done" if seen and solved == seen else ""])
    return Table(["notebook", "exercises solved", ""], rows, title="Your progress")


class ProgressMap:
    """The course map's progress column as a widget, with a "Reset my progress" button that asks first.

    Reads the progress record (:mod:`backprop_lab.progress`); ``refresh()``
    reads it again; ``press(...)`` clicks a button (tests).
    """

    def __init__(self, path=None):
        import html

        import ipywidgets as W

        from . import progress as P
        from .theme import STATUS_STYLE

        self._P, self._path, self._html, self._style = P, path, html, STATUS_STYLE
        self.table = W.HTML()
        self.message = W.HTML()
        self.buttons = {d: W.Button(description=d, button_style=s, layout=W.Layout(width="auto"))
                        for d, s in (("Reset my progress", "warning"), ("Yes, forget everything", "danger"),
                                     ("Cancel", ""), ("Refresh", ""))}
        self.confirm = W.Box([self.buttons["Yes, forget everything"], self.buttons["Cancel"]],
                             layout=W.Layout(display="none", flex_flow="row wrap"))
        self.buttons["Reset my progress"].on_click(lambda _b: self._ask())
        self.buttons["Yes, forget everything"].on_click(lambda _b: self._reset())
        self.buttons["Cancel"].on_click(lambda _b: self._cancel())
        self.buttons["Refresh"].on_click(lambda _b: self.refresh())
        self.widget = W.VBox([self.table, W.Box([self.buttons["Refresh"], self.buttons["Reset my progress"]],
                                                layout=W.Layout(flex_flow="row wrap")),
                              self.confirm, self.message])
        self.refresh()

    def _record(self):
        return self._P.Progress(self._path) if self._path else self._P.progress()

    def refresh(self):
        record = self._record()
        notice = record.take_notice()
        self.summary = record.summary()
        self.table.value = progress_table(self.summary).to_html()
        if notice:
            self._say(notice, "warn")

    def _say(self, text, kind):
        self.message.value = f'<div style="{self._style[kind]}">{self._html.escape(text)}</div>'

    def _ask(self):
        self.confirm.layout.display = "flex"
        self._say("This forgets every solved exercise and every answer you typed, in every lesson. Sure?", "warn")

    def _cancel(self):
        self.confirm.layout.display = "none"
        self._say("Nothing was changed.", "info")

    def _reset(self):
        record = self._record()
        saved = record.reset()
        notice = record.take_notice()
        self.confirm.layout.display = "none"
        self.refresh()
        if saved:
            self._say("Your progress was reset.", "ok")
        else:
            self._say(f"Your progress was reset in this kernel only. {notice}", "warn")

    def press(self, description):
        self.buttons[description].click()

    def _ipython_display_(self):
        from IPython.display import display

        display(self.widget)
