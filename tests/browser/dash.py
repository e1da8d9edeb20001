"""Locators and waits for one dashboard in a real browser, shared by the browser tests.

A dashboard's output area is found by a slider label unique to it; every
locator is scoped to that area, as a page may hold several dashboards. What
the dashboard shows is read as the student sees it: the status line, its
``data-plot`` attribute (numbers read back from the matplotlib artists), the
table cells and the canvas pixels. Every wait is on a condition with a
timeout; there are no fixed sleeps.
"""

from __future__ import annotations

import io
import json
import re
import time

from playwright.sync_api import TimeoutError as PlaywrightTimeoutError
from playwright.sync_api import expect

from tests.browser import lab

RTOL = 1e-9
STATE_TIMEOUT_MS = lab.WIDGET_TIMEOUT_MS
CANVAS_TIMEOUT_MS = lab.WIDGET_TIMEOUT_MS

# --------------------------------------------------------------------------
# Locators, scoped to one dashboard
# --------------------------------------------------------------------------
def _exact(text: str) -> re.Pattern:
    return re.compile(r"^\s*" + re.escape(text) + r"\s*$")


def dashboard(page, slider_label: str):
    """The output area of the one dashboard that has a status line and a slider *slider_label*."""
    area = (page.locator(lab.WIDGET_OUTPUT)
            .filter(has=page.locator(".bplab-status"))
            .filter(has=page.locator(".widget-hslider .widget-label", has_text=_exact(slider_label))))
    expect(area).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)
    return area


def control(area, label: str):
    """The slider (``.widget-hslider``) labelled *label* inside *area*."""
    return area.locator(".widget-hslider").filter(has=area.page.locator(".widget-label", has_text=_exact(label)))


def readout(area, label: str):
    return control(area, label).locator(".widget-readout")


def readout_value(area, label: str) -> float:
    """The number the slider's readout shows (what the student reads)."""
    text = readout(area, label).text_content().strip().replace("\u2212", "-")
    return float(text)


def button(area, description: str):
    return area.locator("button.widget-button", has_text=_exact(description))


def press_key(area, label: str, key: str, expected_readout: str | None = None) -> float:
    """Focus slider *label*'s handle, press *key* once, wait for its readout to
    move (to *expected_readout* if given) and return the value it shows."""
    before = readout(area, label).text_content()
    handle = control(area, label).locator(".noUi-handle")
    handle.scroll_into_view_if_needed()
    handle.focus()
    area.page.keyboard.press(key)
    if expected_readout is not None:
        expect(readout(area, label)).to_have_text(_exact(expected_readout), timeout=STATE_TIMEOUT_MS)
    else:
        expect(readout(area, label)).not_to_have_text(before, timeout=STATE_TIMEOUT_MS)
    return readout_value(area, label)


def grid_readout(value: float, digits: int = 3) -> str:
    """A FloatSlider readout as ipywidgets writes it (``.3f``, a real minus sign)."""
    return f"{value:.{digits}f}".replace("-", "\u2212")


# --------------------------------------------------------------------------
# What the dashboard shows: status, plotted values, table
# --------------------------------------------------------------------------
_READ_STATE_JS = """(area) => {
  const st = area.querySelector('.bplab-status');
  const tbl = area.querySelector('.bplab-table');
  const cell = td => {
    const m = td.querySelector('[role=img]');
    return (m ? m.getAttribute('aria-label') : td.textContent).trim();
  };
  let plot = null;
  if (st && st.dataset.plot) {
    try { plot = JSON.parse(st.dataset.plot); } catch (e) { plot = 'unreadable JSON: ' + st.dataset.plot; }
  }
  const title = tbl && tbl.querySelector(':scope > div');
  return {
    status: st ? st.textContent : null,
    plot,
    title: title ? title.textContent : null,
    rows: tbl ? [...tbl.querySelectorAll('tbody tr')].map(tr => [...tr.children].map(cell)) : [],
    text: tbl ? tbl.textContent : '',
  };
}"""

