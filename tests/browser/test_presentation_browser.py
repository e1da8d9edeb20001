"""Every lesson in JupyterLab's own Presentation Mode (View -> Appearance -> Presentation Mode), as a lecturer
projects it: larger text and wider prompts leave less room for the outputs, yet no widget, canvas,
image or table extends past its output area, nothing scrolls sideways, and every dashboard's slider
still moves its numbers.

Per notebook (every ``notebooks/NN_*.ipynb``, so a new lesson is covered the day it lands): open it
at 1280 x 720 with the file browser open (the narrowest case), turn Presentation Mode on from the
View menu, Run All, check the fit and move one slider per dashboard; then at 1920 x 1080 check the
fit again. The fit and slider checks are those of test_fit_browser.py (the same JavaScript).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser import lab
from tests.browser.test_fit_browser import _DASH_TEXT_JS, _OVERFLOW_JS, LAPTOP, PROJECTOR

NOTEBOOKS = sorted(p.name for p in (Path(__file__).resolve().parents[2] / "notebooks").glob("[0-9][0-9]_*.ipynb"))
_SHELL_IN_PRESENTATION = ".jp-LabShell.jp-mod-presentationMode"

# The notebook's content font size (Presentation Mode raises it).
_FONT_JS = """() => parseFloat(getComputedStyle(
    document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-MarkdownCell .jp-RenderedMarkdown p')
    || document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-RenderedMarkdown')).fontSize)"""


def presentation_mode_on(page) -> None:
    """View -> Appearance -> Presentation Mode, as a lecturer turns it on; wait until the shell shows it."""
    expect(page.locator(_SHELL_IN_PRESENTATION)).to_have_count(0)
    page.locator(".lm-MenuBar-itemLabel", has_text=re.compile(r"^View$")).click()
    # JupyterLab 4: View -> Appearance -> Presentation Mode
    submenu = page.locator(".lm-Menu-item").filter(has=page.locator(".lm-Menu-itemLabel",
                                                                    has_text=re.compile(r"^Appearance$")))
    expect(submenu).to_be_visible(timeout=lab.WIDGET_TIMEOUT_MS)
    submenu.hover()
    item = page.locator(".lm-Menu-item").filter(has=page.locator(".lm-Menu-itemLabel",
                                                                 has_text=re.compile(r"^Presentation Mode$")))
    expect(item).to_be_visible(timeout=lab.WIDGET_TIMEOUT_MS)
    item.click()
    expect(page.locator(_SHELL_IN_PRESENTATION)).to_have_count(1, timeout=lab.WIDGET_TIMEOUT_MS)


def _check_fit(page, where: str, notebook: str) -> dict:
    result = page.evaluate(_OVERFLOW_JS)
    assert result["outputs"] > 0
    if result["bad"]:
        lab.screenshot(page, f"presentation-{where}-{notebook}")
    assert result["bad"] == [], f"{notebook} in Presentation Mode at {where}:\n" + "\n".join(result["bad"])
    return result


@pytest.mark.browser
@pytest.mark.parametrize("notebook", NOTEBOOKS)
def test_presentation_mode(lab_server, browser_page, notebook):
    page = browser_page
    lab.open_with_file_browser(page, lab_server, notebook, LAPTOP)
    normal_font = page.evaluate(_FONT_JS)
    presentation_mode_on(page)
    page.wait_for_function(f"(f) => ({_FONT_JS})() > f", arg=normal_font, timeout=lab.WIDGET_TIMEOUT_MS)
    lab.run_all(page)
    expect(page.locator(_SHELL_IN_PRESENTATION)).to_have_count(1)  # still on after Run All
    laptop = _check_fit(page, "1280x720", notebook)
    lab.screenshot(page, f"presentation-1280x720-{notebook}")
    assert laptop["width"] >= 600, f"output areas only {laptop['width']} px wide"

    # every dashboard with a slider still moves its numbers
    panel = page.locator(".jp-NotebookPanel:not(.lm-mod-hidden)")
    dashes = panel.locator(".jp-OutputArea-output").filter(has=page.locator(".bplab-status")).filter(
        has=page.locator(".noUi-handle"))
    for i in range(dashes.count()):
        area = dashes.nth(i)
        area.scroll_into_view_if_needed()
        before = page.evaluate(_DASH_TEXT_JS, i)
        handle = area.locator(".noUi-handle").first
        handle.focus()
        at_max = handle.get_attribute("aria-valuenow") == handle.get_attribute("aria-valuemax")
        page.keyboard.press("ArrowLeft" if at_max else "ArrowRight")
        page.wait_for_function(f"([i, before]) => ({_DASH_TEXT_JS})(i) !== before", arg=[i, before],
                               timeout=lab.WIDGET_TIMEOUT_MS)

    page.set_viewport_size(PROJECTOR)
    page.wait_for_function("() => document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook')"
                           ".getBoundingClientRect().width > 1200", timeout=lab.WIDGET_TIMEOUT_MS)
    _check_fit(page, "1920x1080", notebook)
