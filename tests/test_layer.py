"""The presentation layer itself: the layout helper, one store of state, figure clicks, closing,
and the private ipympl/matplotlib APIs pinned to the versions they were checked with."""
import re

import numpy as np
import pytest

from backprop_lab import _private, theme
from backprop_lab.controls import dropdown, slider
from backprop_lab.dashboard import Dashboard, FigureView
from backprop_lab.dashboards.descent.batches import EPOCHS_RANGE, BatchModesDashboard
from backprop_lab.dashboards.chain import TrainingDashboard


def test_installed_versions_are_the_ones_the_private_apis_were_checked_with():
    """The private attributes in backprop_lab/_private.py were checked
    against the recorded ipympl and matplotlib: an upgrade must re-check _private.py first. (ipywidgets
    is not pinned here: the echo guard uses only its public API.)"""
    installed = _private.installed_versions()
    assert installed == _private.RECORDED_VERSIONS, (
        f"ipympl/matplotlib changed: installed {installed}, private APIs checked with "
        f"{_private.RECORDED_VERSIONS}. Re-check backprop_lab/_private.py.")


def test_private_attributes_still_exist_on_the_installed_versions():
    from importlib.metadata import distribution

    # read, not imported: importing ipympl's backend here would switch this test process to it
    source = "".join(distribution(dist).locate_file(path).read_text()
                     for dist, path in (("ipympl", "ipympl/backend_nbagg.py"),
                                        ("matplotlib", "matplotlib/backends/backend_webagg_core.py")))
    for name in ("_force_full", "_png_is_old", "syncing_data_url", "refresh_all"):
        assert name in source, name


def test_private_module_uses_only_what_it_lists():
    """_private.py reads ipympl/webagg state; it replaces no method of theirs (the PNG encoder copy is gone)."""
    import inspect

    source = inspect.getsource(_private)
    assert "get_diff_image" not in source and not hasattr(_private, "fast_png_frames")
    used = sorted(set(re.findall(r"canvas\.(_\w+)", source)))
    assert used == ["_force_full", "_png_is_old"], used


class _Two(Dashboard):
    """A minimal dashboard: one slider, one dropdown, one figure whose clicks set both."""

    def __init__(self):
        super().__init__()
        self._watch(x=slider("x", 0.0, -1, 1), which=dropdown("which", ["a", "b"], "a"))
        self._button("Go", lambda: self.set_status("went"))
        self.view = FigureView("panel")
        self.ax = self.view.figure.add_axes([0.1, 0.1, 0.8, 0.8])
        self.ax.set_xlim(-1, 1)
        self.ax.set_ylim(-1, 1)
        (self.a,) = self.ax.plot([-0.5], [0.5], "o", ms=12, picker=True, pickradius=6, gid="a")
        (self.b,) = self.ax.plot([0.5], [-0.5], "o", ms=12, picker=True, pickradius=6, gid="b")
        self._on_figure(self.view, lambda ev: {"which": ev.artist.get_gid()}, event="pick")
        self._on_figure(self.view, self._clicked, event="click")
        self.updates = 0
        self.arrange()
        self.refresh()

    def _clicked(self, ev):
        if ev.inaxes is not self.ax:
            return None
        if ev.xdata > 0.9:
            raise ValueError(f"x = {ev.xdata:.2f} is too far right")
        return {"x": round(float(ev.xdata), 2)}

    def update(self):
        self.updates += 1
        self.set_status(f"x = {self.values['x']}, which = {self.values['which']}")


def test_layout_is_a_wrapping_row_of_controls_and_figures_then_status_then_table():
    d = _Two()
    row, status, table = d.layout.children
    assert row.layout.flex_flow == "row wrap" and row.layout.display == "flex"
    column, figure = row.children
    assert column.layout.width == theme.CONTROL_WIDTH and column.layout.max_width == "100%"
    assert figure is d.view.widget and status is d.status and table is d.table
    assert d.layout.layout.max_width == "100%" and not d.layout.layout.width
    assert d.view.size_px == theme.figure_px(theme.FIGURE_SIZES["panel"])


def test_every_figure_size_fits_the_narrowest_notebook():
    for name, size in theme.FIGURE_SIZES.items():
        assert theme.figure_px(size)[0] <= 680, name


def test_a_pick_on_the_figure_sets_the_control_and_a_click_sets_another():
    d = _Two()
    x, y = d.view.data_css_xy(d.ax, 0.5, -0.5)
    d.click(d.view, x, y)
    assert d.values["which"] == "b" and d.controls["which"].value == "b"
    assert d.values["x"] == 0.5
    x, y = d.view.data_css_xy(d.ax, -0.5, 0.5)
    d.click(d.view, x, y)
    assert d.values["which"] == "a" and d.values["x"] == -0.5
    assert "which = a" in d.status_text


class _Overlap(Dashboard):
    """Two pickable markers at the same point, the first (by drawing order) ignored by the handler when asked."""

    def __init__(self, ignore):
        super().__init__()
        self._watch(which=dropdown("which", ["a", "b", "c"], "c"))
        self.view = FigureView("panel")
        self.ax = self.view.figure.add_axes([0.1, 0.1, 0.8, 0.8])
        self.ax.set_xlim(-1, 1)
        self.ax.set_ylim(-1, 1)
        for gid in ("a", "b"):
            self.ax.plot([0.0], [0.0], "o", ms=12, picker=True, pickradius=6, gid=gid)
        self.seen = []
        self._on_figure(self.view, lambda ev: self.seen.append(ev.artist.get_gid()) or
                        (None if ev.artist.get_gid() in ignore else {"which": ev.artist.get_gid()}), event="pick")
        self.arrange()
        self.refresh()

    def update(self):
        self.set_status(f"which = {self.values['which']}")


