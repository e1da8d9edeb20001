"""The playground's controls fit their column of ``theme.CONTROL_WIDTH`` (300 px): no tab title, label or
thumbnail name is cut.  Text widths are measured with matplotlib in DejaVu Sans at 13 px, the font and size
JupyterLab's widgets use on the course machine (Chromium measured "Probe" 35 px and "every (epochs)" 97 px;
DejaVu here gives 36.5 and 97).  ``tests/browser/test_playground_fit_browser.py`` checks the same in Chromium.
"""
from __future__ import annotations

import functools

import ipywidgets as W
import pytest
from matplotlib.backends.backend_agg import RendererAgg
from matplotlib.font_manager import FontProperties

from backprop_lab import theme
from backprop_lab.dashboard import close_widget
from backprop_lab.dashboards.playground.dashboard import TAB_TITLES, Playground
from backprop_lab.dashboards.playground.extras import THUMB_PX

WIDGET_FONT_PX = 13  # --jp-ui-font-size1
IPYWIDGETS_TAB_PADDING_PX = 10  # ipywidgets' own padding left and right of a tab title
BORDER_PX = 1


@functools.lru_cache(maxsize=None)
def text_px(text):
    """The width in CSS px of ``text`` in DejaVu Sans at :data:`WIDGET_FONT_PX`."""
    renderer = RendererAgg(10, 10, 72)  # 72 dpi: points are pixels
    prop = FontProperties(family="DejaVu Sans", size=WIDGET_FONT_PX)
    return renderer.get_text_width_height_descent(text, prop, ismath=False)[0]


def column_px():
    return float(theme.CONTROL_WIDTH.removesuffix("px"))


@pytest.fixture(scope="module")
def dash():
    d = Playground(dataset="circle", hidden=(4, 2))
    yield d
    d.close()


def tabs_need_px(titles, padding=theme.TAB_PADDING_PX):
    """The width a tab bar needs when every title gets its own text width plus padding and a border."""
    return sum(text_px(t) + 2 * padding + BORDER_PX for t in titles)


def test_the_measure_sees_why_probe_was_cut():
    # ipywidgets' default: six tabs share 300 px equally, each loses 2 x 10 px of padding and a border
    share = column_px() / len(TAB_TITLES) - 2 * IPYWIDGETS_TAB_PADDING_PX - BORDER_PX
    assert share == 29.0  # what Chromium showed: the label box of 'Probe' was 29 px
    assert max(TAB_TITLES, key=text_px) == "Probe" and text_px("Probe") > share + 5


def test_the_tab_titles_fit_the_column_with_the_course_css(dash):
    assert dash.tabs.titles == TAB_TITLES
    assert theme.TABS_CLASS in dash.tabs.get_state()["_dom_classes"]  # the model state the page gets
    need = tabs_need_px(dash.tabs.titles)
    room = column_px() - 2 * theme.WIDGET_MARGIN_PX - 2 * BORDER_PX
    assert need <= room, f"tab titles need {need:.0f} px, the tab bar has {room:.0f}"
    # ... and the rule that lets each title take its width is on the page, in the dashboard's own widgets
    styles = [w.value for w in _widgets(dash.layout) if isinstance(w, W.HTML) and "<style>" in w.value]
    assert any(theme.WIDGET_CSS in s for s in styles)
    assert f"padding: 0 {theme.TAB_PADDING_PX}px" in theme.WIDGET_CSS and "flex: 1 1 auto" in theme.WIDGET_CSS


def test_the_lecturer_view_tabs_fit(dash):
    dash.extras.set_lecturer(True)
    try:
        assert dash.tabs.titles == ("Data", "Net", "More")
        assert tabs_need_px(dash.tabs.titles) <= column_px()
    finally:
        dash.extras.set_lecturer(False)
    assert dash.tabs.titles == TAB_TITLES


def wrap_lines(text, width):
    """Greedy word wrap of ``text`` into lines of at most ``width`` px; None if one word is wider."""
    lines, line = [], ""
    for word in text.split():
        if text_px(word) > width:
            return None
        candidate = f"{line} {word}".strip()
        if line and text_px(candidate) > width:
            lines.append(line)
            candidate = word
        line = candidate
    return lines + [line]


def test_every_thumbnail_name_shows_whole_on_at_most_two_lines(dash):
    names = []
    for thumb in dash.extras.thumbs:
        image, button = thumb.children
        assert theme.WRAP_CLASS in button.get_state()["_dom_classes"]
        inner = float(button.layout.width.removesuffix("px")) - 2 * float(button.layout.padding.split()[1][:-2])
        lines = wrap_lines(button.description, inner)
        assert lines is not None and len(lines) <= 2, f"{button.description!r} in {inner} px: {lines}"
        names.append(button.description)
    assert "multi gaussian" in names and wrap_lines("multi gaussian", THUMB_PX + 28 - 4) == ["multi", "gaussian"]


def _widgets(root):
    todo, seen = [root], []
    while todo:
        w = todo.pop()
        if any(w is s for s in seen):
            continue
        seen.append(w)
        todo.extend(c for c in getattr(w, "children", ()) if isinstance(c, W.Widget))
    return seen


def test_every_control_label_fits_its_label_width(dash):
    cut = []
    for name, control in dash.controls.items():
        width = getattr(getattr(control, "style", None), "description_width", "")
        if isinstance(control, W.Checkbox) or not control.description or not width.endswith("px"):
            continue
        if text_px(control.description) > float(width[:-2]):
            cut.append(f"{name}: {control.description!r} {text_px(control.description):.0f} px > {width}")
    assert cut == []


def test_the_lecturer_checkbox_fits_the_tab_page(dash):
    # the tab's page: the column less its borders and the page padding of WIDGET_CSS; a checkbox box is ~20 px
    page = column_px() - 2 * theme.WIDGET_MARGIN_PX - 2 * BORDER_PX - 2 * theme.TAB_PAGE_PADDING_PX
    assert text_px(dash.extras.lecturer.description) + 20 <= page


def test_close_widget_gives_back_the_style_widget():
    d = Playground(dataset="circle", hidden=(2,))
    style = [w for w in _widgets(d.layout) if isinstance(w, W.HTML) and theme.WIDGET_CSS in w.value]
    assert len(style) == 1
    close_widget(d.layout)
    d.close()
    assert style[0].comm is None


def test_every_tab_page_leaves_room_for_its_controls_margins(dash):
    # a page's box at width 100% would put a full-width control (300 px, max 100%) 2 px past the page's edge
    pages = list(dash.tabs.children)
    dash.extras.set_lecturer(True)
    pages += list(dash.tabs.children)
    dash.extras.set_lecturer(False)
    assert {(p.layout.width, p.layout.overflow) for p in pages} == {(theme.FILL_WIDTH, "visible")}
    assert theme.FILL_WIDTH == "calc(100% - 4px)"
    assert dash.tabs.layout.max_width == theme.FILL_WIDTH  # the tabs in the column of controls, the same
