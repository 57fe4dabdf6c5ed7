"""The reading page in a real browser (the system's Chromium through Playwright): German text
pasted, the side-by-side page read back, column by column, at a desktop's and a phone's width."""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from tests.serve_process import ServeProcess
from tests.standin.pairs import TITLE_EN, sample_pairs
from tests.test_serve import SAMPLE

pytest.importorskip("fastapi")
sync_api = pytest.importorskip("playwright.sync_api")
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
pytestmark = pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="no system Chromium")


@pytest.fixture(scope="module")
def server(trained_model_dir: Path, tmp_path_factory: pytest.TempPathFactory):
    with ServeProcess(trained_model_dir, tmp_path_factory.mktemp("page")) as running:
        yield running


@pytest.fixture(scope="module")
def browser():
    with sync_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.mark.parametrize("width", [1280, 390])
def test_pasted_text_comes_back_side_by_side(server, browser, width):
    page = browser.new_page(viewport={"width": width, "height": 900})
    page.goto(server.url)
    page.fill("textarea[name=text]", SAMPLE.read_text(encoding="utf-8"))
    page.click("button[type=submit]")
    page.wait_for_selector(".title-en", timeout=120_000)
    assert page.inner_text(".title-en") == TITLE_EN
    german = page.locator(".row > .de").all_inner_texts()
    english = page.locator(".row > .en").all_inner_texts()
    known = dict(sample_pairs())
    assert len(german) == len(english) > 5
    first_de, first_en = german[0].strip(), english[0].strip()
    assert first_de.startswith("Hoher Besuch bei Wladimir Putin")
    assert first_en.startswith(known[next(de for de in known if first_de.startswith(de))])
    # nothing wider than the window: no sideways scrolling on a phone
    assert page.evaluate("document.documentElement.scrollWidth") <= width
    boxes = [page.locator(".row > .de").first.bounding_box(),
             page.locator(".row > .en").first.bounding_box()]
    if width >= 1280:  # the columns side by side; on a phone the English under the German
        assert boxes[1]["x"] > boxes[0]["x"] + boxes[0]["width"] - 1
    else:
        assert boxes[1]["y"] >= boxes[0]["y"] + boxes[0]["height"] - 1
    link = page.get_attribute(".json-link a", "href")
    answer = httpx.get(server.url + link).json()
    assert answer["title"]["en"] == TITLE_EN
    page.close()
