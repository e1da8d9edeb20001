"""Lesson 08's Playground at 1280 x 720 with JupyterLab's file browser open, as a student sees it: in the
column of controls (``theme.CONTROL_WIDTH``) no tab title is cut ("Probe" was shown as "Prob"), and on every
tab's page no label, button text or thumbnail name is cut and no control passes the page's right edge
(ipywidgets' 15 px page padding used to cut the dropdowns), and the learning rate's and activation's
dropdowns above the tabs keep their right border; the maps' own text is at least 12 px.
Every wait is on a condition; there are no fixed sleeps.
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from backprop_lab.dashboards.playground.dashboard import TAB_TITLES
from tests.browser import lab
from tests.browser.test_playground_browser import NOTEBOOK, playground

LAPTOP = {"width": 1280, "height": 720}
MIN_TEXT_PX = 12

#: Inside the Tab widget of ``area``: titles cut, and on its visible page the texts cut by their own box
#: (scrollWidth past clientWidth where overflow hides it) and the elements past the page's right edge.
_CUT_JS = """(area) => {
  const tab = area.querySelector('.jupyter-widget-tab');
  const cut = [];
  const titles = [...tab.querySelectorAll('.lm-TabBar-tabLabel')];
  for (const t of titles)
    if (t.scrollWidth > t.clientWidth) cut.push(`title '${t.textContent}': ${t.scrollWidth} > ${t.clientWidth} px`);
  const column = tab.parentElement.getBoundingClientRect();
  const tr = tab.getBoundingClientRect();
  if (tr.right > column.right + 0.5) cut.push(`the tabs end at ${tr.right}, their column at ${column.right}`);
  for (const c of tab.parentElement.querySelectorAll('select, input, button')) {
    const r = c.getBoundingClientRect();
    if (r.width > 0 && r.right > column.right + 0.5)
      cut.push(`${c.tagName.toLowerCase()} of the column ends at ${r.right}, the column at ${column.right}`);
  }
  const contents = tab.querySelector('.widget-tab-contents');
  const page = [...contents.children].find(c => !c.classList.contains('lm-mod-hidden')
                                                && c.getBoundingClientRect().width > 0);
  const inner = contents.getBoundingClientRect().right - parseFloat(getComputedStyle(contents).paddingRight);
  for (const el of page.querySelectorAll('*')) {
    const r = el.getBoundingClientRect();
    const st = getComputedStyle(el);
    if (r.width === 0 || st.display === 'none' || st.visibility === 'hidden') continue;
    const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
    if (own && st.overflowX === 'hidden' && el.scrollWidth > el.clientWidth)
      cut.push(`'${own}' cut: ${el.scrollWidth} > ${el.clientWidth} px`);
    const what = `${el.tagName.toLowerCase()} '${(el.textContent || '').trim().slice(0, 24)}'`;
    if (r.right > inner + 0.5) cut.push(`${what} ends at ${r.right.toFixed(1)}, the page at ${inner.toFixed(1)}`);
    // a box between it and the page that hides what passes its edge (ipywidgets' boxes: overflow auto)
    for (let a = el.parentElement; a && a !== contents; a = a.parentElement) {
      if (getComputedStyle(a).overflowX === 'visible') continue;
      const ar = a.getBoundingClientRect();
      if (r.right > ar.right + 0.5)
        cut.push(`${what} ends at ${r.right.toFixed(1)}, cut by its box at ${ar.right.toFixed(1)}`);
      break;
    }
  }
  return {titles: titles.map(t => t.textContent), cut: [...new Set(cut)]};
}"""

#: The font size of every text of the page-drawn maps (axis names of the neurons' maps, the legend).
_HEAT_TEXT_PX_JS = """(area) => [...area.querySelectorAll('.bplab-heat *')]
  .filter(e => [...e.childNodes].some(n => n.nodeType === 3 && n.textContent.trim()))
  .map(e => [e.textContent.trim(), parseFloat(getComputedStyle(e).fontSize)])"""


@pytest.mark.browser
def test_every_tab_of_the_playground_fits_its_column_at_1280x720(lab_server, browser_page):
    page = browser_page
    lab.open_with_file_browser(page, lab_server, NOTEBOOK, LAPTOP)
    lab.run_all(page)
    area = playground(page)
    area.scroll_into_view_if_needed()
    seen = {}
    for title in TAB_TITLES:
        tab = area.locator(".jupyter-widget-tab .lm-TabBar-tab", has_text=re.compile(rf"^\s*{title}\s*$"))
        tab.click()
        expect(tab).to_have_class(re.compile(r"\blm-mod-current\b"))
        result = area.evaluate(_CUT_JS)
        assert result["titles"] == list(TAB_TITLES)
        seen[title] = result["cut"]
    assert seen == {t: [] for t in TAB_TITLES}
    # the thumbnails' names are whole (tab More is open): "multi gaussian" on two lines
    multi = area.locator("button.widget-button", has_text="multi gaussian")
    expect(multi).to_be_visible()
    box = multi.bounding_box()
    assert box is not None and box["height"] >= 2 * MIN_TEXT_PX, box
    sizes = area.evaluate(_HEAT_TEXT_PX_JS)
    assert sizes and all(px >= MIN_TEXT_PX for _, px in sizes), [s for s in sizes if s[1] < MIN_TEXT_PX]
