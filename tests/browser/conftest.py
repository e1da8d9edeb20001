"""Fixtures for the real-browser tests (JupyterLab + headless Chromium + Playwright).

    @pytest.mark.browser
    def test_x(lab_server, browser_page): ...

``lab_server`` (session): one JupyterLab serving a temp copy of ``notebooks/``.
``browser_page`` (function): a fresh Chromium page (1400x1000) per test; a
screenshot of it is saved to artifacts/screenshots/ when the test fails.
"""

from __future__ import annotations

import re
import shutil

import pytest

from tests.browser import lab


@pytest.fixture(scope="session")
def lab_notebooks_dir(pytestconfig):
    """The folder the server serves a copy of (override to serve another one)."""
    return pytestconfig.rootpath / "notebooks"


@pytest.fixture(scope="session")
def lab_server(lab_notebooks_dir, tmp_path_factory):
    work = tmp_path_factory.mktemp("jupyterlab")
    root = lab.copy_notebooks(lab_notebooks_dir, work / "notebooks")
    server = lab.start_lab_server(root, work)
    try:
        yield server
    finally:
        lab.stop_lab_server(server)


@pytest.fixture(scope="session")
def _chromium():
    executable = shutil.which("chromium")
    if executable is None:  # fail, never skip
        pytest.fail(lab.CHROMIUM_MISSING, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=executable, args=lab.CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def browser_page(_chromium, request):
    context = _chromium.new_context(viewport=lab.VIEWPORT)
    page = context.new_page()
    try:
        yield page
        report = getattr(request.node, "rep_call", None)
        if report is not None and report.failed:
            lab.screenshot(page, "FAILED-" + re.sub(r"[^\w.-]+", "_", request.node.nodeid))
    finally:
        context.close()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item, call):
    # Keep the call-phase report on the item, for the failure screenshot above.
    report = yield
    if report.when == "call":
        item.rep_call = report
    return report
