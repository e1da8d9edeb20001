"""A drag's burst of slider messages is drawn once, at the newest value (backprop_lab.coalesce).

The browser is simulated the way tests/test_dashboard_echoes.py does it: every message goes through
``control.comm.handle_msg`` (the kernel's comm manager's call), ipywidgets' handler and
``Widget.set_state``, all public. The kernel's event loop is a real asyncio loop (``asyncio.run``), as
ipykernel runs comm messages on one; a burst is several messages applied before the loop turns, as
queued messages are.
"""
import asyncio

import pytest

from backprop_lab import coalesce
from backprop_lab.coalesce import GRACE_SECONDS, FrameCoalescer
from backprop_lab.dashboards import ForwardDashboard, LearningRateDashboard
from tests.test_dashboard_echoes import browser  # the one way a test plays the browser sending a control's value




def count_frames(dash):
    """Record the values each frame reads (``update`` is where every refresh reads the model)."""
    frames = []
    update = dash.update

    def counted():
        frames.append(dict(dash.values))
        return update()

    dash.update = counted
    return frames


async def settle():
    """Let the loop run past the grace period, as the kernel's loop does between messages."""
    await asyncio.sleep(GRACE_SECONDS * 5)


def x1_row(dash):
    return next(line for line in dash.table_text.splitlines() if line.startswith("x1 "))


def test_a_burst_is_drawn_once_with_the_last_value():
    d = ForwardDashboard()
    frames = count_frames(d)
    burst = [1.1, 1.2, 1.3, 1.4, 1.5, 2.5]

    async def drag():
        for v in burst:
            browser(d, "w0", v)
        assert frames == [] and d._frames.pending  # nothing drawn inside the messages' handlers
        await settle()

    asyncio.run(drag())
    assert [f["w0"] for f in frames] == [2.5]  # one frame, the last value; 1.1 .. 1.5 never drawn
    assert (d._frames.requested, d._frames.drawn, d._frames.skipped) == (6, 1, 5)
    assert d.values["w0"] == 2.5
    assert x1_row(d).split("|")[2].strip() == "2.5 * 2"   # x1 = w0 * s0 with w0 = 2.5, s0 = 2
    assert x1_row(d).split("|")[3].strip() == "5"
    assert d.controls["w0"].value == 2.5 and not d._frames.pending


def test_values_that_arrive_slower_than_frames_are_each_drawn():
    d = ForwardDashboard()
    frames = count_frames(d)

    async def drag():
        for v in (1.25, 0.5, -1.0):
            browser(d, "w0", v)
            await settle()

    asyncio.run(drag())
    assert [f["w0"] for f in frames] == [1.25, 0.5, -1.0]
    assert (d._frames.requested, d._frames.drawn, d._frames.skipped) == (3, 3, 0)


def test_nothing_is_lost_across_two_sliders_in_one_burst():
    """Each change still runs its own per-control logic; one frame shows both sliders' last values."""
    d = LearningRateDashboard()
    frames = count_frames(d)
    start = d.controls["start"]
    assert (start.min, start.max) == (-2.0, 8.0)

    async def drag():
        browser(d, "objective", "double_well")   # resets the range of start (per-control logic)
        new_range = (start.min, start.max)
        browser(d, "start", 0.75)
        browser(d, "lr", 0.05011872336272722)                 # 10 ** -1.3, on the log slider's grid
        browser(d, "start", 1.5)
        await settle()
        return new_range

    new_range = asyncio.run(drag())
    assert new_range == (-2.2, 2.2)  # the objective's own handling (a new range for start) ran in its message
    # a dropdown is a click, not a drag: drawn at once (start moved to the new objective's 2.0); the three
    # slider values after it: one frame, with both sliders' last values
    assert [(f["objective"], f["start"], f["lr"]) for f in frames] == [
        ("double_well", 2.0, 0.1), ("double_well", 1.5, pytest.approx(0.0501187, rel=1e-6))]
    assert (d._frames.requested, d._frames.drawn, d._frames.skipped) == (3, 1, 2)
    assert d.table_text.splitlines()[0] == ("Gradient descent on J = theta^4 - 3 theta^2 + theta, "
                                            "learning rate 0.05012, from theta = 1.5")


