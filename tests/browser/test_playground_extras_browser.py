"""Lesson 08's playground conveniences in JupyterLab + headless Chromium: a CSV file uploaded through the
*Upload CSV* button (``ipywidgets.FileUpload``) of tab *More* becomes the data, and the playground trains on it.

Every wait is on a condition (the status line, the ``data-plot`` JSON); there are no fixed sleeps.
"""
from __future__ import annotations

import numpy as np
import pytest

from tests.browser.dash import open_and_run, shot, wait_state
from tests.browser.test_playground_browser import NOTEBOOK, open_tab, play_button, playground, wait_plot


def write_csv(path, n=120, seed=3):
    """Three classes by quadrant, coordinates up to 20 (the playground rescales them into its square)."""
    rng = np.random.default_rng(seed)
    X = rng.uniform(-20, 20, (n, 2))
    y = (X[:, 0] > 0).astype(int) + (X[:, 1] > 0)
    path.write_text("x1,x2,label\n" + "\n".join(f"{a:.4f},{b:.4f},{c}" for (a, b), c in zip(X, y)) + "\n")
    return X, y


@pytest.mark.browser
def test_a_csv_upload_trains(lab_server, browser_page, tmp_path):
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    wait_state(area, status_prefix="Epoch 30:", what="after Run All")
    csv = tmp_path / "three_classes.csv"
    X, _ = write_csv(csv)

    open_tab(area, "More")
    # the widget's <input type=file> is never in the page: its button opens the file chooser, as for a student
    with page.expect_file_chooser() as chooser:
        area.locator("button.widget-upload").click()
    chooser.value.set_files(str(csv))
    factor = f"{6 / np.abs(X).max():.4g}"
    wait_state(area, status=(f"Loaded three_classes.csv: 120 points, coordinates multiplied by {factor} to fit the "
                             "square [-6, 6], 3 classes. Press Play to train on your points."), what="the upload")
    start = wait_plot(area, "p.classes === 3 && p.epoch === 0 && p.n_train === 84 && p.sizes.at(-1) === 3",
                      "the uploaded points are the data")

    play_button(area).click()
    trained = wait_plot(area, "p.epoch >= 20", "Play trains on the uploaded points")
    play_button(area).click()
    wait_state(area, status_prefix="Epoch ", forbidden=["Playing"], what="Pause")
    assert trained["train_loss"] < start["train_loss"]
    shot(page, area, "playground-csv-upload")


@pytest.mark.browser
def test_reset_draws_new_weights_in_the_page(lab_server, browser_page):
    """Reset moves the init seed on by one and draws new initial weights: the kernel's network changes, and the
    browser's diagram draws the probe connection with the new weight (its ``data-weight``), epoch back at 0."""
    page = browser_page
    open_and_run(page, lab_server, NOTEBOOK)
    area = playground(page)
    area.scroll_into_view_if_needed()
    wait_state(area, status_prefix="Epoch 30:", what="after Run All")
    before = wait_plot(area, "p.epoch === 30", "the playground after Run All")
    edge = area.locator(f".bplab-netview svg line.bplab-edge[data-name='{before['probe_edge']}']").first

    area.locator("button", has_text="Reset").first.click()
    after = wait_plot(area, f"p.epoch === 0 && p.init_seed === {before['init_seed'] + 1}",
                      "Reset: epoch 0 and the next init seed")
    assert after["w0"] != before["w0"]                          # new initial weights, not the same ones again
    page.wait_for_function("([line, w]) => Math.abs(Number(line.getAttribute('data-weight')) - w) <= 1e-9 * "
                           "Math.max(1, Math.abs(w))", arg=[edge.element_handle(), after["probe_weight"]],
                           timeout=30_000)
    assert after["probe_weight"] != before["probe_weight"]
    shot(page, area, "playground-reset")