_STATE_MATCHES_JS = """([area, exp]) => {
  const s = (%s)(area);
  const close = (a, b) => {
    if (typeof b === 'number') {
      return typeof a === 'number' && Math.abs(a - b) <= exp.rtol * Math.max(Math.abs(a), Math.abs(b));
    }
    if (Array.isArray(b)) return Array.isArray(a) && a.length === b.length && b.every((v, i) => close(a[i], v));
    if (b !== null && typeof b === 'object') {
      return a !== null && typeof a === 'object' && Object.keys(b).every(k => close(a[k], b[k]));
    }
    return a === b;
  };
  if (exp.status !== null && s.status !== exp.status) return false;
  if (exp.status_prefix !== null && !(s.status || '').startsWith(exp.status_prefix)) return false;
  if (exp.status_contains.some(t => !(s.status || '').includes(t))) return false;
  if (exp.plot !== null && !close(s.plot, exp.plot)) return false;
  if (exp.title !== null && s.title !== exp.title) return false;
  for (const want of exp.cells) {
    const row = s.rows.find(r => want.key.every((k, i) => r[i] === k));
    if (!row || Object.entries(want.cells).some(([j, t]) => row[+j] !== t)) return false;
  }
  const text = (s.text + ' ' + (s.status || '')).toLowerCase();
  if (exp.forbidden.some(w => text.includes(w))) return false;
  return true;
}""" % _READ_STATE_JS


def read_state(area) -> dict:
    return area.evaluate(_READ_STATE_JS)


def wait_state(area, *, status=None, status_prefix=None, status_contains=(), plot=None, title=None,
               cells=(), forbidden=(), timeout_ms=STATE_TIMEOUT_MS, what="") -> dict:
    """Wait until the dashboard in *area* shows all of the given things; return what it shows.

    ``cells``: ``[(key, {column: text})]`` -- the row whose first cells are
    *key* has these texts in these columns.  ``plot``: a subset of the
    ``data-plot`` JSON; numbers agree to ``RTOL`` relative.
    """
    exp = dict(status=status, status_prefix=status_prefix, status_contains=list(status_contains), plot=plot,
               title=title, cells=[{"key": list(k), "cells": {str(j): t for j, t in c.items()}} for k, c in cells],
               forbidden=[w.lower() for w in forbidden], rtol=RTOL)
    try:
        area.page.wait_for_function(_STATE_MATCHES_JS, arg=[area.element_handle(), exp], timeout=timeout_ms)
    except PlaywrightTimeoutError:
        got = read_state(area)
        got.pop("text")
        raise AssertionError(
            f"dashboard did not show the expected state{' ' + what if what else ''} within {timeout_ms} ms\n"
            f"expected: {json.dumps(exp, indent=1)}\nshown:    {json.dumps(got, indent=1)}") from None
    return read_state(area)


# --------------------------------------------------------------------------
# The canvas
# --------------------------------------------------------------------------
def canvas(area):
    """The ipympl canvas of the dashboard's figure (the image layer, not the rubber-band one)."""
    return area.locator(".jupyter-matplotlib-canvas-div canvas").first


#: How far (px) any element of a dashboard's output sticks out past its right edge, and its sideways scroll.
FIT_JS = """(area) => {
  const out = area.getBoundingClientRect();
  let worst = 0;
  for (const el of area.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0) continue;
    worst = Math.max(worst, r.right - out.right);
  }
  return {worst, width: out.width, scroll: area.scrollWidth - area.clientWidth};
}"""


def click_canvas(area, x: float, y: float) -> None:
    """Click the dashboard's canvas at CSS pixel ``(x, y)`` from its top left corner, e.g. a point a
    dashboard publishes in ``plot_values`` (``FigureView.data_css_xy``). The mouse goes to that place on
    the page, so the click reaches whichever canvas layer ipympl listens on, as a student's would."""
    c = canvas(area)
    c.scroll_into_view_if_needed()
    box = c.bounding_box()
    assert box is not None and 0 <= x <= box["width"] and 0 <= y <= box["height"], (x, y, box)
    area.page.mouse.click(box["x"] + x, box["y"] + y)


