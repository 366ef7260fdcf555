"""The report and highlighted text in a real browser (headless Chromium): the pages render without a
console message (no script error, nothing blocked), the highlights and charts are there, and screenshots
are written to benchmarks/out/browser/ for a person to look at.

Without Chromium the tests are skipped, except under CI (``CI`` set), where they fail.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import skillmatch

pytest.importorskip("matplotlib")
Image = pytest.importorskip("PIL.Image")

SHOTS = Path(__file__).resolve().parents[1] / "benchmarks" / "out" / "browser"
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--enable-logging=stderr",
    "--v=0",
]
EVIL = '<script>document.title="pwned"</script><img src=x onerror="document.title=\'pwned\'">'


def _chromium() -> str:
    for name in ("chromium", "chromium-browser", "google-chrome"):
        path = shutil.which(name)
        if path:
            return path
    if os.environ.get("CI"):
        pytest.fail("Chromium is not installed: .ci/run installs Debian's chromium package")
    pytest.skip("Chromium is not installed (apt-get install chromium)")


class Browser:
    def __init__(self, binary: str, profile: Path) -> None:
        self.binary = binary
        self.profile = profile

    def run(self, page: Path, *args: str) -> tuple[str, list[str]]:
        """stdout, and every console message the page produced."""
        done = subprocess.run(
            [self.binary, *FLAGS, f"--user-data-dir={self.profile}", *args, page.as_uri()],
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
        )
        console = [line for line in done.stderr.splitlines() if ":CONSOLE" in line]
        return done.stdout, console

    def dom(self, page: Path) -> tuple[str, list[str]]:
        return self.run(page, "--dump-dom")

    def screenshot(self, page: Path, out: Path, height: int) -> Image.Image:
        _, console = self.run(page, f"--screenshot={out}", f"--window-size=1280,{height}")
        assert console == []
        return Image.open(out).convert("RGB")


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    return Browser(_chromium(), tmp_path_factory.mktemp("chromium-profile"))


@pytest.fixture(scope="module")
def pages(tmp_path_factory, matcher):
    folder = tmp_path_factory.mktemp("pages")
    examples = resources.files("skillmatch.examples")
    postings = pd.read_csv(examples / "postings.csv")
    resumes = pd.read_csv(examples / "resumes.csv")
    resumes.loc[0, "text"] += "\n" + EVIL
    out = {
        "pairs": folder / "pairs.html",
        "market": folder / "market.html",
        "text": folder / "text.html",
    }
    skillmatch.report(
        resumes=resumes,
        jobs=postings,
        resume_text_column="text",
        resume_id_column="resume_id",
        job_text_column="description",
        job_id_column="job_id",
        matcher=matcher,
        detail=2,
        path=out["pairs"],
    )
    skillmatch.report(
        postings, text_column="description", id_column="job_id", matcher=matcher, path=out["market"]
    )
    skillmatch.render(postings["description"][0] + "\n" + EVIL, matcher=matcher, path=out["text"])
    return out


def _colour_share(image: Image.Image, rgb: tuple[int, int, int], tolerance: int = 12) -> float:
    pixels = np.asarray(image, dtype=np.int16)
    near = (np.abs(pixels - np.array(rgb, dtype=np.int16)) <= tolerance).all(axis=-1)
    return float(near.mean())


def test_console_messages_are_caught(browser, tmp_path):
    # the check below would see a failing script or a blocked resource
    page = tmp_path / "bad.html"
    page.write_text("<!DOCTYPE html><p>x</p><script>throw new Error('boom')</script>", encoding="utf-8")
    _, console = browser.dom(page)
    assert any("boom" in line for line in console)


@pytest.mark.parametrize("name", ["pairs", "market", "text"])
def test_page_renders_cleanly(browser, pages, name):
    dom, console = browser.dom(pages[name])
    assert console == []  # no script ran, failed or was blocked; nothing was fetched
    assert "<title>pwned</title>" not in dom
    assert "<script" not in dom.lower()
    assert len(re.findall(r'class="sm-span sm-', dom)) >= 10
    if name != "text":
        assert len(re.findall(r'<img alt="[^"]*" src="data:image/svg\+xml;base64,', dom)) >= 3
    if name in ("pairs", "text"):
        assert "&lt;script&gt;document.title=" in dom


def test_screenshots_show_highlights_and_charts(browser, pages, tmp_path):
    SHOTS.mkdir(parents=True, exist_ok=True)
    text = browser.screenshot(pages["text"], SHOTS / "highlighted-text.png", 900)
    # the colour of the languages category, on the highlight bars and labels
    assert _colour_share(text, (0xE6, 0x9F, 0x00)) > 0.0005
    browser.screenshot(pages["pairs"], SHOTS / "report-pairs.png", 3200)
    browser.screenshot(pages["market"], SHOTS / "report-market.png", 2600)
    # every chart image of the two reports decodes and draws on its own: bars of its colours on white
    for name, colour in (("pairs", (0x00, 0x9E, 0x73)), ("market", (0x00, 0x72, 0xB2))):
        charts = re.findall(
            r'<img alt="[^"]*" src="data:image/svg\+xml;base64,[^"]+">', pages[name].read_text()
        )
        assert charts
        for k, tag in enumerate(charts[:1]):
            page = tmp_path / f"{name}-chart{k}.html"
            page.write_text(
                f"<!DOCTYPE html><body style='margin:0;background:#fff'>{tag}</body>", encoding="utf-8"
            )
            shot = browser.screenshot(page, tmp_path / f"{name}-chart{k}.png", 800)
            assert 1 - _colour_share(shot, (255, 255, 255), tolerance=3) > 0.02
            if k == 0:  # the gap chart's "met" bars; the demand chart's "required" bars
                assert _colour_share(shot, colour) > 0.005
