"""The exercise widgets of notebook 04, answered in a real browser as a student answers them.

Type into the boxes, press Check / Hint / Show solution, and wait (conditions
only) for the feedback the widgets must show: "Correct.", the name of the
typical mistake a wrong number matches, one verdict per cell of the chain-rule
table. Expected texts are computed here with ``backprop_core`` and
``backprop_lab.exercises`` (the same mistakes table the widgets use).
"""
from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

import backprop_core as bp
from backprop_lab.exercises import chain_mistakes, random_chain_weights
from tests.browser import lab

S0, TARGET, SEED = 2.0, 0.7, 0  # notebook 04's Setup cell
TIMEOUT_MS = lab.WIDGET_TIMEOUT_MS


def output_of(page, code: str):
    """The output area of the code cell whose source contains *code*."""
    cell = page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=code))
    expect(cell).to_have_count(1)
    out = cell.locator(".jp-OutputArea")
    out.scroll_into_view_if_needed()
    return out


def run_and_find(page, server, code: str):
    """Open notebook 04 in a fresh kernel, run all cells, return the output of the cell with *code*."""
    lab.open_notebook(page, server, "04_chain_network_training.ipynb")
    lab.run_all(page)
    return output_of(page, code)


def click(area, description: str):
    area.locator("button.widget-button", has_text=re.compile(rf"^\s*{re.escape(description)}\s*$")).click()


@pytest.mark.browser
def test_number_exercise_names_the_mistake_then_accepts_the_answer(lab_server, browser_page):
    page = browser_page
    area = run_and_find(page, lab_server, "ex1 = chain_gradient_exercise")
    net = bp.ChainNetwork(**random_chain_weights(SEED))
    answer = float(net.gradients(S0, TARGET)["w1"])
    forgot_s, why = chain_mistakes(net, S0, TARGET)["dC/dw1"][0]
    box = area.locator(".widget-text input")

    box.fill("")
    click(area, "Check")
    expect(area).to_contain_text("Type a number first.", timeout=TIMEOUT_MS)
    box.fill(f"{forgot_s:.4g}")
    click(area, "Check")
    expect(area).to_contain_text(f"Not quite: {why}", timeout=TIMEOUT_MS)
    box.fill("zero point one")
    click(area, "Check")
    expect(area).to_contain_text("Could not read 'zero point one' as a number", timeout=TIMEOUT_MS)
    click(area, "Hint")
    expect(area).to_contain_text("Hint: Do a forward pass first", timeout=TIMEOUT_MS)
    box.fill(f"{answer:.4g}")
    click(area, "Check")
    expect(area).to_contain_text("Correct.", timeout=TIMEOUT_MS)
    click(area, "Show solution")
    expect(area).to_contain_text(f"= {answer:.6g}", timeout=TIMEOUT_MS)
    lab.screenshot(page, "exercise-number")


@pytest.mark.browser
def test_chain_rule_table_checks_each_cell_on_its_own(lab_server, browser_page):
    page = browser_page
    area = run_and_find(page, lab_server, "ex2 = chain_rule_exercise")
    net = bp.ChainNetwork(**random_chain_weights(SEED + 1))
    factors = [f for f in net.factors(S0, TARGET) if f.weight == "w0"]
    symbols = [f.symbol for f in factors]
    assert symbols[-1] == "dC/dw0" and len(symbols) == 7  # six factors and their product
    f = net.forward(S0)
    typed = {i: f"{fac.value:.5g}" for i, fac in enumerate(factors)}
    wrong = symbols.index("ds1/dx1")
    typed[wrong] = f"{f.s1:.5g}"  # forgot the (1 - s1)
    why = dict(chain_mistakes(net, S0, TARGET)["ds1/dx1"])[f.s1]

    boxes = area.locator(".widget-text input")
    expect(boxes).to_have_count(len(factors))
    for i, text in typed.items():
        boxes.nth(i).fill(text)
    click(area, "Check")
    expect(area).to_contain_text(f"{len(factors) - 1} of {len(factors)} cells correct.", timeout=TIMEOUT_MS)
    rows = area.locator(".bplab-row").filter(has=page.locator(".widget-text"))
    for i in range(len(factors)):
        expected = f"\u2718 Not quite: {why}" if i == wrong else "\u2714 Correct."
        expect(rows.nth(i)).to_contain_text(expected, timeout=TIMEOUT_MS)

    # Hint points at the first cell that is still wrong; fixing it makes the table whole.
    click(area, "Hint")
    expect(rows.nth(wrong)).to_contain_text("Hint: s1 = S(x1) and S'(x) = S(x) (1 - S(x)).", timeout=TIMEOUT_MS)
    boxes.nth(wrong).fill(f"{f.s1 * (1 - f.s1):.5g}")
    click(area, "Check")
    expect(area).to_contain_text(f"{len(factors)} of {len(factors)} cells correct.", timeout=TIMEOUT_MS)
    lab.screenshot(page, "exercise-chain-rule")
