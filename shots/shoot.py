"""Screenshots of lessons as a student sees them, after Run All: 1280x720 with the file browser open,
then 1920x1080 (projector).  PNGs go to /tmp/screens/<NN>_<size>_<i>.png; for every size the script
also prints what a student would trip over: text under 12 px, text clipped by its box, elements past
their output area's right edge.

Usage: PYTHONPATH=/work/wt-screens python shots/shoot.py 08_playground.ipynb [...]
"""
import shutil
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import lab  # noqa: E402

OUT = Path("/tmp/screens")
SIZES = {"laptop": {"width": 1280, "height": 720}, "projector": {"width": 1920, "height": 1080}}

# Problems inside widget outputs: text < 12 px, clipped text, past the output's right edge.
PROBLEMS_JS = """() => {
  const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
  const cells = [...panel.querySelectorAll('.jp-Cell')];
  const bad = new Set();
  for (const out of panel.querySelectorAll('.jp-OutputArea-output:not([data-mime-type])')) {
    const o = out.getBoundingClientRect();
    if (o.width === 0) continue;
    const idx = cells.indexOf(out.closest('.jp-Cell'));
    for (const el of out.querySelectorAll('*')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || el.closest('mjx-assistive-mml')) continue;
      const st = getComputedStyle(el);
      if (st.visibility === 'hidden' || st.display === 'none') continue;
      if (el.closest('.bplab-sr-only, .sr-only')) continue;
      const own = [...el.childNodes].filter(n => n.nodeType === 3).map(n => n.textContent.trim()).join('');
      const tag = el.tagName.toLowerCase() + (typeof el.className === 'string' && el.className
          ? '.' + el.className.trim().split(/\\s+/).slice(0, 2).join('.') : '');
      if (own) {
        let px = parseFloat(st.fontSize);
        if (el instanceof SVGElement && el.ownerSVGElement) {
          const m = el.getScreenCTM(); if (m) px *= Math.hypot(m.a, m.b);
        }
        if (px < 11.5) bad.add(`cell ${idx}: ${tag} '${own.slice(0, 30)}' at ${px.toFixed(1)} px`);
        if (!(el instanceof SVGElement) && el.scrollWidth > el.clientWidth + 1 && el.clientWidth > 0
            && st.overflowX !== 'visible' && st.overflowX !== 'auto' && st.overflowX !== 'scroll')
          bad.add(`cell ${idx}: ${tag} '${own.slice(0, 30)}' clipped: ${el.scrollWidth} > ${el.clientWidth} px`);
      }
      for (let a = el.parentElement; a && a !== out; a = a.parentElement) {
        const ox = getComputedStyle(a).overflowX;
        if (ox === 'visible') continue;
        const ar = a.getBoundingClientRect();
        if (r.right > ar.right + 1 && a.scrollWidth > a.clientWidth + 1)
          bad.add(`cell ${idx}: ${tag} '${(el.textContent || '').trim().slice(0, 20)}' cut by its box `
                  + `(${r.right.toFixed(0)} > ${ar.right.toFixed(0)}, overflow ${ox})`);
        break;
      }
      if (r.right > o.right + 1 && !el.closest('.bplab-scroll, [style*="overflow"]'))
        bad.add(`cell ${idx}: ${tag} ends at ${r.right.toFixed(0)} past ${o.right.toFixed(0)}`);
    }
  }
  const scroller = panel.querySelector('.jp-WindowedPanel-outer');
  if (scroller && scroller.scrollWidth > scroller.clientWidth + 1)
    bad.add(`notebook scrolls sideways ${scroller.scrollWidth} > ${scroller.clientWidth}`);
  return [...bad];
}"""


SCROLLER = ".jp-NotebookPanel:not(.lm-mod-hidden) .jp-WindowedPanel-outer"


def shoot_pages(page, locator, stem, pages=3):
    """Viewport screenshots of ``locator``'s output: its top at the window's top, then a page further down
    while there is more of it (what a student scrolls through)."""
    locator.evaluate("e => e.scrollIntoView({block: 'start'})")
    page.evaluate("() => document.activeElement && document.activeElement.blur()")
    height = page.viewport_size["height"]
    for k in range(pages):
        page.screenshot(path=str(OUT / f"{stem}{'abc'[k]}.png"))
        box = locator.bounding_box()
        if box is None or box["y"] + box["height"] <= height:
            break
        page.evaluate(f"() => document.querySelector('{SCROLLER}').scrollBy(0, {height - 200})")
        page.wait_for_function("() => true")  # one round trip: the scroll is painted


def shoot_outputs(page, tag, limit=12):
    outs = page.locator(lab.WIDGET_OUTPUT)
    n = outs.count()
    for i in range(min(n, limit)):
        shoot_pages(page, outs.nth(i), f"{tag}_{i:02d}")
    return n


def shoot_tabs(page, tag):
    """Every tab of the first Tab widget, a screenshot each (the playground's six tabs)."""
    out = page.locator(lab.WIDGET_OUTPUT).filter(has=page.locator(".jupyter-widget-tab")).first
    tabs = out.locator(".jupyter-widget-tab .lm-TabBar-tab")
    for i in range(tabs.count()):
        t = tabs.nth(i)
        t.scroll_into_view_if_needed()
        t.click()
        page.wait_for_timeout(400)  # screenshots only: let the tab paint
        shoot_pages(page, out, f"{tag}_tab{i}", pages=2)
        for p in page.evaluate(PROBLEMS_JS):
            print("   tab", i, p, flush=True)


def main(names):
    OUT.mkdir(exist_ok=True)
    work = Path(tempfile.mkdtemp(prefix="shots-"))
    root = lab.copy_notebooks(REPO / "notebooks", work / "notebooks")
    server = lab.start_lab_server(root, work)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=shutil.which("chromium"), args=lab.CHROMIUM_ARGS)
            for name in names:
                ctx = browser.new_context(viewport=SIZES["laptop"])
                page = ctx.new_page()
                lab.open_with_file_browser(page, server, name, SIZES["laptop"])
                lab.run_all(page)
                lab.wait_for_widgets(page)
                for size, vp in SIZES.items():
                    page.set_viewport_size(vp)
                    page.wait_for_timeout(500)
                    tag = f"{name[:2]}_{size}"
                    n = shoot_outputs(page, tag)
                    print(name, size, "widget outputs:", n, flush=True)
                    for p in page.evaluate(PROBLEMS_JS):
                        print("  ", p, flush=True)
                    if page.locator(".jupyter-widget-tab").count():
                        shoot_tabs(page, tag)
                ctx.close()
            browser.close()
    finally:
        lab.stop_lab_server(server)


if __name__ == "__main__":
    main([a for a in sys.argv[1:] if not a.startswith("--")])