def test_an_echo_in_a_burst_asks_for_no_frame_and_the_model_stays_exact():
    d = ForwardDashboard()
    d.set(w0=1.234567)  # from a cell: drawn at once, the slider's view will answer with 1.23
    frames = count_frames(d)

    async def answers():
        browser(d, "w0", 1.23)       # the echo
        await settle()
        assert frames == [] and d._frames.requested == 0
        browser(d, "w0", 1.5)        # a move, then a burst ending on another move
        browser(d, "w0", 1.75)
        await settle()

    asyncio.run(answers())
    assert [f["w0"] for f in frames] == [1.75]
    assert d.values["w0"] == 1.75


def test_python_changes_draw_at_once_even_inside_the_loop():
    d = ForwardDashboard()
    frames = count_frames(d)

    async def cell():
        d.set(w0=1.5)
        assert [f["w0"] for f in frames] == [1.5]  # a cell that prints the table right after sees it
        d.controls["w0"].value = 0.5
        assert [f["w0"] for f in frames] == [1.5, 0.5]
        assert not d._frames.pending

    asyncio.run(cell())
    assert x1_row(d).split("|")[3].strip() == "1"


def test_without_a_running_loop_a_message_draws_at_once():
    d = ForwardDashboard()
    frames = count_frames(d)
    assert coalesce.running_loop() is None
    browser(d, "w0", 1.5)
    assert [f["w0"] for f in frames] == [1.5] and d._frames.requested == 0


def test_a_closed_dashboard_draws_no_pending_frame():
    d = ForwardDashboard()
    frames = count_frames(d)

    async def drag_then_close():
        browser(d, "w0", 1.5)
        assert d._frames.pending
        d.close()
        assert not d._frames.pending
        await settle()

    asyncio.run(drag_then_close())
    assert frames == [] and d._frames.drawn == 0


def test_an_error_in_a_deferred_frame_reaches_the_status_line():
    d = ForwardDashboard()

    def broken():
        raise ZeroDivisionError("division by zero")

    d.update = broken

    async def drag():
        browser(d, "w0", 1.5)
        await settle()

    asyncio.run(drag())  # no exception escapes the loop's callback
    assert d.status_kind == "error"
    assert d.status_text.startswith("Something went wrong: ZeroDivisionError: division by zero")
    assert "refresh" not in vars(d)  # the instance's refresh was put back


def test_the_coalescer_on_its_own_counts_and_merges():
    class Dash:
        closed = False

        def __init__(self):
            self.drawn = []

        def on_control_change(self, change):
            self.refresh(frame=change)

        def refresh(self, frame=None):
            self.drawn.append(frame)

        def _safely(self, fn):
            fn()

    dash, frames = Dash(), FrameCoalescer(grace=0.001)

    async def burst():
        for k in range(4):
            frames.change(dash, k, from_browser=True)
        frames.change(dash, "cell", from_browser=False)   # drawn at once, the pending frame stays
        await asyncio.sleep(0.01)

    asyncio.run(burst())
    assert dash.drawn == ["cell", 3]  # the last browser request's arguments
    assert (frames.requested, frames.drawn, frames.skipped) == (4, 1, 3)


def test_switched_off_every_browser_change_draws_inside_its_message(monkeypatch):
    """``coalesce.ENABLED = False`` (what bench_class --ab compares against) is the old behaviour."""
    monkeypatch.setattr(coalesce, "ENABLED", False)
    d = ForwardDashboard()
    frames = count_frames(d)

    async def drag():
        for v in (1.1, 1.2, 1.3):
            browser(d, "w0", v)
        assert [f["w0"] for f in frames] == [1.1, 1.2, 1.3] and not d._frames.pending

    asyncio.run(drag())
    assert d._frames.requested == 0
