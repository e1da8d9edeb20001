"""Every use of a private API of ipympl or matplotlib, in one place, with the reason.

The course pins ipympl and matplotlib (``requirements.txt``). The private
attributes below were checked against :data:`RECORDED_VERSIONS`;
``tests/test_layer.py`` fails loudly when the installed versions differ, so an
upgrade re-checks them before anything else. (No method of theirs is replaced
here: where ipympl's PNG frames were too slow, the view moved to the browser,
:mod:`backprop_lab.views`.)

Left out: everything public (use the public API wherever one exists), and so
ipywidgets: the slider echo guard (:mod:`backprop_lab.echo`) needs only its
public ``Widget.set_state``.
"""
from __future__ import annotations

__all__ = ["RECORDED_VERSIONS", "installed_versions", "canvas_waiting_for_view",
           "sends_frames", "force_full_frame", "resend_full_frame"]

#: The versions whose private attributes were checked.
RECORDED_VERSIONS = {"ipympl": "0.10.0", "matplotlib": "3.11.2"}


def installed_versions():
    """``{package: version}`` of the installed ipympl and matplotlib."""
    from importlib.metadata import version

    return {name: version(name) for name in RECORDED_VERSIONS}


def canvas_waiting_for_view(canvas):
    """True for an ipympl canvas whose browser view has not said "initialized" yet (or has no view).

    ipympl 0.10 sets ``syncing_data_url`` until then; images drawn before are
    lost and leave a 0x0 canvas in the browser ("drawImage ... 'broken' state").
    """
    return bool(getattr(canvas, "syncing_data_url", False))


def sends_frames(canvas):
    """True for an ipympl (webagg) canvas, which sends its frames to a browser as full images or diffs."""
    return hasattr(canvas, "_force_full")


def force_full_frame(canvas):
    """Make ipympl's next frame a whole image, not a diff against what it thinks the browser holds.

    ``_force_full`` is webagg's switch for that; a lost diff frame otherwise
    leaves stale pixels until the next full frame. No-op on other canvases.
    """
    if hasattr(canvas, "_force_full"):
        canvas._force_full = True
        return True
    return False


def resend_full_frame(canvas):
    """Send the current frame again, whole (the heal of :class:`~backprop_lab.plotting.BlitManager`).

    Needs webagg's ``_force_full`` and ``_png_is_old`` (marks the cached PNG
    as stale so ``refresh_all`` sends it). Returns False where there is nothing
    to do (no ipympl, a view not ready, a closed figure).
    """
    manager = getattr(canvas, "manager", None)
    if manager is None or canvas_waiting_for_view(canvas) or not hasattr(canvas, "_force_full"):
        return False
    try:
        canvas._force_full = True
        canvas._png_is_old = True
        manager.refresh_all()
    except Exception:  # a closed figure or a dropped connection: nothing to heal
        return False
    return True
