"""Blitted frames show what a full redraw shows (backprop_lab.blit).

A slider change redraws only the moving artists over a cached background
(:class:`backprop_lab.blit.Blitter`). The danger is a background that no longer
fits the figure: new axis limits under an old grid. Here every lesson-05
dashboard (and lesson 06's contour view) is driven through control changes,
some of which move axis limits, and after each the canvas's pixels
(``canvas.buffer_rgba()``) are compared with those of a full ``canvas.draw()``
of the same state. A check that a plain blit with a stale background *does*
differ shows the comparison can fail.
"""
import numpy as np
import pytest

from backprop_lab.blit import Blitter, background_key
from backprop_lab.dashboards.descent import (BatchModesDashboard, Descent2DDashboard, LearningRateDashboard,
                                             MomentumDashboard)
from backprop_lab.dashboards.network import NetworkDashboard
from backprop_lab.plotting import BlitManager, Lines, new_figure

#: Largest difference of one colour value (0-255) allowed between a blitted frame and a full redraw.
TOLERANCE = 3


def pixels(canvas):
    """A copy of the canvas's RGBA pixels, as integers."""
    return np.asarray(canvas.buffer_rgba()).astype(int).copy()


def full_redraw(view):
    """The pixels of a full draw of the figure as it is now (the draw event draws the animated artists too)."""
    view.figure.canvas.draw()
    return pixels(view.figure.canvas)


def limits(view):
    return [(ax.get_xlim(), ax.get_ylim()) for ax in view.figure.axes]


def zoom(dash):
    """What the toolbar's zoom does: new limits on the first axes, set from outside the dashboard."""
    ax = dash.view.figure.axes[0]
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    ax.set_xlim(x0 + 0.25 * (x1 - x0), x1 - 0.25 * (x1 - x0))
    ax.set_ylim(y0, y1 - 0.3 * (y1 - y0))


# (dashboard, changes): each change is a dict of control values for dash.set, or "zoom" (then a slider move)
CASES = {
    "learning rate": (LearningRateDashboard, [
        dict(lr=0.3), dict(start=5.0), dict(steps=60),  # steps 30 -> 60: the J axis grows from 50 to 100
        dict(lr=1.05), dict(objective="double_well"), dict(start=-1.5), dict(steps=8), dict(lr=0.01),
        "zoom", dict(start=1.0)]),
    "2-D descent": (Descent2DDashboard, [
        dict(theta0=1.0), dict(theta1=-2.0), dict(lr=0.55), dict(steps=80), dict(show="sequential"),
        dict(steps=12), dict(lr=0.05), "zoom", dict(theta0=-1.0)]),
    "momentum": (MomentumDashboard, [
        dict(momentum=0.3), dict(start=1.2), dict(lr=0.05), dict(steps=300), dict(momentum=0.9),
        dict(start=-0.4), dict(lr=0.01), dict(steps=40), "zoom", dict(momentum=0.5)]),
    "batch modes": (BatchModesDashboard, [
        dict(batch_size=5), dict(lr=3.0), dict(epochs=2), dict(batch_size=33), dict(lr=0.05),
        "zoom", dict(batch_size=20)]),
}


@pytest.mark.parametrize("every", [1, 3], ids=["compared after every change", "after every third"])
@pytest.mark.parametrize("name", list(CASES))
def test_a_blitted_frame_equals_a_full_redraw(name, every):
    """The comparison's full draw caches a fresh background; comparing only every third change
    leaves runs of frames drawn from the dashboard's own caches."""
    factory, changes = CASES[name]
    dash = factory()
    view = dash.view
    assert isinstance(view.blit, Blitter)
    dash.render()
    blits, moved, compared = view.blit.blits, 0, 0
    for k, change in enumerate(changes):
        before = limits(view)
        if change == "zoom":
            zoom(dash)
            change = {"zoom": None}
        else:
            dash.set(**change)
        if change == {"zoom": None}:
            continue  # the zoom alone draws nothing; the next slider move must notice it
        moved += limits(view) != before
        if k % every and k != len(changes) - 1:
            continue
        compared += 1
        frame = pixels(view.figure.canvas)
        full = full_redraw(view)
        diff = np.abs(frame - full)
        assert diff.max() <= TOLERANCE, (f"{name}, after {change}: {int((diff.max(axis=2) > TOLERANCE).sum())} "
                                         f"pixels differ from a full redraw (largest difference {diff.max()})")
    dash.close()
    # the comparison covered blits (not only full draws) and frames after the limits moved
    assert view.blit.blits - blits >= 4
    assert moved >= 1 and compared >= sum(c != "zoom" for c in changes) // every


def test_a_stale_background_is_caught_by_the_comparison_and_avoided_by_the_blitter():
    """A plain blit after ``set_xlim`` without ``invalidate`` keeps the old ticks: the pixels differ.
    The Blitter sees the new limits in :func:`background_key` and draws everything."""
    shown = {}
    for kind in (BlitManager, Blitter):
        fig = new_figure((4, 3), scale=1)
        ax = fig.add_subplot()
        blit = kind(fig)
        curve = Lines(ax, {"J": dict(color="C0", lw=1.5)}, blit)
        curve.set("J", [0, 1, 2, 3], [3, 1, 0.5, 0.2])
        ax.set_xlim(0, 3)
        ax.set_ylim(0, 3)
        blit.update()  # first frame: a full draw caches the background
        curve.set("J", [0, 1, 2, 3, 4, 5], [3, 1, 0.5, 0.2, 0.1, 0.05])
        ax.set_xlim(0, 5)  # new limits, and nobody calls blit.invalidate()
        blit.update()
        frame = pixels(fig.canvas)
        fig.canvas.draw()
        shown[kind.__name__] = np.abs(frame - pixels(fig.canvas)).max()
    assert shown["BlitManager"] > 100  # old tick labels under the new curve
    assert shown["Blitter"] <= TOLERANCE


