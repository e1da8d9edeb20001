"""Play's frames on the kernel's event loop (backprop_lab.frame_loop.FrameLoop), on a real asyncio loop."""
import asyncio
import time

import pytest

from backprop_lab.frame_loop import FPS, WAIT_SECONDS, WINDOW, FrameLoop


async def until(condition, timeout=60.0):
    """Let the event loop run (the kernel's, here ``asyncio.run``'s) until ``condition()`` holds."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the condition never held"
        await asyncio.sleep(0.002)


class Frames:
    """A frame function that records its numbers and when it ran."""

    def __init__(self, last=None):
        self.numbers, self.times = [], []
        self.on = True
        self.last = last  # after this frame, on() is false (Pause pressed in the frame)

    def __call__(self, n):
        self.numbers.append(n)
        self.times.append(time.perf_counter())
        if n == self.last:
            self.on = False


def test_defaults_and_bad_settings():
    assert (FPS, WINDOW, WAIT_SECONDS) == (36.0, 8, 0.5)
    with pytest.raises(ValueError, match=r"fps, window and wait_seconds must be positive, got 0, 8, 0.5\."):
        FrameLoop(print, lambda: True, fps=0)


def test_without_a_running_loop_start_does_nothing():
    frames = Frames()
    loop = FrameLoop(frames, lambda: True)
    assert loop.start() is False and not loop.running and frames.numbers == []


def test_frames_are_numbered_and_never_faster_than_fps():
    frames = Frames()
    loop = FrameLoop(frames, lambda: frames.on, fps=50, window=1000)

    async def run():
        assert loop.start() and loop.running
        assert loop.start()  # a second start while running does not start a second chain of frames
        await until(lambda: len(frames.numbers) >= 12)
        frames.on = False
        await asyncio.sleep(0.05)

    asyncio.run(run())
    assert frames.numbers == list(range(1, len(frames.numbers) + 1)) and loop.sent == len(frames.numbers)
    n = len(frames.times)
    assert frames.times[-1] - frames.times[0] >= (n - 1) * 0.02 - 0.002  # 50 per second at most (timer slack)
    assert not loop.running  # on() false: the loop ended by itself


def test_the_window_waits_for_the_page_and_a_report_lets_it_go_on():
    frames = Frames()
    loop = FrameLoop(frames, lambda: frames.on, fps=1000, window=3, wait_seconds=30)

    async def run():
        loop.start()
        await until(lambda: loop.waits == 1)
        assert frames.numbers == [1, 2, 3] and loop.running  # waiting: a time-out is scheduled
        loop.painted(2)
        await until(lambda: loop.waits == 2)
        assert frames.numbers == [1, 2, 3, 4, 5] and loop.acked == 2
        loop.painted(99)  # more than was sent: taken as everything sent
        await until(lambda: loop.waits == 3)
        assert loop.acked == 5 and frames.numbers[-1] == 8
        loop.stop()
        assert not loop.running

    asyncio.run(run())


def test_with_no_report_one_frame_per_wait():
    frames = Frames(last=5)
    loop = FrameLoop(frames, lambda: frames.on, fps=1000, window=2, wait_seconds=0.05)

    async def run():
        loop.start()
        await until(lambda: not loop.running)

    asyncio.run(run())
    late = [b - a for a, b in zip(frames.times[1:], frames.times[2:])]  # frames 3, 4, 5 each waited
    assert min(late) >= 0.05 - 0.005 and loop.waits == 3


def test_a_new_start_begins_with_an_empty_window():
    frames = Frames()
    loop = FrameLoop(frames, lambda: frames.on, fps=1000, window=2, wait_seconds=30)

    async def run():
        loop.start()
        await until(lambda: loop.waits == 1)
        loop.stop()
        loop.start()  # Pause, then Play: nothing reported, but the new Play does not wait for the old frames
        await until(lambda: loop.waits == 2)
        loop.stop()

    asyncio.run(run())
    assert frames.numbers == [1, 2, 3, 4]