_CANVAS_DRAWN_JS = """(c) => {
  if (c.width < 100 || c.height < 100) return false;
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  for (let i = 4; i < d.length; i += 4) {
    if (d[i] !== d[0] || d[i + 1] !== d[1] || d[i + 2] !== d[2] || d[i + 3] !== d[3]) return true;
  }
  return false;
}"""


def canvas_png(area) -> bytes:
    """A screenshot of the dashboard's canvas once it shows a drawing; checked not blank."""
    c = canvas(area)
    c.scroll_into_view_if_needed()
    area.page.wait_for_function(_CANVAS_DRAWN_JS, arg=c.element_handle(), timeout=CANVAS_TIMEOUT_MS)
    # the canvas holds a drawing; its screenshot shows it once the page has composited that frame
    deadline = time.monotonic() + CANVAS_TIMEOUT_MS / 1000
    png = c.screenshot()
    while _single_colour(png) and time.monotonic() < deadline:
        png = c.screenshot()
    assert_not_blank(png)
    c.evaluate("c => { c.__bplabBefore = c.toDataURL(); }")
    return png


_QUIET_JS = """([c, ms]) => {
  const url = c.toDataURL(), now = performance.now();
  if (c.__bplabQuietUrl !== url) { c.__bplabQuietUrl = url; c.__bplabQuietSince = now; return false; }
  return now - c.__bplabQuietSince >= ms;
}"""


def wait_canvas_quiet(area, quiet_ms: int = 1000) -> None:
    """Wait until the canvas's pixels have not changed for ``quiet_ms`` (a condition polled in the page).

    A picture kept to be compared exactly later must be the settled one: right after Run All the
    canvas can still receive frames (a diff frame the browser dropped is put right by the kernel's
    whole frame 0.3 s later: ``BlitManager.heal_delay``), and a screenshot taken in between is a
    picture the dashboard never settles on again.
    """
    c = canvas(area)
    area.page.wait_for_function(_QUIET_JS, arg=[c.element_handle(), quiet_ms], timeout=CANVAS_TIMEOUT_MS,
                                polling=100)


def _single_colour(png: bytes) -> bool:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        return im.convert("RGB").getcolors(maxcolors=1) is not None


def assert_not_blank(png: bytes) -> None:
    from PIL import Image

    with Image.open(io.BytesIO(png)) as im:
        assert im.width > 100 and im.height > 100, f"canvas screenshot is only {im.width}x{im.height} px"
    assert not _single_colour(png), "canvas screenshot is a single colour"


def wait_canvas_changed(area, before: bytes, what: str) -> bytes:
    """Wait until the canvas pixels differ from *before* (a :func:`canvas_png`); return the new PNG."""
    c = canvas(area)
    try:
        area.page.wait_for_function("c => c.toDataURL() !== c.__bplabBefore", arg=c.element_handle(),
                                    timeout=CANVAS_TIMEOUT_MS)
    except PlaywrightTimeoutError:
        raise AssertionError(f"the canvas did not change after {what} within {CANVAS_TIMEOUT_MS} ms") from None
    # The canvas's own pixels changed; the screenshot of it must too.
    deadline = time.monotonic() + CANVAS_TIMEOUT_MS / 1000
    while True:
        png = c.screenshot()
        if png != before:
            break
        if time.monotonic() > deadline:
            raise AssertionError(f"the canvas screenshot did not change after {what}")
    assert_not_blank(png)
    c.evaluate("c => { c.__bplabBefore = c.toDataURL(); }")
    return png


def wait_canvas_equal(area, expected: bytes, what: str) -> None:
    """Wait until a screenshot of the canvas is exactly *expected* (a :func:`canvas_png`)."""
    c = canvas(area)
    deadline = time.monotonic() + CANVAS_TIMEOUT_MS / 1000
    while c.screenshot() != expected:
        if time.monotonic() > deadline:
            raise AssertionError(f"after {what} the canvas does not show the expected picture")


def shot(page, area, name: str) -> None:
    area.scroll_into_view_if_needed()
    lab.screenshot(page, name)


def open_and_run(page, server, notebook: str) -> None:
    lab.open_notebook(page, server, notebook)
    lab.run_all(page)