def test_the_blitter_blits_when_nothing_static_changed_and_says_why_it_draws_everything():
    fig = new_figure((4, 3), scale=1)
    ax = fig.add_subplot()
    blit = Blitter(fig)
    (line,) = ax.plot([], [])
    blit.add(line)
    ax.set_xlim(0, 1)
    ax.set_ylim(0.5, 3)
    assert blit.doubt() == "no background yet"
    blit.update()
    assert (blit.full_draws, blit.blits) == (1, 0)
    line.set_data([0, 1], [1, 2])
    ax.set_xlim(0, 1)  # the same limits set again: no reason for a full draw
    assert blit.doubt() is None
    blit.update()
    assert (blit.full_draws, blit.blits) == (1, 1)
    fig.set_size_inches(5, 3)  # a resized canvas
    assert blit.doubt() == "the canvas or an axes changed"
    blit.update()
    ax.set_yscale("log")
    blit.update()
    blit.invalidate()
    blit.update()
    assert blit.full_draws == 4
    assert blit.reasons == {"no background yet": 1, "the canvas or an axes changed": 2, "invalidated": 1}


def test_background_key_follows_limits_and_size_and_only_them():
    fig = new_figure((4, 3), scale=1)
    ax = fig.add_subplot()
    ax.set_xlim(0, 10)
    key = background_key(fig)
    ax.set_xlim(0, 10)
    ax.set_title("a new title is not in the key (a dashboard invalidates for it)")
    assert background_key(fig) == key
    ax.set_xlim(0, 20)
    assert background_key(fig) != key
    ax.set_xlim(0, 10)
    assert background_key(fig) == key
    fig.set_dpi(fig.dpi * 2)
    assert background_key(fig) != key


def test_close_gives_the_cached_background_back():
    dash = MomentumDashboard()
    dash.render()
    dash.set(momentum=0.5)  # (render saved a PNG without ipympl: the frame after it is a full draw)
    dash.set(momentum=0.6)
    blit = dash.view.blit
    assert blit.doubt() is None and blit.blits >= 1  # a background is cached and used
    dash.close()
    assert blit.doubt() == "no background yet"
    assert blit.background_key is None


def test_network_contour_view_blits_frames_equal_to_a_full_redraw():
    dash = NetworkDashboard()
    view = dash.view2
    dash.render()
    blits = view.blit.blits
    changes = (dict(w5=0.6), dict(weight="w2"), dict(w5=0.2), dict(lr=2.0), dict(weight="b1"), dict(second="w8"),
               dict(w5=0.45))
    for change in changes:
        before = view.blit.blits
        dash.set(**change)
        if "weight" in change or "second" in change:
            # a new pair of weights is a blit too: its title and axis names are texts of the words layer,
            # drawn again on their own (the comparison below leaves a fresh background before each change)
            assert view.blit.blits == before + 1, change
        frame = pixels(view.figure.canvas)
        full = full_redraw(view)
        assert np.abs(frame - full).max() <= TOLERANCE, change
    assert view.blit.blits - blits >= len(changes) - 2  # all but the learning rate's (no frame), the first maybe
    assert (dash.surface_map.title.get_text(), dash.map_xlabel.get_text(), dash.map_ylabel.get_text()) == \
        ("E_total over b1, w8", "b1", "w8")
    dash.close()


def test_limits_seen_before_reuse_their_saved_background_and_match_a_full_redraw():
    """Dragging "steps" across 50 moves the J axis between 50 and 100: after the first crossing both
    backgrounds are saved, so the later crossings are blits, each equal to a full redraw."""
    dash = LearningRateDashboard(steps=30)
    view = dash.view
    dash.set(lr=0.2)
    full_draws = view.blit.full_draws
    for steps in (60, 30, 70, 40, 80):
        dash.set(steps=steps)
        assert view.figure.axes[1].get_xlim() == (0.0, 100.0 if steps > 50 else 50.0)
        frame = pixels(view.figure.canvas)
        assert np.abs(frame - full_redraw(view)).max() <= TOLERANCE, steps
    # one full draw for the first crossing (the comparison's own full draws are not counted here)
    assert view.blit.full_draws - full_draws - 5 == 1
    assert view.blit.reused == 4
    view.blit.invalidate()  # a static change: the saved backgrounds show the old state and are dropped
    assert view.blit.doubt() == "invalidated"
    dash.close()


def test_a_warning_text_is_drawn_only_when_its_words_change():
    """The "off the plot" warning sits in the words layer: drawn again when its words change, kept otherwise,
    and the frame equals a full redraw either way."""
    dash = Descent2DDashboard(lr=0.59, steps=30)
    view = dash.view
    dash.render()
    seen = set()
    for theta0 in (-1.9, -1.8, 2.0, 0.05, -2.0):
        dash.set(theta0=theta0)
        seen.add(dash.note.get_text())
        frame = pixels(view.figure.canvas)
        assert np.abs(frame - full_redraw(view)).max() <= TOLERANCE, (theta0, dash.note.get_text())
    assert len(seen) >= 2 and any("off the plot" in s for s in seen)
    assert dash.note in view.blit.layers["words"]
    with pytest.raises(TypeError, match="the 'words' layer holds texts"):
        view.blit.add(dash.surface.point, layer="words")
    with pytest.raises(ValueError, match="layer must be one of"):
        view.blit.add(dash.surface.point, layer="background")
    dash.close()
