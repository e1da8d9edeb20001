"""The dashboard template's public hooks (issue 18), driven as a student drives a dashboard.

* :meth:`FigureView.redraw` with ``shows``: the same picture twice sends no second frame;
* :meth:`Dashboard.picture_key`: the base's ``refresh`` redraws a view only when its key changed, so
  lesson 06's learning rate (it changes only the table) costs no frame, while a weight, Step and
  another selected weight each redraw the surface, with the numbers the figure then shows;
* named figure sizes (:func:`backprop_lab.theme.figure_size`), scaled by the projector setting.

The source-level checks (no dashboard overrides ``refresh``, patches a private method or sets a
literal figure size) are in ``tests/test_structure.py``.
"""
import matplotlib
import pytest

from backprop_lab import theme
from backprop_lab.dashboard import Dashboard, FigureView
from backprop_lab.controls import slider
from backprop_lab.dashboards.network.dashboard import NetworkDashboard
from backprop_lab.plotting import new_figure

matplotlib.use("Agg")


class Line(Dashboard):
    """A one-slider dashboard whose picture depends on ``a`` only (``b`` goes to the status line)."""

    def __init__(self):
        super().__init__()
        self._watch(a=slider("a", 1.0, -2, 2), b=slider("b", 0.0, -2, 2))
        self.view = FigureView("panel")
        (self.line,) = self.view.figure.add_subplot().plot([0, 1], [0, 1.0])
        self.arrange()
        self.refresh()

    def picture_key(self, view):
        return self.values["a"]

    def update(self):
        self.line.set_ydata([0, self.values["a"]])
        self.set_status(f"a = {self.values['a']}, b = {self.values['b']}")


def test_redraw_skips_a_picture_it_already_shows_and_render_always_draws():
    view = FigureView("panel")
    assert view.redraw(("w1", 0.5)) is True and view.redraws == 1
    assert view.redraw(("w1", 0.5)) is False and view.redraws == 1
    assert view.redraw(("w1", 0.6)) is True and view.redraws == 2
    assert view.redraw() is True and view.redraw() is True and view.redraws == 4  # None: always
    view.render()
    assert view.redraw(("w1", 0.6)) is True  # after a render the next key draws again
    view.close()


def test_picture_key_decides_which_changes_redraw():
    d = Line()
    frames = d.view.redraws
    d.set(b=1.5)  # only the status line changes
    assert d.view.redraws == frames and d.status_text == "a = 1.0, b = 1.5"
    d.set(a=-0.5)
    assert d.view.redraws == frames + 1 and list(d.line.get_ydata()) == [0, -0.5]
    d.close()


def test_the_base_redraws_every_view_without_a_key():
    d = Line()
    d.picture_key = lambda view: None
    frames = d.view.redraws
    d.set(b=1.0)
    d.set(b=1.0 - 0.25)
    assert d.view.redraws == frames + 2
    d.close()


def test_lesson_06s_learning_rate_sends_no_frame_and_its_weights_do():
    d = NetworkDashboard()
    d.render()  # draws everything; the next change redraws whatever it shows
    d.set(w1=0.2)
    frames = d.view2.redraws
    d.set(lr=2.0)
    assert d.view2.redraws == frames  # the table changed, the picture did not
    d.set(w1=0.25)
    assert d.view2.redraws == frames + 1
    d.press("Step")
    assert d.view2.redraws == frames + 2 and d.round == 1
    assert d.curve.line.get_ydata()[-1] == pytest.approx(d.errors[-1])
    draws = d.view2.blit.full_draws
    d.set(weight="w2")
    assert d.view2.redraws == frames + 3
    # a new pair of weights: a new map, title and axis names: a blit (texts of the words layer drawn again),
    # not a full draw of the figure's ticks and tick labels, which stay the same
    assert d.map_xlabel.get_text() == "w2" and d.surface_map.title.get_text() == "E_total over w2, w6"
    assert d.ax_map.get_xlabel() == "w2" and not d.ax_map.xaxis.label.get_visible()  # the description reads it
    assert d.view2.blit.full_draws == draws
    d.set(w1=0.3)  # a slider: the map and the curves only
    assert d.view2.blit.full_draws == draws and d.view2.redraws == frames + 4
    d.close()


def test_named_figure_sizes_follow_the_projector():
    assert theme.figure_size("two panels") == (7.0, 3.0)
    assert FigureView("two panels wide").size_px == (675, 252)
    assert tuple(new_figure("beside").get_size_inches()) == pytest.approx((5.0, 2.7))
    theme.set_projector(True)
    try:
        assert theme.figure_size("two panels") == pytest.approx((10.5, 4.5))
        assert FigureView("beside strip").size_px == (783, 284)
        assert tuple(new_figure("grid").get_size_inches()) == pytest.approx((9.9, 6.45))
    finally:
        theme.set_projector(False)
    with pytest.raises(ValueError, match="figure sizes .* got 'huge'"):
        theme.figure_size("huge")