def test_one_click_that_picks_two_artists_is_applied_once():
    d = _Overlap(ignore=())
    d.click(d.view, *d.view.data_css_xy(d.ax, 0.0, 0.0))
    assert d.seen == ["a"] and d.values["which"] == "a"  # b, under the same click, is not handled again
    d.click(d.view, *d.view.data_css_xy(d.ax, 0.0, 0.0))  # a new click is handled
    assert d.seen == ["a", "a"]
    d = _Overlap(ignore=("a",))  # an artist the handler ignores does not use up the click
    d.click(d.view, *d.view.data_css_xy(d.ax, 0.0, 0.0))
    assert d.seen == ["a", "b"] and d.values["which"] == "b"


def test_an_error_in_a_click_handler_reaches_the_status_line():
    d = _Two()
    d.click(d.view, *d.view.data_css_xy(d.ax, 0.95, 0.0))
    assert d.status_kind == "error"
    assert "x = 0.95 is too far right" in d.status_text
    d.set(x=0.25)  # and it keeps working
    assert d.status_text.startswith("x = 0.25")


def test_close_closes_every_widget_of_the_dashboard():
    d = _Two()
    widgets = [*d.controls.values(), *d.buttons.values(), d.status, d.layout, *d.layout.children]
    assert all(w.comm is not None for w in widgets)
    d.close()
    assert all(w.comm is None for w in widgets)


def test_training_dashboard_keeps_its_model_in_values_only():
    d = TrainingDashboard()
    assert not hasattr(d, "settings")
    d.values["lr"] = 0.25  # the model, not the slider, is what training reads
    d.press("Step")
    d2 = TrainingDashboard(lr=0.25)
    d2.press("Step")
    assert d.weights == pytest.approx(d2.weights, abs=0)
    # the trained weights reached the sliders through _sync_control
    assert d.controls["w0"].value == pytest.approx(d.values["w0"])
    d.set(steps=3)
    d.press("Run N steps")
    assert len(d.path) == 1 + 1 + 3


def test_a_click_on_the_cost_surface_moves_both_weights():
    d = TrainingDashboard(pair="w0 and w2")
    (x0, y0), (x1, y1) = d.plot_values()["surface_corners_px"]
    # the data point (w0, w2) = (1.5, -2) by linear interpolation between the corners (-6, -6) and (6, 6)
    px = x0 + (1.5 + 6) / 12 * (x1 - x0)
    py = y0 + (-2 + 6) / 12 * (y1 - y0)
    d.click(d.view, px, py)
    assert d.values["w0"] == pytest.approx(1.5, abs=0.011)
    assert d.values["w2"] == pytest.approx(-2.0, abs=0.011)
    assert d.values["w1"] == 1.0
    assert d.plot_values()["path_points"] == 1  # a new path starts at the clicked point


def test_batch_modes_plots_use_the_named_epoch_range():
    d = BatchModesDashboard(epochs=2)
    assert d.by_epoch.ax.get_xlim() == (0.5, EPOCHS_RANGE[1] + 0.5)
    assert d.controls["epochs"].max == EPOCHS_RANGE[1]


def test_figure_view_rejects_an_unknown_size():
    with pytest.raises(ValueError, match="figsize must be .* got 'huge'"):
        FigureView("huge")


def test_status_kinds_are_one_table():
    d = _Two()
    with pytest.raises(ValueError, match="kind must be one of"):
        d.set_status("x", "shout")
    assert set(theme.STATUS_STYLE) == set(theme.STATUS_COLORS) == {"info", "ok", "warn", "error"}
    assert np.all([theme.STATUS_COLORS[k] in theme.STATUS_STYLE[k] for k in theme.STATUS_COLORS])


def test_reconfigure_changes_what_a_control_offers_without_the_callback():
    d = _Two()
    updates = d.updates
    d.reconfigure("which", options=["a", "b", "c"], value="c")
    assert d.controls["which"].options == ("a", "b", "c") and d.values["which"] == "c" and d.updates == updates
    d.set(x=0.8)
    d.reconfigure("x", max=0.5)  # a smaller range clips the value: the model follows the control
    assert d.controls["x"].max == 0.5 and d.values["x"] == 0.5 and d.updates == updates + 1
    d.set(which="b")  # and the control still answers a student's change
    assert d.updates == updates + 2 and d.status_text == "x = 0.5, which = b"


def test_views_due_says_which_figures_refresh_redraws():
    class Still(_Two):
        still = False

        def views_due(self):
            return [] if self.still else self.views

    d = Still()
    redraws = []
    d.view.redraw = lambda key=None: redraws.append(d.values["x"])
    d.set(x=0.25)
    d.still = True
    d.set(x=0.5)  # updated (the status line), but the figure keeps its frame
    assert redraws == [0.25] and d.status_text == "x = 0.5, which = a"
