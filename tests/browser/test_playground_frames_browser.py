"""Lesson 08's Playground while it plays: what a frame costs the page (issue 18).

Notebook 08 runs (Run All); its first Playground plays for 40 frames of the
decision map while the page records, at every animation frame, the boxes of
the dashboard, of its top row (Play, Step, Reset, the epoch counter) and of the
counter, and, with a ``MutationObserver``, what the frames change:

* the layout never moves: the dashboard's box, the top row's and the epoch
  counter's are the same at every animation frame (a frame that resized any
  of them made the page lay the notebook out again);
* the diagram restyles its lines (their ``stroke-width`` follows the weights),
  but never the halo of a line that shows none (hidden halos were restyled at
  every frame: a style recalculation and a layout each);
* no ``<style>`` in the dashboard is rewritten (the tables' formulas are CSS
  images sent once; nothing is typeset again while playing).

Every wait is on a condition.
"""
from __future__ import annotations

import pytest

from tests.browser.dash import open_and_run, wait_state
from tests.browser.test_playground_browser import NOTEBOOK, TIMEOUT_MS, play_button, playground

#: Installed on the dashboard's output area: samples boxes at every animation frame, records mutations.
RECORD_JS = """(area) => {
  const r = window.__bplabFrames = {boxes: new Set(), rows: new Set(), labels: new Set(), samples: 0,
                                    lineWidths: 0, hiddenHaloWidths: 0, styles: 0, stop: false};
  const key = (e) => { const b = e.getBoundingClientRect(); return `${b.width.toFixed(1)}x${b.height.toFixed(1)}`; };
  const row = area.querySelector('.bplab-play').parentElement;
  const label = area.querySelector('.bplab-epoch');
  const sample = () => {
    if (r.stop) return;
    r.boxes.add(key(area)); r.rows.add(key(row)); r.labels.add(key(label)); r.samples += 1;
    requestAnimationFrame(sample);
  };
  requestAnimationFrame(sample);
  r.observer = new MutationObserver((records) => {
    for (const m of records) {
      const t = m.target.nodeType === 1 ? m.target : m.target.parentElement;
      if (t && t.closest && t.closest('style')) r.styles += 1;
      if (m.type !== 'attributes' || m.attributeName !== 'stroke-width') continue;
      if (t.classList.contains('bplab-edge')) r.lineWidths += 1;
      if (t.classList.contains('bplab-halo') && t.getAttribute('stroke') === 'none') r.hiddenHaloWidths += 1;
    }
  });
  r.observer.observe(area, {subtree: true, attributes: true, childList: true, characterData: true});
}"""

READ_JS = """() => { const r = window.__bplabFrames; r.stop = true; r.observer.disconnect();
  return {boxes: [...r.boxes], rows: [...r.rows], labels: [...r.labels], samples: r.samples,
          lineWidths: r.lineWidths, hiddenHaloWidths: r.hiddenHaloWidths, styles: r.styles}; }"""

PAINTS_JS = "(a) => Number(a.querySelector('.bplab-heat').dataset.paints || 0)"


@pytest.mark.browser
def test_a_frame_of_play_never_moves_the_layout_nor_restyles_hidden_halos(lab_server, browser_page):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    wait_state(area, status_prefix="Epoch 30:", what="after Run All")
    play_button(area).click()
    wait_state(area, status_contains=["Playing"], what="Play pressed")
    # recording starts once the first frames arrived (the status line has said 'Playing')
    page.wait_for_function(f"(a) => ({PAINTS_JS})(a) >= 3", arg=area.element_handle(), timeout=TIMEOUT_MS)
    start = area.evaluate(PAINTS_JS)
    area.evaluate(RECORD_JS)
    page.wait_for_function(f"(a) => ({PAINTS_JS})(a) >= {start + 40}", arg=area.element_handle(),
                           timeout=TIMEOUT_MS)
    seen = page.evaluate(READ_JS)
    play_button(area).click()
    wait_state(area, status_contains=[], what="Pause pressed")
    assert seen["samples"] >= 40, seen  # at least one sample per painted frame
    assert len(seen["boxes"]) == 1, f"the dashboard changed size while playing: {seen['boxes']}"
    assert len(seen["rows"]) == 1, f"the row of Play and the epoch counter changed size: {seen['rows']}"
    assert len(seen["labels"]) == 1, f"the epoch counter changed size: {seen['labels']}"
    assert seen["lineWidths"] > 0, seen  # the diagram followed the weights ...
    assert seen["hiddenHaloWidths"] == 0, seen  # ... without restyling the halos nobody sees
    assert seen["styles"] == 0, seen  # no formula CSS rewritten while playing
